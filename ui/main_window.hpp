// MainWindow: the 3D view of a vector set in the centre, eight panels docked around it
// (PanelDocks), a toolbar, menus, a search box and a status bar. What the window shows is the
// ExplorerState; each feature is a controller around it (selection, projection, training,
// analogy, evaluation, sessions, file actions) and the window only lays them out, wires them
// together and keeps its geometry. Loading runs in the background (DatasetLoader); opening a
// file goes through showDataset(), the one place where a new data set reaches the window.
#pragma once

#include <QMainWindow>
#include <QString>
#include <memory>
#include <optional>

#include "dataset_loader.hpp"
#include "explorer_state.hpp"
#include "scene_binding.hpp"
#include "training_controller.hpp"
#include "view_overlay.hpp"
#include "view_settings.hpp"

class QAction;
class QDockWidget;

namespace embscope::ui {

class AnalogyController;
class AnalogyPanel;
class AppearancePanel;
class DatasetPanel;
class EvaluationController;
class EvaluationPanel;
class FileActions;
class LookupPanel;
class NeighboursPanel;
class PanelDocks;
class ProjectionController;
class ProjectionPanel;
class SearchBar;
class SelectionController;
class SessionController;
class TrainingPanel;
class TrainingView;
class VtkView;
class WindowStatusBar;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads in the background; the current data set stays until the new one is ready. An open
  // training run is kept or discarded first, as the user says.
  void openFile(const QString& path, const QString& metadata = {});
  // Whether a file is loading or a projection is being computed.
  bool busy() const;

  // What the window shows, and its binding to the VTK scene (picking, hover, framing).
  ExplorerState& state() { return *state_; }
  const ExplorerState& state() const { return *state_; }
  SceneBinding& sceneBinding() { return *binding_; }
  // The labels, arrows and legends drawn over the view (also on exported images).
  ViewOverlay& overlay() { return *overlay_; }
  VtkView* view() const { return view_; }

  // The controllers, one per feature.
  SelectionController* selection() const { return selection_; }
  ProjectionController* projection() const { return projection_; }
  TrainingView* trainingView() const { return training_view_; }
  TrainingController& training();
  // Opening, recent files and the table of exports (write("neighbours", path), ...).
  FileActions* fileActions() const { return file_actions_; }
  AnalogyController* analogy() const { return analogy_; }
  EvaluationController* evaluation() const { return evaluation_; }
  SessionController* sessions() const { return sessions_; }

  // The panels and their docks (Alt+1..8, Reset Layout, shown or hidden all at once).
  PanelDocks* docks() const { return docks_; }
  NeighboursPanel* neighboursPanel() const { return neighbours_panel_; }
  LookupPanel* lookupPanel() const { return lookup_panel_; }
  ProjectionPanel* projectionPanel() const { return projection_panel_; }
  AppearancePanel* appearancePanel() const { return appearance_panel_; }
  AnalogyPanel* analogyPanel() const { return analogy_panel_; }
  EvaluationPanel* evaluationPanel() const { return evaluation_panel_; }
  TrainingPanel* trainingPanel() const { return training_panel_; }

  // Point size, label size, colouring and the dark or light palette (the whole application's).
  void setAppearance(const AppearanceSettings& settings);

  // Images; each writes atomically and returns an error message or "" on success. The other
  // exports are rows of fileActions()'s table.
  QString saveWindowImage(const QString& path);
  // The view with its labels at `scale` x the screen resolution (1, 2 or 4).
  QString exportImage(const QString& path, bool transparent = false, double scale = 1.0);

  // When true, failures are reported through signals only (no dialogs): scripted runs and tests.
  void setHeadless(bool headless);

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
  void createStatusBar();
  void createPanels();
  // The table of exports (fileActions()): after the panels, whose buttons it wires.
  void createExports();
  // The session controller and what only the window does for it (load, project, select).
  void createSessions();
  void createMenus();
  void createToolBar();
  // Loads without asking about a training run.
  void startLoading(const QString& path, const QString& metadata);
  // Shows a loaded file or a training run's first frame: the state resets everything that
  // belonged to the previous data set, the controllers follow its signal.
  void showDataset(std::shared_ptr<LoadedDataset> dataset);
  void showLoadError(const QString& path, const QString& message);
  void showError(const QString& title, const QString& message);
  void showStatus(const QString& message, int timeout_ms);

  VtkView* view_ = nullptr;
  ExplorerState* state_ = nullptr;
  SceneBinding* binding_ = nullptr;
  std::unique_ptr<ViewOverlay> overlay_;
  DatasetLoader loader_;
  bool headless_ = false;
  std::optional<bool> palette_dark_;

  PanelDocks* docks_ = nullptr;
  DatasetPanel* dataset_panel_ = nullptr;
  NeighboursPanel* neighbours_panel_ = nullptr;
  LookupPanel* lookup_panel_ = nullptr;
  ProjectionPanel* projection_panel_ = nullptr;
  AppearancePanel* appearance_panel_ = nullptr;
  AnalogyPanel* analogy_panel_ = nullptr;
  EvaluationPanel* evaluation_panel_ = nullptr;
  TrainingPanel* training_panel_ = nullptr;

  SelectionController* selection_ = nullptr;
  ProjectionController* projection_ = nullptr;
  TrainingView* training_view_ = nullptr;
  AnalogyController* analogy_ = nullptr;
  EvaluationController* evaluation_ = nullptr;
  SessionController* sessions_ = nullptr;
  FileActions* file_actions_ = nullptr;
  SearchBar* search_ = nullptr;

  WindowStatusBar* status_ = nullptr;
};

}  // namespace embscope::ui
