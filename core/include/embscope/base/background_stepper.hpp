// BackgroundStepper: runs stepwise work (word2vec training, an iterative layout) on its own
// thread, so that a view can watch it progress: start, pause, resume, step and stop at any time,
// and read the newest snapshot, published every `snapshot_interval`. Publishing fills a snapshot
// between two steps, so the work stops only for that copy and never waits for a reader.
// BackgroundTrainer (training) and run_layout_in_background (projection) are its two users.
//
// The work is given as functions (type-erased) over "units": corpus positions for training,
// iterations for a layout. Steps are sized from the measured speed to last about
// `step_duration`, between `step_units` and `largest_step`.
//
// `Snapshot` is any default-constructible type with `uint64_t serial` (1, 2, 3, ... in
// publication order) and `double pause_seconds` (how long the work waited for the copy); the
// stepper sets both, Work::fill the rest.
//
//   BackgroundStepper<MySnapshot> run({.step = ..., .position = ..., .finished = ..., .fill =
//   ...}); run.start();
//   // in a 30 Hz timer:
//   if (auto snapshot = run.latest(); snapshot && snapshot->serial != shown) show(*snapshot);
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "embscope/base/task_control.hpp"

namespace embscope {

enum class StepperState { Idle, Running, Paused, Finished, Stopped, Failed };

template <class Snapshot>
class BackgroundStepper {
 public:
  using State = StepperState;

  struct Work {
    // Advances by `units`; returns false once the work is done. `control` is cancelled by
    // stop(): a long step may throw Cancelled at a safe point (the stepper reports Stopped) and
    // must leave the work where a later start() can continue from.
    std::function<bool(int64_t units, const TaskControl& control)> step;
    std::function<int64_t()> position;  // units done so far
    std::function<bool()> finished;     // true when there is nothing left to do
    // Writes the current state into `snapshot`, an earlier one reused (so every field it owns
    // must be written); runs on the stepper's thread between steps.
    std::function<void(Snapshot& snapshot)> fill;
    // Optional: gives a spare snapshot its memory before the first step (a fresh 20 MB table
    // takes this machine's kernel tens of milliseconds to hand out), so that no publication
    // pauses the work for it.
    std::function<void(Snapshot& snapshot)> reserve = nullptr;
  };

  struct Options {
    std::chrono::milliseconds snapshot_interval{33};
    // Units in the first step and the fewest in any step; later steps are sized from the
    // measured speed to last about `step_duration`, at most `largest_step` units.
    int64_t step_units = 1;
    int64_t largest_step = 4'000'000;
    std::chrono::milliseconds step_duration{30};
    // Called on the stepper's thread after each snapshot is published (a view wakes its reader
    // with it instead of polling); must be cheap and must not call back into this object.
    std::function<void()> on_publish = nullptr;
  };

  // The work's functions must stay valid while this object lives.
  BackgroundStepper(Work work, Options options)
      : work_(std::move(work)), options_(std::move(options)) {}
  ~BackgroundStepper() {  // stops and joins
    stop();
    if (thread_.joinable()) thread_.join();
  }
  BackgroundStepper(const BackgroundStepper&) = delete;
  BackgroundStepper& operator=(const BackgroundStepper&) = delete;

  // From Idle (or Stopped: continues where it stopped); Finished at once when nothing is left.
  void start() {
    std::unique_lock lock(mutex_);
    if (state_ == State::Running || state_ == State::Paused) return;
    if (thread_.joinable()) {
      lock.unlock();
      thread_.join();
      lock.lock();
    }
    if (work_.finished()) {
      state_ = State::Finished;
      changed_.notify_all();
      return;
    }
    stop_requested_ = false;
    cancel_.store(false);
    pause_requested_ = false;
    state_ = State::Running;
    thread_ = std::thread([this] { run(); });
  }

  // Does the next `units`, then pauses (a "Step" button); from any state but Running.
  void step(int64_t units) {
    std::unique_lock lock(mutex_);
    if (state_ == State::Running) return;  // already moving: Pause first
    pause_at_ = work_.position() + std::max<int64_t>(1, units);
    if (state_ == State::Paused) {
      pause_requested_ = false;
      changed_.notify_all();
      return;
    }
    lock.unlock();
    start();
  }

  void pause() {  // the thread waits after this step; a snapshot of the paused state is published
    std::lock_guard lock(mutex_);
    if (state_ == State::Running) pause_requested_ = true;
    changed_.notify_all();
  }

  void resume() {
    std::lock_guard lock(mutex_);
    pause_requested_ = false;
    pause_at_ = -1;
    changed_.notify_all();
  }

