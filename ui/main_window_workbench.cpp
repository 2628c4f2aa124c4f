// MainWindow, the workbench half: analogies and their arrows, the benchmarks, and training
// watched in the view (frames, tracked words and their trails). The window's frame, docks,
// loading, selection and exports are in main_window.cpp.
#include <QLabel>
#include <QPainter>
#include <QSaveFile>
#include <QStatusBar>
#include <QTextDocumentFragment>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>

#include "analogy_panel.hpp"
#include "embscope/base/resources.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/space/evaluation.hpp"
#include "embscope/space/table_export.hpp"
#include "evaluation_panel.hpp"
#include "lookup_panel.hpp"
#include "main_window.hpp"
#include "number_format.hpp"
#include "point_cloud_scene.hpp"
#include "projection_panel.hpp"
#include "training_panel.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {

std::vector<ScoredWord> MainWindow::solveAnalogy(const AnalogyQuery& query) {
  if (!dataset()) return {};
  analogy_panel_->setQuery(query);
  try {
    const VectorSpace& space = *dataset()->space;
    // The top ten are shown; an expected answer needs every candidate ranked to find its rank.
    const int k = query.expected.isEmpty() ? 10 : static_cast<int>(dataset()->vectors.rows());
    const auto ranked = space.analogy(query.a.toStdString(), query.b.toStdString(),
                                      query.c.toStdString(), k, query.method);
    std::vector<ScoredWord> answers(ranked.begin(),
                                    ranked.begin() + std::min<size_t>(10, ranked.size()));
    QString status = tr("%1 : %2 :: %3 : <b>%4</b>")
                         .arg(query.a, query.b, query.c,
                              answers.empty() ? QStringLiteral("?")
                                              : QString::fromStdString(answers.front().word));
    if (!query.expected.isEmpty()) {
      const auto found = std::find_if(ranked.begin(), ranked.end(), [&](const ScoredWord& w) {
        return w.word == query.expected.toStdString();
      });
      status +=
          found == ranked.end()
              ? tr(" (expected '%1' is not a candidate)").arg(query.expected)
              : tr(" (expected '%1' ranks %2)").arg(query.expected).arg(found - ranked.begin() + 1);
    }
    analogy_panel_->showAnswers(answers, status);
    statusBar()->showMessage(QTextDocumentFragment::fromHtml(status).toPlainText());
    state_->setArrows({});
    if (!answers.empty()) {
      const int64_t a = space.index_of(query.a.toStdString());
      const int64_t b = space.index_of(query.b.toStdString());
      const int64_t c = space.index_of(query.c.toStdString());
      const int64_t d = answers.front().index;
      // Arrows between points that Isolate hides would draw nothing: show every point again.
      if (state_->isolated() && state_->sceneIndicesOf({a, b, c, d}).size() < 4) setIsolated(false);
      const QColor offset(90, 200, 255), answer(255, 210, 80), side(170, 170, 170);
      const auto word = [&](int64_t row) {
        return QString::fromStdString(dataset()->vectors.vocabulary.word(row));
      };
      state_->setArrows({{a, b, offset, false, tr("%1 \u2192 %2 (given)").arg(word(a), word(b))},
                         {c, d, answer, false, tr("%1 \u2192 %2 (answer)").arg(word(c), word(d))},
                         {a, c, side, true, QString()},
                         {b, d, side, true, QString()}});
      binding_->focusOnRows({a, b, c, d});  // frame the four words
    }
    view_->update();
    return answers;
  } catch (const std::exception& error) {
    analogy_panel_->showAnswers({}, QString::fromStdString(error.what()));
    statusBar()->showMessage(QString::fromStdString(error.what()), 8000);
    state_->setArrows({});
    view_->update();
    return {};
  }
}

void MainWindow::showAnalogyPlane() {
  const AnalogyQuery query = analogy_panel_->query();
  ProjectionSettings settings = state_->projectionSettings();
  settings.axes = {QStringLiteral("%1 - %2").arg(query.b, query.a),
                   QStringLiteral("%1 - %2").arg(query.c, query.a), QString()};
  settings.flat = true;
  projection_panel_->setSettings(settings);
  applyProjection(settings);
}

