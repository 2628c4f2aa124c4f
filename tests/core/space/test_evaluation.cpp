// Evaluation sets beyond English and beyond well-formed files:
// - Unicode case: upper_case() equals Python's str.upper() on every code point, and
//   split_unicode_whitespace() splits where str.split() does (tests/fixtures/unicode_eval.json,
//   written by tests/fixtures/make_unicode_eval_fixtures.py);
// - a Cyrillic / Greek / German set (case variants, ß, a no-break space, malformed and
//   out-of-vocabulary lines) scores exactly as gensim 4.2's evaluate_word_analogies and
//   evaluate_word_pairs score it, question by question;
// - a set with no usable line is an error that says how many lines were skipped and why
//   (tests/data/pairs-unusable: a 5-column SimLex-style file and a space-separated one).
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "embscope/base/parse_error.hpp"
#include "embscope/space/evaluation.hpp"
#include "embscope/space/unicode_case.hpp"
#include "embscope/space/vector_space.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "json_fixtures.hpp"
#include "test_support.hpp"

namespace embscope {
namespace {

using nlohmann::json;

const json& fixture() {
  static const json data = test::load_fixture("unicode_eval.json");
  return data;
}

std::filesystem::path unicode_eval(const std::string& name) {
  return std::filesystem::path(EMBSCOPE_TEST_FIXTURE_DIR) / "unicode_eval" / name;
}

std::string utf8(char32_t code_point) {
  std::string out;
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xc0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xe0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  }
  return out;
}

TEST(UnicodeCase, UpperCaseEqualsPythonsStrUpperOnEveryCodePoint) {
  const json& table = fixture()["python"]["upper"];
  ASSERT_GT(table.size(), 1400u);  // Unicode 14: 1,525 code points change
  int64_t checked = 0;
  int64_t full_mappings = 0;
  for (char32_t cp = 0; cp <= 0x10ffff; ++cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;  // surrogates are not text
    char key[16];
    std::snprintf(key, sizeof(key), "%X", static_cast<unsigned>(cp));
    std::string expected = utf8(cp);
    if (const auto found = table.find(key); found != table.end()) {
      expected.clear();
      std::istringstream hex(found->get<std::string>());
      unsigned value = 0;
      int count = 0;
      while (hex >> std::hex >> value) {
        expected += utf8(value);
        ++count;
      }
      if (count > 1) ++full_mappings;
    }
    ASSERT_EQ(upper_case(utf8(cp)), expected) << "U+" << key;
    ++checked;
  }
  EXPECT_EQ(checked, 0x110000 - 0x800);
  EXPECT_EQ(full_mappings, 102);  // SpecialCasing: ß, ŉ, ǰ, ΐ, ᾳ, ﬁ ... (more than one code point)
}

TEST(UnicodeCase, WordsAndInvalidBytes) {
  EXPECT_EQ(upper_case("straße"), "STRASSE");
  EXPECT_EQ(upper_case("Москва"), "МОСКВА");
  EXPECT_EQ(upper_case("ᾠδή"), "ὨΙΔΉ");
  EXPECT_EQ(upper_case("İstanbul"), "İSTANBUL");
  EXPECT_EQ(upper_case("ﬁne"), "FINE");
  // Invalid UTF-8 is kept byte for byte (a cut sequence, a lone continuation, a surrogate).
  EXPECT_EQ(upper_case("ab\xc3"), "AB\xc3");
  EXPECT_EQ(upper_case("\x80z\xed\xa0\x80ß"), "\x80Z\xed\xa0\x80SS");
}

TEST(UnicodeCase, WhiteSpaceIsPythonsStrIsspace) {
  const json& spaces = fixture()["python"]["isspace"];
  std::vector<char32_t> ours;
  for (char32_t cp = 0; cp <= 0x10ffff; ++cp) {
    if (is_unicode_space(cp)) ours.push_back(cp);
  }
  std::vector<char32_t> python;
  for (const auto& cp : spaces) python.push_back(cp.get<char32_t>());
  EXPECT_EQ(ours, python);
  const std::string line = "  a\u00a0b\tc\u3000d\r";
  const auto words = split_unicode_whitespace(line);
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[0], "a");
  EXPECT_EQ(words[3], "d");
  EXPECT_TRUE(split_unicode_whitespace(" \t\u2028 ").empty());
  EXPECT_EQ(split_unicode_whitespace("x\xa0y").size(), 1u);  // a lone byte A0 is not NBSP
}

class UnicodeSet : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    set_ = new VectorSet(read_vectors(unicode_eval("vectors.vec")));
    space_ = new VectorSpace(*set_);
  }
  static void TearDownTestSuite() {
    delete space_;
    delete set_;
  }
  static VectorSet* set_;
  static VectorSpace* space_;
};
VectorSet* UnicodeSet::set_ = nullptr;
VectorSpace* UnicodeSet::space_ = nullptr;

