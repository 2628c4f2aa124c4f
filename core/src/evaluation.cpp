#include "embscope/evaluation.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "embscope/file_bytes.hpp"
#include "embscope/parse_error.hpp"

namespace embscope {
namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    lines.push_back(text.substr(pos, eol - pos));
    pos = eol + 1;
  }
  return lines;
}

std::vector<std::string> split_whitespace(std::string_view line) {
  std::istringstream stream{std::string(line)};
  std::vector<std::string> words;
  std::string word;
  while (stream >> word) words.push_back(word);
  return words;
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
    vocabulary[fold_case ? upper(word) : word] = row;
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
  const auto lines = lines_of(bytes.view());
  for (size_t line_no = 0; line_no < lines.size(); ++line_no) {
    std::string_view line = lines[line_no];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.rfind(": ", 0) == 0) {
      std::string name(line.substr(2));
      while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back())))
        name.pop_back();
      result.sections.push_back({name});
      continue;
    }
    std::vector<std::string> words = split_whitespace(line);
    if (words.empty()) continue;
    if (result.sections.empty()) {
      throw ParseError(path, line_no + 1,
                       "expected a section header `: name` before the first question");
    }
    if (words.size() != 4) continue;  // gensim skips malformed lines
    ++result.questions;
    AnalogyQuestion question;
    question.a = words[0];
    question.b = words[1];
    question.c = words[2];
    question.expected = words[3];
    question.section = result.sections.size() - 1;
    std::vector<std::string> keys = words;
    if (options.case_insensitive) {
      for (auto& key : keys) key = upper(key);
    }
    int64_t index[4];
    bool known = true;
    for (int i = 0; i < 4; ++i) {
      const auto found = vocabulary.find(keys[static_cast<size_t>(i)]);
      known = known && found != vocabulary.end();
      index[i] = known ? found->second : -1;
    }
    if (!known) {
      ++result.oov_questions;
      continue;
    }
    pending.push_back({result.answered.size(), index[0], index[1], index[2]});
    result.answered.push_back(question);
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
      const float norm = mean.norm();
      if (norm > 0) mean /= norm;
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
    const std::string fold_a = options.case_insensitive ? upper(question.a) : question.a;
    const std::string fold_b = options.case_insensitive ? upper(question.b) : question.b;
    const std::string fold_c = options.case_insensitive ? upper(question.c) : question.c;
    const std::string expected =
        options.case_insensitive ? upper(question.expected) : question.expected;
    std::string predicted;
    for (const Neighbour& candidate : answers[i]) {
      const std::string& word = set.vocabulary.word(candidate.index);
      predicted = options.case_insensitive ? upper(word) : word;
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
  for (std::string_view line : lines_of(bytes.view())) {
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields;
    size_t pos = 0;
    for (;;) {
      const size_t next = line.find(options.delimiter, pos);
      fields.emplace_back(line.substr(pos, next == std::string_view::npos ? next : next - pos));
      if (next == std::string_view::npos) break;
      pos = next + 1;
    }
    if (fields.size() != 3) continue;  // gensim skips malformed lines
    char* end = nullptr;
    const double gold = std::strtod(fields[2].c_str(), &end);
    while (end != nullptr && *end != '\0' && std::isspace(static_cast<unsigned char>(*end))) ++end;
    if (end == fields[2].c_str() || (end != nullptr && *end != '\0')) continue;
    if (options.case_insensitive) {
      fields[0] = upper(fields[0]);
      fields[1] = upper(fields[1]);
    }
    const auto a = vocabulary.find(fields[0]);
    const auto b = vocabulary.find(fields[1]);
    if (a == vocabulary.end() || b == vocabulary.end()) {
      ++result.oov_pairs;
      continue;
    }
    result.gold.push_back(gold);
    result.model.push_back(unit.row(a->second).dot(unit.row(b->second)));
  }
  result.pairs = static_cast<int64_t>(result.gold.size());
  result.pearson = pearson_correlation(result.gold, result.model);
  result.spearman = spearman_correlation(result.gold, result.model);
  result.pearson_p = correlation_p_value(result.pearson, result.pairs);
  result.spearman_p = correlation_p_value(result.spearman, result.pairs);
  return result;
}

}  // namespace embscope
