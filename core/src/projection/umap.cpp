#include "embscope/projection/umap.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "base/worker_pool.hpp"
#include "embscope/projection/layout.hpp"
#include "projection/iterative_snapshot.hpp"

namespace embscope {
namespace {

// umap-learn's constants (umap_.py).
constexpr double kSmoothKTolerance = 1e-5;
constexpr double kMinKDistScale = 1e-3;
constexpr int kSmoothIterations = 64;
constexpr float kClip = 4.0f;
// Rows per random stream: fixed, so the output does not depend on the thread count.
constexpr int64_t kBlockRows = 1024;

float clip(float value) {
  return std::clamp(value, -kClip, kClip);
}

// splitmix64 (Steele, Lea & Flood 2014): a small, fast stream per block and epoch.
struct SplitMix {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) by Lemire's multiply-shift (the tiny bias is irrelevant here).
  uint32_t below(uint32_t n) {
    return static_cast<uint32_t>(((next() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }
};

// Repelling samples per vectorised batch (one AVX register of floats).
constexpr int kBatch = 8;
using Batch = Eigen::Array<float, kBatch, 1>;

// umap_repulsion (gamma 1) of a batch: d2^b as exp(b log d2) in Eigen's packet math.
Batch repulsion_batch(const Batch& d2, float a, float b) {
  const Batch power = (b * d2.max(std::numeric_limits<float>::min()).log()).exp();
  return (2.0f * b) / ((0.001f + d2) * (a * power + 1.0f));
}

uint64_t stream_seed(uint64_t seed, int64_t epoch, int64_t block) {
  SplitMix mix{seed};
  mix.state ^= static_cast<uint64_t>(epoch) * 0xD1B54A32D192ED03ull;
  mix.next();
  mix.state ^= static_cast<uint64_t>(block) * 0x8CB92BA72F3D8DD7ull;
  return mix.next();
}

}  // namespace

int64_t umap_epochs(int64_t rows, int64_t epochs) {
  if (epochs > 0) return epochs;
  return rows <= 10000 ? 500 : 200;
}

UmapCurve find_ab_params(double spread, double min_dist) {
  if (!(spread > 0)) throw std::invalid_argument("UMAP's spread must be positive");
  if (!(min_dist >= 0)) throw std::invalid_argument("UMAP's min_dist must be at least 0");
  constexpr int kPoints = 300;
  std::vector<double> x(kPoints), y(kPoints);
  for (int i = 0; i < kPoints; ++i) {
    x[i] = spread * 3.0 * i / (kPoints - 1);  // numpy.linspace(0, 3 spread, 300)
    y[i] = x[i] < min_dist ? 1.0 : std::exp(-(x[i] - min_dist) / spread);
  }
  // Levenberg-Marquardt from (1, 1), scipy's curve_fit start, with the analytic Jacobian.
  const auto residuals = [&](double a, double b, Eigen::VectorXd* r, Eigen::MatrixXd* jacobian) {
    double sum = 0;
    for (int i = 0; i < kPoints; ++i) {
      const double u = x[i] > 0 ? std::pow(x[i], 2 * b) : 0.0;
      const double f = 1.0 / (1.0 + a * u);
      if (r) (*r)(i) = f - y[i];
      if (jacobian) {
        (*jacobian)(i, 0) = -u * f * f;
        (*jacobian)(i, 1) = x[i] > 0 ? -a * u * 2 * std::log(x[i]) * f * f : 0.0;
      }
      sum += (f - y[i]) * (f - y[i]);
    }
    return sum;
  };
  double a = 1, b = 1, lambda = 1e-3;
  Eigen::VectorXd r(kPoints);
  Eigen::MatrixXd jacobian(kPoints, 2);
  double cost = residuals(a, b, &r, &jacobian);
  for (int iteration = 0; iteration < 1000; ++iteration) {
    const Eigen::Matrix2d normal = jacobian.transpose() * jacobian;
    const Eigen::Vector2d gradient = jacobian.transpose() * r;
    Eigen::Matrix2d damped = normal;
    damped.diagonal() *= 1 + lambda;
    const Eigen::Vector2d delta = damped.ldlt().solve(-gradient);
    const double trial_a = a + delta(0), trial_b = b + delta(1);
    const double trial = trial_b > 0 ? residuals(trial_a, trial_b, nullptr, nullptr)
                                     : std::numeric_limits<double>::infinity();
    if (trial < cost) {
      const bool converged = cost - trial <= 1e-16 * cost && delta.norm() <= 1e-12;
      a = trial_a;
      b = trial_b;
      cost = residuals(a, b, &r, &jacobian);
      lambda = std::max(lambda / 10, 1e-12);
      if (converged) break;
    } else {
      lambda *= 10;
      if (lambda > 1e12) break;
    }
  }
  return {a, b};
}

SmoothKnn smooth_knn_distances(const RowMatrixXf& distances) {
  const Eigen::Index rows = distances.rows();
  const Eigen::Index k = distances.cols();
  SmoothKnn result;
  result.sigmas.resize(rows);
  result.rhos.resize(rows);
  // umap-learn counts the row itself (distance 0) among its n_neighbors: in the target, in the
  // means, never in the sum.
  const double target = std::log2(static_cast<double>(k + 1));
  const double mean_distances =
      rows > 0 ? distances.cast<double>().sum() / (static_cast<double>(rows) * (k + 1)) : 0.0;
  for (Eigen::Index i = 0; i < rows; ++i) {
    float rho = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (distances(i, j) > 0) {  // local_connectivity 1: the first non-zero distance
        rho = distances(i, j);
        break;
      }
    }
    double lo = 0, hi = std::numeric_limits<double>::infinity(), mid = 1;
    for (int n = 0; n < kSmoothIterations; ++n) {
      double psum = 0;
      for (Eigen::Index j = 0; j < k; ++j) {
        const float d = distances(i, j) - rho;  // float, as umap-learn's float32 arrays
        psum += d > 0 ? std::exp(-(d / mid)) : 1.0;
      }
      if (std::fabs(psum - target) < kSmoothKTolerance) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = std::isinf(hi) ? mid * 2 : (lo + hi) / 2;
      }
    }
    float sigma = static_cast<float>(mid);
    const double floor = kMinKDistScale * (rho > 0 ? distances.row(i).cast<double>().sum() / (k + 1)
                                                   : mean_distances);
    if (sigma < floor) sigma = static_cast<float>(floor);
    result.sigmas(i) = sigma;
    result.rhos(i) = rho;
  }
  return result;
}

Eigen::SparseMatrix<float, Eigen::RowMajor> fuzzy_simplicial_set(const KnnGraph& graph,
                                                                 SmoothKnn* smooth) {
  const SmoothKnn local = smooth_knn_distances(graph.distances);
  const Eigen::Index rows = graph.rows();
  std::vector<Eigen::Triplet<float>> entries;
  entries.reserve(static_cast<size_t>(rows * graph.k()));
  for (Eigen::Index i = 0; i < rows; ++i) {
    for (int j = 0; j < graph.k(); ++j) {
      const int32_t other = graph.indices(i, j);
      if (other < 0 || other == i) continue;
      const float d = graph.distances(i, j) - local.rhos(i);
      const float sigma = local.sigmas(i);
      const float value = d <= 0 || sigma == 0 ? 1.0f : std::exp(-(d / sigma));
      if (value != 0) entries.emplace_back(i, other, value);
    }
  }
  Eigen::SparseMatrix<float, Eigen::RowMajor> membership(rows, rows);
  membership.setFromTriplets(entries.begin(), entries.end());
  const Eigen::SparseMatrix<float, Eigen::RowMajor> transposed = membership.transpose();
  // Fuzzy union (probabilistic t-conorm): a + b - a b.
  Eigen::SparseMatrix<float, Eigen::RowMajor> result =
      membership + transposed - membership.cwiseProduct(transposed);
  result.prune(0.0f, 0.0f);
  result.makeCompressed();
  if (smooth != nullptr) *smooth = local;
  return result;
}

float umap_attraction(float d2, float a, float b) {
  if (!(d2 > 0)) return 0;
  const float d2b = std::pow(d2, b);
  return -2.0f * a * b * (d2b / d2) / (a * d2b + 1.0f);
}

float umap_repulsion(float d2, float a, float b, float gamma) {
  // Through the batch the SGD uses, so that the tests check the code that runs.
  Batch squared = Batch::Ones();
  squared(0) = d2;
  return gamma * repulsion_batch(squared, a, b)(0);
}

namespace {

class UmapLayout final : public Layout {
 public:
  UmapLayout(const RowMatrixXf& data, UmapParameters parameters,
             const IterativeLayoutOptions& options, const Positions3D* start,
             const NeighbourSearch* search)
      : data_(data),
        parameters_(std::move(parameters)),
        options_(options),
        dims_(options.dims),
        seed_(options.seed),
        search_(search),
        epochs_(umap_epochs(data.rows(), parameters_.epochs)),
        pool_(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {
    if (dims_ < 2 || dims_ > 3) throw std::invalid_argument("UMAP lays out in 2 or 3 dimensions");
    if (options.metric == Metric::Dot)
      throw std::invalid_argument("UMAP needs a distance, not dot");
    if (options_.learning_rate == 0) options_.learning_rate = 1;  // umap-learn's initial_alpha
    if (parameters_.neighbors < 2) throw std::invalid_argument("UMAP needs at least 2 neighbours");
    if (data.rows() < 3) throw std::invalid_argument("UMAP needs at least 3 rows");
    if (search != nullptr &&
        (search->vectors().rows() != data.rows() || search->vectors().cols() != data.cols())) {
      throw std::invalid_argument("the UMAP layout's search is over other vectors");
    }
    if (start != nullptr) {
      if (start->cols() != data.rows()) {
        throw std::invalid_argument("the UMAP start has " + std::to_string(start->cols()) +
                                    " points for " + std::to_string(data.rows()) + " rows");
      }
      start_ = *start;
    }
  }

  bool step(int64_t epochs, const TaskControl& control) override {
    if (finished()) return false;
    control.throw_if_cancelled();
    if (!prepared_) prepare(control);
    const int64_t end = std::min(epochs_, epoch_ + std::max<int64_t>(1, epochs));
    while (epoch_ < end) {
      if (dims_ == 2) {
        run_epoch<2>();
      } else {
        run_epoch<3>();
      }
      ++epoch_;
      if (control.cancelled()) break;
    }
    return !finished();
  }

  int64_t iteration() const override { return epoch_; }
  bool finished() const override { return prepared_ && epoch_ >= epochs_; }

  // UMAP's cross-entropy is not measured (NaN).
  void fill(LayoutSnapshot& snapshot) const override {
    detail::fill_iterative_snapshot(
        snapshot, {"UMAP", prepared_, positions_, dims_, data_.rows(), epoch_, epochs_, finished(),
                   std::numeric_limits<double>::quiet_NaN()});
  }

 private:
  void prepare(const TaskControl& control) {
    const int k = parameters_.neighbors - 1;
    const KnnGraph knn = search_ != nullptr ? knn_graph(*search_, k, options_.metric, control)
                                            : knn_graph(data_, k, options_.metric, control);
    Eigen::SparseMatrix<float, Eigen::RowMajor> graph = fuzzy_simplicial_set(knn);
    const UmapCurve curve = find_ab_params(parameters_.spread, parameters_.min_dist);
    RowMatrixXf positions =
        initial_layout(data_, dims_, options_.init, seed_, start_ ? &*start_ : nullptr, control);
    // As umap-learn: each axis scaled to [0, 10], with a tiny seeded jitter so that rows
    // starting at one point (duplicates, a flat axis) can separate.
    SplitMix jitter{seed_ ^ 0x5EEDull};
    for (int d = 0; d < dims_; ++d) {
      const float low = positions.col(d).minCoeff();
      const float range = positions.col(d).maxCoeff() - low;
      for (Eigen::Index r = 0; r < positions.rows(); ++r) {
        const float unit = range > 0 ? (positions(r, d) - low) / range : 0.5f;
        const float noise = static_cast<float>(jitter.next() >> 40) / 16777216.0f - 0.5f;
        positions(r, d) = 10.0f * unit + 2e-4f * noise;
      }
    }
    // umap-learn's simplicial_set_embedding drops the edges below max / epochs, which would
    // be sampled less than once, and samples each edge every max / weight epochs.
    const float max_weight = graph.nonZeros() > 0 ? graph.coeffs().maxCoeff() : 1.0f;
    const float threshold = max_weight / static_cast<float>(epochs_);
    const double rate = parameters_.negative_sample_rate;
    edge_begin_.assign(static_cast<size_t>(data_.rows()) + 1, 0);
    tail_.clear();
    epochs_per_sample_.clear();
    for (Eigen::Index i = 0; i < graph.outerSize(); ++i) {
      for (Eigen::SparseMatrix<float, Eigen::RowMajor>::InnerIterator it(graph, i); it; ++it) {
        if (it.value() < threshold) continue;
        tail_.push_back(static_cast<int32_t>(it.col()));
        epochs_per_sample_.push_back(max_weight / it.value());
      }
      edge_begin_[static_cast<size_t>(i) + 1] = static_cast<int64_t>(tail_.size());
    }
    next_sample_ = epochs_per_sample_;
    next_negative_.resize(epochs_per_sample_.size());
    for (size_t e = 0; e < epochs_per_sample_.size(); ++e) {
      next_negative_[e] = static_cast<float>(epochs_per_sample_[e] / rate);
    }
    curve_ = curve;
    positions_ = std::move(positions);
    prepared_ = true;
  }

  // umap-learn's optimize_layout_euclidean_single_epoch, move_other = false, others read from
  // the epoch's start.
  template <int D>
  void run_epoch() {
    previous_ = positions_;
    const float a = static_cast<float>(curve_.a);
    const float b = static_cast<float>(curve_.b);
    const float alpha =
        static_cast<float>(options_.learning_rate * (1.0 - static_cast<double>(epoch_) / epochs_));
    const float rate = static_cast<float>(parameters_.negative_sample_rate);
    const float n = static_cast<float>(epoch_);
    const int64_t rows = data_.rows();
    const int64_t blocks = (rows + kBlockRows - 1) / kBlockRows;
    const float* others = previous_.data();
    float* own = positions_.data();
    const auto run_block = [&](int64_t block) {
      SplitMix random{stream_seed(seed_, epoch_, block)};
      const int64_t end = std::min(rows, (block + 1) * kBlockRows);
      for (int64_t i = block * kBlockRows; i < end; ++i) {
        float* current = own + i * D;
        int pending = 0;  // repelling samples the row's sampled edges ask for
        for (int64_t e = edge_begin_[i]; e < edge_begin_[i + 1]; ++e) {
          if (next_sample_[e] > n) continue;
          const float* other = others + static_cast<int64_t>(tail_[e]) * D;
          float d2 = 0;
          for (int d = 0; d < D; ++d) d2 += (current[d] - other[d]) * (current[d] - other[d]);
          const float attraction = umap_attraction(d2, a, b);
          for (int d = 0; d < D; ++d)
            current[d] += clip(attraction * (current[d] - other[d])) * alpha;
          next_sample_[e] += epochs_per_sample_[e];
          const float per_negative = epochs_per_sample_[e] / rate;
          const int negatives = static_cast<int>((n - next_negative_[e]) / per_negative);
          pending += negatives;
          next_negative_[e] += static_cast<float>(negatives) * per_negative;
        }
        // The row's repelling samples after its attractions, in full batches of 8 whose
        // coefficients are computed together (vectorised log and exp: the power is most of an
        // epoch), each batch from the position it starts at.
        for (int done = 0; done < pending; done += kBatch) {
          const int count = std::min(kBatch, pending - done);
          Batch squared = Batch::Ones();  // unused lanes: any positive distance
          float delta[kBatch][D];
          bool valid[kBatch];
          for (int p = 0; p < count; ++p) {
            const uint32_t k = random.below(static_cast<uint32_t>(rows));
            valid[p] = k != i;
            const float* far = others + static_cast<int64_t>(k) * D;
            float f2 = 0;
            for (int d = 0; d < D; ++d) {
              delta[p][d] = current[d] - far[d];
              f2 += delta[p][d] * delta[p][d];
            }
            squared(p) = f2;
          }
          const Batch repulsion = repulsion_batch(squared, a, b);
          for (int p = 0; p < count; ++p) {
            if (!valid[p]) continue;
            if (squared(p) > 0) {
              for (int d = 0; d < D; ++d) current[d] += clip(repulsion(p) * delta[p][d]) * alpha;
            } else {
              for (int d = 0; d < D; ++d) current[d] += kClip * alpha;
            }
          }
        }
      }
    };
    const int workers = static_cast<int>(std::min<int64_t>(pool_.size(), blocks));
    pool_.run(workers, [&](int worker) {
      for (int64_t block = worker; block < blocks; block += workers) run_block(block);
    });
  }

  const RowMatrixXf& data_;
  UmapParameters parameters_;
  IterativeLayoutOptions options_;
  int dims_;
  uint64_t seed_;
  std::optional<Positions3D> start_;
  const NeighbourSearch* search_;
  int64_t epochs_;
  int64_t epoch_ = 0;
  bool prepared_ = false;
  UmapCurve curve_;
  // The sampled edges by head row (CSR): tail, epochs per sample, next positive and negative
  // sample epochs.
  std::vector<int64_t> edge_begin_;
  std::vector<int32_t> tail_;
  std::vector<float> epochs_per_sample_;
  std::vector<float> next_sample_;
  std::vector<float> next_negative_;
  RowMatrixXf positions_;  // rows x dims
  RowMatrixXf previous_;   // the positions at the start of the epoch being run
  detail::WorkerPool pool_;
};

}  // namespace

std::unique_ptr<Layout> make_umap_layout(const RowMatrixXf& data, const UmapParameters& parameters,
                                         const IterativeLayoutOptions& options,
                                         const Positions3D* start, const NeighbourSearch* search) {
  return std::make_unique<UmapLayout>(data, parameters, options, start, search);
}

}  // namespace embscope
