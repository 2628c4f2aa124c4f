#include "embscope/projection/layout.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

namespace embscope {
namespace {

// At least this many components are fitted, so the variance chart has something to show
// whichever three are on the axes.
constexpr int kFittedComponents = 10;

// PCA or custom axes: one step computes the axes and projects every row.
class LinearLayout final : public Layout {
 public:
  LinearLayout(const VectorSet& set, LayoutSpec spec, LayoutInputs inputs)
      : set_(set), spec_(std::move(spec)), inputs_(inputs) {}

  bool step(int64_t /*iterations*/, const TaskControl& control) override {
    if (done_) return false;
    control.throw_if_cancelled();
    // Computed aside and moved in at the end: a cancelled step leaves nothing half done.
    LayoutSnapshot next;
    if (spec_.method == LayoutMethod::CustomAxes) {
      compute_custom_axes(next);
    } else {
      compute_pca(next, control);
    }
    next.positions = next.projection->apply(set_.vectors);
    next.labels = next.projection->labels;
    next.iteration = 1;
    next.iterations = 1;
    next.finished = true;
    result_ = std::move(next);
    done_ = true;
    return false;
  }

  int64_t iteration() const override { return done_ ? 1 : 0; }
  bool finished() const override { return done_; }

  void fill(LayoutSnapshot& snapshot) const override {
    const uint64_t serial = snapshot.serial;
    const double pause_seconds = snapshot.pause_seconds;
    snapshot = result_;
    snapshot.serial = serial;
    snapshot.pause_seconds = pause_seconds;
    snapshot.iterations = 1;
  }

 private:
  void compute_custom_axes(LayoutSnapshot& next) const {
    std::vector<AxisDefinition> axes;
    for (const std::string& axis : spec_.custom_axes.axes) {
      if (!axis.empty()) axes.push_back({.expression = axis});
    }
    std::unique_ptr<VectorSpace> built;
    const VectorSpace* space = inputs_.space;
    if (space == nullptr) {
      built = std::make_unique<VectorSpace>(set_);
      space = built.get();
    }
    next.projection = custom_axes(*space, axes, spec_.custom_axes.orthogonalise);
  }

  void compute_pca(LayoutSnapshot& next, const TaskControl& control) const {
    const PcaLayoutParameters& p = spec_.pca;
    const RowMatrixXf& data = set_.vectors;
    const int wanted = *std::max_element(p.components.begin(), p.components.end()) + 1;
    const Pca* cached = inputs_.pca_of_all_rows;
    if (cached != nullptr && p.fit == PcaFit::All && !p.spherize &&
        std::min<int64_t>(wanted, data.cols()) <= cached->components.rows()) {
      next.projection = Projection::from_pca(*cached, p.components);
      next.explained_variance = cached->explained_variance_ratio;
      next.solver_used = cached->solver_used;
      next.fitted_rows = data.rows();
      return;
    }
    PcaOptions options;
    options.components = std::max(kFittedComponents, wanted);
    options.spherize = p.spherize;
    options.solver = p.solver;
    options.seed = spec_.seed;
    const int64_t count = std::clamp<int64_t>(p.fit_count, 0, data.rows());
    if (p.fit == PcaFit::TopFrequent) {
      for (int64_t i = 0; i < count; ++i) options.fit_rows.push_back(i);
    } else if (p.fit == PcaFit::Sample) {
      options.fit_rows = sample_rows(data.rows(), count, spec_.seed);
    }
    const Pca pca = fit_pca(data, options, control);
    next.projection = Projection::from_pca(pca, p.components);
    next.explained_variance = pca.explained_variance_ratio;
    next.solver_used = pca.solver_used;
    next.fitted_rows =
        options.fit_rows.empty() ? data.rows() : static_cast<int64_t>(options.fit_rows.size());
  }

  const VectorSet& set_;
  LayoutSpec spec_;
  LayoutInputs inputs_;
  LayoutSnapshot result_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Layout> make_layout(const VectorSet& set, const LayoutSpec& spec,
                                    LayoutInputs inputs) {
  if (inputs.space != nullptr && &inputs.space->set() != &set) {
    throw std::invalid_argument("the layout's vector space is of another vector set");
  }
  switch (spec.method) {
    case LayoutMethod::Pca:
      return std::make_unique<LinearLayout>(set, spec, inputs);
    case LayoutMethod::CustomAxes: {
      const auto& axes = spec.custom_axes.axes;
      if (std::all_of(axes.begin(), axes.end(), [](const std::string& a) { return a.empty(); })) {
        throw std::invalid_argument("custom axes need at least one axis expression");
      }
      return std::make_unique<LinearLayout>(set, spec, inputs);
    }
    case LayoutMethod::Umap:
    case LayoutMethod::Tsne: {
      const IterativeLayoutOptions options{.dims = spec.dimensions,
                                           .metric = spec.metric,
                                           .init = spec.init,
                                           .learning_rate = spec.learning_rate,
                                           .seed = spec.seed};
      const NeighbourSearch* search = inputs.space != nullptr ? &inputs.space->search() : nullptr;
      if (spec.method == LayoutMethod::Umap) {
        return make_umap_layout(set.vectors, spec.umap, options, inputs.start_positions, search);
      }
      return make_tsne_layout(set.vectors, spec.tsne, options, inputs.start_positions, search);
    }
  }
  throw std::invalid_argument("unknown layout method");
}

LayoutSnapshot run_layout(Layout& layout, const TaskControl& control,
                          const std::function<void(const LayoutSnapshot&)>& on_snapshot) {
  LayoutSnapshot snapshot;
  bool more = !layout.finished();
  const bool stepped = more;
  while (more) {
    control.wait_while_paused();
    more = layout.step(1, control);
    layout.fill(snapshot);
    control.report(static_cast<uint64_t>(snapshot.iteration),
                   static_cast<uint64_t>(snapshot.iterations));
    if (on_snapshot) on_snapshot(snapshot);
  }
  // A layout finished before the call (run a second time) still hands out what it shows.
  if (!stepped) layout.fill(snapshot);
  return snapshot;
}

LayoutSnapshot compute_layout(const VectorSet& set, const LayoutSpec& spec,
                              const TaskControl& control, LayoutInputs inputs) {
  const std::unique_ptr<Layout> layout = make_layout(set, spec, inputs);
  return run_layout(*layout, control);
}

std::unique_ptr<BackgroundLayout> run_layout_in_background(Layout& layout,
                                                           BackgroundLayout::Options options) {
  BackgroundLayout::Work work{
      .step = [&layout](int64_t iterations,
                        const TaskControl& control) { return layout.step(iterations, control); },
      .position = [&layout] { return layout.iteration(); },
      .finished = [&layout] { return layout.finished(); },
      .fill = [&layout](LayoutSnapshot& snapshot) { layout.fill(snapshot); },
  };
  return std::make_unique<BackgroundLayout>(std::move(work), std::move(options));
}

}  // namespace embscope
