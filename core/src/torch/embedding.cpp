#include "embscope/torch/embedding.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace embscope {
namespace {

EmbeddingOptions resolved(EmbeddingOptions options) {
  if (options.num_embeddings < 0 || options.embedding_dim < 0) {
    throw std::invalid_argument("Embedding: num_embeddings and embedding_dim must be >= 0, got " +
                                std::to_string(options.num_embeddings) + " and " +
                                std::to_string(options.embedding_dim));
  }
  if (options.padding_idx) {
    const int64_t n = options.num_embeddings;
    const int64_t p = *options.padding_idx;
    if (p >= n || p < -n) {
      throw std::invalid_argument("Embedding: padding_idx " + std::to_string(p) +
                                  " must be within num_embeddings (" + std::to_string(n) +
                                  "): valid values are " + std::to_string(-n) + ".." +
                                  std::to_string(n - 1));
    }
    if (p < 0) options.padding_idx = n + p;
  }
  if (options.max_norm && !(*options.max_norm > 0.0f)) {
    throw std::invalid_argument("Embedding: max_norm must be positive");
  }
  return options;
}

double row_norm(const float* row, int64_t dim, double p) {
  if (p == 2.0) {
    double sum = 0;
    for (int64_t i = 0; i < dim; ++i) sum += static_cast<double>(row[i]) * row[i];
    return std::sqrt(sum);
  }
  if (p == 1.0) {
    double sum = 0;
    for (int64_t i = 0; i < dim; ++i) sum += std::abs(static_cast<double>(row[i]));
    return sum;
  }
  if (std::isinf(p)) {
    double largest = 0;
    for (int64_t i = 0; i < dim; ++i) largest = std::max(largest, std::abs(double{row[i]}));
    return largest;
  }
  double sum = 0;
  for (int64_t i = 0; i < dim; ++i) sum += std::pow(std::abs(static_cast<double>(row[i])), p);
  return std::pow(sum, 1.0 / p);
}

}  // namespace

SparseGrad SparseGrad::coalesce() const {
  std::vector<size_t> order(indices.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return indices[a] < indices[b]; });
  SparseGrad result;
  result.values.resize(0, values.cols());
  std::vector<int64_t> unique;
  for (size_t k : order) {
    if (unique.empty() || unique.back() != indices[k]) unique.push_back(indices[k]);
  }
  result.indices = unique;
  result.values = RowMatrixXf::Zero(static_cast<Eigen::Index>(unique.size()), values.cols());
  size_t slot = 0;
  for (size_t k : order) {
    while (result.indices[slot] != indices[k]) ++slot;
    result.values.row(static_cast<Eigen::Index>(slot)) += values.row(static_cast<Eigen::Index>(k));
  }
  return result;
}

