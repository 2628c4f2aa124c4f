#include "embscope/projection/tsne.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/worker_pool.hpp"
#include "embscope/projection/layout.hpp"
#include "projection/iterative_snapshot.hpp"

namespace embscope {
namespace {

// scikit-learn's constants (_utils.pyx, _t_sne.py).
constexpr int kPerplexitySteps = 100;
constexpr double kPerplexityTolerance = 1e-5;
constexpr double kEpsilon = 1e-8;
constexpr double kMachineEpsilon = std::numeric_limits<double>::epsilon();
constexpr float kMinGain = 0.01f;
constexpr int64_t kCheckEvery = 50;        // _N_ITER_CHECK
constexpr double kMinGradientNorm = 1e-7;  // min_grad_norm
// Points per block of the force computation: fixed, so sums do not depend on the thread count.
constexpr int64_t kBlockPoints = 256;

// The Student-t kernel of `dof` degrees of freedom at squared distance d2: u = 1 / (1 + d2 / dof)
// and w = u^((dof + 1) / 2), the unnormalised q.
struct Kernel {
  float dof;
  float exponent;
  float inverse_dof;  // exact for 1 and 2 degrees of freedom: the same u as d2 / dof, one division
                      // less
  void at(float d2, float& u, float& w) const {
    u = 1.0f / (1.0f + d2 * inverse_dof);
    // 2D and 3D (dof 1 and 2) without pow, which would be most of the time of a 3D step.
    w = dof == 1.0f ? u : dof == 2.0f ? u * std::sqrt(u) : std::pow(u, exponent);
  }
};

Kernel kernel_for(int dims) {
  const float dof = static_cast<float>(std::max(dims - 1, 1));
  return {dof, (dof + 1.0f) / 2.0f, 1.0f / dof};
}

// A 2^D-tree (quadtree, octree) of the layout's points for the Barnes-Hut repulsion. Nodes are
// small (32 bytes in 2D) and know their non-empty children; a leaf of one point holds it exactly.
template <int D>
class BarnesHutTree {
 public:
  void build(const float* y, int64_t n) {
    nodes_.clear();
    order_.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order_[static_cast<size_t>(i)] = static_cast<int32_t>(i);
    scratch_.resize(order_.size());
    std::array<float, D> low, high, center;
    low.fill(std::numeric_limits<float>::infinity());
    high.fill(-std::numeric_limits<float>::infinity());
    for (int64_t i = 0; i < n; ++i)
      for (int d = 0; d < D; ++d) {
        low[d] = std::min(low[d], y[i * D + d]);
        high[d] = std::max(high[d], y[i * D + d]);
      }
    float half = 0;
    for (int d = 0; d < D; ++d) {
      center[d] = (low[d] + high[d]) / 2;
      half = std::max(half, (high[d] - low[d]) / 2);
    }
    nodes_.emplace_back();
    split(0, 0, static_cast<int32_t>(n), center, half * (1 + 1e-5f), y, 0);
  }

  // The rows in the tree's order (neighbours in the layout next to each other).
  const std::vector<int32_t>& order() const { return order_; }

