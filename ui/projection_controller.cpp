#include "projection_controller.hpp"

#include <QAction>
#include <QSignalBlocker>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <chrono>
#include <cmath>
#include <memory>
#include <utility>

#include "embscope/projection/layout.hpp"
#include "embscope/projection/point_scalars.hpp"
#include "explorer_state.hpp"
#include "point_cloud_scene.hpp"
#include "projection_panel.hpp"
#include "scene_binding.hpp"
#include "selection_controller.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {
namespace {

PointScalar scalar_for(ColourBy colour) {
  switch (colour) {
    case ColourBy::VectorNorm:
      return PointScalar::VectorNorm;
    case ColourBy::KnnPreservation:
      return PointScalar::KnnPreservation;
    case ColourBy::Cluster:
      return PointScalar::Cluster;
    default:
      return PointScalar::FrequencyRank;
  }
}

// The colour values of every row for `appearance` (metadata columns or computed scalars). For
// classes (k-means clusters, a column of words) the values are class ids and `categories`
// receives the classes' names, in id order; otherwise it is left empty.
Eigen::VectorXf colour_values(const LoadedDataset& dataset, const AppearanceSettings& appearance,
                              const Positions3D& positions, std::vector<std::string>* categories) {
  categories->clear();
  if (appearance.colour_by == ColourBy::Metadata) {
    const Metadata& metadata = dataset.vectors.metadata;
    for (size_t c = 0; c < metadata.column_names.size(); ++c) {
      if (QString::fromStdString(metadata.column_names[c]) == appearance.metadata_column) {
        bool categorical = false;
        Eigen::VectorXf values = metadata_scalar(metadata.columns[c], &categorical);
        if (categorical) {
          // metadata_scalar numbers the classes in order of first appearance.
          for (Eigen::Index i = 0; i < values.size(); ++i) {
            const auto id = static_cast<size_t>(values(i));
            if (id == categories->size()) {
              const std::string& cell = metadata.columns[c][static_cast<size_t>(i)];
              categories->push_back(cell.empty() ? std::string("(empty)") : cell);
            }
          }
        }
        return values;
      }
    }
  }
  Eigen::VectorXf values =
      point_scalar(scalar_for(appearance.colour_by), dataset.vectors.vectors, positions);
  if (appearance.colour_by == ColourBy::Cluster && values.size() > 0) {
    const auto clusters = static_cast<int>(values.maxCoeff()) + 1;
    for (int k = 0; k < clusters; ++k)
      categories->push_back(QObject::tr("cluster %1").arg(k + 1).toStdString());
  }
  return values;
}

const char* method_name(LayoutMethod method) {
  return method == LayoutMethod::Umap ? "UMAP" : "t-SNE";
}

}  // namespace

// The layout being run, the vectors and start it holds, and the thread running it.
struct ProjectionController::IterativeRun {
  std::shared_ptr<LoadedDataset> dataset;  // kept alive while the layout reads it
  uint64_t generation = 0;
  Positions3D start;
  std::unique_ptr<Layout> layout;
  std::unique_ptr<BackgroundLayout> runner;
  uint64_t shown_serial = 0;
  int frames_since_framed = 0;
  bool paused = false;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

ProjectionController::ProjectionController(ExplorerState& state, SceneBinding& binding,
                                           SelectionController& selection, ProjectionPanel* panel,
                                           QObject* parent)
    : QObject(parent), state_(state), binding_(binding), selection_(selection), panel_(panel) {
  connect(panel_, &ProjectionPanel::applyRequested, this, &ProjectionController::apply);
  connect(panel_, &ProjectionPanel::pauseToggled, this, &ProjectionController::setPaused);
  connect(panel_, &ProjectionPanel::stopRequested, this, &ProjectionController::stop);
  connect(this, &ProjectionController::iterativeRunning, panel_,
          &ProjectionPanel::setLayoutRunning);
  connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, [this] { show(watcher_.result()); });
  connect(&state_, &ExplorerState::datasetChanged, this, [this](bool reset) {
    if (reset) datasetShown();
  });
  poll_ = new QTimer(this);
  poll_->setInterval(33);
  connect(poll_, &QTimer::timeout, this, &ProjectionController::pollIterative);
  flat_ = new QAction(tr("&2D View"), this);
  flat_->setObjectName("flat");
  flat_->setCheckable(true);
  flat_->setShortcut(QKeySequence(Qt::Key_2));
  connect(flat_, &QAction::toggled, this, [this](bool on) {
    ProjectionSettings settings = state_.projectionSettings();
    settings.flat = on;
    if (settings.iterative()) settings.dimensions = on ? 2 : 3;  // laid out again, from here
    apply(settings);
  });
  const auto show_flat = [this] {
    const QSignalBlocker blocker(flat_);
    flat_->setChecked(state_.projectionSettings().flat);
  };
  connect(this, &ProjectionController::applied, flat_, show_flat);
  connect(&state_, &ExplorerState::datasetChanged, flat_, show_flat);
}

ProjectionController::~ProjectionController() {
  watcher_.waitForFinished();
  if (run_) run_->runner->stop();
}

