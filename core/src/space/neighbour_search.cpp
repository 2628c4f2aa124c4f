#include "embscope/space/neighbour_search.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "embscope/base/norms.hpp"

namespace embscope {
namespace {

constexpr Eigen::Index kBlockRows = 8192;

// Keeps the k best (index, score) pairs seen, best first on extraction. "Better" is larger for
// similarities and smaller for distances.
class TopK {
  // As a heap comparator, "a is better than b" keeps the worst kept pair at the front.
  struct WorseOnTop {
    const TopK* top;
    bool operator()(const Neighbour& a, const Neighbour& b) const {
      return top->better(a.score, a.index, b);
    }
  };

 public:
  TopK(size_t k, bool larger_is_better) : k_(k), larger_(larger_is_better) { heap_.reserve(k + 1); }

  void offer(int64_t index, float score) {
    if (heap_.size() < k_) {
      heap_.push_back({index, score});
      std::push_heap(heap_.begin(), heap_.end(), WorseOnTop{this});
    } else if (k_ > 0 && better(score, index, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), WorseOnTop{this});
      heap_.back() = {index, score};
      std::push_heap(heap_.begin(), heap_.end(), WorseOnTop{this});
    }
  }
  void merge(const TopK& other) {
    for (const Neighbour& n : other.heap_) offer(n.index, n.score);
  }
  // Threshold below which nothing can enter (for a cheap pre-check).
  bool full() const { return heap_.size() >= k_; }
  float worst_score() const { return heap_.front().score; }
  bool larger_is_better() const { return larger_; }

  std::vector<Neighbour> sorted() const {
    std::vector<Neighbour> result = heap_;
    std::sort(result.begin(), result.end(), [this](const Neighbour& a, const Neighbour& b) {
      return better(a.score, a.index, b);
    });
    return result;
  }

 private:
  // Ties go to the lower index, so results are deterministic.
  bool better(float score, int64_t index, const Neighbour& than) const {
    if (score != than.score) return larger_ ? score > than.score : score < than.score;
    return index < than.index;
  }

