// Word arithmetic as users type it ("king - man + woman", "avg(a, b) - 0.5*c").
#include <cmath>

#include "embscope/space/vector_expression.hpp"
#include "fuzz_input.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_clean_failure([&] {
    const embscope::VectorExpression expression = embscope::parse_vector_expression(text);
    fuzz::require(!expression.terms.empty(), "an expression has terms");
    for (const auto& term : expression.terms) {
      fuzz::require(!term.word.empty(), "terms name words");
      fuzz::require(std::isfinite(term.weight), "weights are finite");
    }
  });
  return 0;
}