  // Adds to `force` sum_j w u (y_i - y_j) over the other points and returns sum_j w, with far
  // cells (width / distance < theta) as their centre of mass.
  double repulse(const float* y, int64_t i, float theta2, const Kernel& kernel,
                 float* force) const {
    double z = 0;
    const float* yi = y + i * D;
    int32_t stack[32 * (1 << D)];
    int top = 0;
    stack[top++] = 0;
    const auto interact = [&](const float* delta, float d2, float count) {
      float u, w;
      kernel.at(d2, u, w);
      z += static_cast<double>(count * w);
      const float scale = count * w * u;
      for (int d = 0; d < D; ++d) force[d] += scale * delta[d];
    };
    while (top > 0) {
      const Node& node = nodes_[static_cast<size_t>(stack[--top])];
      float delta[D], d2 = 0;
      for (int d = 0; d < D; ++d) {
        delta[d] = yi[d] - node.mass_center[d];
        d2 += delta[d] * delta[d];
      }
      if (node.first_child < 0) {
        if (node.count == 1) {
          if (order_[static_cast<size_t>(node.begin)] != i) interact(delta, d2, 1.0f);
          continue;
        }
        for (int32_t at = node.begin; at < node.end; ++at) {  // points the grid cannot part
          const int32_t j = order_[static_cast<size_t>(at)];
          if (j == i) continue;
          float delta_j[D], d2_j = 0;
          for (int d = 0; d < D; ++d) {
            delta_j[d] = yi[d] - y[static_cast<int64_t>(j) * D + d];
            d2_j += delta_j[d] * delta_j[d];
          }
          interact(delta_j, d2_j, 1.0f);
        }
        continue;
      }
      if (node.width2 < theta2 * d2) {
        interact(delta, d2, static_cast<float>(node.count));
        continue;
      }
      for (int c = 0; c < (1 << D); ++c)
        if (node.children & (1u << c)) stack[top++] = node.first_child + c;
    }
    return z;
  }

 private:
  struct Node {
    std::array<float, D> mass_center{};
    float width2 = 0;  // the cell's squared width
    int32_t count = 0;
    int32_t first_child = -1;  // -1: a leaf, whose points are order_[begin, end)
    int32_t begin = 0, end = 0;
    uint32_t children = 0;  // bit c: child c holds points
  };

  void split(int32_t index, int32_t begin, int32_t end, const std::array<float, D>& center,
             float half, const float* y, int depth) {
    {
      Node& node = nodes_[static_cast<size_t>(index)];
      node.begin = begin;
      node.end = end;
      node.count = end - begin;
      node.width2 = 4 * half * half;
      std::array<double, D> sum{};
      for (int32_t at = begin; at < end; ++at)
        for (int d = 0; d < D; ++d)
          sum[d] += y[static_cast<int64_t>(order_[static_cast<size_t>(at)]) * D + d];
      for (int d = 0; d < D; ++d)
        node.mass_center[d] = static_cast<float>(sum[d] / std::max(node.count, 1));
      // A leaf: one point, or cells 2^-24 of the root, where float coordinates stop telling
      // points apart (duplicates).
      if (node.count <= 1 || half == 0 || depth >= 24) return;
    }
    std::array<int32_t, (1 << D) + 1> starts{};
    const auto child_of = [&](int32_t point) {
      int c = 0;
      for (int d = 0; d < D; ++d)
        if (y[static_cast<int64_t>(point) * D + d] >= center[d]) c |= 1 << d;
      return c;
    };
    for (int32_t at = begin; at < end; ++at)
      ++starts[child_of(order_[static_cast<size_t>(at)]) + 1];
    for (int c = 0; c < (1 << D); ++c) starts[c + 1] += starts[c];
    std::array<int32_t, (1 << D)> fill{};
    for (int32_t at = begin; at < end; ++at) {
      const int32_t point = order_[static_cast<size_t>(at)];
      const int c = child_of(point);
      scratch_[static_cast<size_t>(begin + starts[c] + fill[c]++)] = point;
    }
    std::copy(scratch_.begin() + begin, scratch_.begin() + end, order_.begin() + begin);
    const int32_t first = static_cast<int32_t>(nodes_.size());
    uint32_t children = 0;
    for (int c = 0; c < (1 << D); ++c)
      if (starts[c + 1] > starts[c]) children |= 1u << c;
    nodes_[static_cast<size_t>(index)].first_child = first;
    nodes_[static_cast<size_t>(index)].children = children;
    nodes_.resize(nodes_.size() + (1 << D));
    for (int c = 0; c < (1 << D); ++c) {
      if (!(children & (1u << c))) continue;
      std::array<float, D> child_center;
      for (int d = 0; d < D; ++d)
        child_center[d] = center[d] + ((c >> d) & 1 ? half / 2 : -half / 2);
      split(first + c, begin + starts[c], begin + starts[c + 1], child_center, half / 2, y,
            depth + 1);
    }
  }

