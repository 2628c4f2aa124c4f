// Per-point values the view colours by: one float per row, NaN where a value is not known (the
// view draws those grey).
//
//   Eigen::VectorXf colour = point_scalar(PointScalar::VectorNorm, set.vectors, positions);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "embscope/base/matrix.hpp"

namespace embscope {

enum class PointScalar {
  FrequencyRank,    // -log10(rank): files list frequent words first, so frequent = high
  VectorNorm,       // Euclidean norm of the row
  KnnPreservation,  // share of 10 nearest neighbours kept by the projection (sampled rows)
  Cluster,          // k-means cluster id (10 clusters, seeded)
};

// `sample` bounds the rows measured for KnnPreservation (the others are NaN).
Eigen::VectorXf point_scalar(PointScalar kind, const RowMatrixXf& data,
                             const Positions3D& positions, int64_t sample = 2000,
                             uint64_t seed = 0);

// A metadata column as values: numbers when every non-empty cell is one (empty cells NaN), else
// category ids in order of first appearance (*categorical tells which).
Eigen::VectorXf metadata_scalar(const std::vector<std::string>& column, bool* categorical);

}  // namespace embscope