TEST_F(UnicodeSet, AnalogiesEqualGensimQuestionByQuestion) {
  struct Config {
    int64_t restrict;
    bool case_insensitive;
  };
  for (const Config config : {Config{300000, true}, Config{300000, false}, Config{30, true}}) {
    const std::string key = "restrict=" + std::to_string(config.restrict) +
                            " case_insensitive=" + (config.case_insensitive ? "True" : "False");
    const json& expected = fixture()["analogies"][key];
    AnalogyOptions options;
    options.restrict_vocab = config.restrict;
    options.case_insensitive = config.case_insensitive;
    const AnalogyEvaluation result =
        evaluate_analogies(*space_, unicode_eval("questions.txt"), options);
    const json& sections = expected["sections"];
    ASSERT_EQ(result.sections.size() + 1, sections.size()) << key;
    // gensim lists each section's questions as it keyed them (upper-cased when
    // case-insensitive); ours keep the file's words.
    std::vector<std::vector<std::vector<std::string>>> correct(result.sections.size());
    std::vector<std::vector<std::vector<std::string>>> incorrect(result.sections.size());
    for (const AnalogyQuestion& q : result.answered) {
      std::vector<std::string> words = {q.a, q.b, q.c, q.expected};
      if (config.case_insensitive) {
        for (auto& word : words) word = upper_case(word);
      }
      (q.correct ? correct : incorrect)[q.section].push_back(words);
    }
    for (size_t i = 0; i < result.sections.size(); ++i) {
      EXPECT_EQ(result.sections[i].name, sections[i]["section"].get<std::string>()) << key;
      EXPECT_EQ(correct[i], sections[i]["correct"].get<std::vector<std::vector<std::string>>>())
          << key << " " << result.sections[i].name;
      EXPECT_EQ(incorrect[i], sections[i]["incorrect"].get<std::vector<std::vector<std::string>>>())
          << key << " " << result.sections[i].name;
    }
    EXPECT_NEAR(result.total.accuracy(), expected["score"].get<double>(), 1e-12) << key;
    EXPECT_EQ(result.malformed_lines, 1) << key;  // "Москва Россия Рим"
  }
  // The case-insensitive run finds the Cyrillic, Greek and ß questions that an ASCII-only
  // upper case missed (gensim: 110 of 111 questions asked, 109 right).
  AnalogyOptions options;
  const AnalogyEvaluation result =
      evaluate_analogies(*space_, unicode_eval("questions.txt"), options);
  EXPECT_EQ(result.total.total(), 110);
  EXPECT_EQ(result.questions, 111);
  EXPECT_EQ(result.oov_questions, 1);
}

TEST_F(UnicodeSet, WordPairsEqualGensim) {
  struct Config {
    const char* file;
    char delimiter;
    int64_t restrict;
    bool case_insensitive;
  };
  for (const Config config :
       {Config{"pairs.tsv", '\t', 300000, true}, Config{"pairs.tsv", '\t', 300000, false},
        Config{"pairs.tsv", '\t', 30, true}, Config{"pairs-space.txt", ' ', 300000, true},
        Config{"pairs-space.txt", ' ', 300000, false}, Config{"pairs-space.txt", ' ', 30, true}}) {
    const std::string key = std::string(config.file) +
                            " restrict=" + std::to_string(config.restrict) +
                            " case_insensitive=" + (config.case_insensitive ? "True" : "False");
    const json& expected = fixture()["pairs"][key];
    WordPairOptions options;
    options.restrict_vocab = config.restrict;
    options.case_insensitive = config.case_insensitive;
    options.delimiter = config.delimiter;
    const WordPairEvaluation result =
        evaluate_word_pairs(*space_, unicode_eval(config.file), options);
    EXPECT_NEAR(result.pearson, expected["pearson"].get<double>(), 1e-6) << key;
    EXPECT_NEAR(result.spearman, expected["spearman"].get<double>(), 1e-9) << key;
    EXPECT_NEAR(result.oov_ratio(), expected["oov_ratio"].get<double>(), 1e-9) << key;
    EXPECT_NEAR(result.pearson_p / expected["pearson_p"].get<double>(), 1.0, 1e-4) << key;
    EXPECT_NEAR(result.spearman_p / expected["spearman_p"].get<double>(), 1.0, 1e-4) << key;
  }
  // Two fields, four fields and a score of "n/a" are the tab file's malformed lines.
  EXPECT_EQ(evaluate_word_pairs(*space_, unicode_eval("pairs.tsv")).malformed_lines, 3);
}

