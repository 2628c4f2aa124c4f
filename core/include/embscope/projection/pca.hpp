// Principal component analysis of an embedding matrix, on all rows (no sampling unless asked).
//
// Two solvers, tested against each other and against scikit-learn:
// - Exact: centre, accumulate the covariance over blocks of rows on all cores (float products,
//   double accumulation), solve it with Eigen's SelfAdjointEigenSolver.
// - Randomized: subspace iteration with Rayleigh-Ritz on a block of k + 10 vectors, one pass
//   over the rows per iteration (the covariance is never formed), iterated until the top-k
//   eigenvalues move less than 1e-6 relative and their residuals |C v - lambda v| / lambda are
//   below 1e-5 (eigenvalues settle long before eigenvectors). It reads the data instead of
//   multiplying it by itself, so it wins when the dimension is large and few components are wanted.
// Auto uses the exact solver up to 1,024 dimensions (measured faster here: 0.35 s for the top 3
// of 400,000 x 300, see docs/BENCHMARKS.md); above that it tries the randomized one and falls
// back to exact when 25 passes do not converge (flat spectra). Variances use the unbiased
// (n - 1) normalisation, as scikit-learn does.
//
// Values whose float squares would overflow or vanish (largest |value| above 2^40 or below
// 2^-40, e.g. 1e20-3e38) are fitted on a copy scaled by a power of two (exact), and the mean and
// variances scaled back: PCA is scale-equivariant, the float sums are not
// (embscope/base/norms.hpp).
//
// Sign rule (so the same data always gives the same picture): each component is flipped so that
// its coefficient of largest magnitude is positive (scikit-learn >= 1.5's `svd_flip` on V).
//
//   Pca pca = fit_pca(set.vectors, {.components = 10});
//   Positions3D xyz = project_rows(set.vectors, pca, {0, 1, 2});
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "embscope/base/option_spec.hpp"
#include "embscope/base/task_control.hpp"

namespace embscope {

enum class PcaSolver { Auto, Exact, Randomized };

struct PcaOptions {
  int components = 10;
  PcaSolver solver = PcaSolver::Auto;
  // Centre the rows, then scale each to unit length before fitting and projecting (the
  // TensorFlow projector's "spherize").
  bool spherize = false;
  // Fit on these rows only (a selection, the top-N frequent words, a sample); empty = all rows.
  // The projection still applies to every row.
  std::vector<int64_t> fit_rows = {};
  uint64_t seed = 0;  // randomized solver's starting block
};

// The PCA options a user sets (CLI project flags, Projection panel), declared once.
namespace pca_option {
inline constexpr OptionChoice<PcaSolver> kSolvers[] = {
    {"auto", PcaSolver::Auto}, {"exact", PcaSolver::Exact}, {"randomized", PcaSolver::Randomized}};
inline constexpr OptionSpec<PcaOptions, PcaSolver> solver{
    .name = "solver",
    .help = "PCA solver (auto: exact up to 1,024 dimensions)",
    .member = &PcaOptions::solver,
    .choices = kSolvers};
inline constexpr OptionSpec<PcaOptions, bool> spherize{
    .name = "spherize",
    .help = "centre, then scale every row to unit length",
    .member = &PcaOptions::spherize};
}  // namespace pca_option

struct Pca {
  Eigen::RowVectorXf mean;                   // 1 x D, subtracted before projecting
  RowMatrixXf components;                    // K x D, orthonormal rows, sign-normalised
  Eigen::VectorXd explained_variance;        // K, descending
  Eigen::VectorXd explained_variance_ratio;  // K, each variance over the total variance
  double total_variance = 0;                 // sum of all D variances
  bool spherize = false;
  // Spherize only: rows are centred on `mean`, scaled to unit length, then centred again on this.
  Eigen::RowVectorXf spherize_mean_after;
  PcaSolver solver_used = PcaSolver::Exact;
  int iterations = 0;  // randomized solver's passes over the data
};

Pca fit_pca(const RowMatrixXf& data, const PcaOptions& options, const TaskControl& control = {});
// Shorthand for the exact top components of all rows.
Pca fit_pca(const RowMatrixXf& data, int components, const TaskControl& control = {});

// Projects every row onto three of the fitted components (indices into pca.components). An
// index beyond the fitted components gives a zero coordinate (a flat 2-D picture).
Positions3D project_rows(const RowMatrixXf& data, const Pca& pca,
                         std::array<int, 3> axes = {0, 1, 2});

// Random sample of `count` distinct rows out of `rows`, seeded, ascending (for fit_rows).
std::vector<int64_t> sample_rows(int64_t rows, int64_t count, uint64_t seed);

}  // namespace embscope
