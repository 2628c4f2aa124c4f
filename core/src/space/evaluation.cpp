#include "embscope/space/evaluation.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "embscope/base/file_bytes.hpp"
#include "embscope/base/norms.hpp"
#include "embscope/base/parse_error.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/space/unicode_case.hpp"

namespace embscope {
namespace {

// gensim's case-insensitive key: Python's str.upper(), full Unicode.
std::string fold(const std::string& word, bool case_insensitive) {
  return case_insensitive ? upper_case(word) : word;
}

// Lines as gensim reads each file: the analogy file in binary mode (split at \n only; a \r
// left at the end is white space to str.split()), the pairs file in text mode (universal
// newlines: \r\n, \r and \n all end a line).
std::vector<std::string_view> lines_of(std::string_view text, bool universal_newlines) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = universal_newlines ? text.find_first_of("\r\n", pos) : text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    lines.push_back(text.substr(pos, eol - pos));
    pos = eol + 1;
    if (universal_newlines && eol < text.size() && text[eol] == '\r' && pos < text.size() &&
        text[pos] == '\n') {
      ++pos;
    }
  }
  return lines;
}

// Python's str.strip() (Unicode white space at both ends).
std::string_view strip(std::string_view text) {
  const auto words = split_unicode_whitespace(text);
  if (words.empty()) return {};
  const char* begin = words.front().data();
  const char* end = words.back().data() + words.back().size();
  return {begin, static_cast<size_t>(end - begin)};
}

// Python's float() on a similarity score: white space around it, an optional sign, decimal
// digits (underscores allowed between digits), "inf", "infinity" or "nan"; hexadecimal, which
// strtod would also take, is refused as Python refuses it.
std::optional<double> parse_score(std::string_view field) {
  const std::string_view text = strip(field);
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') {
      const bool between_digits = i > 0 && i + 1 < text.size() &&
                                  std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
                                  std::isdigit(static_cast<unsigned char>(text[i + 1]));
      if (!between_digits) return std::nullopt;
      continue;
    }
    if (c == 'x' || c == 'X' || c == 'p' || c == 'P' || c == '(' || c == '\0') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size()) return std::nullopt;
  return value;
}

// The delimiter as a message names it.
std::string delimiter_name(char delimiter) {
  if (delimiter == '\t') return "a tab";
  if (delimiter == ' ') return "a space";
  const auto byte = static_cast<unsigned char>(delimiter);
  if (byte > 0x20 && byte < 0x7f) return std::string("'") + delimiter + "'";
  char hex[8];
  std::snprintf(hex, sizeof(hex), "\\x%02x", byte);
  return std::string("the byte ") + hex;
}

std::string quote_word(std::string_view word) {
  return "\"" + escape_invalid_utf8(truncate_utf8(word, 40)) + "\"";
}

std::string plural(int64_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

// "a word not in the vocabulary" or, when the evaluation looks only at the most frequent
// words, "outside the first N words".
std::string vocabulary_scope(int64_t restrict, int64_t rows) {
  if (restrict >= 0 && restrict < rows) {
    return "a word outside the first " + std::to_string(restrict) + " words of the vocabulary";
  }
  return "a word not in the vocabulary";
}

// Counts of the lines an evaluation set skipped, by reason, with the first of each, for the
// error raised when none was usable (gensim raises there too: evaluate_word_pairs a ValueError,
// evaluate_word_analogies a ZeroDivisionError when no line is a question).
struct Skipped {
  int64_t count = 0;
  uint64_t first_line = 0;
  std::string first_detail;
  void add(uint64_t line, const std::string& detail) {
    if (count++ == 0) {
      first_line = line;
      first_detail = detail;
    }
  }
  std::string describe(const std::string& what) const {
    return std::to_string(count) + " " + what + " (the first, line " + std::to_string(first_line) +
           ", " + first_detail + ")";
  }
};

std::string join_reasons(const std::vector<std::string>& reasons) {
  std::string text;
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) text += i + 1 == reasons.size() ? " and " : ", ";
    text += reasons[i];
  }
  return text;
}

