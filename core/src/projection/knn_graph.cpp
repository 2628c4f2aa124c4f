#include "embscope/projection/knn_graph.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <vector>

namespace embscope {

KnnGraph knn_graph(const NeighbourSearch& search, int k, Metric metric,
                   const TaskControl& control) {
  if (metric == Metric::Dot) throw std::invalid_argument("a k-NN graph needs a distance, not dot");
  if (k < 1) throw std::invalid_argument("a k-NN graph needs k >= 1");
  const RowMatrixXf& vectors = search.vectors();
  const Eigen::Index rows = vectors.rows();
  if (rows > std::numeric_limits<int32_t>::max()) {
    throw std::invalid_argument("a k-NN graph holds at most 2^31 - 1 rows");
  }
  KnnGraph graph;
  graph.metric = metric;
  k = static_cast<int>(std::min<Eigen::Index>(k, std::max<Eigen::Index>(rows - 1, 0)));
  graph.indices.resize(rows, k);
  graph.distances.resize(rows, k);
  if (k == 0) return graph;
  // Queries in slices of the matrix, so that the exclusion lists and the results never hold more
  // than one slice (the search itself groups the queries for its score blocks).
  constexpr Eigen::Index kSlice = 8192;
  NeighbourQuery query{.metric = metric, .k = k};
  // Progress is counted here over all slices; the search's own counts would restart per slice.
  TaskControl quiet = control;
  quiet.on_progress = nullptr;
  std::vector<std::vector<int64_t>> self;
  for (Eigen::Index start = 0; start < rows; start += kSlice) {
    const Eigen::Index count = std::min(kSlice, rows - start);
    self.resize(static_cast<size_t>(count));
    for (Eigen::Index q = 0; q < count; ++q) self[static_cast<size_t>(q)] = {start + q};
    const RowMatrixXf queries = vectors.middleRows(start, count);
    const auto found = search.nearest_batch(queries, query, &self, quiet);
    for (Eigen::Index q = 0; q < count; ++q) {
      const auto& list = found[static_cast<size_t>(q)];
      for (int j = 0; j < k; ++j) {
        const Neighbour& n = list[static_cast<size_t>(j)];
        graph.indices(start + q, j) = static_cast<int32_t>(n.index);
        // Cosine scores are similarities; umap-learn and scikit-learn use 1 - similarity,
        // clamped at 0 against rounding of a row with itself or a duplicate.
        graph.distances(start + q, j) =
            metric == Metric::Cosine ? std::max(0.0f, 1.0f - n.score) : n.score;
      }
    }
    control.report(static_cast<uint64_t>(start + count), static_cast<uint64_t>(rows));
  }
  return graph;
}

KnnGraph knn_graph(const RowMatrixXf& vectors, int k, Metric metric, const TaskControl& control) {
  const NeighbourSearch search(vectors);
  return knn_graph(search, k, metric, control);
}

}  // namespace embscope
