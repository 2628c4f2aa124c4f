// ExplorerState without a window: a new data set resets everything of the previous one, the
// selection is a set of rows, every change emits its one signal once, and isolation maps rows
// to scene indices and back.
#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <memory>
#include <string>

#include "explorer_state.hpp"

using embscope::ScoredWord;
using embscope::ui::ExplorerState;
using embscope::ui::LoadedDataset;

namespace {

// `rows` words w0..w{rows-1} in `dim` dimensions, row i = (i, i^2 mod 7, ...); positions are
// the first three columns.
std::shared_ptr<LoadedDataset> make_dataset(int rows, int dim = 4, const QString& name = "a") {
  auto dataset = std::make_shared<LoadedDataset>();
  dataset->name = name;
  dataset->vectors.vectors.resize(rows, dim);
  for (int i = 0; i < rows; ++i) {
    dataset->vectors.vocabulary.add("w" + std::to_string(i));
    for (int d = 0; d < dim; ++d)
      dataset->vectors.vectors(i, d) = static_cast<float>((i * (d + 1) * (d + 2)) % 7 + i * d);
  }
  dataset->positions = dataset->vectors.vectors.leftCols(3).transpose();
  return dataset;
}

std::vector<ScoredWord> neighbours(std::initializer_list<int64_t> rows) {
  std::vector<ScoredWord> list;
  for (int64_t row : rows) list.push_back({"w" + std::to_string(row), row, 0.5});
  return list;
}

}  // namespace

class ExplorerStateTest : public QObject {
  Q_OBJECT

 private slots:
  void newDatasetResetsEverythingOfThePrevious() {
    ExplorerState state;
    state.setDataset(make_dataset(10));
    const uint64_t first = state.generation();
    embscope::ui::ProjectionSettings settings;
    settings.flat = true;
    settings.components = {3, 1, 2};
    state.setProjectionSettings(settings);
    state.selectRow(2, neighbours({3, 4}));
    QVERIFY(state.isolateSelection());
    state.setLookedUp({1, 5});
    state.setSearchMatches({7});
    state.setTracked({8});
    state.extendTrails();
    state.setArrows({{1, 2, Qt::red, false, "a"}});
    state.setPairArrows({{3, 4, Qt::green, false, {}}});
    state.setFlashed({0, 9});
    state.setColours(Eigen::VectorXf::Zero(10), {"x"});
    state.setLayout(Eigen::Matrix3Xf::Ones(3, 10), std::array<std::string, 3>{"a", "b", "c"});

    QSignalSpy dataset_changed(&state, &ExplorerState::datasetChanged);
    QSignalSpy selection_changed(&state, &ExplorerState::selectionChanged);
    state.setDataset(make_dataset(6, 4, "b"));
    QCOMPARE(dataset_changed.count(), 1);
    QCOMPARE(dataset_changed.at(0).at(0).toBool(), true);
    QCOMPARE(selection_changed.count(), 0);  // one signal for the whole reset
    QCOMPARE(state.datasets().size(), size_t(1));
    QCOMPARE(state.dataset()->name, QString("b"));
    QCOMPARE(state.generation(), first + 1);
    QVERIFY(state.projectionSettings() == embscope::ui::ProjectionSettings());
    QVERIFY(state.selection().empty());
    QVERIFY(!state.focusRow());
    QVERIFY(state.neighbours().empty());
    QVERIFY(!state.isolated());
    QVERIFY(state.lookedUp().empty());
    QVERIFY(state.searchMatches().empty());
    QVERIFY(state.tracked().empty());
    QVERIFY(state.trails().empty());
    QVERIFY(state.arrows().empty());
    QVERIFY(state.pairArrows().empty());
    QVERIFY(state.flashed().empty());
    QVERIFY(state.categories().empty());
    QCOMPARE(state.axisLabels()[0], std::string("PC1"));
    QCOMPARE(state.axisLabels()[2], std::string("PC3"));
    // The new data set's own positions and one colour per row.
    QCOMPARE(state.positions().cols(), Eigen::Index(6));
    QVERIFY(state.positions() == state.dataset()->positions);
    QCOMPARE(state.colours().size(), Eigen::Index(6));
    QCOMPARE(state.scenePositions().cols(), Eigen::Index(6));
  }

  void trainingFrameKeepsTheUsersChoices() {
    ExplorerState state;
    state.setDataset(make_dataset(8));
    state.selectRow(1, neighbours({2}));
    state.setTracked({3});
    const uint64_t generation = state.generation();
    QSignalSpy dataset_changed(&state, &ExplorerState::datasetChanged);
    state.replaceVectors(make_dataset(8, 4, "frame"));
    QCOMPARE(dataset_changed.count(), 1);
    QCOMPARE(dataset_changed.at(0).at(0).toBool(), false);
    QCOMPARE(state.generation(), generation);
    QCOMPARE(state.dataset()->name, QString("frame"));
    QCOMPARE(state.focusRow(), std::optional<int64_t>(1));
    QCOMPARE(state.tracked(), std::vector<int64_t>{3});
  }

