#include "analogy_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace embscope::ui {

AnalogyPanel::AnalogyPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* analogy = new QGroupBox(tr("a is to b as c is to ?"), this);
  auto* form = new QFormLayout(analogy);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  a_ = new QLineEdit("man", analogy);
  b_ = new QLineEdit("king", analogy);
  c_ = new QLineEdit("woman", analogy);
  expected_ = new QLineEdit(analogy);
  expected_->setPlaceholderText(tr("optional, e.g. queen"));
  expected_->setToolTip(tr("An answer you expect: its rank among the answers is shown"));
  // The three words share the whole row (the group's title says what they are): beside a
  // "a : b :: c" label the narrow dock left "voman" of woman. Each field is wide enough for a
  // word such as "brother" whole.
  auto* words = new QHBoxLayout;
  const int word_width = a_->fontMetrics().horizontalAdvance(QStringLiteral("brother")) + 16;
  for (QLineEdit* field : {a_, b_, c_}) {
    field->setMinimumWidth(word_width);
    words->addWidget(field, 1);
    if (field != c_) words->addWidget(new QLabel(field == a_ ? ":" : "::", analogy));
  }
  form->addRow(words);
  form->addRow(tr("Expected:"), expected_);
  method_ = new QComboBox(analogy);
  method_->addItem(tr("3CosAdd (b - a + c)"), static_cast<int>(AnalogyMethod::Add));
  method_->addItem(tr("3CosMul (Levy & Goldberg)"), static_cast<int>(AnalogyMethod::Mul));
  auto* solve = new QPushButton(tr("Solve"), analogy);
  solve->setDefault(true);
  solve->setToolTip(tr("Rank the answers and draw the parallelogram (Enter in a word field)"));
  form->addRow(tr("Method:"), method_);
  form->addRow(QString(), solve);
  expression_ = new QLineEdit(analogy);
  expression_->setPlaceholderText(tr("king - man + woman"));
  expression_->setToolTip(tr("Or a vector expression, ranked on Enter"));
  form->addRow(tr("Expression:"), expression_);
  layout->addWidget(analogy);

  status_ = new QLabel(this);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  model_ = new QStandardItemModel(0, 3, this);
  model_->setHorizontalHeaderLabels({tr("Rank"), tr("Word"), tr("Score")});
  table_ = new QTableView(this);
  table_->setModel(model_);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  // Rank and score as wide as their contents, the word column takes the rest (a default-width
  // Rank column left "mon..." for monarch in the narrow dock).
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  table_->setMinimumHeight(150);
  layout->addWidget(table_, 1);
  auto* axis = new QPushButton(tr("Show on the analogy plane"), this);
  axis->setToolTip(
      tr("A 2D projection on x = b - a, y = c - a, where the parallelogram lies "
         "flat (see the Projection panel)"));
  layout->addWidget(axis);

  auto* offsets = new QGroupBox(tr("Offsets of word pairs (one pair per line)"), this);
  auto* offsets_layout = new QVBoxLayout(offsets);
  pairs_ = new QPlainTextEdit(offsets);
  pairs_->setPlainText(
      "man woman\nking queen\nuncle aunt\nbrother sister\nfather mother\n"
      "he she\nactor actress");
  pairs_->setMaximumHeight(110);
  draw_pairs_ = new QCheckBox(tr("Draw these offsets as arrows"), offsets);
  offsets_layout->addWidget(pairs_);
  offsets_layout->addWidget(draw_pairs_);
  layout->addWidget(offsets);

  auto* odd = new QGroupBox(tr("Odd one out"), this);
  auto* odd_layout = new QVBoxLayout(odd);
  odd_ = new QLineEdit("breakfast cereal dinner lunch", odd);
  odd_result_ = new QLabel(odd);
  odd_layout->addWidget(odd_);
  odd_layout->addWidget(odd_result_);
  layout->addWidget(odd);

  for (QLineEdit* field : {a_, b_, c_, expected_}) {
    connect(field, &QLineEdit::returnPressed, this, &AnalogyPanel::solveRequested);
  }
  connect(solve, &QPushButton::clicked, this, &AnalogyPanel::solveRequested);
  connect(expression_, &QLineEdit::returnPressed, this,
          [this] { emit expressionRequested(expression_->text().trimmed()); });
  connect(axis, &QPushButton::clicked, this, [this] {
    emit useAsAxis(QStringLiteral("%1 - %2").arg(b_->text().trimmed(), a_->text().trimmed()));
  });
  connect(pairs_, &QPlainTextEdit::textChanged, this, &AnalogyPanel::pairsChanged);
  connect(draw_pairs_, &QCheckBox::toggled, this, &AnalogyPanel::pairsChanged);
  connect(odd_, &QLineEdit::returnPressed, this, [this] {
    emit oddOneOutRequested(odd_->text().split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts));
  });
  connect(table_, &QTableView::clicked, this, [this](const QModelIndex& index) {
    emit answerActivated(model_->item(index.row(), 1)->data().toLongLong());
  });
}

void AnalogyPanel::setWords(QAbstractItemModel* words) {
  for (QLineEdit* field : {a_, b_, c_, expected_}) {
    auto* completer = new QCompleter(words, field);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setModelSorting(QCompleter::UnsortedModel);
    field->setCompleter(completer);
  }
}

AnalogyQuery AnalogyPanel::query() const {
  AnalogyQuery query;
  query.a = a_->text().trimmed();
  query.b = b_->text().trimmed();
  query.c = c_->text().trimmed();
  query.expected = expected_->text().trimmed();
  query.method = static_cast<AnalogyMethod>(method_->currentData().toInt());
  return query;
}

void AnalogyPanel::setQuery(const AnalogyQuery& query) {
  a_->setText(query.a);
  b_->setText(query.b);
  c_->setText(query.c);
  expected_->setText(query.expected);
  method_->setCurrentIndex(std::max(0, method_->findData(static_cast<int>(query.method))));
}

void AnalogyPanel::showAnswers(const std::vector<ScoredWord>& answers, const QString& status) {
  status_->setText(status);
  model_->setRowCount(0);
  for (size_t i = 0; i < answers.size(); ++i) {
    auto* word = new QStandardItem(QString::fromStdString(answers[i].word));
    word->setData(QVariant::fromValue<qlonglong>(answers[i].index));
    model_->appendRow({new QStandardItem(QString::number(i + 1)), word,
                       new QStandardItem(QString::number(answers[i].score, 'f', 4))});
  }
}

void AnalogyPanel::showOddOneOut(const QString& text) {
  odd_result_->setText(text);
}

std::vector<std::pair<QString, QString>> AnalogyPanel::pairs() const {
  std::vector<std::pair<QString, QString>> result;
  for (const QString& line : pairs_->toPlainText().split('\n')) {
    const QStringList words = line.split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts);
    if (words.size() == 2) result.emplace_back(words[0], words[1]);
  }
  return result;
}

bool AnalogyPanel::drawPairs() const {
  return draw_pairs_->isChecked();
}

}  // namespace embscope::ui
