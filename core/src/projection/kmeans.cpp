#include "embscope/projection/kmeans.hpp"

#include <algorithm>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

#include "embscope/base/norms.hpp"

namespace embscope {
namespace {

// Squared distances from every row to every centre, blocked so the products stay in cache:
// |x - c|^2 = |x|^2 - 2 x.c + |c|^2.
double assign(const RowMatrixXf& data, const Eigen::VectorXf& row_norms, const RowMatrixXf& centres,
              std::vector<int32_t>& labels) {
  constexpr Eigen::Index kBlock = 4096;
  const Eigen::VectorXf centre_norms = centres.rowwise().squaredNorm();
  double inertia = 0;
  for (Eigen::Index begin = 0; begin < data.rows(); begin += kBlock) {
    const Eigen::Index rows = std::min(kBlock, data.rows() - begin);
    const Eigen::MatrixXf products = data.middleRows(begin, rows) * centres.transpose();
    for (Eigen::Index r = 0; r < rows; ++r) {
      Eigen::Index best = 0;
      float best_distance = std::numeric_limits<float>::infinity();
      for (Eigen::Index c = 0; c < centres.rows(); ++c) {
        const float distance = centre_norms(c) - 2 * products(r, c);
        if (distance < best_distance) {
          best_distance = distance;
          best = c;
        }
      }
      labels[static_cast<size_t>(begin + r)] = static_cast<int32_t>(best);
      inertia += std::max(0.0, static_cast<double>(best_distance + row_norms(begin + r)));
    }
  }
  return inertia;
}

KMeans lloyd(const RowMatrixXf& data, const KMeansOptions& options, const TaskControl& control) {
  const Eigen::Index rows = data.rows();
  std::mt19937_64 random(options.seed);
  // k-means++ seeding on a sample: each next centre drawn with probability proportional to its
  // squared distance from the nearest centre chosen so far.
  std::vector<Eigen::Index> candidates(static_cast<size_t>(rows));
  for (Eigen::Index i = 0; i < rows; ++i) candidates[static_cast<size_t>(i)] = i;
  if (rows > options.seeding_sample) {
    std::shuffle(candidates.begin(), candidates.end(), random);
    candidates.resize(static_cast<size_t>(options.seeding_sample));
  }
  KMeans result;
  result.centres.resize(options.clusters, data.cols());
  std::vector<double> nearest(candidates.size(), std::numeric_limits<double>::infinity());
  Eigen::Index chosen =
      candidates[std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(random)];
  for (int c = 0; c < options.clusters; ++c) {
    result.centres.row(c) = data.row(chosen);
    double total = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
      nearest[i] = std::min(
          nearest[i],
          static_cast<double>((data.row(candidates[i]) - result.centres.row(c)).squaredNorm()));
      total += nearest[i];
    }
    if (c + 1 == options.clusters) break;
    double target = std::uniform_real_distribution<double>(0, total)(random);
    size_t pick = 0;
    while (pick + 1 < candidates.size() && target >= nearest[pick]) target -= nearest[pick++];
    chosen = candidates[pick];
  }

  const Eigen::VectorXf row_norms = data.rowwise().squaredNorm();
  result.labels.assign(static_cast<size_t>(rows), 0);
  double previous = std::numeric_limits<double>::infinity();
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    control.throw_if_cancelled();
    result.inertia = assign(data, row_norms, result.centres, result.labels);
    result.iterations = iteration + 1;
    control.report(static_cast<uint64_t>(iteration + 1),
                   static_cast<uint64_t>(options.max_iterations));
    if (previous - result.inertia <= options.tolerance * result.inertia) break;
    previous = result.inertia;
    // Update: each centre moves to the mean of its rows; an empty cluster keeps its centre.
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(options.clusters, data.cols());
    std::vector<int64_t> sizes(static_cast<size_t>(options.clusters), 0);
    for (Eigen::Index r = 0; r < rows; ++r) {
      const int32_t label = result.labels[static_cast<size_t>(r)];
      sums.row(label) += data.row(r).cast<double>();
      ++sizes[static_cast<size_t>(label)];
    }
    for (int c = 0; c < options.clusters; ++c) {
      if (sizes[static_cast<size_t>(c)] > 0) {
        result.centres.row(c) =
            (sums.row(c) / static_cast<double>(sizes[static_cast<size_t>(c)])).cast<float>();
      }
    }
  }
  return result;
}

}  // namespace

KMeans kmeans(const RowMatrixXf& data, const KMeansOptions& options, const TaskControl& control) {
  if (options.clusters < 1 || options.clusters > data.rows()) {
    throw std::invalid_argument("k-means: " + std::to_string(options.clusters) + " clusters for " +
                                std::to_string(data.rows()) + " rows");
  }
  // Squared distances are float sums: values whose squares overflow or vanish (near 1e20-3e38,
  // or 1e-20) are clustered scaled by a power of two, which changes no assignment, and the
  // centres and inertia are scaled back.
  const float max_abs = max_abs_value(data);
  if (!needs_rescaling(max_abs)) return lloyd(data, options, control);
  const double scale = rescaling_factor(max_abs);
  const RowMatrixXf scaled = data * static_cast<float>(scale);
  KMeans result = lloyd(scaled, options, control);
  result.centres = (result.centres.cast<double>() / scale).cast<float>();
  result.inertia /= scale * scale;
  return result;
}

}  // namespace embscope
