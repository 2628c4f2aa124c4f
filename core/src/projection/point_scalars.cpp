#include "embscope/projection/point_scalars.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "embscope/base/norms.hpp"
#include "embscope/projection/kmeans.hpp"
#include "embscope/projection/pca.hpp"
#include "embscope/projection/projection.hpp"

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
    case PointScalar::VectorNorm: {
      // Right for components whose float squares overflow (a norm past FLT_MAX is inf).
      Eigen::VectorXf values(rows);
      for (Eigen::Index i = 0; i < rows; ++i)
        values(i) = static_cast<float>(euclidean_norm(data.row(i)));
      return values;
    }
    case PointScalar::Cluster: {
      const KMeans clusters = kmeans(
          data, {.clusters = static_cast<int>(std::min<int64_t>(10, rows)), .seed = seed + 1});
      Eigen::VectorXf values(rows);
      for (Eigen::Index i = 0; i < rows; ++i)
        values(i) = static_cast<float>(clusters.labels[static_cast<size_t>(i)]);
      return values;
    }
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

Eigen::VectorXf metadata_scalar(const std::vector<std::string>& column, bool* categorical) {
  const auto n = static_cast<Eigen::Index>(column.size());
  Eigen::VectorXf values(n);
  bool numeric = true;
  for (Eigen::Index i = 0; i < n && numeric; ++i) {
    const std::string& cell = column[static_cast<size_t>(i)];
    if (cell.empty()) {
      values(i) = std::numeric_limits<float>::quiet_NaN();
      continue;
    }
    float value = 0;
    const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    numeric = error == std::errc() && end == cell.data() + cell.size();
    values(i) = value;
  }
  *categorical = !numeric;
  if (numeric) return values;
  std::unordered_map<std::string, float> ids;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto [it, inserted] =
        ids.emplace(column[static_cast<size_t>(i)], static_cast<float>(ids.size()));
    values(i) = it->second;
  }
  return values;
}

}  // namespace embscope