// gensim's ok_vocab: the first `restrict` words, keyed (upper-cased when case-insensitive) to
// the row of the most frequent word with that key.
std::unordered_map<std::string, int64_t> restricted_vocabulary(const VectorSet& set,
                                                               int64_t restrict, bool fold_case) {
  const int64_t rows = restrict >= 0 ? std::min(restrict, set.rows()) : set.rows();
  std::unordered_map<std::string, int64_t> vocabulary;
  vocabulary.reserve(static_cast<size_t>(rows));
  for (int64_t row = rows - 1; row >= 0; --row) {
    const std::string& word = set.vocabulary.word(row);
    vocabulary[fold(word, fold_case)] = row;
  }
  return vocabulary;
}

// Regularised incomplete beta function I_x(a, b) (continued fraction, Numerical Recipes 6.4).
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  const auto continued_fraction = [](double a, double b, double x) {
    constexpr double kTiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    if (std::abs(d) < kTiny) d = kTiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 10000; ++m) {
      const double m2 = 2.0 * m;
      double numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + numerator * d;
      if (std::abs(d) < kTiny) d = kTiny;
      c = 1 + numerator / c;
      if (std::abs(c) < kTiny) c = kTiny;
      d = 1 / d;
      h *= d * c;
      numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + numerator * d;
      if (std::abs(d) < kTiny) d = kTiny;
      c = 1 + numerator / c;
      if (std::abs(c) < kTiny) c = kTiny;
      d = 1 / d;
      const double delta = d * c;
      h *= delta;
      if (std::abs(delta - 1) < 1e-15) break;
    }
    return h;
  };
  if (x < (a + 1) / (a + b + 2)) return front * continued_fraction(a, b, x) / a;
  return 1 - front * continued_fraction(b, a, 1 - x) / b;
}

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

}  // namespace

double pearson_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 2 || y.size() != n) return 0;
  const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mean_x) * (y[i] - mean_y);
    sxx += (x[i] - mean_x) * (x[i] - mean_x);
    syy += (y[i] - mean_y) * (y[i] - mean_y);
  }
  if (sxx == 0 || syy == 0) return 0;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  return pearson_correlation(average_ranks(x), average_ranks(y));
}

double correlation_p_value(double r, int64_t n) {
  if (n < 3) return 1;
  const double dof = static_cast<double>(n - 2);
  const double r2 = std::min(1.0, r * r);
  if (r2 >= 1) return 0;
  // Two-sided t-test: p = I_{dof / (dof + t^2)}(dof / 2, 1 / 2), with dof / (dof + t^2) = 1 - r^2.
  return incomplete_beta(dof / 2, 0.5, 1 - r2);
}

