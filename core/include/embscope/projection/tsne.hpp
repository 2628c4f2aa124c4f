// t-SNE (van der Maaten & Hinton 2008; Barnes-Hut: van der Maaten 2014) as a Layout, following
// scikit-learn 1.2's TSNE(method="barnes_hut"):
//
// 1. the exact k-NN graph with k = 3 perplexity + 1 (knn_graph.hpp); squared distances: squared
//    Euclidean, or for Cosine 2 (1 - cos), the squared Euclidean distance of the unit rows (what
//    scikit-learn computes on unit-normalised rows);
// 2. binary_search_perplexity: per row the Gaussian precision whose conditional distribution
//    over the k neighbours has the perplexity asked for (scikit-learn's _binary_search_perplexity:
//    100 steps, entropy tolerance 1e-5);
// 3. P = (P_cond + P_cond^T) / sum, symmetric, sparse (_joint_probabilities_nn);
// 4. gradient descent on KL(P || Q) with a Student-t kernel of max(dims - 1, 1) degrees of
//    freedom (as scikit-learn), P exaggerated by `early_exaggeration` for the first 250
//    iterations with momentum 0.5, then momentum 0.8 (each phase ended early, as scikit-learn's
//    _gradient_descent, when the gradient's norm is below 1e-7 at a check every 50 iterations);
//    gains +0.2 / x0.8 (at least 0.01); learning rate "auto": max(rows / early_exaggeration / 4,
//    50); the repulsion by a Barnes-Hut tree (a quadtree in 2D, an octree in 3D) with the opening
//    angle `theta`.
//
// In 3D the gradient is the exact derivative of the KL divergence for that kernel
// (2 (a + 1) / a) sum (p - q) (1 + d^2 / a)^-1 (y_i - y_j), where scikit-learn multiplies by the
// kernel itself; the two agree in 2D. Deterministic: every point's forces are computed on their
// own and summed in a fixed order, so the output depends on the seed alone.
//
//   auto layout = make_tsne_layout(set.vectors, {.perplexity = 30}, {.dims = 2, .seed = seed});
//   LayoutSnapshot shown = run_layout(*layout);  // positions 3 x rows, z = 0 in 2D
#pragma once

#include <Eigen/SparseCore>
#include <cstdint>
#include <memory>

#include "embscope/base/matrix.hpp"
#include "embscope/projection/knn_graph.hpp"
#include "embscope/projection/layout_init.hpp"

namespace embscope {

class Layout;

struct TsneParameters {
  double perplexity = 30;
  double early_exaggeration = 12;
  int64_t iterations = 1000;
  double theta = 0.5;  // Barnes-Hut opening angle; 0: exact (slow, for tests)
  bool operator==(const TsneParameters&) const = default;
};

// scikit-learn's iterations with early exaggeration (_EXPLORATION_N_ITER).
inline constexpr int64_t kTsneExplorationIterations = 250;

using SparseP = Eigen::SparseMatrix<float, Eigen::RowMajor>;

// Conditional probabilities p_j|i (rows x k, each row summing to 1) over the neighbours whose
// squared distances are given (rows x k), each row's Gaussian precision found by binary search
// so that exp(entropy) = perplexity: scikit-learn's _binary_search_perplexity.
RowMatrixXd binary_search_perplexity(const RowMatrixXf& squared_distances, double perplexity);

// The joint P (rows x rows, symmetric, summing to 1) of a k-NN graph: calibrated on its squared
// distances (see the header), symmetrised and normalised as _joint_probabilities_nn.
SparseP tsne_joint_probabilities(const KnnGraph& graph, double perplexity);

// The KL divergence of P from the layout's Q (`layout` rows x dims), summed exactly over all
// pairs: O(rows^2), for tests and small sets.
double tsne_kl_divergence(const SparseP& p, const RowMatrixXf& layout);

// dKL/dy (rows x dims) with the repulsion by Barnes-Hut at opening angle `theta` (0: exact).
// `exaggeration` multiplies P.
RowMatrixXf tsne_gradient(const SparseP& p, const RowMatrixXf& layout, double theta,
                          double exaggeration = 1);

// t-SNE of every row of `data` (which must outlive it) as a Layout: an iteration is one gradient
// step; snapshots hold positions 3 x rows (z = 0 in 2D), labels "t-SNE 1"... `start` (3 x rows,
// may be null, copied) replaces options.init; options.learning_rate 0 is scikit-learn's "auto",
// max(rows / early_exaggeration / 4, 50). `search` as make_umap_layout's. The first step
// builds the k-NN graph and P (cancellable). Throws std::invalid_argument for dims outside 2..3,
// perplexity <= 0 or too large for the rows (3 perplexity + 1 neighbours needed), theta < 0.
std::unique_ptr<Layout> make_tsne_layout(const RowMatrixXf& data, const TsneParameters& parameters,
                                         const IterativeLayoutOptions& options,
                                         const Positions3D* start = nullptr,
                                         const NeighbourSearch* search = nullptr);

}  // namespace embscope
