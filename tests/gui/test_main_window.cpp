// The real main window under Xvfb: load, draw, hover, and survive a malformed file.
#include <QApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include "embscope/point_picker.hpp"
#include "embscope/resources.hpp"
#include "image_statistics.hpp"
#include "main_window.hpp"
#include "vtk_view.hpp"

using embscope::ui::MainWindow;

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
    const auto* dataset = window_->dataset();
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
    const auto& positions = window_->dataset()->positions;
    int64_t target = -1;
    QPointF target_position;
    for (int64_t i = 0; i < positions.cols(); ++i) {
      const auto p = window_->screenPosition(i);
      if (p && (target < 0 || p->x() > target_position.x())) {
        target = i;
        target_position = *p;
      }
    }
    QVERIFY(target >= 0);
    QTest::mouseMove(window_->view(), target_position.toPoint());
    QTRY_COMPARE(window_->hoveredPoint(), std::optional<int64_t>(target));
    const QString word = window_->hoveredWord();
    QCOMPARE(word, QString::fromStdString(window_->dataset()->vectors.vocabulary.word(target)));

    // Moving to empty space clears it.
    QTest::mouseMove(window_->view(), QPoint(3, 3));
    QTRY_COMPARE(window_->hoveredPoint(), std::optional<int64_t>());
  }

  void searchingCatSelectsItAndShowsDogFirst() {
    loadDefault();
    QVERIFY(window_->selectWord("cat"));
    QCOMPARE(window_->selectedNeighbours().front().word, std::string("dog"));
    QCOMPARE(window_->selectedNeighbours().size(), size_t{10});
    QVERIFY(!window_->selectWord("zzqxnotaword"));
    // The selection stays; the window draws its labels (yellow-on-brown for the word itself).
    QCOMPARE(window_->selectedPoint(), window_->dataset()->space->index_of("cat"));
    const QImage image = window_->grab().toImage().convertToFormat(QImage::Format_RGB32);
    int label_pixels = 0;
    for (int y = 0; y < image.height(); ++y) {
      for (int x = 0; x < image.width(); ++x) {
        const QRgb p = image.pixel(x, y);
        label_pixels += qRed(p) > 200 && qGreen(p) > 170 && qBlue(p) < 140;  // the label's yellow
      }
    }
    QVERIFY2(label_pixels > 30, qPrintable(QString("yellow label pixels: %1").arg(label_pixels)));
  }

  void clickingAPointSelectsIt() {
    loadDefault();
    const int64_t target = window_->dataset()->space->index_of("the");
    // "the" is the most frequent word: pick the front-most point at its position, as a user would.
    const auto position = window_->screenPosition(target);
    QVERIFY(position.has_value());
    QTest::mouseClick(window_->view(), Qt::LeftButton, Qt::NoModifier, position->toPoint());
    QTRY_VERIFY(window_->selectedPoint().has_value());
    const auto selected = window_->screenPosition(*window_->selectedPoint());
    QVERIFY(selected.has_value());
    QVERIFY(QLineF(*selected, *position).length() <= 6.5);
  }

  void malformedFileShowsAnErrorAndKeepsThePreviousData() {
    loadDefault();
    const auto* before = window_->dataset();
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
    QCOMPARE(window_->dataset(), before);
    QCOMPARE(window_->dataset()->vectors.rows(), int64_t{50000});
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
  QApplication app(argc, argv);
  MainWindowTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_main_window.moc"
