// Looks rows up in a seeded Embedding, trains it one SGD step and checks the arithmetic, all
// through the installed headers and library (see CMakeLists.txt beside this file for why).
#include <cmath>
#include <cstdio>
#include <embscope/torch/embedding.hpp>
#include <embscope/torch/generator.hpp>
#include <embscope/torch/optim.hpp>
#include <memory>
#include <vector>

int main() {
  using namespace embscope;
  Generator generator(42);
  // Many tables, created and destroyed: a mismatched aligned allocator fails on the first free.
  std::vector<std::unique_ptr<Embedding>> tables;
  for (int i = 0; i < 8; ++i) {
    tables.push_back(std::make_unique<Embedding>(
        EmbeddingOptions{.num_embeddings = 5 + i, .embedding_dim = 3 + i}, generator));
  }
  tables.clear();

  Generator seeded(42);
  Embedding table({.num_embeddings = 5, .embedding_dim = 3, .padding_idx = 1}, seeded);
  const std::vector<int64_t> indices = {0, 1, 4, 4};
  const RowMatrixXf before = table.weight();
  const RowMatrixXf rows = table.forward(indices);
  if (rows.rows() != 4 || rows.cols() != 3 || rows.row(0) != before.row(0) ||
      rows.row(2) != before.row(4) || !table.weight().row(1).isZero()) {
    std::fprintf(stderr, "consumer: forward() returned the wrong rows\n");
    return 1;
  }
  table.backward(indices, RowMatrixXf::Ones(4, 3));
  Sgd sgd({Parameter::of(table)}, {.lr = 0.5f});
  sgd.step();
  // Row 4 was looked up twice: gradient 2, step -1; the padding row 1 gets no gradient.
  const float moved = table.weight()(4, 0) - before(4, 0);
  if (std::abs(moved + 1.0f) > 1e-6f || !table.weight().row(1).isZero() ||
      table.weight().row(2) != before.row(2)) {
    std::fprintf(stderr, "consumer: the SGD step moved rows wrongly (row 4 by %g)\n", moved);
    return 1;
  }
  std::printf("consumer: embedding 5x3 looked up and trained one step\n");
  return 0;
}
