#include "evaluation_panel.hpp"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace embscope::ui {
namespace {

QTableView* make_table(QStandardItemModel* model, QWidget* parent) {
  auto* table = new QTableView(parent);
  table->setModel(model);
  table->verticalHeader()->hide();
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  // Numbers and their headers are shown whole (a new user read "logy sec" and "0." at
  // 1280x800); the first, text column takes the rest and elides.
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table->setSortingEnabled(true);
  // Names wrap (at spaces and hyphens: "capital-common-countries") within the narrow dock
  // instead of eliding; each row is as tall as its text needs at the column's current width.
  table->setWordWrap(true);
  table->setTextElideMode(Qt::ElideNone);
  table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  return table;
}

QStandardItem* number(double value, int decimals) {
  auto* item = new QStandardItem(QString::number(value, 'f', decimals));
  item->setData(value, Qt::UserRole);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

EvaluationPanel::EvaluationPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* controls = new QHBoxLayout;
  restrict_ = new QSpinBox(this);
  // The default is the option's (gensim's 300,000: embscope/space/evaluation.hpp); the panel
  // asks for at least 100 words, where the CLI also takes -1 for all of them.
  restrict_->setRange(100, 10'000'000);
  restrict_->setValue(static_cast<int>(analogy_option::restrict_vocab.default_value()));
  restrict_->setObjectName(QString::fromUtf8(analogy_option::restrict_vocab.name.data(),
                                             analogy_option::restrict_vocab.name.size()));
  restrict_->setPrefix(tr("first "));
  restrict_->setSuffix(tr(" words"));
  restrict_->setToolTip(
      tr("restrict_vocab: answers are searched among the most frequent words "
         "(gensim's default 300,000)"));
  run_ = new QPushButton(tr("Run benchmarks"), this);
  auto* save = new QPushButton(tr("CSV..."), this);
  // Two rows: the vocabulary limit, then the actions (one row is wider than a dock).
  auto* actions = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Answers among:"), this));
  controls->addWidget(restrict_, 1);
  actions->addWidget(run_, 1);
  actions->addWidget(save);
  layout->addLayout(controls);
  layout->addLayout(actions);
  summary_ = new QLabel(introduction(), this);
  summary_->setWordWrap(true);
  layout->addWidget(summary_);

  sections_model_ = new QStandardItemModel(0, 3, this);
  sections_model_->setHorizontalHeaderLabels({tr("Section"), tr("Correct"), tr("Accuracy")});
  sections_ = make_table(sections_model_, this);
  layout->addWidget(sections_, 2);
  similarity_model_ = new QStandardItemModel(0, 4, this);
  similarity_model_->setHorizontalHeaderLabels(
      {tr("Similarity"), tr("Spearman"), tr("Pearson"), tr("OOV %")});
  similarity_ = make_table(similarity_model_, this);
  // Ten rows: sorting them is not worth the sort indicator's width in three number columns,
  // which left the set names a few pixels.
  similarity_->setSortingEnabled(false);
  layout->addWidget(similarity_, 1);
  auto* failed_title = new QLabel(
      tr("Failed questions (double-click or Enter: show it on its analogy plane):"), this);
  failed_title->setWordWrap(true);  // a narrow dock wraps it rather than growing
  layout->addWidget(failed_title);
  // One column, the question on a line and its answers on the next: three columns in the
  // narrow dock elided the questions (the words' columns took the width), and a long question
  // wraps within its row, which is as tall as its text needs at the column's current width.
  failures_model_ = new QStandardItemModel(0, 1, this);
  failures_model_->setHorizontalHeaderLabels({tr("a : b :: c, expected, got")});
  failures_ = make_table(failures_model_, this);
  failures_->setSortingEnabled(false);
  layout->addWidget(failures_, 2);

  connect(run_, &QPushButton::clicked, this, &EvaluationPanel::runRequested);
  connect(save, &QPushButton::clicked, this, &EvaluationPanel::exportRequested);
  // activated: a double-click, or Enter on the current row (re-projecting on every single click
  // would make browsing the list with the keyboard slow).
  connect(failures_, &QTableView::activated, this, [this](const QModelIndex& index) {
    const int row = index.row();
    if (row >= 0 && row < static_cast<int>(failed_.size()))
      emit questionActivated(failed_[static_cast<size_t>(row)]);
  });
}

QString EvaluationPanel::introduction() {
  return tr(
      "Google analogies (questions-words.txt), WordSim-353, SimLex-999 and more similarity "
      "sets, bundled with their licences.");
}

void EvaluationPanel::clearResults() {
  sections_model_->setRowCount(0);
  similarity_model_->setRowCount(0);
  failures_model_->setRowCount(0);
  failed_.clear();
  summary_->setText(introduction());
}

void EvaluationPanel::setRunning(bool running) {
  run_->setEnabled(!running);
  run_->setText(running ? tr("Running...") : tr("Run benchmarks"));
}

int64_t EvaluationPanel::restrictVocab() const {
  return restrict_->value();
}
void EvaluationPanel::setRestrictVocab(int64_t rows) {
  restrict_->setValue(static_cast<int>(std::min<int64_t>(rows, restrict_->maximum())));
}

void EvaluationPanel::showResults(const EvaluationResults& results) {
  const AnalogyEvaluation& analogies = results.analogies;
  sections_model_->setRowCount(0);
  const auto add_section = [this](const AnalogySection& section, bool bold) {
    auto* name = new QStandardItem(QString::fromStdString(section.name));
    QFont font = name->font();
    font.setBold(bold);
    name->setFont(font);
    auto* correct =
        new QStandardItem(QStringLiteral("%1 / %2").arg(section.correct).arg(section.total()));
    sections_model_->appendRow({name, correct, number(100 * section.accuracy(), 1)});
  };
  add_section(analogies.total, true);
  add_section(analogies.semantic, true);
  add_section(analogies.syntactic, true);
  for (const AnalogySection& section : analogies.sections) add_section(section, false);

  similarity_model_->setRowCount(0);
  for (const auto& [name, result] : results.pairs) {
    // The set's name without its file's extension (the CSV keeps the file name), with a
    // zero-width space after each hyphen: the line breaker keeps "SimVerb-3500" whole (no
    // break between a hyphen and a digit), which the narrow column then cut.
    auto* set = new QStandardItem(
        QFileInfo(name).completeBaseName().replace('-', QStringLiteral("-\u200B")));
    set->setToolTip(name);
    similarity_model_->appendRow({set, number(result.spearman, 4), number(result.pearson, 4),
                                  number(result.oov_ratio(), 1)});
  }
  failed_.clear();
  failures_model_->setRowCount(0);
  for (const AnalogyQuestion& question : analogies.answered) {
    if (question.correct) continue;
    failed_.push_back(question);
    if (failed_.size() > 5000) break;  // enough to browse; the CSV has them all
    failures_model_->appendRow(new QStandardItem(
        tr("%1 : %2 :: %3\nexpected %4, got %5")
            .arg(QString::fromStdString(question.a), QString::fromStdString(question.b),
                 QString::fromStdString(question.c), QString::fromStdString(question.expected),
                 question.predicted.empty() ? tr("nothing")
                                            : QString::fromStdString(question.predicted))));
  }
  summary_->setText(tr("Analogies: %1% of %2 questions (%3% out of vocabulary, skipped); %4 s.")
                        .arg(100 * analogies.total.accuracy(), 0, 'f', 2)
                        .arg(analogies.total.total())
                        .arg(analogies.oov_ratio(), 0, 'f', 1)
                        .arg(results.seconds, 0, 'f', 1));
}

}  // namespace embscope::ui
