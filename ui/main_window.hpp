// MainWindow: the 3D view of a vector set in the centre, with eight panels docked in two columns
// of vertical tabs (see resetLayout), a toolbar, menus, a search box, recent files, sessions,
// exports and background work for everything slow (loading, projecting, colouring).
#pragma once

#include <QColor>
#include <QDateTime>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QString>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "analogy_panel.hpp"
#include "dataset_loader.hpp"
#include "embscope/projection/point_picker.hpp"
#include "evaluation_panel.hpp"
#include "explorer_state.hpp"
#include "scene_binding.hpp"
#include "session.hpp"
#include "training_controller.hpp"
#include "view_overlay.hpp"
#include "view_settings.hpp"

class QAction;
class QDockWidget;
class QImage;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QToolButton;
class QPainter;
class QRegularExpression;

namespace embscope::ui {

class AnalogyController;
class AppearancePanel;
class EvaluationController;
class FileActions;
class LabelGrid;
class TrainingPanel;
class LookupPanel;
class NeighboursPanel;
class PointCloudScene;
class ProjectionPanel;
class SessionController;
class VtkView;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads in the background; the current data set stays until the new one is ready.
  void openFile(const QString& path, const QString& metadata = {});

  // What the window shows (data sets, layout, selection, marks, overlays) and its binding to the
  // VTK scene (picking, hover, framing).
  ExplorerState& state() { return *state_; }
  const ExplorerState& state() const { return *state_; }
  SceneBinding& sceneBinding() { return *binding_; }
  const LoadedDataset* dataset() const { return state_->dataset(); }
  VtkView* view() const { return view_; }
  NeighboursPanel* neighboursPanel() const { return neighbours_panel_; }
  LookupPanel* lookupPanel() const { return lookup_panel_; }
  ProjectionPanel* projectionPanel() const { return projection_panel_; }
  AppearancePanel* appearancePanel() const { return appearance_panel_; }
  AnalogyPanel* analogyPanel() const { return analogy_panel_; }
  EvaluationPanel* evaluationPanel() const { return evaluation_panel_; }
  TrainingPanel* trainingPanel() const { return training_panel_; }
  TrainingController& training() { return training_; }
  // Opening, recent files and the table of exports (write("neighbours", path), ...).
  FileActions* fileActions() const { return file_actions_; }
  // The analogy questions, the benchmarks and sessions (save / open / current).
  AnalogyController* analogy() const { return analogy_; }
  EvaluationController* evaluation() const { return evaluation_; }
  SessionController* sessions() const { return sessions_; }

  using Arrow = ExplorerState::Arrow;
  const std::vector<Arrow>& arrows() const { return state_->arrows(); }
  // Trains the next `words` words (preparing the trainer from the Training panel first when
  // needed); frames follow, then trainingPaused().
  void trainSteps(int64_t words);
  const std::vector<int64_t>& trackedRows() const { return state_->tracked(); }
  // After a crash (or a close mid-run), offers to resume the autosaved training run.
  void offerAutosavedTraining();
  // Corpus positions trained in the newest training frame shown (-1: none yet).
  int64_t shownTrainingWords() const { return shown_training_words_; }
  PointCloudScene* scene() const { return binding_->scene(); }
  std::optional<int64_t> hoveredPoint() const { return binding_->hovered(); }

  // The labels, arrows and legends drawn over the view (also on exported images).
  const ViewOverlay& overlay() const { return *overlay_; }
  using DrawnLabel = ViewOverlay::DrawnLabel;
  const std::vector<DrawnLabel>& drawnLabels() const { return overlay_->drawnLabels(); }
  using LegendEntry = ViewOverlay::LegendEntry;
  const std::vector<LegendEntry>& legendEntries() const { return overlay_->legendEntries(); }
  // The rows of the last /regex/ search (every match, highlighted and counted).
  const std::vector<int64_t>& searchMatches() const { return state_->searchMatches(); }
  // Highlights every word matching `pattern` (all rows, in frequency order); returns how many.
  int64_t highlightMatches(const QRegularExpression& pattern);
  QString hoveredWord() const;
  // Where a row's point is drawn, in the view's logical pixels (nullopt if off screen or hidden).
  std::optional<QPointF> screenPosition(int64_t row) { return binding_->screenPosition(row); }
  // The positions of every row in the current projection (3 x rows).
  const Positions3D& positions() const { return state_->positions(); }

  // Selects a word: it is drawn large with lines to its k nearest neighbours, all labelled, and
  // listed in the Neighbours dock. Returns false (and says why in the status bar) for an
  // unknown word. k < 0 keeps the dock's k.
  // A label that several projector rows share selects the first of them and says so.
  bool selectWord(const QString& word, int k = -1);
  // selectWord for one row (a point, a listed neighbour), whatever its label.
  void selectRow(int64_t row, int k = -1);
  void selectPoint(std::optional<int64_t> row, int k = -1);
  std::optional<int64_t> selectedPoint() const { return state_->focusRow(); }
  const std::vector<ScoredWord>& selectedNeighbours() const { return state_->neighbours(); }
  void setIsolated(bool isolated);

  // Re-projects off the UI thread; projectionApplied() follows (or a status-bar error).
  void applyProjection(const ProjectionSettings& settings);
  const ProjectionSettings& projectionSettings() const { return state_->projectionSettings(); }
  void setAppearance(const AppearanceSettings& settings);
  const AppearanceSettings& appearance() const { return state_->appearance(); }
  bool busy() const;

