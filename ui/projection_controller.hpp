// ProjectionController: turns the Projection panel's settings (and the appearance's colouring)
// into the layout the view shows. A linear layout (PCA, custom axes) and the colour values are
// computed off the UI thread by the core's compute_layout (the recipe `embscope-cli project` uses)
// and point_scalar; the result goes to the explorer state, whose signals redraw the scene, and the
// camera frames a picture whose axes changed. A request made while one runs is queued (only the
// newest is kept); a result computed for a data set no longer shown is dropped.
//
// An iterative layout (UMAP, t-SNE) starts from the positions on screen and runs on its own
// thread (run_layout_in_background); its snapshots are shown as they come (about 30 a second),
// so the cloud unfolds from the picture the user was looking at, the camera following it. It
// can be paused, resumed and stopped (the positions reached stay).
//
// Usage: ProjectionController projection(state, binding, selection, panel);
//        projection.apply(settings);  // applied() follows, or status() with the error
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "view_settings.hpp"

class QAction;

namespace embscope::ui {

class ExplorerState;
class ProjectionPanel;
class SceneBinding;
class SelectionController;

class ProjectionController : public QObject {
  Q_OBJECT

 public:
  // Each argument must outlive this; the panel's Apply is connected here.
  ProjectionController(ExplorerState& state, SceneBinding& binding, SelectionController& selection,
                       ProjectionPanel* panel, QObject* parent = nullptr);
  ~ProjectionController() override;

  // Re-projects (and re-colours) every row off the UI thread; applied() follows.
  void apply(const ProjectionSettings& settings);
  // As apply(); once shown, `rows` are fitted in the view (the analogy's words).
  void applyAndFit(const ProjectionSettings& settings, std::vector<int64_t> rows);
  // As apply(), then `then` once the projection is shown; at once when `settings` are shown
  // already and nothing runs (a session restoring its view).
  void applyThen(const ProjectionSettings& settings, std::function<void()> then);
  // View > 2D View (key 2, checkable): drops z and looks straight down, or back to 3D. It shows
  // the settings in force (a session, a new data set, the analogy plane).
  QAction* flatAction() const { return flat_; }
  bool running() const { return watcher_.isRunning() || run_ != nullptr; }
  // An iterative layout: pause or resume it; stop it where it is (applied() follows).
  void setPaused(bool paused);
  void stop();
  // Iterations done and planned of the iterative layout shown (0, 0 when none ran).
  std::pair<int64_t, int64_t> iterations() const { return iterations_; }
  // Waits for a running projection (before the window closes or another data set shows).
  void wait() { watcher_.waitForFinished(); }

 signals:
  // A projection ended (shown, failed or dropped) and none is queued.
  void applied();
  // The explained-variance ratios of the PCA now shown (the data set's own when not re-fitted).
  void varianceShown(const Eigen::VectorXd& ratios);
  void status(const QString& message, int timeout_ms);
  // An iterative layout started (true) or ended (false): finished, stopped, failed or replaced.
  void iterativeRunning(bool running);

 private:
  struct Outcome {
    uint64_t generation = 0;  // the state's generation when it started: a stale one is dropped
    Positions3D positions;    // every row
    Eigen::VectorXf colours;
    Eigen::VectorXd variance;  // explained-variance ratios when PCA was (re)fitted
    std::array<std::string, 3> labels;
    std::vector<std::string> categories;  // class names when the colours are class ids
    QString error;
    double seconds = 0;
  };
  void show(Outcome outcome);
  // A new data set: its own PCA, fitted on loading, is what the panel describes.
  void datasetShown();
  struct IterativeRun;
  void startIterative(const ProjectionSettings& settings);
  // Shows the newest snapshot of the running layout; ends the run when it finished or failed.
  void pollIterative();
  void endIterative(const QString& error = {});

  ExplorerState& state_;
  SceneBinding& binding_;
  SelectionController& selection_;
  ProjectionPanel* panel_;
  QAction* flat_ = nullptr;
  QFutureWatcher<Outcome> watcher_;
  std::optional<ProjectionSettings> queued_;
  std::vector<int64_t> fit_after_;  // rows to frame once the projection shows
  ProjectionSettings framed_;       // the axes the camera last framed
  std::unique_ptr<IterativeRun> run_;
  QTimer* poll_ = nullptr;
  std::pair<int64_t, int64_t> iterations_ = {0, 0};
};

}  // namespace embscope::ui
