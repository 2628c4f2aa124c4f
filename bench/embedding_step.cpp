// Lookup + backward + sparse SGD step on a large nn.Embedding-style table.
//   embedding_step [--rows 400000] [--dim 300] [--batch 4096] [--reps 30]
// Prints one "name: value" line per measurement (medians); bench/embedding_step.py runs it
// beside PyTorch and writes the comparison.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "bench_util.hpp"
#include "embscope/torch/embedding.hpp"
#include "embscope/torch/optim.hpp"

using embscope::bench::median;
using embscope::bench::seconds_since;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  long rows = 400000;
  long dim = 300;
  long batch = 4096;
  int reps = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const long value = std::atol(argv[i + 1]);
    if (name == "--rows")
      rows = value;
    else if (name == "--dim")
      dim = value;
    else if (name == "--batch")
      batch = value;
    else if (name == "--reps")
      reps = static_cast<int>(value);
  }

  embscope::Generator generator(0);
  auto start = Clock::now();
  embscope::Embedding table({.num_embeddings = rows, .embedding_dim = dim, .sparse = true},
                            generator);
  std::printf("init_s: %.4f\n", seconds_since(start));

  embscope::Sgd sgd({embscope::Parameter::of(table)}, {.lr = 0.01f});
  std::mt19937 random(1);
  std::uniform_int_distribution<int64_t> pick(0, rows - 1);
  std::vector<int64_t> indices(static_cast<size_t>(batch));
  const embscope::RowMatrixXf grad_output = embscope::RowMatrixXf::Constant(batch, dim, 0.001f);

  std::vector<double> forward_ms, backward_ms, step_ms, total_ms;
  for (int rep = 0; rep < reps + 3; ++rep) {  // three warm-up rounds
    for (auto& index : indices) index = pick(random);
    const auto t0 = Clock::now();
    const embscope::RowMatrixXf out = table.forward(indices);
    const auto t1 = Clock::now();
    table.backward(indices, grad_output);
    const auto t2 = Clock::now();
    sgd.step();
    sgd.zero_grad();
    const auto t3 = Clock::now();
    if (out(0, 0) == 12345.0f) std::puts("");  // keep the lookup alive
    if (rep < 3) continue;
    forward_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    backward_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    step_ms.push_back(std::chrono::duration<double, std::milli>(t3 - t2).count());
    total_ms.push_back(std::chrono::duration<double, std::milli>(t3 - t0).count());
  }
  std::printf("forward_ms: %.3f\nbackward_ms: %.3f\nsgd_step_ms: %.3f\ntotal_ms: %.3f\n",
              median(forward_ms), median(backward_ms), median(step_ms), median(total_ms));
  return 0;
}
