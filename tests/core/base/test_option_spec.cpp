// OptionSpec: an option described once gives its default (the struct's initializer), checks its
// range and enum names, and a tuple of specs is visited in declaration order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "embscope/base/option_spec.hpp"

namespace embscope {
namespace {

enum class Shape { Round, Square };

struct ExampleOptions {
  int count = 7;
  double rate = 0.5;
  Shape shape = Shape::Square;
};

inline constexpr OptionChoice<Shape> kShapeChoices[] = {
    {"round", Shape::Round}, {"square", Shape::Square}, {"box", Shape::Square}};

inline constexpr OptionSpec<ExampleOptions, int> kCount{.name = "count",
                                                        .help = "how many",
                                                        .member = &ExampleOptions::count,
                                                        .min = 1,
                                                        .max = 10,
                                                        .short_name = 'n'};
inline constexpr OptionSpec<ExampleOptions, double> kRate{
    .name = "rate", .help = "how fast", .member = &ExampleOptions::rate, .min = 0.0};
inline constexpr OptionSpec<ExampleOptions, Shape> kShape{.name = "shape",
                                                          .help = "which shape",
                                                          .member = &ExampleOptions::shape,
                                                          .choices = kShapeChoices};

// Usable at compile time: a spec whose default falls outside its own range fails to build.
static_assert(kCount.default_value() == 7);
static_assert(defaults_are_accepted(std::tie(kCount, kRate, kShape)));

TEST(OptionSpec, DefaultIsTheStructsInitializer) {
  EXPECT_EQ(kCount.default_value(), 7);
  EXPECT_DOUBLE_EQ(kRate.default_value(), 0.5);
  EXPECT_EQ(kShape.default_value(), Shape::Square);
}

TEST(OptionSpec, RangeIsInclusiveAndOpenWhereUnset) {
  EXPECT_TRUE(kCount.accepts(1));
  EXPECT_TRUE(kCount.accepts(10));
  EXPECT_FALSE(kCount.accepts(0));
  EXPECT_FALSE(kCount.accepts(11));
  EXPECT_FALSE(kRate.accepts(-0.001));
  EXPECT_TRUE(kRate.accepts(1e9));  // no max
}

TEST(OptionSpec, ChoicesMapNamesBothWays) {
  EXPECT_EQ(kShape.from_name("round"), Shape::Round);
  EXPECT_EQ(kShape.from_name("box"), Shape::Square);   // an alias
  EXPECT_EQ(kShape.from_name("Round"), std::nullopt);  // exact names only
  EXPECT_EQ(kShape.name_of(Shape::Square), "square");  // the first name is canonical
  EXPECT_TRUE(kShape.accepts(Shape::Round));
  EXPECT_FALSE(kShape.accepts(static_cast<Shape>(5)));
}

TEST(OptionSpec, BindsToTheMember) {
  ExampleOptions options;
  kCount.of(options) = 3;
  kShape.of(options) = Shape::Round;
  EXPECT_EQ(options.count, 3);
  EXPECT_EQ(options.shape, Shape::Round);
  const ExampleOptions& view = options;
  EXPECT_EQ(kCount.of(view), 3);
}

TEST(OptionSpec, ForEachVisitsInOrderWithTheirTypes) {
  std::vector<std::string> seen;
  ExampleOptions options;
  for_each_option(std::tie(kCount, kRate, kShape), [&](const auto& spec) {
    seen.emplace_back(spec.name);
    spec.of(options) = spec.default_value();
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"count", "rate", "shape"}));
  EXPECT_EQ(kCount.short_name, 'n');
  EXPECT_EQ(kRate.short_name, 0);
}

}  // namespace
}  // namespace embscope