  // Images; each writes atomically and returns an error message or "" on success. The other
  // exports are rows of fileActions()'s table.
  QString saveWindowImage(const QString& path);
  // The view with its labels at `scale` x the screen resolution (1, 2 or 4).
  QString exportImage(const QString& path, bool transparent = false, double scale = 1.0);

  // Shows or hides every dock (scripted screenshots show the view alone).
  void setPanelsVisible(bool visible);
  // Shows a panel's dock and brings it to the front of its tabs (Alt+1..8, the toolbar).
  void showPanel(QDockWidget* dock);
  const std::vector<QDockWidget*>& panelDocks() const { return docks_; }
  // The default arrangement: two columns of vertical tabs, the data on the left (Data set,
  // Projection, Appearance, Training), the questions asked of it on the right (Neighbours,
  // Lookup table, Analogy, Evaluation). View > Reset Layout.
  void resetLayout();

  // Seconds from one live training frame to the next on hardware GL (software GL: 65 ms).
  void setTrainingFrameInterval(double seconds) { hardware_frame_interval_ = seconds; }
  double trainingFrameInterval() const { return hardware_frame_interval_; }

  // When true, failures are reported through signals only (no dialogs): scripted runs and tests.
  void setHeadless(bool headless) { headless_ = headless; }

 signals:
  void datasetShown();
  void loadFailed(const QString& message);
  void projectionApplied();
  void sessionApplied();
  void evaluationFinished();
  void trainingFrameShown();
  void trainingPaused();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  struct ProjectionOutcome {
    uint64_t generation = 0;  // dataset_generation_ when it started: a stale one is dropped
    Positions3D positions;    // every row
    Eigen::VectorXf colours;
    Eigen::VectorXd variance;  // explained-variance ratios when PCA was (re)fitted
    std::array<std::string, 3> labels;
    std::vector<std::string> categories;  // class names when the colours are class ids
    QString error;
    double seconds = 0;
  };

  void createActions();
  // The table of exports (fileActions()): after the docks, whose buttons it wires.
  void createExports();
  // The session controller and what only the window does for it (load, project, select).
  void createSessions();
  void createDocks();
  void createSearch();
  void createToolBar();
  // Clears everything that belongs to the data set on show (selection, isolation, arrows,
  // flashes, lookups, projection, search text, messages): the one path every open goes through.
  void resetDatasetState();
  // Loads without asking about a training run.
  void startLoading(const QString& path, const QString& metadata);
  bool trainingRunOpen() const;
  bool eventFilter(QObject* watched, QEvent* event) override;
  // The status bar's description of the hovered row.
  void describeHover(std::optional<int64_t> row);
  void showDataset(std::shared_ptr<LoadedDataset> dataset);
  // The status bar's data set line; `variance` holds the explained-variance ratios (K) of the
  // PCA whose components projection_settings_ shows.
  void showDatasetLine(const Eigen::VectorXd& variance);
  void showLoadError(const QString& path, const QString& message);
  void showError(const QString& title, const QString& message);
  void setBusy(bool busy);
  void paintOverlay(QPainter& painter);
  void resetCamera();
  void refreshNeighbours();
  void showProjection(ProjectionOutcome outcome);
  void updateScene();
  void showTrainingFrame(const TrainingFrame& frame);
  void updateTrackedRows();
  VtkView* view_ = nullptr;
  ExplorerState* state_ = nullptr;
  SceneBinding* binding_ = nullptr;
  DatasetLoader loader_;
  std::unique_ptr<ViewOverlay> overlay_;
  std::vector<int64_t> fit_after_projection_;  // rows to frame once the projection shows
  ProjectionSettings framed_projection_;       // the axes the camera last framed
  bool headless_ = false;

  QFutureWatcher<ProjectionOutcome> projection_watcher_;
  std::optional<ProjectionSettings> queued_projection_;

  QLineEdit* search_ = nullptr;
  NeighboursPanel* neighbours_panel_ = nullptr;
  LookupPanel* lookup_panel_ = nullptr;
  ProjectionPanel* projection_panel_ = nullptr;
  AppearancePanel* appearance_panel_ = nullptr;
  AnalogyPanel* analogy_panel_ = nullptr;
  EvaluationPanel* evaluation_panel_ = nullptr;
  TrainingPanel* training_panel_ = nullptr;
  TrainingController training_;
  AnalogyController* analogy_ = nullptr;
  EvaluationController* evaluation_ = nullptr;
  SessionController* sessions_ = nullptr;
  bool training_shown_ = false;
  int64_t pending_steps_ = 0;  // words to train once the trainer is ready
  int64_t shown_training_words_ = -1;
  double hardware_frame_interval_ = TrainingController::kDefaultFrameInterval;
  double fitted_spread_ = 0;  // > 0 once the camera framed the training cloud
  QLabel* dataset_info_ = nullptr;
  FileActions* file_actions_ = nullptr;
  QMenu* docks_menu_ = nullptr;
  std::vector<QDockWidget*> docks_;
  std::optional<bool> palette_dark_;

  QLabel* dataset_label_ = nullptr;
  QLabel* hover_label_ = nullptr;
  QProgressBar* progress_bar_ = nullptr;
  QToolButton* cancel_button_ = nullptr;
  QAction* isolate_action_ = nullptr;
  // False from the moment another file is shown until the user trains again: a frame still on
  // its way from the paused run must not replace that file.
  bool training_frames_wanted_ = true;
};

}  // namespace embscope::ui
