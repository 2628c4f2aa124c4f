// The evaluation-set readers: analogy questions (`: section` headers, then `a b c d` lines, the
// Google format) and word-pair similarity files (WordSim-353, SimLex-999 and the like), scored
// on a small vocabulary so that questions and pairs are found and answered.
#include <cmath>

#include "embscope/space/evaluation.hpp"
#include "embscope/space/vector_space.hpp"
#include "embscope/torch/generator.hpp"
#include "fuzz_input.hpp"

namespace fuzz = embscope::fuzz;

namespace {

const embscope::VectorSpace& space() {
  static const embscope::VectorSet set = [] {
    embscope::VectorSet words;
    for (const char* word : {"king",       "queen",  "man",     "woman", "boy",   "girl", "paris",
                             "france",     "london", "england", "tiger", "cat",   "dog",  "car",
                             "automobile", "good",   "better",  "bad",   "worse", "love", "sex"}) {
      words.vocabulary.add(word);
    }
    embscope::Generator generator(7);
    words.vectors.resize(words.vocabulary.size(), 8);
    for (Eigen::Index i = 0; i < words.vectors.size(); ++i)
      words.vectors.data()[i] = generator.uniform_float() - 0.5f;
    return words;
  }();
  static const embscope::VectorSpace space(set, 1);
  return space;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("questions.txt");
  input.write(data, size);
  fuzz::expect_clean_failure([&] {
    const auto result = embscope::evaluate_analogies(space(), input.path());
    fuzz::require(result.total.total() + result.oov_questions == result.questions,
                  "every question is answered or skipped");
    fuzz::require(result.answered.size() == static_cast<size_t>(result.total.total()),
                  "every answered question is listed");
  });
  for (const char delimiter : {'\t', ' '}) {
    fuzz::expect_clean_failure([&] {
      const auto result =
          embscope::evaluate_word_pairs(space(), input.path(), {.delimiter = delimiter});
      fuzz::require(result.gold.size() == static_cast<size_t>(result.pairs) &&
                        result.model.size() == result.gold.size(),
                    "one score per pair");
      fuzz::require(result.pairs < 3 || std::isfinite(result.spearman) || result.pairs == 0,
                    "a correlation is a number");
    });
  }
  return 0;
}