AnalogyEvaluation evaluate_analogies(const VectorSpace& space, const std::filesystem::path& path,
                                     const AnalogyOptions& options, const TaskControl& control) {
  const FileBytes bytes = FileBytes::open(path);
  const VectorSet& set = space.set();
  const auto vocabulary =
      restricted_vocabulary(set, options.restrict_vocab, options.case_insensitive);
  const int64_t restrict_rows =
      options.restrict_vocab >= 0 ? std::min(options.restrict_vocab, set.rows()) : set.rows();
  AnalogyEvaluation result;
  struct Pending {
    size_t question;
    int64_t a, b, c;
  };
  std::vector<Pending> pending;
  Skipped malformed;  // not four words (gensim: "Skipping invalid line")
  Skipped unknown;    // a word outside the restricted vocabulary
  const auto lines = lines_of(bytes.view(), false);
  for (size_t line_no = 0; line_no < lines.size(); ++line_no) {
    const std::string_view line = lines[line_no];
    if (line.rfind(": ", 0) == 0) {
      // gensim: line.lstrip(': ').strip()
      const size_t name_start = line.find_first_not_of(": ");
      const std::string_view name = strip(
          name_start == std::string_view::npos ? std::string_view() : line.substr(name_start));
      result.sections.push_back({std::string(name)});
      continue;
    }
    // gensim splits with str.split(): runs of Unicode white space, \r and no-break space too.
    const std::vector<std::string_view> words = split_unicode_whitespace(line);
    if (words.empty()) continue;
    if (result.sections.empty()) {
      throw ParseError(path, line_no + 1,
                       "expected a section header `: name` before the first question");
    }
    if (words.size() != 4) {  // gensim skips malformed lines
      ++result.malformed_lines;
      malformed.add(line_no + 1,
                    "has " + plural(static_cast<int64_t>(words.size()), "word", "words"));
      continue;
    }
    ++result.questions;
    AnalogyQuestion question;
    question.a = words[0];
    question.b = words[1];
    question.c = words[2];
    question.expected = words[3];
    question.section = result.sections.size() - 1;
    int64_t index[4];
    bool known = true;
    for (int i = 0; i < 4 && known; ++i) {
      const auto word = std::string(words[static_cast<size_t>(i)]);
      const auto found = vocabulary.find(fold(word, options.case_insensitive));
      known = found != vocabulary.end();
      if (known) {
        index[i] = found->second;
      } else {
        unknown.add(line_no + 1, quote_word(word));
      }
    }
    if (!known) {
      ++result.oov_questions;
      continue;
    }
    pending.push_back({result.answered.size(), index[0], index[1], index[2]});
    result.answered.push_back(question);
  }
  if (pending.empty()) {
    // gensim divides by zero here when no line was a question, and reports 0% when every
    // question was out of vocabulary: neither is a result, so both are errors that say why.
    std::string message = "no usable analogy question";
    if (malformed.count + unknown.count == 0) {
      message += result.sections.empty() ? ": no `: section` header and no question"
                                         : ": no question line after the section headers";
    } else {
      std::vector<std::string> reasons;
      if (malformed.count > 0) reasons.push_back(malformed.describe("without exactly 4 words"));
      if (unknown.count > 0) {
        reasons.push_back(
            unknown.describe("with " + vocabulary_scope(options.restrict_vocab, set.rows())));
      }
      message += ": " + plural(malformed.count + unknown.count, "line", "lines") + " skipped, " +
                 join_reasons(reasons);
    }
    throw ParseError(path, 0, message);
  }

  // All questions at once: one batched search of (b + c - a) queries, top 5 as gensim asks.
  const auto& unit = space.search().unit_vectors();
  std::vector<std::vector<int64_t>> exclude;
  exclude.reserve(pending.size());
  std::vector<std::vector<Neighbour>> answers;
  if (options.method == AnalogyMethod::Add) {
    RowMatrixXf queries(static_cast<Eigen::Index>(pending.size()), set.dim());
    for (size_t i = 0; i < pending.size(); ++i) {
      const Pending& p = pending[i];
      Eigen::RowVectorXf mean = (unit.row(p.b) + unit.row(p.c) - unit.row(p.a)) / 3.0f;
      to_unit_length(mean);
      queries.row(static_cast<Eigen::Index>(i)) = mean;
      exclude.push_back({p.a, p.b, p.c});
    }
    NeighbourQuery query{.metric = Metric::Cosine, .k = 5, .restrict_rows = restrict_rows};
    answers = space.search().nearest_batch(queries, query, &exclude, control);
  } else {
    for (const Pending& p : pending) {
      control.throw_if_cancelled();
      std::vector<Neighbour> top;
      for (const ScoredWord& w :
           space.most_similar_cosmul({set.vocabulary.word(p.b), set.vocabulary.word(p.c)},
                                     {set.vocabulary.word(p.a)}, 5, restrict_rows)) {
        top.push_back({w.index, w.score});
      }
      answers.push_back(top);
    }
  }

  for (size_t i = 0; i < pending.size(); ++i) {
    AnalogyQuestion& question = result.answered[pending[i].question];
    const std::string fold_a = fold(question.a, options.case_insensitive);
    const std::string fold_b = fold(question.b, options.case_insensitive);
    const std::string fold_c = fold(question.c, options.case_insensitive);
    const std::string expected = fold(question.expected, options.case_insensitive);
    std::string predicted;
    for (const Neighbour& candidate : answers[i]) {
      const std::string& word = set.vocabulary.word(candidate.index);
      predicted = fold(word, options.case_insensitive);
      question.predicted = word;
      if (vocabulary.count(predicted) != 0 && predicted != fold_a && predicted != fold_b &&
          predicted != fold_c) {
        break;
      }
    }
    question.correct = !predicted.empty() && predicted == expected;
    AnalogySection& section = result.sections[question.section];
    AnalogySection& kind = section.syntactic() ? result.syntactic : result.semantic;
    if (question.correct) {
      ++section.correct;
      ++kind.correct;
      ++result.total.correct;
    } else {
      ++section.incorrect;
      ++kind.incorrect;
      ++result.total.incorrect;
    }
  }
  return result;
}

