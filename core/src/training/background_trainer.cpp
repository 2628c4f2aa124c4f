#include "embscope/training/background_trainer.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace embscope {
namespace {
// Enough for a reader holding one snapshot while the next two are published.
constexpr size_t kSpareSnapshots = 3;
// Bounds a step when the clock says it took almost no time.
constexpr int64_t kLargestStep = 4'000'000;
}  // namespace

BackgroundTrainer::BackgroundTrainer(Word2VecTrainer& trainer)
    : BackgroundTrainer(trainer, Options{}) {}

BackgroundTrainer::BackgroundTrainer(Word2VecTrainer& trainer, Options options)
    : trainer_(trainer), options_(options) {}

BackgroundTrainer::~BackgroundTrainer() {
  stop();
  if (thread_.joinable()) thread_.join();
}

void BackgroundTrainer::start() {
  std::unique_lock lock(mutex_);
  if (state_ == State::Running || state_ == State::Paused) return;
  if (thread_.joinable()) {
    lock.unlock();
    thread_.join();
    lock.lock();
  }
  if (trainer_.finished()) {
    state_ = State::Finished;
    changed_.notify_all();
    return;
  }
  stop_requested_ = false;
  pause_requested_ = false;
  state_ = State::Running;
  thread_ = std::thread([this] { run(); });
}

void BackgroundTrainer::step(int64_t words) {
  std::unique_lock lock(mutex_);
  if (state_ == State::Running) return;  // already moving: Pause first
  pause_at_ = trainer_.progress().words_done + std::max<int64_t>(1, words);
  if (state_ == State::Paused) {
    pause_requested_ = false;
    changed_.notify_all();
    return;
  }
  lock.unlock();
  start();
}

void BackgroundTrainer::pause() {
  std::lock_guard lock(mutex_);
  if (state_ == State::Running) pause_requested_ = true;
  changed_.notify_all();
}

void BackgroundTrainer::resume() {
  std::lock_guard lock(mutex_);
  pause_requested_ = false;
  pause_at_ = -1;
  changed_.notify_all();
}

void BackgroundTrainer::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
    changed_.notify_all();
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

BackgroundTrainer::State BackgroundTrainer::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::string BackgroundTrainer::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

std::shared_ptr<const TrainingSnapshot> BackgroundTrainer::latest() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

void BackgroundTrainer::wait() const {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] {
    return state_ == State::Finished || state_ == State::Stopped || state_ == State::Failed;
  });
}

// Runs on the training thread, between steps: the copy is the only pause training takes.
void BackgroundTrainer::publish() {
  const auto start = std::chrono::steady_clock::now();
  std::shared_ptr<TrainingSnapshot> snapshot;
  {
    std::lock_guard lock(mutex_);
    for (auto& spare : spares_) {
      if (spare && spare.use_count() == 1) {
        snapshot = std::move(spare);
        break;
      }
    }
  }
  if (!snapshot) snapshot = std::make_shared<TrainingSnapshot>();
  trainer_.copy_input_to(snapshot->input);
  snapshot->changed_rows = trainer_.take_changed_rows();
  snapshot->progress = trainer_.progress();
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

void BackgroundTrainer::run() {
  using Clock = std::chrono::steady_clock;
  auto last_publish = Clock::now();
  bool stopped = false;
  try {
    // The spare tables are faulted in before training starts (a fresh 20 MB table takes this
    // machine's kernel tens of milliseconds to hand out), so no snapshot pauses training for it.
    for (size_t i = 0; i < kSpareSnapshots; ++i) {
      auto spare = std::make_shared<TrainingSnapshot>();
      spare->input = trainer_.input().weight();
      std::lock_guard lock(mutex_);
      if (spares_.size() < kSpareSnapshots) spares_.push_back(std::move(spare));
    }
    publish();
    int64_t step_words = options_.step_words;
    for (;;) {
      int64_t words = step_words;
      {
        std::unique_lock lock(mutex_);
        if (pause_at_ >= 0) {
          const int64_t left = pause_at_ - trainer_.progress().words_done;
          if (left <= 0) {
            pause_requested_ = true;
            pause_at_ = -1;
          } else {
            words = std::min(words, left);
          }
        }
        if (pause_requested_ && !stop_requested_) {
          // The snapshot of the paused table is out before anyone can see the Paused state.
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
      const bool more = trainer_.step(words);
      const double step_seconds = std::chrono::duration<double>(Clock::now() - step_start).count();
      if (words == step_words && step_seconds > 0) {
        const double target = std::chrono::duration<double>(options_.step_duration).count();
        // Half way to the new estimate: one step slowed by a preempted thread barely matters.
        const double estimate = static_cast<double>(words) * target / step_seconds;
        step_words =
            std::clamp(static_cast<int64_t>(0.5 * static_cast<double>(words) + 0.5 * estimate),
                       options_.step_words, std::max<int64_t>(options_.step_words, kLargestStep));
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
      publish();  // the state the trainer stopped in
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

}  // namespace embscope
