#include "search_bar.hpp"

#include <QAction>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QStringListModel>

#include "explorer_state.hpp"
#include "number_format.hpp"
#include "selection_controller.hpp"

namespace embscope::ui {
namespace {

bool is_regex(const QString& text) {
  return text.size() > 2 && text.startsWith('/') && text.endsWith('/');
}

}  // namespace

SearchBar::SearchBar(ExplorerState& state, SelectionController& selection, QWidget* focus_after,
                     QWidget* parent)
    : QToolBar(tr("Search"), parent),
      state_(state),
      selection_(selection),
      focus_after_(focus_after) {
  setObjectName("search");
  setMovable(false);
  edit_ = new QLineEdit(this);
  edit_->setObjectName("search");
  edit_->setPlaceholderText(tr("Find a word (Ctrl+F), or /regex/ for every match"));
  edit_->setClearButtonEnabled(true);
  edit_->setMaximumWidth(320);
  auto* completer = new QCompleter(new QStringListModel(edit_), edit_);
  completer->setCaseSensitivity(Qt::CaseInsensitive);
  completer->setModelSorting(QCompleter::UnsortedModel);
  completer->setFilterMode(Qt::MatchStartsWith);
  completer->setMaxVisibleItems(12);
  edit_->setCompleter(completer);
  addWidget(edit_);
  matches_ = new QLabel(this);
  matches_->setObjectName("searchMatches");
  matches_->setContentsMargins(6, 0, 6, 0);
  addWidget(matches_);

  // Ctrl+F: the box takes the focus with its text selected.
  auto* find = new QAction(tr("Find Word"), this);
  find->setShortcut(QKeySequence::Find);
  find->setShortcutContext(Qt::WindowShortcut);
  connect(find, &QAction::triggered, this, &SearchBar::focusSearch);
  if (parent != nullptr) parent->addAction(find);
  connect(edit_, &QLineEdit::returnPressed, this, &SearchBar::search);
  connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
          [this](const QString& word) { selection_.selectWord(word); });
  // Enter gives the keys back to the view, unless the word is unknown and wants correcting.
  const auto done = [this] {
    const QString text = edit_->text().trimmed();
    const LoadedDataset* dataset = state_.dataset();
    if (dataset && (is_regex(text) || dataset->vectors.vocabulary.find(text.toStdString())))
      focus_after_->setFocus(Qt::OtherFocusReason);
  };
  connect(edit_, &QLineEdit::returnPressed, this, done);
  connect(completer, qOverload<const QString&>(&QCompleter::activated), this, done);

  connect(&state_, &ExplorerState::datasetChanged, this, [this](bool reset) {
    if (!reset) return;
    clearSearch();
    showVocabulary();
  });
  connect(&state_, &ExplorerState::selectionChanged, this, [this] {
    if (edit_->hasFocus() || !state_.searchMatches().empty() || !state_.dataset()) return;
    const auto row = state_.focusRow();
    edit_->setText(row ? QString::fromStdString(state_.dataset()->vectors.vocabulary.word(*row))
                       : QString());
  });
}

void SearchBar::focusSearch() {
  edit_->setFocus();
  edit_->selectAll();
}

void SearchBar::clearSearch() {
  matches_->clear();
  edit_->clear();
}

void SearchBar::search() {
  const QString text = edit_->text().trimmed();
  // /regex/ highlights every word matching it and says how many; a plain word selects it.
  if (is_regex(text) && state_.dataset()) {
    const QRegularExpression pattern(text.mid(1, text.size() - 2));
    if (!pattern.isValid()) {
      matches_->clear();
      emit status(tr("Invalid regular expression: %1").arg(pattern.errorString()), 8000);
      return;
    }
    const int64_t count = selection_.highlightMatches(pattern);
    const QString summary =
        count == 0   ? tr("No word matches %1").arg(text)
        : count == 1 ? tr("1 word matches %1").arg(text)
                     : tr("%1 words match %2 (magenta; Esc clears)").arg(grouped(count), text);
    matches_->setText(count == 1 ? tr("1 match") : tr("%1 matches").arg(grouped(count)));
    emit status(summary, count > 1 ? 0 : 8000);
    return;
  }
  state_.setSearchMatches({});
  matches_->clear();
  selection_.selectWord(text);
}

void SearchBar::showVocabulary() {
  QStringList words;
  if (const LoadedDataset* dataset = state_.dataset()) {
    words.reserve(static_cast<qsizetype>(dataset->vectors.rows()));
    for (const std::string& word : dataset->vectors.vocabulary.words())
      words << QString::fromStdString(word);
  }
  static_cast<QStringListModel*>(edit_->completer()->model())->setStringList(words);
}

}  // namespace embscope::ui
