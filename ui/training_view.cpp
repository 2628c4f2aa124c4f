#include "training_view.hpp"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QWidget>
#include <limits>
#include <tuple>
#include <utility>

#include "explorer_state.hpp"
#include "lookup_panel.hpp"
#include "number_format.hpp"
#include "point_cloud_scene.hpp"
#include "projection_panel.hpp"
#include "scene_binding.hpp"
#include "selection_controller.hpp"
#include "training_panel.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {

TrainingView::TrainingView(QWidget* window, ExplorerState& state, SceneBinding& binding,
                           SelectionController& selection, Panels panels, QObject* parent)
    : QObject(parent),
      window_(window),
      state_(state),
      binding_(binding),
      selection_(selection),
      panels_(panels) {
  TrainingPanel* panel = panels_.training;
  connect(panel, &TrainingPanel::stepRequested, this, [this] {
    if (!training_.prepared()) {
      pending_steps_ = -1;  // one step of the panel's size once ready
      prepare();
      return;
    }
    training_.step(
        panels_.training->stepWords(static_cast<int64_t>(training_.corpus()->tokens().size())));
  });
  connect(panel, &TrainingPanel::playToggled, this, [this](bool play) {
    if (!play) {
      training_.pause();
      return;
    }
    if (!training_.prepared()) {
      pending_steps_ = std::numeric_limits<int64_t>::max();  // play once ready
      prepare();
      return;
    }
    training_.play();
  });
  connect(panel, &TrainingPanel::resetRequested, this, &TrainingView::prepare);
  // F5 and F10 act whatever has the focus and whether or not the panel is raised (a button's
  // own shortcut only works while the button is visible).
  for (const auto& [name, key, text] :
       {std::tuple{"trainPlay", Qt::Key_F5, tr("Play / Pause Training")},
        std::tuple{"trainStep", Qt::Key_F10, tr("Step Training")}}) {
    auto* action = new QAction(text, window_);
    action->setObjectName(name);
    action->setShortcut(QKeySequence(key));
    window_->addAction(action);
    if (key == Qt::Key_F5) {
      connect(action, &QAction::triggered, panel, &TrainingPanel::togglePlay);
    } else {
      connect(action, &QAction::triggered, panel, &TrainingPanel::requestStep);
    }
  }
  for (const auto request : {&TrainingPanel::stepRequested, &TrainingPanel::resetRequested,
                             &TrainingPanel::resumeRequested}) {
    connect(panel, request, this, [this] { frames_wanted_ = true; });
  }
  connect(panel, &TrainingPanel::playToggled, this,
          [this](bool play) { frames_wanted_ = frames_wanted_ || play; });
  connect(panel, &TrainingPanel::trackedWordsChanged, this, &TrainingView::updateTrackedRows);
  connect(panel, &TrainingPanel::resumeRequested, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        window_, tr("Resume from Checkpoint"), QString(), tr("Checkpoint (*.ckpt);;All files (*)"));
    if (path.isEmpty()) return;
    if (const QString error = training_.resumeCheckpoint(path); !error.isEmpty())
      emit failed(tr("Could not resume"), error);
  });
  connect(&training_, &TrainingController::ready, this, [this](const QString& description) {
    panels_.training->setStatus(description);
    emit status(tr("Training: %1").arg(description), 8000);
    if (pending_steps_ == std::numeric_limits<int64_t>::max()) {
      training_.play();
    } else if (pending_steps_ != 0) {
      training_.step(pending_steps_ > 0 ? pending_steps_
                                        : panels_.training->stepWords(static_cast<int64_t>(
                                              training_.corpus()->tokens().size())));
    }
    pending_steps_ = 0;
  });
  connect(&training_, &TrainingController::failed, this, [this](const QString& message) {
    pending_steps_ = 0;
    panels_.training->setPlaying(false);
    panels_.training->setStatus(message);
    emit failed(tr("Training failed"), message);
  });
  // A kept run, while another file is shown, shows again from its newest frame (Show run).
  connect(panel, &TrainingPanel::showRunRequested, this, [this] {
    const TrainingFrame* newest = training_.lastFrame();
    if (newest == nullptr) return;
    const TrainingFrame frame = *newest;
    frames_wanted_ = true;
    shown_ = false;
    showFrame(frame);
  });
  const auto offer_run = [this] {
    const LoadedDataset* dataset = state_.dataset();
    panels_.training->setRunShowable(dataset != nullptr && !dataset->training_frame &&
                                     training_.lastFrame() != nullptr);
  };
  connect(&training_, &TrainingController::stateChanged, this, offer_run);
  connect(&training_, &TrainingController::frameReady, this, &TrainingView::showFrame);
  connect(&training_, &TrainingController::stateChanged, this, [this] {
    panels_.training->setPlaying(training_.playing());
    panels_.training->setFinished(training_.finished());
    const Word2VecTrainer* trainer = training_.trainer();
    panels_.training->setRunDim(trainer ? std::optional<int>(trainer->options().dim)
                                        : std::nullopt);
    binding_.setMoving(training_.playing());
  });
  // Another file shown: a frame still on its way from the paused run must not replace it.
  connect(&state_, &ExplorerState::datasetChanged, this, [this, offer_run](bool reset) {
    if (!reset) return;
    if (!state_.dataset()->training_frame) {
      shown_ = false;
      frames_wanted_ = false;
    }
    fitted_spread_ = 0;
    offer_run();
    updateTrackedRows();
  });

  training_.setAutosave(
      QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/autosave",
      std::chrono::seconds(30));
}

