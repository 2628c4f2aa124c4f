// The view as a person drives it: the search box typed into, the wheel rolled and the camera
// dragged on the view widget, a failed question double-clicked. Each test checks what is drawn
// in the frame that follows (labels on their points, one label size, no overlaps, a categorical
// legend, a question on its own plane, every /regex/ match). Set EMBSCOPE_VIEW_SCREENSHOTS to a
// folder to keep the window's pictures (docs/images/view-*.png come from there).
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFontMetricsF>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>
#include <numeric>
#include <regex>

#include "analogy_panel.hpp"
#include "appearance_panel.hpp"
#include "embscope/base/resources.hpp"
#include "embscope/projection/point_picker.hpp"
#include "embscope/projection/point_scalars.hpp"
#include "evaluation_controller.hpp"
#include "evaluation_panel.hpp"
#include "main_window.hpp"
#include "panel_docks.hpp"
#include "point_cloud_scene.hpp"
#include "projection_controller.hpp"
#include "selection_controller.hpp"
#include "training_controller.hpp"
#include "training_view.hpp"
#include "vtk_view.hpp"

using embscope::ui::ExplorerState;
using embscope::ui::MainWindow;
using embscope::ui::PointCloudScene;
using embscope::ui::ViewOverlay;
using embscope::ui::VtkView;

namespace {

double luminance(QRgb p) {
  return 0.2126 * qRed(p) + 0.7152 * qGreen(p) + 0.0722 * qBlue(p);
}

double rgb_distance(const std::array<int, 3>& a, const std::array<int, 3>& b) {
  return std::sqrt(std::pow(a[0] - b[0], 2) + std::pow(a[1] - b[1], 2) + std::pow(a[2] - b[2], 2));
}

}  // namespace