  size_t k_;
  bool larger_;
  std::vector<Neighbour> heap_;
};

int resolve_threads(int threads) {
  return threads > 0 ? threads
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

template <typename Body>
void parallel_ranges(Eigen::Index rows, int workers, Body&& body) {
  workers = static_cast<int>(
      std::max<Eigen::Index>(1, std::min<Eigen::Index>(workers, rows / kBlockRows + 1)));
  std::vector<std::thread> threads;
  for (int w = 1; w < workers; ++w) {
    threads.emplace_back([&, w] { body(w, rows * w / workers, rows * (w + 1) / workers); });
  }
  body(0, 0, rows / workers);
  for (auto& thread : threads) thread.join();
}

bool excluded(const std::vector<int64_t>& sorted_exclude, int64_t index) {
  return std::binary_search(sorted_exclude.begin(), sorted_exclude.end(), index);
}

}  // namespace

std::string to_string(Metric metric) {
  switch (metric) {
    case Metric::Cosine:
      return "cosine";
    case Metric::Euclidean:
      return "euclidean";
    case Metric::Dot:
      return "dot";
  }
  return "cosine";
}

std::optional<Metric> metric_from_name(const std::string& name) {
  if (name == "cosine" || name == "cos") return Metric::Cosine;
  if (name == "euclidean" || name == "l2") return Metric::Euclidean;
  if (name == "dot" || name == "inner") return Metric::Dot;
  return std::nullopt;
}

NeighbourSearch::NeighbourSearch(const RowMatrixXf& vectors, int threads)
    : vectors_(vectors), threads_(resolve_threads(threads)) {
  unit_.resize(vectors.rows(), vectors.cols());
  squared_norms_.resize(vectors.rows());
  std::vector<char> extreme(static_cast<size_t>(threads_), 0);
  parallel_ranges(vectors.rows(), threads_, [&](int worker, Eigen::Index begin, Eigen::Index end) {
    for (Eigen::Index r = begin; r < end; ++r) {
      const float squared = vectors.row(r).squaredNorm();
      if (SafeSquaredNorm::contains(squared)) {
        squared_norms_(r) = squared;
        unit_.row(r) = vectors.row(r) / std::sqrt(squared);
        continue;
      }
      // Zero (gensim leaves zero vectors at zero rather than dividing by zero), or components so
      // large or small that their float squares overflow or vanish: scaled first.
      unit_.row(r) = vectors.row(r);
      const double norm = to_unit_length(unit_.row(r));
      squared_norms_(r) = static_cast<float>(norm * norm);
      if (norm != 0) extreme[static_cast<size_t>(worker)] = 1;
    }
  });
  extreme_ = std::find(extreme.begin(), extreme.end(), 1) != extreme.end();
}

std::vector<Neighbour> NeighbourSearch::nearest(const Eigen::RowVectorXf& query,
                                                const NeighbourQuery& options) const {
  RowMatrixXf queries = query;
  return nearest_batch(queries, options).front();
}

std::vector<std::vector<Neighbour>> NeighbourSearch::nearest_batch(
    const RowMatrixXf& queries, const NeighbourQuery& options,
    const std::vector<std::vector<int64_t>>* exclude_per_query, const TaskControl& control) const {
  // Queries go in groups so that one block of scores (kBlockRows x group) stays near 32 MiB.
  constexpr Eigen::Index kGroup = 1024;
  if (queries.rows() <= kGroup) return nearest_group(queries, options, exclude_per_query, control);
  std::vector<std::vector<Neighbour>> results;
  results.reserve(static_cast<size_t>(queries.rows()));
  for (Eigen::Index start = 0; start < queries.rows(); start += kGroup) {
    const Eigen::Index count = std::min(kGroup, queries.rows() - start);
    std::vector<std::vector<int64_t>> group_exclude;
    if (exclude_per_query != nullptr) {
      group_exclude.assign(exclude_per_query->begin() + start,
                           exclude_per_query->begin() + start + count);
    }
    auto part = nearest_group(queries.middleRows(start, count), options,
                              exclude_per_query != nullptr ? &group_exclude : nullptr, control);
    for (auto& result : part) results.push_back(std::move(result));
    control.report(static_cast<uint64_t>(start + count), static_cast<uint64_t>(queries.rows()));
  }
  return results;
}

std::vector<std::vector<Neighbour>> NeighbourSearch::nearest_group(
    const RowMatrixXf& queries, const NeighbourQuery& options,
    const std::vector<std::vector<int64_t>>* exclude_per_query, const TaskControl& control) const {
  const Eigen::Index rows = options.restrict_rows >= 0
                                ? std::min<Eigen::Index>(options.restrict_rows, vectors_.rows())
                                : vectors_.rows();
  const Eigen::Index count = queries.rows();
  const bool larger_is_better = options.metric != Metric::Euclidean;

  // Exclusions per query, sorted for binary search; each list also widens that query's top-k.
  std::vector<std::vector<int64_t>> exclude(static_cast<size_t>(count), options.exclude);
  for (Eigen::Index q = 0; q < count; ++q) {
    auto& list = exclude[static_cast<size_t>(q)];
    if (exclude_per_query != nullptr) {
      const auto& extra = (*exclude_per_query)[static_cast<size_t>(q)];
      list.insert(list.end(), extra.begin(), extra.end());
    }
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }

  RowMatrixXf prepared = queries;
  if (options.metric == Metric::Cosine) {
    for (Eigen::Index q = 0; q < count; ++q) to_unit_length(prepared.row(q));
  }
  const RowMatrixXf& matrix = options.metric == Metric::Cosine ? unit_ : vectors_;
  const Eigen::VectorXf query_squared = queries.rowwise().squaredNorm();
  const auto k = static_cast<size_t>(std::max(0, options.k));
  // Distances and dot products from float blocks are exact only while every squared norm is in
  // the safe range; otherwise (values near 1e20-3e38, or 1e-20) each score is computed in
  // double, row by row: slower, and only ever for such data.
  bool in_double = false;
  if (options.metric != Metric::Cosine) {
    in_double = extreme_;
    for (Eigen::Index q = 0; q < count && !in_double; ++q) {
      in_double = !SafeSquaredNorm::contains(query_squared(q)) && !queries.row(q).isZero(0);
    }
  }
  const RowMatrixXd queries_double =
      in_double ? RowMatrixXd(queries.cast<double>()) : RowMatrixXd();

  std::vector<std::vector<TopK>> partial(static_cast<size_t>(threads_));
  parallel_ranges(rows, threads_, [&](int worker, Eigen::Index begin, Eigen::Index end) {
    auto& tops = partial[static_cast<size_t>(worker)];
    for (Eigen::Index q = 0; q < count; ++q) tops.emplace_back(k, larger_is_better);
    // The pre-check against the worst kept score comes first: most candidates stop there.
    const auto consider = [larger_is_better](TopK& top, const std::vector<int64_t>& skip,
                                             int64_t index, float score) {
      if (top.full()) {
        const float worst = top.worst_score();
        if (larger_is_better ? score < worst : score > worst) return;
      }
      if (!skip.empty() && excluded(skip, index)) return;
      top.offer(index, score);
    };
    if (in_double) {
      Eigen::RowVectorXd row;
      for (Eigen::Index index = begin; index < end; ++index) {
        if ((index - begin) % kBlockRows == 0 && control.cancelled()) return;
        row = vectors_.row(index).cast<double>();
        for (Eigen::Index q = 0; q < count; ++q) {
          const double score = options.metric == Metric::Dot ? row.dot(queries_double.row(q))
                                                             : (row - queries_double.row(q)).norm();
          consider(tops[static_cast<size_t>(q)], exclude[static_cast<size_t>(q)], index,
                   static_cast<float>(score));
        }
      }
      return;
    }
    Eigen::MatrixXf scores;  // block rows x queries, column-major: one query's scores contiguous
    for (Eigen::Index start = begin; start < end; start += kBlockRows) {
      if (control.cancelled()) return;
      const Eigen::Index block = std::min(kBlockRows, end - start);
      scores.noalias() = matrix.middleRows(start, block) * prepared.transpose();
      for (Eigen::Index q = 0; q < count; ++q) {
        TopK& top = tops[static_cast<size_t>(q)];
        const auto& skip = exclude[static_cast<size_t>(q)];
        const float* column = scores.col(q).data();
        for (Eigen::Index i = 0; i < block; ++i) {
          float score = column[i];
          const int64_t index = start + i;
          if (options.metric == Metric::Euclidean) {
            // |x - q|^2 = |x|^2 - 2 x.q + |q|^2, clamped against rounding below zero.
            score = std::sqrt(std::max(0.0f, squared_norms_(index) - 2 * score + query_squared(q)));
          }
          consider(top, skip, index, score);
        }
      }
    }
  });
  control.throw_if_cancelled();

  std::vector<std::vector<Neighbour>> results(static_cast<size_t>(count));
  for (Eigen::Index q = 0; q < count; ++q) {
    TopK merged(k, larger_is_better);
    for (const auto& tops : partial) {
      if (!tops.empty()) merged.merge(tops[static_cast<size_t>(q)]);
    }
    results[static_cast<size_t>(q)] = merged.sorted();
  }
  return results;
}

std::vector<Neighbour> nearest_brute_force(const RowMatrixXf& vectors,
                                           const Eigen::RowVectorXf& query,
                                           const NeighbourQuery& options) {
  const Eigen::Index rows = options.restrict_rows >= 0
                                ? std::min<Eigen::Index>(options.restrict_rows, vectors.rows())
                                : vectors.rows();
  std::vector<Neighbour> all;
  for (Eigen::Index r = 0; r < rows; ++r) {
    if (std::find(options.exclude.begin(), options.exclude.end(), r) != options.exclude.end())
      continue;
    double score = 0;
    const Eigen::RowVectorXd x = vectors.row(r).cast<double>();
    const Eigen::RowVectorXd y = query.cast<double>();
    switch (options.metric) {
      case Metric::Cosine: {
        const double norms = x.norm() * y.norm();
        score = norms > 0 ? x.dot(y) / norms : 0;
        break;
      }
      case Metric::Euclidean:
        score = (x - y).norm();
        break;
      case Metric::Dot:
        score = x.dot(y);
        break;
    }
    all.push_back({r, static_cast<float>(score)});
  }
  const bool larger = options.metric != Metric::Euclidean;
  std::sort(all.begin(), all.end(), [larger](const Neighbour& a, const Neighbour& b) {
    if (a.score != b.score) return larger ? a.score > b.score : a.score < b.score;
    return a.index < b.index;
  });
  if (all.size() > static_cast<size_t>(options.k)) all.resize(static_cast<size_t>(options.k));
  return all;
}

}  // namespace embscope
