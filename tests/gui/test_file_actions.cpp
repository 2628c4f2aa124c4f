// FileActions without a window: the one table of exports builds the File > Export menu and wires
// the panels' buttons; a button asks for a path (the suggested name in the last folder), writes
// and reports; recent files, drops, and the PNG writer.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>
#include <functional>

#include "dataset_loader.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "file_actions.hpp"

using embscope::ui::FileActions;

namespace {

// A stand-in for a panel: a button whose click emits exportRequested().
class FakePanel : public QWidget {
  Q_OBJECT

 public:
  FakePanel() {
    button = new QPushButton("Export...", this);
    connect(button, &QPushButton::clicked, this, &FakePanel::exportRequested);
  }
  QPushButton* button;

 signals:
  void exportRequested();
};

// Runs `act` on the next modal QFileDialog (its exec() blocks the caller).
void whenSaveDialog(QObject* owner, std::function<void(QFileDialog*)> act) {
  auto* timer = new QTimer(owner);
  QObject::connect(timer, &QTimer::timeout, timer, [timer, act] {
    if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
      timer->stop();
      timer->deleteLater();
      act(dialog);
    }
  });
  timer->start(20);
}

QStringList entries(const QMenu* menu) {
  QStringList texts;
  for (const QAction* action : menu->actions())
    texts << (action->isSeparator() ? QStringLiteral("--") : action->text());
  return texts;
}

}  // namespace

