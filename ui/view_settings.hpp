// What the user chose for the picture: the projection and the appearance. Plain values, so that
// a session file can store them and the panels can be set from them.
#pragma once

#include <QString>
#include <array>

namespace embscope::ui {

struct ProjectionSettings {
  std::array<int, 3> components = {0, 1, 2};  // 0-based principal components on x, y, z
  bool spherize = false;
  std::array<QString, 3> axes = {};  // custom axes (vector expressions); any set means custom
  bool orthogonalise = false;
  enum class Fit { All, TopFrequent, Sample } fit = Fit::All;
  int fit_count = 10000;
  bool flat = false;  // 2D: z is dropped and the camera looks straight down

  bool customAxes() const { return !axes[0].isEmpty() || !axes[1].isEmpty() || !axes[2].isEmpty(); }
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

}  // namespace embscope::ui
