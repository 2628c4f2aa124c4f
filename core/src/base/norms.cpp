#include "embscope/base/norms.hpp"

#include <cmath>

namespace embscope {

double euclidean_norm(const Eigen::Ref<const Eigen::RowVectorXf>& row) {
  const float squared = row.squaredNorm();
  if (SafeSquaredNorm::contains(squared)) return std::sqrt(static_cast<double>(squared));
  const float largest = row.size() > 0 ? row.cwiseAbs().maxCoeff() : 0.0f;
  if (largest == 0 || !std::isfinite(largest)) return largest;
  // Divided by its largest |component|, the row has components in [-1, 1] and one of them is
  // +-1: its sum of squares lies in [1, size] (components far below the largest become 0, which
  // is below float precision of the sum anyway).
  const Eigen::RowVectorXf scaled = row / largest;
  return static_cast<double>(largest) * std::sqrt(static_cast<double>(scaled.squaredNorm()));
}

double to_unit_length(Eigen::Ref<Eigen::RowVectorXf> row) {
  const float squared = row.squaredNorm();
  if (SafeSquaredNorm::contains(squared)) {
    row /= std::sqrt(squared);
    return std::sqrt(static_cast<double>(squared));
  }
  const double norm = euclidean_norm(row);
  if (norm == 0) return 0;
  if (!std::isfinite(norm)) {
    row /= static_cast<float>(norm);  // inf or NaN in, NaN out: never a silent zero vector
    return norm;
  }
  const float largest = row.cwiseAbs().maxCoeff();
  row /= largest;
  row /= row.norm();
  return norm;
}

float max_abs_value(const RowMatrixXf& matrix) {
  return matrix.size() > 0 ? matrix.cwiseAbs().maxCoeff() : 0.0f;
}

bool needs_rescaling(float max_abs) {
  constexpr float kLarge = 0x1p40f;
  constexpr float kSmall = 0x1p-40f;
  return max_abs > kLarge || (max_abs > 0 && max_abs < kSmall);
}

double rescaling_factor(float max_abs) {
  if (!(max_abs > 0) || !std::isfinite(max_abs)) return 1.0;
  int exponent = 0;
  std::frexp(max_abs, &exponent);  // max_abs = m * 2^exponent, m in [0.5, 1)
  return std::ldexp(1.0, -exponent);
}

}  // namespace embscope
