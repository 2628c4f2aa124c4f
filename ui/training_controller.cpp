#include "training_controller.hpp"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>
#include <chrono>
#include <cmath>

#include "embscope/base/resources.hpp"
#include "embscope/vectors/vector_io.hpp"

namespace embscope::ui {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
  connect(&autosave_timer_, &QTimer::timeout, this, [this] {
    if (playing()) autosave();
  });
  poll_timer_.setInterval(33);
  connect(&poll_timer_, &QTimer::timeout, this, &TrainingController::poll);
  frame_gate_timer_.setSingleShot(true);
  connect(&frame_gate_timer_, &QTimer::timeout, this, &TrainingController::poll);
  connect(&frame_watcher_, &QFutureWatcher<TrainingFrame>::finished, this, [this] {
    TrainingFrame frame = frame_watcher_.result();
    if (!frame.dataset) return;
    previous_projection_ = frame.projection;
    frame_times_.push_back(QDateTime::currentMSecsSinceEpoch() / 1000.0);
    if (frame_times_.size() > 200) frame_times_.erase(frame_times_.begin());
    last_frame_ = frame;
    emit frameReady(frame);
  });
  connect(&corpus_watcher_, &QFutureWatcher<std::shared_ptr<Corpus>>::finished, this, [this] {
    const std::shared_ptr<Corpus> corpus = corpus_watcher_.result();
    if (!corpus) {
      emit failed(corpus_error_);
      return;
    }
    corpus_ = std::make_unique<Corpus>(std::move(*corpus));
    createTrainer();
  });
}

TrainingController::~TrainingController() {
  poll_timer_.stop();
  frame_gate_timer_.stop();
  run_.reset();  // stops and joins the training thread
  frame_watcher_.waitForFinished();
  corpus_watcher_.waitForFinished();
}

void TrainingController::prepare(const TrainingSetup& setup,
                                 std::shared_ptr<const LoadedDataset> initial) {
  reset();
  setup_ = setup;
  initial_ = std::move(initial);
  QString path = setup.corpus_path;
  if (path.isEmpty()) {
    try {
      path = QString::fromStdString(default_corpus_path().string());
    } catch (const std::exception& error) {
      emit failed(QString::fromStdString(error.what()));
      return;
    }
  }
  const QString key = QStringLiteral("%1|%2|%3|%4")
                          .arg(path)
                          .arg(setup.corpus.min_count)
                          .arg(setup.corpus.max_vocab)
                          .arg(setup.corpus.lowercase);
  if (corpus_ && corpus_read_from_ == key) {
    createTrainer();
    return;
  }
  corpus_.reset();
  corpus_read_from_ = key;
  const CorpusOptions options = setup.corpus;
  corpus_watcher_.setFuture(QtConcurrent::run([this, path, options] {
    try {
      return std::make_shared<Corpus>(Corpus::read({path.toStdString()}, options));
    } catch (const std::exception& error) {
      corpus_error_ = QString::fromStdString(error.what());
      return std::shared_ptr<Corpus>();
    }
  }));
}

void TrainingController::createTrainer() {
  TrainerOptions options = setup_.trainer;
  const VectorSet* initial = nullptr;
  if (setup_.from_loaded_vectors && initial_) {
    initial = &initial_->vectors;
    options.dim = static_cast<int>(initial->dim());
  }
  try {
    trainer_ = std::make_unique<Word2VecTrainer>(*corpus_, options, initial);
  } catch (const std::exception& error) {
    emit failed(QString::fromStdString(error.what()));
    return;
  }
  run_ = std::make_unique<BackgroundTrainer>(*trainer_, runOptions());
  previous_projection_.reset();
  log_.clear();
  shown_serial_ = 0;
  const QString corpus_name = setup_.corpus_path.isEmpty()
                                  ? tr("the bundled Brown corpus")
                                  : QFileInfo(setup_.corpus_path).fileName();
  QString description = tr("%1: %2 words, vocabulary %3; %4, dim %5")
                            .arg(corpus_name)
                            .arg(corpus_->raw_words())
                            .arg(corpus_->vocabulary().size())
                            .arg(options.model == Word2VecModel::SkipGram ? "skip-gram" : "CBOW")
                            .arg(options.dim);
  if (initial) {
    description += tr("; %1 rows from the open vectors%2")
                       .arg(trainer_->pretrained_rows())
                       .arg(options.freeze ? tr(" (frozen)") : QString());
  }
  // The first frame: the table before any training.
  auto snapshot = std::make_shared<TrainingSnapshot>();
  snapshot->input = trainer_->input().weight();
  snapshot->progress = trainer_->progress();
  launchFrame(snapshot);
  poll_timer_.start();
  emit ready(description);
  emit stateChanged();
  if (!resume_after_ready_.isEmpty()) {
    const QString checkpoint = resume_after_ready_;
    resume_after_ready_.clear();
    if (const QString error = resumeCheckpoint(checkpoint); !error.isEmpty()) emit failed(error);
  }
}

