#include "embscope/point_scalars.hpp"

#include <cmath>
#include <limits>

#include "embscope/pca.hpp"
#include "embscope/projection.hpp"

namespace embscope {

Eigen::VectorXf point_scalar(PointScalar kind, const RowMatrixXf& data,
                             const Positions3D& positions, int64_t sample, uint64_t seed) {
  const Eigen::Index rows = data.rows();
  switch (kind) {
    case PointScalar::FrequencyRank: {
      Eigen::VectorXf values(rows);
      for (Eigen::Index i = 0; i < rows; ++i) values(i) = -std::log10(static_cast<float>(i) + 1.0f);
      return values;
    }
    case PointScalar::VectorNorm:
      return data.rowwise().norm();
    case PointScalar::KnnPreservation: {
      Eigen::VectorXf values =
          Eigen::VectorXf::Constant(rows, std::numeric_limits<float>::quiet_NaN());
      const std::vector<int64_t> measured = sample_rows(rows, std::min(sample, rows), seed);
      const std::vector<float> kept = knn_preservation(data, positions, measured);
      for (size_t i = 0; i < measured.size(); ++i) values(measured[i]) = kept[i];
      return values;
    }
  }
  return Eigen::VectorXf::Zero(rows);
}

}  // namespace embscope