void MainWindow::showQuestion(const AnalogyQuestion& question) {
  if (!dataset()) return;
  const VectorSpace& space = *dataset()->space;
  const auto row = [&](const std::string& word) -> std::optional<int64_t> {
    try {
      return space.index_of(word);
    } catch (const UnknownWordError&) {
      // The benchmark is case-insensitive: try the lowercase form.
      std::string lower = word;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      try {
        return space.index_of(lower);
      } catch (const UnknownWordError&) {
        return std::nullopt;
      }
    }
  };
  const auto a = row(question.a), b = row(question.b), c = row(question.c);
  const auto expected = row(question.expected), predicted = row(question.predicted);
  if (!a || !b || !c || !expected) return;
  const auto word = [&](int64_t r) {
    return QString::fromStdString(dataset()->vectors.vocabulary.word(r));
  };
  std::vector<Arrow> arrows = {
      {*a, *b, QColor(90, 200, 255), false, tr("%1 \u2192 %2 (given)").arg(word(*a), word(*b))},
      {*c, *expected, QColor(120, 220, 120), false,
       tr("%1 \u2192 %2 (expected)").arg(word(*c), word(*expected))},
      {*a, *c, QColor(170, 170, 170), true, QString()}};
  if (predicted) {
    arrows.push_back({*c, *predicted, QColor(240, 90, 80), false,
                      tr("%1 \u2192 %2 (answered)").arg(word(*c), word(*predicted))});
  }
  state_->setArrows(std::move(arrows));
  // Its own analogy plane (x = b - a, y = c - a), as "Show on the analogy plane" does: there
  // the offsets are drawn at full length; in a PCA view they are a few pixels long.
  fit_after_projection_.clear();
  for (auto r : {a, b, c, expected, predicted}) {
    if (r) fit_after_projection_.push_back(*r);
  }
  ProjectionSettings settings = state_->projectionSettings();
  settings.axes = {QStringLiteral("%1 - %2").arg(word(*b), word(*a)),
                   QStringLiteral("%1 - %2").arg(word(*c), word(*a)), QString()};
  settings.flat = true;
  projection_panel_->setSettings(settings);
  applyProjection(settings);
  statusBar()->showMessage(
      tr("%1 : %2 :: %3 : expected %4 (green), got %5 (red)")
          .arg(QString::fromStdString(question.a), QString::fromStdString(question.b),
               QString::fromStdString(question.c), QString::fromStdString(question.expected),
               QString::fromStdString(question.predicted)),
      10000);
  view_->update();
}

void MainWindow::updatePairArrows() {
  std::vector<Arrow> pair_arrows;
  if (dataset() && analogy_panel_->drawPairs()) {
    for (const auto& [from, to] : analogy_panel_->pairs()) {
      const auto a = dataset()->vectors.vocabulary.find(from.toStdString());
      const auto b = dataset()->vectors.vocabulary.find(to.toStdString());
      if (a && b) pair_arrows.push_back({*a, *b, QColor(120, 230, 140), false, QString()});
    }
  }
  state_->setPairArrows(std::move(pair_arrows));
  view_->update();
}

void MainWindow::runEvaluation() {
  if (!dataset() || evaluation_watcher_.isRunning()) return;
  evaluation_panel_->setRunning(true);
  evaluation_generation_ = state_->generation();
  const std::shared_ptr<LoadedDataset> dataset = state_->sharedDataset();
  const int64_t restrict = evaluation_panel_->restrictVocab();
  evaluation_watcher_.setFuture(QtConcurrent::run([dataset, restrict] {
    EvaluationResults results;
    const auto start = std::chrono::steady_clock::now();
    try {
      AnalogyOptions analogy;
      analogy.restrict_vocab = restrict;
      results.analogies = evaluate_analogies(
          *dataset->space, resource_path("data/eval/questions-words.txt"), analogy);
      WordPairOptions pairs;
      pairs.restrict_vocab = restrict;
      for (const char* name :
           {"wordsim353.tsv", "simlex999.txt", "EN-MEN-TR-3k.txt", "EN-MTurk-771.txt",
            "EN-RG-65.txt", "EN-MC-30.txt", "EN-RW-STANFORD.txt", "EN-SimVerb-3500.txt",
            "EN-WS-353-SIM.txt", "EN-WS-353-REL.txt"}) {
        results.pairs.emplace_back(
            QString::fromLatin1(name),
            evaluate_word_pairs(*dataset->space, resource_path(std::string("data/eval/") + name),
                                pairs));
      }
    } catch (const std::exception& error) {
      results.error = QString::fromStdString(error.what());
    }
    results.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return results;
  }));
}

