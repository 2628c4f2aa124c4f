// The workbench's controllers without a window: AnalogyController (answers as the core ranks
// them, the parallelogram's arrows in the explorer state, the analogy plane and a failed question
// asked of the window as signals, isolation ended when it hides the arrows, the pair list) and
// EvaluationController (a background run shown and exported; a run of replaced vectors dropped).
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "analogy_controller.hpp"
#include "embscope/base/resources.hpp"
#include "embscope/vectors/vector_io.hpp"
#include "evaluation_controller.hpp"
#include "explorer_state.hpp"

using embscope::ui::AnalogyController;
using embscope::ui::EvaluationController;
using embscope::ui::ExplorerState;
using embscope::ui::LoadedDataset;

namespace {

// The 76 most frequent GloVe words (tests/data/formats/test_glove.txt), as the loader opens it.
std::shared_ptr<LoadedDataset> glove() {
  auto dataset = std::make_shared<LoadedDataset>();
  dataset->name = "test_glove.txt";
  dataset->vectors =
      embscope::read_vectors(std::string(EMBSCOPE_TEST_DATA_DIR) + "/formats/test_glove.txt");
  dataset->space = std::make_unique<embscope::VectorSpace>(dataset->vectors);
  dataset->positions = dataset->vectors.vectors.leftCols(3).transpose();
  return dataset;
}

// The bundled default vectors (50,000 words), as the loader opens them.
std::shared_ptr<LoadedDataset> default_glove() {
  auto dataset = std::make_shared<LoadedDataset>();
  dataset->name = "glove.6B.100d.top50k.txt.gz";
  dataset->vectors =
      embscope::read_vectors(embscope::resource_path("data/glove.6B.100d.top50k.txt.gz"));
  dataset->space = std::make_unique<embscope::VectorSpace>(dataset->vectors);
  dataset->positions = dataset->vectors.vectors.leftCols(3).transpose();
  return dataset;
}

int64_t row(const ExplorerState& state, const char* word) {
  return state.dataset()->space->index_of(word);
}

}  // namespace

class WorkbenchControllersTest : public QObject {
  Q_OBJECT

 private slots:
  void analogyDrawsTheCoresAnswerAsAParallelogram() {
    ExplorerState state;
    state.setDataset(glove());
    embscope::ui::AnalogyPanel panel;
    AnalogyController analogy(state, &panel);
    QSignalSpy framed(&analogy, &AnalogyController::frameRequested);
    QSignalSpy status(&analogy, &AnalogyController::status);
    const auto answers = analogy.solve({"he", "his", "she", "", embscope::AnalogyMethod::Add});
    const auto direct = state.dataset()->space->analogy("he", "his", "she", 10);
    QCOMPARE(answers.size(), direct.size());
    QCOMPARE(answers.front().word, direct.front().word);
    QCOMPARE(panel.answers()->model()->rowCount(), static_cast<int>(answers.size()));
    // a->b given, c->d answer, and the two dashed sides.
    const auto& arrows = state.arrows();
    QCOMPARE(arrows.size(), size_t{4});
    QCOMPARE(arrows[0].from, row(state, "he"));
    QCOMPARE(arrows[0].to, row(state, "his"));
    QCOMPARE(arrows[1].from, row(state, "she"));
    QCOMPARE(arrows[1].to, answers.front().index);
    QVERIFY(arrows[2].dashed && arrows[3].dashed && !arrows[0].dashed);
    QCOMPARE(framed.size(), 1);
    QCOMPARE(framed[0][0].value<std::vector<int64_t>>().size(), size_t{4});
    QVERIFY(status.last()[0].toString().startsWith("he : his :: she : "));

    // An unknown word: no answers, no arrows, the reason said.
    QVERIFY(analogy.solve({"he", "his", "zzqx", "", embscope::AnalogyMethod::Add}).empty());
    QVERIFY(state.arrows().empty());
    QVERIFY(status.last()[0].toString().contains("zzqx"));
  }

  void anAnalogyEndsAnIsolationThatHidesItsWords() {
    ExplorerState state;
    state.setDataset(glove());
    embscope::ui::AnalogyPanel panel;
    AnalogyController analogy(state, &panel);
    QSignalSpy ended(&analogy, &AnalogyController::isolationEndRequested);
    state.selectRow(row(state, "the"), state.dataset()->space->neighbours_of_row(
                                           row(state, "the"), 3, embscope::Metric::Cosine));
    QVERIFY(state.isolateSelection());
    QVERIFY(!analogy.solve({"he", "his", "she", "", embscope::AnalogyMethod::Add}).empty());
    QCOMPARE(ended.size(), 1);
  }