  std::vector<Node> nodes_;
  std::vector<int32_t> order_;
  std::vector<int32_t> scratch_;
};

// The gradient of KL(exaggeration P || Q) into `gradient` (rows x D), the repulsion by the tree
// (theta > 0) or exactly. With `kl` it also returns KL(P || Q) (P not exaggerated) as
// sum p log p - sum p log w + log Z (P sums to 1), Z by the same approximation.
template <int D>
void gradient_into(const SparseP& p, const RowMatrixXf& layout, float theta, float exaggeration,
                   BarnesHutTree<D>& tree, detail::WorkerPool* pool, RowMatrixXf& gradient,
                   double* kl = nullptr, double p_log_p = 0) {
  const int64_t rows = layout.rows();
  const float* y = layout.data();
  const Kernel kernel = kernel_for(D);
  if (theta > 0) tree.build(y, rows);
  gradient.resize(rows, D);
  std::vector<double> z(static_cast<size_t>(rows));
  std::vector<double> p_log_w(kl != nullptr ? static_cast<size_t>(rows) : 0);
  RowMatrixXf repulsion(rows, D);
  const float theta2 = theta * theta;
  const int64_t blocks = (rows + kBlockPoints - 1) / kBlockPoints;
  // Points in the tree's order, so that consecutive ones walk the same cells (cache); each
  // point's sums are its own, so the order changes no result.
  const int32_t* order = theta > 0 ? tree.order().data() : nullptr;
  const auto run_block = [&](int64_t block) {
    const int64_t end = std::min(rows, (block + 1) * kBlockPoints);
    for (int64_t at = block * kBlockPoints; at < end; ++at) {
      const int64_t i = order != nullptr ? order[at] : at;
      float force[D] = {};
      if (theta > 0) {
        z[static_cast<size_t>(i)] = tree.repulse(y, i, theta2, kernel, force);
      } else {
        double sum = 0;
        for (int64_t j = 0; j < rows; ++j) {
          if (j == i) continue;
          float delta[D], d2 = 0;
          for (int d = 0; d < D; ++d) {
            delta[d] = y[i * D + d] - y[j * D + d];
            d2 += delta[d] * delta[d];
          }
          float u, w;
          kernel.at(d2, u, w);
          sum += w;
          for (int d = 0; d < D; ++d) force[d] += w * u * delta[d];
        }
        z[static_cast<size_t>(i)] = sum;
      }
      for (int d = 0; d < D; ++d) repulsion(i, d) = force[d];
      // Attraction over P's row: p_ij u_ij (y_i - y_j).
      float attraction[D] = {};
      double row_p_log_w = 0;
      for (SparseP::InnerIterator it(p, i); it; ++it) {
        float delta[D], d2 = 0;
        for (int d = 0; d < D; ++d) {
          delta[d] = y[i * D + d] - y[it.col() * D + d];
          d2 += delta[d] * delta[d];
        }
        float u, w;
        kernel.at(d2, u, w);
        for (int d = 0; d < D; ++d) attraction[d] += it.value() * u * delta[d];
        if (kl != nullptr) row_p_log_w += it.value() * std::log(static_cast<double>(w));
      }
      if (kl != nullptr) p_log_w[static_cast<size_t>(i)] = row_p_log_w;
      for (int d = 0; d < D; ++d) gradient(i, d) = exaggeration * attraction[d];
    }
  };
  if (pool != nullptr && blocks > 1) {
    const int workers = static_cast<int>(std::min<int64_t>(pool->size(), blocks));
    pool->run(workers, [&](int worker) {
      for (int64_t block = worker; block < blocks; block += workers) run_block(block);
    });
  } else {
    for (int64_t block = 0; block < blocks; ++block) run_block(block);
  }
  double total = 0;
  for (double value : z) total += value;  // in row order: the same sum for any thread count
  const float inverse_z = total > 0 ? static_cast<float>(1.0 / total) : 0.0f;
  if (kl != nullptr) {
    double sum = 0;
    for (double value : p_log_w) sum += value;
    *kl = p_log_p - sum + std::log(total);
  }
  const float scale = 2.0f * (kernel.dof + 1.0f) / kernel.dof;
  gradient = scale * (gradient - inverse_z * repulsion);
}

}  // namespace

RowMatrixXd binary_search_perplexity(const RowMatrixXf& squared_distances, double perplexity) {
  const Eigen::Index rows = squared_distances.rows();
  const Eigen::Index k = squared_distances.cols();
  RowMatrixXd p(rows, k);
  const double desired_entropy = std::log(perplexity);
  for (Eigen::Index i = 0; i < rows; ++i) {
    double beta_min = -std::numeric_limits<double>::infinity();
    double beta_max = std::numeric_limits<double>::infinity();
    double beta = 1;
    for (int step = 0; step < kPerplexitySteps; ++step) {
      double sum_p = 0;
      for (Eigen::Index j = 0; j < k; ++j) {
        p(i, j) = std::exp(-static_cast<double>(squared_distances(i, j)) * beta);
        sum_p += p(i, j);
      }
      if (sum_p == 0) sum_p = kEpsilon;
      double sum_distance_p = 0;
      for (Eigen::Index j = 0; j < k; ++j) {
        p(i, j) /= sum_p;
        sum_distance_p += static_cast<double>(squared_distances(i, j)) * p(i, j);
      }
      const double entropy_diff = std::log(sum_p) + beta * sum_distance_p - desired_entropy;
      if (std::fabs(entropy_diff) <= kPerplexityTolerance) break;
      if (entropy_diff > 0) {
        beta_min = beta;
        beta = std::isinf(beta_max) ? beta * 2 : (beta + beta_max) / 2;
      } else {
        beta_max = beta;
        beta = std::isinf(beta_min) ? beta / 2 : (beta + beta_min) / 2;
      }
    }
  }
  return p;
}

SparseP tsne_joint_probabilities(const KnnGraph& graph, double perplexity) {
  RowMatrixXf squared = graph.distances;
  if (graph.metric == Metric::Cosine) {
    squared *= 2.0f;  // |u - v|^2 of unit rows = 2 (1 - cos)
  } else {
    squared = squared.cwiseProduct(squared);
  }
  const RowMatrixXd conditional = binary_search_perplexity(squared, perplexity);
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(static_cast<size_t>(2 * conditional.size()));
  for (Eigen::Index i = 0; i < graph.rows(); ++i) {
    for (int j = 0; j < graph.k(); ++j) {
      entries.emplace_back(i, graph.indices(i, j), conditional(i, j));
      entries.emplace_back(graph.indices(i, j), i, conditional(i, j));
    }
  }
  Eigen::SparseMatrix<double, Eigen::RowMajor> joint(graph.rows(), graph.rows());
  joint.setFromTriplets(entries.begin(), entries.end());
  joint /= std::max(joint.sum(), kMachineEpsilon);
  joint.prune(0.0, 0.0);
  return joint.cast<float>();
}

double tsne_kl_divergence(const SparseP& p, const RowMatrixXf& layout) {
  const int64_t rows = layout.rows();
  const Kernel kernel = kernel_for(static_cast<int>(layout.cols()));
  const auto w_of = [&](int64_t i, int64_t j) {
    const double d2 = (layout.row(i) - layout.row(j)).cast<double>().squaredNorm();
    return std::pow(1.0 + d2 / kernel.dof, -(kernel.dof + 1.0) / 2.0);
  };
  double z = 0;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < rows; ++j)
      if (i != j) z += w_of(i, j);
  double kl = 0;
  for (int64_t i = 0; i < rows; ++i) {
    for (SparseP::InnerIterator it(p, i); it; ++it) {
      if (it.value() <= 0) continue;
      kl += it.value() * std::log(it.value() / (w_of(i, it.col()) / z));
    }
  }
  return kl;
}

