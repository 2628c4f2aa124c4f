// What the user chose for the picture: the projection and the appearance. Plain values, so that
// a session file can store them and the panels can be set from them. The projection is the
// core's LayoutSpec (layoutSpec() converts; compute_layout computes it) plus the window's `flat`.
#pragma once

#include <QString>
#include <array>

#include "embscope/base/option_spec.hpp"
#include "embscope/projection/layout.hpp"

namespace embscope::ui {

struct ProjectionSettings {
  // Each default is the core's (PcaLayoutParameters, CustomAxesParameters, LayoutSpec): the
  // window, the CLI and a session file start from the same picture.
  std::array<int, 3> components = PcaLayoutParameters{}.components;  // 0-based, on x, y, z
  bool spherize = PcaLayoutParameters{}.spherize;
  std::array<QString, 3> axes = {};  // custom axes (vector expressions); any set means custom
  bool orthogonalise = CustomAxesParameters{}.orthogonalise;
  using Fit = PcaFit;
  Fit fit = PcaLayoutParameters{}.fit;
  int64_t fit_count = PcaLayoutParameters{}.fit_count;
  PcaSolver solver = PcaLayoutParameters{}.solver;
  uint64_t seed = LayoutSpec{}.seed;  // a sampled fit's rows, the randomized solver's start
  bool flat = false;                  // 2D: z is dropped and the camera looks straight down
  // A non-linear layout (UMAP, t-SNE) instead of PCA or custom axes; Pca (the default) means
  // "linear": custom axes when any is set, else PCA. Its parameters are the core's structs.
  LayoutMethod method = LayoutSpec{}.method;
  UmapParameters umap = {};
  TsneParameters tsne = {};
  int dimensions = LayoutSpec{}.dimensions;  // 2 or 3; a 2D layout is shown flat
  Metric metric = LayoutSpec{}.metric;

  bool iterative() const { return method == LayoutMethod::Umap || method == LayoutMethod::Tsne; }

  bool customAxes() const {
    return !iterative() && (!axes[0].isEmpty() || !axes[1].isEmpty() || !axes[2].isEmpty());
  }
  // The core's spec of this picture: custom axes when any is set, else PCA (with the default
  // solver and seed, the window's PCA of all rows, fitted on opening, is reused for it).
  LayoutSpec layoutSpec() const {
    LayoutSpec spec;
    spec.method = iterative()    ? method
                  : customAxes() ? LayoutMethod::CustomAxes
                                 : LayoutMethod::Pca;
    spec.umap = umap;
    spec.tsne = tsne;
    spec.dimensions = dimensions;
    spec.metric = metric;
    spec.pca.components = components;
    spec.pca.spherize = spherize;
    spec.pca.fit = fit;
    spec.pca.fit_count = fit_count;
    spec.pca.solver = solver;
    spec.seed = seed;
    for (size_t a = 0; a < axes.size(); ++a) spec.custom_axes.axes[a] = axes[a].toStdString();
    spec.custom_axes.orthogonalise = orthogonalise;
    return spec;
  }
  bool operator==(const ProjectionSettings&) const = default;
};

enum class ColourBy { FrequencyRank, VectorNorm, KnnPreservation, Cluster, Metadata };

struct AppearanceSettings {
  ColourBy colour_by = ColourBy::FrequencyRank;
  QString metadata_column;  // with ColourBy::Metadata
  double point_size = 4.0;  // logical pixels
  int frequent_labels = 0;  // label the N most frequent words
  double label_size = 10;   // points; every word label in the view has this one size
  bool legend = true;       // the colour legend in the view's corner
  bool dark = true;
  bool operator==(const AppearanceSettings&) const = default;
};

// The appearance a user sets (Appearance panel, session file), declared once. point size 4 px:
// 50,000 points stay apart at the default framing; labels 10 pt, the UI's own text size.
namespace appearance_option {
inline constexpr OptionSpec<AppearanceSettings, double> point_size{
    .name = "point-size",
    .help = "point size in logical pixels",
    .member = &AppearanceSettings::point_size,
    .min = 1.0,
    .max = 16.0};
inline constexpr OptionSpec<AppearanceSettings, int> frequent_labels{
    .name = "frequent-labels",
    .help = "label the N most frequent words",
    .member = &AppearanceSettings::frequent_labels,
    .min = 0,
    .max = 500};
inline constexpr OptionSpec<AppearanceSettings, double> label_size{
    .name = "label-size",
    .help = "word label size in points",
    .member = &AppearanceSettings::label_size,
    .min = 6.0,
    .max = 32.0};
}  // namespace appearance_option

// A spec's name as a session (JSON) key: "point-size" -> "point_size".
inline QString jsonKey(std::string_view name) {
  return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())).replace('-', '_');
}

}  // namespace embscope::ui
