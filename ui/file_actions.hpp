// FileActions: what the File menu does, in one place. Opening (the dialogs, drag and drop,
// recent files) and ONE table of exports: each row says what it writes (its id, menu text,
// shortcut, save-dialog filter and suffix), the function that writes it and which panel button
// asks for it. The File > Export menu and the panels' export buttons are both built from that
// table, and scripted runs and tests write through it by id (write("neighbours", path)).
//
// Usage:
//   FileActions files(window, [&] { return dataset_name; });
//   files.addExport({.id = "neighbours", .menu_text = tr("&Neighbours (CSV)..."), ...,
//                    .write = [&](const QString& path) { return ...; },
//                    .button = FileActions::panelButton(panel,
//                    &NeighboursPanel::exportRequested)});
//   files.fillFileMenu(menuBar()->addMenu(tr("&File")));
//
// Loading itself is the window's: FileActions asks for it with openRequested / sessionRequested.
// Messages go out as signals (status() for the status bar, failed() for an error the window shows
// in a dialog), so that the class works and is tested without a window.
#pragma once

#include <QImage>
#include <QKeySequence>
#include <QObject>
#include <QMessageBox>
#include <QPointer>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

#include "embscope/base/matrix.hpp"
#include "embscope/space/neighbour_search.hpp"
#include "embscope/space/vector_space.hpp"

class QAction;
class QMenu;
class QMimeData;
class QWidget;

namespace embscope::ui {

struct LoadedDataset;

class FileActions : public QObject {
  Q_OBJECT

 public:
  // Connects a panel's button (one of its signals without arguments) to `run`, with `context`
  // as the receiver (the connection ends with it).
  using ButtonHook = std::function<void(QObject* context, std::function<void()> run)>;
  template <class Panel>
  static ButtonHook panelButton(Panel* panel, void (Panel::*signal)()) {
    return [panel, signal](QObject* context, std::function<void()> run) {
      QObject::connect(panel, signal, context, std::move(run));
    };
  }

  // Where a row of the table appears in the menus.
  enum class Menu {
    None,    // only a panel's button (and write() by id)
    Export,  // File > Export
    File,    // the File menu itself (Save Session As...)
  };

  // One row of the table of exports.
  struct Export {
    QString id{};  // the name scripted runs and tests write it by: "neighbours"
    Menu menu = Menu::Export;
    QString menu_text{};  // "&Neighbours (CSV)..."
    QKeySequence shortcut{};
    bool separator_before = false;  // a line above it in its menu
    QString title{};                // the save dialog's title: "Export Neighbours"
    QString filter{};               // the save dialog's filter: "CSV (*.csv)"
    QString suffix{};               // without the dot: "csv"
    QString what{};  // the middle of the suggested name, "<data set>-<what>-<date>.<suffix>"
    // Writes the file at `path` atomically; returns an error message or "" on success.
    std::function<QString(const QString& path)> write{};
    ButtonHook button{};  // the panel button that asks for it (none: empty)
  };

  // `dialogs`: the parent of every dialog and notice (the window). `data_name`: the open data
  // set's name for suggested file names (empty when none is open).
  FileActions(QWidget* dialogs, std::function<QString()> data_name, QObject* parent = nullptr);

  // Adds a row: creates its action (object name "export-<id>", or `object_name`), connects
  // its panel button. Returns the action (its menu entry once fillFileMenu ran).
  QAction* addExport(Export entry, const QString& object_name = {});
  const std::vector<Export>& exports() const { return exports_; }
  QAction* exportAction(const QString& id) const;
  // Writes export `id` to `path` without asking (scripted runs, tests). Returns an error
  // message or "" on success; an unknown id is an error.
  QString write(const QString& id, const QString& path) const;
  // The save dialog (suggested name, last folder), then the write, then the notice.
  void exportInteractively(const QString& id);

  // The File menu: Open, Open with Metadata, Open Recent, Open Session, the rows of Menu::File,
  // Export (the rows of Menu::Export, in table order). The caller adds Quit.
  void fillFileMenu(QMenu* file);
  QAction* openAction() const { return open_; }
  QAction* openSessionAction() const { return open_session_; }
  QMenu* recentMenu() const { return recent_menu_; }

  // Recent files (QSettings "recentFiles", newest first, at most kRecentFiles).
  static constexpr int kRecentFiles = 8;
  void rememberRecent(const QString& path);
  QStringList recentFiles() const;

  // Drag and drop: a local file is accepted; a .json file is a session, anything else vectors.
  static bool acceptsDrop(const QMimeData* data);
  void drop(const QMimeData* data);

  // The save dialog in the last folder used, suggesting suggestedName(what, suffix).
  // Returns the chosen path ("" when cancelled) and remembers its folder.
  QString askSavePath(const QString& title, const QString& filter, const QString& suffix,
                      const QString& what);
  // "glove.6B.100d.top50k-view-2025-05-14.png": which data (its vector extensions dropped,
  // characters other than letters, digits, '.', '+', '-' replaced by '-'), what, when.
  QString suggestedName(const QString& what, const QString& suffix) const;
  // The folder the last save went to (QSettings "files/lastSaveFolder"), or Documents.
  static QString saveFolder();

  // After an export: an error goes to failed(); success to status() and, unless headless, a
  // non-modal notice saying where the file went, with "Show in Folder" (the next one replaces it).
  void reportExport(const QString& path, const QString& error);
  QMessageBox* exportNotice() const { return notice_; }

  // Writes `image` as a PNG atomically (QSaveFile); returns an error message or "".
  static QString writePng(const QImage& image, const QString& path);

  void setHeadless(bool headless) { headless_ = headless; }

 signals:
  void openRequested(const QString& path, const QString& metadata);
  void sessionRequested(const QString& path);
  void status(const QString& message, int timeout_ms);
  void failed(const QString& title, const QString& message);

 private:
  void rebuildRecentMenu();
  const Export* find(const QString& id) const;

  QWidget* dialogs_;
  std::function<QString()> data_name_;
  std::vector<Export> exports_;
  std::vector<QAction*> actions_;  // one per row of exports_
  QAction* open_ = nullptr;
  QAction* open_session_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QPointer<QMessageBox> notice_;
  bool headless_ = false;
};

// The table exports of the explorer's data, each written atomically by the core's writers.
// Each returns an error message or "" on success.
// The selected row's neighbours (query, rank, word, row, score): needs a selection.
QString write_neighbours_file(const QString& path, const LoadedDataset* dataset,
                              std::optional<int64_t> selected,
                              const std::vector<ScoredWord>& neighbours, Metric metric);
// Every row's projected position (word, x, y, z); `positions` is 3 x rows.
QString write_coordinates_file(const QString& path, const LoadedDataset* dataset,
                               const Positions3D& positions);
// The looked-up rows' vectors (row, word, then one column per dimension).
QString write_rows_file(const QString& path, const LoadedDataset* dataset,
                        const std::vector<int64_t>& rows);
// The whole vector set in the format of the path's extension (format_for_extension).
QString write_vectors_file(const QString& path, const LoadedDataset* dataset);

}  // namespace embscope::ui
