// Euclidean norms of float vectors that stay right at the ends of the float range.
//
// A float32 component near 1e20-3e38 is finite, but its square is not (FLT_MAX is 3.4e38), so
// the obvious sqrt(sum of squares) in float gives inf, and dividing by it gives a unit vector of
// zeros (a cosine of 0); components below ~1e-19 square to denormals or zero. These helpers take
// the plain float sum of squares when it is safely inside the range (the fast path, bit for bit
// what Eigen's norm() gives) and otherwise scale the vector by its largest |component| first
// (LAPACK's snrm2 idea), so every finite vector gets its right norm and direction.
//
//   const double norm = euclidean_norm(set.vectors.row(r));   // 3.6e38 for (2e38, 3e38)
//   to_unit_length(query);                                    // in place; zero stays zero
#pragma once

#include <Eigen/Core>

#include "embscope/base/matrix.hpp"

namespace embscope {

// Squared norms in [kSafeSquaredNorm.min, kSafeSquaredNorm.max] are computed in float without
// loss: no square overflowed, and the denormal squares of tiny components are below the sum's
// precision. Products of two rows inside this range cannot overflow either (|x.y| <= |x| |y|,
// and |x|^2 + |y|^2 + 2|x.y| <= 4e36), which is what the blocked distance kernels rely on.
struct SafeSquaredNorm {
  static constexpr float min = 1e-24f;
  static constexpr float max = 1e36f;
  static bool contains(float squared) { return squared >= min && squared <= max; }
};

// The Euclidean norm of `row`, exact to float precision for every finite input, as a double
// (the norm of float values may exceed FLT_MAX: |(3e38, 3e38)| = 4.2e38). 0 for a zero row;
// inf or NaN only when a component is.
double euclidean_norm(const Eigen::Ref<const Eigen::RowVectorXf>& row);

// Scales `row` in place to unit Euclidean length (a zero row stays zero, as gensim leaves it)
// and returns its norm before scaling (euclidean_norm). On the fast path the result is
// row / sqrt(row.squaredNorm()), exactly as before these helpers.
double to_unit_length(Eigen::Ref<Eigen::RowVectorXf> row);

// The largest |value| of a matrix (0 for an empty one), for deciding whether a whole
// computation needs scaling.
float max_abs_value(const RowMatrixXf& matrix);

// Whether a matrix whose largest |value| is `max_abs` must be scaled before blocked float sums
// of squares and products (covariance, k-means distances): above 2^40 (~1.1e12), a sum of
// centred squares over a block of 4,096 rows of 4,096 dimensions can pass FLT_MAX; below 2^-40
// (when nonzero) squares approach the denormals. Scaling by a power of two is exact.
bool needs_rescaling(float max_abs);

// The power of two that brings `max_abs` into [0.5, 1): multiplying by it is exact.
double rescaling_factor(float max_abs);

}  // namespace embscope