RowMatrixXf tsne_gradient(const SparseP& p, const RowMatrixXf& layout, double theta,
                          double exaggeration) {
  RowMatrixXf gradient;
  if (layout.cols() == 2) {
    BarnesHutTree<2> tree;
    gradient_into<2>(p, layout, static_cast<float>(theta), static_cast<float>(exaggeration), tree,
                     nullptr, gradient);
  } else if (layout.cols() == 3) {
    BarnesHutTree<3> tree;
    gradient_into<3>(p, layout, static_cast<float>(theta), static_cast<float>(exaggeration), tree,
                     nullptr, gradient);
  } else {
    throw std::invalid_argument("t-SNE lays out in 2 or 3 dimensions");
  }
  return gradient;
}

namespace {

class TsneLayout final : public Layout {
 public:
  TsneLayout(const RowMatrixXf& data, TsneParameters parameters,
             const IterativeLayoutOptions& options, const Positions3D* start,
             const NeighbourSearch* search)
      : data_(data),
        parameters_(std::move(parameters)),
        options_(options),
        dims_(options.dims),
        seed_(options.seed),
        search_(search),
        end_(parameters_.iterations),
        pool_(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {
    if (options.metric == Metric::Dot)
      throw std::invalid_argument("t-SNE needs a distance, not dot");
    if (dims_ < 2 || dims_ > 3) throw std::invalid_argument("t-SNE lays out in 2 or 3 dimensions");
    if (!(parameters_.perplexity > 0))
      throw std::invalid_argument("t-SNE's perplexity must be > 0");
    if (parameters_.perplexity >= static_cast<double>(data.rows())) {
      throw std::invalid_argument("t-SNE's perplexity must be below the number of rows (" +
                                  std::to_string(data.rows()) + ")");
    }
    if (!(parameters_.theta >= 0)) throw std::invalid_argument("t-SNE's theta must be >= 0");
    if (parameters_.iterations < 1) throw std::invalid_argument("t-SNE needs an iteration");
    if (search != nullptr &&
        (search->vectors().rows() != data.rows() || search->vectors().cols() != data.cols())) {
      throw std::invalid_argument("the t-SNE layout's search is over other vectors");
    }
    if (start != nullptr) {
      if (start->cols() != data.rows()) {
        throw std::invalid_argument("the t-SNE start has " + std::to_string(start->cols()) +
                                    " points for " + std::to_string(data.rows()) + " rows");
      }
      start_ = *start;
    }
  }

  bool step(int64_t iterations, const TaskControl& control) override {
    if (finished()) return false;
    control.throw_if_cancelled();
    if (!prepared_) prepare(control);
    iterations = std::max<int64_t>(1, iterations);
    while (iteration_ < end_ && iterations-- > 0) {
      if (dims_ == 2) {
        iterate<2>(tree2_);
      } else {
        iterate<3>(tree3_);
      }
      ++iteration_;
      if (control.cancelled()) break;
    }
    return !finished();
  }

  int64_t iteration() const override { return iteration_; }
  bool finished() const override { return prepared_ && iteration_ >= end_; }

  void fill(LayoutSnapshot& snapshot) const override {
    detail::fill_iterative_snapshot(snapshot, {"t-SNE", prepared_, positions_, dims_, data_.rows(),
                                               iteration_, end_, finished(), loss_});
  }

 private:
  void prepare(const TaskControl& control) {
    const int k = static_cast<int>(
        std::min<double>(static_cast<double>(data_.rows() - 1), 3.0 * parameters_.perplexity + 1));
    const KnnGraph knn = search_ != nullptr ? knn_graph(*search_, k, options_.metric, control)
                                            : knn_graph(data_, k, options_.metric, control);
    SparseP p = tsne_joint_probabilities(knn, parameters_.perplexity);
    RowMatrixXf positions =
        initial_layout(data_, dims_, options_.init, seed_, start_ ? &*start_ : nullptr, control);
    if (!start_) {
      // scikit-learn: the start scaled so that its first axis has standard deviation 1e-4.
      const double mean = positions.col(0).cast<double>().mean();
      const double sd = std::sqrt((positions.col(0).cast<double>().array() - mean).square().mean());
      if (sd > 0) positions *= static_cast<float>(1e-4 / sd);
    }
    learning_rate_ =
        options_.learning_rate > 0
            ? options_.learning_rate
            : std::max(static_cast<double>(data_.rows()) / parameters_.early_exaggeration / 4,
                       50.0);
    p_log_p_ = 0;
    for (Eigen::Index e = 0; e < p.nonZeros(); ++e) {
      const double value = p.valuePtr()[e];
      if (value > 0) p_log_p_ += value * std::log(value);
    }
    p_ = std::move(p);
    positions_ = std::move(positions);
    update_.setZero(positions_.rows(), dims_);
    gains_.setOnes(positions_.rows(), dims_);
    prepared_ = true;
  }

  // One step of scikit-learn's _gradient_descent; its second call (after the exploration)
  // starts again from zero updates and unit gains. Every 50 iterations scikit-learn ends the
  // call when the gradient's norm is below 1e-7: from a start of standard deviation 1e-4 the
  // exaggerated attraction shrinks the layout until it does, and the exploration then ends
  // early (at iteration 50 on GloVe rows); in the second phase it ends the layout.
  template <int D>
  void iterate(BarnesHutTree<D>& tree) {
    const bool exploring = iteration_ < exploration_end_;
    if (iteration_ == exploration_end_) {
      update_.setZero();
      gains_.setOnes();
    }
    const float exaggeration =
        exploring ? static_cast<float>(parameters_.early_exaggeration) : 1.0f;
    const float momentum = exploring ? 0.5f : 0.8f;
    // The KL divergence, for the snapshot, where scikit-learn computes it: every 50 iterations
    // and at the last.
    const bool measure = (iteration_ + 1) % kCheckEvery == 0 || iteration_ + 1 == end_;
    gradient_into<D>(p_, positions_, static_cast<float>(parameters_.theta), exaggeration, tree,
                     &pool_, gradient_, measure ? &loss_ : nullptr, p_log_p_);
    const float rate = static_cast<float>(learning_rate_);
    float* y = positions_.data();
    float* update = update_.data();
    float* gains = gains_.data();
    const float* gradient = gradient_.data();
    double squared_norm = 0;
    for (Eigen::Index e = 0; e < positions_.size(); ++e) {
      gains[e] = update[e] * gradient[e] < 0 ? gains[e] + 0.2f : gains[e] * 0.8f;
      gains[e] = std::max(gains[e], kMinGain);
      const float step = gains[e] * gradient[e];
      squared_norm += static_cast<double>(step) * step;
      update[e] = momentum * update[e] - rate * step;
      y[e] += update[e];
    }
    if ((iteration_ + 1) % kCheckEvery == 0 && std::sqrt(squared_norm) <= kMinGradientNorm) {
      if (exploring) {
        exploration_end_ = iteration_ + 1;
      } else {
        end_ = iteration_ + 1;
      }
    }
  }

  const RowMatrixXf& data_;
  TsneParameters parameters_;
  IterativeLayoutOptions options_;
  int dims_;
  uint64_t seed_;
  std::optional<Positions3D> start_;
  const NeighbourSearch* search_;
  int64_t iteration_ = 0;
  int64_t exploration_end_ = kTsneExplorationIterations;
  int64_t end_;  // parameters_.iterations, or earlier when the gradient vanishes
  bool prepared_ = false;
  double learning_rate_ = 0;
  double p_log_p_ = 0;
  double loss_ = std::numeric_limits<double>::quiet_NaN();
  SparseP p_;
  RowMatrixXf positions_;  // rows x dims
  RowMatrixXf update_;
  RowMatrixXf gains_;
  RowMatrixXf gradient_;
  BarnesHutTree<2> tree2_;
  BarnesHutTree<3> tree3_;
  detail::WorkerPool pool_;
};

}  // namespace

std::unique_ptr<Layout> make_tsne_layout(const RowMatrixXf& data, const TsneParameters& parameters,
                                         const IterativeLayoutOptions& options,
                                         const Positions3D* start, const NeighbourSearch* search) {
  return std::make_unique<TsneLayout>(data, parameters, options, start, search);
}

}  // namespace embscope
