// SearchBar: the toolbar's search box. A word (completed from the shown vocabulary, most frequent
// first) selects it; /regex/ highlights every matching word and counts them. Enter gives the keys
// back to the view (R, 2, I, Esc act on it) unless the word is unknown and wants correcting. The
// box shows the selected word, or nothing, unless a word is being typed or it holds a /regex/
// whose matches are shown.
#pragma once

#include <QToolBar>

class QLabel;
class QLineEdit;

namespace embscope::ui {

class ExplorerState;
class SelectionController;

class SearchBar : public QToolBar {
  Q_OBJECT

 public:
  // `state` and `selection` must outlive this; `focus_after` takes the keys after Enter;
  // `parent` (the window) gets the Ctrl+F action.
  SearchBar(ExplorerState& state, SelectionController& selection, QWidget* focus_after,
            QWidget* parent = nullptr);

  QLineEdit* lineEdit() const { return edit_; }
  // Ctrl+F: the box takes the focus with its text selected.
  void focusSearch();
  // Empties the box and the match count (Esc, a new data set).
  void clearSearch();

 signals:
  void status(const QString& message, int timeout_ms);

 private:
  void search();
  void showVocabulary();

  ExplorerState& state_;
  SelectionController& selection_;
  QWidget* focus_after_;
  QLineEdit* edit_ = nullptr;
  QLabel* matches_ = nullptr;
};

}  // namespace embscope::ui
