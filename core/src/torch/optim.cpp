#include "embscope/torch/optim.hpp"

#include <cmath>
#include <stdexcept>

namespace embscope {
namespace {

bool skipped(const Parameter& p) {
  return p.frozen != nullptr && *p.frozen;
}

std::vector<int64_t> nonzero_rows(const RowMatrixXf& m) {
  std::vector<int64_t> rows;
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    if ((m.row(r).array() != 0.0f).any()) rows.push_back(r);
  }
  return rows;
}

}  // namespace

Parameter Parameter::of(Embedding& table) {
  Parameter p;
  p.value = &table.weight();
  if (table.options().sparse) {
    p.sparse_grad = &table.mutable_sparse_grad();
  } else {
    p.dense_grad = &table.mutable_grad();
  }
  return p;
}

Parameter Parameter::dense(RowMatrixXf& value, RowMatrixXf& grad) {
  Parameter p;
  p.value = &value;
  p.dense_grad = &grad;
  return p;
}

Optimizer::Optimizer(std::vector<Parameter> parameters)
    : parameters_(std::move(parameters)), changed_(parameters_.size()) {
  for (const Parameter& p : parameters_) {
    if (p.value == nullptr || (p.dense_grad == nullptr) == (p.sparse_grad == nullptr)) {
      throw std::invalid_argument("optimiser parameter needs a value and exactly one gradient");
    }
  }
}

void Optimizer::zero_grad() {
  for (Parameter& p : parameters_) {
    if (p.dense_grad != nullptr) p.dense_grad->setZero();
    if (p.sparse_grad != nullptr) {
      p.sparse_grad->indices.clear();
      p.sparse_grad->values.resize(0, p.value->cols());
    }
  }
}

Sgd::Sgd(std::vector<Parameter> parameters, SgdOptions options)
    : Optimizer(std::move(parameters)), options_(options), momentum_(parameters_.size()) {
  for (const Parameter& p : parameters_) {
    if (p.sparse_grad != nullptr && (options_.momentum != 0.0f || options_.weight_decay != 0.0f)) {
      throw std::invalid_argument("SGD: momentum and weight decay need dense gradients");
    }
  }
}

void Sgd::step() {
  for (size_t i = 0; i < parameters_.size(); ++i) {
    Parameter& p = parameters_[i];
    changed_[i].clear();
    if (skipped(p)) continue;
    if (p.sparse_grad != nullptr) {
      const SparseGrad& grad = *p.sparse_grad;
      for (size_t k = 0; k < grad.indices.size(); ++k) {
        p.value->row(grad.indices[k]) -=
            options_.lr * grad.values.row(static_cast<Eigen::Index>(k));
      }
      changed_[i] = grad.touched_rows();
      continue;
    }
    if (p.dense_grad->rows() != p.value->rows()) continue;  // no backward yet
    RowMatrixXf direction = *p.dense_grad;
    if (options_.weight_decay != 0.0f) direction += options_.weight_decay * *p.value;
    if (options_.momentum != 0.0f) {
      if (momentum_[i].size() == 0) {
        momentum_[i] = direction;  // torch: the first buffer is a clone of the gradient
      } else {
        momentum_[i] = options_.momentum * momentum_[i] + direction;
      }
      direction = momentum_[i];
    }
    *p.value -= options_.lr * direction;
    changed_[i] = nonzero_rows(direction);
  }
}

AdamFamily::AdamFamily(std::vector<Parameter> parameters, AdamOptions options, bool sparse)
    : Optimizer(std::move(parameters)),
      options_(options),
      exp_avg_(parameters_.size()),
      exp_avg_sq_(parameters_.size()),
      steps_(parameters_.size(), 0) {
  for (const Parameter& p : parameters_) {
    if (sparse && p.sparse_grad == nullptr) {
      throw std::invalid_argument("SparseAdam needs sparse gradients (Embedding sparse = true)");
    }
    if (!sparse && p.sparse_grad != nullptr) {
      throw std::invalid_argument("Adam does not support sparse gradients; use SparseAdam");
    }
  }
}

