// The UTF-8 helpers against Python's own codec (tests/fixtures/utf8_cases.json, written by
// tests/fixtures/make_utf8_fixtures.py): validity as a strict decode, U+FFFD replacement as
// decode('utf-8', 'replace'), message escapes as decode('utf-8', 'backslashreplace') with control
// characters escaped, truncation at whole characters.
#include <gtest/gtest.h>

#include <string>

#include "embscope/base/parse_error.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/training/word2vec_trainer.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "json_fixtures.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

std::string from_hex(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return bytes;
}

const nlohmann::json& cases() {
  static const nlohmann::json fixture = test::load_fixture("utf8_cases.json");
  return fixture.at("cases");
}

TEST(Utf8, FixtureCoversEveryKindOfFault) {
  // The generated cases include each fault the decoder must see, valid and invalid alike.
  int valid = 0;
  int invalid = 0;
  for (const auto& c : cases()) (c.at("valid").get<bool>() ? valid : invalid)++;
  EXPECT_GE(valid, 30);
  EXPECT_GE(invalid, 400);
}

TEST(Utf8, ValidityAgreesWithPythonStrictDecode) {
  for (const auto& c : cases()) {
    EXPECT_EQ(is_valid_utf8(from_hex(c.at("input"))), c.at("valid").get<bool>())
        << c.at("name") << " (" << c.at("input") << ")";
  }
}

TEST(Utf8, ReplacementAgreesWithPythonDecodeReplace) {
  for (const auto& c : cases()) {
    const std::string replaced = replace_invalid_utf8(from_hex(c.at("input")));
    EXPECT_EQ(replaced, from_hex(c.at("replaced"))) << c.at("name") << " (" << c.at("input") << ")";
    EXPECT_TRUE(is_valid_utf8(replaced)) << c.at("name");
  }
}

TEST(Utf8, EscapeAgreesWithPythonBackslashReplace) {
  for (const auto& c : cases()) {
    const std::string escaped = escape_invalid_utf8(from_hex(c.at("input")));
    EXPECT_EQ(escaped, from_hex(c.at("escaped"))) << c.at("name") << " (" << c.at("input") << ")";
    EXPECT_TRUE(is_valid_utf8(escaped)) << c.at("name");
    EXPECT_EQ(escaped.find_first_of("\t\n\r"), std::string::npos) << c.at("name");
  }
}

TEST(Utf8, TruncationKeepsWholeCharacters) {
  int checked = 0;
  for (const auto& c : cases()) {
    if (!c.contains("truncated")) continue;
    const std::string input = from_hex(c.at("input"));
    for (const auto& t : c.at("truncated")) {
      const auto limit = t.at(0).get<size_t>();
      const std::string truncated = truncate_utf8(input, limit);
      EXPECT_EQ(truncated, from_hex(t.at(1))) << c.at("name") << " at " << limit;
      EXPECT_TRUE(is_valid_utf8(truncated));
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(Utf8, TruncationNeverSplitsAnInvalidSubpartOrCharacter) {
  // "é" is C3 A9: a limit of 2 falls inside it; the invalid subpart E2 82 stays whole as well,
  // so escaping after truncating shows \xe2\x82, never a half of it.
  EXPECT_EQ(truncate_utf8("a\xC3\xA9z", 2), "a...");
  EXPECT_EQ(truncate_utf8("a\xE2\x82z", 2), "a...");
  EXPECT_EQ(truncate_utf8("a\xE2\x82z", 3), "a\xE2\x82...");
  EXPECT_EQ(escape_invalid_utf8(truncate_utf8("espa\xF1ol and more", 6)), "espa\\xf1o...");
}

TEST(Utf8, LongInputsKeepTheirLength) {
  // Linear time and the exact size: 1 MB of alternating valid and invalid bytes.
  std::string mixed;
  for (int i = 0; i < 250000; ++i) mixed += "a\xC3\xA9\xFF";
  EXPECT_FALSE(is_valid_utf8(mixed));
  const std::string replaced = replace_invalid_utf8(mixed);
  EXPECT_EQ(replaced.size(), 250000u * 6);
  EXPECT_EQ(escape_invalid_utf8(mixed).size(), 250000u * 7);
}

// ../shared/cases/message-invalid-utf8: a line of random bytes. The error quotes it escaped
// (\xHH), shortened at a character boundary, on one line: stderr stays valid UTF-8.
TEST(Utf8Cases, MessageQuotingInvalidBytesIsValidText) {
  try {
    read_vectors(test::data_path("cases/message-invalid-utf8/noise.vec"));
    FAIL() << "noise.vec was read";
  } catch (const ParseError& error) {
    const std::string message = error.what();
    EXPECT_TRUE(is_valid_utf8(message)) << message;
    EXPECT_TRUE(is_valid_utf8(error.detail()));
    EXPECT_NE(message.find("\\x"), std::string::npos) << message;
    EXPECT_EQ(message.find_first_of("\n\r\t"), std::string::npos) << message;
    EXPECT_NE(message.find("noise.vec:"), std::string::npos) << message;
  }
}

// ../shared/cases/json-invalid-utf8-word: the second word of a word2vec binary ends in a cut
// two-byte sequence (49 x U+0436 and a lone D0). Its bytes stay as read; outputs show U+FFFD.
TEST(Utf8Cases, InvalidWordKeepsItsBytesAndIsShownWithReplacement) {
  ReadReport report;
  const VectorSet set = read_vectors(
      test::data_path("cases/json-invalid-utf8-word/vectors-truncated-word.bin"), {}, {}, &report);
  EXPECT_EQ(report.invalid_utf8_words, 1);
  std::string bytes;
  for (int i = 0; i < 49; ++i) bytes += "\xD0\xB6";
  EXPECT_EQ(set.vocabulary.word(1), bytes + "\xD0");
  EXPECT_FALSE(is_valid_utf8(set.vocabulary.word(1)));
  EXPECT_EQ(replace_invalid_utf8(set.vocabulary.word(1)), bytes + "\xEF\xBF\xBD");
  EXPECT_EQ(escape_invalid_utf8(set.vocabulary.word(1)), bytes + "\\xd0");
}

// A training checkpoint is binary and tied to its corpus by a hash of the words' bytes: a corpus
// whose words are not valid UTF-8 (or hold quotes and backslashes) saves and resumes exactly.
TEST(Utf8Cases, CheckpointOfAnyWordsResumesExactly) {
  test::ScratchDir scratch;
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "caf\xe9 cut\xf0\x9f\x98 say\"hi\" back\\slash \xe2\x82\xac \xff\xfe the\n";
  const Corpus corpus = Corpus::from_text(text, {.min_count = 1});
  ASSERT_EQ(corpus.vocabulary().size(), 7);
  EXPECT_TRUE(corpus.vocabulary().contains("caf\xe9"));
  const TrainerOptions options{
      .model = Word2VecModel::SkipGram, .dim = 4, .epochs = 2, .threads = 1, .seed = 3};
  Word2VecTrainer uninterrupted(corpus, options);
  uninterrupted.train();
  Word2VecTrainer first_half(corpus, options);
  first_half.step(first_half.progress().total_words / 2);
  first_half.save_checkpoint(scratch.file("run.ckpt"));
  auto resumed = Word2VecTrainer::resume(corpus, scratch.file("run.ckpt"));
  resumed->train();
  EXPECT_TRUE(resumed->input().weight() == uninterrupted.input().weight());
}

}  // namespace
}  // namespace embscope
