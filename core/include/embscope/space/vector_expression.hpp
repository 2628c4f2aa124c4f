// Arithmetic on words, as users type it: "king - man + woman", "0.5*paris + 0.5*rome",
// "avg(cat, dog, mouse) - animal". Parsed into signed, weighted terms; the VectorSpace turns them
// into a query vector the way gensim's most_similar does (mean of the weighted unit vectors).
//
// '+' and '-' are operators at the start, after '(' or ',' and when surrounded by spaces, so
// hyphenated words like "x-ray" stay words; `N*word` or `N * word` weights a term;
// avg(w1, w2, ...) (or mean(...)) spreads one term's weight over several words.
//
//   VectorExpression e = parse_vector_expression("king - man + woman");
//   // e.terms == {{"king", 1}, {"man", -1}, {"woman", 1}}
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace embscope {

struct WeightedWord {
  std::string word;
  float weight = 1.0f;
  bool operator==(const WeightedWord&) const = default;
};

struct VectorExpression {
  std::vector<WeightedWord> terms;
  std::string text;  // as typed
};

// Thrown for a malformed expression; column() is the 0-based position of the problem.
class ExpressionError : public std::invalid_argument {
 public:
  ExpressionError(size_t column, const std::string& message)
      : std::invalid_argument(message + " (at character " + std::to_string(column + 1) + ")"),
        column_(column) {}
  size_t column() const { return column_; }

 private:
  size_t column_;
};

VectorExpression parse_vector_expression(std::string_view text);

}  // namespace embscope
