// The real main window under Xvfb: load, draw, hover, and survive a malformed file.
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include "analogy_controller.hpp"
#include "analogy_panel.hpp"
#include "appearance_panel.hpp"
#include "embscope/base/resources.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/projection/point_picker.hpp"
#include "embscope/space/evaluation.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "evaluation_controller.hpp"
#include "evaluation_panel.hpp"
#include "file_actions.hpp"
#include "image_statistics.hpp"
#include "lookup_panel.hpp"
#include "main_window.hpp"
#include "neighbours_panel.hpp"
#include "number_format.hpp"
#include "panel_docks.hpp"
#include "point_cloud_scene.hpp"
#include "projection_controller.hpp"
#include "selection_controller.hpp"
#include "session.hpp"
#include "session_controller.hpp"
#include "tracing_application.hpp"
#include "training_view.hpp"
#include "vtk_view.hpp"

namespace {

// The rows of a CSV file, split naively (the test data has no quoted commas in these columns).
QList<QStringList> read_csv(const QString& path) {
  QList<QStringList> rows;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return rows;
  QTextStream in(&file);
  while (!in.atEnd()) rows << in.readLine().split(',');
  return rows;
}

int yellow_label_pixels(const QImage& source) {
  const QImage image = source.convertToFormat(QImage::Format_RGB32);
  int count = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      const QRgb p = image.pixel(x, y);
      count += qRed(p) > 200 && qGreen(p) > 170 && qBlue(p) < 140;
    }
  }
  return count;
}

}  // namespace

using embscope::ui::ExplorerState;
using embscope::ui::MainWindow;
using embscope::ui::ViewOverlay;

