#include "explorer_state.hpp"

#include <algorithm>
#include <utility>

#include "embscope/projection/pca.hpp"
#include "embscope/projection/point_scalars.hpp"

namespace embscope::ui {
namespace {

std::vector<int64_t> sorted_unique(std::vector<int64_t> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

}  // namespace

ExplorerState::ExplorerState(QObject* parent) : QObject(parent) {}

void ExplorerState::setDataset(std::shared_ptr<LoadedDataset> dataset) {
  datasets_.clear();
  if (dataset) datasets_.push_back(std::move(dataset));
  ++generation_;
  projection_settings_ = ProjectionSettings();
  axis_labels_ = {"PC1", "PC2", "PC3"};
  categories_.clear();
  selection_.clear();
  focus_.reset();
  neighbours_.clear();
  shown_rows_.clear();
  isolated_positions_.resize(3, 0);
  looked_up_.clear();
  search_matches_.clear();
  tracked_.clear();
  flashed_.clear();
  arrows_.clear();
  pair_arrows_.clear();
  trails_.clear();
  if (const LoadedDataset* shown = this->dataset()) {
    positions_ = shown->positions;
    colours_ = point_scalar(PointScalar::FrequencyRank, shown->vectors.vectors, positions_);
  } else {
    positions_.resize(3, 0);
    colours_.resize(0);
  }
  emit datasetChanged(true);
}

void ExplorerState::replaceVectors(std::shared_ptr<LoadedDataset> dataset) {
  if (datasets_.empty()) {
    setDataset(std::move(dataset));
    return;
  }
  datasets_[0] = std::move(dataset);
  emit datasetChanged(false);
}

void ExplorerState::setProjectionSettings(const ProjectionSettings& settings) {
  if (settings == projection_settings_) return;
  projection_settings_ = settings;
  emit projectionSettingsChanged();
}

void ExplorerState::setAppearance(const AppearanceSettings& appearance) {
  if (appearance == appearance_) return;
  appearance_ = appearance;
  emit appearanceChanged();
}

void ExplorerState::setLayout(Positions3D positions,
                              std::optional<std::array<std::string, 3>> labels) {
  positions_ = std::move(positions);
  if (labels) axis_labels_ = *labels;
  emit layoutChanged();
}

void ExplorerState::setColours(Eigen::VectorXf colours, std::vector<std::string> categories) {
  colours_ = std::move(colours);
  categories_ = std::move(categories);
  emit coloursChanged();
}

void ExplorerState::setSelection(std::vector<int64_t> rows, std::optional<int64_t> focus,
                                 std::vector<ScoredWord> neighbours) {
  rows = sorted_unique(std::move(rows));
  if (focus && !std::binary_search(rows.begin(), rows.end(), *focus)) focus.reset();
  if (!focus && !rows.empty()) focus = rows.front();
  const auto same_neighbours = [&] {
    if (neighbours.size() != neighbours_.size()) return false;
    for (size_t i = 0; i < neighbours.size(); ++i) {
      if (neighbours[i].index != neighbours_[i].index ||
          neighbours[i].score != neighbours_[i].score)
        return false;
    }
    return true;
  };
  if (rows == selection_ && focus == focus_ && same_neighbours()) return;
  selection_ = std::move(rows);
  focus_ = focus;
  neighbours_ = std::move(neighbours);
  emit selectionChanged();
}

void ExplorerState::selectRow(std::optional<int64_t> row, std::vector<ScoredWord> neighbours) {
  setSelection(row ? std::vector<int64_t>{*row} : std::vector<int64_t>{}, row,
               std::move(neighbours));
}

bool ExplorerState::isolateSelection() {
  const LoadedDataset* shown = dataset();
  if (!shown || !focus_) {
    clearIsolation();
    return false;
  }
  shown_rows_.clear();
  shown_rows_.push_back(*focus_);
  for (const ScoredWord& n : neighbours_) {
    if (std::find(shown_rows_.begin(), shown_rows_.end(), n.index) == shown_rows_.end())
      shown_rows_.push_back(n.index);
  }
  // The isolated picture is a PCA fitted on these rows alone.
  RowMatrixXf subset(static_cast<Eigen::Index>(shown_rows_.size()), shown->vectors.dim());
  for (size_t i = 0; i < shown_rows_.size(); ++i)
    subset.row(static_cast<Eigen::Index>(i)) = shown->vectors.vectors.row(shown_rows_[i]);
  isolated_positions_ = Positions3D::Zero(3, subset.rows());
  PcaOptions options;
  options.components = static_cast<int>(std::min<int64_t>(3, subset.rows() - 1));
  if (options.components >= 1) {
    const Pca pca = fit_pca(subset, options);
    const Positions3D projected = project_rows(subset, pca);
    isolated_positions_.topRows(projected.rows()) = projected;
  }
  emit isolationChanged();
  return true;
}

void ExplorerState::clearIsolation() {
  if (shown_rows_.empty()) return;
  shown_rows_.clear();
  isolated_positions_.resize(3, 0);
  emit isolationChanged();
}

int64_t ExplorerState::rowOf(int64_t scene_index) const {
  return shown_rows_.empty() ? scene_index : shown_rows_[static_cast<size_t>(scene_index)];
}

std::optional<int64_t> ExplorerState::sceneIndexOf(int64_t row) const {
  if (shown_rows_.empty()) return row;
  const auto found = std::find(shown_rows_.begin(), shown_rows_.end(), row);
  if (found == shown_rows_.end()) return std::nullopt;
  return found - shown_rows_.begin();
}

std::vector<int64_t> ExplorerState::sceneIndicesOf(const std::vector<int64_t>& rows) const {
  std::vector<int64_t> indices;
  indices.reserve(rows.size());
  for (int64_t row : rows) {
    if (const auto index = sceneIndexOf(row)) indices.push_back(*index);
  }
  return indices;
}

const Positions3D& ExplorerState::scenePositions() const {
  return shown_rows_.empty() ? positions_ : isolated_positions_;
}

Eigen::VectorXf ExplorerState::sceneColours() const {
  if (shown_rows_.empty()) return colours_;
  Eigen::VectorXf colours(static_cast<Eigen::Index>(shown_rows_.size()));
  for (size_t i = 0; i < shown_rows_.size(); ++i) {
    const int64_t row = shown_rows_[i];
    colours(static_cast<Eigen::Index>(i)) = row < colours_.size() ? colours_(row) : 0.0f;
  }
  return colours;
}

void ExplorerState::setLookedUp(std::vector<int64_t> rows) {
  if (rows == looked_up_) return;
  looked_up_ = std::move(rows);
  emit marksChanged();
}

void ExplorerState::setSearchMatches(std::vector<int64_t> rows) {
  if (rows == search_matches_) return;
  search_matches_ = std::move(rows);
  emit marksChanged();
}

void ExplorerState::setTracked(std::vector<int64_t> rows) {
  trails_.clear();
  if (rows == tracked_) return;
  tracked_ = std::move(rows);
  emit marksChanged();
}

void ExplorerState::setArrows(std::vector<Arrow> arrows) {
  if (arrows == arrows_) return;
  arrows_ = std::move(arrows);
  emit overlaysChanged();
}

void ExplorerState::setPairArrows(std::vector<Arrow> arrows) {
  if (arrows == pair_arrows_) return;
  pair_arrows_ = std::move(arrows);
  emit overlaysChanged();
}

void ExplorerState::extendTrails(size_t length) {
  if (tracked_.empty()) return;
  for (int64_t row : tracked_) {
    if (row < 0 || row >= positions_.cols()) continue;
    auto& trail = trails_[row];
    trail.push_back(positions_.col(row));
    if (trail.size() > length) trail.erase(trail.begin());
  }
  emit overlaysChanged();
}

void ExplorerState::clearTrails() {
  if (trails_.empty()) return;
  trails_.clear();
  emit overlaysChanged();
}

void ExplorerState::setFlashed(std::vector<int64_t> rows) {
  // A flash is an event of one frame: the same rows flash again at their new positions.
  if (rows.empty() && flashed_.empty()) return;
  flashed_ = std::move(rows);
  emit overlaysChanged();
}

}  // namespace embscope::ui
