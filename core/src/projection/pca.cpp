#include "embscope/projection/pca.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "embscope/base/norms.hpp"
#include "embscope/torch/generator.hpp"

namespace embscope {
namespace {

constexpr Eigen::Index kBlockRows = 4096;
constexpr Eigen::Index kCentredRows = 512;  // a centred sub-block of 300 columns stays in L2
// The covariance costs n d^2 / 2 multiply-adds and is compute-bound; a randomized pass costs
// 2 n d (k + 10) and reads the data from memory. On these machines the covariance wins up to
// about a thousand dimensions, and when a flat spectrum makes subspace iteration crawl.
constexpr Eigen::Index kExactMaxDim = 1024;
constexpr int kAutoRandomizedPasses = 25;
constexpr int kMaxRandomizedPasses = 300;

int worker_count(Eigen::Index rows) {
  const auto hardware =
      static_cast<Eigen::Index>(std::max(1u, std::thread::hardware_concurrency()));
  return static_cast<int>(std::clamp<Eigen::Index>(rows / kBlockRows, 1, hardware));
}

template <typename Body>
void parallel_row_ranges(Eigen::Index rows, int workers, Body&& body) {
  std::vector<std::thread> threads;
  for (int w = 1; w < workers; ++w) {
    threads.emplace_back([&, w] { body(w, rows * w / workers, rows * (w + 1) / workers); });
  }
  body(0, 0, rows / workers);
  for (auto& thread : threads) thread.join();
}

// The rows PCA is fitted on: all, or the chosen subset, spherized if asked. Materialised only
// when something changes them.
struct FitData {
  const RowMatrixXf* matrix = nullptr;
  RowMatrixXf owned;
  Eigen::RowVectorXf spherize_centre;  // the mean removed before scaling rows to unit length
  // The power of two the rows were multiplied by (needs_rescaling: values whose float squares
  // and sums would overflow or vanish); the fit is scale-equivariant, so it is undone at the end.
  double scale = 1;
};

void rescale(FitData& fit, const RowMatrixXf& data, float max_abs) {
  fit.scale = rescaling_factor(max_abs);
  const auto factor = static_cast<float>(fit.scale);
  if (fit.matrix == &fit.owned) {
    fit.owned *= factor;
  } else {
    fit.owned = data * factor;
    fit.matrix = &fit.owned;
  }
}

FitData prepare(const RowMatrixXf& data, const PcaOptions& options) {
  FitData fit;
  if (options.fit_rows.empty() && !options.spherize) {
    fit.matrix = &data;
    return fit;
  }
  if (options.fit_rows.empty()) {
    fit.owned = data;
  } else {
    fit.owned.resize(static_cast<Eigen::Index>(options.fit_rows.size()), data.cols());
    for (size_t i = 0; i < options.fit_rows.size(); ++i) {
      const int64_t row = options.fit_rows[i];
      if (row < 0 || row >= data.rows()) throw std::out_of_range("PCA: fit row out of range");
      fit.owned.row(static_cast<Eigen::Index>(i)) = data.row(row);
    }
  }
  fit.matrix = &fit.owned;
  if (options.spherize) {
    // Centring sums and subtracts rows: scaled first when that would overflow.
    if (const float max_abs = max_abs_value(fit.owned); needs_rescaling(max_abs))
      rescale(fit, data, max_abs);
    fit.spherize_centre = fit.owned.colwise().mean();
    fit.owned.rowwise() -= fit.spherize_centre;
    for (Eigen::Index r = 0; r < fit.owned.rows(); ++r) to_unit_length(fit.owned.row(r));
  }
  return fit;
}

struct ColumnStatistics {
  Eigen::RowVectorXd mean;
  float max_abs = 0;  // the largest |value|, to decide whether the fit must be rescaled
};

ColumnStatistics column_statistics(const RowMatrixXf& data, int workers) {
  std::vector<Eigen::RowVectorXd> partial(static_cast<size_t>(workers),
                                          Eigen::RowVectorXd::Zero(data.cols()));
  std::vector<float> partial_max(static_cast<size_t>(workers), 0.0f);
  parallel_row_ranges(data.rows(), workers, [&](int w, Eigen::Index begin, Eigen::Index end) {
    Eigen::RowVectorXd& sum = partial[static_cast<size_t>(w)];
    Eigen::RowVectorXf block_sum(data.cols());
    Eigen::RowVectorXf block_max = Eigen::RowVectorXf::Zero(data.cols());
    for (Eigen::Index start = begin; start < end; start += kBlockRows) {
      const Eigen::Index stop = std::min(start + kBlockRows, end);
      // Whole rows added one after another (contiguous, vectorised); Eigen's colwise().sum() of
      // a row-major block walks each column with a stride and took over ten times longer. The
      // largest |value| comes with the same read of each row.
      block_sum.setZero();
      for (Eigen::Index row = start; row < stop; ++row) {
        block_sum += data.row(row);
        block_max = block_max.cwiseMax(data.row(row).cwiseAbs());
      }
      sum += block_sum.cast<double>();
    }
    partial_max[static_cast<size_t>(w)] = data.cols() > 0 ? block_max.maxCoeff() : 0.0f;
  });
  ColumnStatistics statistics;
  statistics.mean = Eigen::RowVectorXd::Zero(data.cols());
  for (const auto& p : partial) statistics.mean += p;
  statistics.mean /= static_cast<double>(data.rows());
  statistics.max_abs = *std::max_element(partial_max.begin(), partial_max.end());
  return statistics;
}

// Covariance (n - 1 normalisation): float products of centred blocks (the symmetric rank
// update computes one triangle), accumulated in double.
Eigen::MatrixXd covariance(const RowMatrixXf& data, const Eigen::RowVectorXd& mean, int workers,
                           const TaskControl& control) {
  const Eigen::Index dim = data.cols();
  const Eigen::RowVectorXf mean_f = mean.cast<float>();
  std::vector<Eigen::MatrixXd> partial(static_cast<size_t>(workers),
                                       Eigen::MatrixXd::Zero(dim, dim));
  parallel_row_ranges(data.rows(), workers, [&](int w, Eigen::Index begin, Eigen::Index end) {
    RowMatrixXf block;  // row-major like the data: centring is a straight copy
    Eigen::MatrixXf product(dim, dim);
    for (Eigen::Index start = begin; start < end; start += kBlockRows) {
      if (control.cancelled()) return;
      const Eigen::Index stop = std::min(start + kBlockRows, end);
      product.setZero();
      for (Eigen::Index sub = start; sub < stop; sub += kCentredRows) {
        const Eigen::Index count = std::min(kCentredRows, stop - sub);
        block = data.middleRows(sub, count).rowwise() - mean_f;
        product.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
      }
      partial[static_cast<size_t>(w)] += product.cast<double>();
    }
  });
  control.throw_if_cancelled();
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(dim, dim);
  for (const auto& p : partial) sum += p;
  sum = sum.selfadjointView<Eigen::Lower>();
  return sum / static_cast<double>(data.rows() - 1);
}

// C * Q for the covariance C of `data`, without forming C: X^T (X Q) - n m (m^T Q), one pass.
Eigen::MatrixXd covariance_times(const RowMatrixXf& data, const Eigen::RowVectorXd& mean,
                                 const Eigen::MatrixXd& q, int workers) {
  const Eigen::MatrixXf q_f = q.cast<float>();
  std::vector<Eigen::MatrixXd> partial(static_cast<size_t>(workers),
                                       Eigen::MatrixXd::Zero(q.rows(), q.cols()));
  parallel_row_ranges(data.rows(), workers, [&](int w, Eigen::Index begin, Eigen::Index end) {
    Eigen::MatrixXf projected;
    Eigen::MatrixXf accumulated = Eigen::MatrixXf::Zero(q.rows(), q.cols());
    for (Eigen::Index start = begin; start < end; start += kBlockRows) {
      const Eigen::Index count = std::min(kBlockRows, end - start);
      const auto block = data.middleRows(start, count);
      projected.noalias() = block * q_f;
      accumulated.noalias() += block.transpose() * projected;
      if (((start - begin) / kBlockRows) % 16 == 15) {  // keep float sums short
        partial[static_cast<size_t>(w)] += accumulated.cast<double>();
        accumulated.setZero();
      }
    }
    partial[static_cast<size_t>(w)] += accumulated.cast<double>();
  });
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(q.rows(), q.cols());
  for (const auto& p : partial) sum += p;
  const double n = static_cast<double>(data.rows());
  sum -= n * mean.transpose() * (mean * q);
  return sum / (n - 1);
}

double trace_of_covariance(const RowMatrixXf& data, const Eigen::RowVectorXd& mean, int workers) {
  std::vector<double> partial(static_cast<size_t>(workers), 0.0);
  const Eigen::RowVectorXf mean_f = mean.cast<float>();
  parallel_row_ranges(data.rows(), workers, [&](int w, Eigen::Index begin, Eigen::Index end) {
    double sum = 0;
    for (Eigen::Index r = begin; r < end; ++r) sum += (data.row(r) - mean_f).squaredNorm();
    partial[static_cast<size_t>(w)] = sum;
  });
  return std::accumulate(partial.begin(), partial.end(), 0.0) /
         static_cast<double>(data.rows() - 1);
}

void finish(Pca& pca, const Eigen::MatrixXd& vectors, const Eigen::VectorXd& values, int k) {
  const Eigen::Index dim = vectors.rows();
  pca.components.resize(k, dim);
  pca.explained_variance.resize(k);
  for (int i = 0; i < k; ++i) {
    Eigen::VectorXd axis = vectors.col(i);
    Eigen::Index largest = 0;
    axis.cwiseAbs().maxCoeff(&largest);
    if (axis(largest) < 0) axis = -axis;
    pca.components.row(i) = axis.transpose().cast<float>();
    pca.explained_variance(i) = std::max(0.0, values(i));
  }
  pca.explained_variance_ratio = pca.total_variance > 0
                                     ? Eigen::VectorXd(pca.explained_variance / pca.total_variance)
                                     : Eigen::VectorXd::Zero(k);
}

void fit_exact(Pca& pca, const RowMatrixXf& data, const Eigen::RowVectorXd& mean, int k,
               int workers, const TaskControl& control) {
  const Eigen::MatrixXd c = covariance(data, mean, workers, control);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(c);
  if (solver.info() != Eigen::Success) throw std::runtime_error("PCA: eigen decomposition failed");
  pca.total_variance = std::max(0.0, c.trace());
  // Eigen sorts ascending; principal components are the largest.
  const Eigen::Index dim = c.rows();
  Eigen::MatrixXd vectors(dim, k);
  Eigen::VectorXd values(k);
  for (int i = 0; i < k; ++i) {
    vectors.col(i) = solver.eigenvectors().col(dim - 1 - i);
    values(i) = solver.eigenvalues()(dim - 1 - i);
  }
  finish(pca, vectors, values, k);
  pca.solver_used = PcaSolver::Exact;
}

// Returns false when `max_passes` were not enough to converge (the result is then the best
// estimate so far).
bool fit_randomized(Pca& pca, const RowMatrixXf& data, const Eigen::RowVectorXd& mean, int k,
                    int workers, uint64_t seed, int max_passes, const TaskControl& control) {
  const Eigen::Index dim = data.cols();
  const Eigen::Index block = std::min<Eigen::Index>(dim, k + 10);
  Generator generator(seed);
  Eigen::MatrixXd q(dim, block);
  std::vector<double> start(static_cast<size_t>(dim * block));
  generator.normal_fill(std::span<double>(start));
  q = Eigen::Map<Eigen::MatrixXd>(start.data(), dim, block);
  q = Eigen::HouseholderQR<Eigen::MatrixXd>(q).householderQ() *
      Eigen::MatrixXd::Identity(dim, block);
  Eigen::VectorXd previous = Eigen::VectorXd::Zero(k);
  Eigen::MatrixXd ritz_vectors;
  Eigen::VectorXd ritz_values;
  int iteration = 0;
  bool converged = false;
  for (; iteration < max_passes; ++iteration) {
    control.throw_if_cancelled();
    const Eigen::MatrixXd w = covariance_times(data, mean, q, workers);
    // Rayleigh-Ritz on the current subspace.
    const Eigen::MatrixXd b = q.transpose() * w;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> small((b + b.transpose()) / 2);
    ritz_values = small.eigenvalues().reverse();
    ritz_vectors = q * small.eigenvectors().rowwise().reverse();
    const Eigen::VectorXd top = ritz_values.head(k);
    const double change =
        ((top - previous).cwiseAbs().array() / top.cwiseAbs().array().max(1e-300)).maxCoeff();
    previous = top;
    // Eigenvalues settle long before eigenvectors; also require small residuals
    // |C y - lambda y| / lambda for the top-k Ritz pairs (C y = W s for y = Q s).
    const Eigen::MatrixXd s_vectors = small.eigenvectors().rowwise().reverse().leftCols(k);
    const Eigen::MatrixXd residual = w * s_vectors - ritz_vectors.leftCols(k) * top.asDiagonal();
    double worst_residual = 0;
    for (int i = 0; i < k; ++i) {
      worst_residual =
          std::max(worst_residual, residual.col(i).norm() / std::max(std::abs(top(i)), 1e-300));
    }
    control.report(static_cast<uint64_t>(iteration + 1), static_cast<uint64_t>(max_passes));
    if (iteration > 0 && change < 1e-6 && worst_residual < 1e-5) {
      ++iteration;
      converged = true;
      break;
    }
    q = Eigen::HouseholderQR<Eigen::MatrixXd>(w).householderQ() *
        Eigen::MatrixXd::Identity(dim, block);
  }
  pca.total_variance = trace_of_covariance(data, mean, workers);
  finish(pca, ritz_vectors.leftCols(k), ritz_values.head(k), k);
  pca.solver_used = PcaSolver::Randomized;
  pca.iterations = iteration;
  return converged;
}

}  // namespace

Pca fit_pca(const RowMatrixXf& data, const PcaOptions& options, const TaskControl& control) {
  FitData fit = prepare(data, options);
  if (fit.matrix->rows() < 2) throw std::invalid_argument("PCA needs at least 2 rows");
  if (fit.matrix->cols() < 1) throw std::invalid_argument("PCA needs at least 1 column");
  const int workers = worker_count(fit.matrix->rows());
  ColumnStatistics statistics = column_statistics(*fit.matrix, workers);
  if (needs_rescaling(statistics.max_abs)) {  // never after spherize (rows of unit length)
    rescale(fit, data, statistics.max_abs);
    statistics = column_statistics(*fit.matrix, workers);
  }
  const RowMatrixXf& x = *fit.matrix;
  const Eigen::RowVectorXd& mean = statistics.mean;
  const int k = std::clamp<int>(options.components, 1, static_cast<int>(x.cols()));

  Pca pca;
  pca.spherize = options.spherize;
  const bool randomized_possible = k + 10 < x.cols();
  if (options.solver == PcaSolver::Randomized && randomized_possible) {
    fit_randomized(pca, x, mean, k, workers, options.seed, kMaxRandomizedPasses, control);
  } else if (options.solver == PcaSolver::Auto && randomized_possible && x.cols() > kExactMaxDim &&
             fit_randomized(pca, x, mean, k, workers, options.seed, kAutoRandomizedPasses,
                            control)) {
    // converged within the passes that make it cheaper than the covariance
  } else {
    fit_exact(pca, x, mean, k, workers, control);
  }
  // Spherized: project_rows repeats the transform on every row (centre on the fit rows' mean,
  // scale to unit length), then removes the mean of the spherized fit rows.
  if (options.spherize) {
    // Spherized rows do not depend on the scale; only the centre is in the data's units.
    pca.mean = (fit.spherize_centre.cast<double>() / fit.scale).cast<float>();
    pca.spherize_mean_after = mean.cast<float>();
  } else {
    pca.mean = (mean / fit.scale).cast<float>();
    const double variance_scale = fit.scale * fit.scale;
    pca.explained_variance /= variance_scale;
    pca.total_variance /= variance_scale;
  }
  return pca;
}

Pca fit_pca(const RowMatrixXf& data, int components, const TaskControl& control) {
  PcaOptions options;
  options.components = components;
  options.solver = PcaSolver::Exact;
  return fit_pca(data, options, control);
}

std::vector<int64_t> sample_rows(int64_t rows, int64_t count, uint64_t seed) {
  std::vector<int64_t> all(static_cast<size_t>(rows));
  std::iota(all.begin(), all.end(), 0);
  if (count >= rows) return all;
  std::mt19937_64 random(seed);
  // Partial Fisher-Yates: the first `count` slots become the sample.
  for (int64_t i = 0; i < count; ++i) {
    std::uniform_int_distribution<int64_t> pick(i, rows - 1);
    std::swap(all[static_cast<size_t>(i)], all[static_cast<size_t>(pick(random))]);
  }
  all.resize(static_cast<size_t>(count));
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace embscope
