// TrainingView: word2vec training watched in the window. Wires the Training panel (Step, Play,
// Reset, Show run, Resume, tracked words; F5 and F10 wherever the focus is) to the
// TrainingController, and shows each frame it computes: the first as a data set of its own, the
// next ones as new vectors and positions of the same rows (neighbours of the selected word live,
// tracked words with trails, changed rows flashing, the camera following the growing cloud).
// Also what a run means for the rest of the window: the autosaved run offered after a crash, the
// question before another file replaces an open run, the run saved when the window closes.
//
// Usage: TrainingView training(window, state, binding, selection, panels);
//        training.trainSteps(20000);  // prepares from the panel's setup when needed
#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <memory>

#include "training_controller.hpp"

class QWidget;

namespace embscope::ui {

class ExplorerState;
class LookupPanel;
class ProjectionPanel;
class SceneBinding;
class SelectionController;
class TrainingPanel;

class TrainingView : public QObject {
  Q_OBJECT

 public:
  struct Panels {
    TrainingPanel* training = nullptr;
    LookupPanel* lookup = nullptr;          // its rows show the live vectors
    ProjectionPanel* projection = nullptr;  // its variance chart follows the run
  };
  // `window` parents the dialogs and holds the F5 / F10 actions; every argument must outlive this.
  TrainingView(QWidget* window, ExplorerState& state, SceneBinding& binding,
               SelectionController& selection, Panels panels, QObject* parent = nullptr);

  TrainingController& controller() { return training_; }
  // Trains the next `words` words (preparing the trainer from the Training panel first when
  // needed); frames follow, then paused().
  void trainSteps(int64_t words);
  // Corpus positions trained in the newest frame shown (-1: none yet).
  int64_t shownWords() const { return shown_words_; }
  // After a crash (or a close mid-run), offers to resume the autosaved training run.
  void offerAutosave();
  // Before another file replaces the shown one: a playing run pauses; an open run is kept or
  // discarded as the user says (a dialog), then `open` runs - or `cancelled` does.
  void beforeOpening(const QString& file_name, std::function<void()> open,
                     std::function<void()> cancelled);
  // The window closes: an unfinished run stays autosaved (offered next time), else it is cleared.
  void windowClosing();
  // Seconds from one live frame to the next on hardware GL (software GL: 65 ms).
  void setFrameInterval(double seconds) { hardware_frame_interval_ = seconds; }
  double frameInterval() const { return hardware_frame_interval_; }
  // Scripted runs and tests: no dialogs.
  void setHeadless(bool headless) { headless_ = headless; }

 signals:
  // The first frame of a run: show its data set as the window shows an opened file.
  void datasetShowRequested(std::shared_ptr<embscope::ui::LoadedDataset> dataset);
  // The status bar's data set line for the frame shown (epoch, words, loss).
  void statusLine(const QString& text);
  void status(const QString& message, int timeout_ms);
  void failed(const QString& title, const QString& message);
  void frameShown();
  void paused();

 private:
  // A run holds the user's work: its trained vectors, until exported or discarded.
  bool runOpen() const;
  void prepare();
  void showFrame(const TrainingFrame& frame);
  void updateTrackedRows();

  QWidget* window_;
  ExplorerState& state_;
  SceneBinding& binding_;
  SelectionController& selection_;
  Panels panels_;
  TrainingController training_;
  bool headless_ = false;
  bool shown_ = false;         // the run's data set is the one shown
  int64_t pending_steps_ = 0;  // words to train once the trainer is ready
  int64_t shown_words_ = -1;
  double hardware_frame_interval_ = TrainingController::kDefaultFrameInterval;
  double fitted_spread_ = 0;  // > 0 once the camera framed the training cloud
  // False from the moment another file is shown until the user trains again: a frame still on
  // its way from the paused run must not replace that file.
  bool frames_wanted_ = true;
};

}  // namespace embscope::ui
