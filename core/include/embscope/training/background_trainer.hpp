// BackgroundTrainer: runs a Word2VecTrainer on its own thread, so that a view can watch the
// space form: start, pause, resume and stop at any time, and read a snapshot of the input table
// (with the rows changed since the previous snapshot and the progress) published every
// `snapshot_interval`. Publishing copies the table between two training steps, so the trainer
// stops only for that copy (about a millisecond for 50,000 x 100) and never waits for a reader.
// The thread, pausing, stepping and publishing are BackgroundStepper's (shared with layouts);
// this class says what a step and a snapshot of training are.
//
//   BackgroundTrainer run(trainer);
//   run.start();
//   // in a 30 Hz timer:
//   if (auto snapshot = run.latest(); snapshot && snapshot->serial != shown) show(*snapshot);
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "embscope/base/background_stepper.hpp"
#include "embscope/base/matrix.hpp"
#include "embscope/training/word2vec_trainer.hpp"

namespace embscope {

struct TrainingSnapshot {
  uint64_t serial = 0;                // 1, 2, 3, ... in publication order
  RowMatrixXf input;                  // the input table when the snapshot was taken
  std::vector<int64_t> changed_rows;  // input rows updated since the previous snapshot
  TrainingProgress progress;
  double pause_seconds = 0;  // how long training waited while this snapshot was taken
};

class BackgroundTrainer {
 public:
  using State = StepperState;

  struct Options {
    std::chrono::milliseconds snapshot_interval{33};
    // Corpus positions in the first step and the fewest in any step. Later steps are sized from
    // the measured speed to last about `step_duration`: short enough that pause, stop and
    // snapshots wait only that long for the current step to end, long enough that the end of a
    // step costs little (each step splits its positions among the trainer's threads and waits
    // for the slowest). A step a little shorter than the snapshot interval lets every step end
    // publish one: 15 ms steps gave 22 snapshots a second and twice the step ends.
    int64_t step_words = 8000;
    std::chrono::milliseconds step_duration{30};
    // Called on the training thread after each snapshot is published (a view wakes its reader
    // with it instead of polling); must be cheap and must not call back into this object.
    std::function<void()> on_publish = nullptr;
  };

  // The trainer must outlive this object and must not be used elsewhere while it runs.
  explicit BackgroundTrainer(Word2VecTrainer& trainer);
  BackgroundTrainer(Word2VecTrainer& trainer, Options options);
  ~BackgroundTrainer() = default;  // the stepper stops and joins
  BackgroundTrainer(const BackgroundTrainer&) = delete;
  BackgroundTrainer& operator=(const BackgroundTrainer&) = delete;

  void start() { stepper_.start(); }  // from Idle (or Stopped: continues where it stopped)
  // Trains the next `words` corpus positions, then pauses (a "Step" button); from any state.
  void step(int64_t words) { stepper_.step(words); }
  void pause() { stepper_.pause(); }  // the thread waits; a snapshot of the paused state is out
  void resume() { stepper_.resume(); }
  // Ends the thread after the current step; the trainer keeps its position.
  void stop() { stepper_.stop(); }
  State state() const { return stepper_.state(); }
  // The error message when the state is Failed.
  std::string error() const { return stepper_.error(); }

  // The newest snapshot (null before the first). Cheap; safe from any thread.
  std::shared_ptr<const TrainingSnapshot> latest() const { return stepper_.latest(); }
  // Blocks until the state is Finished, Stopped or Failed.
  void wait() const { stepper_.wait(); }

 private:
  BackgroundStepper<TrainingSnapshot> stepper_;
};

}  // namespace embscope