  // Ends the thread after the current step (or at a safe point inside it); the work keeps its
  // position.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stop_requested_ = true;
      cancel_.store(true);
      changed_.notify_all();
    }
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  }

  State state() const {
    std::lock_guard lock(mutex_);
    return state_;
  }
  // The error message when the state is Failed.
  std::string error() const {
    std::lock_guard lock(mutex_);
    return error_;
  }
  // The newest snapshot (null before the first). Cheap; safe from any thread.
  std::shared_ptr<const Snapshot> latest() const {
    std::lock_guard lock(mutex_);
    return latest_;
  }
  // Blocks until the state is Finished, Stopped or Failed.
  void wait() const {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] {
      return state_ == State::Finished || state_ == State::Stopped || state_ == State::Failed;
    });
  }

 private:
  // Enough for a reader holding one snapshot while the next two are published.
  static constexpr size_t kSpareSnapshots = 3;

  // Runs on the stepper's thread, between steps: the copy is the only pause the work takes.
  void publish() {
    const auto start = std::chrono::steady_clock::now();
    std::shared_ptr<Snapshot> snapshot;
    {
      std::lock_guard lock(mutex_);
      for (auto& spare : spares_) {
        if (spare && spare.use_count() == 1) {
          snapshot = std::move(spare);
          break;
        }
      }
    }
    if (!snapshot) snapshot = std::make_shared<Snapshot>();
    work_.fill(*snapshot);
    snapshot->pause_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    {
      std::lock_guard lock(mutex_);
      snapshot->serial = ++serial_;
      auto previous = std::exchange(latest_, std::move(snapshot));
      std::erase(spares_, nullptr);
      if (previous && spares_.size() < kSpareSnapshots) spares_.push_back(std::move(previous));
    }
    if (options_.on_publish) options_.on_publish();
  }

  void run() {
    using Clock = std::chrono::steady_clock;
    auto last_publish = Clock::now();
    bool stopped = false;
    TaskControl control;
    control.cancel_requested = &cancel_;
    try {
      if (work_.reserve) {
        for (size_t i = 0; i < kSpareSnapshots; ++i) {
          auto spare = std::make_shared<Snapshot>();
          work_.reserve(*spare);
          std::lock_guard lock(mutex_);
          if (spares_.size() < kSpareSnapshots) spares_.push_back(std::move(spare));
        }
      }
      publish();
      int64_t step_units = options_.step_units;
      for (;;) {
        int64_t units = step_units;
        {
          std::unique_lock lock(mutex_);
          if (pause_at_ >= 0) {
            const int64_t left = pause_at_ - work_.position();
            if (left <= 0) {
              pause_requested_ = true;
              pause_at_ = -1;
            } else {
              units = std::min(units, left);
            }
          }
          if (pause_requested_ && !stop_requested_) {
            // The snapshot of the paused state is out before anyone can see the Paused state.
            lock.unlock();
            publish();
            lock.lock();
            state_ = State::Paused;
            changed_.notify_all();
            changed_.wait(lock, [this] { return !pause_requested_ || stop_requested_; });
            if (!stop_requested_) {
              state_ = State::Running;
              changed_.notify_all();
              continue;  // a Step may have set a new pause position
            }
          }
          if (stop_requested_) {
            stopped = true;
            break;
          }
        }
        const auto step_start = Clock::now();
        bool more = true;
        try {
          more = work_.step(units, control);
        } catch (const Cancelled&) {
          stopped = true;
          break;
        }
        const double step_seconds =
            std::chrono::duration<double>(Clock::now() - step_start).count();
        if (units == step_units && step_seconds > 0) {
          const double target = std::chrono::duration<double>(options_.step_duration).count();
          // Half way to the new estimate: one step slowed by a preempted thread barely matters.
          const double estimate = static_cast<double>(units) * target / step_seconds;
          step_units = std::clamp(
              static_cast<int64_t>(0.5 * static_cast<double>(units) + 0.5 * estimate),
              options_.step_units, std::max<int64_t>(options_.step_units, options_.largest_step));
        }
        if (!more) {
          publish();
          std::lock_guard lock(mutex_);
          state_ = State::Finished;
          break;
        }
        // Publishing at the step end nearest to the interval, not the first one after it, keeps
        // the snapshot rate at 1 / snapshot_interval instead of one step's length lower.
        if (Clock::now() - last_publish + std::chrono::duration<double>(step_seconds / 2) >=
            options_.snapshot_interval) {
          publish();
          last_publish = Clock::now();
        }
      }
      if (stopped) {
        publish();  // the state the work stopped in
        std::lock_guard lock(mutex_);
        state_ = State::Stopped;
      }
    } catch (const std::exception& error) {
      std::lock_guard lock(mutex_);
      error_ = error.what();
      state_ = State::Failed;
    }
    changed_.notify_all();
  }

  Work work_;
  Options options_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  State state_ = State::Idle;
  bool stop_requested_ = false;
  bool pause_requested_ = false;
  std::atomic<bool> cancel_{false};  // stop() also cancels a step in progress
  int64_t pause_at_ = -1;            // pause when the work reaches this position (-1: never)
  std::string error_;
  std::shared_ptr<Snapshot> latest_;
  // Earlier snapshots, reused for the next one once no reader holds them, so publishing copies
  // into warm memory instead of faulting in a fresh one.
  std::vector<std::shared_ptr<Snapshot>> spares_;
  uint64_t serial_ = 0;
  std::thread thread_;
};

}  // namespace embscope
