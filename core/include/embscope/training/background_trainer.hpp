// BackgroundTrainer: runs a Word2VecTrainer on its own thread, so that a view can watch the
// space form: start, pause, resume and stop at any time, and read a snapshot of the input table
// (with the rows changed since the previous snapshot and the progress) published every
// `snapshot_interval`. Publishing copies the table between two training steps, so the trainer
// stops only for that copy (about a millisecond for 50,000 x 100) and never waits for a reader.
//
//   BackgroundTrainer run(trainer);
//   run.start();
//   // in a 30 Hz timer:
//   if (auto snapshot = run.latest(); snapshot && snapshot->serial != shown) show(*snapshot);
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
  enum class State { Idle, Running, Paused, Finished, Stopped, Failed };

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
  ~BackgroundTrainer();  // stops and joins
  BackgroundTrainer(const BackgroundTrainer&) = delete;
  BackgroundTrainer& operator=(const BackgroundTrainer&) = delete;

  void start();  // from Idle (or Stopped: continues where it stopped)
  // Trains the next `words` corpus positions, then pauses (a "Step" button); from any state.
  void step(int64_t words);
  void pause();  // the thread waits; a snapshot of the paused state is published
  void resume();
  void stop();  // ends the thread after the current step; the trainer keeps its position
  State state() const;
  // The error message when the state is Failed.
  std::string error() const;

  // The newest snapshot (null before the first). Cheap; safe from any thread.
  std::shared_ptr<const TrainingSnapshot> latest() const;
  // Blocks until the state is Finished, Stopped or Failed.
  void wait() const;

 private:
  void run();
  void publish();

  Word2VecTrainer& trainer_;
  Options options_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  State state_ = State::Idle;
  bool stop_requested_ = false;
  bool pause_requested_ = false;
  int64_t pause_at_ = -1;  // pause when the trainer reaches this position (-1: never)
  std::string error_;
  std::shared_ptr<TrainingSnapshot> latest_;
  // Earlier snapshots, reused for the next one once no reader holds them, so publishing copies
  // into warm memory instead of faulting in a fresh table.
  std::vector<std::shared_ptr<TrainingSnapshot>> spares_;
  uint64_t serial_ = 0;
  std::thread thread_;
};

}  // namespace embscope
