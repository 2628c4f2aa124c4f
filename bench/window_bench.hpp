// Shared by the benchmarks that drive the real main window (interaction, soak): running the event
// loop until something happened, and a large synthetic data set to open.
#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <functional>
#include <random>
#include <string>

#include "embscope/vectors/vector_io.hpp"

namespace embscope::bench {

// Processes events until `done` holds or `timeout_ms` passed.
inline void wait_for(const std::function<bool()>& done, int timeout_ms = 300000) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < timeout_ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  }
}

// Writes `rows` x `dim` Gaussian vectors (sigma 0.4, GloVe's scale) named w0, w1, ... to `path`
// in the format of its extension.
inline void write_random_vectors(const std::string& path, int rows, int dim, unsigned seed) {
  VectorSet set;
  std::mt19937 random(seed);
  std::normal_distribution<float> normal(0.0f, 0.4f);
  set.vectors.resize(rows, dim);
  for (Eigen::Index i = 0; i < set.vectors.size(); ++i) set.vectors.data()[i] = normal(random);
  set.vocabulary.reserve(static_cast<size_t>(rows));
  for (int r = 0; r < rows; ++r) set.vocabulary.add("w" + std::to_string(r));
  write_vectors(set, path);
}

}  // namespace embscope::bench