int64_t AdamFamily::begin_step(size_t index) {
  const Parameter& p = parameters_[index];
  if (exp_avg_[index].size() == 0) {
    exp_avg_[index] = RowMatrixXf::Zero(p.value->rows(), p.value->cols());
    exp_avg_sq_[index] = RowMatrixXf::Zero(p.value->rows(), p.value->cols());
  }
  return ++steps_[index];
}

Adam::Adam(std::vector<Parameter> parameters, AdamOptions options)
    : AdamFamily(std::move(parameters), options, false) {}

void Adam::step() {
  for (size_t i = 0; i < parameters_.size(); ++i) {
    Parameter& p = parameters_[i];
    changed_[i].clear();
    if (skipped(p) || p.dense_grad->rows() != p.value->rows()) continue;
    RowMatrixXf grad = *p.dense_grad;
    if (options_.weight_decay != 0.0f) grad += options_.weight_decay * *p.value;
    const int64_t step = begin_step(i);
    exp_avg_[i] = exp_avg_[i] * options_.beta1 + grad * (1.0f - options_.beta1);
    exp_avg_sq_[i] =
        exp_avg_sq_[i] * options_.beta2 + grad.cwiseProduct(grad) * (1.0f - options_.beta2);
    const double bias_correction1 = 1.0 - std::pow(double{options_.beta1}, step);
    const double bias_correction2 = 1.0 - std::pow(double{options_.beta2}, step);
    const auto step_size = static_cast<float>(options_.lr / bias_correction1);
    const auto bias_correction2_sqrt = static_cast<float>(std::sqrt(bias_correction2));
    const RowMatrixXf denom =
        (exp_avg_sq_[i].array().sqrt() / bias_correction2_sqrt + options_.eps).matrix();
    *p.value -= step_size * exp_avg_[i].cwiseQuotient(denom);
    changed_[i] = nonzero_rows(exp_avg_[i]);
  }
}

SparseAdam::SparseAdam(std::vector<Parameter> parameters, AdamOptions options)
    : AdamFamily(std::move(parameters), options, true) {}

void SparseAdam::step() {
  for (size_t i = 0; i < parameters_.size(); ++i) {
    Parameter& p = parameters_[i];
    changed_[i].clear();
    if (skipped(p) || p.sparse_grad->empty()) continue;
    const int64_t step = begin_step(i);
    const SparseGrad grad = p.sparse_grad->coalesce();
    const double bias_correction1 = 1.0 - std::pow(double{options_.beta1}, step);
    const double bias_correction2 = 1.0 - std::pow(double{options_.beta2}, step);
    const auto step_size =
        static_cast<float>(options_.lr * std::sqrt(bias_correction2) / bias_correction1);
    for (size_t k = 0; k < grad.indices.size(); ++k) {
      const int64_t row = grad.indices[k];
      const auto g = grad.values.row(static_cast<Eigen::Index>(k)).array();
      // old <- b * old + (1 - b) * new, written as old += (1 - b) * (new - old), as torch does.
      const Eigen::ArrayXXf old_avg = exp_avg_[i].row(row).array();
      const Eigen::ArrayXXf old_avg_sq = exp_avg_sq_[i].row(row).array();
      const Eigen::ArrayXXf avg_update = (g - old_avg) * (1.0f - options_.beta1);
      const Eigen::ArrayXXf avg_sq_update = (g.square() - old_avg_sq) * (1.0f - options_.beta2);
      exp_avg_[i].row(row).array() += avg_update;
      exp_avg_sq_[i].row(row).array() += avg_sq_update;
      const Eigen::ArrayXXf numer = avg_update + old_avg;
      const Eigen::ArrayXXf denom = (avg_sq_update + old_avg_sq).sqrt() + options_.eps;
      p.value->row(row).array() += -step_size * (numer / denom);
    }
    changed_[i] = grad.indices;
  }
}

}  // namespace embscope
