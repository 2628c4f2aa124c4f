// TrainingController: word2vec training that the 3D view watches. Owns the corpus, the trainer
// and its BackgroundTrainer; polls the newest snapshot at 30 Hz and, off the UI thread, turns it
// into a frame: a data set of the current vectors, projected by a PCA refitted and aligned to the
// previous frame's axes (or on fixed axes), with the rows changed since the last frame. Keeps the
// training log (words, loss, lr, words/s per snapshot).
#pragma once

#include <QDateTime>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>
#include <chrono>
#include <memory>
#include <optional>

#include "dataset_loader.hpp"
#include "embscope/projection/projection.hpp"
#include "embscope/training/background_trainer.hpp"
#include "embscope/training/corpus.hpp"
#include "embscope/training/word2vec_trainer.hpp"

namespace embscope::ui {

struct TrainingSetup {
  QString corpus_path;  // empty: the bundled corpus
  CorpusOptions corpus;
  TrainerOptions trainer;
  bool from_loaded_vectors = false;  // fine-tune the open data set's vectors
  bool fixed_axes = false;           // keep the first frame's PCA axes instead of refitting
};

struct TrainingFrame {
  std::shared_ptr<LoadedDataset> dataset;  // the vectors now, projected
  std::vector<int64_t> changed_rows;
  TrainingProgress progress;
  uint64_t serial = 0;
  Projection projection;  // the frame's axes, aligned to the previous frame's
};

struct TrainingLogRow {
  uint64_t snapshot = 0;
  int64_t words = 0;
  int epoch = 0;
  double loss = 0;
  float lr = 0;
  double words_per_second = 0;
};

class TrainingController : public QObject {
  Q_OBJECT

 public:
  explicit TrainingController(QObject* parent = nullptr);
  ~TrainingController() override;

  // Reads the corpus (in the background) and builds a fresh trainer; ready() or failed() follow.
  // `initial` (with from_loaded_vectors) must stay alive until ready().
  void prepare(const TrainingSetup& setup, std::shared_ptr<const LoadedDataset> initial);
  bool prepared() const { return trainer_ != nullptr; }
  void step(int64_t words);
  void play();
  void pause();
  bool playing() const;
  bool finished() const;
  // Drops the trainer (keeps the corpus); prepare() starts again.
  void reset();

  const std::vector<TrainingLogRow>& log() const { return log_; }
  // The run's newest frame (nullptr before the first one and after reset()): a kept run is
  // shown again from it while another file is open.
  const TrainingFrame* lastFrame() const { return last_frame_ ? &*last_frame_ : nullptr; }
  const Corpus* corpus() const { return corpus_.get(); }
  Word2VecTrainer* trainer() const { return trainer_.get(); }
  int64_t pretrainedRows() const { return trainer_ ? trainer_->pretrained_rows() : 0; }
  // Frames turned into pictures per second over the last few seconds.
  double framesPerSecond() const;
  // The shortest time from one frame's start to the next. The default, 33 ms (30 frames per
  // second at most), leaves a margin above the 20 updates a second a moving picture needs; the
  // view sets it longer where its frames cost more (software GL).
  static constexpr double kDefaultFrameInterval = 0.033;
  void setFrameInterval(double seconds) { frame_interval_ = seconds; }

  // Exports (paused first if needed); each returns an error message or "".
  QString exportLog(const QString& path) const;
  QString exportVectors(const QString& path);
  QString saveCheckpoint(const QString& path);
  // Continues from a checkpoint of a run on the same corpus (prepare() must have read it).
  QString resumeCheckpoint(const QString& path);

  // No lost work: while a run is under way its checkpoint is saved every `interval` (and at
  // each pause) into `folder`, with the setup that reads its corpus again. A clean exit removes
  // it (discardAutosave); after a crash, the next start finds it (pendingAutosave) and can
  // resume it (resumeAutosave: reads the corpus, then continues; ready() follows).
  void setAutosave(const QString& folder, std::chrono::milliseconds interval);
  struct Autosave {
    QString checkpoint;
    TrainingSetup setup;
    int64_t words = 0;
    QDateTime saved;
  };
  std::optional<Autosave> pendingAutosave() const;
  void resumeAutosave(const Autosave& autosave);
  void discardAutosave();

 signals:
  void ready(const QString& description);
  void failed(const QString& message);
  void frameReady(const embscope::ui::TrainingFrame& frame);
  void stateChanged();

 private:
  void poll();
  void launchFrame(std::shared_ptr<const TrainingSnapshot> snapshot);
  void createTrainer();

  TrainingSetup setup_;
  QString corpus_read_from_;
  std::shared_ptr<const LoadedDataset> initial_;
  std::unique_ptr<Corpus> corpus_;
  std::unique_ptr<Word2VecTrainer> trainer_;
  std::unique_ptr<BackgroundTrainer> run_;
  BackgroundTrainer::Options runOptions();
  QTimer poll_timer_;
  // Polls once the frame interval is over, instead of at the next 33 ms tick (which stretched a
  // 45 ms interval to two ticks: 15 frames per second instead of 22).
  QTimer frame_gate_timer_;
  double frame_interval_ = kDefaultFrameInterval;
  double last_frame_start_ = 0;  // seconds since the epoch
  QFutureWatcher<TrainingFrame> frame_watcher_;
  QFutureWatcher<std::shared_ptr<Corpus>> corpus_watcher_;
  QString corpus_error_;
  uint64_t shown_serial_ = 0;
  std::optional<Projection> previous_projection_;
  BackgroundTrainer::State last_state_ = BackgroundTrainer::State::Idle;
  std::vector<int64_t> pending_changes_;
  std::vector<TrainingLogRow> log_;
  std::optional<TrainingFrame> last_frame_;
  std::vector<double> frame_times_;
  void autosave();
  void waitUntilStill();
  QString autosave_folder_;
  QTimer autosave_timer_;
  QString resume_after_ready_;  // a checkpoint to continue once prepare() has read the corpus
};

}  // namespace embscope::ui