void ProjectionController::datasetShown() {
  if (run_) endIterative();
  queued_.reset();
  fit_after_.clear();
  framed_ = ProjectionSettings();
  const LoadedDataset* dataset = state_.dataset();
  panel_->setSettings(state_.projectionSettings());
  panel_->setVariance(dataset->pca.explained_variance_ratio);
  panel_->setStatus(tr("x: PC1\ny: PC2\nz: PC3\n(PCA fitted on loading, %1 s)")
                        .arg(dataset->projection_seconds, 0, 'f', 2));
  // The data set's colours are frequency ranks; any other colouring is computed again.
  if (state_.appearance().colour_by != ColourBy::FrequencyRank) apply(state_.projectionSettings());
}

void ProjectionController::applyAndFit(const ProjectionSettings& settings,
                                       std::vector<int64_t> rows) {
  fit_after_ = std::move(rows);
  panel_->setSettings(settings);
  apply(settings);
}

void ProjectionController::applyThen(const ProjectionSettings& settings,
                                     std::function<void()> then) {
  if (settings == state_.projectionSettings() && !running()) {
    then();
    return;
  }
  auto connection = std::make_shared<QMetaObject::Connection>();
  *connection = connect(this, &ProjectionController::applied, this, [connection, then] {
    QObject::disconnect(*connection);
    then();
  });
  apply(settings);
}

void ProjectionController::apply(const ProjectionSettings& settings) {
  if (!state_.dataset()) return;
  if (watcher_.isRunning()) {
    queued_ = settings;  // runs when the current one ends
    return;
  }
  if (run_) endIterative();  // stopped where it is; the new request replaces it
  if (settings.iterative()) {
    startIterative(settings);
    return;
  }
  panel_->setStatus(tr("Projecting..."));
  const std::shared_ptr<LoadedDataset> dataset = state_.sharedDataset();
  const AppearanceSettings appearance = state_.appearance();
  state_.setProjectionSettings(settings);
  const uint64_t generation = state_.generation();
  watcher_.setFuture(QtConcurrent::run([dataset, settings, appearance, generation] {
    Outcome outcome;
    outcome.generation = generation;
    const auto start = std::chrono::steady_clock::now();
    try {
      // The recipe `embscope-cli project` uses too; the PCA fitted on opening is reused.
      LayoutSnapshot layout =
          compute_layout(dataset->vectors, settings.layoutSpec(), {},
                         {.space = dataset->space.get(), .pca_of_all_rows = &dataset->pca});
      outcome.positions = std::move(layout.positions);
      if (settings.flat) outcome.positions.row(2).setZero();
      outcome.labels = layout.labels;
      outcome.variance = std::move(layout.explained_variance);
      outcome.colours = colour_values(*dataset, appearance, outcome.positions, &outcome.categories);
    } catch (const std::exception& error) {
      outcome.error = QString::fromStdString(error.what());
    }
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
  }));
}

void ProjectionController::show(Outcome outcome) {
  const LoadedDataset* dataset = state_.dataset();
  if (outcome.generation != state_.generation()) {
    // Computed on the data set shown before: nothing of it applies to this one.
  } else if (!outcome.error.isEmpty()) {
    panel_->setStatus(tr("Could not project: %1").arg(outcome.error));
    emit status(tr("Projection failed: %1").arg(outcome.error), 10000);
  } else if (dataset && outcome.positions.cols() == dataset->vectors.rows()) {
    const ProjectionSettings& settings = state_.projectionSettings();
    const bool flat_changed = binding_.scene()->cameraState().parallel != settings.flat;
    // Other axes show another picture: it is framed whole (the analogy plane shown while in 2D
    // already, other components, other custom axes).
    const bool axes_changed = settings.axes != framed_.axes ||
                              settings.components != framed_.components || framed_.iterative();
    framed_ = settings;
    // The state's signals put the new positions and colours on the scene.
    state_.setLayout(std::move(outcome.positions), outcome.labels);
    state_.setColours(std::move(outcome.colours), std::move(outcome.categories));
    const std::array<std::string, 3>& labels = state_.axisLabels();
    if (outcome.variance.size() > 0) panel_->setVariance(outcome.variance);
    if (!dataset->training_frame)
      emit varianceShown(outcome.variance.size() > 0 ? outcome.variance
                                                     : dataset->pca.explained_variance_ratio);
    panel_->setSettings(settings);
    panel_->setStatus(tr("x: %1\ny: %2\nz: %3\n(%4 s)")
                          .arg(QString::fromStdString(labels[0]), QString::fromStdString(labels[1]),
                               settings.flat ? tr("(2D)") : QString::fromStdString(labels[2]))
                          .arg(outcome.seconds, 0, 'f', 2));
    if (state_.isolated()) selection_.setIsolated(true);  // re-fitted in the new layout
    if (flat_changed || (axes_changed && settings.flat)) {
      binding_.setFlatView(settings.flat);
    } else if (axes_changed) {
      binding_.fitAll();
    }
    if (!fit_after_.empty() && !queued_) {
      binding_.fitRows(fit_after_);
      fit_after_.clear();
    }
    binding_.invalidatePicker();
    binding_.view()->update();
  }
  if (queued_) {
    const ProjectionSettings next = *queued_;
    queued_.reset();
    apply(next);
    return;
  }
  emit applied();
}

