// Layout: one interface for every way rows become points in the view, linear or iterative.
//
// - A LayoutSpec says what to compute: the method, its parameters and the seed. It is all a
//   session file, the CLI's flags and the Projection panel need to reproduce a picture.
// - A Layout computes it stepwise: step() advances by some iterations under a TaskControl
//   (progress, cancel), snapshot() gives the positions (3 x rows), axis labels, explained
//   variance and iteration reached. A linear layout (PCA, custom axes) finishes in one step; an
//   iterative one (t-SNE, UMAP, ...) in many, and can be paused between any two.
// - compute_layout() runs a layout to the end on the caller's thread (the CLI, the window's
//   worker): the one place the projection recipe (fit rows, components, solver, seed, axes) is
//   written. run_layout() drives any Layout the same way and hands each step's snapshot out;
//   run_layout_in_background() puts it on a BackgroundStepper (the thread, pausing and
//   publishing that training uses too).
//
//   LayoutSpec spec;  // PCA of all rows, PC1-PC3
//   spec.pca.fit = PcaFit::TopFrequent;
//   spec.pca.fit_count = 10000;
//   LayoutSnapshot shown = compute_layout(set, spec);  // shown.positions: 3 x rows
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>

#include "embscope/base/background_stepper.hpp"
#include "embscope/base/matrix.hpp"
#include "embscope/base/option_spec.hpp"
#include "embscope/base/task_control.hpp"
#include "embscope/projection/pca.hpp"
#include "embscope/projection/projection.hpp"
#include "embscope/projection/tsne.hpp"
#include "embscope/projection/umap.hpp"
#include "embscope/space/vector_space.hpp"

