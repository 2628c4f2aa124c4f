// SessionController: the current view as a session (data file and its SHA-256, projection,
// appearance, camera, selection with k and metric, isolation, looked-up rows and padding), saved
// and opened as JSON. Opening a session whose data file is not the one shown loads that file
// first and applies the session once it is shown (pending meanwhile; a failed or cancelled load
// drops it). The data file's checksum is computed off the UI thread: with progress and Cancel
// when a session is saved, in the background when one is opened (a note follows if it differs).
//
// What only the window can do (load a file, project, select, isolate, move the camera) is given
// as Hooks, so that the controller is tested without a window.
//
// Usage: SessionController sessions(state, {...hooks}, neighbours, lookup);
//        sessions.save("view.json"); sessions.open("view.json");  // applied() follows
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "session.hpp"

class QFileInfo;

namespace embscope::ui {

class ExplorerState;
class LookupPanel;
class NeighboursPanel;

class SessionController : public QObject {
  Q_OBJECT

 public:
  struct Hooks {
    // Loads a data file; the window calls datasetShown() once it is shown.
    std::function<void(const QString& path)> open;
    std::function<void(const AppearanceSettings&)> set_appearance;
    // Applies `settings` and calls `then` once the projection is shown (at once if it is).
    std::function<void(const ProjectionSettings& settings, std::function<void()> then)> project;
    // Selects the row holding exactly these bytes ("" clears the selection).
    std::function<void(const std::string& word)> select;
    std::function<void(bool)> isolate;
    std::function<std::optional<CameraState>()> camera;
    std::function<void(const CameraState&)> set_camera;
  };

  // `state`, the panels and what the hooks refer to must outlive this.
  SessionController(ExplorerState& state, Hooks hooks, NeighboursPanel* neighbours,
                    LookupPanel* lookup, QObject* parent = nullptr);
  ~SessionController() override;

  // The session of the current view; nullopt when the data file's checksum was cancelled.
  std::optional<Session> current();
  // Writes the current view's session atomically; returns an error message or "".
  QString save(const QString& path);
  // Reads a session and applies it: at once when its data file is the one shown, else after
  // loading that file. Returns an error message (unreadable session, missing data file) or "".
  QString open(const QString& path);
  // Restores a session on the data set shown; applied() follows (maybe after a projection).
  void apply(const Session& session);
  bool pending() const { return pending_.has_value(); }

  // The window: a data set is shown (a pending session is applied now); a load failed or was
  // cancelled (a pending session is dropped); the window closes (a checksum in the background
  // stops).
  void datasetShown();
  void dropPending() { pending_.reset(); }
  void stop() { closing_->store(true); }

  // The SHA-256 of the shown data file, computed once per file version (path, size, time).
  // Runs in a worker while the event loop runs on; checksumProgress() follows it and
  // cancelChecksum() stops it ("" returned).
  QString dataChecksum();
  void cancelChecksum();

 signals:
  void applied();
  void status(const QString& message, int timeout_ms);
  // A checksum under way: `permille` done of `label` (busy false: it ended).
  void checksumProgress(int permille, const QString& label);
  void checksumBusy(bool busy);

 private:
  struct DataChecksum {
    QString path;
    qint64 size = -1;
    QDateTime modified;
    QString sha256;
  };
  bool checksumIsCurrent(const QFileInfo& info) const;
  // Compares the data file with the session's checksum in the background.
  void checkData(const QString& expected_sha256);

  ExplorerState& state_;
  Hooks hooks_;
  NeighboursPanel* neighbours_;
  LookupPanel* lookup_;
  std::optional<Session> pending_;
  DataChecksum checksum_;
  std::shared_ptr<std::atomic<bool>> cancel_;  // the checksum being waited for
  // Set when the window closes: a checksum still running in the background stops.
  std::shared_ptr<std::atomic<bool>> closing_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace embscope::ui