void ProjectionController::startIterative(const ProjectionSettings& requested) {
  ProjectionSettings settings = requested;
  settings.flat = settings.dimensions == 2;  // a 2D layout is looked at from above
  auto run = std::make_unique<IterativeRun>();
  run->dataset = state_.sharedDataset();
  run->generation = state_.generation();
  // The cloud unfolds from the picture on screen ("restart from here").
  run->start = state_.positions();
  try {
    run->layout = make_layout(run->dataset->vectors, settings.layoutSpec(),
                              {.space = run->dataset->space.get(), .start_positions = &run->start});
  } catch (const std::exception& error) {
    panel_->setStatus(tr("Could not lay out: %1").arg(QString::fromStdString(error.what())));
    emit status(tr("Layout failed: %1").arg(QString::fromStdString(error.what())), 10000);
    emit applied();
    return;
  }
  state_.setProjectionSettings(settings);
  panel_->setSettings(settings);
  if (!run->dataset->training_frame)
    emit varianceShown(run->dataset->pca.explained_variance_ratio);  // the status line names it
  run->runner = run_layout_in_background(*run->layout);
  run->runner->start();
  run_ = std::move(run);
  iterations_ = {0, 0};
  panel_->setStatus(tr("%1: finding each row's neighbours...").arg(method_name(settings.method)));
  poll_->start();
  emit iterativeRunning(true);
}

void ProjectionController::setPaused(bool paused) {
  if (!run_ || run_->paused == paused) return;
  run_->paused = paused;
  if (paused) {
    run_->runner->pause();
  } else {
    run_->runner->resume();
  }
}

void ProjectionController::stop() {
  if (run_) endIterative();
}

void ProjectionController::pollIterative() {
  if (!run_) return;
  if (run_->generation != state_.generation()) {  // another data set is shown
    endIterative();
    return;
  }
  if (const std::string error = run_->runner->error(); !error.empty()) {
    endIterative(QString::fromStdString(error));
    return;
  }
  const std::shared_ptr<const LayoutSnapshot> snapshot = run_->runner->latest();
  if (!snapshot || snapshot->serial == run_->shown_serial ||
      snapshot->positions.cols() != run_->dataset->vectors.rows())
    return;
  const bool first = run_->shown_serial == 0;
  run_->shown_serial = snapshot->serial;
  iterations_ = {snapshot->iteration, snapshot->iterations};
  state_.setLayout(snapshot->positions, snapshot->labels);
  const ProjectionSettings& settings = state_.projectionSettings();
  // The cloud grows (t-SNE's early exaggeration) or shrinks as it unfolds: the camera follows,
  // framing it again when it leaves the view or fills less than half of it.
  if (first) {
    binding_.setFlatView(settings.flat);
    framed_ = settings;
  } else if (!state_.isolated()) {
    // Also every 15th frame (twice a second) and at the end: a cloud can drift off-centre
    // without changing its size.
    const double extent = binding_.scene()->projectedExtent();
    if (extent > 0.9 || extent < 0.45 || ++run_->frames_since_framed >= 15 || snapshot->finished) {
      binding_.fitAll();
      run_->frames_since_framed = 0;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - run_->started).count();
  // t-SNE measures its KL divergence every 50 iterations (as scikit-learn); UMAP none.
  const QString loss = std::isnan(snapshot->loss)
                           ? QString()
                           : tr("\nKL divergence %1").arg(snapshot->loss, 0, 'f', 4);
  panel_->setStatus(tr("%1: iteration %2 of %3 (%4 s)%5%6")
                        .arg(method_name(settings.method))
                        .arg(snapshot->iteration)
                        .arg(snapshot->iterations)
                        .arg(seconds, 0, 'f', 1)
                        .arg(run_->paused ? tr(", paused") : QString(), loss));
  binding_.invalidatePicker();
  binding_.view()->update();
  if (snapshot->finished) endIterative();
}

void ProjectionController::endIterative(const QString& error) {
  poll_->stop();
  std::unique_ptr<IterativeRun> run = std::move(run_);
  run->runner->stop();
  if (!error.isEmpty()) {
    panel_->setStatus(tr("Could not lay out: %1").arg(error));
    emit status(tr("Layout failed: %1").arg(error), 10000);
  } else if (iterations_.second == 0) {
    panel_->setStatus(tr("%1: stopped before the first iteration; the view is unchanged")
                          .arg(method_name(state_.projectionSettings().method)));
  } else if (iterations_.first < iterations_.second) {
    panel_->setStatus(tr("%1: stopped at iteration %2 of %3")
                          .arg(method_name(state_.projectionSettings().method))
                          .arg(iterations_.first)
                          .arg(iterations_.second));
  }
  if (run->generation == state_.generation() && !run->dataset->training_frame)
    emit varianceShown(run->dataset->pca.explained_variance_ratio);  // the status line names it
  emit iterativeRunning(false);
  emit applied();
}

}  // namespace embscope::ui