QString MainWindow::exportEvaluation(const QString& path) const {
  if (!evaluation_) return tr("no results yet: run the benchmarks first");
  // The core's CSV writer (RFC 4180, atomic), as every other table export.
  std::vector<std::vector<std::string>> rows;
  const auto add = [&rows](const std::string& benchmark, const char* measure, double value,
                           int64_t count) {
    rows.push_back({benchmark, measure, QByteArray::number(value, 'f', 6).toStdString(),
                    std::to_string(count)});
  };
  const AnalogyEvaluation& analogies = evaluation_->analogies;
  for (const AnalogySection* section :
       {&analogies.total, &analogies.semantic, &analogies.syntactic}) {
    add("questions-words.txt: " + section->name, "accuracy", section->accuracy(), section->total());
  }
  for (const AnalogySection& section : analogies.sections)
    add("questions-words.txt: " + section.name, "accuracy", section.accuracy(), section.total());
  for (const auto& [name, result] : evaluation_->pairs) {
    add(name.toStdString(), "spearman", result.spearman, result.pairs);
    add(name.toStdString(), "pearson", result.pearson, result.pairs);
  }
  try {
    write_csv(path.toStdString(), {"benchmark", "measure", "value", "count"}, rows);
  } catch (const std::exception& error) {
    return QString::fromStdString(replace_invalid_utf8(error.what()));
  }
  return {};
}

void MainWindow::trainSteps(int64_t words) {
  training_frames_wanted_ = true;
  if (training_.prepared()) {
    training_.step(words);
    return;
  }
  pending_steps_ = words;
  training_shown_ = false;
  training_.prepare(training_panel_->setup(), state_->sharedDataset());
}

void MainWindow::showTrainingFrame(const TrainingFrame& frame) {
  if (!training_frames_wanted_) return;  // computed before another file was opened
  const bool first = !training_shown_ || !dataset() || !dataset()->training_frame;
  if (first) {
    showDataset(frame.dataset);
    training_shown_ = true;
  } else {
    state_->replaceVectors(frame.dataset);
    if (!state_->projectionSettings().customAxes()) {
      Positions3D positions = dataset()->positions;
      if (state_->projectionSettings().flat) positions.row(2).setZero();
      state_->setLayout(std::move(positions));
      if (state_->isolated()) {
        setIsolated(true);
      } else {
        binding_->scene()->setPositions(state_->positions());
      }
    }
    lookup_panel_->refreshVectors(&dataset()->vectors);
    if (frame.serial % 10 == 0)
      projection_panel_->setVariance(dataset()->pca.explained_variance_ratio);
    if (state_->focusRow()) {
      refreshNeighbours();  // the neighbours of the selected word, live
    } else {
      updateScene();
    }
  }
  // Vectors grow from their tiny random start: the camera follows the cloud, framed again when
  // a point would leave the view or the cloud shrinks to under half of it (the RMS spread let
  // far points run out).
  const double extent = state_->isolated() ? 1.0 : binding_->scene()->projectedExtent();
  if (first || fitted_spread_ <= 0 || extent > 0.9 || extent < 0.45) {
    if (!state_->isolated()) binding_->scene()->resetCamera();
    fitted_spread_ = 1;
    state_->clearTrails();  // old trails are drawn at the old scale
  }
  state_->setFlashed(frame.changed_rows);
  state_->extendTrails(24);
  shown_training_words_ = frame.progress.words_done;
  // A software-GL frame takes 40-50 ms of the UI thread here; at 25 frames per second nothing
  // else would run. Known only once the view has drawn, hence set at every frame.
  training_.setFrameInterval(view_->softwareGl() ? 0.065 : hardware_frame_interval_);
  training_panel_->showProgress(frame.progress, training_.framesPerSecond());
  training_panel_->setLoss(training_.log());
  dataset_label_->setText(tr("%1  |  %2 words x %3 dims  |  epoch %4  |  %5 words trained  |  "
                             "loss %6")
                              .arg(dataset()->name, grouped(dataset()->vectors.rows()))
                              .arg(dataset()->vectors.dim())
                              .arg(frame.progress.epoch + 1)
                              .arg(grouped(frame.progress.words_done))
                              .arg(frame.progress.loss, 0, 'f', 4));
  binding_->invalidatePicker();
  view_->update();
  emit trainingFrameShown();
  if (!training_.playing()) emit trainingPaused();
}

void MainWindow::updateTrackedRows() {
  std::vector<int64_t> tracked;
  if (dataset() && dataset()->training_frame) {
    for (const QString& word : training_panel_->trackedWords()) {
      if (const auto row = dataset()->vectors.vocabulary.find(word.toStdString()))
        tracked.push_back(*row);
    }
  }
  state_->setTracked(std::move(tracked));
  view_->update();
}

}  // namespace embscope::ui
