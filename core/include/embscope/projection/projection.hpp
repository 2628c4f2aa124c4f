// Projection: how rows of an embedding become points in the 3D view, beyond plain PCA.
//
// - A Projection is three axes (unit directions in embedding space) plus the centre subtracted
//   first, with labels that travel with it ("PC1 (4.2%)", "woman - man").
// - Custom semantic axes (as in Parallax and the TensorFlow projector): each axis is a vector
//   expression such as `woman - man`, or the difference of the means of two word groups;
//   optionally orthogonalised (Gram-Schmidt, in the order given).
// - Stable frames while training: align_to() turns a refitted PCA basis towards the previous one
//   (sign alignment, then orthogonal Procrustes), so that motion on screen means the vectors moved,
//   not that the axes flipped.
// - k-NN preservation: for sampled points, the share of their 10 nearest neighbours in the full
//   space that stay among the 10 nearest in the projection (where the picture misleads).
//
//   Projection p = Projection::from_pca(pca, {0, 1, 2});
//   Positions3D xyz = p.apply(set.vectors);
#pragma once

#include <array>
#include <string>
#include <vector>

#include "embscope/projection/pca.hpp"
#include "embscope/space/vector_space.hpp"

namespace embscope {

struct Projection {
  Eigen::Matrix<float, 3, Eigen::Dynamic> basis;  // rows: the x, y, z directions (D each)
  Eigen::RowVectorXf centre;                      // subtracted before projecting
  std::array<std::string, 3> labels;
  // Spherized PCA: rows are normalised after centring, then `after` is subtracted.
  bool spherize = false;
  Eigen::RowVectorXf after;

  static Projection from_pca(const Pca& pca, std::array<int, 3> components = {0, 1, 2});
  Positions3D apply(const RowMatrixXf& data) const;
};

struct AxisDefinition {
  std::string expression = {};                   // "woman - man"; or empty when groups are used
  std::vector<std::string> positive_group = {};  // mean of these...
  std::vector<std::string> negative_group = {};  // ...minus the mean of these
  std::string label = {};                        // default: the expression
};

// Builds a projection from up to three axes (missing axes are zero: a 2-D or 1-D picture).
// Axes use the raw vectors (sum of weight x vector); with `orthogonalise`, each axis has the
// earlier ones removed (Gram-Schmidt) before normalisation. Throws UnknownWordError /
// ExpressionError for bad input, std::invalid_argument for an axis of zero length.
Projection custom_axes(const VectorSpace& space, const std::vector<AxisDefinition>& axes,
                       bool orthogonalise = false);

// The rotation of `basis` (3 x D, orthonormal rows) closest to `previous`: each row's sign is
// first matched, then R = argmin ||R basis - previous|| over 3x3 orthogonal R (Procrustes).
Eigen::Matrix<float, 3, Eigen::Dynamic> align_to(
    const Eigen::Matrix<float, 3, Eigen::Dynamic>& basis,
    const Eigen::Matrix<float, 3, Eigen::Dynamic>& previous);

// Distance each point moved since `reference` (same number of columns).
Eigen::VectorXf displacement(const Positions3D& now, const Positions3D& reference);

// Share (0..1) of each sampled point's k nearest neighbours (Euclidean, full space) that are also
// among its k nearest in the projection; one value per point of `sample`.
std::vector<float> knn_preservation(const RowMatrixXf& data, const Positions3D& projected,
                                    const std::vector<int64_t>& sample, int k = 10);

}  // namespace embscope
