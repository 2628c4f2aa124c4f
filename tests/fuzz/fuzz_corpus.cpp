// Training corpora (plain or gzip files): the vocabulary, counts and sentences built from them.
#include "embscope/training/corpus.hpp"
#include "fuzz_input.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("corpus.txt");
  input.write(data, size);
  const embscope::CorpusOptions options{.min_count = 2, .lowercase = true, .max_sentence = 7};
  fuzz::expect_clean_failure([&] {
    const embscope::Corpus corpus = embscope::Corpus::read({input.path()}, options);
    const auto& counts = corpus.counts();
    fuzz::require(static_cast<int64_t>(counts.size()) == corpus.vocabulary().size(),
                  "one count per word");
    for (size_t id = 0; id < counts.size(); ++id) {
      fuzz::require(counts[id] >= options.min_count, "rare words are dropped");
      fuzz::require(id == 0 || counts[id - 1] >= counts[id], "counts descend");
    }
    for (const int32_t token : corpus.tokens())
      fuzz::require(token >= 0 && token < corpus.vocabulary().size(), "tokens are word ids");
    const auto& starts = corpus.sentence_starts();
    fuzz::require(!starts.empty() && starts.front() == 0 &&
                      starts.back() == static_cast<int64_t>(corpus.tokens().size()),
                  "sentences cover the tokens");
    for (size_t s = 1; s < starts.size(); ++s) {
      fuzz::require(starts[s] > starts[s - 1] && starts[s] - starts[s - 1] <= options.max_sentence,
                    "sentences are non-empty and at most max_sentence long");
    }
  });
  return 0;
}
