// The window's own controllers without a window: SelectionController (a word, its neighbours as
// the core ranks them, isolation, /regex/ matches), ProjectionController (the core's layout in the
// state, requests queued while one runs, results for a replaced data set dropped), TrainingView
// (frames of a real run reach the state) and SearchBar - each over an ExplorerState whose
// signals drive the scene (SceneBinding on a VtkView that is never shown).
#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <memory>

#include "embscope/base/resources.hpp"
#include "embscope/projection/layout.hpp"
#include "embscope/projection/trustworthiness.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "explorer_state.hpp"
#include "lookup_panel.hpp"
#include "neighbours_panel.hpp"
#include "point_cloud_scene.hpp"
#include "projection_controller.hpp"
#include "projection_panel.hpp"
#include "scene_binding.hpp"
#include "search_bar.hpp"
#include "selection_controller.hpp"
#include "training_panel.hpp"
#include "training_view.hpp"
#include "vtk_view.hpp"

using embscope::ui::ExplorerState;
using embscope::ui::LoadedDataset;
using embscope::ui::ProjectionController;
using embscope::ui::ProjectionSettings;
using embscope::ui::SceneBinding;
using embscope::ui::SelectionController;

namespace {

// The bundled default vectors (50,000 words), as the loader opens them (PCA of all rows).
std::shared_ptr<LoadedDataset> default_glove() {
  static const embscope::VectorSet vectors =
      embscope::read_vectors(embscope::resource_path("data/glove.6B.100d.top50k.txt.gz"));
  auto dataset = std::make_shared<LoadedDataset>();
  dataset->name = "glove.6B.100d.top50k.txt.gz";
  dataset->vectors = vectors;
  dataset->space = std::make_unique<embscope::VectorSpace>(dataset->vectors);
  embscope::PcaOptions options;
  options.components = 10;  // as DatasetLoader fits
  dataset->pca = embscope::fit_pca(dataset->vectors.vectors, options);
  dataset->positions = embscope::project_rows(dataset->vectors.vectors, dataset->pca);
  return dataset;
}

// The 2,000 most frequent of them: small enough for a UMAP run in a test.
std::shared_ptr<LoadedDataset> top_glove(int64_t rows) {
  const auto all = default_glove();
  auto dataset = std::make_shared<LoadedDataset>();
  dataset->name = "top";
  for (int64_t row = 0; row < rows; ++row)
    dataset->vectors.vocabulary.add(all->vectors.vocabulary.word(row));
  dataset->vectors.vectors = all->vectors.vectors.topRows(rows);
  dataset->space = std::make_unique<embscope::VectorSpace>(dataset->vectors);
  embscope::PcaOptions options;
  options.components = 10;
  dataset->pca = embscope::fit_pca(dataset->vectors.vectors, options);
  dataset->positions = embscope::project_rows(dataset->vectors.vectors, dataset->pca);
  return dataset;
}

// A state, its scene on a view that is never shown, and the Neighbours panel.
struct Fixture {
  ExplorerState state;
  embscope::ui::VtkView view;
  SceneBinding binding{state, &view};
  embscope::ui::NeighboursPanel neighbours;
  SelectionController selection{state, binding, &neighbours};
  int64_t row(const char* word) const { return state.dataset()->space->index_of(word); }
};

}  // namespace

class WindowControllersTest : public QObject {
  Q_OBJECT

