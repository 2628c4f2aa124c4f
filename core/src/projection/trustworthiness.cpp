#include "embscope/projection/trustworthiness.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

#include "embscope/base/norms.hpp"
#include "embscope/projection/pca.hpp"

namespace embscope {

double trustworthiness(const RowMatrixXf& data, const Positions3D& layout,
                       const TrustworthinessOptions& options, const TaskControl& control) {
  const int64_t rows = data.rows();
  const int k = options.k;
  if (layout.cols() != rows) throw std::invalid_argument("the layout has another row count");
  if (options.metric == Metric::Dot)
    throw std::invalid_argument("trustworthiness needs a distance");
  if (k < 1 || 2 * static_cast<int64_t>(k) >= rows) {
    throw std::invalid_argument("trustworthiness needs 1 <= k < rows / 2");
  }
  std::vector<int64_t> measured;
  if (options.sample > 0 && options.sample < rows) {
    measured = sample_rows(rows, options.sample, options.seed);
  } else {
    measured.resize(static_cast<size_t>(rows));
    for (int64_t i = 0; i < rows; ++i) measured[static_cast<size_t>(i)] = i;
  }
  // Cosine ranks as the similarity of unit rows; Euclidean as |x|^2 - 2 x.y (|y|^2 is constant
  // per query), both computed in double from one float product.
  const bool cosine = options.metric == Metric::Cosine;
  RowMatrixXf unit;
  if (cosine) {
    unit = data;
    for (int64_t r = 0; r < rows; ++r) to_unit_length(unit.row(r));
  }
  const RowMatrixXf& matrix = cosine ? unit : data;
  const Eigen::VectorXf squared = cosine ? Eigen::VectorXf() : data.rowwise().squaredNorm();

  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<double> sums(static_cast<size_t>(threads), 0.0);
  std::vector<std::thread> workers;
  const auto work = [&](int worker) {
    Eigen::VectorXf scores(rows);
    std::vector<std::pair<float, int64_t>> embedded(static_cast<size_t>(rows));
    for (size_t s = static_cast<size_t>(worker); s < measured.size();
         s += static_cast<size_t>(threads)) {
      if (control.cancelled()) return;
      const int64_t i = measured[s];
      // Distance-like: smaller is nearer.
      scores.noalias() = matrix * matrix.row(i).transpose();
      if (cosine) {
        scores = -scores;
      } else {
        scores = squared - 2 * scores;
      }
      for (int64_t j = 0; j < rows; ++j) {
        embedded[static_cast<size_t>(j)] = {(layout.col(j) - layout.col(i)).squaredNorm(), j};
      }
      embedded[static_cast<size_t>(i)].first = std::numeric_limits<float>::infinity();
      std::partial_sort(embedded.begin(), embedded.begin() + k, embedded.end());
      for (int n = 0; n < k; ++n) {
        const int64_t j = embedded[static_cast<size_t>(n)].second;
        const float d = scores(j);
        int64_t rank = 1;  // 1 + the rows nearer than j in the data (ties: lower index first)
        for (int64_t l = 0; l < rows; ++l) {
          if (l == i) continue;
          rank += scores(l) < d || (scores(l) == d && l < j);
        }
        if (rank > k) sums[static_cast<size_t>(worker)] += static_cast<double>(rank - k);
      }
      if (worker == 0) {
        control.report(static_cast<uint64_t>(s + 1), static_cast<uint64_t>(measured.size()));
      }
    }
  };
  for (int w = 1; w < threads; ++w) workers.emplace_back(work, w);
  work(0);
  for (auto& thread : workers) thread.join();
  control.throw_if_cancelled();
  double total = 0;
  for (double sum : sums) total += sum;
  const double n = static_cast<double>(rows);
  const double samples = static_cast<double>(measured.size());
  // scikit-learn's normalisation, the sum scaled from the measured rows to all n.
  return 1.0 - total * (n / samples) * (2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)));
}

}  // namespace embscope
