// Training checkpoints: a resumed trainer must be able to train on.
#include "checkpoint_corpus.hpp"
#include "embscope/training/word2vec_trainer.hpp"
#include "fuzz_input.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("run.ckpt");
  input.write(data, size);
  fuzz::expect_clean_failure([&] {
    auto trainer = embscope::Word2VecTrainer::resume(fuzz::checkpoint_corpus(), input.path());
    const auto before = trainer->progress();
    fuzz::require(before.words_done <= before.total_words, "the position is inside the run");
    trainer->step(50);
    fuzz::require(trainer->progress().words_done >= before.words_done, "training moves forward");
  });
  return 0;
}