TEST_F(UnicodeSet, ASetWithNoUsableLineIsAnErrorThatSaysWhy) {
  test::ScratchDir dir;
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.file(name), std::ios::binary) << text;
    return dir.file(name);
  };
  const auto message = [&](const auto& evaluate) { return test::error_message(evaluate); };
  // Analogies: every question out of vocabulary (gensim reports 0.0 here), or malformed.
  const auto oov = write("oov.txt", ": s\nКиев Украина Минск Беларусь\nfoo bar baz qux\n");
  EXPECT_EQ(message([&] { evaluate_analogies(*space_, oov); }),
            oov.string() +
                ": no usable analogy question: 2 lines skipped, 2 with a word not in "
                "the vocabulary (the first, line 2, \"Киев\")");
  const auto malformed = write("malformed.txt", ": s\nМосква Россия\nРим\n: t\n");
  EXPECT_EQ(message([&] { evaluate_analogies(*space_, malformed); }),
            malformed.string() +
                ": no usable analogy question: 2 lines skipped, 2 without exactly "
                "4 words (the first, line 2, has 2 words)");
  const auto restricted = write("restricted.txt", ": s\nМосква Россия Рим Италия\nx y\n");
  EXPECT_EQ(message([&] { evaluate_analogies(*space_, restricted, {.restrict_vocab = 2}); }),
            restricted.string() +
                ": no usable analogy question: 2 lines skipped, 1 without exactly 4 words (the "
                "first, line 3, has 2 words) and 1 with a word outside the first 2 words of the "
                "vocabulary (the first, line 2, \"Рим\")");
  const auto headers = write("headers.txt", ": a\n: b\n\n");
  EXPECT_EQ(message([&] { evaluate_analogies(*space_, headers); }),
            headers.string() +
                ": no usable analogy question: no question line after the "
                "section headers");
  // Pairs: blank and comment lines only; an invalid byte in a quoted score is escaped.
  const auto comments = write("comments.tsv", "# a\n\n# b\n");
  EXPECT_EQ(message([&] { evaluate_word_pairs(*space_, comments); }),
            comments.string() +
                ": no usable word pair: no line other than blank lines and # "
                "comments");
  const auto scores = write("scores.tsv", "Москва\tРоссия\tx\xff\n");
  EXPECT_EQ(message([&] { evaluate_word_pairs(*space_, scores); }),
            scores.string() +
                ": no usable word pair: 1 line skipped, 1 with a score that is not "
                "a number (the first, line 1, \"x\\xff\")");
}

// shared/cases/pairs-unusable: 8 English words; a SimLex-style file of 5 tab-separated columns
// and a space-separated file. gensim 4.2 raises "No valid similarity judgements found" on both
// with its default tab delimiter; with delimiter=' ' the second scores spearman 0.7 (p 0.1881),
// pearson 0.6983 (p 0.1897), 0% out of vocabulary.
class UnusablePairs : public ::testing::Test {
 protected:
  void SetUp() override {
    set_ = read_vectors(test::data_path("pairs-unusable/vectors.txt"));
    space_ = std::make_unique<VectorSpace>(set_);
  }
  VectorSet set_;
  std::unique_ptr<VectorSpace> space_;
};

TEST_F(UnusablePairs, FiveColumnsAreAnErrorNamingTheFieldCount) {
  const auto path = test::data_path("pairs-unusable/pairs-5-columns.tsv");
  EXPECT_EQ(test::error_message([&] { evaluate_word_pairs(*space_, path); }),
            path.string() +
                ": no usable word pair: 6 lines skipped, 6 without exactly 3 fields "
                "separated by a tab (the first, line 1, has 5 fields)");
  try {
    evaluate_word_pairs(*space_, path);
    FAIL() << "no error";
  } catch (const ParseError& error) {
    EXPECT_EQ(error.line(), 0u);  // the whole file, not one line
  }
}

TEST_F(UnusablePairs, SpaceSeparatedNeedsTheSpaceDelimiterAndThenEqualsGensim) {
  const auto path = test::data_path("pairs-unusable/pairs-space-separated.txt");
  EXPECT_EQ(test::error_message([&] { evaluate_word_pairs(*space_, path); }),
            path.string() +
                ": no usable word pair: 5 lines skipped, 5 without exactly 3 fields "
                "separated by a tab (the first, line 1, has 1 field); 5 of them would "
                "have 3 fields split at white space: is the delimiter right?");
  const WordPairEvaluation result = evaluate_word_pairs(*space_, path, {.delimiter = ' '});
  EXPECT_EQ(result.pairs, 5);
  EXPECT_NEAR(result.spearman, 0.7, 1e-12);
  EXPECT_NEAR(result.spearman_p, 0.1881204043741873, 1e-6);
  EXPECT_NEAR(result.pearson, 0.6983144132695981, 1e-6);
  EXPECT_NEAR(result.pearson_p, 0.1896548362531554, 1e-5);
  EXPECT_EQ(result.oov_ratio(), 0.0);
}

}  // namespace
}  // namespace embscope