void TrainingView::prepare() {
  shown_ = false;
  training_.prepare(panels_.training->setup(), state_.sharedDataset());
  panels_.training->setStatus(tr("Reading the corpus..."));
}

void TrainingView::trainSteps(int64_t words) {
  frames_wanted_ = true;
  if (training_.prepared()) {
    training_.step(words);
    return;
  }
  pending_steps_ = words;
  shown_ = false;
  training_.prepare(panels_.training->setup(), state_.sharedDataset());
}

void TrainingView::offerAutosave() {
  if (headless_) return;
  const auto autosave = training_.pendingAutosave();
  if (!autosave) return;
  auto* box =
      new QMessageBox(QMessageBox::Question, tr("Resume training?"),
                      tr("A training run was interrupted after %1 words (saved %2). Resume it?")
                          .arg(grouped(autosave->words),
                               QLocale::system().toString(autosave->saved, QLocale::ShortFormat)),
                      QMessageBox::Yes | QMessageBox::Discard, window_);
  box->setObjectName("resumeTrainingDialog");
  box->setAttribute(Qt::WA_DeleteOnClose);
  connect(box, &QMessageBox::finished, this, [this, autosave](int result) {
    if (result == QMessageBox::Yes) {
      shown_ = false;
      panels_.training->setCorpusPath(autosave->setup.corpus_path);
      frames_wanted_ = true;
      training_.resumeAutosave(*autosave);
    } else {
      training_.discardAutosave();
    }
  });
  box->open();
}

bool TrainingView::runOpen() const {
  // A finished run counts: its trained vectors are the user's work until exported or discarded.
  return training_.prepared() && training_.trainer() != nullptr &&
         training_.trainer()->progress().words_done > 0;
}

void TrainingView::beforeOpening(const QString& file_name, std::function<void()> open,
                                 std::function<void()> cancelled) {
  // A playing run's next frame would replace the file just opened: it pauses first.
  if (training_.playing()) training_.pause();
  if (headless_ || !runOpen()) {
    open();
    return;
  }
  // The view is about to show other vectors: the run is paused and either kept (Play or Step
  // brings its space back) or discarded.
  training_.pause();
  const bool finished = training_.finished();
  auto* box = new QMessageBox(
      QMessageBox::Question, tr("Keep the training run?"),
      (finished ? tr("A finished training run is open (%1 words trained). Opening %2 shows its "
                     "vectors instead.")
                : tr("A training run is open (%1 words trained). Opening %2 shows its vectors "
                     "instead."))
          .arg(grouped(training_.trainer()->progress().words_done), file_name),
      QMessageBox::NoButton, window_);
  box->setObjectName("trainingRunDialog");
  box->setInformativeText(
      finished ? tr("Keep run: it stays in the Training panel, where Show run shows it again "
                    "and Vectors... exports it (Reset starts a new run).\nDiscard run: its "
                    "vectors are lost unless exported.")
               : tr("Keep run: it stays paused in the Training panel, Play or Step shows it "
                    "again.\nDiscard run: its vectors are lost unless exported."));
  box->setAttribute(Qt::WA_DeleteOnClose);
  QPushButton* keep = box->addButton(tr("Keep Run"), QMessageBox::AcceptRole);
  keep->setObjectName("keepRun");
  QPushButton* discard = box->addButton(tr("Discard Run"), QMessageBox::DestructiveRole);
  discard->setObjectName("discardRun");
  box->addButton(QMessageBox::Cancel)->setObjectName("cancelOpen");
  box->setDefaultButton(keep);
  connect(box, &QMessageBox::buttonClicked, this,
          [this, keep, discard, open = std::move(open),
           cancelled = std::move(cancelled)](QAbstractButton* button) {
            if (button == discard) {
              training_.reset();
              training_.discardAutosave();
              panels_.training->setStatus(tr("Step or Play to start."));
              panels_.training->setLoss({});
            }
            if (button == keep || button == discard) {
              open();
            } else {
              cancelled();
            }
          });
  box->open();
}

