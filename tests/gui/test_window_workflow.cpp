// The window as a person uses it (issue 18): keys pressed on whatever widget has the focus,
// clicks on the view and on the toolbar, the default layout at 1280x800, nothing of one data
// set left on the next, and what sessions and exports keep and say. Each test drives the real
// window under Xvfb with Qt's input events, as a user's keyboard and mouse would.
//
// EMBSCOPE_SCREENSHOT_DIR=DIR saves the default layout and each panel raised as PNGs there
// (docs/images/layout-*.png are made that way).
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QBarSet>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOptionFrame>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <algorithm>
#include <functional>

#include "analogy_controller.hpp"
#include "analogy_panel.hpp"
#include "appearance_panel.hpp"
#include "embscope/base/resources.hpp"
#include "evaluation_controller.hpp"
#include "evaluation_panel.hpp"
#include "lookup_panel.hpp"
#include "neighbours_panel.hpp"
#include "main_window.hpp"
#include "panel_docks.hpp"
#include "point_cloud_scene.hpp"
#include "projection_controller.hpp"
#include "projection_panel.hpp"
#include "selection_controller.hpp"
#include "session.hpp"
#include "session_controller.hpp"
#include "training_panel.hpp"
#include "training_view.hpp"
#include "vtk_view.hpp"

using embscope::ui::ExplorerState;
using embscope::ui::MainWindow;
using embscope::ui::ViewOverlay;

// Receives the URLs QDesktopServices would hand to the desktop (Show in Folder).
class UrlCatcher : public QObject {
  Q_OBJECT

 public:
  QList<QUrl> urls;

 public slots:
  void open(const QUrl& url) { urls << url; }
};

