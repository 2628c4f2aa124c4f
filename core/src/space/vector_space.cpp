#include "embscope/space/vector_space.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "embscope/base/utf8.hpp"

namespace embscope {

VectorSpace::VectorSpace(const VectorSet& set, int threads)
    : set_(set), search_(set.vectors, threads) {}

int64_t VectorSpace::index_of(const std::string& word) const {
  if (const auto index = set_.vocabulary.find(word)) return *index;
  std::string lower = word;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // Quoted escaped: the word may be any bytes (a query typed or read from a file).
  std::string message = "'" + escape_invalid_utf8(truncate_utf8(word, 80)) +
                        "' is not in the vocabulary (" + std::to_string(set_.vocabulary.size()) +
                        " words)";
  if (lower != word && set_.vocabulary.contains(lower))
    message += "; did you mean '" + escape_invalid_utf8(truncate_utf8(lower, 80)) + "'?";
  throw UnknownWordError(word, message);
}

std::vector<ScoredWord> VectorSpace::named(const std::vector<Neighbour>& neighbours) const {
  std::vector<ScoredWord> words;
  words.reserve(neighbours.size());
  for (const Neighbour& n : neighbours) {
    words.push_back({set_.vocabulary.word(n.index), n.index, n.score});
  }
  return words;
}

std::vector<ScoredWord> VectorSpace::neighbours(const std::string& word, int k, Metric metric,
                                                int64_t restrict_rows) const {
  return neighbours_of_row(index_of(word), k, metric, restrict_rows);
}

std::vector<ScoredWord> VectorSpace::neighbours_of_row(int64_t row, int k, Metric metric,
                                                       int64_t restrict_rows) const {
  NeighbourQuery query{.metric = metric, .k = k, .restrict_rows = restrict_rows, .exclude = {row}};
  return named(search_.nearest(set_.vectors.row(row), query));
}

Eigen::RowVectorXf VectorSpace::query_vector(const std::vector<WeightedWord>& terms) const {
  if (terms.empty()) throw std::invalid_argument("a query needs at least one word");
  // gensim: unitvec(mean([weight * unit(word) for each term])); float32 throughout.
  Eigen::RowVectorXf sum = Eigen::RowVectorXf::Zero(set_.dim());
  for (const WeightedWord& term : terms) {
    sum += term.weight * search_.unit_vectors().row(index_of(term.word));
  }
  Eigen::RowVectorXf mean = sum / static_cast<float>(terms.size());
  const float norm = mean.norm();
  if (norm > 0) mean /= norm;
  return mean;
}

std::vector<ScoredWord> VectorSpace::most_similar(const std::vector<WeightedWord>& terms, int k,
                                                  int64_t restrict_rows) const {
  NeighbourQuery query{.metric = Metric::Cosine, .k = k, .restrict_rows = restrict_rows};
  for (const WeightedWord& term : terms) query.exclude.push_back(index_of(term.word));
  return named(search_.nearest(query_vector(terms), query));
}

std::vector<ScoredWord> VectorSpace::most_similar_cosmul(const std::vector<std::string>& positive,
                                                         const std::vector<std::string>& negative,
                                                         int k, int64_t restrict_rows) const {
  if (positive.empty()) throw std::invalid_argument("3CosMul needs at least one positive word");
  const Eigen::Index rows =
      restrict_rows >= 0 ? std::min<Eigen::Index>(restrict_rows, set_.rows()) : set_.rows();
  const auto& unit = search_.unit_vectors();
  std::vector<int64_t> exclude;
  const auto shifted_cosines = [&](const std::string& word) {
    const int64_t index = index_of(word);
    exclude.push_back(index);
    Eigen::VectorXf cosines = unit.topRows(rows) * unit.row(index).transpose();
    return Eigen::VectorXf((cosines.array() + 1.0f) / 2.0f);
  };
  Eigen::VectorXf numerator = Eigen::VectorXf::Ones(rows);
  for (const std::string& word : positive) numerator.array() *= shifted_cosines(word).array();
  Eigen::VectorXf denominator = Eigen::VectorXf::Ones(rows);
  for (const std::string& word : negative) denominator.array() *= shifted_cosines(word).array();
  const Eigen::VectorXf scores = numerator.array() / (denominator.array() + 0.000001f);

  std::vector<int64_t> order(static_cast<size_t>(rows));
  std::iota(order.begin(), order.end(), 0);
  std::sort(exclude.begin(), exclude.end());
  order.erase(std::remove_if(
                  order.begin(), order.end(),
                  [&](int64_t i) { return std::binary_search(exclude.begin(), exclude.end(), i); }),
              order.end());
  const size_t take = std::min<size_t>(static_cast<size_t>(std::max(0, k)), order.size());
  std::partial_sort(
      order.begin(), order.begin() + static_cast<std::ptrdiff_t>(take), order.end(),
      [&](int64_t a, int64_t b) { return scores(a) != scores(b) ? scores(a) > scores(b) : a < b; });
  std::vector<ScoredWord> result;
  for (size_t i = 0; i < take; ++i) {
    result.push_back({set_.vocabulary.word(order[i]), order[i], scores(order[i])});
  }
  return result;
}

std::vector<ScoredWord> VectorSpace::analogy(const std::string& a, const std::string& b,
                                             const std::string& c, int k, AnalogyMethod method,
                                             int64_t restrict_rows) const {
  if (method == AnalogyMethod::Mul) return most_similar_cosmul({b, c}, {a}, k, restrict_rows);
  return most_similar({{b, 1.0f}, {c, 1.0f}, {a, -1.0f}}, k, restrict_rows);
}

std::vector<ScoredWord> VectorSpace::evaluate(const VectorExpression& expression, int k,
                                              int64_t restrict_rows) const {
  return most_similar(expression.terms, k, restrict_rows);
}

std::string VectorSpace::doesnt_match(const std::vector<std::string>& words) const {
  if (words.empty()) throw std::invalid_argument("doesnt_match needs at least one word");
  std::vector<int64_t> indices;
  for (const std::string& word : words) indices.push_back(index_of(word));
  Eigen::RowVectorXf mean = Eigen::RowVectorXf::Zero(set_.dim());
  for (int64_t index : indices) mean += search_.unit_vectors().row(index);
  mean /= static_cast<float>(indices.size());
  if (mean.norm() > 0) mean.normalize();
  size_t worst = 0;
  float lowest = INFINITY;
  for (size_t i = 0; i < indices.size(); ++i) {
    const float similarity = search_.unit_vectors().row(indices[i]).dot(mean);
    if (similarity < lowest) {
      lowest = similarity;
      worst = i;
    }
  }
  return words[worst];
}

float VectorSpace::similarity(const std::string& a, const std::string& b) const {
  return search_.unit_vectors().row(index_of(a)).dot(search_.unit_vectors().row(index_of(b)));
}

}  // namespace embscope