std::vector<int64_t> SparseGrad::touched_rows() const {
  std::vector<int64_t> rows = indices;
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

Embedding::Embedding(const EmbeddingOptions& options, Generator& generator)
    : options_(resolved(options)) {
  weight_.resize(options_.num_embeddings, options_.embedding_dim);
  generator.normal_fill(std::span<float>(weight_.data(), static_cast<size_t>(weight_.size())));
  if (options_.padding_idx) weight_.row(*options_.padding_idx).setZero();
}

Embedding::Embedding(RowMatrixXf weights, const EmbeddingOptions& options, bool frozen)
    : options_(options), weight_(std::move(weights)), frozen_(frozen) {}

Embedding Embedding::from_pretrained(RowMatrixXf weights, bool freeze, EmbeddingOptions extra) {
  extra.num_embeddings = weights.rows();
  extra.embedding_dim = weights.cols();
  return Embedding(std::move(weights), resolved(extra), freeze);
}

void Embedding::check_indices(std::span<const int64_t> indices) const {
  check_embedding_indices(indices, weight_.rows());
}

void check_embedding_indices(std::span<const int64_t> indices, int64_t n) {
  for (size_t k = 0; k < indices.size(); ++k) {
    const int64_t index = indices[k];
    if (index < 0 || index >= n) {
      if (n == 0) {
        throw IndexError("index " + std::to_string(index) +
                         " looked up in an empty embedding table (0 rows)");
      }
      throw IndexError("index " + std::to_string(index) + " (position " + std::to_string(k) +
                       ") is out of range for an embedding table of " + std::to_string(n) +
                       " rows: valid indices are 0.." + std::to_string(n - 1));
    }
  }
}

void Embedding::renormalise(std::span<const int64_t> indices) {
  renormalised_.clear();
  std::vector<int64_t> unique(indices.begin(), indices.end());
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  for (int64_t row : unique) {
    if (renormalise_row(weight_.row(row).data(), weight_.cols(), *options_.max_norm,
                        options_.norm_type)) {
      renormalised_.push_back(row);
    }
  }
}

bool renormalise_row(float* row, int64_t dim, double max_norm, double norm_type) {
  const double norm = row_norm(row, dim, norm_type);
  if (!(norm > max_norm)) return false;
  // torch multiplies the float row by the scale as a float scalar.
  const auto scale = static_cast<float>(max_norm / (norm + 1e-7));
  for (int64_t i = 0; i < dim; ++i) row[i] *= scale;
  return true;
}

RowMatrixXf Embedding::forward(std::span<const int64_t> indices) {
  check_indices(indices);
  if (options_.max_norm) renormalise(indices);
  RowMatrixXf out(static_cast<Eigen::Index>(indices.size()), weight_.cols());
  for (size_t k = 0; k < indices.size(); ++k) {
    out.row(static_cast<Eigen::Index>(k)) = weight_.row(indices[k]);
  }
  return out;
}

void Embedding::backward(std::span<const int64_t> indices, const RowMatrixXf& grad_output) {
  if (static_cast<size_t>(grad_output.rows()) != indices.size() ||
      grad_output.cols() != weight_.cols()) {
    throw std::invalid_argument(
        "Embedding::backward: grad_output is " + std::to_string(grad_output.rows()) + "x" +
        std::to_string(grad_output.cols()) + ", expected " + std::to_string(indices.size()) + "x" +
        std::to_string(weight_.cols()));
  }
  if (frozen_) return;
  check_indices(indices);

  std::unordered_map<int64_t, int64_t> counts;
  if (options_.scale_grad_by_freq) {
    for (int64_t index : indices) ++counts[index];
  }
  const auto frequency_scale = [&](int64_t index) {
    return options_.scale_grad_by_freq ? 1.0f / static_cast<float>(counts[index]) : 1.0f;
  };

  if (options_.sparse) {
    if (options_.scale_grad_by_freq) {
      throw std::invalid_argument(
          "embedding_backward: scale_grad_by_freq is not supported with sparse gradients "
          "(as in PyTorch)");
    }
    // torch drops the padding rows from a sparse gradient instead of storing zero rows.
    std::vector<int64_t> kept;
    for (size_t k = 0; k < indices.size(); ++k) {
      if (indices[k] != options_.padding_idx) kept.push_back(static_cast<int64_t>(k));
    }
    const auto old_rows = static_cast<Eigen::Index>(sparse_grad_.indices.size());
    sparse_grad_.values.conservativeResize(old_rows + static_cast<Eigen::Index>(kept.size()),
                                           weight_.cols());
    for (size_t i = 0; i < kept.size(); ++i) {
      const int64_t index = indices[static_cast<size_t>(kept[i])];
      sparse_grad_.indices.push_back(index);
      sparse_grad_.values.row(old_rows + static_cast<Eigen::Index>(i)) = grad_output.row(kept[i]);
    }
    return;
  }
  RowMatrixXf& grad = mutable_grad();
  for (size_t k = 0; k < indices.size(); ++k) {
    const int64_t index = indices[k];
    if (index == options_.padding_idx) continue;
    grad.row(index) += grad_output.row(static_cast<Eigen::Index>(k)) * frequency_scale(index);
  }
}

const RowMatrixXf& Embedding::grad() const {
  if (grad_.rows() != weight_.rows() || grad_.cols() != weight_.cols()) {
    grad_ = RowMatrixXf::Zero(weight_.rows(), weight_.cols());
  }
  return grad_;
}

RowMatrixXf& Embedding::mutable_grad() {
  grad();
  return grad_;
}

void Embedding::zero_grad() {
  if (grad_.size() > 0) grad_.setZero();
  sparse_grad_.indices.clear();
  sparse_grad_.values.resize(0, weight_.cols());
}

}  // namespace embscope
