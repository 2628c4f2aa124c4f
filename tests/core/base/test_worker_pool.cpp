// The trainer's private thread pool: every index runs once per job on its own thread, job after
// job, and a failure in one thread reaches the caller without breaking the pool.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "base/worker_pool.hpp"

using embscope::detail::WorkerPool;

TEST(WorkerPool, EveryIndexRunsOnceOnItsOwnThreadJobAfterJob) {
  WorkerPool pool(4);
  ASSERT_EQ(pool.size(), 4);
  for (int job = 0; job < 200; ++job) {
    const int count = 1 + job % 4;
    std::vector<std::atomic<int>> runs(4);
    std::mutex mutex;
    std::set<std::thread::id> threads;
    pool.run(count, [&](int index) {
      runs[static_cast<size_t>(index)].fetch_add(1);
      std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
    });
    for (int i = 0; i < 4; ++i) ASSERT_EQ(runs[static_cast<size_t>(i)].load(), i < count ? 1 : 0);
    ASSERT_EQ(threads.size(), static_cast<size_t>(count));
    ASSERT_TRUE(threads.count(std::this_thread::get_id()));  // index 0: the caller
  }
}

TEST(WorkerPool, AFailureReachesTheCallerAndThePoolGoesOn) {
  WorkerPool pool(3);
  EXPECT_THROW(pool.run(3,
                        [](int index) {
                          if (index == 2) throw std::runtime_error("helper failed");
                        }),
               std::runtime_error);
  EXPECT_THROW(pool.run(3,
                        [](int index) {
                          if (index == 0) throw std::runtime_error("caller failed");
                        }),
               std::runtime_error);
  std::atomic<int> sum{0};
  pool.run(3, [&](int index) { sum += index + 1; });
  EXPECT_EQ(sum.load(), 6);
}
