// AnalogyPanel: "a is to b as c is to ?" with completion, 3CosAdd or 3CosMul, the ranked answers
// (query words excluded, as gensim) and the rank of an expected answer; a free expression such as
// `king - man + woman`; a list of word pairs whose offsets are all drawn at once, so parallel
// offsets show; the odd one out of a list; "Use as axis" for the offset b - a.
// The panel only collects input and shows results; the main window computes and draws.
#pragma once

#include <QStringList>
#include <QWidget>
#include <utility>
#include <vector>

#include "embscope/space/vector_space.hpp"

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStandardItemModel;
class QTableView;

namespace embscope::ui {

struct AnalogyQuery {
  QString a, b, c, expected;
  AnalogyMethod method = AnalogyMethod::Add;
};

class AnalogyPanel : public QWidget {
  Q_OBJECT

 public:
  explicit AnalogyPanel(QWidget* parent = nullptr);
  // Completion over the vocabulary (the search box's model).
  void setWords(QAbstractItemModel* words);
  AnalogyQuery query() const;
  void setQuery(const AnalogyQuery& query);
  // Shows ranked answers; `status` says what happened (or what was wrong).
  void showAnswers(const std::vector<ScoredWord>& answers, const QString& status);
  void showOddOneOut(const QString& text);
  // The word pairs of the "offsets" box, one "a b" per line.
  std::vector<std::pair<QString, QString>> pairs() const;
  bool drawPairs() const;
  QTableView* answers() const { return table_; }

 signals:
  void solveRequested();
  void expressionRequested(const QString& expression);
  void pairsChanged();
  void oddOneOutRequested(const QStringList& words);
  void useAsAxis(const QString& expression);
  void answerActivated(int64_t row);

 private:
  QLineEdit* a_ = nullptr;
  QLineEdit* b_ = nullptr;
  QLineEdit* c_ = nullptr;
  QLineEdit* expected_ = nullptr;
  QComboBox* method_ = nullptr;
  QLineEdit* expression_ = nullptr;
  QLabel* status_ = nullptr;
  QStandardItemModel* model_ = nullptr;
  QTableView* table_ = nullptr;
  QPlainTextEdit* pairs_ = nullptr;
  QCheckBox* draw_pairs_ = nullptr;
  QLineEdit* odd_ = nullptr;
  QLabel* odd_result_ = nullptr;
};

}  // namespace embscope::ui