void TrainingView::windowClosing() {
  if (training_.prepared() && !training_.finished() &&
      training_.trainer()->progress().words_done > 0) {
    training_.pause();  // saves it
  } else {
    training_.discardAutosave();
  }
}

void TrainingView::showFrame(const TrainingFrame& frame) {
  if (!frames_wanted_) return;  // computed before another file was opened
  const LoadedDataset* dataset = state_.dataset();
  const bool first = !shown_ || !dataset || !dataset->training_frame;
  if (first) {
    emit datasetShowRequested(frame.dataset);
    shown_ = true;
  } else {
    state_.replaceVectors(frame.dataset);
    if (!state_.projectionSettings().customAxes()) {
      Positions3D positions = state_.dataset()->positions;
      if (state_.projectionSettings().flat) positions.row(2).setZero();
      state_.setLayout(std::move(positions));  // the scene follows the state
      if (state_.isolated()) selection_.setIsolated(true);
    }
    panels_.lookup->refreshVectors(&state_.dataset()->vectors);
    if (frame.serial % 10 == 0)
      panels_.projection->setVariance(state_.dataset()->pca.explained_variance_ratio);
    if (state_.focusRow()) selection_.refreshNeighbours();  // the selected word's, live
  }
  dataset = state_.dataset();
  // Vectors grow from their tiny random start: the camera follows the cloud, framed again when
  // a point would leave the view or the cloud shrinks to under half of it (the RMS spread let
  // far points run out).
  const double extent = state_.isolated() ? 1.0 : binding_.scene()->projectedExtent();
  if (first || fitted_spread_ <= 0 || extent > 0.9 || extent < 0.45) {
    if (!state_.isolated()) binding_.scene()->resetCamera();
    fitted_spread_ = 1;
    state_.clearTrails();  // old trails are drawn at the old scale
  }
  state_.setFlashed(frame.changed_rows);
  state_.extendTrails(24);
  shown_words_ = frame.progress.words_done;
  // A software-GL frame takes 40-50 ms of the UI thread here; at 25 frames per second nothing
  // else would run. Known only once the view has drawn, hence set at every frame.
  training_.setFrameInterval(binding_.view()->softwareGl() ? 0.065 : hardware_frame_interval_);
  panels_.training->showProgress(frame.progress, training_.framesPerSecond());
  panels_.training->setLoss(training_.log());
  emit statusLine(tr("%1  |  %2 words x %3 dims  |  epoch %4  |  %5 words trained  |  loss %6")
                      .arg(dataset->name, grouped(dataset->vectors.rows()))
                      .arg(dataset->vectors.dim())
                      .arg(frame.progress.epoch + 1)
                      .arg(grouped(frame.progress.words_done))
                      .arg(frame.progress.loss, 0, 'f', 4));
  binding_.invalidatePicker();
  binding_.view()->update();
  emit frameShown();
  if (!training_.playing()) emit paused();
}

void TrainingView::updateTrackedRows() {
  std::vector<int64_t> tracked;
  const LoadedDataset* dataset = state_.dataset();
  if (dataset && dataset->training_frame) {
    for (const QString& word : panels_.training->trackedWords()) {
      if (const auto row = dataset->vectors.vocabulary.find(word.toStdString()))
        tracked.push_back(*row);
    }
  }
  state_.setTracked(std::move(tracked));
  binding_.view()->update();
}

}  // namespace embscope::ui
