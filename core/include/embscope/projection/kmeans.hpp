// k-means clustering (Lloyd's algorithm with k-means++ seeding, Arthur & Vassilvitskii 2007):
// the view colours points by cluster to show the groups a space forms. Values whose float squares
// would overflow or vanish (near 1e20-3e38, or 1e-20) are clustered on a copy scaled by a power of
// two, which changes no assignment; centres and inertia are scaled back.
//
//   KMeans clusters = kmeans(set.vectors, {.clusters = 10, .seed = 1});
//   int32_t group_of_row_7 = clusters.labels[7];
#pragma once

#include <cstdint>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "embscope/base/task_control.hpp"

namespace embscope {

struct KMeansOptions {
  int clusters = 10;
  int max_iterations = 50;
  double tolerance = 1e-4;  // stop when the inertia improves by less than this fraction
  uint64_t seed = 1;
  int64_t seeding_sample = 20000;  // rows k-means++ draws its centres from (all if fewer)
};

struct KMeans {
  RowMatrixXf centres;          // clusters x D
  std::vector<int32_t> labels;  // one per row, 0..clusters-1
  double inertia = 0;           // sum of squared distances to the assigned centres
  int iterations = 0;
};

// Throws std::invalid_argument when clusters < 1 or exceeds the rows.
KMeans kmeans(const RowMatrixXf& data, const KMeansOptions& options = {},
              const TaskControl& control = {});

}  // namespace embscope
