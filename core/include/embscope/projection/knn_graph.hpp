// The k-nearest-neighbour graph of every row of an embedding matrix: the input of UMAP, t-SNE
// and the trustworthiness measure.
//
// Exact: every row against every other, blocks of 512 query rows spread over the cores, each
// scored against tiles of 2,048 rows by one matrix product into a buffer the thread reuses, the k
// best kept per row (its own row excluded, ties to the lower index). Rows whose float squares
// overflow or vanish (embscope/base/norms.hpp) go through NeighbourSearch's safe paths. Distances
// are what umap-learn and scikit-learn use for the metric: 1 - cosine similarity for Cosine, the
// L2 distance for Euclidean (Dot is refused: it is not a distance).
//
//   KnnGraph graph = knn_graph(set.vectors, 15, Metric::Cosine, control);
//   graph.indices(row, 0);    // the row's nearest other row
//   graph.distances(row, 0);  // and its distance
#pragma once

#include <cstdint>

#include "embscope/base/matrix.hpp"
#include "embscope/base/task_control.hpp"
#include "embscope/space/neighbour_search.hpp"

namespace embscope {

using RowMatrixXi = Eigen::Matrix<int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct KnnGraph {
  RowMatrixXi indices;    // rows x k: row numbers, nearest first, never the row itself
  RowMatrixXf distances;  // rows x k: ascending
  Metric metric = Metric::Cosine;
  int64_t rows() const { return indices.rows(); }
  int k() const { return static_cast<int>(indices.cols()); }
};

// The k nearest other rows of each row of search.vectors(). k is clamped to rows - 1. Reports
// progress (rows done, rows) and throws Cancelled through `control`; std::invalid_argument for
// Metric::Dot, k < 1 or more than 2^31 - 1 rows.
KnnGraph knn_graph(const NeighbourSearch& search, int k, Metric metric,
                   const TaskControl& control = {});

// The same, building the search (a unit-length copy of `vectors`) for the call.
KnnGraph knn_graph(const RowMatrixXf& vectors, int k, Metric metric,
                   const TaskControl& control = {});

}  // namespace embscope
