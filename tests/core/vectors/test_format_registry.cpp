// The format table (embscope/vectors/format_registry.hpp): every name parses back to its row, every
// writer's file is detected and read as its own format, and every extension a dialog offers
// maps to the row that offers it.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "embscope/vectors/format_registry.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

// "label (*.a *.b);;label2 (*.c)" -> {label: [".a", ".b"], label2: [".c"]}, in order.
std::vector<std::pair<std::string, std::vector<std::string>>> parse_filter(
    const std::string& filter) {
  std::vector<std::pair<std::string, std::vector<std::string>>> entries;
  for (size_t pos = 0; pos <= filter.size();) {
    const size_t end = std::min(filter.find(";;", pos), filter.size());
    const std::string entry = filter.substr(pos, end - pos);
    const size_t open = entry.rfind(" (");
    EXPECT_NE(open, std::string::npos) << entry;
    EXPECT_EQ(entry.back(), ')') << entry;
    std::vector<std::string> extensions;
    const std::string patterns = entry.substr(open + 2, entry.size() - open - 3);
    for (size_t p = 0; p < patterns.size();) {
      const size_t space = std::min(patterns.find(' ', p), patterns.size());
      const std::string pattern = patterns.substr(p, space - p);
      EXPECT_EQ(pattern.rfind("*", 0), 0u) << pattern;
      extensions.push_back(pattern.substr(1));
      p = space + 1;
    }
    entries.emplace_back(entry.substr(0, open), extensions);
    pos = end + 2;
  }
  return entries;
}

TEST(FormatRegistry, EveryNameAndAliasParsesBackToItsRow) {
  std::set<std::string> seen = {"auto"};
  EXPECT_EQ(vector_format_from_name("auto"), VectorFormat::Auto);
  EXPECT_EQ(vector_format_table().size(), 6u);
  for (const VectorFormatSpec& spec : vector_format_table()) {
    EXPECT_EQ(to_string(spec.format), spec.name);
    EXPECT_EQ(&vector_format_spec(spec.format), &spec);
    EXPECT_EQ(vector_format_from_name(std::string(spec.name)), spec.format) << spec.name;
    EXPECT_TRUE(seen.insert(std::string(spec.name)).second) << spec.name << " is used twice";
    for (const std::string_view alias : spec.aliases) {
      EXPECT_EQ(vector_format_from_name(std::string(alias)), spec.format) << alias;
      EXPECT_TRUE(seen.insert(std::string(alias)).second) << alias << " is used twice";
    }
    // The CLI's help lists every name and alias.
    EXPECT_NE(vector_format_help().find("  " + std::string(spec.name) + " "), std::string::npos);
  }
  EXPECT_EQ(vector_format_from_name("word2vec-binaryx"), std::nullopt);
  EXPECT_EQ(vector_format_from_name("GLOVE"), std::nullopt);
}

TEST(FormatRegistry, EveryWritersFileIsDetectedAndReadAsItsOwnFormat) {
  const test::ScratchDir dir;
  VectorSet set;
  set.vectors.resize(3, 4);
  set.vectors << 0.5f, -1.25f, 3e-8f, 7.0f,  //
      -0.0f, 2.5f, -3.75f, 1e20f,            //
      0.1f, 0.2f, 0.3f, 0.4f;
  for (const char* word : {"alpha", "beta", "gamma"}) set.vocabulary.add(word);
  for (const VectorFormatSpec& spec : vector_format_table()) {
    ASSERT_NE(spec.write, nullptr) << spec.name;
    ASSERT_FALSE(spec.extensions.empty()) << spec.name;
    const auto path = dir.file("set" + std::string(spec.extensions.front()));
    EXPECT_EQ(format_for_extension(path), spec.format) << path;
    write_vectors(set, path);
    EXPECT_EQ(detect_vector_format(path), spec.format) << path;
    ReadReport report;
    const VectorSet back = read_vectors(path, {}, {}, &report);
    EXPECT_EQ(report.format, spec.format) << path;
    EXPECT_EQ(back.vocabulary.words(), set.vocabulary.words()) << path;
    ASSERT_EQ(back.vectors.rows(), 3) << path;
    EXPECT_EQ(std::memcmp(back.vectors.data(), set.vectors.data(), sizeof(float) * 12), 0) << path;
  }
}

TEST(FormatRegistry, EveryExtensionInADialogFilterMapsToItsRow) {
  for (const VectorFormatSpec& first : vector_format_table()) {
    const auto entries = parse_filter(vector_save_filter(first.format));
    ASSERT_EQ(entries.size(), vector_format_table().size());
    EXPECT_EQ(entries.front().first, first.dialog_label);
    for (const auto& [label, extensions] : entries) {
      const VectorFormatSpec* row = nullptr;
      for (const VectorFormatSpec& spec : vector_format_table()) {
        if (spec.dialog_label == label) row = &spec;
      }
      ASSERT_NE(row, nullptr) << label;
      for (const std::string& extension : extensions) {
        EXPECT_EQ(format_for_extension("vectors" + extension), row->format)
            << label << " offers " << extension;
      }
    }
  }
  const auto open = parse_filter(vector_open_filter());
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[1].second, std::vector<std::string>{""});  // All files (*)
  std::set<std::string> offered(open[0].second.begin(), open[0].second.end());
  const std::vector<std::string> known = vector_file_extensions();
  EXPECT_EQ(offered, std::set<std::string>(known.begin(), known.end()));
  for (const VectorFormatSpec& spec : vector_format_table()) {
    for (const std::string_view extension : spec.extensions)
      EXPECT_TRUE(offered.contains(std::string(extension))) << extension;
  }
}

}  // namespace
}  // namespace embscope
