#include "embscope/projection/projection.hpp"

#include <Eigen/SVD>
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "embscope/base/norms.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/space/neighbour_search.hpp"

namespace embscope {

Projection Projection::from_pca(const Pca& pca, std::array<int, 3> components) {
  Projection p;
  const Eigen::Index dim = pca.components.cols();
  p.basis = Eigen::Matrix<float, 3, Eigen::Dynamic>::Zero(3, dim);
  for (int a = 0; a < 3; ++a) {
    const int c = components[static_cast<size_t>(a)];
    if (c >= 0 && c < pca.components.rows()) {
      p.basis.row(a) = pca.components.row(c);
      char label[64];
      std::snprintf(label, sizeof(label), "PC%d (%.1f%%)", c + 1,
                    100.0 * pca.explained_variance_ratio(c));
      p.labels[static_cast<size_t>(a)] = label;
    }
  }
  p.centre = pca.mean;
  p.spherize = pca.spherize;
  p.after = pca.spherize_mean_after;
  return p;
}

Positions3D Projection::apply(const RowMatrixXf& data) const {
  Positions3D positions(3, data.rows());
  constexpr Eigen::Index kBlock = 16384;
  for (Eigen::Index start = 0; start < data.rows(); start += kBlock) {
    const Eigen::Index count = std::min(kBlock, data.rows() - start);
    RowMatrixXf rows = data.middleRows(start, count).rowwise() - centre;
    if (spherize) {
      for (Eigen::Index r = 0; r < count; ++r) to_unit_length(rows.row(r));
      if (after.size() == rows.cols()) rows.rowwise() -= after;
    }
    positions.middleCols(start, count).noalias() = basis * rows.transpose();
  }
  return positions;
}

Positions3D project_rows(const RowMatrixXf& data, const Pca& pca, std::array<int, 3> axes) {
  return Projection::from_pca(pca, axes).apply(data);
}

Projection custom_axes(const VectorSpace& space, const std::vector<AxisDefinition>& axes,
                       bool orthogonalise) {
  if (axes.empty() || axes.size() > 3) throw std::invalid_argument("give one to three axes");
  const VectorSet& set = space.set();
  Projection p;
  p.basis = Eigen::Matrix<float, 3, Eigen::Dynamic>::Zero(3, set.dim());
  p.centre = set.vectors.colwise().mean();
  for (size_t a = 0; a < axes.size(); ++a) {
    const AxisDefinition& axis = axes[a];
    Eigen::RowVectorXf direction = Eigen::RowVectorXf::Zero(set.dim());
    std::string label = axis.label;
    if (!axis.expression.empty()) {
      for (const WeightedWord& term : parse_vector_expression(axis.expression).terms) {
        direction += term.weight * set.vectors.row(space.index_of(term.word));
      }
      if (label.empty()) label = axis.expression;
    } else {
      if (axis.positive_group.empty()) throw std::invalid_argument("an axis needs words");
      for (const auto& word : axis.positive_group)
        direction += set.vectors.row(space.index_of(word));
      direction /= static_cast<float>(axis.positive_group.size());
      if (!axis.negative_group.empty()) {
        Eigen::RowVectorXf other = Eigen::RowVectorXf::Zero(set.dim());
        for (const auto& word : axis.negative_group) other += set.vectors.row(space.index_of(word));
        direction -= other / static_cast<float>(axis.negative_group.size());
      }
      if (label.empty()) {
        label = axis.positive_group.front() +
                (axis.negative_group.empty() ? "" : " - " + axis.negative_group.front());
      }
    }
    if (orthogonalise) {
      for (size_t previous = 0; previous < a; ++previous) {
        direction -= direction.dot(p.basis.row(static_cast<Eigen::Index>(previous))) *
                     p.basis.row(static_cast<Eigen::Index>(previous));
      }
    }
    if (!(euclidean_norm(direction) > 1e-12)) {
      throw std::invalid_argument("axis '" + escape_invalid_utf8(truncate_utf8(label, 80)) +
                                  "' has zero length" +
                                  (orthogonalise ? " after removing the earlier axes" : ""));
    }
    to_unit_length(direction);
    p.basis.row(static_cast<Eigen::Index>(a)) = direction;
    p.labels[a] = label;
  }
  return p;
}

Eigen::Matrix<float, 3, Eigen::Dynamic> align_to(
    const Eigen::Matrix<float, 3, Eigen::Dynamic>& basis,
    const Eigen::Matrix<float, 3, Eigen::Dynamic>& previous) {
  Eigen::Matrix<double, 3, Eigen::Dynamic> b = basis.cast<double>();
  const Eigen::Matrix<double, 3, Eigen::Dynamic> target = previous.cast<double>();
  for (int r = 0; r < 3; ++r) {
    if (b.row(r).dot(target.row(r)) < 0) b.row(r) = -b.row(r);
  }
  // Procrustes: maximise trace(R B P^T) over orthogonal R: R = U V^T for P B^T = U S V^T.
  const Eigen::Matrix3d m = target * b.transpose();
  Eigen::JacobiSVD<Eigen::Matrix3d> svd(m, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::Matrix3d rotation = svd.matrixU() * svd.matrixV().transpose();
  return (rotation * b).cast<float>();
}

Eigen::VectorXf displacement(const Positions3D& now, const Positions3D& reference) {
  if (now.cols() != reference.cols())
    throw std::invalid_argument("displacement: different point counts");
  return (now - reference).colwise().norm().transpose();
}

std::vector<float> knn_preservation(const RowMatrixXf& data, const Positions3D& projected,
                                    const std::vector<int64_t>& sample, int k) {
  const NeighbourSearch full(data);
  RowMatrixXf points = projected.transpose();
  const NeighbourSearch flat(points);
  RowMatrixXf queries(static_cast<Eigen::Index>(sample.size()), data.cols());
  RowMatrixXf flat_queries(static_cast<Eigen::Index>(sample.size()), 3);
  std::vector<std::vector<int64_t>> exclude;
  for (size_t i = 0; i < sample.size(); ++i) {
    queries.row(static_cast<Eigen::Index>(i)) = data.row(sample[i]);
    flat_queries.row(static_cast<Eigen::Index>(i)) = points.row(sample[i]);
    exclude.push_back({sample[i]});
  }
  const NeighbourQuery query{.metric = Metric::Euclidean, .k = k};
  const auto near_full = full.nearest_batch(queries, query, &exclude);
  const auto near_flat = flat.nearest_batch(flat_queries, query, &exclude);
  std::vector<float> kept(sample.size());
  for (size_t i = 0; i < sample.size(); ++i) {
    int same = 0;
    for (const Neighbour& a : near_full[i]) {
      same += std::any_of(near_flat[i].begin(), near_flat[i].end(),
                          [&](const Neighbour& b) { return a.index == b.index; });
    }
    kept[i] = near_full[i].empty()
                  ? 1.0f
                  : static_cast<float>(same) / static_cast<float>(near_full[i].size());
  }
  return kept;
}

}  // namespace embscope
