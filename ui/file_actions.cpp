#include "file_actions.hpp"

#include <QAction>
#include <QApplication>
#include <QDate>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

#include "dataset_loader.hpp"
#include "embscope/space/table_export.hpp"
#include "embscope/vectors/format_registry.hpp"
#include "embscope/vectors/vector_io.hpp"

namespace embscope::ui {

FileActions::FileActions(QWidget* dialogs, std::function<QString()> data_name, QObject* parent)
    : QObject(parent), dialogs_(dialogs), data_name_(std::move(data_name)) {
  open_ = new QAction(tr("&Open Vectors..."), this);
  open_->setObjectName("open");
  open_->setShortcut(QKeySequence::Open);
  connect(open_, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(dialogs_, tr("Open Vectors"), QString(),
                                                      QString::fromStdString(vector_open_filter()));
    if (!path.isEmpty()) emit openRequested(path, QString());
  });
  open_session_ = new QAction(tr("Open &Session..."), this);
  open_session_->setObjectName("openSession");
  open_session_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  connect(open_session_, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        dialogs_, tr("Open Session"), QString(), tr("embscope sessions (*.json);;All files (*)"));
    if (!path.isEmpty()) emit sessionRequested(path);
  });
  // Ctrl shortcuts work whatever has the focus, a floating panel included.
  for (QAction* action : {open_, open_session_})
    action->setShortcutContext(Qt::ApplicationShortcut);
}

const FileActions::Export* FileActions::find(const QString& id) const {
  for (const Export& entry : exports_) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

QAction* FileActions::addExport(Export entry, const QString& object_name) {
  auto* action = new QAction(entry.menu_text, this);
  action->setObjectName(object_name.isEmpty() ? "export-" + entry.id : object_name);
  if (!entry.shortcut.isEmpty()) {
    action->setShortcut(entry.shortcut);
    action->setShortcutContext(Qt::ApplicationShortcut);
  }
  const QString id = entry.id;
  connect(action, &QAction::triggered, this, [this, id] { exportInteractively(id); });
  if (entry.button) entry.button(this, [action] { action->trigger(); });
  exports_.push_back(std::move(entry));
  actions_.push_back(action);
  return action;
}

QAction* FileActions::exportAction(const QString& id) const {
  for (size_t i = 0; i < exports_.size(); ++i) {
    if (exports_[i].id == id) return actions_[i];
  }
  return nullptr;
}

QString FileActions::write(const QString& id, const QString& path) const {
  const Export* entry = find(id);
  if (entry == nullptr || !entry->write) return tr("no export is called '%1'").arg(id);
  return entry->write(path);
}

void FileActions::exportInteractively(const QString& id) {
  const Export* entry = find(id);
  if (entry == nullptr) return;
  const QString path = askSavePath(entry->title, entry->filter, entry->suffix, entry->what);
  if (!path.isEmpty()) reportExport(path, write(id, path));
}

void FileActions::fillFileMenu(QMenu* file) {
  file->addAction(open_);
  file->addAction(tr("Open Vectors with &Metadata..."), this, [this] {
    const QString vectors = QFileDialog::getOpenFileName(
        dialogs_, tr("Open Vectors"), QString(), QString::fromStdString(vector_open_filter()));
    if (vectors.isEmpty()) return;
    const QString metadata = QFileDialog::getOpenFileName(
        dialogs_, tr("Attach Metadata (one row per vector; a header row when several columns)"),
        QFileInfo(vectors).absolutePath(), tr("Metadata (*.tsv *.txt);;All files (*)"));
    emit openRequested(vectors, metadata);
  });
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  recent_menu_->setObjectName("recentMenu");
  rebuildRecentMenu();
  file->addSeparator();
  file->addAction(open_session_);
  for (size_t i = 0; i < exports_.size(); ++i) {
    if (exports_[i].menu == Menu::File) file->addAction(actions_[i]);
  }
  file->addSeparator();
  QMenu* exports = file->addMenu(tr("&Export"));
  exports->setObjectName("exportMenu");
  for (size_t i = 0; i < exports_.size(); ++i) {
    if (exports_[i].menu != Menu::Export) continue;
    if (exports_[i].separator_before) exports->addSeparator();
    exports->addAction(actions_[i]);
  }
}

QStringList FileActions::recentFiles() const {
  return QSettings().value("recentFiles").toStringList();
}

void FileActions::rememberRecent(const QString& path) {
  QStringList recent = recentFiles();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  while (recent.size() > kRecentFiles) recent.removeLast();
  QSettings().setValue("recentFiles", recent);
  rebuildRecentMenu();
}

void FileActions::rebuildRecentMenu() {
  if (recent_menu_ == nullptr) return;
  recent_menu_->clear();
  const QStringList recent = recentFiles();
  for (const QString& path : recent) {
    recent_menu_
        ->addAction(QFileInfo(path).fileName(), this,
                    [this, path] { emit openRequested(path, QString()); })
        ->setToolTip(path);
  }
  recent_menu_->setEnabled(!recent.isEmpty());
}

bool FileActions::acceptsDrop(const QMimeData* data) {
  return data != nullptr && data->hasUrls() && data->urls().first().isLocalFile();
}

void FileActions::drop(const QMimeData* data) {
  if (!acceptsDrop(data)) return;
  const QString path = data->urls().first().toLocalFile();
  if (path.endsWith(".json", Qt::CaseInsensitive)) {
    emit sessionRequested(path);
  } else {
    emit openRequested(path, QString());
  }
}

QString FileActions::saveFolder() {
  QString folder = QSettings().value("files/lastSaveFolder").toString();
  if (folder.isEmpty() || !QFileInfo(folder).isDir())
    folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  return folder;
}

QString FileActions::suggestedName(const QString& what, const QString& suffix) const {
  QString base = data_name_ ? data_name_() : QString();
  if (base.isEmpty()) base = QStringLiteral("embscope");
  for (const std::string& known : vector_file_extensions()) {
    if (base.endsWith(QString::fromStdString(known), Qt::CaseInsensitive))
      base.chop(static_cast<qsizetype>(known.size()));
  }
  base.replace(QRegularExpression("[^\\w.+-]+"), "-");
  return QStringLiteral("%1-%2-%3.%4")
      .arg(base, what, QDate::currentDate().toString(Qt::ISODate), suffix);
}

QString FileActions::askSavePath(const QString& title, const QString& filter, const QString& suffix,
                                 const QString& what) {
  QFileDialog dialog(dialogs_, title, QDir(saveFolder()).filePath(suggestedName(what, suffix)),
                     filter);
  dialog.setObjectName("saveDialog");
  dialog.setAcceptMode(QFileDialog::AcceptSave);
  dialog.setDefaultSuffix(suffix);
  if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return {};
  const QString path = dialog.selectedFiles().first();
  QSettings().setValue("files/lastSaveFolder", QFileInfo(path).absolutePath());
  return path;
}

void FileActions::reportExport(const QString& path, const QString& error) {
  if (!error.isEmpty()) {
    emit failed(tr("Could not export"), error);
    return;
  }
  const QString shown = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
  emit status(tr("Wrote %1").arg(shown), 10000);
  if (headless_) return;
  // Non-modal: the window stays usable; the next export replaces it.
  if (notice_) notice_->close();
  auto* notice =
      new QMessageBox(QMessageBox::Information, tr("Exported"),
                      tr("Wrote %1").arg(QFileInfo(path).fileName()), QMessageBox::Close, dialogs_);
  notice->setObjectName("exportNotice");
  notice->setInformativeText(
      tr("in %1").arg(QDir::toNativeSeparators(QFileInfo(path).absolutePath())));
  notice->setWindowModality(Qt::NonModal);
  notice->setAttribute(Qt::WA_DeleteOnClose);
  QPushButton* show = notice->addButton(tr("Show in Folder"), QMessageBox::ActionRole);
  show->setObjectName("showInFolder");
  const QString folder = QFileInfo(path).absolutePath();
  connect(show, &QPushButton::clicked, this,
          [folder] { QDesktopServices::openUrl(QUrl::fromLocalFile(folder)); });
  notice_ = notice;
  notice->show();
}

QString FileActions::writePng(const QImage& image, const QString& path) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    return tr("cannot write %1: %2").arg(path, file.errorString());
  }
  if (!image.save(&file, "PNG")) return tr("cannot encode the PNG for %1").arg(path);
  if (!file.commit()) return tr("cannot write %1: %2").arg(path, file.errorString());
  return {};
}