class FileActionsTest : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    QSettings().clear();
    parent_ = std::make_unique<QWidget>();
  }
  void cleanup() { parent_.reset(); }

  // The File > Export menu lists the table's Export rows in order (with their separators and
  // shortcuts); File rows sit in the File menu; rows with only a panel button are in no menu.
  void theMenusAreBuiltFromTheTable() {
    FileActions files(parent_.get(), [] { return QString("glove.6B.100d.txt"); });
    FakePanel panel;
    const auto writer = [](const QString&) { return QString(); };
    files.addExport({.id = "image",
                     .menu_text = "&Image (PNG)...",
                     .shortcut = QKeySequence(Qt::CTRL | Qt::Key_E),
                     .suffix = "png",
                     .write = writer},
                    "exportImage");
    files.addExport({.id = "neighbours",
                     .menu_text = "&Neighbours (CSV)...",
                     .separator_before = true,
                     .suffix = "csv",
                     .write = writer,
                     .button = FileActions::panelButton(&panel, &FakePanel::exportRequested)});
    files.addExport({.id = "session",
                     .menu = FileActions::Menu::File,
                     .menu_text = "Save Session &As...",
                     .suffix = "json",
                     .write = writer});
    files.addExport({.id = "log",
                     .menu = FileActions::Menu::None,
                     .menu_text = "log",
                     .suffix = "csv",
                     .write = writer,
                     .button = FileActions::panelButton(&panel, &FakePanel::exportRequested)});
    QMenu file;
    files.fillFileMenu(&file);
    auto* exports = file.findChild<QMenu*>("exportMenu");
    QVERIFY(exports != nullptr);
    QCOMPARE(entries(exports), QStringList({"&Image (PNG)...", "--", "&Neighbours (CSV)..."}));
    QVERIFY(entries(&file).contains("Save Session &As..."));
    QVERIFY(!entries(&file).contains("log"));
    QCOMPARE(files.exportAction("image")->objectName(), QString("exportImage"));
    QCOMPARE(files.exportAction("image")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QCOMPARE(files.exportAction("image")->shortcutContext(), Qt::ApplicationShortcut);
    QCOMPARE(files.exportAction("neighbours")->objectName(), QString("export-neighbours"));
    QVERIFY(files.exportAction("nothing") == nullptr);
  }

  // A panel's button runs its row: the save dialog suggests "<data>-<what>-<date>.<suffix>" in
  // the last folder, the row's writer gets the chosen path, the status and the notice say where
  // the file went; the folder is remembered for the next dialog.
  void aPanelButtonAsksWritesAndReports() {
    QTemporaryDir dir;
    QSettings().setValue("files/lastSaveFolder", dir.path());
    FileActions files(parent_.get(), [] { return QString("glove.6B.100d.top50k.txt.gz"); });
    FakePanel panel;
    QString written;
    files.addExport({.id = "neighbours",
                     .menu_text = "&Neighbours (CSV)...",
                     .title = "Export Neighbours",
                     .filter = "CSV (*.csv)",
                     .suffix = "csv",
                     .what = "neighbours",
                     .write =
                         [&written](const QString& path) {
                           written = path;
                           return QString();
                         },
                     .button = FileActions::panelButton(&panel, &FakePanel::exportRequested)});
    QSignalSpy status(&files, &FileActions::status);
    QString suggested, title;
    whenSaveDialog(&files, [&](QFileDialog* dialog) {
      title = dialog->windowTitle();
      suggested = dialog->selectedFiles().value(0);
      static_cast<QDialog*>(dialog)->accept();
    });
    QTest::mouseClick(panel.button, Qt::LeftButton);
    QCOMPARE(title, QString("Export Neighbours"));
    const QFileInfo file(suggested);
    QCOMPARE(file.absolutePath(), QFileInfo(dir.path()).absoluteFilePath());
    QVERIFY2(
        QRegularExpression("^glove\\.6B\\.100d\\.top50k-neighbours-\\d{4}-\\d\\d-\\d\\d\\.csv$")
            .match(file.fileName())
            .hasMatch(),
        qPrintable(file.fileName()));
    QCOMPARE(written, suggested);
    QCOMPARE(status.size(), 1);
    QVERIFY(status[0][0].toString().contains(file.fileName()));
    // Headless is off: the non-modal notice says where, with Show in Folder.
    QMessageBox* notice = files.exportNotice();
    QVERIFY(notice != nullptr && notice->isVisible() && !notice->isModal());
    QCOMPARE(notice->parentWidget(), parent_.get());
    QVERIFY(notice->findChild<QAbstractButton*>("showInFolder") != nullptr);

    // The next dialog opens in the folder of the last save.
    QDir(dir.path()).mkdir("sub");
    QSettings().setValue("files/lastSaveFolder", dir.filePath("sub"));
    QCOMPARE(FileActions::saveFolder(), dir.filePath("sub"));
    whenSaveDialog(&files, [&](QFileDialog* dialog) {
      suggested = dialog->selectedFiles().value(0);
      dialog->reject();  // cancelled: nothing is written
    });
    written.clear();
    files.exportAction("neighbours")->trigger();
    QCOMPARE(QFileInfo(suggested).absolutePath(),
             QFileInfo(dir.filePath("sub")).absoluteFilePath());
    QVERIFY(written.isEmpty());
  }

  // An error goes out as failed(), with no notice; write() by id reaches the row's writer.
  void errorsAndScriptedWrites() {
    FileActions files(parent_.get(), [] { return QString(); });
    files.setHeadless(true);
    files.addExport(
        {.id = "broken", .menu_text = "Broken", .suffix = "csv", .write = [](const QString& path) {
           return "cannot write " + path;
         }});
    QCOMPARE(files.write("broken", "/x/y.csv"), QString("cannot write /x/y.csv"));
    QVERIFY(files.write("unknown", "/x/y.csv").contains("unknown"));
    QSignalSpy failed(&files, &FileActions::failed);
    QSignalSpy status(&files, &FileActions::status);
    files.reportExport("/x/y.csv", files.write("broken", "/x/y.csv"));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed[0][1].toString(), QString("cannot write /x/y.csv"));
    QCOMPARE(status.size(), 0);
    files.reportExport("/x/y.csv", QString());  // headless: the status only
    QCOMPARE(status.size(), 1);
    QVERIFY(files.exportNotice() == nullptr);
    // No data set: the suggestion is named after embscope.
    QVERIFY(files.suggestedName("view", "png").startsWith("embscope-view-"));
  }

  // Recent files: newest first, no duplicates, at most eight; a click opens the file.
  void recentFilesAndDrops() {
    FileActions files(parent_.get(), [] { return QString(); });
    QMenu file;
    files.fillFileMenu(&file);
    QVERIFY(!files.recentMenu()->isEnabled());
    for (int i = 0; i < 10; ++i) files.rememberRecent(QString("/data/v%1.txt").arg(i));
    files.rememberRecent("/data/v3.txt");
    const QStringList recent = files.recentFiles();
    QCOMPARE(recent.size(), FileActions::kRecentFiles);
    QCOMPARE(recent.front(), QString("/data/v3.txt"));
    QCOMPARE(recent.count("/data/v3.txt"), 1);
    QCOMPARE(recent[1], QString("/data/v9.txt"));
    QVERIFY(files.recentMenu()->isEnabled());
    QSignalSpy open(&files, &FileActions::openRequested);
    files.recentMenu()->actions().at(1)->trigger();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open[0][0].toString(), QString("/data/v9.txt"));

    // A dropped .json file is a session; anything else, vectors; a URL that is not a file, nothing.
    QSignalSpy session(&files, &FileActions::sessionRequested);
    QMimeData json, vectors, web;
    json.setUrls({QUrl::fromLocalFile("/data/view.JSON")});
    vectors.setUrls({QUrl::fromLocalFile("/data/v.vec")});
    web.setUrls({QUrl("https://example.org/v.vec")});
    QVERIFY(FileActions::acceptsDrop(&json) && !FileActions::acceptsDrop(&web));
    files.drop(&json);
    files.drop(&vectors);
    files.drop(&web);
    QCOMPARE(session.size(), 1);
    QCOMPARE(session[0][0].toString(), QString("/data/view.JSON"));
    QCOMPARE(open.size(), 2);
    QCOMPARE(open[1][0].toString(), QString("/data/v.vec"));
  }

  // The four data exports refuse what they cannot write (no data, no selection, no rows) and
  // write the core's CSVs; writePng writes atomically (no file left on failure).
  void theDataExportsWriteAndRefuse() {
    QTemporaryDir dir;
    embscope::ui::LoadedDataset data;
    data.vectors =
        embscope::read_vectors(std::string(EMBSCOPE_TEST_DATA_DIR) + "/formats/test_glove.txt");
    data.positions = embscope::Positions3D::Zero(3, data.vectors.rows());
    const QString csv = dir.filePath("x.csv");
    QVERIFY(
        embscope::ui::write_neighbours_file(csv, &data, std::nullopt, {}, embscope::Metric::Cosine)
            .contains("no word is selected"));
    QVERIFY(embscope::ui::write_rows_file(csv, &data, {}).contains("no rows are looked up"));
    QVERIFY(
        embscope::ui::write_coordinates_file(csv, nullptr, data.positions).contains("no data set"));
    QCOMPARE(embscope::ui::write_coordinates_file(csv, &data, data.positions), QString());
    QVERIFY(QFileInfo(csv).size() > 0);
    QCOMPARE(embscope::ui::write_rows_file(csv, &data, {0}), QString());
    const QString vec = dir.filePath("v.bin");
    QCOMPARE(embscope::ui::write_vectors_file(vec, &data), QString());
    QVERIFY(embscope::read_vectors(vec.toStdString()).vectors == data.vectors.vectors);

    QImage image(4, 3, QImage::Format_ARGB32);
    image.fill(Qt::red);
    QCOMPARE(FileActions::writePng(image, dir.filePath("a.png")), QString());
    QCOMPARE(QImage(dir.filePath("a.png")).size(), QSize(4, 3));
    QVERIFY(!FileActions::writePng(image, dir.filePath("no/such/a.png")).isEmpty());
    QVERIFY(!QFileInfo::exists(dir.filePath("no/such/a.png")));
  }

 private:
  std::unique_ptr<QWidget> parent_;
};

int main(int argc, char** argv) {
  // Settings go to a scratch location, never the user's.
  QStandardPaths::setTestModeEnabled(true);
  QApplication::setOrganizationName("embscope-test");
  QApplication::setApplicationName("file-actions-test");
  QApplication app(argc, argv);
  FileActionsTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_file_actions.moc"
