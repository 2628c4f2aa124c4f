// Progress reporting, cooperative cancellation and pausing for long work (loading, PCA,
// training, layouts).
//
// Long operations take a `const TaskControl&`; they call `report(done, total)` now and then and
// `throw_if_cancelled()` at safe points; stepwise work (a layout's iterations) also calls
// `wait_while_paused()` between steps. The caller (CLI progress bar, GUI worker thread) owns the
// callback and the flags.
//
//   std::atomic<bool> cancel{false};
//   TaskControl control{[](uint64_t done, uint64_t total) { ... }, &cancel};
//   VectorSet set = read_vectors(path, {}, control);
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <thread>

namespace embscope {

// Thrown by throw_if_cancelled(); callers treat it as "the user asked to stop", not as an error.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

struct TaskControl {
  // Called with the units done so far and the total (bytes for I/O). May be empty.
  std::function<void(uint64_t done, uint64_t total)> on_progress;
  // Set to true by another thread to ask the task to stop. May be null.
  const std::atomic<bool>* cancel_requested = nullptr;
  // While true (set by another thread), stepwise work waits between steps. May be null.
  const std::atomic<bool>* pause_requested = nullptr;

  bool cancelled() const {
    return cancel_requested != nullptr && cancel_requested->load(std::memory_order_relaxed);
  }
  void throw_if_cancelled() const {
    if (cancelled()) throw Cancelled();
  }
  bool paused() const {
    return pause_requested != nullptr && pause_requested->load(std::memory_order_relaxed);
  }
  // Returns once not paused; throws Cancelled when cancelled meanwhile. Polls every 5 ms: a
  // paused task then also wakes for a cancel without anyone having to notify it.
  void wait_while_paused() const {
    while (paused()) {
      throw_if_cancelled();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    throw_if_cancelled();
  }
  void report(uint64_t done, uint64_t total) const {
    if (on_progress) on_progress(done, total);
  }
};

}  // namespace embscope
