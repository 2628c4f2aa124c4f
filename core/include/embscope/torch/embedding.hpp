// Embedding: a lookup table with the semantics of PyTorch's torch.nn.Embedding.
//
// `weight()` is a (num_embeddings x embedding_dim) row-major matrix; `forward(indices)` returns
// the rows at those indices. Everything users know from torch behaves the same:
// - a new table is initialised N(0, 1) by the torch-compatible Generator (same seed, same
//   numbers), and its padding row is zeroed;
// - `padding_idx` (negative counts from the end) never receives a gradient;
// - `max_norm` renormalises, in place and before the lookup, each referenced row whose
//   `norm_type`-norm exceeds it (scale max_norm / (norm + 1e-7));
// - `scale_grad_by_freq` divides each row's gradient by the count of its index in the batch;
// - `sparse` gradients are a list of (index, row) pairs, uncoalesced as torch returns them;
// - `from_pretrained(weights, freeze)` keeps the weights as given (the padding row is not
//   zeroed) and a frozen table accumulates no gradient.
//
//   Generator generator(42);
//   Embedding table({.num_embeddings = 5, .embedding_dim = 3}, generator);
//   std::vector<int64_t> indices = {0, 2, 4};
//   RowMatrixXf rows = table.forward(indices);          // rows 0, 2 and 4
//   table.backward(indices, RowMatrixXf::Ones(3, 3));    // grad() rows 0, 2, 4 become 1
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "embscope/torch/generator.hpp"

namespace embscope {

struct EmbeddingOptions {
  int64_t num_embeddings = 0;
  int64_t embedding_dim = 0;
  std::optional<int64_t> padding_idx = std::nullopt;
  std::optional<float> max_norm = std::nullopt;
  float norm_type = 2.0f;
  bool scale_grad_by_freq = false;
  bool sparse = false;
};

// A row-sparse gradient: row `indices[k]` receives `values.row(k)`. Indices may repeat.
struct SparseGrad {
  std::vector<int64_t> indices;
  RowMatrixXf values;

  // Sorted unique indices with the rows of equal indices summed, as torch's coalesce().
  SparseGrad coalesce() const;
  // The sorted unique indices alone (the rows this gradient touches).
  std::vector<int64_t> touched_rows() const;
  bool empty() const { return indices.empty(); }
};

// Thrown for what torch raises IndexError for: an index outside the table.
class IndexError : public std::out_of_range {
 public:
  using std::out_of_range::out_of_range;
};

// torch's check of a lookup: every index in [0, rows), else IndexError naming the index, its
// position and the valid range. Shared by Embedding and by views that look rows up.
void check_embedding_indices(std::span<const int64_t> indices, int64_t rows);

// torch's max_norm step for one row of `dim` floats: when its norm_type-norm exceeds max_norm,
// scales it in place by max_norm / (norm + 1e-7) (a float scale, as torch). Returns whether it
// was scaled.
bool renormalise_row(float* row, int64_t dim, double max_norm, double norm_type);

class Embedding {
 public:
  Embedding(const EmbeddingOptions& options, Generator& generator);

  // Takes the weights as they are; freeze = true means no gradient is ever accumulated.
  // The shape comes from `weights`; `extra` supplies the other options.
  static Embedding from_pretrained(RowMatrixXf weights, bool freeze = true,
                                   EmbeddingOptions extra = {});

  // One output row per index (the caller keeps its own index shape). With max_norm, rows are
  // renormalised in the table first.
  RowMatrixXf forward(std::span<const int64_t> indices);

  // Accumulates the gradient of a forward(indices) whose output received grad_output (one row
  // per index). Does nothing for a frozen table.
  void backward(std::span<const int64_t> indices, const RowMatrixXf& grad_output);

  const RowMatrixXf& weight() const { return weight_; }
  RowMatrixXf& weight() { return weight_; }
  const EmbeddingOptions& options() const { return options_; }
  int64_t num_embeddings() const { return weight_.rows(); }
  int64_t embedding_dim() const { return weight_.cols(); }
  // The padding row after resolving a negative padding_idx.
  std::optional<int64_t> padding_row() const { return options_.padding_idx; }
  bool frozen() const { return frozen_; }
  void set_frozen(bool frozen) { frozen_ = frozen; }

  // Dense gradient (zeros until a backward); with `sparse`, use sparse_grad() instead.
  const RowMatrixXf& grad() const;
  const SparseGrad& sparse_grad() const { return sparse_grad_; }
  RowMatrixXf& mutable_grad();
  SparseGrad& mutable_sparse_grad() { return sparse_grad_; }
  void zero_grad();

  // Rows rescaled by max_norm during the last forward (for the view to highlight).
  const std::vector<int64_t>& last_renormalised_rows() const { return renormalised_; }

 private:
  Embedding(RowMatrixXf weights, const EmbeddingOptions& options, bool frozen);
  void check_indices(std::span<const int64_t> indices) const;
  void renormalise(std::span<const int64_t> indices);

  EmbeddingOptions options_;
  RowMatrixXf weight_;
  mutable RowMatrixXf grad_;
  SparseGrad sparse_grad_;
  bool frozen_ = false;
  std::vector<int64_t> renormalised_;
};

}  // namespace embscope
