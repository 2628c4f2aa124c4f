// PCA timings:
//   pca FILE [--reps 5]
// top-3 PCA of the whole matrix with each solver, and a refit + frame alignment on the first
// 50,000 rows x the first 100 dimensions after a small perturbation (what every training frame
// needs). Prints "name: value" medians.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "bench_util.hpp"
#include "embscope/projection/projection.hpp"
#include "embscope/vectors/vector_io.hpp"

using embscope::bench::median;
using embscope::bench::seconds_since;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: pca FILE [--reps N]\n");
    return 2;
  }
  const int reps = argc > 3 ? std::atoi(argv[3]) : 5;
  const embscope::VectorSet set = embscope::read_vectors(argv[1]);
  for (const auto& [name, solver] : {std::pair{"exact", embscope::PcaSolver::Exact},
                                     std::pair{"randomized", embscope::PcaSolver::Randomized},
                                     std::pair{"auto", embscope::PcaSolver::Auto}}) {
    std::vector<double> times;
    int iterations = 0;
    for (int r = 0; r < reps; ++r) {
      embscope::PcaOptions options;
      options.components = 3;
      options.solver = solver;
      const auto start = Clock::now();
      const embscope::Pca pca = embscope::fit_pca(set.vectors, options);
      times.push_back(seconds_since(start));
      iterations = pca.iterations;
    }
    std::printf("top3_%s_s: %.4f\n", name, median(times));
    if (solver == embscope::PcaSolver::Randomized)
      std::printf("randomized_iterations: %d\n", iterations);
  }

  // Training frame: 50,000 x 100, nudged a little each frame, refitted and aligned.
  const Eigen::Index rows = std::min<Eigen::Index>(50000, set.rows());
  const Eigen::Index dim = std::min<Eigen::Index>(100, set.dim());
  embscope::RowMatrixXf frame = set.vectors.topLeftCorner(rows, dim);
  std::mt19937 random(1);
  std::normal_distribution<float> nudge(0.0f, 0.01f);
  embscope::PcaOptions options;
  options.components = 3;
  embscope::Pca previous = embscope::fit_pca(frame, options);
  Eigen::Matrix<float, 3, Eigen::Dynamic> basis = embscope::Projection::from_pca(previous).basis;
  std::vector<double> refit;
  for (int r = 0; r < 20; ++r) {
    for (Eigen::Index i = 0; i < 2000; ++i)
      frame(static_cast<Eigen::Index>(random() % rows), i % dim) += nudge(random);
    const auto start = Clock::now();
    const embscope::Pca pca = embscope::fit_pca(frame, options);
    basis = embscope::align_to(embscope::Projection::from_pca(pca).basis, basis);
    refit.push_back(seconds_since(start) * 1e3);
  }
  std::printf("refit_align_50k_ms: %.3f\n", median(refit));
  return 0;
}
