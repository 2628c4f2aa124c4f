// ApproximateIndex: an HNSW graph (hnswlib, Debian's libhnswlib-dev) over the unit vectors of a
// NeighbourSearch, for sub-millisecond cosine queries on large sets. Candidates from the graph are
// re-ranked by their exact cosine with the query, and excluded rows are skipped, so results have
// the same meaning as NeighbourSearch::nearest, with a recall@k below 1 that the tests measure.
//
// Building takes a while on big sets (progress and cancel through TaskControl). Today only the
// benchmarks (bench/queries.cpp) and the tests use it: the GUI and embscope-cli answer with the
// exact NeighbourSearch, which is fast enough below a million rows; the GoogleNews-scale work
// (3 million rows) is where the window will build it in the background.
//
//   ApproximateIndex index(search, {}, control);
//   auto top = index.nearest(query, {.k = 10});
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "embscope/base/task_control.hpp"
#include "embscope/space/neighbour_search.hpp"

namespace embscope {

struct ApproximateIndexOptions {
  int m = 16;                 // graph degree
  int ef_construction = 200;  // candidate list while building
  int ef_search = 200;        // candidate list while searching (at least k is used)
  int threads = 0;            // 0 = one per hardware thread
  uint64_t seed = 100;
};

class ApproximateIndex {
 public:
  // False when embscope was built without hnswlib; the constructor then throws.
  static bool available();

  // Indexes search.unit_vectors() (first restrict_rows rows when >= 0).
  ApproximateIndex(const NeighbourSearch& search, const ApproximateIndexOptions& options = {},
                   const TaskControl& control = {}, int64_t restrict_rows = -1);
  ~ApproximateIndex();
  ApproximateIndex(const ApproximateIndex&) = delete;
  ApproximateIndex& operator=(const ApproximateIndex&) = delete;

  // Cosine neighbours (options.metric must be Cosine).
  std::vector<Neighbour> nearest(const Eigen::RowVectorXf& query,
                                 const NeighbourQuery& options) const;

  int64_t size() const { return rows_; }

 private:
  struct Graph;
  const NeighbourSearch& search_;
  ApproximateIndexOptions options_;
  int64_t rows_ = 0;
  std::unique_ptr<Graph> graph_;
};

}  // namespace embscope