namespace embscope {

enum class LayoutMethod { Pca, CustomAxes, Umap, Tsne };

// Which rows PCA is fitted on; the projection applies to every row.
enum class PcaFit {
  All,
  TopFrequent,  // the first fit_count rows (files list words most frequent first)
  Sample,       // fit_count rows drawn with the spec's seed (sample_rows)
};

struct PcaLayoutParameters {
  // 0-based principal components on x, y, z; -1 (or one beyond those fitted) leaves that axis
  // at zero (a flat picture).
  std::array<int, 3> components = {0, 1, 2};
  bool spherize = false;  // centre, then scale each row to unit length (TensorFlow projector)
  PcaSolver solver = PcaSolver::Auto;
  PcaFit fit = PcaFit::All;
  int64_t fit_count = 10000;  // rows for TopFrequent / Sample, at most all of them
  bool operator==(const PcaLayoutParameters&) const = default;
};

struct CustomAxesParameters {
  // Vector expressions ("woman - man") on x, y, z; an empty one leaves that axis at zero.
  std::array<std::string, 3> axes = {};
  bool orthogonalise = false;  // Gram-Schmidt in the order x, y, z
  bool operator==(const CustomAxesParameters&) const = default;
};

struct LayoutSpec {
  LayoutMethod method = LayoutMethod::Pca;
  PcaLayoutParameters pca = {};           // with LayoutMethod::Pca
  CustomAxesParameters custom_axes = {};  // with LayoutMethod::CustomAxes
  UmapParameters umap = {};               // with LayoutMethod::Umap
  TsneParameters tsne = {};               // with LayoutMethod::Tsne
  // UMAP and t-SNE (IterativeLayoutOptions): 2 or 3 dimensions (the z of a 2D layout is 0), the
  // k-NN graph's distance, the start, the learning rate (0: the method's default).
  int dimensions = 2;
  Metric metric = Metric::Cosine;
  LayoutInit init = LayoutInit::Pca;
  double learning_rate = 0;
  // PCA: the rows of PcaFit::Sample and the randomized solver's starting block; UMAP, t-SNE: the
  // start (random init, jitter) and every random draw of the optimisation.
  uint64_t seed = 0;
  bool operator==(const LayoutSpec&) const = default;
};

// The layout parameters a user sets (CLI project flags, Projection panel, session file), declared
// once (embscope/base/option_spec.hpp). The CLI's --fit-top N and --fit-sample N set `fit` and
// `fit_count` together; components and axis expressions are lists, not single options.
namespace layout_option {
inline constexpr OptionSpec<PcaLayoutParameters, PcaSolver> solver{
    .name = "solver",
    .help = "auto, exact or randomized",
    .member = &PcaLayoutParameters::solver,
    .choices = pca_option::kSolvers};
inline constexpr OptionSpec<PcaLayoutParameters, bool> spherize{
    .name = "spherize",
    .help = "centre, then scale every row to unit length",
    .member = &PcaLayoutParameters::spherize};
inline constexpr OptionChoice<PcaFit> kFits[] = {
    {"all", PcaFit::All}, {"top", PcaFit::TopFrequent}, {"sample", PcaFit::Sample}};
inline constexpr OptionSpec<PcaLayoutParameters, PcaFit> fit{
    .name = "fit",
    .help = "rows PCA is fitted on: all, the N most frequent or a random sample of N",
    .member = &PcaLayoutParameters::fit,
    .choices = kFits};
// PCA needs two rows; more than the data set has means all of them.
inline constexpr OptionSpec<PcaLayoutParameters, int64_t> fit_count{
    .name = "fit-count",
    .help = "N, the rows of a top or sample fit",
    .member = &PcaLayoutParameters::fit_count,
    .min = 2};
inline constexpr OptionSpec<CustomAxesParameters, bool> orthogonalise{
    .name = "orthogonalise",
    .help = "remove the earlier axes from each custom axis (Gram-Schmidt)",
    .member = &CustomAxesParameters::orthogonalise};
inline constexpr OptionSpec<LayoutSpec, uint64_t> seed{
    .name = "seed",
    .help = "seed of a sampled fit, the randomized solver, a UMAP or t-SNE layout",
    .member = &LayoutSpec::seed};
inline constexpr OptionChoice<LayoutMethod> kMethods[] = {{"pca", LayoutMethod::Pca},
                                                          {"custom-axes", LayoutMethod::CustomAxes},
                                                          {"umap", LayoutMethod::Umap},
                                                          {"tsne", LayoutMethod::Tsne}};
inline constexpr OptionSpec<LayoutSpec, LayoutMethod> method{
    .name = "method",
    .help = "what to compute (custom-axes takes its expressions from --axes)",
    .member = &LayoutSpec::method,
    .choices = kMethods};
inline constexpr OptionSpec<LayoutSpec, int> dimensions{
    .name = "dims",
    .help = "dimensions of a UMAP or t-SNE layout",
    .member = &LayoutSpec::dimensions,
    .min = 2,
    .max = 3};
// UMAP (umap-learn's names and defaults; embscope/projection/umap.hpp).
inline constexpr OptionSpec<UmapParameters, int> neighbors{
    .name = "neighbors",
    .help = "UMAP's n_neighbors, the row itself counted",
    .member = &UmapParameters::neighbors,
    .min = 2,
    .max = 200};
inline constexpr OptionSpec<UmapParameters, double> min_dist{
    .name = "min-dist",
    .help = "UMAP: how tightly points may pack",
    .member = &UmapParameters::min_dist,
    .min = 0.0};
inline constexpr OptionSpec<UmapParameters, double> spread{
    .name = "spread",
    .help = "UMAP: the scale of the layout's distances",
    .member = &UmapParameters::spread,
    .min = 1e-3};
inline constexpr OptionSpec<UmapParameters, int64_t> epochs{
    .name = "epochs",
    .help = "UMAP epochs, 0 for umap-learn's 500 up to 10,000 rows and 200 above",
    .member = &UmapParameters::epochs,
    .min = 0};
inline constexpr OptionChoice<Metric> kLayoutMetrics[] = {{"cosine", Metric::Cosine},
                                                          {"euclidean", Metric::Euclidean}};
inline constexpr OptionSpec<LayoutSpec, Metric> metric{
    .name = "metric",
    .help = "UMAP, t-SNE: distance of the k-NN graph",
    .member = &LayoutSpec::metric,
    .choices = kLayoutMetrics};
inline constexpr OptionSpec<LayoutSpec, LayoutInit> init{
    .name = "init",
    .help = "UMAP, t-SNE: start (pca: the view the window opens with)",
    .member = &LayoutSpec::init,
    .choices = kLayoutInits};
inline constexpr OptionSpec<LayoutSpec, double> learning_rate{
    .name = "learning-rate",
    .help = "UMAP's initial rate (0: 1) or t-SNE's (0: max(rows / exaggeration / 4, 50))",
    .member = &LayoutSpec::learning_rate,
    .min = 0.0};
inline constexpr OptionSpec<UmapParameters, double> negative_sample_rate{
    .name = "negative-sample-rate",
    .help = "UMAP: repelling samples per attracting one",
    .member = &UmapParameters::negative_sample_rate,
    .min = 0.0};
// t-SNE (scikit-learn's defaults; embscope/projection/tsne.hpp).
inline constexpr OptionSpec<TsneParameters, double> perplexity{
    .name = "perplexity",
    .help = "t-SNE: the neighbours each point's Gaussian effectively covers",
    .member = &TsneParameters::perplexity,
    .min = 1.0,
    .max = 1000.0};
inline constexpr OptionSpec<TsneParameters, double> early_exaggeration{
    .name = "early-exaggeration",
    .help = "t-SNE: P's factor for the first 250 iterations",
    .member = &TsneParameters::early_exaggeration,
    .min = 1.0};
inline constexpr OptionSpec<TsneParameters, int64_t> iterations{
    .name = "iterations",
    .help = "t-SNE gradient steps",
    .member = &TsneParameters::iterations,
    .min = 1};
inline constexpr OptionSpec<TsneParameters, double> theta{
    .name = "theta",
    .help = "t-SNE: Barnes-Hut opening angle (0: exact, slow)",
    .member = &TsneParameters::theta,
    .min = 0.0,
    .max = 1.0};
// The options of each iterative layout, in the order the CLI's help lists them.
constexpr auto iterative_specs() {
  return std::tie(dimensions, metric, init, learning_rate);
}
constexpr auto umap_specs() {
  return std::tie(neighbors, min_dist, spread, epochs, negative_sample_rate);
}
constexpr auto tsne_specs() {
  return std::tie(perplexity, early_exaggeration, iterations, theta);
}
}  // namespace layout_option

// What a layout shows after a step. Also the snapshot type a BackgroundStepper publishes.
struct LayoutSnapshot {
  uint64_t serial = 0;       // set by BackgroundStepper: 1, 2, 3, ... in publication order
  double pause_seconds = 0;  // set by BackgroundStepper: how long the layout waited for the copy
  Positions3D positions;     // 3 x rows, in the rows' order
  std::array<std::string, 3> labels;  // x, y, z axis labels ("PC1 (4.2%)", "woman - man")
  // PCA: the explained-variance ratio of each fitted component (descending); empty otherwise.
  Eigen::VectorXd explained_variance;
  int64_t iteration = 0;   // iterations done (a linear layout: 1 once computed)
  int64_t iterations = 0;  // iterations planned
  bool finished = false;
  // Linear layouts: the axes themselves (to align a later frame with align_to, or to apply to
  // other rows). PCA also says which solver ran and on how many rows.
  std::optional<Projection> projection;
  PcaSolver solver_used = PcaSolver::Exact;
  int64_t fitted_rows = 0;
  // Iterative layouts: the objective at its last measurement (t-SNE: KL(P || Q), every 50
  // iterations and at the last, as scikit-learn); NaN when not known (linear layouts, UMAP).
  double loss = std::numeric_limits<double>::quiet_NaN();
};

class Layout {
 public:
  virtual ~Layout() = default;
  // Advances by up to `iterations` (at least one); returns false once the layout is finished.
  // Reports progress and honours cancel through `control`: a step that throws Cancelled leaves
  // the layout as it was before that step.
  virtual bool step(int64_t iterations, const TaskControl& control) = 0;
  virtual int64_t iteration() const = 0;  // iterations done
  virtual bool finished() const = 0;
  // Writes the current state into `snapshot` (every field but serial and pause_seconds), reusing
  // its memory. Before the first step the positions are empty.
  virtual void fill(LayoutSnapshot& snapshot) const = 0;
  LayoutSnapshot snapshot() const {
    LayoutSnapshot result;
    fill(result);
    return result;
  }
};

// What a caller may already hold for the data set, so that a layout need not build it again.
// Both optional; each must outlive the layout.
struct LayoutInputs {
  // The set's search structure (custom axes evaluate their expressions in it); built by the
  // layout when a custom-axes spec needs one and none is given (a copy of the table: the CLI
  // projecting by PCA never pays for it).
  const VectorSpace* space = nullptr;
  // A PCA already fitted on every row with the spec's solver and seed, not spherized (the one a
  // window computes on opening a file): used instead of fitting again when the spec asks for
  // exactly that and it holds the components wanted.
  const Pca* pca_of_all_rows = nullptr;
  // Iterative layouts (UMAP, t-SNE): start from these positions (3 x rows; the view shown, "restart
  // from here") instead of the spec's init. Copied by make_layout.
  const Positions3D* start_positions = nullptr;
};

// A layout of every row of `set` as `spec` says; `set` must outlive it. Throws
// std::invalid_argument for a custom-axes spec without any axis, a space of another set or a
// UMAP spec make_umap_layout refuses (embscope/projection/umap.hpp); the
// axes' own errors (UnknownWordError, ExpressionError, an axis of zero length) come from the step.
std::unique_ptr<Layout> make_layout(const VectorSet& set, const LayoutSpec& spec,
                                    LayoutInputs inputs = {});

// Drives `layout` to its end on this thread: between steps it waits while `control` is paused
// and throws Cancelled when it is cancelled; after each step it reports (iteration, iterations)
// and hands the snapshot to `on_snapshot` (may be empty). Returns the last snapshot.
LayoutSnapshot run_layout(Layout& layout, const TaskControl& control = {},
                          const std::function<void(const LayoutSnapshot&)>& on_snapshot = {});

// The recipe shared by `embscope-cli project` and the window: make_layout + run_layout.
LayoutSnapshot compute_layout(const VectorSet& set, const LayoutSpec& spec,
                              const TaskControl& control = {}, LayoutInputs inputs = {});

using BackgroundLayout = BackgroundStepper<LayoutSnapshot>;
// `layout` on its own thread (start, pause, step, stop, latest snapshot); the layout must
// outlive the returned object. Steps are sized to last about options.step_duration.
std::unique_ptr<BackgroundLayout> run_layout_in_background(Layout& layout,
                                                           BackgroundLayout::Options options = {});

}  // namespace embscope
