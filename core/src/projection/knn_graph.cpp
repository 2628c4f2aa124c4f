#include "embscope/projection/knn_graph.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace embscope {
namespace {

// Query rows per block and database rows per score tile: a 512 x 2048 float tile (4 MiB) is
// reused by its thread for every product (a fresh tile per product costs page faults and a
// memset as large as the product's own time).
constexpr Eigen::Index kQueryBlock = 512;
constexpr Eigen::Index kTileRows = 2048;

// Every row against every other in tiles: `matrix` the unit rows (cosine) or the rows
// (Euclidean, with their squared norms); the k smallest (distance, index) pairs per row, so ties
// go to the lower index as in NeighbourSearch.
void all_rows_knn(const RowMatrixXf& matrix, const Eigen::VectorXf* squared_norms, int k,
                  const TaskControl& control, KnnGraph& graph) {
  const Eigen::Index rows = matrix.rows();
  const Eigen::Index blocks = (rows + kQueryBlock - 1) / kQueryBlock;
  const int threads = static_cast<int>(
      std::min<Eigen::Index>(std::max(1u, std::thread::hardware_concurrency()), blocks));
  std::atomic<Eigen::Index> next{0};
  std::atomic<Eigen::Index> finished{0};
  const auto work = [&] {
    Eigen::MatrixXf scores(kTileRows, kQueryBlock);  // column q: query q's scores
    using Candidate = std::pair<float, int32_t>;     // (distance, row): smaller is nearer
    std::vector<std::vector<Candidate>> heaps(kQueryBlock);
    for (auto& heap : heaps) heap.reserve(static_cast<size_t>(k));
    for (Eigen::Index block = next++; block < blocks; block = next++) {
      if (control.cancelled()) return;
      const Eigen::Index begin = block * kQueryBlock;
      const Eigen::Index count = std::min(kQueryBlock, rows - begin);
      for (auto& heap : heaps) heap.clear();
      for (Eigen::Index start = 0; start < rows; start += kTileRows) {
        const Eigen::Index tile = std::min(kTileRows, rows - start);
        scores.topLeftCorner(tile, count).noalias() =
            matrix.middleRows(start, tile) * matrix.middleRows(begin, count).transpose();
        for (Eigen::Index q = 0; q < count; ++q) {
          auto& heap = heaps[static_cast<size_t>(q)];
          const float* column = scores.col(q).data();
          const Eigen::Index self = begin + q;
          const float query_norm = squared_norms ? (*squared_norms)(self) : 0.0f;
          for (Eigen::Index t = 0; t < tile; ++t) {
            const Eigen::Index other = start + t;
            if (other == self) continue;
            // Cosine: 1 - similarity; Euclidean: the squared distance until the end.
            const float distance =
                squared_norms ? std::max(0.0f, (*squared_norms)(other)-2 * column[t] + query_norm)
                              : 1.0f - column[t];
            const Candidate candidate{distance, static_cast<int32_t>(other)};
            if (heap.size() < static_cast<size_t>(k)) {
              heap.push_back(candidate);
              std::push_heap(heap.begin(), heap.end());
            } else if (candidate < heap.front()) {
              std::pop_heap(heap.begin(), heap.end());
              heap.back() = candidate;
              std::push_heap(heap.begin(), heap.end());
            }
          }
        }
      }
      for (Eigen::Index q = 0; q < count; ++q) {
        auto& heap = heaps[static_cast<size_t>(q)];
        std::sort_heap(heap.begin(), heap.end());
        for (int j = 0; j < k; ++j) {
          graph.indices(begin + q, j) = heap[static_cast<size_t>(j)].second;
          const float d = heap[static_cast<size_t>(j)].first;
          graph.distances(begin + q, j) = squared_norms ? std::sqrt(d) : std::max(0.0f, d);
        }
      }
      const Eigen::Index done = finished += count;
      if (threads == 1 || block % threads == 0) {
        control.report(static_cast<uint64_t>(done), static_cast<uint64_t>(rows));
      }
    }
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (auto& helper : helpers) helper.join();
  control.throw_if_cancelled();
}

}  // namespace

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
  if (!search.has_extreme_rows()) {
    if (metric == Metric::Cosine) {
      all_rows_knn(search.unit_vectors(), nullptr, k, control, graph);
    } else {
      all_rows_knn(vectors, &search.squared_norms(), k, control, graph);
    }
    return graph;
  }
  // Values whose float squares overflow or vanish: the search's scaled and double paths.
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
