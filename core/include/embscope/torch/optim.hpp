// Optimisers with PyTorch's update rules and defaults: SGD (with optional momentum), Adam and
// SparseAdam. Dense parameters are updated whole; a parameter with a sparse gradient (an
// Embedding with sparse = true) is updated only on the rows its gradient touches.
//
// After each step, `changed_rows(p)` lists the rows of parameter p that the step wrote, which the
// GUI highlights ("the rows a sparse update touched").
//
//   Sgd sgd({Parameter::of(table)}, {.lr = 0.1f});
//   table.backward(indices, grad_output);
//   sgd.step();
//   sgd.zero_grad();
#pragma once

#include <cstdint>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "embscope/torch/embedding.hpp"

namespace embscope {

// A view of one trainable tensor: its value and where its gradient lives. Exactly one of
// dense_grad / sparse_grad is set. The pointed-to objects must outlive the optimiser.
struct Parameter {
  RowMatrixXf* value = nullptr;
  RowMatrixXf* dense_grad = nullptr;
  SparseGrad* sparse_grad = nullptr;
  const bool* frozen = nullptr;  // optional: skipped while *frozen

  static Parameter of(Embedding& table);
  static Parameter dense(RowMatrixXf& value, RowMatrixXf& grad);
};

class Optimizer {
 public:
  explicit Optimizer(std::vector<Parameter> parameters);
  virtual ~Optimizer() = default;

  virtual void step() = 0;
  // Zeroes every dense gradient and empties every sparse one.
  void zero_grad();
  // Rows of parameter `index` written by the last step, ascending.
  const std::vector<int64_t>& changed_rows(size_t index = 0) const { return changed_.at(index); }

 protected:
  std::vector<Parameter> parameters_;
  std::vector<std::vector<int64_t>> changed_;
};

struct SgdOptions {
  float lr = 0.01f;
  float momentum = 0.0f;
  float weight_decay = 0.0f;
};

// torch.optim.SGD (dampening 0, no Nesterov). Sparse gradients take the plain update
// param[i] -= lr * g for every (i, g) pair; momentum and weight decay need dense gradients.
class Sgd : public Optimizer {
 public:
  Sgd(std::vector<Parameter> parameters, SgdOptions options);
  void step() override;

 private:
  SgdOptions options_;
  std::vector<RowMatrixXf> momentum_;
};

struct AdamOptions {
  float lr = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
  float weight_decay = 0.0f;
};

// The state both Adam variants keep per parameter: the two moment estimates and the step count.
class AdamFamily : public Optimizer {
 protected:
  // sparse: whether the parameters must have sparse (true) or dense (false) gradients.
  AdamFamily(std::vector<Parameter> parameters, AdamOptions options, bool sparse);
  // Zero moments on first use; returns the parameter's new step number.
  int64_t begin_step(size_t index);

  AdamOptions options_;
  std::vector<RowMatrixXf> exp_avg_;
  std::vector<RowMatrixXf> exp_avg_sq_;
  std::vector<int64_t> steps_;
};

// torch.optim.Adam (no AMSGrad), dense gradients only.
class Adam : public AdamFamily {
 public:
  Adam(std::vector<Parameter> parameters, AdamOptions options = {});
  void step() override;
};

// torch.optim.SparseAdam: lazy Adam for sparse gradients; only the touched rows' moments and
// values change.
class SparseAdam : public AdamFamily {
 public:
  SparseAdam(std::vector<Parameter> parameters, AdamOptions options = {});
  void step() override;
};

}  // namespace embscope
