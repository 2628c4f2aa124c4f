#include "session_controller.hpp"

#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSignalBlocker>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include "explorer_state.hpp"
#include "lookup_panel.hpp"
#include "neighbours_panel.hpp"

namespace embscope::ui {

SessionController::SessionController(ExplorerState& state, Hooks hooks, NeighboursPanel* neighbours,
                                     LookupPanel* lookup, QObject* parent)
    : QObject(parent),
      state_(state),
      hooks_(std::move(hooks)),
      neighbours_(neighbours),
      lookup_(lookup) {}

SessionController::~SessionController() {
  stop();
}

bool SessionController::checksumIsCurrent(const QFileInfo& info) const {
  return !checksum_.sha256.isEmpty() && checksum_.path == info.absoluteFilePath() &&
         checksum_.size == info.size() && checksum_.modified == info.lastModified();
}

void SessionController::cancelChecksum() {
  if (cancel_) *cancel_ = true;
}

QString SessionController::dataChecksum() {
  if (state_.dataset() == nullptr) return {};
  const QFileInfo info(state_.dataset()->path);
  if (checksumIsCurrent(info)) return checksum_.sha256;
  // A 1 GB file takes seconds to hash: a worker does it while the event loop runs on, the
  // status bar shows progress and its Cancel stops it.
  const QString path = info.absoluteFilePath();
  const auto cancel = std::make_shared<std::atomic<bool>>(false);
  cancel_ = cancel;
  const auto done = std::make_shared<std::atomic<int64_t>>(0);
  QFutureWatcher<QString> watcher;
  QEventLoop loop;
  connect(&watcher, &QFutureWatcher<QString>::finished, &loop, &QEventLoop::quit);
  QTimer progress;
  const QString label = tr("Checksum of %1 %p%").arg(info.fileName());
  connect(&progress, &QTimer::timeout, this, [&] {
    emit checksumProgress(static_cast<int>(1000.0 * static_cast<double>(done->load()) /
                                           std::max<qint64>(1, info.size())),
                          label);
  });
  emit checksumBusy(true);
  emit checksumProgress(0, label);
  progress.start(100);
  watcher.setFuture(QtConcurrent::run(
      [path, cancel, done] { return fileSha256(path, cancel.get(), done.get()); }));
  if (!watcher.isFinished()) loop.exec();
  progress.stop();
  cancel_.reset();
  emit checksumBusy(false);
  const QString sha256 = watcher.result();
  if (!sha256.isEmpty()) checksum_ = {path, info.size(), info.lastModified(), sha256};
  return sha256;
}

void SessionController::checkData(const QString& expected_sha256) {
  const QFileInfo info(state_.dataset()->path);
  const QString name = state_.dataset()->name;
  const auto report = [this, name, expected_sha256](const QString& sha256) {
    if (!sha256.isEmpty() && sha256 != expected_sha256) {
      emit status(tr("Note: %1 changed since the session was saved (checksum differs)").arg(name),
                  10000);
    }
  };
  if (checksumIsCurrent(info)) {
    report(checksum_.sha256);
    return;
  }
  // In the background: the view is restored at once, the note comes when the hash is done.
  auto* watcher = new QFutureWatcher<QString>(this);
  const DataChecksum pending{info.absoluteFilePath(), info.size(), info.lastModified(), {}};
  connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, pending, report] {
    watcher->deleteLater();
    DataChecksum computed = pending;
    computed.sha256 = watcher->result();
    if (computed.sha256.isEmpty()) return;
    if (state_.dataset() && QFileInfo(state_.dataset()->path).absoluteFilePath() == computed.path)
      checksum_ = computed;
    report(computed.sha256);
  });
  const auto closing = closing_;
  const QString path = pending.path;
  watcher->setFuture(
      QtConcurrent::run([path, closing] { return fileSha256(path, closing.get()); }));
}

std::optional<Session> SessionController::current() {
  Session session;
  const LoadedDataset* dataset = state_.dataset();
  if (dataset != nullptr) {
    session.data_path = QFileInfo(dataset->path).absoluteFilePath();
    session.data_sha256 = dataChecksum();
    if (session.data_sha256.isEmpty() && QFileInfo(dataset->path).isReadable()) return std::nullopt;
  }
  session.projection = state_.projectionSettings();
  session.appearance = state_.appearance();
  if (hooks_.camera) session.camera = hooks_.camera();
  if (dataset != nullptr && state_.focusRow())
    session.selected_word = dataset->vectors.vocabulary.word(*state_.focusRow());
  session.neighbours = neighbours_->k();
  session.metric = neighbours_->metric();
  session.isolated = state_.isolated();
  session.lookup = lookup_->indicesText();
  session.padding_idx = lookup_->paddingIdx();
  return session;
}

QString SessionController::save(const QString& path) {
  if (state_.dataset() == nullptr)
    return tr("no data set is open: a session records the view of one");
  const std::optional<Session> session = current();
  if (!session)
    return tr("%1 was not saved: the checksum of the data file was cancelled").arg(path);
  return saveSession(path, *session);
}

QString SessionController::open(const QString& path) {
  QString error;
  const std::optional<Session> session = loadSession(path, &error);
  if (!session) return error;
  if (!QFileInfo::exists(session->data_path)) {
    return tr("%1: its data file %2 does not exist").arg(path, session->data_path);
  }
  const LoadedDataset* dataset = state_.dataset();
  if (dataset != nullptr && QFileInfo(dataset->path).absoluteFilePath() ==
                                QFileInfo(session->data_path).absoluteFilePath()) {
    apply(*session);
  } else {
    pending_ = session;
    hooks_.open(session->data_path);
  }
  return {};
}

void SessionController::datasetShown() {
  if (!pending_) return;
  const Session session = *pending_;
  pending_.reset();
  apply(session);
}

void SessionController::apply(const Session& session) {
  if (state_.dataset() == nullptr) return;
  if (!session.data_sha256.isEmpty()) checkData(session.data_sha256);
  hooks_.set_appearance(session.appearance);
  {
    const QSignalBlocker blocker(neighbours_);
    neighbours_->setK(session.neighbours);
    neighbours_->setMetric(session.metric);
  }
  // The rest waits for the projection, which may run in the background.
  hooks_.project(session.projection, [this, session] {
    if (state_.dataset() == nullptr) return;
    if (!session.lookup.isEmpty()) lookup_->lookup(session.lookup);
    if (const QString error = lookup_->setPaddingIdx(session.padding_idx); !error.isEmpty())
      emit status(tr("Session: %1").arg(error), 10000);
    hooks_.select(session.selected_word);
    if (session.isolated) hooks_.isolate(true);
    if (session.camera) hooks_.set_camera(*session.camera);
    emit applied();
  });
}

}  // namespace embscope::ui
