// Private to the core: a fixed set of threads that run one job at a time, each call of the job
// with its thread's index; the calling thread takes part as index 0. For work split into steps
// of a few milliseconds (the live training view), where starting and joining a thread per step
// cost a noticeable share of the step.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace embscope::detail {

class WorkerPool {
 public:
  // `threads` in all, the caller's included.
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return static_cast<int>(helpers_.size()) + 1; }
  // Runs job(0) .. job(count - 1), each on its own thread (count <= size()), and returns when
  // all have returned; rethrows the first exception one of them threw.
  void run(int count, const std::function<void(int)>& job);

 private:
  void serve(int index);

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  const std::function<void(int)>* job_ = nullptr;
  int count_ = 0;
  int running_ = 0;  // helpers still in the current job
  uint64_t generation_ = 0;
  bool shutting_down_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> helpers_;
};

}  // namespace embscope::detail
