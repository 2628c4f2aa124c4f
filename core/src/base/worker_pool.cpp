#include "base/worker_pool.hpp"

#include <algorithm>

namespace embscope::detail {

WorkerPool::WorkerPool(int threads) {
  for (int index = 1; index < threads; ++index)
    helpers_.emplace_back([this, index] { serve(index); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& helper : helpers_) helper.join();
}

void WorkerPool::run(int count, const std::function<void(int)>& job) {
  count = std::clamp(count, 1, size());
  {
    std::lock_guard lock(mutex_);
    job_ = &job;
    count_ = count;
    running_ = count - 1;
    error_ = nullptr;
    ++generation_;
  }
  if (count > 1) work_ready_.notify_all();
  std::exception_ptr error;
  try {
    job(0);
  } catch (...) {
    error = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  work_done_.wait(lock, [this] { return running_ == 0; });
  job_ = nullptr;
  if (!error) error = error_;
  lock.unlock();
  if (error) std::rethrow_exception(error);
}

void WorkerPool::serve(int index) {
  uint64_t seen = 0;
  for (;;) {
    const std::function<void(int)>* job = nullptr;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return shutting_down_ || generation_ != seen; });
      if (shutting_down_) return;
      seen = generation_;
      if (index >= count_) continue;
      job = job_;
    }
    std::exception_ptr error;
    try {
      (*job)(index);
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    if (error && !error_) error_ = error;
    if (--running_ == 0) work_done_.notify_one();
  }
}

}  // namespace embscope::detail
