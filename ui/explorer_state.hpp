// ExplorerState: what the window shows, with no widgets - the open space(s), the layout and its
// positions, colours and axis labels, the selection as a set of rows, isolation, marked rows
// (looked up, tracked, search matches) and the overlays (arrows, pair arrows, trails, flashes).
//
// Controllers and panels change it through its setters; each setter emits one fine-grained
// signal, once, and only when something changed. The scene binding (state -> VTK scene) and the
// view overlay (labels, arrows, legends) draw from it. setDataset() is the one place where
// everything that belonged to the previous data set is reset.
//
// Rows are rows of the shown data set (datasets().front()). While isolated, the scene shows only
// shownRows(): scene index i is row shownRows()[i]; rowOf() / sceneIndexOf() map between them.
#pragma once

#include <QColor>
#include <QObject>
#include <QString>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dataset_loader.hpp"
#include "embscope/space/vector_space.hpp"
#include "view_settings.hpp"

namespace embscope::ui {

class ExplorerState : public QObject {
  Q_OBJECT

 public:
  // An arrow drawn between two rows' points (analogy offsets, parallelograms).
  struct Arrow {
    int64_t from = 0, to = 0;
    QColor colour;
    bool dashed = false;
    QString legend;  // what it shows, listed in the view's arrow legend (empty: not listed)
    bool operator==(const Arrow&) const = default;
  };

  explicit ExplorerState(QObject* parent = nullptr);

  // --- Data sets ------------------------------------------------------------------------------
  // The open spaces; the first is the one shown (a second will come for comparison).
  const std::vector<std::shared_ptr<LoadedDataset>>& datasets() const { return datasets_; }
  // The shown data set, or nullptr.
  const LoadedDataset* dataset() const { return datasets_.empty() ? nullptr : datasets_[0].get(); }
  std::shared_ptr<LoadedDataset> sharedDataset() const {
    return datasets_.empty() ? nullptr : datasets_[0];
  }
  // Counts the data sets shown (training frames of one run excepted): work started for an
  // older generation (a projection, an evaluation) is dropped when it ends.
  uint64_t generation() const { return generation_; }
  // Shows `dataset` instead of the previous one and resets everything that belonged to that one:
  // selection, neighbours, isolation, marks, overlays, flashes, projection settings (defaults),
  // positions (the data set's own PCA), colours (frequency rank) and axis labels (PC1..PC3).
  // Emits datasetChanged() once (not the finer signals).
  void setDataset(std::shared_ptr<LoadedDataset> dataset);
  // A new training frame of the run shown: the vectors change, what the user chose stays (rows
  // are the same words). Emits datasetChanged(false).
  void replaceVectors(std::shared_ptr<LoadedDataset> dataset);

  // --- Layout ---------------------------------------------------------------------------------
  const ProjectionSettings& projectionSettings() const { return projection_settings_; }
  void setProjectionSettings(const ProjectionSettings& settings);
  const AppearanceSettings& appearance() const { return appearance_; }
  void setAppearance(const AppearanceSettings& appearance);
  // Every row's position in the current layout (3 x rows).
  const Positions3D& positions() const { return positions_; }
  const std::array<std::string, 3>& axisLabels() const { return axis_labels_; }
  // New positions (3 x rows of the data set); `labels` empty keeps the axis labels.
  void setLayout(Positions3D positions, std::optional<std::array<std::string, 3>> labels = {});
  // A colour value per row; for classes the values are class ids and `categories` their names.
  const Eigen::VectorXf& colours() const { return colours_; }
  const std::vector<std::string>& categories() const { return categories_; }
  void setColours(Eigen::VectorXf colours, std::vector<std::string> categories = {});