class ViewInputTest : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    window_ = std::make_unique<MainWindow>();
    window_->setHeadless(true);
    window_->resize(1280, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  }
  void cleanup() { window_.reset(); }

  // Problem 1: after a wheel step and a drag on the view, every label's anchor is its point's
  // position in the camera of the frame on screen, and the hover box follows the pointer.
  void labelsAndHoverFollowTheViewAfterAWheelStepAndADrag() {
    loadDefault();
    search("cat");
    QCOMPARE(window_->state().focusRow(), window_->state().dataset()->space->index_of("cat"));
    QVERIFY(waitForOverlay());
    QVERIFY(window_->overlay().drawnLabels().size() >= 8);  // cat and its neighbours
    checkAnchors("after the search");

    // The pointer rests on empty space in the view, which has the keyboard focus: the wheel
    // and the drag change nothing in the window but the view (any other repaint, of the status
    // bar say, would repaint the labels too and hide a lag).
    VtkView* view = window_->view();
    view->setFocus(Qt::OtherFocusReason);
    // R resets the camera: the whole cloud, with empty space around it.
    int frames = view->framesRendered();
    QTest::keyClick(view, Qt::Key_R);
    QVERIFY(waitForOverlay(frames));
    const auto nothing_near = [&](QPoint at) {
      return !embscope::pick_point_brute_force(window_->sceneBinding().scene()->positions(),
                                               view->frameWorldToClip(), view->width(),
                                               view->height(), at.x(), at.y(), 10.0);
    };
    QPoint empty(-1, -1);
    for (int y = 10; y < view->height() && empty.x() < 0; y += 10) {
      for (int x = 10; x < view->width() && empty.x() < 0; x += 10) {
        if (nothing_near(QPoint(x, y))) empty = QPoint(x, y);
      }
    }
    QVERIFY2(empty.x() >= 0, "no empty place in the view");
    QTest::mouseMove(view, empty);
    QTest::qWait(300);
    QVERIFY(!window_->sceneBinding().hovered().has_value());

    // One wheel step, over the view, as the mouse sends it.
    const auto wheel = [&](QPoint at) {
      QWheelEvent event(QPointF(at), QPointF(view->mapToGlobal(at)), QPoint(), QPoint(0, 120),
                        Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
      QApplication::sendEvent(view, &event);
    };
    const QPointF dog_before =
        *window_->sceneBinding().screenPosition(window_->state().neighbours()[0].index);
    frames = view->framesRendered();
    wheel(empty);
    QVERIFY(waitForOverlay(frames));
    checkAnchors("after a wheel step");
    // The zoom moved the picture (cat stays centred, dog moves away from it).
    QVERIFY(QLineF(*window_->sceneBinding().screenPosition(window_->state().neighbours()[0].index),
                   dog_before)
                .length() > 2);

    // A drag turns the camera; the labels follow it frame by frame.
    frames = view->framesRendered();
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, empty);
    for (int step = 1; step <= 6; ++step)
      QTest::mouseMove(view, empty + QPoint(25 * step, 9 * step));
    QVERIFY(waitForOverlay(frames));
    checkAnchors("during a drag");
    frames = view->framesRendered();
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, empty + QPoint(150, 54));
    QVERIFY(waitForOverlay(frames));
    checkAnchors("after a drag");
    checkHover(empty + QPoint(150, 54));

    // The hover box follows the pointer: hover the labelled word farthest from cat that is
    // front-most at its place (the zoom centres on cat: it moves most), then roll the wheel.
    std::vector<ViewOverlay::DrawnLabel> labels = window_->overlay().drawnLabels();
    const QPointF cat = *window_->sceneBinding().screenPosition(*window_->state().focusRow());
    std::sort(labels.begin(), labels.end(), [&](const auto& a, const auto& b) {
      return QLineF(a.anchor, cat).length() > QLineF(b.anchor, cat).length();
    });
    const auto front_most = [&](const ViewOverlay::DrawnLabel& label) {
      const QPoint at = label.anchor.toPoint();
      return !label.hover &&
             embscope::pick_point_brute_force(window_->sceneBinding().scene()->positions(),
                                              view->frameWorldToClip(), view->width(),
                                              view->height(), at.x(), at.y(), 6.0) == label.row;
    };
    // The whole cloud is framed after R (outliers too): in its dense middle a labelled word may
    // lie under another point; the hover then follows that front-most point.
    auto far = std::find_if(labels.begin(), labels.end(), front_most);
    if (far == labels.end()) {
      far = std::find_if(labels.begin(), labels.end(), [](const auto& l) { return !l.hover; });
    }
    QVERIFY(far != labels.end());
    const auto under = embscope::pick_point_brute_force(
        window_->sceneBinding().scene()->positions(), view->frameWorldToClip(), view->width(),
        view->height(), far->anchor.toPoint().x(), far->anchor.toPoint().y(), 6.0);
    QVERIFY(under.has_value());
    const int64_t neighbour = *under;
    const QPoint pointer = far->anchor.toPoint();
    QTest::mouseMove(view, pointer);
    QTRY_COMPARE(window_->sceneBinding().hovered(), std::optional<int64_t>(neighbour));
    QVERIFY(waitForOverlay());
    frames = view->framesRendered();
    wheel(pointer);
    QVERIFY(waitForOverlay(frames));
    checkAnchors("after a wheel step under the pointer");
    const auto moved = window_->sceneBinding().screenPosition(neighbour);
    QVERIFY(moved.has_value());
    qInfo("wheel: %s moved %.1f px on screen",
          window_->state().dataset()->vectors.vocabulary.word(neighbour).c_str(),
          QLineF(*moved, QPointF(pointer)).length());
    QVERIFY2(QLineF(*moved, QPointF(pointer)).length() > 7, "the wheel step barely moved it");
    // The hover is what lies under the pointer now (the word that moved away is no longer it).
    checkHover(pointer);
    saveScreenshot("view-cat-zoom");
  }

  // Problem 2: 100 frequent-word labels plus cat's: one size, a background, no overlaps; the
  // size is adjustable; the hover box holds its word.
  void labelsHaveOneSizeABackgroundAndNeverOverlap() {
    window_->docks()->setVisible(false);  // the view alone, as scripted screenshots show it
    loadDefault();
    embscope::ui::AppearanceSettings appearance = window_->state().appearance();
    appearance.frequent_labels = 100;
    window_->appearancePanel()->setSettings(appearance);
    window_->setAppearance(appearance);
    QVERIFY(waitForOverlay());
    // Hover "the", the most frequent word.
    const auto the = window_->sceneBinding().screenPosition(0);
    QVERIFY(the.has_value());
    QTest::mouseMove(window_->view(), the->toPoint());
    QTRY_VERIFY(window_->sceneBinding().hovered().has_value());
    QVERIFY(waitForOverlay());
    checkLabels(10, true);
    if (QTest::currentTestFailed()) return;
    saveScreenshot("view-labels-100");

    // The Appearance panel's label size applies to every label.
    auto* size = window_->appearancePanel()->findChild<QSpinBox*>("labelSize");
    QVERIFY(size != nullptr);
    size->selectAll();
    QTest::keyClicks(size, "14");
    QTest::keyClick(size, Qt::Key_Return);
    QCOMPARE(window_->state().appearance().label_size, 14.0);
    QVERIFY(waitForOverlay());
    checkLabels(14, true);
    if (QTest::currentTestFailed()) return;

    // The light palette: the boxes turn light and still carry every label.
    appearance = window_->state().appearance();
    appearance.dark = false;
    window_->appearancePanel()->setSettings(appearance);
    window_->setAppearance(appearance);
    QVERIFY(waitForOverlay());
    checkLabels(14, false);
    saveScreenshot("view-labels-100-light");
  }

  // Problem 7: k-means clusters and a categorical metadata column are drawn with a categorical
  // palette and listed in a legend of swatches with counts; the selection's colour is none of
  // the palette's.
  void categoricalColoursHaveAPaletteAndALegend() {
    // The palette is Tableau 10 as d3-scale-chromatic publishes it (schemeTableau10).
    const QString tableau10 = "4e79a7f28e2be1575976b7b259a14fedc948b07aa1ff9da79c755fbab0ac";
    for (size_t k = 0; k < PointCloudScene::kCategoricalPalette.size(); ++k) {
      const QColor published("#" + tableau10.mid(static_cast<int>(k) * 6, 6));
      const auto& ours = PointCloudScene::kCategoricalPalette[k];
      QCOMPARE(QColor(ours[0], ours[1], ours[2]), published);
    }

    loadDefault();
    auto* colour = window_->appearancePanel()->findChild<QComboBox*>();
    QVERIFY(colour != nullptr);
    const int cluster = colour->findText("k-means cluster (10)");
    QVERIFY(cluster >= 0);
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    colour->setCurrentIndex(cluster);
    QVERIFY(applied.wait(120000));
    QVERIFY(window_->sceneBinding().scene()->categorical());
    QVERIFY(waitForOverlay());
    // The core's clusters, counted here: the legend lists each with its count and colour.
    const Eigen::VectorXf ids = embscope::point_scalar(embscope::PointScalar::Cluster,
                                                       window_->state().dataset()->vectors.vectors,
                                                       window_->state().positions());
    std::vector<int64_t> counts(10, 0);
    for (Eigen::Index i = 0; i < ids.size(); ++i) ++counts[static_cast<size_t>(ids(i))];
    const auto& legend = window_->overlay().legendEntries();
    QCOMPARE(legend.size(), size_t{10});
    for (size_t k = 0; k < legend.size(); ++k) {
      QCOMPARE(legend[k].name, QString("cluster %1").arg(k + 1));
      QCOMPARE(legend[k].count, counts[k]);
      const auto& rgb = PointCloudScene::kCategoricalPalette[k];
      QCOMPARE(legend[k].colour, QColor(rgb[0], rgb[1], rgb[2]));
    }
    search("cat");
    QVERIFY(waitForOverlay());
    saveScreenshot("view-kmeans-legend");
    for (const bool dark : {true, false}) {
      embscope::ui::AppearanceSettings appearance = window_->state().appearance();
      appearance.dark = dark;
      window_->setAppearance(appearance);
      for (const auto& rgb : PointCloudScene::kCategoricalPalette) {
        QVERIFY2(rgb_distance(window_->sceneBinding().scene()->selectionColour(), rgb) > 100,
                 "the selection looks like a class");
        QVERIFY(rgb_distance(window_->sceneBinding().scene()->hoverColour(), rgb) > 100);
      }
    }
    QVERIFY(waitForOverlay());
    saveScreenshot("view-kmeans-legend-light");

    // A column of words: 16 classes, more than the palette's 10 colours, which repeat.
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    const QString folder = QStringLiteral(EMBSCOPE_TEST_FIXTURE_DIR) + "/formats/projector/";
    window_->openFile(folder + "vectors.tsv", folder + "metadata.tsv");
    QVERIFY(shown.wait(30000));
    embscope::ui::AppearanceSettings appearance = window_->state().appearance();
    appearance.colour_by = embscope::ui::ColourBy::Metadata;
    appearance.metadata_column = "word";
    window_->appearancePanel()->setSettings(appearance);
    window_->setAppearance(appearance);
    QVERIFY(applied.wait(30000));
    QVERIFY(waitForOverlay());
    const auto& column = window_->state().dataset()->vectors.metadata.columns[0];
    QCOMPARE(window_->sceneBinding().scene()->categories().size(), column.size());
    QCOMPARE(window_->overlay().legendEntries().size(), size_t{10});
    for (size_t k = 0; k < 10; ++k) {
      QCOMPARE(window_->overlay().legendEntries()[k].name, QString::fromStdString(column[k]));
      QCOMPARE(window_->overlay().legendEntries()[k].count, int64_t{1});
    }
    QCOMPARE(PointCloudScene::categoryColour(10), PointCloudScene::categoryColour(0));
  }

  // Problem 8: double-clicking a failed question shows it on its own analogy plane, with arrows
  // long enough to see and a legend naming the expected (green) and the answered (red) arrow.
  void aFailedQuestionIsShownOnItsOwnPlane() {
    loadDefault();
    window_->evaluationPanel()->setRestrictVocab(5000);
    QSignalSpy finished(window_.get(), &MainWindow::evaluationFinished);
    window_->evaluation()->run();
    QVERIFY(finished.wait(180000));
    const auto& failed = window_->evaluationPanel()->failed();
    QVERIFY(!failed.empty());
    // The first failed question whose answer is a word of the vectors.
    QTableView* table = window_->evaluationPanel()->failures();
    size_t row = 0;
    while (row < failed.size() && failed[row].predicted.empty()) ++row;
    QVERIFY(row < failed.size());
    const embscope::AnalogyQuestion& question = failed[row];
    auto* dock = window_->findChild<QDockWidget*>("evaluation");
    QVERIFY(dock != nullptr);
    dock->show();
    dock->raise();
    QTRY_VERIFY(table->isVisible());
    table->scrollTo(table->model()->index(static_cast<int>(row), 0));
    const QRect cell = table->visualRect(table->model()->index(static_cast<int>(row), 0));
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    QSignalSpy activated(window_->evaluationPanel(),
                         &embscope::ui::EvaluationPanel::questionActivated);
    // A double-click as the window system delivers it: a click, then the second press.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
    QCOMPARE(activated.count(), 1);
    QVERIFY(applied.wait(60000));
    QVERIFY(waitForOverlay());

    const auto& space = *window_->state().dataset()->space;
    const auto index = [&](const std::string& word) {
      std::string lower = word;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return window_->state().dataset()->vectors.vocabulary.find(word) ? space.index_of(word)
                                                                       : space.index_of(lower);
    };
    const auto word = [&](const std::string& w) {
      return QString::fromStdString(window_->state().dataset()->vectors.vocabulary.word(index(w)));
    };
    const auto settings = window_->state().projectionSettings();
    QVERIFY(settings.flat);
    QCOMPARE(settings.axes[0], word(question.b) + " - " + word(question.a));
    QCOMPARE(settings.axes[1], word(question.c) + " - " + word(question.a));
    // On the plane, a -> b runs along x.
    QVERIFY(window_->state().positions()(0, index(question.b)) >
            window_->state().positions()(0, index(question.a)));

    const ExplorerState::Arrow* expected = nullptr;
    const ExplorerState::Arrow* answered = nullptr;
    for (const auto& arrow : window_->state().arrows()) {
      if (arrow.legend.contains("(expected)")) expected = &arrow;
      if (arrow.legend.contains("(answered)")) answered = &arrow;
      if (arrow.dashed) continue;
      const auto from = window_->sceneBinding().screenPosition(arrow.from);
      const auto to = window_->sceneBinding().screenPosition(arrow.to);
      QVERIFY(from && to);
      const double length = QLineF(*from, *to).length();
      qInfo("arrow %s: %.0f px", qPrintable(arrow.legend), length);
      QVERIFY2(length > 60, qPrintable(arrow.legend + " is too short to see"));
    }
    QVERIFY(expected && answered);
    QCOMPARE(expected->to, index(question.expected));
    QCOMPARE(answered->to, index(question.predicted));
    QVERIFY(expected->legend.contains(word(question.expected)));
    QVERIFY(answered->legend.contains(word(question.predicted)));
    QVERIFY(expected->colour.green() > 180 && expected->colour.red() < 160);
    QVERIFY(answered->colour.red() > 200 && answered->colour.green() < 120);
    saveScreenshot("view-question-plane");
  }

  // Problem 10: /regex/ highlights every match and says how many; a plain word still selects it.
  void regexSearchHighlightsEveryMatchAndCountsThem() {
    loadDefault();
    search("/^cat/");
    // Every word that matches, by an independent engine (std::regex, ECMAScript).
    const std::regex pattern("^cat");
    std::vector<int64_t> expected;
    const auto& words = window_->state().dataset()->vectors.vocabulary.words();
    for (size_t row = 0; row < words.size(); ++row) {
      if (std::regex_search(words[row], pattern)) expected.push_back(static_cast<int64_t>(row));
    }
    QVERIFY(expected.size() > 10);
    QCOMPARE(window_->state().searchMatches(), expected);
    QCOMPARE(window_->sceneBinding().scene()->matched(), expected);
    auto* count = window_->findChild<QLabel*>("searchMatches");
    QVERIFY(count != nullptr);
    QCOMPARE(count->text(), QString("%1 matches").arg(expected.size()));
    QVERIFY(window_->statusBar()->currentMessage().contains(QString::number(expected.size())));
    QVERIFY(waitForOverlay());
    saveScreenshot("view-regex");

    // A plain word selects that word and clears the matches.
    search("dog");
    QCOMPARE(window_->state().focusRow(), window_->state().dataset()->space->index_of("dog"));
    QVERIFY(window_->state().searchMatches().empty());
    QVERIFY(window_->sceneBinding().scene()->matched().empty());
  }

  // Framing: R, a new file, the analogy plane and the 2D camera show every point of the cloud
  // inside the view with room for labels, whatever the spread: two words, a long thin cloud
  // (word2vec_pre_kv_c: PC1 holds 99% of the variance), the default set.
  void everyPointIsFramedWhateverTheSpread() {
    VtkView* view = window_->view();
    const auto check_framed = [&](const QString& what, const std::vector<int64_t>& rows,
                                  double min_span) {
      QVERIFY(waitForOverlay());
      const auto& positions = window_->sceneBinding().scene()->positions();
      const double margin = 0.04 * std::min(view->width(), view->height());
      double left = 1e9, right = -1e9, top = 1e9, bottom = -1e9;
      for (int64_t row : rows) {
        const embscope::ScreenPoint p = embscope::project_to_screen(
            positions.col(row), view->frameWorldToClip(), view->width(), view->height());
        const bool inside = p.visible && p.x >= margin && p.x <= view->width() - margin &&
                            p.y >= margin && p.y <= view->height() - margin;
        QVERIFY2(inside, qPrintable(QString("%1: point %2 at (%3, %4) in a %5 x %6 view")
                                        .arg(what)
                                        .arg(row)
                                        .arg(p.x)
                                        .arg(p.y)
                                        .arg(view->width())
                                        .arg(view->height())));
        left = std::min<double>(left, p.x);
        right = std::max<double>(right, p.x);
        top = std::min<double>(top, p.y);
        bottom = std::max<double>(bottom, p.y);
      }
      const QRectF box(QPointF(left, top), QPointF(right, bottom));
      const double span = std::max(box.width() / view->width(), box.height() / view->height());
      qInfo("%s: the points span %.0f x %.0f px of %d x %d", qPrintable(what), box.width(),
            box.height(), view->width(), view->height());
      QVERIFY2(span >= min_span, qPrintable(what + ": the points are a speck in the view"));
    };
    const auto all_rows = [&] {
      std::vector<int64_t> rows(
          static_cast<size_t>(window_->sceneBinding().scene()->positions().cols()));
      std::iota(rows.begin(), rows.end(), int64_t{0});
      return rows;
    };
    const auto open = [&](const QString& path) {
      QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
      QSignalSpy failed(window_.get(), &MainWindow::loadFailed);
      window_->openFile(path);
      QVERIFY2(!shown.isEmpty() || shown.wait(60000),
               qPrintable(failed.isEmpty() ? path : failed.front().front().toString()));
    };
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    const auto press_r = [&] {
      view->setFocus(Qt::OtherFocusReason);
      QTest::keyClick(view, Qt::Key_R);
      QVERIFY(waitForOverlay());
    };

    // Two words (a word2vec text file written here).
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    QFile two(folder.filePath("two.vec"));
    QVERIFY(two.open(QIODevice::WriteOnly));
    two.write("2 3\nalpha 0.1 0.2 0.3\nbeta -0.4 0.5 0.9\n");
    two.close();
    open(two.fileName());
    check_framed("two words, on load", all_rows(), 0.5);
    press_r();
    check_framed("two words, after R", all_rows(), 0.5);
    saveScreenshot("view-frame-two-words");

    // A long thin cloud, in 3D and after 2 (the 2D camera).
    open(QStringLiteral(EMBSCOPE_TEST_FIXTURE_DIR "/../data/formats/word2vec_pre_kv_c"));
    check_framed("thin cloud, on load", all_rows(), 0.6);
    press_r();
    check_framed("thin cloud, after R", all_rows(), 0.6);
    saveScreenshot("view-frame-thin");
    {
      QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
      view->setFocus(Qt::OtherFocusReason);
      QTest::keyClick(view, Qt::Key_2);
      QVERIFY(applied.wait(30000));
    }
    check_framed("thin cloud, 2D", all_rows(), 0.6);
    press_r();
    check_framed("thin cloud, 2D after R", all_rows(), 0.6);

    // The analogy plane: man, king, woman and the answer on screen in its first frame.
    loadDefault();
    window_->docks()->show(window_->findChild<QDockWidget*>("analogy"));
    auto* panel = window_->analogyPanel();
    QPushButton* solve = nullptr;
    QPushButton* plane = nullptr;
    for (auto* button : panel->findChildren<QPushButton*>()) {
      if (button->text() == "Solve") solve = button;
      if (button->text().startsWith("Show on the analogy plane")) plane = button;
    }
    QVERIFY(solve != nullptr && plane != nullptr);
    QTest::mouseClick(solve, Qt::LeftButton);
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    QTest::mouseClick(plane, Qt::LeftButton);
    QVERIFY(applied.wait(30000));
    const auto& space = *window_->state().dataset()->space;
    check_framed("analogy plane",
                 {space.index_of("man"), space.index_of("king"), space.index_of("woman"),
                  space.index_of("queen")},
                 0.25);
    saveScreenshot("view-frame-analogy-plane");
    // Issue 18 leftover: another analogy's plane, shown while the view is already 2D (and
    // zoomed in by the wheel), is framed as well: its words are all on screen.
    for (int step = 0; step < 6; ++step) {
      const QPoint centre(view->width() / 2, view->height() / 2);
      QWheelEvent event(QPointF(centre), QPointF(view->mapToGlobal(centre)), QPoint(),
                        QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
      QApplication::sendEvent(view, &event);
    }
    panel->setQuery({"france", "paris", "italy", QString()});
    QTest::mouseClick(solve, Qt::LeftButton);
    QVERIFY(window_->state().projectionSettings().flat);
    QTest::mouseClick(plane, Qt::LeftButton);
    QVERIFY(applied.wait(30000));
    check_framed("second analogy plane, already in 2D",
                 {space.index_of("france"), space.index_of("paris"), space.index_of("italy"),
                  space.index_of("rome")},
                 0.05);

    // Training: the cloud grows from its tiny random start; every frame keeps it in the view.
    loadDefault();
    for (int64_t words = 5000; words <= 30000; words += 5000) {
      window_->trainingView()->trainSteps(5000);
      QTRY_VERIFY_WITH_TIMEOUT(window_->trainingView()->shownWords() >= words, 60000);
      check_framed(QStringLiteral("training, %1 words").arg(window_->trainingView()->shownWords()),
                   all_rows(), 0.3);
    }
    saveScreenshot("view-frame-training");
    window_->training().discardAutosave();
  }

  // Labels (new-user findings, points 2-3): with cat, king or paris selected, the word and all
  // k neighbour labels are drawn, wholly inside the view, none overlapping another (a label
  // near the right edge goes to the left of its point; a crowded one further out).
  void everyNeighbourLabelIsDrawnInsideTheView() {
    loadDefault();
    VtkView* view = window_->view();
    const QRectF area(0, 0, view->width(), view->height());
    for (const QString word : {"cat", "king", "paris"}) {
      search(word);
      QCOMPARE(window_->state().focusRow(),
               window_->state().dataset()->space->index_of(word.toStdString()));
      QVERIFY(waitForOverlay());
      const auto& labels = window_->overlay().drawnLabels();
      const auto drawn = [&](int64_t row) {
        return std::any_of(labels.begin(), labels.end(),
                           [&](const auto& l) { return l.row == row && !l.hover; }) ||
               window_->sceneBinding().hovered() == std::optional<int64_t>(row);
      };
      QVERIFY2(drawn(*window_->state().focusRow()),
               qPrintable(word + ": its own label is missing"));
      const auto& neighbours = window_->state().neighbours();
      QVERIFY(neighbours.size() >= 10);
      for (const auto& n : neighbours) {
        QVERIFY2(drawn(n.index), qPrintable(word + ": the label of " +
                                            QString::fromStdString(n.word) + " is missing"));
      }
      for (size_t i = 0; i < labels.size(); ++i) {
        QVERIFY2(area.contains(labels[i].box),
                 qPrintable(word + ": " + labels[i].text + " runs out of the view"));
        for (size_t j = i + 1; j < labels.size(); ++j) {
          QVERIFY2(!labels[i].box.intersects(labels[j].box),
                   qPrintable(labels[i].text + " overlaps " + labels[j].text));
        }
      }
      qInfo("%s: %zu labels, all inside, none overlapping", qPrintable(word), labels.size());
      saveScreenshot("view-labels-" + word);
    }
  }

 private:
  void loadDefault() {
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    window_->openFile(QString::fromStdString(embscope::default_dataset_path().string()));
    QVERIFY(shown.wait(60000));
  }

  // Types into the search box and presses Enter, as a user does.
  void search(const QString& text) {
    auto* box = window_->findChild<QLineEdit*>("search");
    QVERIFY(box != nullptr);
    box->setFocus();
    box->clear();
    QTest::keyClicks(box, text);
    // Keys go where the window system sends them: to the completer's list when it is open.
    QWidget* popup = QApplication::activePopupWidget();
    QTest::keyClick(popup != nullptr ? popup : box, Qt::Key_Return);
    QTRY_VERIFY(QApplication::activePopupWidget() == nullptr);
  }

  // Waits for a frame after `after` (the current one when -1 and none is pending) whose overlay
  // was painted over it.
  bool waitForOverlay(int after = -1) {
    VtkView* view = window_->view();
    if (after < 0) {
      after = view->framesRendered();
      view->update();
    }
    return QTest::qWaitFor(
        [&] {
          return view->framesRendered() > after && view->overlayFrame() == view->framesRendered();
        },
        10000);
  }

  // Every label's anchor is its point projected with the camera of the frame on screen.
  void checkAnchors(const char* when) {
    VtkView* view = window_->view();
    QCOMPARE(view->overlayFrame(), view->framesRendered());
    const auto& positions = window_->sceneBinding().scene()->positions();
    QVERIFY(!window_->overlay().drawnLabels().empty());
    for (const auto& label : window_->overlay().drawnLabels()) {
      const embscope::ScreenPoint p = embscope::project_to_screen(
          positions.col(label.row), view->frameWorldToClip(), view->width(), view->height());
      QVERIFY(p.visible);
      QVERIFY2(QLineF(QPointF(p.x, p.y), label.anchor).length() < 0.01,
               qPrintable(QString("%1: label %2 drawn at (%3, %4), its point is at (%5, %6)")
                              .arg(when, label.text)
                              .arg(label.anchor.x())
                              .arg(label.anchor.y())
                              .arg(p.x)
                              .arg(p.y)));
    }
  }

  // The hovered word is the front-most point under the pointer in the frame on screen.
  void checkHover(QPoint pointer) {
    VtkView* view = window_->view();
    const auto expected = embscope::pick_point_brute_force(
        window_->sceneBinding().scene()->positions(), view->frameWorldToClip(), view->width(),
        view->height(), pointer.x(), pointer.y(), 6.0);
    QCOMPARE(window_->sceneBinding().hovered(), expected);
    const auto& labels = window_->overlay().drawnLabels();
    const auto box =
        std::find_if(labels.begin(), labels.end(), [](const auto& l) { return l.hover; });
    QCOMPARE(box != labels.end(), expected.has_value());
    if (expected) QCOMPARE(box->row, *expected);
  }

  // One size, no overlaps, readable boxes, and a hover box that holds its word.
  void checkLabels(double size, bool dark) {
    const auto& labels = window_->overlay().drawnLabels();
    int frequent = 0;
    for (const auto& label : labels) {
      QCOMPARE(label.point_size, size);
      frequent += label.row < 100;
    }
    qInfo("%zu labels drawn, %d of them frequent words", labels.size(), frequent);
    QVERIFY2(frequent >= 12, "most frequent-word labels are missing");
    for (size_t i = 0; i < labels.size(); ++i) {
      for (size_t j = i + 1; j < labels.size(); ++j) {
        QVERIFY2(!labels[i].box.intersects(labels[j].box),
                 qPrintable(labels[i].text + " overlaps " + labels[j].text));
      }
    }
    const auto hover =
        std::find_if(labels.begin(), labels.end(), [](const auto& l) { return l.hover; });
    QVERIFY(hover != labels.end());
    QFont bold = window_->view()->font();
    bold.setPointSizeF(size);
    bold.setBold(true);
    QVERIFY(!hover->text.isEmpty());
    QVERIFY2(hover->box.width() >= QFontMetricsF(bold).horizontalAdvance(hover->text),
             "the hover box is narrower than its word");
    // Each box is drawn under its text: light text on a dark box, or dark on a light one,
    // whatever points lie beneath.
    const QImage image = window_->grab().toImage();
    const double scale = image.width() / static_cast<double>(window_->width());
    for (const auto& label : labels) {
      if (label.hover || label.row == window_->state().focusRow()) continue;
      const QPoint inside = window_->view()->mapTo(
          window_.get(), QPointF(label.box.left() + 2, label.box.center().y()).toPoint());
      if (!window_->rect().contains(inside)) continue;
      const double light = luminance(image.pixel((QPointF(inside) * scale).toPoint()));
      QVERIFY2(dark ? light < 110 : light > 170,
               qPrintable(QString("%1: box luminance %2").arg(label.text).arg(light)));
    }
  }

  void saveScreenshot(const QString& name) {
    const QString folder = qEnvironmentVariable("EMBSCOPE_VIEW_SCREENSHOTS");
    if (folder.isEmpty()) return;
    QDir().mkpath(folder);
    QVERIFY(window_->grab().save(folder + "/" + name + ".png"));
  }

  std::unique_ptr<MainWindow> window_;
};

int main(int argc, char** argv) {
  VtkView::prepareProcess();
  // Settings and recent files go to a scratch location, never the user's.
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  ViewInputTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_view_input.moc"
