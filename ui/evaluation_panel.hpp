// EvaluationPanel: the standard benchmarks on the open vectors: Google analogies per section
// (accuracy, as gensim's evaluate_word_analogies) and word-pair similarity sets (Spearman and
// Pearson, as evaluate_word_pairs), with the failed questions listed: double-clicking one shows
// it on its own analogy plane in the view. Results export as CSV.
#pragma once

#include <QString>
#include <QWidget>
#include <utility>
#include <vector>

#include "embscope/space/evaluation.hpp"

class QLabel;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;

namespace embscope::ui {

struct EvaluationResults {
  AnalogyEvaluation analogies;
  std::vector<std::pair<QString, WordPairEvaluation>> pairs;  // set name, result
  double seconds = 0;
  QString error;  // why the run stopped, if it did
};

class EvaluationPanel : public QWidget {
  Q_OBJECT

 public:
  explicit EvaluationPanel(QWidget* parent = nullptr);
  void showResults(const EvaluationResults& results);
  // Back to the state before any run: no tables, no failed questions, the introduction shown
  // (results belong to the vectors they were computed on).
  void clearResults();
  void setRunning(bool running);
  int64_t restrictVocab() const;
  void setRestrictVocab(int64_t rows);
  QTableView* sections() const { return sections_; }
  QTableView* similarity() const { return similarity_; }
  QTableView* failures() const { return failures_; }
  const std::vector<AnalogyQuestion>& failed() const { return failed_; }

 signals:
  void runRequested();
  void exportRequested();
  void questionActivated(const embscope::AnalogyQuestion& question);

 private:
  static QString introduction();
  QSpinBox* restrict_ = nullptr;
  QPushButton* run_ = nullptr;
  QLabel* summary_ = nullptr;
  QStandardItemModel* sections_model_ = nullptr;
  QStandardItemModel* similarity_model_ = nullptr;
  QStandardItemModel* failures_model_ = nullptr;
  QTableView* sections_ = nullptr;
  QTableView* similarity_ = nullptr;
  QTableView* failures_ = nullptr;
  std::vector<AnalogyQuestion> failed_;
};

}  // namespace embscope::ui
