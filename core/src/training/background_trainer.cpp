#include "embscope/training/background_trainer.hpp"

#include <utility>

namespace embscope {
namespace {
// Bounds a step when the clock says it took almost no time.
constexpr int64_t kLargestStep = 4'000'000;

BackgroundStepper<TrainingSnapshot>::Work training_work(Word2VecTrainer& trainer) {
  return {
      // A training step is short (about `step_duration`): stop waits for its end instead of
      // cancelling it, so the trainer always stops between two steps.
      .step = [&trainer](int64_t words, const TaskControl&) { return trainer.step(words); },
      .position = [&trainer] { return trainer.progress().words_done; },
      .finished = [&trainer] { return trainer.finished(); },
      .fill =
          [&trainer](TrainingSnapshot& snapshot) {
            trainer.copy_input_to(snapshot.input);
            snapshot.changed_rows = trainer.take_changed_rows();
            snapshot.progress = trainer.progress();
          },
      .reserve =
          [&trainer](TrainingSnapshot& snapshot) { snapshot.input = trainer.input().weight(); },
  };
}
}  // namespace

BackgroundTrainer::BackgroundTrainer(Word2VecTrainer& trainer)
    : BackgroundTrainer(trainer, Options{}) {}

BackgroundTrainer::BackgroundTrainer(Word2VecTrainer& trainer, Options options)
    : stepper_(training_work(trainer), {.snapshot_interval = options.snapshot_interval,
                                        .step_units = options.step_words,
                                        .largest_step = kLargestStep,
                                        .step_duration = options.step_duration,
                                        .on_publish = std::move(options.on_publish)}) {}

}  // namespace embscope
