#include "evaluation_controller.hpp"

#include <QtConcurrent/QtConcurrentRun>
#include <chrono>

#include "embscope/base/resources.hpp"
#include "embscope/base/utf8.hpp"
#include "embscope/space/table_export.hpp"
#include "explorer_state.hpp"

namespace embscope::ui {

EvaluationController::EvaluationController(ExplorerState& state, EvaluationPanel* panel,
                                           QObject* parent)
    : QObject(parent), state_(state), panel_(panel) {
  connect(panel_, &EvaluationPanel::runRequested, this, &EvaluationController::run);
  connect(&state_, &ExplorerState::datasetChanged, this, [this](bool reset) {
    if (reset) clear();  // its failed questions name the previous data's words
  });
  connect(&watcher_, &QFutureWatcher<EvaluationResults>::finished, this, [this] {
    panel_->setRunning(false);
    EvaluationResults results = watcher_.result();
    if (generation_ != state_.generation()) {
      // computed on the vectors of a file that has been replaced since
    } else if (!results.error.isEmpty()) {
      emit failed(tr("Evaluation failed"), results.error);
    } else {
      results_ = std::move(results);
      panel_->showResults(*results_);
    }
    emit finished();
  });
}

EvaluationController::~EvaluationController() {
  watcher_.waitForFinished();
}

void EvaluationController::clear() {
  results_.reset();
  panel_->clearResults();
}

void EvaluationController::run() {
  const std::shared_ptr<LoadedDataset> dataset = state_.sharedDataset();
  if (!dataset || watcher_.isRunning()) return;
  panel_->setRunning(true);
  generation_ = state_.generation();
  const int64_t restrict = panel_->restrictVocab();
  watcher_.setFuture(QtConcurrent::run([dataset, restrict] {
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

QString EvaluationController::exportCsv(const QString& path) const {
  if (!results_) return tr("no results yet: run the benchmarks first");
  // The core's CSV writer (RFC 4180, atomic), as every other table export.
  std::vector<std::vector<std::string>> rows;
  const auto add = [&rows](const std::string& benchmark, const char* measure, double value,
                           int64_t count) {
    rows.push_back({benchmark, measure, QByteArray::number(value, 'f', 6).toStdString(),
                    std::to_string(count)});
  };
  const AnalogyEvaluation& analogies = results_->analogies;
  for (const AnalogySection* section :
       {&analogies.total, &analogies.semantic, &analogies.syntactic}) {
    add("questions-words.txt: " + section->name, "accuracy", section->accuracy(), section->total());
  }
  for (const AnalogySection& section : analogies.sections)
    add("questions-words.txt: " + section.name, "accuracy", section.accuracy(), section.total());
  for (const auto& [name, result] : results_->pairs) {
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

}  // namespace embscope::ui
