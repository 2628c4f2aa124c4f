// Trustworthiness (Venna & Kaski 2001; scikit-learn's sklearn.manifold.trustworthiness): how far
// a layout's k nearest neighbours are from being the data's own,
//
//   T(k) = 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in U_i} max(0, r(i, j) - k),
//
// where U_i are the k nearest rows of i in the layout and r(i, j) the rank of j among i's
// neighbours in the data (1 = nearest). 1 is perfect. On large sets it is measured over a seeded
// sample of rows i (each still ranked against every row), an unbiased estimate of the full sum;
// with at most `sample` rows it is exact and equals scikit-learn's (ties aside).
//
//   double t = trustworthiness(set.vectors, layout.positions, {.k = 15});
#pragma once

#include <cstdint>

#include "embscope/base/matrix.hpp"
#include "embscope/base/task_control.hpp"
#include "embscope/space/neighbour_search.hpp"

namespace embscope {

struct TrustworthinessOptions {
  int k = 15;
  Metric metric = Metric::Cosine;  // in the data; the layout is always Euclidean
  int64_t sample = 2000;           // rows i measured (all when the set has no more)
  uint64_t seed = 0;
};

// `data` rows x D, `layout` 3 x rows (a 2D layout with z = 0). Throws std::invalid_argument
// for sizes that disagree, Metric::Dot, or k outside [1, rows / 2) (the formula's range).
double trustworthiness(const RowMatrixXf& data, const Positions3D& layout,
                       const TrustworthinessOptions& options = {}, const TaskControl& control = {});

}  // namespace embscope