class MainWindowTest : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    window_ = std::make_unique<MainWindow>();
    window_->setHeadless(true);
    window_->resize(1000, 700);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  }
  void cleanup() { window_.reset(); }

  void opensTheDefaultDataSetAndDrawsPoints() {
    loadDefault();
    const auto* dataset = window_->state().dataset();
    QCOMPARE(dataset->vectors.rows(), int64_t{50000});
    QCOMPARE(dataset->vectors.dim(), int64_t{100});
    QVERIFY(window_->view()->glError().isEmpty());

    const QImage frame = window_->view()->grabFramebuffer();
    const auto stats = embscope::test::measure(frame);
    qInfo("frame %dx%d: foreground %.2f%%, %d colours", frame.width(), frame.height(),
          stats.foreground_fraction * 100, stats.distinct_colours);
    QVERIFY2(stats.foreground_fraction > 0.01, "almost nothing drawn");
    QVERIFY2(stats.foreground_fraction < 0.6, "the view is flooded");
    QVERIFY(stats.distinct_colours > 100);
    QVERIFY(window_->windowTitle().contains("glove.6B.100d.top50k"));
  }

  void hoverShowsTheWordUnderTheCursor() {
    loadDefault();
    // Hover the visible point farthest to the right: nothing else is within the hover radius.
    const auto& positions = window_->state().dataset()->positions;
    int64_t target = -1;
    QPointF target_position;
    for (int64_t i = 0; i < positions.cols(); ++i) {
      const auto p = window_->sceneBinding().screenPosition(i);
      if (p && (target < 0 || p->x() > target_position.x())) {
        target = i;
        target_position = *p;
      }
    }
    QVERIFY(target >= 0);
    QTest::mouseMove(window_->view(), target_position.toPoint());
    QTRY_COMPARE(window_->sceneBinding().hovered(), std::optional<int64_t>(target));
    // The status bar names the hovered word, its rank and norm.
    const QString word =
        QString::fromStdString(window_->state().dataset()->vectors.vocabulary.word(target));
    const auto hover_described = [&] {
      for (const QLabel* label : window_->statusBar()->findChildren<QLabel*>()) {
        if (label->text().startsWith(word + "  |  rank " + embscope::ui::grouped(target + 1)))
          return true;
      }
      return false;
    };
    QTRY_VERIFY(hover_described());

    // Moving to empty space clears it.
    QTest::mouseMove(window_->view(), QPoint(3, 3));
    QTRY_COMPARE(window_->sceneBinding().hovered(), std::optional<int64_t>());
  }

  void searchingCatSelectsItAndShowsDogFirst() {
    loadDefault();
    QVERIFY(window_->selection()->selectWord("cat"));
    QCOMPARE(window_->state().neighbours().front().word, std::string("dog"));
    QCOMPARE(window_->state().neighbours().size(), size_t{10});
    QVERIFY(!window_->selection()->selectWord("zzqxnotaword"));
    // The selection stays; the window draws its labels (yellow-on-brown for the word itself).
    QCOMPARE(window_->state().focusRow(), window_->state().dataset()->space->index_of("cat"));
    const int label_pixels = yellow_label_pixels(window_->grab().toImage());
    QVERIFY2(label_pixels > 30, qPrintable(QString("yellow label pixels: %1").arg(label_pixels)));
    // The Neighbours dock lists them, dog first.
    const auto* panel = window_->neighboursPanel();
    QCOMPARE(panel->table()->model()->rowCount(), 10);
    QCOMPARE(panel->wordAt(0), QString("dog"));
  }

  void searchBoxSelectsAndTheNeighboursTableSelectsBack() {
    loadDefault();
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    QTest::keyClick(window_.get(), Qt::Key_F, Qt::ControlModifier);
    QLineEdit* search = window_->findChild<QLineEdit*>("search");
    QVERIFY(search != nullptr);
    QTRY_VERIFY(search->hasFocus());  // Ctrl+F
    QTest::keyClicks(search, "cat");
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(window_->state().focusRow(), window_->state().dataset()->space->index_of("cat"));
    QCOMPARE(window_->neighboursPanel()->wordAt(0), QString("dog"));
    // Clicking a row of the table selects that word.
    QTableView* table = window_->neighboursPanel()->table();
    const QRect cell = table->visualRect(table->model()->index(0, 1));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
    QCOMPARE(window_->state().focusRow(), window_->state().dataset()->space->index_of("dog"));
    // k is adjustable.
    window_->neighboursPanel()->setK(25);
    QCOMPARE(window_->state().neighbours().size(), size_t{25});
  }

  void exportsNeighboursCoordinatesAndAnImageThatReadBack() {
    loadDefault();
    QVERIFY(window_->selection()->selectWord("cat", 10));
    QTemporaryDir dir;
    const QString neighbours = dir.filePath("neighbours.csv");
    QCOMPARE(window_->fileActions()->write("neighbours", neighbours), QString());
    const auto rows = read_csv(neighbours);
    QCOMPARE(rows.size(), 11);
    QCOMPARE(rows[0], QStringList({"query", "rank", "word", "row", "cosine"}));
    QCOMPARE(rows[1][2], QString("dog"));
    QVERIFY(std::abs(rows[1][4].toDouble() - window_->state().neighbours()[0].score) < 1e-6);

    const QString coords = dir.filePath("coords.csv");
    QCOMPARE(window_->fileActions()->write("coordinates", coords), QString());
    const auto points = read_csv(coords);
    QCOMPARE(points.size(), 50001);
    QCOMPARE(points[0], QStringList({"word", "x", "y", "z"}));
    const int64_t cat = window_->state().dataset()->space->index_of("cat");
    const QStringList cat_row = points[static_cast<int>(cat) + 1];
    QCOMPARE(cat_row[0], QString("cat"));
    for (int axis = 0; axis < 3; ++axis) {
      QCOMPARE(cat_row[axis + 1].toFloat(), window_->state().positions()(axis, cat));
    }

    const QString png = dir.filePath("view.png");
    QCOMPARE(window_->exportImage(png), QString());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window_->view()->size() * window_->view()->devicePixelRatio());
    const auto stats = embscope::test::measure(image);
    QVERIFY2(stats.foreground_fraction > 0.01 && stats.distinct_colours > 100, "no points");
    QVERIFY2(yellow_label_pixels(image) > 30, "the selected word's label is missing");

    const QString big = dir.filePath("view2x.png");
    QCOMPARE(window_->exportImage(big, false, 2.0), QString());
    const QImage twice(big);
    QCOMPARE(twice.size(), image.size() * 2);
    const auto big_stats = embscope::test::measure(twice);
    QVERIFY2(big_stats.foreground_fraction > 0.01 && big_stats.distinct_colours > 100, "no points");
    QVERIFY2(yellow_label_pixels(twice) > 2 * yellow_label_pixels(image), "labels not scaled");

    const QString transparent = dir.filePath("transparent.png");
    QCOMPARE(window_->exportImage(transparent, true), QString());
    const QImage clear(transparent);
    QVERIFY(clear.hasAlphaChannel());
    QCOMPARE(qAlpha(clear.pixel(2, 2)), 0);  // a corner is background
    QVERIFY(!window_->fileActions()->write("neighbours", dir.filePath("missing/x.csv")).isEmpty());
  }

  void lookupMarksRowsAndRefusesIndicesOutOfRange() {
    loadDefault();
    auto* lookup = window_->lookupPanel();
    QCOMPARE(lookup->table()->model()->rowCount(), 50000);
    QCOMPARE(lookup->lookup("0, 2, 4"), QString());
    QCOMPARE(lookup->lookedUp(), (std::vector<int64_t>{0, 2, 4}));
    QCOMPARE(window_->sceneBinding().scene()->marked(), (std::vector<int64_t>{0, 2, 4}));
    const QString error = lookup->lookup("1, 50000");
    QVERIFY2(error.contains("index 50000 (position 1) is out of range for an embedding table of "
                            "50000 rows"),
             qPrintable(error));
    QCOMPARE(lookup->lookedUp(), (std::vector<int64_t>{0, 2, 4}));  // unchanged
  }

  void isolateShowsOnlyTheNeighbourhoodAnd2DFlattens() {
    loadDefault();
    QVERIFY(window_->selection()->selectWord("cat", 10));
    window_->selection()->setIsolated(true);
    QCOMPARE(window_->sceneBinding().scene()->positions().cols(), Eigen::Index{11});
    // The isolated points are hoverable and labelled by their own rows.
    QVERIFY(window_->sceneBinding()
                .screenPosition(window_->state().dataset()->space->index_of("dog"))
                .has_value());
    QVERIFY(!window_->sceneBinding()
                 .screenPosition(window_->state().dataset()->space->index_of("the"))
                 .has_value());
    window_->selection()->setIsolated(false);
    QCOMPARE(window_->sceneBinding().scene()->positions().cols(), Eigen::Index{50000});

    embscope::ui::ProjectionSettings flat = window_->state().projectionSettings();
    flat.flat = true;
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    window_->projection()->apply(flat);
    QVERIFY(applied.wait(30000));
    QVERIFY(window_->state().positions().row(2).isZero());
    QVERIFY(window_->sceneBinding().scene()->cameraState().parallel);
  }

  void exportsTheVectorsInAnyWritableFormat() {
    loadDefault();
    QTemporaryDir dir;
    const QString path = dir.filePath("vectors.bin");
    QCOMPARE(window_->fileActions()->write("vectors", path), QString());
    const embscope::VectorSet written = embscope::read_vectors(path.toStdString());
    QCOMPARE(written.rows(), int64_t{50000});
    QVERIFY(written.vectors == window_->state().dataset()->vectors.vectors);  // binary: bit-exact
    QVERIFY(
        !window_->fileActions()->write("vectors", dir.filePath("no/such/folder/v.bin")).isEmpty());
  }

  void customAxesPutQueenRightOfKing() {
    loadDefault();
    embscope::ui::ProjectionSettings settings;
    settings.axes = {"woman - man", "queen - king", ""};
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    window_->projection()->apply(settings);
    QVERIFY(applied.wait(30000));
    const auto& space = *window_->state().dataset()->space;
    const auto x = [&](const char* word) {
      return window_->state().positions()(0, space.index_of(word));
    };
    QVERIFY(x("queen") > x("king"));
    QVERIFY(x("actress") > x("actor"));
    QVERIFY(x("she") > x("he"));
  }

  void coloursByAMetadataColumnAndByCluster() {
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    const QString folder = QStringLiteral(EMBSCOPE_TEST_FIXTURE_DIR) + "/formats/projector/";
    window_->openFile(folder + "vectors.tsv", folder + "metadata.tsv");
    QVERIFY(shown.wait(30000));
    QCOMPARE(window_->state().dataset()->vectors.metadata.column_names.size(), size_t{2});
    embscope::ui::AppearanceSettings appearance = window_->state().appearance();
    appearance.colour_by = embscope::ui::ColourBy::Metadata;
    appearance.metadata_column = "length";
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    window_->setAppearance(appearance);
    QVERIFY(applied.wait(30000));
    // "length" is numeric (characters per word): the colour range is the range of that column.
    double shortest = 1000, longest = 0;
    for (const auto& cell : window_->state().dataset()->vectors.metadata.columns[1]) {
      shortest = std::min(shortest, QString::fromStdString(cell).toDouble());
      longest = std::max(longest, QString::fromStdString(cell).toDouble());
    }
    QCOMPARE(shortest, 1.0);  // 猫
    QCOMPARE(window_->sceneBinding().scene()->colourLow(), shortest);
    QCOMPARE(window_->sceneBinding().scene()->colourHigh(), longest);

    loadDefault();
    appearance.colour_by = embscope::ui::ColourBy::Cluster;
    window_->setAppearance(appearance);
    QVERIFY(applied.wait(60000));
    QCOMPARE(window_->sceneBinding().scene()->colourLow(), 0.0);
    QCOMPARE(window_->sceneBinding().scene()->colourHigh(), 9.0);
  }

  void analogyRanksQueenFirstAndDrawsItsParallelogram() {
    loadDefault();
    const auto answers =
        window_->analogy()->solve({"man", "king", "woman", "queen", embscope::AnalogyMethod::Add});
    QVERIFY(!answers.empty());
    QCOMPARE(answers.front().word, std::string("queen"));
    // The core's answer, computed directly, is the same.
    const auto direct = window_->state().dataset()->space->analogy("man", "king", "woman", 1);
    QCOMPARE(direct.front().word, std::string("queen"));
    QCOMPARE(window_->state().arrows().size(), size_t{4});
    window_->analogy()->showPlane();
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    QVERIFY(applied.wait(30000));
    const int frames = window_->view()->framesRendered();
    window_->view()->update();
    QTRY_VERIFY(window_->view()->framesRendered() > frames);
    // The arrow a -> b is drawn in its light blue, the answer's in gold.
    const QImage image = window_->grab().toImage().convertToFormat(QImage::Format_RGB32);
    int blue = 0, gold = 0;
    for (int y = 0; y < image.height(); ++y) {
      for (int x = 0; x < image.width(); ++x) {
        const QRgb p = image.pixel(x, y);
        blue += std::abs(qRed(p) - 90) < 25 && std::abs(qGreen(p) - 200) < 25 && qBlue(p) > 225;
        gold += qRed(p) > 230 && std::abs(qGreen(p) - 210) < 25 && qBlue(p) < 120;
      }
    }
    QVERIFY2(blue > 40 && gold > 40, qPrintable(QString("blue %1, gold %2").arg(blue).arg(gold)));
    // In the analogy plane, man -> king runs along x.
    const auto& space = *window_->state().dataset()->space;
    const auto x = [&](const char* word) {
      return window_->state().positions()(0, space.index_of(word));
    };
    QVERIFY(x("king") > x("man"));
    // Unknown words are refused.
    QVERIFY(window_->analogy()
                ->solve({"man", "king", "zzqxnotaword", "", embscope::AnalogyMethod::Add})
                .empty());
    QVERIFY(window_->state().arrows().empty());
  }

  void evaluationReproducesTheCoresNumbers() {
    loadDefault();
    window_->evaluationPanel()->setRestrictVocab(10000);
    QSignalSpy finished(window_.get(), &MainWindow::evaluationFinished);
    window_->evaluation()->run();
    QVERIFY(finished.wait(120000));
    QVERIFY(window_->evaluation()->results() != nullptr);
    embscope::AnalogyOptions options;
    options.restrict_vocab = 10000;
    const auto direct = embscope::evaluate_analogies(
        *window_->state().dataset()->space,
        embscope::resource_path("data/eval/questions-words.txt"), options);
    QCOMPARE(window_->evaluation()->results()->analogies.total.correct, direct.total.correct);
    QCOMPARE(window_->evaluation()->results()->analogies.total.incorrect, direct.total.incorrect);
    QVERIFY(direct.total.accuracy() > 0.5);  // GloVe 100d on its frequent words
    embscope::WordPairOptions pairs;
    pairs.restrict_vocab = 10000;
    const auto wordsim =
        embscope::evaluate_word_pairs(*window_->state().dataset()->space,
                                      embscope::resource_path("data/eval/wordsim353.tsv"), pairs);
    QCOMPARE(window_->evaluation()->results()->pairs.front().first, QString("wordsim353.tsv"));
    QCOMPARE(window_->evaluation()->results()->pairs.front().second.spearman, wordsim.spearman);
    // The panel shows them, and a failed question draws its parallelogram.
    QVERIFY(window_->evaluationPanel()->sections()->model()->rowCount() > 10);
    QVERIFY(!window_->evaluationPanel()->failed().empty());
    window_->analogy()->showQuestion(window_->evaluationPanel()->failed().front());
    QVERIFY(window_->state().arrows().size() >= 3);
    QTemporaryDir dir;
    QCOMPARE(window_->evaluation()->exportCsv(dir.filePath("evaluation.csv")), QString());
    const auto rows = read_csv(dir.filePath("evaluation.csv"));
    QCOMPARE(rows[0], QStringList({"benchmark", "measure", "value", "count"}));
    QVERIFY(rows.size() > 20);
  }

  void steppingTrainingMovesPointsLowersTheLossAndKeepsTheUiResponsive() {
    loadDefault();
    auto& training = window_->training();
    window_->trainingView()->trainSteps(20000);
    QTRY_VERIFY_WITH_TIMEOUT(window_->trainingView()->shownWords() >= 20000, 60000);
    QVERIFY(window_->state().dataset()->format == "word2vec training");
    const embscope::Positions3D early = window_->state().positions();
    QVERIFY(!training.log().empty());

    // Play, and watch the event loop meanwhile: the longest gap between 5 ms timer ticks.
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0, longest = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] {
      const qint64 now = clock.elapsed();
      longest = std::max(longest, now - last);
      last = now;
    });
    training.play();
    QTest::qWait(200);  // past the switch to the moving render scale
    last = clock.elapsed();
    auto* tracer = static_cast<TracingApplication*>(QCoreApplication::instance());
    tracer->startTrace(&tick);
    tick.start(5);
    // A real event loop, as the application runs: QTest::qWait processes what is pending and
    // then sleeps 10 ms, which would add up to 10 ms to every gap measured here.
    QEventLoop loop;
    QTimer::singleShot(1500, &loop, &QEventLoop::quit);
    loop.exec();
    tracer->stopTrace();
    training.pause();
    // pause() returns with the trainer still (the autosave it triggers once resumed a run that
    // was still moving: found by bench/soak).
    QVERIFY(!training.playing());
    tick.stop();
    qInfo("longest UI stall while training: %lld ms, view at %.1f frames/s", longest,
          training.framesPerSecond());
    qInfo("longest intervals between the 5 ms ticks:\n%s", qPrintable(tracer->report(4)));
    // The goal is 50 ms. On this 2-core machine's software GL one frame (render at half
    // resolution plus Qt's composition of the window) costs 40-45 ms on the UI thread, and the
    // longest stall measured 45-49 ms at 15 frames/s (before the view stopped asking for a
    // second composition of the window from inside each paint: 71-87 ms at 13 frames/s; see
    // docs/BENCHMARKS.md for the GPU machine). The bounds leave room for a CI machine twice as
    // slow and still catch a second paint per frame or work moved onto the UI thread.
    QVERIFY2(longest < 120, qPrintable(QString("the UI stalled %1 ms; where the time went:\n%2")
                                           .arg(longest)
                                           .arg(tracer->report(4))));
    QVERIFY(training.framesPerSecond() >= 7);

    // Pause leaves a consistent state: the trainer stands still and the view shows its words.
    QTRY_VERIFY_WITH_TIMEOUT(!training.playing(), 5000);
    const int64_t words = training.trainer()->progress().words_done;
    QTest::qWait(100);
    QCOMPARE(training.trainer()->progress().words_done, words);
    QTRY_COMPARE_WITH_TIMEOUT(window_->trainingView()->shownWords(), words, 5000);
    QVERIFY(words > 20000);
    // The points moved and the loss went down.
    QVERIFY((window_->state().positions() - early).norm() > 0);
    double first_loss = 0, last_loss = 0;
    for (const auto& row : training.log()) {
      if (row.loss <= 0) continue;
      if (first_loss == 0) first_loss = row.loss;
      last_loss = row.loss;
    }
    QVERIFY2(last_loss < first_loss,
             qPrintable(QString("loss %1 -> %2").arg(first_loss).arg(last_loss)));
    QVERIFY(!window_->state().tracked().empty());

    QTemporaryDir dir;
    QCOMPARE(training.exportLog(dir.filePath("log.csv")), QString());
    QVERIFY(read_csv(dir.filePath("log.csv")).size() >= 3);
    QCOMPARE(training.saveCheckpoint(dir.filePath("run.ckpt")), QString());
    QCOMPARE(training.resumeCheckpoint(dir.filePath("run.ckpt")), QString());
    QCOMPARE(training.trainer()->progress().words_done, words);
    QCOMPARE(training.exportVectors(dir.filePath("trained.bin")), QString());
    QCOMPARE(embscope::read_vectors(dir.filePath("trained.bin").toStdString()).rows(),
             training.corpus()->vocabulary().size());
  }

  void everyBadInputFailsCleanlyAndKeepsThePreviousData() {
    loadDefault();
    const auto* before = window_->state().dataset();
    const QString folder = QStringLiteral(EMBSCOPE_TEST_DATA_DIR) + "/bad/";
    QFile expected(folder + "EXPECTED.tsv");
    QVERIFY(expected.open(QIODevice::ReadOnly));
    int checked = 0;
    while (!expected.atEnd()) {
      const QString line = QString::fromUtf8(expected.readLine()).trimmed();
      if (line.isEmpty() || line.startsWith('#')) continue;
      const QString name = line.section('\t', 0, 0);
      const QString text = line.section('\t', 1);
      QSignalSpy failed(window_.get(), &MainWindow::loadFailed);
      window_->openFile(folder + name);
      QVERIFY2(failed.wait(60000), qPrintable(name));
      const QString message = failed.takeFirst().at(0).toString();
      QVERIFY2(message.contains(name + text), qPrintable(name + ": " + message));
      QCOMPARE(window_->state().dataset(), before);
      ++checked;
    }
    QVERIFY(checked >= 25);
    QCOMPARE(window_->state().dataset()->vectors.rows(), int64_t{50000});
  }

  void anInterruptedTrainingRunIsAutosavedAndResumes() {
    loadDefault();
    window_->training().discardAutosave();
    window_->trainingView()->trainSteps(30000);
    QTRY_VERIFY_WITH_TIMEOUT(window_->trainingView()->shownWords() >= 30000, 60000);
    window_->training().pause();  // a pause autosaves, as the 30 s timer does while playing
    const auto saved = window_->training().pendingAutosave();
    QVERIFY(saved.has_value());
    QCOMPARE(saved->words, int64_t{30000});
    QVERIFY(QFileInfo(saved->checkpoint).size() > 0);

    // "Crash": a new window, the old one never closed cleanly. The next start finds the run...
    MainWindow next;
    next.setHeadless(true);
    const auto found = next.training().pendingAutosave();
    QVERIFY(found.has_value());
    QCOMPARE(found->words, int64_t{30000});
    // ...and resuming it continues from the saved position.
    QSignalSpy ready(&next.training(), &embscope::ui::TrainingController::ready);
    next.training().resumeAutosave(*found);
    QVERIFY(ready.wait(60000));
    QTRY_VERIFY(next.training().trainer() != nullptr);
    QTRY_COMPARE(next.training().trainer()->progress().words_done, int64_t{30000});
    QVERIFY(next.training().trainer()->input().weight() ==
            window_->training().trainer()->input().weight());
    next.training().discardAutosave();
    QVERIFY(!next.training().pendingAutosave().has_value());
  }

  void sessionRoundTripsCameraAndSelection() {
    loadDefault();
    QVERIFY(window_->selection()->selectWord("paris", 7));
    auto camera = window_->sceneBinding().scene()->cameraState();
    camera.position[0] += 1.5;
    window_->sceneBinding().scene()->setCameraState(camera);
    QTemporaryDir dir;
    const QString path = dir.filePath("view.json");
    QCOMPARE(window_->sessions()->save(path), QString());
    const auto saved = window_->sceneBinding().scene()->cameraState();

    MainWindow other;
    other.setHeadless(true);
    other.resize(1000, 700);
    other.show();
    QVERIFY(QTest::qWaitForWindowExposed(&other));
    QSignalSpy applied(&other, &MainWindow::sessionApplied);
    QCOMPARE(other.sessions()->open(path), QString());
    QVERIFY(applied.wait(60000));
    QCOMPARE(other.state().focusRow(), window_->state().focusRow());
    QCOMPARE(other.state().neighbours().size(), size_t{7});
    const auto restored = other.sceneBinding().scene()->cameraState();
    for (int i = 0; i < 3; ++i) {
      QCOMPARE(restored.position[i], saved.position[i]);
      QCOMPARE(restored.focal_point[i], saved.focal_point[i]);
      QCOMPARE(restored.view_up[i], saved.view_up[i]);
    }
    // The session names its data file by checksum (computed off the UI thread); a session
    // whose data changed since is still applied, with a note once the check is done.
    QString error;
    auto stored = embscope::ui::loadSession(path, &error);
    QVERIFY2(stored.has_value(), qPrintable(error));
    QCOMPARE(stored->data_sha256, embscope::ui::fileSha256(window_->state().dataset()->path));
    QCOMPARE(stored->data_sha256.size(), qsizetype{64});
    stored->data_sha256 = QString(64, QLatin1Char('0'));
    const QString changed = dir.filePath("changed.json");
    QCOMPARE(embscope::ui::saveSession(changed, *stored), QString());
    QCOMPARE(other.sessions()->open(changed), QString());
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 2, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(
        other.statusBar()->currentMessage().contains("changed since the session was saved"), 10000);
    QCOMPARE(other.state().focusRow(), window_->state().focusRow());

    QVERIFY(!embscope::ui::loadSession(dir.filePath("nothing.json"), &error));
    QFile broken(dir.filePath("broken.json"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"embscope_session\": 1, \"data\": ");
    broken.close();
    QVERIFY(!embscope::ui::loadSession(broken.fileName(), &error));
    QVERIFY2(error.contains("broken.json") && error.contains("not valid JSON"), qPrintable(error));
  }

  void sessionFilesAreCheckedBeforeUse() {
    QTemporaryDir dir;
    embscope::ui::Session session;
    session.data_path = dir.filePath("vectors.txt");
    session.selected_word = "caf\xc3\xa9";
    session.neighbours = 12;
    session.camera = embscope::ui::CameraState{{1, 2, 3}, {0, 0, 0}, {0, 1, 0}, 30, false, 1};
    const QString path = dir.filePath("view.json");
    QCOMPARE(embscope::ui::saveSession(path, session), QString());
    QString error;
    const auto loaded = embscope::ui::loadSession(path, &error);
    QVERIFY2(loaded.has_value(), qPrintable(error));
    QCOMPARE(loaded->selected_word, session.selected_word);
    QCOMPARE(loaded->neighbours, 12);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    file.close();
    const auto write = [&](const QString& name, QByteArray bytes) {
      QFile out(dir.filePath(name));
      QVERIFY(out.open(QIODevice::WriteOnly));
      out.write(bytes);
    };
    // One changed value (a damaged or hand-edited file) no longer matches the checksum.
    QByteArray changed = saved;
    changed.replace("\"neighbors\": 12", "\"neighbors\": 13");
    QVERIFY(changed != saved);
    write("changed.json", changed);
    QVERIFY(!embscope::ui::loadSession(dir.filePath("changed.json"), &error));
    QVERIFY2(error.contains("changed.json") && error.contains("checksum does not match"),
             qPrintable(error));
    // Version 1 files came before the checksum: still read, and still range-checked.
    QByteArray old_version = saved;
    old_version.replace("\"embscope_session\": 2", "\"embscope_session\": 1");
    write("version1.json", old_version);
    QVERIFY2(embscope::ui::loadSession(dir.filePath("version1.json"), &error), qPrintable(error));
    old_version.replace("\"neighbors\": 12", "\"neighbors\": -3");
    write("negative.json", old_version);
    QVERIFY(!embscope::ui::loadSession(dir.filePath("negative.json"), &error));
    QVERIFY2(error.contains("\"selection.neighbors\" must be between 1 and 1000"),
             qPrintable(error));
  }

  // A session names its selected word whatever its bytes: the file stays valid UTF-8 JSON and
  // reads back to the same bytes (words are kept byte for byte from the vector file).
  void sessionsKeepAnyWordExactly() {
    QTemporaryDir dir;
    for (const std::string& word :
         {std::string("caf\xe9"), std::string("cut\xf0\x9f\x98"), std::string("tab\there"),
          std::string("new\nline"), std::string("say \"hi\" \\ back"), std::string("a b"),
          std::string("\xed\xa0\x80surrogate"), std::string("\xe2\x82\xac ok")}) {
      embscope::ui::Session session;
      session.data_path = dir.filePath("vectors.txt");
      session.selected_word = word;
      const QString path = dir.filePath("word.json");
      QCOMPARE(embscope::ui::saveSession(path, session), QString());
      QFile file(path);
      QVERIFY(file.open(QIODevice::ReadOnly));
      const QByteArray saved = file.readAll();
      QVERIFY(embscope::is_valid_utf8(saved.toStdString()));
      QJsonParseError parse;
      QJsonDocument::fromJson(saved, &parse);
      QCOMPARE(parse.error, QJsonParseError::NoError);
      QString error;
      const auto loaded = embscope::ui::loadSession(path, &error);
      QVERIFY2(loaded.has_value(), qPrintable(error));
      QVERIFY2(loaded->selected_word == word, word.c_str());
    }
  }

  void clickingAPointSelectsIt() {
    loadDefault();
    const int64_t target = window_->state().dataset()->space->index_of("the");
    // "the" is the most frequent word: pick the front-most point at its position, as a user would.
    const auto position = window_->sceneBinding().screenPosition(target);
    QVERIFY(position.has_value());
    QTest::mouseClick(window_->view(), Qt::LeftButton, Qt::NoModifier, position->toPoint());
    QTRY_VERIFY(window_->state().focusRow().has_value());
    const auto selected = window_->sceneBinding().screenPosition(*window_->state().focusRow());
    QVERIFY(selected.has_value());
    QVERIFY(QLineF(*selected, *position).length() <= 6.5);
  }

  void malformedFileShowsAnErrorAndKeepsThePreviousData() {
    loadDefault();
    const auto* before = window_->state().dataset();
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.txt");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("cat 1 2 3\ndog 4 5 6\nemu 7 8\n");
    file.close();
    QSignalSpy failed(window_.get(), &MainWindow::loadFailed);
    window_->openFile(path);
    QVERIFY(failed.wait(30000));
    const QString message = failed.takeFirst().at(0).toString();
    QVERIFY2(message.contains("broken.txt:3: expected 3 values after the word \"emu\", found 2"),
             qPrintable(message));
    QCOMPARE(window_->state().dataset(), before);
    QCOMPARE(window_->state().dataset()->vectors.rows(), int64_t{50000});

    // Outside scripted runs the user sees a dialog naming the file and line.
    window_->setHeadless(false);
    window_->openFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(window_->findChild<QMessageBox*>("loadErrorDialog") != nullptr, 30000);
    auto* dialog = window_->findChild<QMessageBox*>("loadErrorDialog");
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY2(dialog->informativeText().contains("broken.txt:3:"),
             qPrintable(dialog->informativeText()));
    dialog->accept();
    QCOMPARE(window_->state().dataset(), before);
  }

 private:
  void loadDefault() {
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    window_->openFile(QString::fromStdString(embscope::default_dataset_path().string()));
    QVERIFY(shown.wait(60000));
    // The repaint the new data asked for may already have happened while the spy's event loop
    // ran; ask for one more and wait for it, so the frame surely shows the data.
    const int frames = window_->view()->framesRendered();
    window_->view()->update();
    QTRY_VERIFY_WITH_TIMEOUT(window_->view()->framesRendered() > frames, 10000);
  }

  std::unique_ptr<MainWindow> window_;
};

int main(int argc, char** argv) {
  embscope::ui::VtkView::prepareProcess();
  // Settings and recent files go to a scratch location, never the user's.
  QStandardPaths::setTestModeEnabled(true);
  TracingApplication app(argc, argv);
  MainWindowTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_main_window.moc"