WordPairEvaluation evaluate_word_pairs(const VectorSpace& space, const std::filesystem::path& path,
                                       const WordPairOptions& options) {
  const FileBytes bytes = FileBytes::open(path);
  const VectorSet& set = space.set();
  const auto vocabulary =
      restricted_vocabulary(set, options.restrict_vocab, options.case_insensitive);
  const auto& unit = space.search().unit_vectors();
  WordPairEvaluation result;
  Skipped wrong_fields;           // not three fields (gensim: "Skipping invalid line")
  int64_t whitespace_fields = 0;  // ... of which three when split at white space instead
  Skipped bad_score;              // a score float() refuses
  Skipped unknown;                // a word outside the restricted vocabulary
  const auto lines = lines_of(bytes.view(), true);
  for (size_t line_no = 0; line_no < lines.size(); ++line_no) {
    const std::string_view line = lines[line_no];
    if (line.empty() || line.front() == '#') continue;
    // gensim: a, b, sim = line.split(delimiter), the words kept as they are (not stripped).
    std::vector<std::string_view> fields;
    size_t pos = 0;
    for (;;) {
      const size_t next = line.find(options.delimiter, pos);
      fields.push_back(line.substr(pos, next == std::string_view::npos ? next : next - pos));
      if (next == std::string_view::npos) break;
      pos = next + 1;
    }
    if (fields.size() != 3) {
      ++result.malformed_lines;
      wrong_fields.add(line_no + 1,
                       "has " + plural(static_cast<int64_t>(fields.size()), "field", "fields"));
      if (split_unicode_whitespace(line).size() == 3) ++whitespace_fields;
      continue;
    }
    const std::optional<double> gold = parse_score(fields[2]);
    if (!gold) {
      ++result.malformed_lines;
      bad_score.add(line_no + 1, quote_word(fields[2]));
      continue;
    }
    const auto a = vocabulary.find(fold(std::string(fields[0]), options.case_insensitive));
    const auto b = vocabulary.find(fold(std::string(fields[1]), options.case_insensitive));
    if (a == vocabulary.end() || b == vocabulary.end()) {
      ++result.oov_pairs;
      unknown.add(line_no + 1, quote_word(a == vocabulary.end() ? fields[0] : fields[1]));
      continue;
    }
    result.gold.push_back(*gold);
    result.model.push_back(unit.row(a->second).dot(unit.row(b->second)));
  }
  result.pairs = static_cast<int64_t>(result.gold.size());
  if (result.pairs == 0) {
    // gensim: "No valid similarity judgements found in ...: either invalid format or all are
    // out-of-vocabulary" (a ValueError); here with the counts and the first line of each kind.
    std::string message = "no usable word pair";
    const int64_t skipped = wrong_fields.count + bad_score.count + unknown.count;
    if (skipped == 0) {
      message += ": no line other than blank lines and # comments";
    } else {
      std::vector<std::string> reasons;
      if (wrong_fields.count > 0) {
        std::string reason = wrong_fields.describe("without exactly 3 fields separated by " +
                                                   delimiter_name(options.delimiter));
        if (whitespace_fields > 0) {
          reason += "; " + std::to_string(whitespace_fields) +
                    " of them would have 3 fields split at white space: is the delimiter right?";
        }
        reasons.push_back(reason);
      }
      if (bad_score.count > 0)
        reasons.push_back(bad_score.describe("with a score that is not a number"));
      if (unknown.count > 0) {
        reasons.push_back(
            unknown.describe("with " + vocabulary_scope(options.restrict_vocab, set.rows())));
      }
      message += ": " + plural(skipped, "line", "lines") + " skipped, " + join_reasons(reasons);
    }
    throw ParseError(path, 0, message);
  }
  result.pearson = pearson_correlation(result.gold, result.model);
  result.spearman = spearman_correlation(result.gold, result.model);
  result.pearson_p = correlation_p_value(result.pearson, result.pairs);
  result.spearman_p = correlation_p_value(result.spearman, result.pairs);
  return result;
}

}  // namespace embscope