  // --- Selection ------------------------------------------------------------------------------
  // The selected rows, sorted and unique (one word today: its focus row).
  const std::vector<int64_t>& selection() const { return selection_; }
  // The row the selection is about (drawn large, its neighbours listed), if any.
  std::optional<int64_t> focusRow() const { return focus_; }
  const std::vector<ScoredWord>& neighbours() const { return neighbours_; }
  // Selects `rows` (any order, duplicates dropped); `focus` must be one of them (else the
  // first). Neighbours are those of the focus row, as computed by the caller.
  void setSelection(std::vector<int64_t> rows, std::optional<int64_t> focus = {},
                    std::vector<ScoredWord> neighbours = {});
  // One row (or none) with its neighbours.
  void selectRow(std::optional<int64_t> row, std::vector<ScoredWord> neighbours = {});
  void clearSelection() { setSelection({}); }

  // --- Isolation ------------------------------------------------------------------------------
  bool isolated() const { return !shown_rows_.empty(); }
  // Rows the scene shows while isolated (empty: every row), in scene order.
  const std::vector<int64_t>& shownRows() const { return shown_rows_; }
  // Shows only the focus row and its neighbours, laid out by a PCA fitted on them alone.
  // Returns false (nothing changes but isolation ending) when nothing is selected.
  bool isolateSelection();
  void clearIsolation();
  int64_t rowOf(int64_t scene_index) const;
  std::optional<int64_t> sceneIndexOf(int64_t row) const;
  // Scene indices of `rows`, leaving out rows the scene does not show.
  std::vector<int64_t> sceneIndicesOf(const std::vector<int64_t>& rows) const;
  // What the scene shows: positions (3 x shown) and colours (shown), isolated or not.
  const Positions3D& scenePositions() const;
  Eigen::VectorXf sceneColours() const;

  // --- Marks: rows drawn apart ----------------------------------------------------------------
  const std::vector<int64_t>& lookedUp() const { return looked_up_; }
  void setLookedUp(std::vector<int64_t> rows);
  const std::vector<int64_t>& searchMatches() const { return search_matches_; }
  void setSearchMatches(std::vector<int64_t> rows);
  // Rows followed during training (labelled, with trails).
  const std::vector<int64_t>& tracked() const { return tracked_; }
  void setTracked(std::vector<int64_t> rows);

  // --- Overlays -------------------------------------------------------------------------------
  const std::vector<Arrow>& arrows() const { return arrows_; }  // an analogy's or a question's
  void setArrows(std::vector<Arrow> arrows);
  const std::vector<Arrow>& pairArrows() const { return pair_arrows_; }  // the word-pair list's
  void setPairArrows(std::vector<Arrow> arrows);
  // Each tracked row's last positions (world coordinates), oldest first.
  const std::map<int64_t, std::vector<Eigen::Vector3f>>& trails() const { return trails_; }
  // Appends every tracked row's current position, keeping the last `length`.
  void extendTrails(size_t length = 24);
  void clearTrails();
  // Rows the last training step changed (drawn flashing). Every call with rows emits (the same
  // rows flash again where the new frame put them).
  const std::vector<int64_t>& flashed() const { return flashed_; }
  void setFlashed(std::vector<int64_t> rows);

 signals:
  // `reset`: a new data set (everything else was reset too); false: a training frame's vectors.
  void datasetChanged(bool reset);
  void projectionSettingsChanged();
  void appearanceChanged();
  void layoutChanged();
  void coloursChanged();
  void selectionChanged();
  void isolationChanged();
  void marksChanged();
  void overlaysChanged();

 private:
  std::vector<std::shared_ptr<LoadedDataset>> datasets_;
  uint64_t generation_ = 0;
  ProjectionSettings projection_settings_;
  AppearanceSettings appearance_;
  Positions3D positions_;
  std::array<std::string, 3> axis_labels_ = {"PC1", "PC2", "PC3"};
  Eigen::VectorXf colours_;
  std::vector<std::string> categories_;
  std::vector<int64_t> selection_;
  std::optional<int64_t> focus_;
  std::vector<ScoredWord> neighbours_;
  std::vector<int64_t> shown_rows_;
  Positions3D isolated_positions_;
  std::vector<int64_t> looked_up_, search_matches_, tracked_, flashed_;
  std::vector<Arrow> arrows_, pair_arrows_;
  std::map<int64_t, std::vector<Eigen::Vector3f>> trails_;
};

}  // namespace embscope::ui
