// Skip-gram negative sampling (SGNS), the update at the heart of word2vec: an input vector
// predicts a target word's output vector (label 1) against noise words' (label 0). Its loss is
//   L = -log sigmoid(in . out_0) - sum_{r >= 1} log sigmoid(-in . out_r),
// and one SGD step with rate lr is what word2vec.c does, in its order: each output row moves by
// -lr dL/d(out_r) as soon as it is scored, and the input's step -lr dL/d(in) is accumulated
// (from the rows before their update) for the caller to apply.
//
//   LogisticTable logistic;
//   std::fill(step, step + dim, 0.0f);
//   double loss = sgns_update(input, rows, lr, dim, step, logistic);
//   for (int c = 0; c < dim; ++c) input[c] += step[c];
#pragma once

#include <cmath>
#include <span>
#include <vector>

namespace embscope {

// The logistic function and -log of it over [-6, 6] in 1,000 cells, as word2vec.c tabulates it:
// outside that range the gradient is taken as zero (a saturated pair teaches nothing).
class LogisticTable {
 public:
  static constexpr int kCells = 1000;
  static constexpr float kRange = 6.0f;

  LogisticTable() : sigmoid_(kCells + 1), log_sigmoid_(kCells + 1) {
    for (int i = 0; i <= kCells; ++i) {
      const float x = (static_cast<float>(i) / kCells * 2 - 1) * kRange;
      sigmoid_[static_cast<size_t>(i)] = 1.0f / (1.0f + std::exp(-x));
      log_sigmoid_[static_cast<size_t>(i)] = -std::log1p(std::exp(-x));
    }
  }
  // Written so that NaN (a diverged run, a damaged checkpoint) never reaches cell(), where
  // converting it to an index is undefined.
  float sigmoid(float x) const {
    if (x >= kRange) return 1;
    if (!(x > -kRange)) return 0;
    return sigmoid_[cell(x)];
  }
  float log_sigmoid(float x) const {
    if (!(x > -kRange && x < kRange)) return -std::log1p(std::exp(-x));
    return log_sigmoid_[cell(x)];
  }

 private:
  static size_t cell(float x) { return static_cast<size_t>((x + kRange) * (kCells / kRange / 2)); }
  std::vector<float> sigmoid_;
  std::vector<float> log_sigmoid_;
};

namespace sgns_detail {
// The rows these kernels touch never overlap (an input row, an output row, a scratch row); saying
// so with __restrict lets the compiler vectorise them.
inline float dot(const float* __restrict a, const float* __restrict b, int n) {
  // Sixteen independent partial sums: a fixed order (runs stay reproducible) that the compiler
  // keeps in two vector registers, so consecutive multiply-adds do not wait for each other.
  float partial[16] = {};
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int k = 0; k < 16; ++k) partial[k] += a[i + k] * b[i + k];
  }
  for (int k = 0; i + k < n; ++k) partial[k] += a[i + k] * b[i + k];
  for (int k = 0; k < 8; ++k) partial[k] += partial[k + 8];
  return ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
         ((partial[4] + partial[5]) + (partial[6] + partial[7]));
}

inline void axpy(float alpha, const float* __restrict x, float* __restrict y, int n) {
  for (int i = 0; i < n; ++i) y[i] += alpha * x[i];
}
}  // namespace sgns_detail

// One SGNS example: `input` (dim floats) against `targets` (targets[0] the true word, the rest
// noise words; rows of dim floats, updated in place). Adds the input's step to `input_step`.
// Returns the example's loss.
inline double sgns_update(const float* input, std::span<float* const> targets, float lr, int dim,
                          float* input_step, const LogisticTable& logistic) {
  double loss = 0;
  for (size_t r = 0; r < targets.size(); ++r) {
    float* out = targets[r];
    const float score = sgns_detail::dot(input, out, dim);
    const bool positive = r == 0;
    const float g = ((positive ? 1.0f : 0.0f) - logistic.sigmoid(score)) * lr;
    loss -= logistic.log_sigmoid(positive ? score : -score);
    sgns_detail::axpy(g, out, input_step, dim);
    sgns_detail::axpy(g, input, out, dim);
  }
  return loss;
}

}  // namespace embscope
