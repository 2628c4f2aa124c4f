#include "embscope/space/approximate_index.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

#include "embscope/base/norms.hpp"

#if __has_include(<hnswlib/hnswlib.h>)
#include <hnswlib/hnswlib.h>
#define EMBSCOPE_HAVE_HNSWLIB 1
#else
#define EMBSCOPE_HAVE_HNSWLIB 0
#endif

namespace embscope {

#if EMBSCOPE_HAVE_HNSWLIB
struct ApproximateIndex::Graph {
  explicit Graph(size_t dim) : space(dim) {}
  hnswlib::InnerProductSpace space;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> index;
};
#else
struct ApproximateIndex::Graph {};
#endif

bool ApproximateIndex::available() {
  return EMBSCOPE_HAVE_HNSWLIB != 0;
}

ApproximateIndex::ApproximateIndex(const NeighbourSearch& search,
                                   const ApproximateIndexOptions& options,
                                   const TaskControl& control, int64_t restrict_rows)
    : search_(search), options_(options) {
#if EMBSCOPE_HAVE_HNSWLIB
  const RowMatrixXf& unit = search.unit_vectors();
  rows_ = restrict_rows >= 0 ? std::min<int64_t>(restrict_rows, unit.rows()) : unit.rows();
  graph_ = std::make_unique<Graph>(static_cast<size_t>(unit.cols()));
  graph_->index = std::make_unique<hnswlib::HierarchicalNSW<float>>(
      &graph_->space, static_cast<size_t>(std::max<int64_t>(rows_, 1)),
      static_cast<size_t>(options.m), static_cast<size_t>(options.ef_construction),
      static_cast<size_t>(options.seed));
  // hnswlib's addPoint is thread-safe; rows are handed out in small batches.
  std::atomic<int64_t> next{0};
  std::atomic<bool> stop{false};
  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  constexpr int64_t kBatch = 256;
  const auto work = [&] {
    for (;;) {
      const int64_t begin = next.fetch_add(kBatch);
      if (begin >= rows_ || stop.load()) return;
      for (int64_t row = begin; row < std::min(rows_, begin + kBatch); ++row) {
        graph_->index->addPoint(unit.row(row).data(), static_cast<hnswlib::labeltype>(row));
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  // The calling thread reports progress between its own batches.
  for (;;) {
    const int64_t begin = next.fetch_add(kBatch);
    if (begin >= rows_ || stop.load()) break;
    for (int64_t row = begin; row < std::min(rows_, begin + kBatch); ++row) {
      graph_->index->addPoint(unit.row(row).data(), static_cast<hnswlib::labeltype>(row));
    }
    control.report(static_cast<uint64_t>(std::min(rows_, next.load())),
                   static_cast<uint64_t>(rows_));
    if (control.cancelled()) stop.store(true);
  }
  for (auto& thread : pool) thread.join();
  control.throw_if_cancelled();
#else
  (void)control;
  (void)restrict_rows;
  throw std::runtime_error("embscope was built without hnswlib (install libhnswlib-dev)");
#endif
}

ApproximateIndex::~ApproximateIndex() = default;

std::vector<Neighbour> ApproximateIndex::nearest(const Eigen::RowVectorXf& query,
                                                 const NeighbourQuery& options) const {
  if (options.metric != Metric::Cosine) {
    throw std::invalid_argument("the approximate index answers cosine queries only");
  }
#if EMBSCOPE_HAVE_HNSWLIB
  Eigen::RowVectorXf unit_query = query;
  to_unit_length(unit_query);
  const size_t wanted = static_cast<size_t>(std::max(0, options.k)) + options.exclude.size();
  graph_->index->setEf(std::max<size_t>(
      static_cast<size_t>(options.ef_search_override > 0 ? options.ef_search_override
                                                         : options_.ef_search),
      wanted));
  auto found = graph_->index->searchKnn(unit_query.data(), std::min<size_t>(wanted, rows_));
  // Exact re-ranking of the candidates.
  std::vector<Neighbour> candidates;
  const RowMatrixXf& unit = search_.unit_vectors();
  while (!found.empty()) {
    const auto index = static_cast<int64_t>(found.top().second);
    found.pop();
    if (options.restrict_rows >= 0 && index >= options.restrict_rows) continue;
    if (std::find(options.exclude.begin(), options.exclude.end(), index) != options.exclude.end())
      continue;
    candidates.push_back({index, unit.row(index).dot(unit_query)});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Neighbour& a, const Neighbour& b) {
    return a.score != b.score ? a.score > b.score : a.index < b.index;
  });
  if (candidates.size() > static_cast<size_t>(options.k))
    candidates.resize(static_cast<size_t>(options.k));
  return candidates;
#else
  (void)query;
  return {};
#endif
}

}  // namespace embscope