void TrainingController::reset() {
  poll_timer_.stop();
  frame_gate_timer_.stop();
  run_.reset();
  frame_watcher_.waitForFinished();
  trainer_.reset();
  previous_projection_.reset();
  last_frame_.reset();
  pending_changes_.clear();
  emit stateChanged();
}

void TrainingController::step(int64_t words) {
  if (run_) {
    run_->step(words);
    // poll() reports the pause at the step's end only if it saw the run move: a short step can
    // be over before the next poll, which left Play reading "Pause" with nothing running.
    last_state_ = run_->state();
  }
  emit stateChanged();
}

void TrainingController::play() {
  if (!run_) return;
  if (run_->state() == BackgroundTrainer::State::Paused) {
    run_->resume();
  } else {
    run_->start();
  }
  emit stateChanged();
}

void TrainingController::pause() {
  // Still before the autosave: it resumes a run it finds moving (the 30 s timer's case), so a
  // pause still on its way would be undone.
  if (run_) run_->pause();
  waitUntilStill();
  emit stateChanged();
  autosave();
}

// Pause requests take effect at the trainer's next step boundary (milliseconds away).
void TrainingController::waitUntilStill() {
  if (!run_) return;
  for (int i = 0; i < 5000 && run_->state() == BackgroundTrainer::State::Running; ++i)
    QThread::msleep(1);
}

void TrainingController::setAutosave(const QString& folder, std::chrono::milliseconds interval) {
  autosave_folder_ = folder;
  autosave_timer_.start(interval);
}

// The checkpoint (atomic, paused for the write) and, beside it, the setup as JSON (atomic).
void TrainingController::autosave() {
  if (autosave_folder_.isEmpty() || !trainer_ || !corpus_) return;
  QDir().mkpath(autosave_folder_);
  const QDir folder(autosave_folder_);
  if (!saveCheckpoint(folder.filePath("training.ckpt")).isEmpty()) return;
  QJsonObject setup{{"corpus_path", setup_.corpus_path},
                    {"min_count", static_cast<qint64>(setup_.corpus.min_count)},
                    {"max_vocab", static_cast<qint64>(setup_.corpus.max_vocab)},
                    {"lowercase", setup_.corpus.lowercase},
                    {"fixed_axes", setup_.fixed_axes},
                    {"words", static_cast<qint64>(trainer_->progress().words_done)},
                    {"saved", QDateTime::currentDateTime().toString(Qt::ISODate)}};
  QSaveFile file(folder.filePath("training.json"));
  if (file.open(QIODevice::WriteOnly)) {
    file.write(QJsonDocument(setup).toJson());
    file.commit();
  }
}

