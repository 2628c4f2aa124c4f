#include <gtest/gtest.h>

#include "embscope/vectors/vocabulary.hpp"

namespace embscope {
namespace {

TEST(Vocabulary, KeepsInsertionOrderAndRejectsDuplicates) {
  Vocabulary vocab;
  EXPECT_TRUE(vocab.add("cat"));
  EXPECT_TRUE(vocab.add("dog"));
  EXPECT_FALSE(vocab.add("cat"));
  EXPECT_EQ(vocab.size(), 2);
  EXPECT_EQ(vocab.find("dog"), std::optional<int64_t>(1));
  EXPECT_EQ(vocab.find("emu"), std::nullopt);
  EXPECT_EQ(vocab.word(0), "cat");
  // Lookup is byte-exact: no case folding, no Unicode normalisation.
  EXPECT_TRUE(vocab.add("Cat"));
  EXPECT_TRUE(vocab.add("caf\xc3\xa9"));   // NFC "café"
  EXPECT_TRUE(vocab.add("cafe\xcc\x81"));  // NFD "café"
  EXPECT_EQ(vocab.size(), 5);
}

// Projector labels are not keys: append() keeps every row, find() gives the first.
TEST(Vocabulary, AppendedLabelsRepeatAndFindGivesTheFirstRow) {
  Vocabulary labels;
  const std::vector<std::string> rows = {"none", "back", "fwd", "none", "left", "fwd"};
  for (const std::string& label : rows) labels.append(label);
  labels.reserve(1000);  // rebuilding the index keeps each label's first row
  for (int i = 0; i < 300; ++i) labels.append(i % 2 ? "none" : "w" + std::to_string(i));
  EXPECT_EQ(labels.size(), 306);
  EXPECT_EQ(labels.repeated_rows(), 2 + 150);
  EXPECT_EQ(labels.find("none"), std::optional<int64_t>(0));
  EXPECT_EQ(labels.find("fwd"), std::optional<int64_t>(2));
  EXPECT_EQ(labels.find("w8"), std::optional<int64_t>(6 + 8));
  EXPECT_EQ(labels.rows_of("fwd"), (std::vector<int64_t>{2, 5}));
  EXPECT_EQ(labels.rows_of("back"), (std::vector<int64_t>{1}));
  EXPECT_TRUE(labels.rows_of("emu").empty());
  EXPECT_EQ(repeated_label_note(labels, "fwd"),
            "2 rows are labelled \"fwd\" (rows 2, 5, counting from 0); using the first, row 2");
  EXPECT_EQ(repeated_label_note(labels, "back"), "");
  // A label that is not valid UTF-8 is quoted escaped.
  labels.append("\xff");
  labels.append("\xff");
  EXPECT_EQ(repeated_label_note(labels, "\xff"),
            "2 rows are labelled \"\\xff\" (rows 306, 307, counting from 0); using the first, "
            "row 306");
  // Keys refuse what labels keep.
  Vocabulary keys;
  EXPECT_TRUE(keys.add("none"));
  EXPECT_FALSE(keys.add("none"));
  EXPECT_EQ(keys.repeated_rows(), 0);
  EXPECT_EQ(repeated_label_note(keys, "none"), "");
}

}  // namespace
}  // namespace embscope