  void thePlaneAndAFailedQuestionAreProjectionsAskedFor() {
    ExplorerState state;
    state.setDataset(glove());
    embscope::ui::AnalogyPanel panel;
    AnalogyController analogy(state, &panel);
    QSignalSpy projection(&analogy, &AnalogyController::projectionRequested);
    panel.setQuery({"he", "his", "she", "", embscope::AnalogyMethod::Add});
    analogy.showPlane();
    QCOMPARE(projection.size(), 1);
    auto settings = projection[0][0].value<embscope::ui::ProjectionSettings>();
    QCOMPARE(settings.axes[0], QString("his - he"));
    QCOMPARE(settings.axes[1], QString("she - he"));
    QVERIFY(settings.flat);
    QVERIFY(projection[0][1].value<std::vector<int64_t>>().empty());

    // The benchmark's capitals are found lowercased; expected green, answered red.
    analogy.showQuestion({"He", "His", "She", "Her", "the"});
    QCOMPARE(projection.size(), 2);
    settings = projection[1][0].value<embscope::ui::ProjectionSettings>();
    QCOMPARE(settings.axes[0], QString("his - he"));
    QCOMPARE(projection[1][1].value<std::vector<int64_t>>().size(), size_t{5});
    const auto& arrows = state.arrows();
    QCOMPARE(arrows.size(), size_t{4});
    QCOMPARE(arrows[1].to, row(state, "her"));
    QCOMPARE(arrows[1].colour, QColor(120, 220, 120));
    QCOMPARE(arrows[3].to, row(state, "the"));
    QCOMPARE(arrows[3].colour, QColor(240, 90, 80));
    // A question with a word the vectors lack changes nothing.
    analogy.showQuestion({"he", "zzqx", "she", "her", "the"});
    QCOMPARE(projection.size(), 2);
  }

  void thePairListIsDrawnAndANewDataSetClearsTheAnswers() {
    ExplorerState state;
    state.setDataset(glove());
    embscope::ui::AnalogyPanel panel;
    AnalogyController analogy(state, &panel);
    auto* pairs = panel.findChild<QPlainTextEdit*>();
    QVERIFY(pairs != nullptr);
    if (auto* draw = panel.findChild<QCheckBox*>(); draw != nullptr && !draw->isChecked())
      draw->setChecked(true);
    pairs->setPlainText("he she\nhis her\nzzqx the");
    QTRY_COMPARE(state.pairArrows().size(), size_t{2});  // the unknown pair is left out
    QCOMPARE(state.pairArrows()[1].from, row(state, "his"));
    analogy.solve({"he", "his", "she", "", embscope::AnalogyMethod::Add});
    QVERIFY(panel.answers()->model()->rowCount() > 0);
    state.setDataset(glove());
    QCOMPARE(panel.answers()->model()->rowCount(), 0);
    QCOMPARE(state.pairArrows().size(), size_t{2});  // drawn again on the new vectors
  }

  void evaluationRunsInTheBackgroundAndExports() {
    // Vectors that know none of a benchmark's words: the run fails, saying which file and why.
    ExplorerState state;
    state.setDataset(glove());
    embscope::ui::EvaluationPanel panel;
    EvaluationController evaluation(state, &panel);
    QTemporaryDir dir;
    QVERIFY(evaluation.exportCsv(dir.filePath("none.csv")).contains("run the benchmarks"));
    QSignalSpy finished(&evaluation, &EvaluationController::finished);
    QSignalSpy failed(&evaluation, &EvaluationController::failed);
    evaluation.run();
    QVERIFY(evaluation.running());
    QVERIFY(finished.wait(60000));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed[0][1].toString().contains("no usable word pair"),
             qPrintable(failed[0][1].toString()));
    QVERIFY(evaluation.results() == nullptr);

    // The bundled GloVe vectors (the 3,000 most frequent words): shown and exported.
    state.setDataset(default_glove());
    panel.setRestrictVocab(3000);
    evaluation.run();
    QVERIFY(finished.wait(120000));
    QCOMPARE(failed.size(), 1);
    QVERIFY(evaluation.results() != nullptr);
    QCOMPARE(evaluation.results()->pairs.size(), size_t{10});
    QVERIFY(evaluation.results()->analogies.total.correct > 0);
    QVERIFY(panel.similarity()->model()->rowCount() > 0);
    const QString csv = dir.filePath("evaluation.csv");
    QCOMPARE(evaluation.exportCsv(csv), QString());
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.front(), QByteArray("benchmark,measure,value,count"));
    // total, semantic, syntactic, the sections, then two rows per word-pair set.
    QCOMPARE(lines.size(),
             1 + 3 + static_cast<int>(evaluation.results()->analogies.sections.size()) + 20);

    // A new data set clears the results; a run of the vectors it replaced is dropped.
    evaluation.run();
    state.setDataset(glove());
    QVERIFY(evaluation.results() == nullptr);
    QCOMPARE(panel.similarity()->model()->rowCount(), 0);
    QVERIFY(finished.wait(120000));
    QVERIFY(evaluation.results() == nullptr);
    QCOMPARE(panel.similarity()->model()->rowCount(), 0);
  }
};

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  WorkbenchControllersTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_workbench_controllers.moc"
