// EvaluationController: the standard benchmarks on the shown vectors, run in the background
// (the Google analogies per section and ten word-pair similarity sets from
// resources/data/eval), shown in the Evaluation panel and exported as CSV. Results belong to the
// vectors they were computed on: a new data set clears them, and a run started on the previous
// one is dropped when it ends.
//
// Usage: EvaluationController evaluation(state, panel); evaluation.run();  // finished() follows
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <optional>

#include "evaluation_panel.hpp"

namespace embscope::ui {

class ExplorerState;

class EvaluationController : public QObject {
  Q_OBJECT

 public:
  // `state` and `panel` must outlive this. The panel's Run button starts a run.
  EvaluationController(ExplorerState& state, EvaluationPanel* panel, QObject* parent = nullptr);
  ~EvaluationController() override;

  // Runs the benchmarks on the shown data set in the background (restricted to the panel's
  // most frequent rows); does nothing without a data set or while a run is under way.
  void run();
  bool running() const { return watcher_.isRunning(); }
  // The last run's results on the shown data set, or nullptr.
  const EvaluationResults* results() const { return results_ ? &*results_ : nullptr; }
  // benchmark, measure (accuracy, spearman, pearson), value, count; one row per analogy section
  // (total, semantic, syntactic, then each) and two per word-pair set. Written atomically by the
  // core's CSV writer; returns an error message or "".
  QString exportCsv(const QString& path) const;

 signals:
  // A run ended (with results, an error, or dropped as stale).
  void finished();
  void failed(const QString& title, const QString& message);

 private:
  void clear();

  ExplorerState& state_;
  EvaluationPanel* panel_;
  QFutureWatcher<EvaluationResults> watcher_;
  std::optional<EvaluationResults> results_;
  uint64_t generation_ = 0;  // the state's generation when the run started
};

}  // namespace embscope::ui
