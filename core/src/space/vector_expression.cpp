#include "embscope/space/vector_expression.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "embscope/base/utf8.hpp"

namespace embscope {
namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}
bool is_punctuation(char c) {
  return c == '*' || c == '(' || c == ')' || c == ',';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  VectorExpression parse() {
    VectorExpression expression;
    expression.text = std::string(text_);
    skip_spaces();
    if (pos_ >= text_.size()) throw ExpressionError(0, "the expression is empty");
    float sign = 1.0f;
    if (peek() == '-' || peek() == '+') {
      sign = peek() == '-' ? -1.0f : 1.0f;
      ++pos_;
    }
    parse_term(sign, expression.terms);
    for (;;) {
      skip_spaces();
      if (pos_ >= text_.size()) break;
      const char op = peek();
      if (op != '+' && op != '-') {
        throw ExpressionError(pos_, "expected + or - between words, found '" +
                                        escape_invalid_utf8(std::string(1, op)) +
                                        "' (write `king - man`, with spaces, to subtract)");
      }
      ++pos_;
      parse_term(op == '-' ? -1.0f : 1.0f, expression.terms);
    }
    return expression;
  }

 private:
  char peek() const { return text_[pos_]; }
  void skip_spaces() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  // A word: a run of anything but spaces and * ( ) , (so "x-ray" and "don't" are words).
  std::string read_word() {
    skip_spaces();
    const size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_]) && !is_punctuation(text_[pos_])) {
      // A '+' inside a run ends the word only when an operator follows a space; "c++" stays.
      ++pos_;
    }
    if (pos_ == start) {
      throw ExpressionError(start, pos_ < text_.size()
                                       ? "expected a word, found '" +
                                             escape_invalid_utf8(std::string(1, text_[pos_])) + "'"
                                       : "expected a word at the end");
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  void parse_term(float sign, std::vector<WeightedWord>& terms) {
    skip_spaces();
    const size_t start = pos_;
    std::string first = read_word();
    float weight = 1.0f;
    skip_spaces();
    if (pos_ < text_.size() && peek() == '*') {
      float value = 0;
      auto [end, ec] = std::from_chars(first.data(), first.data() + first.size(), value);
      if (ec != std::errc() || end != first.data() + first.size() || !std::isfinite(value)) {
        throw ExpressionError(start, "expected a number before '*', found '" +
                                         escape_invalid_utf8(truncate_utf8(first, 40)) + "'");
      }
      weight = value;
      ++pos_;
      first = read_word();
      skip_spaces();
    }
    if ((first == "avg" || first == "mean") && pos_ < text_.size() && peek() == '(') {
      ++pos_;
      std::vector<std::string> words;
      for (;;) {
        words.push_back(read_word());
        skip_spaces();
        if (pos_ >= text_.size()) throw ExpressionError(pos_, "missing ')' after " + first + "(");
        if (peek() == ')') {
          ++pos_;
          break;
        }
        if (peek() != ',') throw ExpressionError(pos_, "expected ',' or ')' in " + first + "(...)");
        ++pos_;
      }
      for (const std::string& word : words) {
        terms.push_back({word, sign * weight / static_cast<float>(words.size())});
      }
      return;
    }
    if (pos_ < text_.size() && is_punctuation(peek())) {
      throw ExpressionError(pos_,
                            "unexpected '" + escape_invalid_utf8(std::string(1, peek())) + "'");
    }
    terms.push_back({first, sign * weight});
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

VectorExpression parse_vector_expression(std::string_view text) {
  return Parser(text).parse();
}

}  // namespace embscope
