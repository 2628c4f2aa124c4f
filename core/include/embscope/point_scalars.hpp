// Per-point values the view colours by: one float per row, NaN where a value is not known (the
// view draws those grey).
//
//   Eigen::VectorXf colour = point_scalar(PointScalar::VectorNorm, set.vectors, positions);
#pragma once

#include <cstdint>

#include "embscope/matrix.hpp"

namespace embscope {

enum class PointScalar {
  FrequencyRank,    // -log10(rank): files list frequent words first, so frequent = high
  VectorNorm,       // Euclidean norm of the row
  KnnPreservation,  // share of 10 nearest neighbours kept by the projection (sampled rows)
};

// `sample` bounds the rows measured for KnnPreservation (the others are NaN).
Eigen::VectorXf point_scalar(PointScalar kind, const RowMatrixXf& data,
                             const Positions3D& positions, int64_t sample = 2000,
                             uint64_t seed = 0);

}  // namespace embscope