class WindowWorkflowTest : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    QSettings().clear();  // no layout, folder or recent file from an earlier test
    window_ = std::make_unique<MainWindow>();
    window_->setHeadless(true);
    window_->resize(1280, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  }
  void cleanup() {
    if (window_) window_->training().discardAutosave();
    window_.reset();
  }

  // Issue 18.3: eight panels, every name whole, none behind a scroll arrow, none cut off.
  void everyPanelIsNamedInFullAndFitsAt1280x800() {
    loadDefault();
    QCOMPARE(window_->size(), QSize(1280, 800));
    saveScreenshot("layout-default");
    int tabs = 0;
    for (QTabBar* bar : window_->findChildren<QTabBar*>(Qt::FindDirectChildrenOnly)) {
      if (!bar->isVisible()) continue;
      const bool vertical =
          bar->shape() == QTabBar::RoundedWest || bar->shape() == QTabBar::RoundedEast ||
          bar->shape() == QTabBar::TriangularWest || bar->shape() == QTabBar::TriangularEast;
      for (int i = 0; i < bar->count(); ++i) {
        ++tabs;
        const QRect tab = bar->tabRect(i);
        const int text = bar->fontMetrics().horizontalAdvance(bar->tabText(i));
        const int room = vertical ? tab.height() : tab.width();
        qInfo("tab %-12s text %3d px in a tab of %3d px", qPrintable(bar->tabText(i)), text, room);
        QVERIFY2(text <= room, qPrintable(QString("the tab \"%1\" is elided: %2 px of text in %3")
                                              .arg(bar->tabText(i))
                                              .arg(text)
                                              .arg(room)));
        QVERIFY2(bar->rect().contains(tab),
                 qPrintable(QString("the tab \"%1\" lies outside its bar (behind a scroll arrow)")
                                .arg(bar->tabText(i))));
      }
    }
    QCOMPARE(tabs, 8);

    // Alt+1..8 raise each panel in turn; each fits its dock whole, with content in it.
    QVERIFY(window_->selection()->selectWord("king", 10));
    QCOMPARE(window_->lookupPanel()->lookup("0, 2, 4"), QString());
    const auto& docks = window_->docks()->docks();
    QCOMPARE(docks.size(), size_t{8});
    for (size_t i = 0; i < docks.size(); ++i) {
      QDockWidget* dock = docks[i];
      press(static_cast<Qt::Key>(Qt::Key_1 + static_cast<int>(i)), Qt::AltModifier);
      QTRY_VERIFY2(raised(dock), qPrintable(dock->windowTitle()));
      QTest::qWait(50);  // the layout settles
      const auto* area = qobject_cast<QScrollArea*>(dock->widget());
      QWidget* panel = area ? area->widget() : dock->widget();
      const QSize room = area ? area->viewport()->size() : dock->widget()->size();
      qInfo("%-12s minimum %4dx%-4d hint %4dx%-4d room %4dx%-4d", qPrintable(dock->windowTitle()),
            panel->minimumSizeHint().width(), panel->minimumSizeHint().height(),
            panel->sizeHint().width(), panel->sizeHint().height(), room.width(), room.height());
      QVERIFY2(panel->minimumSizeHint().width() <= room.width(),
               qPrintable(dock->windowTitle() + " is cut off on the right"));
      QVERIFY2(panel->minimumSizeHint().height() <= room.height(),
               qPrintable(dock->windowTitle() + " does not fit the height"));
      if (area) QVERIFY(!area->horizontalScrollBar()->isVisible());
      const QString title = dock->windowTitle();
      QVERIFY2(dock->fontMetrics().horizontalAdvance(title) + 40 <= dock->width(),
               qPrintable(title + ": the title bar is too narrow for the name"));
      saveScreenshot("layout-" + dock->objectName());
    }
    QCOMPARE(window_->size(), QSize(1280, 800));  // no panel forced the window larger
    // The view keeps most of the window's width between the two columns.
    QVERIFY2(window_->view()->width() >= 560,
             qPrintable(QString("the view is %1 px wide").arg(window_->view()->width())));

    // A panel grows with its dock.
    QDockWidget* analogy = window_->findChild<QDockWidget*>("analogy");
    window_->docks()->show(analogy);
    const int before = analogy->widget()->width();
    window_->resizeDocks({analogy}, {analogy->width() + 150}, Qt::Horizontal);
    QTRY_VERIFY(analogy->widget()->width() >= before + 100);
  }

  // Issue 18.3: Alt+digit shows and raises (never hides); the toolbar acts, with icons and
  // tooltips that name the shortcuts.
  void altDigitRaisesAPanelAndTheToolbarActs() {
    loadDefault();
    QDockWidget* neighbours = window_->findChild<QDockWidget*>("neighbours");
    QDockWidget* analogy = window_->findChild<QDockWidget*>("analogy");
    QVERIFY(raised(neighbours) && !raised(analogy));
    press(Qt::Key_6, Qt::AltModifier);
    QTRY_VERIFY(raised(analogy));
    QVERIFY(!raised(neighbours));  // same column, behind
    press(Qt::Key_2, Qt::AltModifier);
    QTRY_VERIFY(raised(neighbours));
    press(Qt::Key_2, Qt::AltModifier);  // again: stays (it toggled the panel away before)
    QTest::qWait(50);
    QVERIFY(raised(neighbours));
    neighbours->close();
    QTRY_VERIFY(!neighbours->isVisible());
    press(Qt::Key_2, Qt::AltModifier);
    QTRY_VERIFY(raised(neighbours));

    auto* bar = window_->findChild<QToolBar*>("main");
    QVERIFY(bar != nullptr && bar->isVisible());
    const std::pair<const char*, const char*> expected[] = {{"open", "Ctrl+O"},
                                                            {"exportImage", "Ctrl+E"},
                                                            {"flat", "2"},
                                                            {"isolate", "I"},
                                                            {"resetCamera", "R"}};
    for (const auto& [name, shortcut] : expected) {
      auto* action = window_->findChild<QAction*>(name);
      QVERIFY2(action != nullptr, name);
      auto* button = qobject_cast<QToolButton*>(bar->widgetForAction(action));
      QVERIFY2(button != nullptr && button->isVisible(), name);
      QVERIFY2(!button->icon().isNull(), name);
      QVERIFY2(button->toolTip().contains(shortcut),
               qPrintable(QString("%1: %2").arg(name, button->toolTip())));
    }
    auto* panels = bar->findChild<QToolButton*>("panelsButton");
    QVERIFY(panels != nullptr && panels->menu() != nullptr);
    QCOMPARE(panels->menu()->actions().first()->shortcut(), QKeySequence("Alt+1"));

    const auto click = [&](const char* name) {
      QWidget* button = bar->widgetForAction(window_->findChild<QAction*>(name));
      QTest::mouseClick(button, Qt::LeftButton, Qt::NoModifier, button->rect().center());
    };
    QVERIFY(window_->selection()->selectWord("cat", 10));
    click("isolate");
    QCOMPARE(window_->sceneBinding().scene()->positions().cols(), Eigen::Index{11});
    click("isolate");
    QCOMPARE(window_->sceneBinding().scene()->positions().cols(), Eigen::Index{50000});
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    click("flat");
    QVERIFY(applied.wait(30000));
    QVERIFY(window_->state().positions().row(2).isZero());
    QVERIFY(window_->sceneBinding().scene()->cameraState().parallel);
    click("flat");
    QVERIFY(applied.wait(30000));
    QVERIFY(!window_->state().positions().row(2).isZero());
    auto camera = window_->sceneBinding().scene()->cameraState();
    camera.position[0] += 3;
    window_->sceneBinding().scene()->setCameraState(camera);
    click("resetCamera");
    const auto reset = window_->sceneBinding().scene()->cameraState();
    window_->sceneBinding().scene()->resetCamera();
    QCOMPARE(reset.position, window_->sceneBinding().scene()->cameraState().position);
  }

  // Issue 18.3: the layout is remembered between runs; View > Panels > Reset Layout restores it.
  void theLayoutIsRememberedAndCanBeReset() {
    QDockWidget* dataset = window_->findChild<QDockWidget*>("dataset");
    QVERIFY(dataset->isVisible());
    dataset->close();
    window_->close();  // saves the layout
    window_ = std::make_unique<MainWindow>();
    window_->setHeadless(true);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    dataset = window_->findChild<QDockWidget*>("dataset");
    QVERIFY(!dataset->isVisible());
    window_->findChild<QAction*>("resetLayout")->trigger();
    QTRY_VERIFY(dataset->isVisible());
    QCOMPARE(window_->dockWidgetArea(dataset), Qt::LeftDockWidgetArea);
    QCOMPARE(window_->dockWidgetArea(window_->findChild<QDockWidget*>("neighbours")),
             Qt::RightDockWidgetArea);
  }

  // Issue 18.4: nothing of one data set is left on the next.
  void openingAnotherFileLeavesNothingOfThePreviousOne() {
    loadDefault();
    window_->trainingView()->trainSteps(10000);
    QTRY_VERIFY_WITH_TIMEOUT(window_->trainingView()->shownWords() >= 10000, 60000);
    embscope::ui::ProjectionSettings settings = window_->state().projectionSettings();
    settings.components = {3, 4, 5};
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    window_->projection()->apply(settings);
    QVERIFY(applied.wait(30000));
    QVERIFY2(window_->projectionPanel()->status().contains("PC4"),
             qPrintable(window_->projectionPanel()->status()));
    press(Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(QApplication::focusWidget(), "dog");
    QCOMPARE(window_->findChild<QLineEdit*>("search")->text(), QString("dog"));
    const int64_t before = window_->trainingView()->shownWords();
    window_->training().play();
    // Playing for real: frames come, flashing the rows each step changed.
    QTRY_VERIFY_WITH_TIMEOUT(window_->trainingView()->shownWords() > before + 10000, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(window_->sceneBinding().scene()->flashing(), 30000);

    const QString path = QStringLiteral(EMBSCOPE_TEST_DATA_DIR) + "/formats/test_glove.txt";
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    window_->openFile(path);
    QVERIFY(shown.wait(30000));
    QCOMPARE(window_->state().dataset()->vectors.rows(), int64_t{76});
    QVERIFY2(!window_->sceneBinding().scene()->flashing(),
             "training's flashes stay on the new data");
    QVERIFY(!window_->training().playing());  // paused: its next frame would replace the file
    QTest::qWait(500);
    QCOMPARE(window_->state().dataset()->vectors.rows(), int64_t{76});
    QCOMPARE(window_->findChild<QLineEdit*>("search")->text(), QString());
    const QString status = window_->projectionPanel()->status();
    QVERIFY2(status.contains("PC1") && !status.contains("PC4"), qPrintable(status));
    QCOMPARE(window_->state().projectionSettings().components, (std::array<int, 3>{0, 1, 2}));
    // The status bar describes the new data, not the training run.
    QStringList texts;
    for (QLabel* label : window_->statusBar()->findChildren<QLabel*>()) texts << label->text();
    texts << window_->statusBar()->currentMessage();
    const QString bar = texts.join(" | ");
    QVERIFY2(bar.contains("test_glove.txt") && !bar.contains("loss") && !bar.contains("epoch"),
             qPrintable(bar));
  }

  // Issue 18.4: opening a file while a training run is open asks: keep it, discard it, or cancel.
  void openingAFileWithATrainingRunAsksWhatToDoWithIt() {
    loadDefault();
    window_->trainingView()->trainSteps(10000);
    QTRY_VERIFY_WITH_TIMEOUT(window_->trainingView()->shownWords() >= 10000, 60000);
    QTRY_VERIFY(!window_->training().playing());
    window_->setHeadless(false);
    const QString path = QStringLiteral(EMBSCOPE_TEST_DATA_DIR) + "/formats/test_glove.txt";
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    const auto answer = [&](const char* button) {
      window_->openFile(path);
      QMessageBox* box = nullptr;
      QTRY_VERIFY((box = window_->findChild<QMessageBox*>("trainingRunDialog")) != nullptr &&
                  box->isVisible());
      QVERIFY(box->text().contains("10,000 words") || box->text().contains("10000 words"));
      auto* choice = box->findChild<QAbstractButton*>(button);
      QVERIFY2(choice != nullptr, button);
      QTest::mouseClick(choice, Qt::LeftButton, Qt::NoModifier, choice->rect().center());
      QTRY_VERIFY(window_->findChild<QMessageBox*>("trainingRunDialog") == nullptr);
    };
    answer("cancelOpen");
    QTest::qWait(300);
    QCOMPARE(shown.count(), 0);
    QCOMPARE(window_->state().dataset()->format, QString("word2vec training"));

    // (a file of 76 rows is shown within the event loop that waits for the dialog to go)
    answer("keepRun");
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
    QCOMPARE(window_->state().dataset()->vectors.rows(), int64_t{76});
    QVERIFY(window_->training().prepared());  // still there, paused

    answer("discardRun");
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 30000);
    QVERIFY(!window_->training().prepared());
    window_->openFile(path);  // no run any more: no question
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 3, 30000);
    QVERIFY(window_->findChild<QMessageBox*>("trainingRunDialog") == nullptr);
  }

  // A new user's findings: the Evaluation panel's results belong to the vectors they were
  // computed on; opening another file clears them (and drops a run still computing).
  // Every column but the stretched text one shows its header and its first rows' numbers whole
  // (a new user read "logy sec", "Total accura..." and Spearman "0." at 1280x800).
  static void expectHeadersAndNumbersWhole(QTableView* table, int stretched) {
    QVERIFY(table->isVisible());
    QHeaderView* header = table->horizontalHeader();
    const QFontMetrics header_metrics(header->font());
    const QFontMetrics cell_metrics(table->font());
    QAbstractItemModel* model = table->model();
    for (int column = 0; column < model->columnCount(); ++column) {
      if (column == stretched || header->isSectionHidden(column)) continue;
      const QString title = model->headerData(column, Qt::Horizontal).toString();
      // The header's margins and sort indicator come on top of the text.
      QVERIFY2(header_metrics.horizontalAdvance(title) < header->sectionSize(column),
               qPrintable(QString("header '%1': %2 px of text in a %3 px section")
                              .arg(title)
                              .arg(header_metrics.horizontalAdvance(title))
                              .arg(header->sectionSize(column))));
      for (int row = 0; row < std::min(model->rowCount(), 20); ++row) {
        const QString text = model->index(row, column).data().toString();
        QVERIFY2(cell_metrics.horizontalAdvance(text) < header->sectionSize(column),
                 qPrintable(QString("cell '%1' of column '%2' is cut").arg(text, title)));
      }
    }
  }

  void tablesShowTheirHeadersAndNumbersWhole() {
    loadDefault();
    window_->resize(1280, 800);
    QDockWidget* analogy = window_->findChild<QDockWidget*>("analogy");
    QVERIFY(analogy != nullptr);
    window_->docks()->show(analogy);
    QVERIFY(!window_->analogy()
                 ->solve({"man", "king", "woman", "", embscope::AnalogyMethod::Add})
                 .empty());
    QApplication::processEvents();
    QTableView* answers = nullptr;
    for (auto* table : analogy->findChildren<QTableView*>())
      if (table->isVisible()) answers = table;
    QVERIFY(answers != nullptr);
    QVERIFY(answers->model()->rowCount() > 0);
    expectHeadersAndNumbersWhole(answers, 1);
    // The word column is not squeezed by a wide rank column.
    const QString queen = answers->model()->index(0, 1).data().toString();
    QCOMPARE(queen, QString("queen"));
    QVERIFY(QFontMetrics(answers->font()).horizontalAdvance("monarch") <
            answers->horizontalHeader()->sectionSize(1));

    runBenchmarksWithTheButton();
    if (QTest::currentTestFailed()) return;
    QApplication::processEvents();
    auto* panel = window_->findChild<embscope::ui::EvaluationPanel*>();
    QVERIFY(panel != nullptr);
    expectHeadersAndNumbersWhole(panel->sections(), 0);
    expectHeadersAndNumbersWhole(panel->similarity(), 0);
  }

  // Issue 18.3, a new user's findings: the Analogy panel's c field read "voman", the Training
  // panel's corpus label was clipped top and bottom, long failed questions elided. With results
  // in every panel, at 1280x800 and at the window's minimum size, each panel raised in turn shows
  // every line edit's text (or placeholder) whole and every label's text inside its rectangle;
  // a dock shorter than its panel scrolls instead of squeezing it.
  void everyPanelShowsItsTextWholeAndScrollsWhenShort() {
    loadDefault();
    QVERIFY(window_->selection()->selectWord("king", 10));
    QVERIFY(!window_->analogy()
                 ->solve({"man", "king", "woman", "", embscope::AnalogyMethod::Add})
                 .empty());
    window_->docks()->show(window_->findChild<QDockWidget*>("evaluation"));
    auto* evaluation = window_->findChild<embscope::ui::EvaluationPanel*>();
    QSignalSpy finished(window_.get(), &MainWindow::evaluationFinished);
    window_->evaluation()->run();
    QVERIFY(finished.wait(120000));
    QVERIFY(evaluation->failures()->model()->rowCount() > 0);

    for (const QSize size : {QSize(1280, 800), window_->minimumSizeHint()}) {
      window_->resize(size);
      QTRY_COMPARE(window_->size(), size);
      for (QDockWidget* dock : window_->docks()->docks()) {
        window_->docks()->show(dock);
        QTest::qWait(50);  // the layout settles
        const QString where =
            QString("%1 at %2x%3: ").arg(dock->windowTitle()).arg(size.width()).arg(size.height());
        for (QLineEdit* edit : dock->findChildren<QLineEdit*>()) {
          if (!edit->isVisible() || qobject_cast<QSpinBox*>(edit->parentWidget()) ||
              qobject_cast<QComboBox*>(edit->parentWidget()))
            continue;  // spin boxes and combo boxes are sized by their own hints
          const QString text = edit->text().isEmpty() ? edit->placeholderText() : edit->text();
          const int room = lineEditRoom(edit);
          const int needed = edit->fontMetrics().horizontalAdvance(text);
          QVERIFY2(
              needed <= room,
              qPrintable(
                  where +
                  QString("the field '%1' shows %2 of %3 px").arg(text).arg(room).arg(needed)));
        }
        for (QLabel* label : dock->findChildren<QLabel*>()) {
          if (!label->isVisible() || label->text().isEmpty() || Qt::mightBeRichText(label->text()))
            continue;
          const QRect room = label->contentsRect().adjusted(label->margin(), label->margin(),
                                                            -label->margin(), -label->margin());
          const QFontMetrics metrics = label->fontMetrics();
          const QRect needed =
              label->wordWrap()
                  ? metrics.boundingRect(QRect(0, 0, room.width(), 100000),
                                         Qt::TextWordWrap | Qt::AlignLeft, label->text())
                  : QRect(0, 0, metrics.horizontalAdvance(label->text()), metrics.height());
          QVERIFY2(needed.width() <= room.width() && needed.height() <= room.height(),
                   qPrintable(where + QString("the label '%1' needs %2x%3 px in %4x%5")
                                          .arg(label->text())
                                          .arg(needed.width())
                                          .arg(needed.height())
                                          .arg(room.width())
                                          .arg(room.height())));
        }
        for (QTableView* table : dock->findChildren<QTableView*>())
          if (table->isVisible())  // the lookup table's 100 vector components scroll sideways
            expectCellsWhole(table, where, dock->objectName() == "lookup");
        if (QTest::currentTestFailed()) return;
        // A panel taller than its dock scrolls; one that fits is shown at its full height.
        if (const auto* area = qobject_cast<QScrollArea*>(dock->widget())) {
          QWidget* panel = area->widget();
          const int needed =
              std::max(panel->minimumSizeHint().height(),
                       panel->hasHeightForWidth() ? panel->heightForWidth(panel->width()) : 0);
          QVERIFY2(panel->height() >= needed,
                   qPrintable(where +
                              QString("squeezed to %1 of %2 px").arg(panel->height()).arg(needed)));
          if (panel->height() > area->viewport()->height())
            QVERIFY2(area->verticalScrollBar()->isVisible(),
                     qPrintable(where + "taller than its dock, with no scroll bar"));
        } else {
          QVERIFY2(dock->widget()->height() >= dock->widget()->minimumSizeHint().height(),
                   qPrintable(where + "squeezed"));
        }
      }
    }
  }

  // Issue 19.7: the explained-variance and loss charts (Qt Charts) show the data fed in, and a
  // mouse move over a bar or the line shows that value in the chart.
  void chartsShowTheirDataAndTheValueUnderThePointer() {
    loadDefault();
    window_->docks()->show(window_->findChild<QDockWidget*>("projection"));
    auto* variance = window_->projectionPanel()->findChild<embscope::ui::VarianceChart*>();
    QVERIFY(variance != nullptr);
    QTRY_VERIFY(variance->isVisible());
    const Eigen::VectorXd& ratios = window_->state().dataset()->pca.explained_variance_ratio;
    QVERIFY(ratios.size() >= 3);
    QCOMPARE(variance->bars()->count(),
             static_cast<int>(std::min<Eigen::Index>(10, ratios.size())));
    for (int i = 0; i < variance->bars()->count(); ++i)
      QCOMPARE(variance->bars()->at(i), 100 * ratios(i));
    QVERIFY(variance->bars()->isBarSelected(0) && !variance->bars()->isBarSelected(4));
    QVERIFY(variance->hoverText().isEmpty());
    // Half-way up the second bar.
    QTest::qWait(50);
    const QPointF bar = variance->chart()->mapToPosition(QPointF(1, variance->bars()->at(1) / 2),
                                                         variance->chart()->series().first());
    QTest::mouseMove(variance->viewport(), variance->mapFromScene(bar));
    QTRY_VERIFY(!variance->hoverText().isEmpty());
    QVERIFY2(variance->hoverText().startsWith("PC2:") &&
                 variance->hoverText().contains(QString::number(100 * ratios(1), 'f', 2)),
             qPrintable(variance->hoverText()));

    window_->docks()->show(window_->findChild<QDockWidget*>("training"));
    auto* loss = window_->trainingPanel()->findChild<embscope::ui::LossChart*>();
    QVERIFY(loss != nullptr);
    QTRY_VERIFY(loss->isVisible());
    std::vector<embscope::ui::TrainingLogRow> log;
    for (int i = 0; i <= 20; ++i) {
      embscope::ui::TrainingLogRow row;
      row.words = 50'000 * i;
      row.loss = i == 0 ? 0 : 3.0 - 0.05 * i;  // the first snapshot has no loss yet
      log.push_back(row);
    }
    window_->trainingPanel()->setLoss(log);
    QTRY_COMPARE(loss->line()->points().size(), 20);  // redrawn within a quarter of a second
    const QList<QPointF> points = loss->line()->points();
    for (int i = 0; i < 20; ++i) {
      QCOMPARE(points[i].y(), log[i + 1].loss);
      QCOMPARE(points[i].x() * loss->wordsUnit(), static_cast<double>(log[i + 1].words));
    }
    QTest::qWait(50);
    const QPointF tenth = loss->chart()->mapToPosition(points[9], loss->line());
    QTest::mouseMove(loss->viewport(), loss->mapFromScene(tenth) + QPoint(2, 0));
    QTRY_VERIFY(!loss->hoverText().isEmpty());
    QVERIFY2(loss->hoverText().contains(QString::number(log[10].loss, 'f', 4)) &&
                 loss->hoverText().contains(QLocale().toString(log[10].words)),
             qPrintable(loss->hoverText()));
  }

  // Every cell of the first rows and every header of a table shown whole, wrapped within its
  // column when the table wraps, and no column behind a horizontal scroll bar.
  static void expectCellsWhole(QTableView* table, const QString& where, bool sideways) {
    QVERIFY2(sideways || !table->horizontalScrollBar()->isVisible(),
             qPrintable(where + "a table scrolls sideways"));
    const int margin = 2 * (table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1);
    const auto fits = [&](const QFontMetrics& metrics, const QString& text, int width, int height,
                          bool wrap) {
      const QRect needed =
          wrap ? metrics.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, text)
               : metrics.boundingRect(QRect(0, 0, 100000, 100000), 0, text);
      return needed.width() <= width && needed.height() <= height;
    };
    QHeaderView* header = table->horizontalHeader();
    QAbstractItemModel* model = table->model();
    for (int column = 0; column < model->columnCount(); ++column) {
      const QString title = model->headerData(column, Qt::Horizontal).toString();
      const int width = header->sectionSize(column) - margin;
      QVERIFY2(fits(header->fontMetrics(), title, width, header->height(), false),
               qPrintable(where + QString("header '%1' is cut").arg(title)));
      for (int row = 0; row < std::min(model->rowCount(), 200); ++row) {
        const QModelIndex index = model->index(row, column);
        const QVariant font = index.data(Qt::FontRole);
        const QFontMetrics metrics(font.isValid() ? font.value<QFont>() : table->font());
        const QString text = index.data().toString();
        QVERIFY2(fits(metrics, text, width, table->rowHeight(row), table->wordWrap()),
                 qPrintable(where + QString("cell '%1' is cut (%2x%3 px)")
                                        .arg(text)
                                        .arg(width)
                                        .arg(table->rowHeight(row))));
      }
    }
  }

  void evaluationResultsGoWithTheirData() {
    loadDefault();
    QPushButton* run = nullptr;
    runBenchmarksWithTheButton(&run);
    if (QTest::currentTestFailed()) return;
    auto* panel = window_->findChild<embscope::ui::EvaluationPanel*>();
    QVERIFY(panel != nullptr);
    QVERIFY(panel->failures()->model()->rowCount() > 0);
    QVERIFY(panel->sections()->model()->rowCount() > 0);
    QVERIFY(!panel->failed().empty());

    const QString path = QStringLiteral(EMBSCOPE_TEST_DATA_DIR) + "/formats/test_glove.txt";
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    window_->openFile(path);
    QVERIFY(shown.wait(30000));
    QCOMPARE(panel->failures()->model()->rowCount(), 0);
    QCOMPARE(panel->sections()->model()->rowCount(), 0);
    QCOMPARE(panel->similarity()->model()->rowCount(), 0);
    QVERIFY(panel->failed().empty());
    QVERIFY(window_->evaluation()->results() == nullptr);

    // A run started on the previous file and finishing after the open is not shown.
    loadDefault();
    QTest::mouseClick(run, Qt::LeftButton, Qt::NoModifier, run->rect().center());
    window_->openFile(path);
    QVERIFY(shown.wait(30000));
    QTRY_VERIFY_WITH_TIMEOUT(run->isEnabled(), 120000);
    QTest::qWait(100);
    QCOMPARE(panel->failures()->model()->rowCount(), 0);
    QVERIFY(window_->evaluation()->results() == nullptr);
  }

  // The Projection panel as a user drives it: Alt+4, the Method box set to UMAP with the
  // keyboard, only UMAP's parameters shown, Apply clicked; the layout runs (Stop enabled), ends
  // 2D on every row, and the panel, the 2D button and the status line say so.
  void theProjectionPanelRunsAUmapLayout() {
    const QString path = QStringLiteral(EMBSCOPE_TEST_DATA_DIR) + "/formats/test_glove.txt";
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    window_->openFile(path);
    QVERIFY(shown.wait(30000));
    press(Qt::Key_4, Qt::AltModifier);
    auto* dock = window_->findChild<QDockWidget*>("projection");
    QTRY_VERIFY(raised(dock));
    auto* method = dock->findChild<QComboBox*>("method");
    auto* neighbors = dock->findChild<QSpinBox*>("neighbors");
    auto* perplexity = dock->findChild<QDoubleSpinBox*>("perplexity");
    auto* stop = dock->findChild<QPushButton*>("stopLayout");
    QVERIFY(method && neighbors && perplexity && stop);
    QVERIFY(!neighbors->isVisible() && !stop->isEnabled());
    method->setFocus();
    QTest::keyClick(method, Qt::Key_Down);  // Custom axes
    QTest::keyClick(method, Qt::Key_Down);  // UMAP
    QCOMPARE(method->currentText(), QString("UMAP"));
    QTRY_VERIFY(neighbors->isVisible());
    QVERIFY(!perplexity->isVisible());
    neighbors->selectAll();
    QTest::keyClicks(neighbors, "8");
    QPushButton* apply = nullptr;
    for (auto* button : dock->findChildren<QPushButton*>())
      if (button->text() == "Apply projection") apply = button;
    QVERIFY(apply != nullptr);
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    QTest::mouseClick(apply, Qt::LeftButton, Qt::NoModifier, apply->rect().center());
    QVERIFY(window_->busy());
    QVERIFY(applied.wait(60000));
    QVERIFY(!window_->busy() && !stop->isEnabled());
    const auto& settings = window_->state().projectionSettings();
    QCOMPARE(settings.method, embscope::LayoutMethod::Umap);
    QCOMPARE(settings.umap.neighbors, 8);
    QVERIFY(settings.flat);
    QVERIFY(window_->findChild<QAction*>("flat")->isChecked());
    QVERIFY((window_->state().positions().row(2).array() == 0).all());
    QVERIFY((window_->state().positions().row(0).array() != 0).any());
    const auto* panel = window_->projectionPanel();
    QVERIFY2(panel->status().contains("UMAP: iteration"), qPrintable(panel->status()));
    QString line;
    for (QLabel* label : window_->statusBar()->findChildren<QLabel*>()) line += label->text();
    QVERIFY2(line.contains("UMAP"), qPrintable(line));
  }

  // A new user's findings: F5 (Play/Pause) and F10 (Step) act whatever has the focus, with the
  // Training panel behind another tab; after a Step, Play reads "Play".
  void f5AndF10TrainWhateverHasTheFocus() {
    loadDefault();
    QDockWidget* training = window_->findChild<QDockWidget*>("training");
    QVERIFY(!raised(training));
    auto* play = training->findChild<QPushButton*>("play");
    QVERIFY(play != nullptr);
    // A fine-tune run trains at the open vectors' dimension, and the dim field says so.
    auto* init = training->findChild<QComboBox*>("init");
    auto* dim = training->findChild<QSpinBox*>("dim");
    QVERIFY(init != nullptr && dim != nullptr);
    init->setCurrentIndex(1);                                // open vectors
    QCOMPARE(dim->value(), embscope::TrainerOptions{}.dim);  // the CLI's (trainer_option::dim)
    dim->setValue(50);  // the user's choice, other than the run's 100
    search("cat");      // the focus is on the view
    press(Qt::Key_F10);
    QTRY_VERIFY_WITH_TIMEOUT(window_->trainingView()->shownWords() >= 10000, 60000);
    QTRY_VERIFY(!window_->training().playing());
    QTest::qWait(200);
    QCOMPARE(play->text(), QString("Play"));
    QVERIFY(!play->isChecked());
    QCOMPARE(window_->training().trainer()->options().dim, 100);
    QCOMPARE(dim->value(), 100);
    QVERIFY(!dim->isEnabled());

    press(Qt::Key_F, Qt::ControlModifier);  // now typing in the search box
    QTRY_VERIFY(window_->findChild<QLineEdit*>("search")->hasFocus());
    press(Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(window_->training().playing(), 10000);
    QTRY_COMPARE(play->text(), QString("Pause"));
    const int64_t words = window_->trainingView()->shownWords();
    QTRY_VERIFY_WITH_TIMEOUT(window_->trainingView()->shownWords() > words, 30000);
    press(Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(!window_->training().playing(), 10000);
    QTRY_COMPARE(play->text(), QString("Play"));
    window_->training().reset();  // no run: the field is the user's again
    QCOMPARE(dim->value(), 50);
    QVERIFY(dim->isEnabled());
  }

  // A new user's findings: a finished run is work too; opening a file asks about it, and a kept
  // finished run's Play and Step are disabled, saying why.
  void aFinishedTrainingRunIsKeptOnlyIfAsked() {
    loadDefault();
    window_->trainingPanel()->setCorpusPath(QStringLiteral(EMBSCOPE_TEST_DATA_DIR) +
                                            "/corpus/lee_background.cor");
    auto* play = window_->findChild<QPushButton*>("play");
    auto* step = window_->findChild<QPushButton*>("step");
    press(Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(window_->training().finished(), 240000);
    QTRY_VERIFY(!play->isEnabled());
    QVERIFY(!step->isEnabled());
    QVERIFY2(play->toolTip().contains("finished"), qPrintable(play->toolTip()));
    QVERIFY2(step->toolTip().contains("finished"), qPrintable(step->toolTip()));

    window_->setHeadless(false);
    const QString path = QStringLiteral(EMBSCOPE_TEST_DATA_DIR) + "/formats/test_glove.txt";
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    const auto answer = [&](const char* button) {
      window_->openFile(path);
      QMessageBox* box = nullptr;
      QTRY_VERIFY((box = window_->findChild<QMessageBox*>("trainingRunDialog")) != nullptr &&
                  box->isVisible());
      QVERIFY2(box->text().contains("finished"), qPrintable(box->text()));
      auto* choice = box->findChild<QAbstractButton*>(button);
      QVERIFY2(choice != nullptr, button);
      QTest::mouseClick(choice, Qt::LeftButton, Qt::NoModifier, choice->rect().center());
      QTRY_VERIFY(window_->findChild<QMessageBox*>("trainingRunDialog") == nullptr);
    };
    answer("keepRun");
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
    QVERIFY(window_->training().finished());
    QVERIFY(!play->isEnabled());  // disabled, saying why: not silently doing nothing
    // Issue 18 leftover: the kept run is shown again (its newest frame) from the Training panel.
    auto* show_run = window_->findChild<QPushButton*>("showRun");
    QVERIFY(show_run != nullptr);
    QVERIFY(!window_->state().dataset()->training_frame);
    QVERIFY2(!show_run->isHidden(), "a kept run cannot be viewed again");
    const int64_t trained = window_->training().trainer()->progress().words_done;
    QTest::mouseClick(show_run, Qt::LeftButton, Qt::NoModifier, show_run->rect().center());
    QTRY_VERIFY(window_->state().dataset()->training_frame);
    // The run's end is shown, at once or as soon as its last frame is computed.
    QTRY_COMPARE_WITH_TIMEOUT(window_->trainingView()->shownWords(), trained, 10000);
    QCOMPARE(window_->state().dataset(), window_->training().lastFrame()->dataset.get());
    QVERIFY(show_run->isHidden());  // it is the run shown now
    answer("discardRun");
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 3, 30000);  // the file, the run, the file
    QVERIFY(!window_->training().prepared());
    QVERIFY(play->isEnabled() && step->isEnabled());
    QVERIFY(show_run->isHidden());
  }

  // A new user's findings: controls show the state they stand for. The 2D button follows the
  // projection through an open, the status bar's variance follows the axes shown, the search
  // box shows the selected word or nothing.
  void controlsShowTheStateTheyStandFor() {
    loadDefault();
    auto* bar = window_->findChild<QToolBar*>("main");
    auto* flat = window_->findChild<QAction*>("flat");
    QWidget* button = bar->widgetForAction(flat);
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    QTest::mouseClick(button, Qt::LeftButton, Qt::NoModifier, button->rect().center());
    QVERIFY(applied.wait(30000));
    QVERIFY(flat->isChecked() && window_->state().projectionSettings().flat);
    const QString glove = QStringLiteral(EMBSCOPE_TEST_DATA_DIR) + "/formats/test_glove.txt";
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    window_->openFile(glove);
    QVERIFY(shown.wait(30000));
    QVERIFY(!window_->state().projectionSettings().flat);
    QVERIFY2(!flat->isChecked(), "the 2D button stays pressed over a 3D projection");
    QVERIFY(!qobject_cast<QToolButton*>(button)->isChecked());

    // The share of variance shown is that of the components on the axes.
    loadDefault();
    const auto statusText = [&] {
      QStringList texts;
      for (QLabel* label : window_->statusBar()->findChildren<QLabel*>()) texts << label->text();
      return texts.join(" | ");
    };
    const Eigen::VectorXd& variance = window_->state().dataset()->pca.explained_variance_ratio;
    const auto share = [&](double ratio) {
      return QString("PCA: %1% of variance shown").arg(ratio * 100.0, 0, 'f', 1);
    };
    QVERIFY2(statusText().contains(share(variance(0) + variance(1) + variance(2))),
             qPrintable(statusText()));
    embscope::ui::ProjectionSettings settings = window_->state().projectionSettings();
    settings.components = {3, 1, 2};  // x: PC4
    window_->projection()->apply(settings);
    QVERIFY(applied.wait(30000));
    QVERIFY2(statusText().contains(share(variance(3) + variance(1) + variance(2))),
             qPrintable(statusText()));

    // Esc empties the search box; a word picked from a table is shown there.
    search("cat");
    QCOMPARE(window_->findChild<QLineEdit*>("search")->text(), QString("cat"));
    press(Qt::Key_Escape);
    QCOMPARE(window_->state().focusRow(), std::optional<int64_t>());
    QCOMPARE(window_->findChild<QLineEdit*>("search")->text(), QString());
    search("cat");
    QDockWidget* neighbours = window_->findChild<QDockWidget*>("neighbours");
    window_->docks()->show(neighbours);
    auto* table = neighbours->findChild<QTableView*>();
    QVERIFY(table != nullptr && table->model()->rowCount() > 2);
    QTRY_VERIFY(table->isVisible());
    const QModelIndex second = table->model()->index(1, 0);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier,
                      table->visualRect(second).center());
    QTRY_VERIFY(window_->state().focusRow() != window_->state().dataset()->space->index_of("cat"));
    const std::string picked =
        window_->state().dataset()->vectors.vocabulary.word(window_->state().focusRow().value());
    QCOMPARE(window_->findChild<QLineEdit*>("search")->text(), QString::fromStdString(picked));
  }

  // A new user's findings: once a failed load's message has been read (its dialog closed), the
  // status bar shows the open data set's line again.
  void aFailedLoadsMessageGivesWayOnceRead() {
    loadDefault();
    search("cat");  // a new user's finding: the selection must outlive a failed open
    const auto cat = window_->state().focusRow();
    QVERIFY(cat.has_value());
    window_->setHeadless(false);
    QSignalSpy failed(window_.get(), &MainWindow::loadFailed);
    window_->openFile(QStringLiteral(EMBSCOPE_TEST_DATA_DIR) + "/bad/header_fewer_rows.txt");
    QVERIFY(failed.wait(30000));
    QVERIFY2(window_->statusBar()->currentMessage().startsWith("Could not open"),
             qPrintable(window_->statusBar()->currentMessage()));
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = window_->findChild<QMessageBox*>("loadErrorDialog")) != nullptr &&
                box->isVisible());
    QAbstractButton* ok = box->button(QMessageBox::Ok);
    QTest::mouseClick(ok, Qt::LeftButton, Qt::NoModifier, ok->rect().center());
    QTRY_COMPARE(window_->statusBar()->currentMessage(), QString());
    bool line = false;
    for (QLabel* label : window_->statusBar()->findChildren<QLabel*>())
      line = line || (label->isVisible() && label->text().contains("glove.6B.100d.top50k"));
    QVERIFY(line);
    QCOMPARE(window_->state().focusRow(), cat);
    QCOMPARE(window_->findChild<QLineEdit*>("search")->text(), QString("cat"));
    QCOMPARE(window_->neighboursPanel()->model().rowCount(), 10);
  }

  // Issue 18.5: Esc clears the selection and leaves Isolate; analogies draw again.
  void escapeLeavesIsolateAndAnalogiesDrawAgain() {
    loadDefault();
    search("cat");
    press(Qt::Key_I);
    QCOMPARE(window_->sceneBinding().scene()->positions().cols(), Eigen::Index{11});
    press(Qt::Key_Escape);
    QCOMPARE(window_->state().focusRow(), std::optional<int64_t>());
    QCOMPARE(window_->sceneBinding().scene()->positions().cols(), Eigen::Index{50000});
    QVERIFY(!window_->findChild<QAction*>("isolate")->isChecked());
    const auto answers =
        window_->analogy()->solve({"man", "king", "woman", "", embscope::AnalogyMethod::Add});
    QCOMPARE(answers.front().word, std::string("queen"));
    for (const auto& arrow : window_->state().arrows()) {
      QVERIFY(window_->sceneBinding().screenPosition(arrow.from).has_value());
      QVERIFY(window_->sceneBinding().screenPosition(arrow.to).has_value());
    }
    // An analogy solved while isolated on other words shows every point again.
    search("cat");
    press(Qt::Key_I);
    QCOMPARE(window_->sceneBinding().scene()->positions().cols(), Eigen::Index{11});
    window_->analogy()->solve({"man", "king", "woman", "", embscope::AnalogyMethod::Add});
    QCOMPARE(window_->sceneBinding().scene()->positions().cols(), Eigen::Index{50000});
    for (const auto& arrow : window_->state().arrows())
      QVERIFY(window_->sceneBinding().screenPosition(arrow.to).has_value());
  }

  // Issue 18.6: after a search the keys act on the view; Ctrl shortcuts work from a text field.
  void keysReachTheViewAfterASearch() {
    loadDefault();
    search("cat");
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(window_->view()));
    QSignalSpy applied(window_.get(), &MainWindow::projectionApplied);
    press(Qt::Key_2);
    QVERIFY(applied.wait(30000));
    QVERIFY(window_->state().positions().row(2).isZero());
    auto camera = window_->sceneBinding().scene()->cameraState();
    camera.parallel_scale *= 3;
    window_->sceneBinding().scene()->setCameraState(camera);
    press(Qt::Key_R);
    const auto reset = window_->sceneBinding().scene()->cameraState();
    window_->sceneBinding().scene()->resetCamera();
    QCOMPARE(reset.parallel_scale, window_->sceneBinding().scene()->cameraState().parallel_scale);
    press(Qt::Key_I);
    QCOMPARE(window_->sceneBinding().scene()->positions().cols(), Eigen::Index{11});
    press(Qt::Key_Escape);
    QCOMPARE(window_->state().focusRow(), std::optional<int64_t>());

    // While a word is being typed, single keys are text and Ctrl+E still exports.
    press(Qt::Key_F, Qt::ControlModifier);
    QTest::keyClicks(QApplication::focusWidget(), "do");
    press(Qt::Key_R);
    QCOMPARE(window_->findChild<QLineEdit*>("search")->text(), QString("dor"));
    QString dialog_title;
    whenModal<QFileDialog>([&](QFileDialog* dialog) {
      dialog_title = dialog->windowTitle();
      dialog->reject();
    });
    press(Qt::Key_E, Qt::ControlModifier);
    QTRY_COMPARE(dialog_title, QString("Export Image"));
  }

  // Issue 18.6: the click that brings the focus back to the view keeps the selection.
  void aFocusClickOnEmptySpaceKeepsTheSelection() {
    loadDefault();
    search("cat");
    press(Qt::Key_F, Qt::ControlModifier);  // the focus goes back to the search box
    QTRY_VERIFY(window_->findChild<QLineEdit*>("search")->hasFocus());
    const QPoint empty = emptySpot();
    QTest::mouseClick(window_->view(), Qt::LeftButton, Qt::NoModifier, empty);
    QTRY_VERIFY(window_->view()->hasFocus());
    QCOMPARE(window_->state().focusRow(), window_->state().dataset()->space->index_of("cat"));
    // With the focus already there, a click on empty space clears the selection.
    QTest::mouseClick(window_->view(), Qt::LeftButton, Qt::NoModifier, empty);
    QTRY_COMPARE(window_->state().focusRow(), std::optional<int64_t>());
  }

  // Issue 18.9: padding_idx is part of a session.
  void sessionsKeepPaddingIdx() {
    loadDefault();
    QCOMPARE(window_->lookupPanel()->setPaddingIdx(3), QString());
    QVERIFY(!window_->lookupPanel()->setPaddingIdx(50000).isEmpty());  // out of range: refused
    QCOMPARE(window_->lookupPanel()->paddingIdx(), std::optional<int64_t>(3));
    QTemporaryDir dir;
    const QString path = dir.filePath("view.json");
    QCOMPARE(window_->sessions()->save(path), QString());
    QString error;
    const auto stored = embscope::ui::loadSession(path, &error);
    QVERIFY2(stored.has_value(), qPrintable(error));
    QCOMPARE(stored->padding_idx, std::optional<int64_t>(3));

    MainWindow other;
    other.setHeadless(true);
    other.show();
    QVERIFY(QTest::qWaitForWindowExposed(&other));
    QSignalSpy applied(&other, &MainWindow::sessionApplied);
    QCOMPARE(other.sessions()->open(path), QString());
    QVERIFY(applied.wait(60000));
    QCOMPARE(other.lookupPanel()->paddingIdx(), std::optional<int64_t>(3));

    // A session without a padding row clears it; a bad value is refused with its key.
    embscope::ui::Session none = *stored;
    none.padding_idx.reset();
    QCOMPARE(embscope::ui::saveSession(dir.filePath("none.json"), none), QString());
    QCOMPARE(other.sessions()->open(dir.filePath("none.json")), QString());
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 2, 60000);
    QCOMPARE(other.lookupPanel()->paddingIdx(), std::optional<int64_t>());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray text = file.readAll();
    file.close();
    text.replace("\"padding_idx\": 3", "\"padding_idx\": -2");
    text.replace("\"embscope_session\": 2", "\"embscope_session\": 1");  // no checksum
    QFile bad(dir.filePath("bad.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(text);
    bad.close();
    QVERIFY(!embscope::ui::loadSession(bad.fileName(), &error));
    QVERIFY2(error.contains("\"padding_idx\" must be a row index"), qPrintable(error));
  }

  // Issue 18.9: a save dialog suggests a name in the last folder; the export says where it went.
  void exportsSuggestANameAndSayWhereTheFileWent() {
    loadDefault();
    window_->setHeadless(false);
    QTemporaryDir dir;
    QSettings().setValue("files/lastSaveFolder", dir.path());
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler("file", &catcher, "open");
    QString suggested;
    whenModal<QFileDialog>([&](QFileDialog* dialog) {
      suggested = dialog->selectedFiles().value(0);
      static_cast<QDialog*>(dialog)->accept();  // the suggestion as it is
    });
    press(Qt::Key_E, Qt::ControlModifier);
    QTRY_VERIFY(!suggested.isEmpty());
    const QFileInfo file(suggested);
    QCOMPARE(file.absolutePath(), QFileInfo(dir.path()).absoluteFilePath());
    QVERIFY2(QRegularExpression("^glove\\.6B\\.100d\\.top50k-view-\\d{4}-\\d\\d-\\d\\d\\.png$")
                 .match(file.fileName())
                 .hasMatch(),
             qPrintable(file.fileName()));
    QTRY_VERIFY(file.exists());
    QVERIFY(!QImage(suggested).isNull());
    QMessageBox* notice = nullptr;
    QTRY_VERIFY((notice = window_->findChild<QMessageBox*>("exportNotice")) != nullptr &&
                notice->isVisible());
    QVERIFY(!notice->isModal());
    QVERIFY2(notice->text().contains(file.fileName()), qPrintable(notice->text()));
    QVERIFY2(notice->informativeText().contains(QDir::toNativeSeparators(file.absolutePath())),
             qPrintable(notice->informativeText()));
    auto* show = notice->findChild<QAbstractButton*>("showInFolder");
    QVERIFY(show != nullptr);
    QTest::mouseClick(show, Qt::LeftButton, Qt::NoModifier, show->rect().center());
    QTRY_COMPARE(catcher.urls.size(), 1);
    QCOMPARE(catcher.urls.first(), QUrl::fromLocalFile(file.absolutePath()));
    QDesktopServices::unsetUrlHandler("file");
  }

 private:
  void loadDefault() {
    QSignalSpy shown(window_.get(), &MainWindow::datasetShown);
    window_->openFile(QString::fromStdString(embscope::default_dataset_path().string()));
    QVERIFY(shown.wait(60000));
    const int frames = window_->view()->framesRendered();
    window_->view()->update();
    QTRY_VERIFY_WITH_TIMEOUT(window_->view()->framesRendered() > frames, 10000);
  }

  // The width a line edit draws its text in, as QLineEdit::paintEvent computes it: the style's
  // contents rectangle less the text margins, 2 px a side and the visible side buttons (clear).
  static int lineEditRoom(QLineEdit* edit) {
    QStyleOptionFrame option;
    option.initFrom(edit);
    option.rect = edit->rect();
    option.lineWidth = edit->hasFrame()
                           ? edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &option, edit)
                           : 0;
    const QRect contents =
        edit->style()->subElementRect(QStyle::SE_LineEditContents, &option, edit);
    int room = contents.width() - edit->textMargins().left() - edit->textMargins().right() - 4;
    for (const QToolButton* button : edit->findChildren<QToolButton*>())
      if (button->isVisible()) room -= button->width();
    return room;
  }

  // The dock is shown and, when it shares its column with others, its tab is the current one.
  bool raised(QDockWidget* dock) const {
    if (!dock->isVisible()) return false;
    for (QTabBar* bar : window_->findChildren<QTabBar*>(Qt::FindDirectChildrenOnly)) {
      if (!bar->isVisible()) continue;
      for (int i = 0; i < bar->count(); ++i) {
        if (bar->tabText(i) == dock->windowTitle()) return bar->currentIndex() == i;
      }
    }
    return true;  // alone in its area
  }

  // A key pressed and released on whatever widget has the focus, as the keyboard sends it.
  void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QWidget* target = QApplication::focusWidget();
    QTest::keyClick(target ? target : window_.get(), key, modifiers);
  }

  // Ctrl+F, the word typed, Enter: as a user searches.
  void search(const QString& word) {
    press(Qt::Key_F, Qt::ControlModifier);
    auto* box = window_->findChild<QLineEdit*>("search");
    QTRY_VERIFY(box->hasFocus());
    QTest::keyClicks(box, word);
    QTest::keyClick(box, Qt::Key_Return);
    QCOMPARE(window_->state().focusRow(),
             window_->state().dataset()->space->index_of(word.toStdString()));
  }

  // Runs `act` on the next modal dialog of type T (a QFileDialog's exec() blocks the caller).
  template <typename T>
  void whenModal(std::function<void(T*)> act) {
    auto* timer = new QTimer(window_.get());
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act] {
      if (auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget())) {
        timer->stop();
        timer->deleteLater();
        act(dialog);
      }
    });
    timer->start(50);
  }

  // A point of the view with no data point within 12 pixels.
  // Raises the Evaluation panel, clicks its Run benchmarks button (handed out in `button`) and
  // waits for the results.
  void runBenchmarksWithTheButton(QPushButton** button = nullptr) {
    QDockWidget* dock = window_->findChild<QDockWidget*>("evaluation");
    window_->docks()->show(dock);
    QPushButton* run = nullptr;
    for (auto* button : dock->findChildren<QPushButton*>())
      if (button->text() == "Run benchmarks") run = button;
    QVERIFY(run != nullptr);
    if (button != nullptr) *button = run;
    QSignalSpy finished(window_.get(), &MainWindow::evaluationFinished);
    QTest::mouseClick(run, Qt::LeftButton, Qt::NoModifier, run->rect().center());
    QVERIFY(finished.wait(120000));
  }

  // A spot of the view with no point within 12 px (twice the pick radius), scanning a grid from
  // the top left: a zoomed-in cloud can cover any fixed spot (a narrower view did).
  QPoint emptySpot() {
    const QSize size = window_->view()->size();
    std::vector<QPointF> points;
    for (int64_t row = 0; row < window_->state().dataset()->vectors.rows(); ++row) {
      if (const auto p = window_->sceneBinding().screenPosition(row)) points.push_back(*p);
    }
    for (int y = 40; y < size.height() - 40; y += 8) {
      for (int x = 20; x < size.width() - 20; x += 8) {
        const QPointF candidate(x, y);
        const bool free = std::none_of(points.begin(), points.end(), [&](const QPointF& p) {
          return QLineF(p, candidate).length() <= 12;
        });
        if (free) return candidate.toPoint();
      }
    }
    qFatal("no empty spot in the view");
  }

  void saveScreenshot(const QString& name) {
    const QString folder = qEnvironmentVariable("EMBSCOPE_SCREENSHOT_DIR");
    if (folder.isEmpty()) return;
    window_->view()->update();
    QTest::qWait(150);
    QVERIFY(window_->saveWindowImage(QDir(folder).filePath(name + ".png")).isEmpty());
  }

  std::unique_ptr<MainWindow> window_;
};

int main(int argc, char** argv) {
  embscope::ui::VtkView::prepareProcess();
  // Settings, recent files and autosaves go to a scratch location, never the user's.
  QStandardPaths::setTestModeEnabled(true);
  QTemporaryDir settings;
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QApplication app(argc, argv);
  QApplication::setStyle("Fusion");  // as embscope itself
  WindowWorkflowTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_window_workflow.moc"
