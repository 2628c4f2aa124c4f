// The corpus the checkpoint target resumes on, and the seed made from it: a checkpoint only
// resumes on the corpus it was written for, so both must build the very same one.
#pragma once

#include "embscope/training/corpus.hpp"

namespace embscope::fuzz {

inline const Corpus& checkpoint_corpus() {
  static const Corpus corpus = Corpus::from_text(
      "the cat sat on the mat\nthe dog sat on the log\na cat and a dog met on the mat\n"
      "the log and the mat\n",
      {.min_count = 1});
  return corpus;
}

}  // namespace embscope::fuzz
