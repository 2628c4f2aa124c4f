// Session: everything needed to reproduce a view, saved as JSON: the data file (path and SHA-256,
// so a changed file is noticed), the projection and appearance settings, the camera, the
// selection with its k and metric, and the looked-up rows.
//
//   Session session = window.currentSession();
//   QString error = saveSession("view.embscope.json", session);
#pragma once

#include <QString>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "camera_state.hpp"
#include "embscope/space/neighbour_search.hpp"
#include "view_settings.hpp"

namespace embscope::ui {

struct Session {
  static constexpr int kVersion = 2;  // 2: with a checksum
  QString data_path;
  QString data_sha256;  // hex; empty when unknown
  ProjectionSettings projection;
  AppearanceSettings appearance;
  std::optional<CameraState> camera;  // none: the default view
  // The word's bytes as the vocabulary holds them (not always valid UTF-8); empty: none.
  std::string selected_word;
  int neighbours = neighbour_option::k.default_value();
  Metric metric = Metric::Cosine;
  bool isolated = false;
  QString lookup;                      // the lookup indices as typed
  std::optional<int64_t> padding_idx;  // the Lookup table's padding row; none: no padding
};

// Writes atomically. Returns an error message, or "" on success.
QString saveSession(const QString& path, const Session& session);
// Reads a session; on failure returns nullopt and sets *error (file, what was expected).
std::optional<Session> loadSession(const QString& path, QString* error);
// SHA-256 of a file's bytes as hex ("" when it cannot be read, or when `cancel` becomes true).
// `bytes_done` (optional) follows the progress, for a caller on another thread.
QString fileSha256(const QString& path, const std::atomic<bool>* cancel = nullptr,
                   std::atomic<int64_t>* bytes_done = nullptr);

}  // namespace embscope::ui