QString write_neighbours_file(const QString& path, const LoadedDataset* dataset,
                              std::optional<int64_t> selected,
                              const std::vector<ScoredWord>& neighbours, Metric metric) {
  if (dataset == nullptr || !selected)
    return FileActions::tr("no word is selected: select one to export its neighbours");
  try {
    write_neighbours_csv(path.toStdString(), dataset->vectors.vocabulary.word(*selected),
                         neighbours, to_string(metric));
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString write_coordinates_file(const QString& path, const LoadedDataset* dataset,
                               const Positions3D& positions) {
  if (dataset == nullptr) return FileActions::tr("no data set is open");
  try {
    write_coordinates_csv(path.toStdString(), dataset->vectors, positions);
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString write_rows_file(const QString& path, const LoadedDataset* dataset,
                        const std::vector<int64_t>& rows) {
  if (dataset == nullptr) return FileActions::tr("no data set is open");
  if (rows.empty())
    return FileActions::tr("no rows are looked up: type indices in the Lookup table panel first");
  try {
    write_rows_csv(path.toStdString(), dataset->vectors, rows);
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString write_vectors_file(const QString& path, const LoadedDataset* dataset) {
  if (dataset == nullptr) return FileActions::tr("no data set is open");
  QApplication::setOverrideCursor(Qt::WaitCursor);
  QString result;
  try {
    write_vectors(dataset->vectors, path.toStdString());
  } catch (const std::exception& error) {
    result = QString::fromStdString(error.what());
  }
  QApplication::restoreOverrideCursor();
  return result;
}

}  // namespace embscope::ui