std::optional<TrainingController::Autosave> TrainingController::pendingAutosave() const {
  if (autosave_folder_.isEmpty()) return std::nullopt;
  const QDir folder(autosave_folder_);
  QFile file(folder.filePath("training.json"));
  if (!QFileInfo::exists(folder.filePath("training.ckpt")) || !file.open(QIODevice::ReadOnly))
    return std::nullopt;
  const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
  if (json.isEmpty()) return std::nullopt;
  Autosave autosave;
  autosave.checkpoint = folder.filePath("training.ckpt");
  autosave.setup.corpus_path = json["corpus_path"].toString();
  autosave.setup.corpus.min_count = json["min_count"].toInteger(5);
  autosave.setup.corpus.max_vocab = json["max_vocab"].toInteger(-1);
  autosave.setup.corpus.lowercase = json["lowercase"].toBool();
  autosave.setup.fixed_axes = json["fixed_axes"].toBool();
  autosave.words = json["words"].toInteger();
  autosave.saved = QDateTime::fromString(json["saved"].toString(), Qt::ISODate);
  return autosave;
}

void TrainingController::resumeAutosave(const Autosave& autosave) {
  resume_after_ready_ = autosave.checkpoint;
  prepare(autosave.setup, nullptr);
}

void TrainingController::discardAutosave() {
  if (autosave_folder_.isEmpty()) return;
  const QDir folder(autosave_folder_);
  QFile::remove(folder.filePath("training.ckpt"));
  QFile::remove(folder.filePath("training.json"));
}

bool TrainingController::playing() const {
  return run_ && run_->state() == BackgroundTrainer::State::Running;
}

bool TrainingController::finished() const {
  return trainer_ && trainer_->finished();
}

double TrainingController::framesPerSecond() const {
  if (frame_times_.size() < 2) return 0;
  const double now = frame_times_.back();
  size_t first = frame_times_.size() - 1;
  while (first > 0 && now - frame_times_[first - 1] < 3.0) --first;
  const double span = now - frame_times_[first];
  return span > 0 ? static_cast<double>(frame_times_.size() - 1 - first) / span : 0;
}

BackgroundTrainer::Options TrainingController::runOptions() {
  BackgroundTrainer::Options options;
  // A new snapshot wakes poll() at once: waiting for the next 33 ms tick could leave the frame
  // gate open for most of a tick. (The queued call is dropped if this object is gone.)
  options.on_publish = [this] {
    QMetaObject::invokeMethod(this, &TrainingController::poll, Qt::QueuedConnection);
  };
  return options;
}

void TrainingController::poll() {
  if (!run_) return;
  const auto state = run_->state();
  if (state != last_state_) {
    last_state_ = state;
    if (state == BackgroundTrainer::State::Failed)
      emit failed(QString::fromStdString(run_->error()));
    if (state == BackgroundTrainer::State::Paused) autosave();  // after a Step, too
    emit stateChanged();
  }
  const auto snapshot = run_->latest();
  if (!snapshot || snapshot->serial == shown_serial_) return;
  // Rows changed in snapshots that are skipped still flash in the next frame shown.
  pending_changes_.insert(pending_changes_.end(), snapshot->changed_rows.begin(),
                          snapshot->changed_rows.end());
  if (frame_watcher_.isRunning()) return;
  // At most one frame per frame_interval_ (counted from one frame's start to the next): the UI
  // thread draws each one, and back-to-back frames would starve the event loop.
  const double now = QDateTime::currentMSecsSinceEpoch() / 1000.0;
  if (now - last_frame_start_ < frame_interval_) {
    if (!frame_gate_timer_.isActive())
      frame_gate_timer_.start(
          static_cast<int>(std::ceil((frame_interval_ - (now - last_frame_start_)) * 1000)));
    return;
  }
  last_frame_start_ = now;
  shown_serial_ = snapshot->serial;
  const TrainingProgress& p = snapshot->progress;
  log_.push_back({snapshot->serial, p.words_done, p.epoch, p.loss, p.lr, p.words_per_second});
  launchFrame(snapshot);
}

