// SessionController without a window: a saved view comes back through the hooks (appearance,
// projection, then selection, isolation, camera, lookup, k and metric); a session of another
// data file loads it first and is applied once it is shown; the checksum is computed once per
// file version and a changed file is noted.
#include <QApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "embscope/vectors/vector_io.hpp"
#include "explorer_state.hpp"
#include "lookup_panel.hpp"
#include "neighbours_panel.hpp"
#include "session_controller.hpp"

using embscope::ui::ExplorerState;
using embscope::ui::LoadedDataset;
using embscope::ui::SessionController;

namespace {

std::shared_ptr<LoadedDataset> open_glove(const QString& path) {
  auto dataset = std::make_shared<LoadedDataset>();
  dataset->path = path;
  dataset->name = QFileInfo(path).fileName();
  dataset->vectors = embscope::read_vectors(path.toStdString());
  dataset->space = std::make_unique<embscope::VectorSpace>(dataset->vectors);
  dataset->positions = dataset->vectors.vectors.leftCols(3).transpose();
  return dataset;
}

// What the window was asked to do.
struct Calls {
  QStringList opened;
  std::optional<embscope::ui::AppearanceSettings> appearance;
  std::optional<embscope::ui::ProjectionSettings> projection;
  std::optional<std::string> selected;
  std::optional<bool> isolated;
  std::optional<embscope::ui::CameraState> camera;
};

}  // namespace

class SessionControllerTest : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    QVERIFY(dir_.isValid());
    data_ = dir_.filePath("glove.txt");
    other_ = dir_.filePath("other.txt");
    for (const QString& copy : {data_, other_}) {
      QFile::remove(copy);
      QVERIFY(QFile::copy(QString(EMBSCOPE_TEST_DATA_DIR) + "/formats/test_glove.txt", copy));
    }
    calls_ = Calls();
    state_ = std::make_unique<ExplorerState>();
    neighbours_ = std::make_unique<embscope::ui::NeighboursPanel>();
    lookup_ = std::make_unique<embscope::ui::LookupPanel>();
    sessions_ = std::make_unique<SessionController>(
        *state_,
        SessionController::Hooks{
            .open = [this](const QString& path) { calls_.opened << path; },
            .set_appearance = [this](const auto& a) { calls_.appearance = a; },
            .project =
                [this](const auto& settings, std::function<void()> then) {
                  calls_.projection = settings;
                  state_->setProjectionSettings(settings);
                  then();
                },
            .select = [this](const std::string& word) { calls_.selected = word; },
            .isolate = [this](bool on) { calls_.isolated = on; },
            .camera = [] { return std::optional<embscope::ui::CameraState>(camera()); },
            .set_camera = [this](const auto& c) { calls_.camera = c; }},
        neighbours_.get(), lookup_.get());
    show(data_);
  }
  void cleanup() {
    sessions_.reset();
    lookup_.reset();
    neighbours_.reset();
    state_.reset();
  }

  void aSavedViewComesBack() {
    embscope::ui::ProjectionSettings flat;
    flat.flat = true;
    flat.components = {1, 0, 2};
    state_->setProjectionSettings(flat);
    const int64_t he = state_->dataset()->space->index_of("he");
    state_->selectRow(he, state_->dataset()->space->neighbours_of_row(he, 5));
    QVERIFY(state_->isolateSelection());
    neighbours_->setK(5);
    neighbours_->setMetric(embscope::Metric::Euclidean);
    QCOMPARE(lookup_->lookup("3, 1"), QString());
    const QString path = dir_.filePath("view.json");
    QCOMPARE(sessions_->save(path), QString());

    // Another view of the same file, then the session again: applied at once, no loading.
    show(data_);
    neighbours_->setK(10);
    QSignalSpy applied(sessions_.get(), &SessionController::applied);
    QCOMPARE(sessions_->open(path), QString());
    QCOMPARE(applied.size(), 1);
    QVERIFY(calls_.opened.isEmpty());
    QCOMPARE(calls_.projection->components, flat.components);
    QVERIFY(calls_.projection->flat);
    QVERIFY(calls_.appearance.has_value());
    QCOMPARE(calls_.selected, std::optional<std::string>("he"));
    QCOMPARE(calls_.isolated, std::optional<bool>(true));
    QCOMPARE(calls_.camera->position, camera().position);
    QCOMPARE(neighbours_->k(), 5);
    QCOMPARE(neighbours_->metric(), embscope::Metric::Euclidean);
    QCOMPARE(lookup_->lookedUp(), (std::vector<int64_t>{3, 1}));
  }

  void aSessionOfAnotherFileLoadsItFirst() {
    const QString path = dir_.filePath("other.json");
    show(other_);
    QCOMPARE(sessions_->save(path), QString());
    show(data_);
    QSignalSpy applied(sessions_.get(), &SessionController::applied);
    QCOMPARE(sessions_->open(path), QString());
    QCOMPARE(calls_.opened, QStringList({QFileInfo(other_).absoluteFilePath()}));
    QVERIFY(sessions_->pending());
    QCOMPARE(applied.size(), 0);
    show(other_);
    sessions_->datasetShown();
    QCOMPARE(applied.size(), 1);
    QVERIFY(!sessions_->pending());
    // A failed load drops a pending session.
    show(data_);
    QCOMPARE(sessions_->open(path), QString());
    sessions_->dropPending();
    sessions_->datasetShown();
    QCOMPARE(applied.size(), 1);
    // A missing data file is an error.
    QFile::remove(other_);
    QVERIFY(sessions_->open(path).contains("does not exist"));
  }

  void theChecksumIsComputedOnceAndAChangeIsNoted() {
    QSignalSpy busy(sessions_.get(), &SessionController::checksumBusy);
    const QString first = sessions_->dataChecksum();
    QCOMPARE(first.size(), 64);
    QCOMPARE(sessions_->dataChecksum(), first);
    QCOMPARE(busy.size(), 2);  // on, off: once
    const QString path = dir_.filePath("view.json");
    QCOMPARE(sessions_->save(path), QString());
    // The file changes: the session still opens, and a note says so once the hash is done.
    {
      QFile file(data_);
      QVERIFY(file.open(QIODevice::Append));
      file.write("zzqx 1 2 3\n");
    }
    QSignalSpy status(sessions_.get(), &SessionController::status);
    QCOMPARE(sessions_->open(path), QString());
    QTRY_VERIFY(!status.isEmpty());
    QVERIFY2(status.last()[0].toString().contains("changed since the session was saved"),
             qPrintable(status.last()[0].toString()));
  }

 private:
  static embscope::ui::CameraState camera() {
    embscope::ui::CameraState state;
    state.position = {1, 2, 3};
    state.view_up = {0, 1, 0};
    return state;
  }
  void show(const QString& path) {
    state_->setDataset(open_glove(path));
    lookup_->setVectors(&state_->dataset()->vectors);
  }

  QTemporaryDir dir_;
  QString data_, other_;
  Calls calls_;
  std::unique_ptr<ExplorerState> state_;
  std::unique_ptr<embscope::ui::NeighboursPanel> neighbours_;
  std::unique_ptr<embscope::ui::LookupPanel> lookup_;
  std::unique_ptr<SessionController> sessions_;
};

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  SessionControllerTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_session_controller.moc"
