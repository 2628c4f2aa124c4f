// Principal component analysis of an embedding matrix, and projection of its rows to 3D.
//
// The exact path: centre the rows, accumulate the covariance in double precision over blocks of
// rows on several threads, and solve it with Eigen's SelfAdjointEigenSolver. Variances use the
// unbiased (n - 1) normalisation, as scikit-learn's PCA does.
//
// Sign rule (so the same data always gives the same picture): each component is flipped so that
// its coefficient of largest magnitude is positive (scikit-learn >= 1.5's `svd_flip` on V).
//
//   Pca pca = fit_pca(set.vectors, 3);
//   Positions3D xyz = project_rows(set.vectors, pca, {0, 1, 2});
#pragma once

#include <array>

#include "embscope/matrix.hpp"
#include "embscope/task_control.hpp"

namespace embscope {

struct Pca {
  Eigen::RowVectorXf mean;                   // 1 x D
  RowMatrixXf components;                    // K x D, orthonormal rows, sign-normalised
  Eigen::VectorXd explained_variance;        // K, descending
  Eigen::VectorXd explained_variance_ratio;  // K, each variance over the total variance
  double total_variance = 0;                 // sum of all D variances
};

// Fits the top `components` principal axes (clamped to the dimension). Needs at least 2 rows.
Pca fit_pca(const RowMatrixXf& data, int components, const TaskControl& control = {});

// Projects every row onto three of the fitted components (indices into pca.components). An index
// beyond the fitted components, as for 2-D data, gives a zero coordinate.
Positions3D project_rows(const RowMatrixXf& data, const Pca& pca,
                         std::array<int, 3> axes = {0, 1, 2});

}  // namespace embscope
