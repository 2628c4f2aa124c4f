// Timing helpers for the benchmarks: medians over repetitions (the machines are shared and
// noisy, so medians, never means or minimums of a single run).
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace embscope::bench {

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

}  // namespace embscope::bench
