#include <gtest/gtest.h>

#include "embscope/vocabulary.hpp"

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

}  // namespace
}  // namespace embscope