 private slots:
  void aSelectedWordHasTheCoresNeighboursAndTheSceneFollows() {
    Fixture f;
    f.state.setDataset(default_glove());
    QCOMPARE(f.binding.scene()->positions().cols(), f.state.dataset()->vectors.rows());
    f.neighbours.setK(7);
    QVERIFY(f.selection.selectWord("cat"));
    QCOMPARE(f.state.focusRow(), std::optional<int64_t>(f.row("cat")));
    const auto expected =
        f.state.dataset()->space->neighbours_of_row(f.row("cat"), 7, f.neighbours.metric());
    QCOMPARE(f.state.neighbours().size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
      QCOMPARE(f.state.neighbours()[i].index, expected[i].index);
    QCOMPARE(f.neighbours.model().rowCount(), 7);
    // Nobody told the scene: the state's signal did.
    QCOMPARE(f.binding.scene()->selected(), std::optional<int64_t>(f.row("cat")));

    // An unknown word changes nothing and says why, as the core words it.
    QSignalSpy status(&f.selection, &SelectionController::status);
    QVERIFY(!f.selection.selectWord("zzqxnotaword"));
    QCOMPARE(status.count(), 1);
    QVERIFY(status.first().first().toString().contains("zzqxnotaword"));
    QCOMPARE(f.state.focusRow(), std::optional<int64_t>(f.row("cat")));

    // k changed in the panel: the neighbours follow.
    f.neighbours.setK(3);
    f.selection.refreshNeighbours();
    QCOMPARE(f.state.neighbours().size(), size_t{3});

    f.selection.selectPoint(std::nullopt);
    QVERIFY(!f.state.focusRow());
    QCOMPARE(f.binding.scene()->selected(), std::optional<int64_t>());
    QCOMPARE(f.neighbours.model().rowCount(), 0);
  }

  void isolationShowsTheWordWithItsNeighboursAndEndsWithTheSelection() {
    Fixture f;
    f.state.setDataset(default_glove());
    QSignalSpy status(&f.selection, &SelectionController::status);
    f.selection.setIsolated(true);  // nothing selected: refused, with the reason
    QVERIFY(!f.state.isolated());
    QVERIFY(!f.selection.isolateAction()->isChecked());
    QVERIFY(status.last().first().toString().contains("Select a word first"));

    f.neighbours.setK(5);
    QVERIFY(f.selection.selectWord("paris"));
    f.selection.isolateAction()->trigger();  // the I key
    QVERIFY(f.state.isolated());
    QVERIFY(f.selection.isolateAction()->isChecked());
    QCOMPARE(f.state.shownRows().size(), size_t{6});
    QCOMPARE(f.binding.scene()->positions().cols(), Eigen::Index{6});
    // Another word while isolated: the picture is re-fitted on its neighbourhood.
    QVERIFY(f.selection.selectWord("france"));
    QCOMPARE(f.state.shownRows().front(), f.row("france"));
    // Clearing the selection brings every point back.
    f.selection.clear();
    QVERIFY(!f.state.isolated());
    QVERIFY(!f.selection.isolateAction()->isChecked());
    QCOMPARE(f.binding.scene()->positions().cols(), f.state.dataset()->vectors.rows());
  }

  void aRegexMarksEveryMatchAndOneMatchIsSelected() {
    Fixture f;
    f.state.setDataset(default_glove());
    int64_t expected = 0;
    for (const std::string& word : f.state.dataset()->vectors.vocabulary.words())
      expected += word.rfind("dog", 0) == 0 ? 1 : 0;
    QVERIFY(expected > 1);
    QCOMPARE(f.selection.highlightMatches(QRegularExpression("^dog")), expected);
    QCOMPARE(static_cast<int64_t>(f.state.searchMatches().size()), expected);
    QCOMPARE(static_cast<int64_t>(f.binding.scene()->matched().size()), expected);
    QVERIFY(!f.state.focusRow());
    QCOMPARE(f.selection.highlightMatches(QRegularExpression("^paris$")), int64_t{1});
    QCOMPARE(f.state.focusRow(), std::optional<int64_t>(f.row("paris")));
    f.selection.clear();
    QVERIFY(f.state.searchMatches().empty());
    QVERIFY(f.binding.scene()->matched().empty());
  }

  void theSearchBarSelectsAndShowsTheSelectedWord() {
    Fixture f;
    QWidget window;
    embscope::ui::SearchBar search(f.state, f.selection, &f.view, &window);
    f.state.setDataset(default_glove());
    QTest::keyClicks(search.lineEdit(), "king");
    QTest::keyClick(search.lineEdit(), Qt::Key_Return);
    QCOMPARE(f.state.focusRow(), std::optional<int64_t>(f.row("king")));
    // A row selected elsewhere (a click) is named in the box.
    f.selection.selectRow(f.row("queen"));
    QCOMPARE(search.lineEdit()->text(), QString("queen"));
    search.lineEdit()->setText("/^kings?$/");
    QTest::keyClick(search.lineEdit(), Qt::Key_Return);
    QCOMPARE(f.state.searchMatches().size(), size_t{2});
  }

  void theProjectionIsTheCoresLayoutAndTheLastRequestWins() {
    Fixture f;
    embscope::ui::ProjectionPanel panel;
    ProjectionController projection(f.state, f.binding, f.selection, &panel);
    f.state.setDataset(default_glove());
    QSignalSpy applied(&projection, &ProjectionController::applied);
    ProjectionSettings first;
    first.components = {3, 4, 5};
    ProjectionSettings axes;
    axes.axes = {"woman - man", "king - queen", ""};
    projection.apply(first);
    projection.apply(axes);  // queued while the first runs: only it is shown at the end
    QVERIFY(applied.wait(30000));
    QCOMPARE(applied.count(), 1);
    QCOMPARE(f.state.projectionSettings(), axes);
    const embscope::LayoutSnapshot expected =
        embscope::compute_layout(f.state.dataset()->vectors, axes.layoutSpec(), {},
                                 {.space = f.state.dataset()->space.get()});
    QVERIFY(f.state.positions().isApprox(expected.positions, 1e-5f));
    QCOMPARE(f.state.axisLabels()[0], expected.labels[0]);
    QVERIFY(f.binding.scene()->positions().isApprox(expected.positions, 1e-5f));

    // A projection of a data set that was replaced before it ended is dropped.
    ProjectionSettings other;
    other.components = {1, 2, 0};
    projection.apply(other);
    auto replacement = default_glove();
    const embscope::Positions3D own = replacement->positions;
    f.state.setDataset(replacement);
    QVERIFY(applied.wait(30000));
    QVERIFY(f.state.positions() == own);
    QCOMPARE(f.state.projectionSettings(), ProjectionSettings());
  }

  void theTwoDButtonFollowsTheSettingsInForce() {
    Fixture f;
    embscope::ui::ProjectionPanel panel;
    ProjectionController projection(f.state, f.binding, f.selection, &panel);
    f.state.setDataset(default_glove());
    QSignalSpy applied(&projection, &ProjectionController::applied);
    projection.flatAction()->trigger();  // the 2 key
    QVERIFY(applied.wait(30000));
    QVERIFY(f.state.projectionSettings().flat);
    QVERIFY((f.state.positions().row(2).array() == 0).all());
    f.state.setDataset(default_glove());  // a new data set is shown in 3D
    QVERIFY(!projection.flatAction()->isChecked());
  }

  // UMAP in the window: it unfolds from the view in many frames, ends 2D, keeps local structure
  // better than the PCA it started from, pauses, and the same seed from the same view gives
  // the same picture.
  void aUmapLayoutUnfoldsFromTheViewAndIsReproducible() {
    Fixture f;
    embscope::ui::ProjectionPanel panel;
    ProjectionController projection(f.state, f.binding, f.selection, &panel);
    const auto data = top_glove(2000);
    f.state.setDataset(data);
    const embscope::TrustworthinessOptions quality{.k = 15, .metric = embscope::Metric::Cosine};
    const double pca_quality =
        embscope::trustworthiness(data->vectors.vectors, f.state.positions(), quality);
    ProjectionSettings settings;
    settings.method = embscope::LayoutMethod::Umap;
    settings.umap.epochs = 600;  // long enough to be caught running
    settings.seed = 7;
    QSignalSpy applied(&projection, &ProjectionController::applied);
    QSignalSpy frames(&f.state, &ExplorerState::layoutChanged);
    projection.apply(settings);
    QVERIFY(projection.running());
    // Paused: the iterations stop advancing until resumed.
    QTRY_VERIFY_WITH_TIMEOUT(projection.iterations().first > 0, 60000);
    auto* pause = panel.findChild<QPushButton*>("pauseLayout");
    QVERIFY(pause != nullptr && pause->isEnabled() && pause->text() == "Pause");
    pause->click();  // the panel is not shown here: QAbstractButton::click, as a press
    QCOMPARE(pause->text(), QString("Resume"));  // says what the next click does
    QTest::qWait(200);
    const int64_t paused_at = projection.iterations().first;
    QTest::qWait(400);
    QCOMPARE(projection.iterations().first, paused_at);
    QVERIFY(paused_at < 600);
    pause->click();  // the panel is not shown here: QAbstractButton::click, as a press
    QCOMPARE(pause->text(), QString("Pause"));
    QVERIFY(applied.wait(120000));
    QVERIFY(!projection.running());
    QCOMPARE(projection.iterations(), std::make_pair(int64_t{600}, int64_t{600}));
    QVERIFY2(frames.count() > 3, qPrintable(QString::number(frames.count())));
    QVERIFY(f.state.projectionSettings().flat);
    QVERIFY((f.state.positions().row(2).array() == 0).all());
    const embscope::Positions3D first = f.state.positions();
    const double umap_quality = embscope::trustworthiness(data->vectors.vectors, first, quality);
    QVERIFY2(umap_quality > pca_quality + 0.05,
             qPrintable(QString("UMAP %1, PCA %2").arg(umap_quality).arg(pca_quality)));

    f.state.setDataset(top_glove(2000));  // the same view again
    projection.apply(settings);
    QVERIFY(applied.wait(120000));
    QVERIFY(f.state.positions() == first);

    // Stopped while it still looks for neighbours: the view stays and the panel says so.
    const embscope::Positions3D before = f.state.positions();
    projection.apply(settings);
    projection.stop();
    QVERIFY(!projection.running() && !pause->isEnabled());
    QVERIFY(f.state.positions() == before);
    QVERIFY2(panel.status().contains("stopped before the first iteration"),
             qPrintable(panel.status()));
  }

  // t-SNE in the window: 3D on request, its KL divergence (measured every 50 iterations) shown.
  void aTsneLayoutShowsItsDivergence() {
    Fixture f;
    embscope::ui::ProjectionPanel panel;
    ProjectionController projection(f.state, f.binding, f.selection, &panel);
    f.state.setDataset(top_glove(500));
    ProjectionSettings settings;
    settings.method = embscope::LayoutMethod::Tsne;
    settings.tsne.iterations = 300;
    settings.dimensions = 3;
    QSignalSpy applied(&projection, &ProjectionController::applied);
    projection.apply(settings);
    QVERIFY(applied.wait(120000));
    QCOMPARE(projection.iterations(), std::make_pair(int64_t{300}, int64_t{300}));
    QVERIFY(!f.state.projectionSettings().flat);
    QVERIFY((f.state.positions().row(2).array() != 0).any());
    QVERIFY2(panel.status().contains("t-SNE: iteration 300 of 300") &&
                 panel.status().contains("KL divergence"),
             qPrintable(panel.status()));
  }

  void trainingFramesReachTheState() {
    Fixture f;
    embscope::ui::TrainingPanel training_panel;
    embscope::ui::LookupPanel lookup;
    embscope::ui::ProjectionPanel projection_panel;
    QWidget window;
    embscope::ui::TrainingView training(&window, f.state, f.binding, f.selection,
                                        {&training_panel, &lookup, &projection_panel});
    training.setHeadless(true);
    f.state.setDataset(default_glove());  // the window always shows a data set
    // The window shows a run's first frame as it shows a file.
    connect(&training, &embscope::ui::TrainingView::datasetShowRequested, &f.state,
            [&f](std::shared_ptr<LoadedDataset> dataset) { f.state.setDataset(dataset); });
    QSignalSpy paused(&training, &embscope::ui::TrainingView::paused);
    QSignalSpy line(&training, &embscope::ui::TrainingView::statusLine);
    training.trainSteps(20000);
    // Frames follow while the step runs; the step's last one says it paused.
    QTRY_VERIFY_WITH_TIMEOUT(training.shownWords() >= 20000, 60000);
    QVERIFY(paused.count() >= 1);
    QVERIFY(f.state.dataset() != nullptr && f.state.dataset()->training_frame);
    QCOMPARE(f.binding.scene()->positions().cols(), f.state.dataset()->vectors.rows());
    QVERIFY(line.last().first().toString().contains("words trained"));
    training.controller().reset();
    training.controller().discardAutosave();
  }
};

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QStandardPaths::setTestModeEnabled(true);  // the training autosave stays out of the user's
  WindowControllersTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_window_controllers.moc"