void TrainingController::launchFrame(std::shared_ptr<const TrainingSnapshot> snapshot) {
  std::vector<int64_t> changed;
  changed.swap(pending_changes_);
  const Corpus* corpus = corpus_.get();
  const std::optional<Projection> previous = previous_projection_;
  const bool fixed = setup_.fixed_axes;
  const QString name = setup_.corpus_path.isEmpty()
                           ? QStringLiteral("training on brown.txt.gz")
                           : tr("training on %1").arg(QFileInfo(setup_.corpus_path).fileName());
  frame_watcher_.setFuture(QtConcurrent::run(
      [snapshot, corpus, previous, fixed, name, changed = std::move(changed)]() mutable {
        TrainingFrame frame;
        const auto start = std::chrono::steady_clock::now();
        auto dataset = std::make_shared<LoadedDataset>();
        dataset->name = name;
        dataset->path = name;
        dataset->format = QStringLiteral("word2vec training");
        dataset->training_frame = true;
        dataset->vectors.vocabulary = corpus->vocabulary();
        dataset->vectors.vectors = snapshot->input;
        dataset->vectors.counts = corpus->counts();
        PcaOptions options;
        options.components = static_cast<int>(std::min<int64_t>(10, dataset->vectors.dim()));
        dataset->pca = fit_pca(dataset->vectors.vectors, options);
        if (fixed && previous) {
          frame.projection = *previous;
        } else {
          frame.projection = Projection::from_pca(dataset->pca);
          // Aligned frames: motion on screen means the vectors moved, not the axes.
          if (previous) frame.projection.basis = align_to(frame.projection.basis, previous->basis);
        }
        dataset->positions = frame.projection.apply(dataset->vectors.vectors);
        dataset->space = std::make_unique<VectorSpace>(dataset->vectors);
        dataset->projection_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        frame.dataset = std::move(dataset);
        std::sort(changed.begin(), changed.end());
        changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
        frame.changed_rows = std::move(changed);
        frame.progress = snapshot->progress;
        frame.serial = snapshot->serial;
        return frame;
      }));
}

QString TrainingController::exportLog(const QString& path) const {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return tr("cannot write %1: %2").arg(path, file.errorString());
  file.write("snapshot,words,epoch,loss,lr,words_per_second\n");
  for (const TrainingLogRow& row : log_) {
    file.write(QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(row.snapshot)
                   .arg(row.words)
                   .arg(row.epoch + 1)
                   .arg(row.loss, 0, 'g', 9)
                   .arg(static_cast<double>(row.lr), 0, 'g', 9)
                   .arg(row.words_per_second, 0, 'f', 0)
                   .toUtf8());
  }
  if (!file.commit()) return tr("cannot write %1: %2").arg(path, file.errorString());
  return {};
}

QString TrainingController::exportVectors(const QString& path) {
  if (!trainer_) return tr("nothing trained yet");
  VectorSet set;
  set.vocabulary = corpus_->vocabulary();
  // The newest snapshot while the thread runs; the table itself when no thread has run yet.
  if (run_ && run_->latest()) {
    set.vectors = run_->latest()->input;
  } else {
    set.vectors = trainer_->input().weight();
  }
  set.counts = corpus_->counts();
  try {
    write_vectors(set, path.toStdString());
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString TrainingController::saveCheckpoint(const QString& path) {
  if (!trainer_) return tr("nothing trained yet");
  // The trainer must be still while it is written.
  const bool was_playing = playing();
  if (run_) run_->pause();
  waitUntilStill();
  QString result;
  try {
    trainer_->save_checkpoint(path.toStdString());
  } catch (const std::exception& error) {
    result = QString::fromStdString(error.what());
  }
  if (was_playing) run_->resume();
  return result;
}

QString TrainingController::resumeCheckpoint(const QString& path) {
  if (!corpus_) return tr("read the corpus first (Step or Play once)");
  poll_timer_.stop();
  frame_gate_timer_.stop();
  run_.reset();
  frame_watcher_.waitForFinished();
  try {
    trainer_ = Word2VecTrainer::resume(*corpus_, path.toStdString());
  } catch (const std::exception& error) {
    createTrainer();
    return QString::fromStdString(error.what());
  }
  run_ = std::make_unique<BackgroundTrainer>(*trainer_, runOptions());
  previous_projection_.reset();
  auto snapshot = std::make_shared<TrainingSnapshot>();
  snapshot->input = trainer_->input().weight();
  snapshot->progress = trainer_->progress();
  launchFrame(snapshot);
  poll_timer_.start();
  emit stateChanged();
  return {};
}

}  // namespace embscope::ui
