#include <gtest/gtest.h>

#include <vector>

#include "embscope/torch/generator.hpp"

namespace embscope {
namespace {

TEST(Generator, IsTheReferenceMt19937SeededWithTheLow32Bits) {
  // First outputs of init_genrand(42), as numpy.random.RandomState(42) and torch produce them.
  Generator generator(42);
  EXPECT_EQ(generator.random(), 1608637542u);
  EXPECT_EQ(generator.random(), 3421126067u);
  Generator wrapped((uint64_t{1} << 32) + 42);  // torch keeps only seed & 0xffffffff
  EXPECT_EQ(wrapped.random(), 1608637542u);
  EXPECT_EQ(wrapped.initial_seed(), (uint64_t{1} << 32) + 42);
}

TEST(Generator, UniformsUseTorchsBitRecipes) {
  Generator a(7);
  Generator b(7);
  const uint32_t raw = b.random();
  EXPECT_EQ(a.uniform_float(), static_cast<float>(raw & 0xFFFFFF) / 16777216.0f);
  const uint64_t hi = b.random();
  const uint64_t lo = b.random();
  EXPECT_EQ(a.uniform_double(), static_cast<double>(((hi << 32) | lo) & ((uint64_t{1} << 53) - 1)) /
                                    9007199254740992.0);
  for (int i = 0; i < 1000; ++i) {
    const float u = a.uniform_float();
    EXPECT_GE(u, 0.0f);
    EXPECT_LT(u, 1.0f);
  }
}

TEST(Generator, SmallFillsShareTheBoxMullerCacheAndManualSeedClearsIt) {
  // Three values then one: the fourth is the cached sine of the second pair...
  Generator generator(5);
  std::vector<float> three(3);
  std::vector<float> one(1);
  generator.normal_fill(three);
  generator.normal_fill(one);
  // ...so it equals the fourth value of one fill of four.
  Generator again(5);
  std::vector<float> four(4);
  again.normal_fill(four);
  EXPECT_EQ(one[0], four[3]);
  // manual_seed forgets the cache: the same call sequence repeats exactly.
  generator.manual_seed(5);
  std::vector<float> repeat(3);
  generator.normal_fill(repeat);
  EXPECT_EQ(repeat, three);
}

TEST(Generator, LargeFillHasStandardNormalMoments) {
  Generator generator(1);
  std::vector<float> values(1 << 18);
  generator.normal_fill(values, 2.0, 0.5);
  double sum = 0;
  double sum_sq = 0;
  for (float v : values) {
    sum += v;
    sum_sq += v * v;
  }
  const double mean = sum / values.size();
  const double variance = sum_sq / values.size() - mean * mean;
  EXPECT_NEAR(mean, 2.0, 0.01);
  EXPECT_NEAR(variance, 0.25, 0.005);
}

TEST(Generator, SerializedStateResumesTheSameStream) {
  Generator generator(99);
  std::vector<float> warmup(7);
  generator.normal_fill(warmup);  // leaves a cached value
  const std::string state = generator.serialize();
  const Generator snapshot = generator;
  std::vector<float> expected(40);
  generator.normal_fill(expected);
  Generator restored;
  restored.deserialize(state);
  EXPECT_TRUE(restored == snapshot);
  std::vector<float> actual(40);
  restored.normal_fill(actual);
  EXPECT_EQ(actual, expected);
  EXPECT_THROW(restored.deserialize("not a state"), std::invalid_argument);
}

}  // namespace
}  // namespace embscope
