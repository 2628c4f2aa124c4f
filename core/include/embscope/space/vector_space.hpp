// VectorSpace: the questions users ask of a set of word vectors, answered as gensim's
// KeyedVectors answers them: nearest words, analogies by 3CosAdd (most_similar) and 3CosMul
// (most_similar_cosmul, Levy & Goldberg 2014), word arithmetic, the odd one out, similarity.
//
// Query words are excluded from the answers, as in gensim. Unknown words raise UnknownWordError,
// which suggests the lowercase form when that is in the vocabulary.
//
//   VectorSpace space(set);
//   auto answers = space.analogy("man", "king", "woman", 5);   // queen first
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "embscope/space/neighbour_search.hpp"
#include "embscope/space/vector_expression.hpp"
#include "embscope/vectors/vector_set.hpp"

namespace embscope {

class UnknownWordError : public std::invalid_argument {
 public:
  UnknownWordError(const std::string& word, const std::string& message)
      : std::invalid_argument(message), word_(word) {}
  const std::string& word() const { return word_; }

 private:
  std::string word_;
};

struct ScoredWord {
  std::string word;
  int64_t index = -1;
  float score = 0;
};

enum class AnalogyMethod { Add, Mul };

class VectorSpace {
 public:
  // Keeps a reference to `set` (which must outlive this object).
  explicit VectorSpace(const VectorSet& set, int threads = 0);

  const VectorSet& set() const { return set_; }
  const NeighbourSearch& search() const { return search_; }

  // Row of `word`; throws UnknownWordError.
  int64_t index_of(const std::string& word) const;

  // The k words nearest to `word` by `metric`, the word itself excluded.
  std::vector<ScoredWord> neighbours(const std::string& word, int k, Metric metric = Metric::Cosine,
                                     int64_t restrict_rows = -1) const;
  // The same for one row (a point picked in the view: with repeated projector labels, the
  // word names only the first row that has it).
  std::vector<ScoredWord> neighbours_of_row(int64_t row, int k, Metric metric = Metric::Cosine,
                                            int64_t restrict_rows = -1) const;

  // gensim most_similar: mean of the weighted unit vectors (positive +1, negative -1, or the
  // given weights), normalised, then cosine; the input words are excluded.
  std::vector<ScoredWord> most_similar(const std::vector<WeightedWord>& terms, int k,
                                       int64_t restrict_rows = -1) const;
  // gensim most_similar_cosmul: prod((1 + cos(x, p)) / 2) / (prod((1 + cos(x, n)) / 2) + 1e-6).
  std::vector<ScoredWord> most_similar_cosmul(const std::vector<std::string>& positive,
                                              const std::vector<std::string>& negative, int k,
                                              int64_t restrict_rows = -1) const;

  // "a is to b as c is to ?": most_similar([b, c], [a]) or its 3CosMul form.
  std::vector<ScoredWord> analogy(const std::string& a, const std::string& b, const std::string& c,
                                  int k, AnalogyMethod method = AnalogyMethod::Add,
                                  int64_t restrict_rows = -1) const;

  std::vector<ScoredWord> evaluate(const VectorExpression& expression, int k,
                                   int64_t restrict_rows = -1) const;

  // The word least similar to the normalised mean of the group (gensim doesnt_match).
  std::string doesnt_match(const std::vector<std::string>& words) const;

  float similarity(const std::string& a, const std::string& b) const;

  // The normalised query vector most_similar uses for these terms.
  Eigen::RowVectorXf query_vector(const std::vector<WeightedWord>& terms) const;

 private:
  std::vector<ScoredWord> named(const std::vector<Neighbour>& neighbours) const;

  const VectorSet& set_;
  NeighbourSearch search_;
};

}  // namespace embscope
