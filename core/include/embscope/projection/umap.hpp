// UMAP (McInnes, Healy & Melville 2018) as a Layout, following umap-learn 0.5 step by step:
//
// 1. the exact k-NN graph (knn_graph.hpp; `neighbors` counts the row itself, as umap-learn's
//    n_neighbors does, so 15 means 14 other rows);
// 2. smooth_knn_distances: per row, rho (distance to the nearest other row) and sigma by binary
//    search so that sum_j exp(-(d_ij - rho) / sigma) = log2(neighbors) (umap-learn's
//    smooth_knn_dist, local_connectivity 1, 64 halvings, tolerance 1e-5);
// 3. fuzzy_simplicial_set: memberships exp(-(d_ij - rho_i) / sigma_i), their fuzzy union
//    A + A^T - A o A^T;
// 4. the curve 1 / (1 + a d^(2b)) fitted to min_dist and spread by least squares
//    (find_ab_params: umap-learn fits it with scipy's Levenberg-Marquardt on 300 points);
// 5. SGD over epochs: each edge sampled every max(w) / w epochs (epochs_per_sample), with
//    negative_sample_rate uniformly drawn repelling rows per sample, learning rate decaying
//    linearly to 0 and every gradient component clipped to [-4, 4].
//
// Deterministic: rows are split into fixed blocks of 1,024, each with its own random stream per
// epoch, and every update of an epoch reads the other rows as they were at the start of that
// epoch (umap-learn's parallel epochs read them mid-update, racily). A row moves by its own
// edges only (the graph is symmetric, so each pair still pulls both ends), and its repelling
// samples come after all its attractions of the epoch, in batches of 8 from the position the
// batch starts at (their coefficients vectorised; umap-learn interleaves them and moves the row
// after each). The output therefore
// depends on the seed alone, not on the thread count.
//
//   auto layout = make_umap_layout(set.vectors, {.neighbors = 15}, {.dims = 2, .seed = seed});
//   LayoutSnapshot shown = run_layout(*layout);  // positions 3 x rows, z = 0 in 2D
#pragma once

#include <Eigen/SparseCore>
#include <cstdint>
#include <memory>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "embscope/base/option_spec.hpp"
#include "embscope/projection/knn_graph.hpp"
#include "embscope/projection/layout_init.hpp"

namespace embscope {

class Layout;

struct UmapParameters {
  int neighbors = 15;     // umap-learn's n_neighbors: the row itself and 14 others
  double min_dist = 0.1;  // how tightly points may pack in the layout
  double spread = 1.0;    // the scale of the layout's distances
  int64_t epochs = 0;     // 0: umap-learn's default, 500 up to 10,000 rows, 200 above
  double negative_sample_rate = 5;
  bool operator==(const UmapParameters&) const = default;
};

// umap-learn's default epochs for a data set of `rows` rows (or `epochs` when positive).
int64_t umap_epochs(int64_t rows, int64_t epochs);

struct UmapCurve {
  double a = 0;
  double b = 0;
};
// a and b of 1 / (1 + a x^(2b)) fitted to 1 below min_dist and exp(-(x - min_dist) / spread)
// above, on 300 points in [0, 3 spread] (umap-learn's find_ab_params). std::invalid_argument
// when spread <= 0 or min_dist < 0.
UmapCurve find_ab_params(double spread, double min_dist);

struct SmoothKnn {
  Eigen::VectorXf sigmas;  // rows
  Eigen::VectorXf rhos;    // rows
};
// umap-learn's smooth_knn_dist for `distances` (rows x k, ascending, the row itself NOT among
// them, as knn_graph returns them); n_neighbors = k + 1 as umap-learn counts.
SmoothKnn smooth_knn_distances(const RowMatrixXf& distances);

// The symmetric fuzzy graph (rows x rows, row-major, no zero entries), as umap-learn's
// fuzzy_simplicial_set with set_op_mix_ratio 1 and local_connectivity 1. `smooth` may be null.
Eigen::SparseMatrix<float, Eigen::RowMajor> fuzzy_simplicial_set(const KnnGraph& graph,
                                                                 SmoothKnn* smooth = nullptr);

// The SGD's gradient coefficients for a pair at squared layout distance d2: the step on x_i is
// coefficient * (x_i - x_j), clipped. Attraction is d/dx_i of log q (q = 1 / (1 + a d2^b)),
// repulsion gamma * d/dx_i of log(1 - q) with umap-learn's 0.001 added to d2 against division
// by zero.
float umap_attraction(float d2, float a, float b);
float umap_repulsion(float d2, float a, float b, float gamma = 1);

// UMAP of every row of `data` (which must outlive it) as a Layout (embscope/projection/layout.hpp):
// options.learning_rate 0 is umap-learn's initial_alpha, 1. An iteration is an epoch; snapshots
// hold positions 3 x rows (z = 0 in 2D), labels "UMAP 1"... `start` (3 x rows, may be null, copied)
// replaces options.init: restart from the positions shown. `search`, when given, must be over
// `data` and outlive the layout (the window's own; one is built otherwise). The first step builds
// the k-NN and fuzzy graphs (cancellable; progress in rows); a step cancelled while running epochs
// stops after the epoch it is in. Throws std::invalid_argument for dims outside 2..3, neighbors <
// 2, fewer than 3 rows or a `start` of another size.
std::unique_ptr<Layout> make_umap_layout(const RowMatrixXf& data, const UmapParameters& parameters,
                                         const IterativeLayoutOptions& options,
                                         const Positions3D* start = nullptr,
                                         const NeighbourSearch* search = nullptr);

}  // namespace embscope
