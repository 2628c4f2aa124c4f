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
#include "session.hpp"
#include "training_controller.hpp"
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

class AppearancePanel;
class FileActions;
class LabelGrid;
class TrainingPanel;
class LookupPanel;
class NeighboursPanel;
class PointCloudScene;
class ProjectionPanel;
class VtkView;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads in the background; the current data set stays until the new one is ready.
  void openFile(const QString& path, const QString& metadata = {});

  const LoadedDataset* dataset() const { return dataset_.get(); }
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

  // An arrow drawn between two rows' points (analogy offsets, parallelograms).
  struct Arrow {
    int64_t from = 0, to = 0;
    QColor colour;
    bool dashed = false;
    QString legend;  // what it shows, listed in the view's arrow legend (empty: not listed)
  };
  const std::vector<Arrow>& arrows() const { return arrows_; }
  // Solves a : b :: c : ? on the open vectors, lists the answers and draws the parallelogram
  // a->b, c->answer. Returns the answers (empty, with a status-bar message, on unknown words).
  std::vector<ScoredWord> solveAnalogy(const AnalogyQuery& query);
  // Projects onto the analogy's own plane: x = b - a, y = c - a (the parallelogram shows flat).
  void showAnalogyPlane();
  // Shows a failed benchmark question on its own analogy plane (x = b - a, y = c - a, 2D,
  // framed on its words): a->b, c->expected (green) and c->what the vectors answered (red), with
  // a legend saying which is which.
  void showQuestion(const AnalogyQuestion& question);
  // Runs the bundled benchmarks in the background; evaluationFinished() follows.
  void runEvaluation();
  const EvaluationResults* evaluation() const { return evaluation_ ? &*evaluation_ : nullptr; }
  QString exportEvaluation(const QString& path) const;
  // Trains the next `words` words (preparing the trainer from the Training panel first when
  // needed); frames follow, then trainingPaused().
  void trainSteps(int64_t words);
  const std::vector<int64_t>& trackedRows() const { return tracked_rows_; }
  // After a crash (or a close mid-run), offers to resume the autosaved training run.
  void offerAutosavedTraining();
  // Corpus positions trained in the newest training frame shown (-1: none yet).
  int64_t shownTrainingWords() const { return shown_training_words_; }
  PointCloudScene* scene() const { return scene_.get(); }
  std::optional<int64_t> hoveredPoint() const { return hovered_; }

  // A word label as the overlay last drew it (read-only, for tests): the point it belongs to,
  // where that point was on screen (the anchor), its box and its font size in points.
  struct DrawnLabel {
    int64_t row = 0;
    QString text;
    QPointF anchor;
    QRectF box;
    double point_size = 0;
    bool hover = false;  // the box of the word under the pointer
  };
  const std::vector<DrawnLabel>& drawnLabels() const { return drawn_labels_; }
  // The colour legend's rows as last drawn (categorical colouring: one per class shown).
  struct LegendEntry {
    QString name;
    QColor colour;
    int64_t count = 0;
  };
  const std::vector<LegendEntry>& legendEntries() const { return legend_entries_; }
  // The rows of the last /regex/ search (every match, highlighted and counted).
  const std::vector<int64_t>& searchMatches() const { return search_matches_; }
  // Highlights every word matching `pattern` (all rows, in frequency order); returns how many.
  int64_t highlightMatches(const QRegularExpression& pattern);
  QString hoveredWord() const;
  // Where a row's point is drawn, in the view's logical pixels (nullopt if off screen or hidden).
  std::optional<QPointF> screenPosition(int64_t row);
  // The positions of every row in the current projection (3 x rows).
  const Positions3D& positions() const { return positions_; }

  // Selects a word: it is drawn large with lines to its k nearest neighbours, all labelled, and
  // listed in the Neighbours dock. Returns false (and says why in the status bar) for an
  // unknown word. k < 0 keeps the dock's k.
  // A label that several projector rows share selects the first of them and says so.
  bool selectWord(const QString& word, int k = -1);
  // selectWord for one row (a point, a listed neighbour), whatever its label.
  void selectRow(int64_t row, int k = -1);
  void selectPoint(std::optional<int64_t> row, int k = -1);
  std::optional<int64_t> selectedPoint() const { return selected_; }
  const std::vector<ScoredWord>& selectedNeighbours() const { return neighbours_; }
  void setIsolated(bool isolated);

  // Re-projects off the UI thread; projectionApplied() follows (or a status-bar error).
  void applyProjection(const ProjectionSettings& settings);
  const ProjectionSettings& projectionSettings() const { return projection_settings_; }
  void setAppearance(const AppearanceSettings& settings);
  const AppearanceSettings& appearance() const { return appearance_; }
  bool busy() const;

  // Images; each writes atomically and returns an error message or "" on success. The other
  // exports are rows of fileActions()'s table.
  QString saveWindowImage(const QString& path);
  // The view with its labels at `scale` x the screen resolution (1, 2 or 4).
  QString exportImage(const QString& path, bool transparent = false, double scale = 1.0);

  // The session of the current view; nullopt when the user cancelled the data file's checksum.
  std::optional<Session> currentSession();
  QString saveSessionFile(const QString& path);
  // Opens the session's data file if it is not the one shown, then applies the session;
  // sessionApplied() follows. Returns an error message or "".
  QString openSessionFile(const QString& path);

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
  void drawLabels(QPainter& painter, LabelGrid& grid);
  // The colour legend in the bottom-left corner; returns the rectangle it covers.
  QRectF drawColourLegend(QPainter& painter);
  QRectF drawArrowLegend(QPainter& painter);
  // Before each frame: the point under a still pointer, after the camera or the points moved.
  void refreshHover();
  void setHovered(std::optional<int64_t> scene_index);
  void showDataset(std::shared_ptr<LoadedDataset> dataset);
  // The status bar's data set line; `variance` holds the explained-variance ratios (K) of the
  // PCA whose components projection_settings_ shows.
  void showDatasetLine(const Eigen::VectorXd& variance);
  void showLoadError(const QString& path, const QString& message);
  void showError(const QString& title, const QString& message);
  void setBusy(bool busy);
  void updateHover(QPoint position);
  void ensurePicker();
  void paintOverlay(QPainter& painter);
  void resetCamera();
  void refreshNeighbours();
  void showProjection(ProjectionOutcome outcome);
  void updateScene();
  void applySession(const Session& session);
  void updatePairArrows();
  void showTrainingFrame(const TrainingFrame& frame);
  void updateTrackedRows();
  void drawArrows(QPainter& painter, LabelGrid& grid);
  // Points keep their size on screen whatever the render scale (and export scale).
  void applyPointSize(double extra_scale = 1.0);
  // Software GL renders at half resolution while the picture moves (drag, training).
  void updateRenderScale();
  void drawTrails(QPainter& painter);
  // Scene index <-> row of the vector set (they differ while isolated).
  int64_t rowOf(int64_t scene_index) const;
  std::optional<int64_t> sceneIndexOf(int64_t row) const;

  VtkView* view_ = nullptr;
  std::unique_ptr<PointCloudScene> scene_;
  DatasetLoader loader_;
  std::shared_ptr<LoadedDataset> dataset_;
  // How far from a point (logical pixels) the pointer may be to hover or click it.
  static constexpr double kPickRadiusPixels = 6.0;
  PointPicker picker_;
  bool picker_dirty_ = true;
  // What the picker's screen positions were computed for: they are recomputed whenever the
  // camera, the view's size or the points differ, whoever changed them.
  Eigen::Matrix4d picker_matrix_ = Eigen::Matrix4d::Zero();
  QSize picker_size_;
  uint64_t picker_positions_ = 0;
  std::vector<DrawnLabel> drawn_labels_;
  std::vector<LegendEntry> legend_entries_;
  std::vector<int64_t> search_matches_;
  std::vector<std::string> colour_categories_;  // class names while colours_ are class ids
  std::vector<int64_t> fit_after_projection_;   // rows to frame once the projection shows
  std::optional<int64_t> hovered_;
  bool headless_ = false;
  // The open data file's SHA-256 (for sessions), computed off the UI thread when first needed.
  struct DataChecksum {
    QString path;
    qint64 size = -1;
    QDateTime modified;
    QString sha256;
  };
  DataChecksum data_checksum_;
  // Set when the window closes: a checksum still running in the background stops.
  std::shared_ptr<std::atomic<bool>> closing_ = std::make_shared<std::atomic<bool>>(false);
  QString dataChecksum();
  bool checksumIsCurrent(const QFileInfo& info) const;
  void checkSessionData(const QString& expected_sha256);

  ProjectionSettings projection_settings_;
  AppearanceSettings appearance_;
  Positions3D positions_;
  Eigen::VectorXf colours_;
  std::array<std::string, 3> axis_labels_;
  QFutureWatcher<ProjectionOutcome> projection_watcher_;
  std::optional<ProjectionSettings> queued_projection_;

  std::optional<int64_t> selected_;
  std::vector<ScoredWord> neighbours_;
  bool isolated_ = false;
  std::vector<int64_t> shown_rows_;  // empty: every row is shown
  Positions3D isolated_positions_;

  std::optional<Session> pending_session_;
  QLineEdit* search_ = nullptr;
  NeighboursPanel* neighbours_panel_ = nullptr;
  LookupPanel* lookup_panel_ = nullptr;
  ProjectionPanel* projection_panel_ = nullptr;
  AppearancePanel* appearance_panel_ = nullptr;
  AnalogyPanel* analogy_panel_ = nullptr;
  EvaluationPanel* evaluation_panel_ = nullptr;
  TrainingPanel* training_panel_ = nullptr;
  TrainingController training_;
  std::vector<Arrow> arrows_;       // the analogy's parallelogram or a question's
  std::vector<Arrow> pair_arrows_;  // the offsets of the word-pair list
  QFutureWatcher<EvaluationResults> evaluation_watcher_;
  std::optional<EvaluationResults> evaluation_;
  uint64_t evaluation_generation_ = 0;  // dataset_generation_ when the evaluation started
  bool training_shown_ = false;
  int64_t pending_steps_ = 0;  // words to train once the trainer is ready
  int64_t shown_training_words_ = -1;
  double hardware_frame_interval_ = TrainingController::kDefaultFrameInterval;
  double fitted_spread_ = 0;
  bool dragging_ = false;  // the cloud's RMS radius when the camera last framed it
  std::vector<int64_t> tracked_rows_;
  std::map<int64_t, std::vector<Eigen::Vector3f>> trails_;
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
  uint64_t dataset_generation_ = 0;  // counts the data sets shown (training frames excepted)
  bool focus_click_ = false;         // the view took the focus with the current click
  // False from the moment another file is shown until the user trains again: a frame still on
  // its way from the paused run must not replace that file.
  bool training_frames_wanted_ = true;
};

}  // namespace embscope::ui