  void selectionIsASortedSetWithAFocus() {
    ExplorerState state;
    state.setDataset(make_dataset(10));
    state.setSelection({5, 2, 5, 9, 2}, 9);
    QCOMPARE(state.selection(), (std::vector<int64_t>{2, 5, 9}));
    QCOMPARE(state.focusRow(), std::optional<int64_t>(9));
    // A focus outside the set falls back to the set's first row.
    state.setSelection({4, 3}, 7);
    QCOMPARE(state.selection(), (std::vector<int64_t>{3, 4}));
    QCOMPARE(state.focusRow(), std::optional<int64_t>(3));
    state.selectRow(6, neighbours({1, 2}));
    QCOMPARE(state.selection(), std::vector<int64_t>{6});
    QCOMPARE(state.focusRow(), std::optional<int64_t>(6));
    QCOMPARE(state.neighbours().size(), size_t(2));
    state.clearSelection();
    QVERIFY(state.selection().empty());
    QVERIFY(!state.focusRow());
    QVERIFY(state.neighbours().empty());
  }

  void signalsFireOncePerChangeAndNotWithoutOne() {
    ExplorerState state;
    state.setDataset(make_dataset(10));
    QSignalSpy selection(&state, &ExplorerState::selectionChanged);
    QSignalSpy marks(&state, &ExplorerState::marksChanged);
    QSignalSpy overlays(&state, &ExplorerState::overlaysChanged);
    QSignalSpy layout(&state, &ExplorerState::layoutChanged);
    QSignalSpy colours(&state, &ExplorerState::coloursChanged);
    QSignalSpy isolation(&state, &ExplorerState::isolationChanged);
    QSignalSpy projection(&state, &ExplorerState::projectionSettingsChanged);
    QSignalSpy appearance(&state, &ExplorerState::appearanceChanged);

    state.selectRow(3, neighbours({4}));
    state.selectRow(3, neighbours({4}));  // the same: no signal
    QCOMPARE(selection.count(), 1);
    state.selectRow(3, neighbours({5}));  // new neighbours (k or metric changed)
    QCOMPARE(selection.count(), 2);

    state.setLookedUp({1, 2});
    state.setLookedUp({1, 2});
    state.setSearchMatches({4});
    state.setTracked({7});
    QCOMPARE(marks.count(), 3);

    state.setArrows({{1, 2, Qt::red, false, "given"}});
    state.setArrows({{1, 2, Qt::red, false, "given"}});
    state.setPairArrows({});  // already empty
    state.setFlashed({1});
    state.extendTrails();
    QCOMPARE(overlays.count(), 3);
    QCOMPARE(state.trails().at(7).size(), size_t(1));

    state.setLayout(state.positions());
    QCOMPARE(layout.count(), 1);
    state.setColours(state.colours());
    QCOMPARE(colours.count(), 1);

    embscope::ui::ProjectionSettings flat;
    flat.flat = true;
    state.setProjectionSettings(flat);
    state.setProjectionSettings(flat);
    QCOMPARE(projection.count(), 1);
    embscope::ui::AppearanceSettings big;
    big.point_size = 9;
    state.setAppearance(big);
    state.setAppearance(big);
    QCOMPARE(appearance.count(), 1);

    QVERIFY(state.isolateSelection());
    QCOMPARE(isolation.count(), 1);
    state.clearIsolation();
    state.clearIsolation();  // already shown whole
    QCOMPARE(isolation.count(), 2);
    // None of these changed the selection.
    QCOMPARE(selection.count(), 2);
  }

  void isolationMapsRowsToSceneIndices() {
    ExplorerState state;
    state.setDataset(make_dataset(12));
    // Not isolated: scene index == row.
    QCOMPARE(state.rowOf(7), int64_t(7));
    QCOMPARE(state.sceneIndexOf(7), std::optional<int64_t>(7));
    // Nothing selected: nothing to isolate.
    QVERIFY(!state.isolateSelection());
    QVERIFY(!state.isolated());

    state.selectRow(5, neighbours({9, 2, 9}));
    QVERIFY(state.isolateSelection());
    QVERIFY(state.isolated());
    // The focus row first, then its neighbours in their order (each once).
    QCOMPARE(state.shownRows(), (std::vector<int64_t>{5, 9, 2}));
    QCOMPARE(state.rowOf(0), int64_t(5));
    QCOMPARE(state.rowOf(1), int64_t(9));
    QCOMPARE(state.rowOf(2), int64_t(2));
    QCOMPARE(state.sceneIndexOf(2), std::optional<int64_t>(2));
    QCOMPARE(state.sceneIndexOf(9), std::optional<int64_t>(1));
    QCOMPARE(state.sceneIndexOf(3), std::nullopt);
    QCOMPARE(state.sceneIndicesOf({3, 2, 5, 11}), (std::vector<int64_t>{2, 0}));
    // The scene shows the three rows, laid out by their own PCA, coloured as their rows.
    QCOMPARE(state.scenePositions().cols(), Eigen::Index(3));
    QVERIFY(state.scenePositions().allFinite());
    QVERIFY(state.scenePositions().norm() > 0);
    const Eigen::VectorXf colours = state.sceneColours();
    QCOMPARE(colours.size(), Eigen::Index(3));
    QCOMPARE(colours(1), state.colours()(9));
    QCOMPARE(colours(2), state.colours()(2));

    state.clearIsolation();
    QCOMPARE(state.sceneIndexOf(3), std::optional<int64_t>(3));
    QCOMPARE(state.scenePositions().cols(), Eigen::Index(12));
  }
};

QTEST_GUILESS_MAIN(ExplorerStateTest)
#include "test_explorer_state.moc"
