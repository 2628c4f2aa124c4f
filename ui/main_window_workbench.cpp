// MainWindow, the workbench half: analogies and their arrows, the benchmarks, and training
// watched in the view (frames, tracked words and their trails). The window's frame, docks,
// loading, selection and exports are in main_window.cpp.
#include <QLabel>
#include <QPainter>
#include <QSaveFile>
#include <QStatusBar>
#include <QTextDocumentFragment>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>

#include "analogy_panel.hpp"
#include "embscope/base/resources.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/space/evaluation.hpp"
#include "embscope/space/table_export.hpp"
#include "evaluation_panel.hpp"
#include "lookup_panel.hpp"
#include "main_window.hpp"
#include "number_format.hpp"
#include "point_cloud_scene.hpp"
#include "projection_panel.hpp"
#include "training_panel.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {

void MainWindow::trainSteps(int64_t words) {
  training_frames_wanted_ = true;
  if (training_.prepared()) {
    training_.step(words);
    return;
  }
  pending_steps_ = words;
  training_shown_ = false;
  training_.prepare(training_panel_->setup(), state_->sharedDataset());
}

void MainWindow::showTrainingFrame(const TrainingFrame& frame) {
  if (!training_frames_wanted_) return;  // computed before another file was opened
  const bool first = !training_shown_ || !dataset() || !dataset()->training_frame;
  if (first) {
    showDataset(frame.dataset);
    training_shown_ = true;
  } else {
    state_->replaceVectors(frame.dataset);
    if (!state_->projectionSettings().customAxes()) {
      Positions3D positions = dataset()->positions;
      if (state_->projectionSettings().flat) positions.row(2).setZero();
      state_->setLayout(std::move(positions));
      if (state_->isolated()) {
        setIsolated(true);
      } else {
        binding_->scene()->setPositions(state_->positions());
      }
    }
    lookup_panel_->refreshVectors(&dataset()->vectors);
    if (frame.serial % 10 == 0)
      projection_panel_->setVariance(dataset()->pca.explained_variance_ratio);
    if (state_->focusRow()) {
      refreshNeighbours();  // the neighbours of the selected word, live
    } else {
      updateScene();
    }
  }
  // Vectors grow from their tiny random start: the camera follows the cloud, framed again when
  // a point would leave the view or the cloud shrinks to under half of it (the RMS spread let
  // far points run out).
  const double extent = state_->isolated() ? 1.0 : binding_->scene()->projectedExtent();
  if (first || fitted_spread_ <= 0 || extent > 0.9 || extent < 0.45) {
    if (!state_->isolated()) binding_->scene()->resetCamera();
    fitted_spread_ = 1;
    state_->clearTrails();  // old trails are drawn at the old scale
  }
  state_->setFlashed(frame.changed_rows);
  state_->extendTrails(24);
  shown_training_words_ = frame.progress.words_done;
  // A software-GL frame takes 40-50 ms of the UI thread here; at 25 frames per second nothing
  // else would run. Known only once the view has drawn, hence set at every frame.
  training_.setFrameInterval(view_->softwareGl() ? 0.065 : hardware_frame_interval_);
  training_panel_->showProgress(frame.progress, training_.framesPerSecond());
  training_panel_->setLoss(training_.log());
  dataset_label_->setText(tr("%1  |  %2 words x %3 dims  |  epoch %4  |  %5 words trained  |  "
                             "loss %6")
                              .arg(dataset()->name, grouped(dataset()->vectors.rows()))
                              .arg(dataset()->vectors.dim())
                              .arg(frame.progress.epoch + 1)
                              .arg(grouped(frame.progress.words_done))
                              .arg(frame.progress.loss, 0, 'f', 4));
  binding_->invalidatePicker();
  view_->update();
  emit trainingFrameShown();
  if (!training_.playing()) emit trainingPaused();
}

void MainWindow::updateTrackedRows() {
  std::vector<int64_t> tracked;
  if (dataset() && dataset()->training_frame) {
    for (const QString& word : training_panel_->trackedWords()) {
      if (const auto row = dataset()->vectors.vocabulary.find(word.toStdString()))
        tracked.push_back(*row);
    }
  }
  state_->setTracked(std::move(tracked));
  view_->update();
}

}  // namespace embscope::ui
