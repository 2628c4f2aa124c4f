// Standard benchmarks of a vector space, computed exactly as gensim's KeyedVectors computes them:
// - analogies in the `questions-words.txt` format (`: section` lines, then `a b c d`), answered
//   by 3CosAdd among the first `restrict_vocab` words (case-insensitive by default), with
//   out-of-vocabulary questions skipped and counted (evaluate_word_analogies);
// - word-pair similarity sets (WordSim-353, SimLex-999, MEN...: `w1<TAB>w2<TAB>score`, `#`
//   comments): Pearson and Spearman (ties ranked by their average, as scipy does) with
//   two-sided p-values, and the out-of-vocabulary ratio (evaluate_word_pairs).
// Lines are read as gensim reads them: analogy lines split at runs of Unicode white space
// (Python's str.split()), pair lines at the delimiter; lines of the wrong shape are skipped and
// counted. Case-insensitive keys are Python's str.upper() of the word, full Unicode ("straße"
// and "STRASSE" are one key; embscope/space/unicode_case.hpp), for the vocabulary and the sets
// alike; of several words with one key, the most frequent (first) row is used, as gensim does. A
// set of which no line could be scored is an error (ParseError without a line: how many lines were
// skipped for each reason, and the first of each), never an empty result.
//
//   AnalogyEvaluation result = evaluate_analogies(space, "questions-words.txt");
//   double accuracy = result.total.accuracy();
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "embscope/base/option_spec.hpp"
#include "embscope/base/task_control.hpp"
#include "embscope/space/vector_space.hpp"

namespace embscope {

// gensim's restrict_vocab default for both benchmarks: the 300,000 most frequent words.
inline constexpr int64_t kEvaluationRestrictVocab = 300000;

struct AnalogyOptions {
  int64_t restrict_vocab = kEvaluationRestrictVocab;
  bool case_insensitive = true;
  AnalogyMethod method = AnalogyMethod::Add;
};

// The evaluation options a user sets (CLI evaluate/analogy flags, Evaluation and Analogy
// panels), declared once; WordPairOptions' restrict_vocab has the same default and range.
namespace analogy_option {
inline constexpr OptionChoice<AnalogyMethod> kMethods[] = {{"add", AnalogyMethod::Add},
                                                           {"mul", AnalogyMethod::Mul}};
inline constexpr OptionSpec<AnalogyOptions, int64_t> restrict_vocab{
    .name = "restrict",
    .help = "only the N most frequent words (-1: all)",
    .member = &AnalogyOptions::restrict_vocab,
    .min = -1};
inline constexpr OptionSpec<AnalogyOptions, AnalogyMethod> method{
    .name = "method",
    .help = "analogy score: add = 3CosAdd (gensim most_similar), mul = 3CosMul",
    .member = &AnalogyOptions::method,
    .choices = kMethods};
}  // namespace analogy_option

struct AnalogyQuestion {
  std::string a, b, c, expected;
  std::string predicted;  // empty when no candidate was left
  bool correct = false;
  size_t section = 0;  // index into AnalogyEvaluation::sections
};

struct AnalogySection {
  std::string name;
  int64_t correct = 0;
  int64_t incorrect = 0;
  int64_t total() const { return correct + incorrect; }
  double accuracy() const { return total() > 0 ? static_cast<double>(correct) / total() : 0.0; }
  bool syntactic() const { return name.rfind("gram", 0) == 0; }
};

struct AnalogyEvaluation {
  std::vector<AnalogySection> sections;  // in file order
  AnalogySection total{"Total accuracy"};
  AnalogySection semantic{"semantic"};
  AnalogySection syntactic{"syntactic"};
  int64_t questions = 0;        // well-formed question lines
  int64_t oov_questions = 0;    // skipped: a word outside the restricted vocabulary
  int64_t malformed_lines = 0;  // skipped: not a `: section` header and not exactly 4 words
  double oov_ratio() const { return questions > 0 ? 100.0 * oov_questions / questions : 0.0; }
  std::vector<AnalogyQuestion> answered;  // every question that was asked, in file order
};

// Throws ParseError for a question line before any section header, and (without a line) when
// no question could be asked: none in the file, or every one malformed or out of vocabulary.
AnalogyEvaluation evaluate_analogies(const VectorSpace& space, const std::filesystem::path& path,
                                     const AnalogyOptions& options = {},
                                     const TaskControl& control = {});

struct WordPairOptions {
  int64_t restrict_vocab = kEvaluationRestrictVocab;
  bool case_insensitive = true;
  char delimiter = '\t';  // between the fields of a line (gensim's default, a tab)
};

struct WordPairEvaluation {
  double pearson = 0, pearson_p = 1;
  double spearman = 0, spearman_p = 1;
  int64_t pairs = 0;            // pairs scored (at least 1)
  int64_t oov_pairs = 0;        // skipped: a word outside the restricted vocabulary
  int64_t malformed_lines = 0;  // skipped: not 3 fields, or a score Python's float() refuses
  double oov_ratio() const {
    return pairs + oov_pairs > 0 ? 100.0 * oov_pairs / (pairs + oov_pairs) : 0.0;
  }
  std::vector<double> gold;   // the dataset's scores of the pairs scored
  std::vector<double> model;  // cosine similarities of the same pairs
};

// Throws ParseError (without a line) when no pair could be scored: every line blank, a comment,
// malformed (the message says when the lines would split at white space: a wrong delimiter) or
// out of vocabulary.
WordPairEvaluation evaluate_word_pairs(const VectorSpace& space, const std::filesystem::path& path,
                                       const WordPairOptions& options = {});

// Statistics used above, exposed for tests: Pearson's r, Spearman's rho (average ranks for
// ties), and the two-sided p-value of a correlation r over n pairs (Student's t, n - 2 degrees).
double pearson_correlation(const std::vector<double>& x, const std::vector<double>& y);
double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y);
double correlation_p_value(double r, int64_t n);

}  // namespace embscope
