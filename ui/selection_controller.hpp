// SelectionController: what the user picks out of the shown vectors - a word (by name, by its row,
// by a click), its k nearest neighbours (computed in the shown space with the Neighbours panel's
// k and metric, listed there), isolation (the word and its neighbours alone, re-fitted), and
// every word matching a /regex/. It writes the explorer state; the scene binding draws from the
// state's signals. Messages for the status bar go out as status() / statusCleared().
//
// Usage: SelectionController selection(state, binding, neighbours_panel);
//        selection.selectWord("cat");  // cat, drawn large, with its neighbours listed
#pragma once

#include <QObject>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>

class QAction;
class QRegularExpression;

namespace embscope::ui {

class ExplorerState;
class NeighboursPanel;
class SceneBinding;

class SelectionController : public QObject {
  Q_OBJECT

 public:
  // `state`, `binding` and `panel` must outlive this; the panel's signals are connected here.
  SelectionController(ExplorerState& state, SceneBinding& binding, NeighboursPanel* panel,
                      QObject* parent = nullptr);

  // Selects a word: it is drawn large with lines to its k nearest neighbours, all labelled, and
  // listed in the Neighbours panel; the camera brings them into view. Returns false (and says
  // why in status()) for an unknown word. k < 0 keeps the panel's k. A label that several rows
  // share selects the first of them and says so.
  bool selectWord(const QString& word, int k = -1);
  // Selects the row holding exactly these bytes, also a word no QString holds exactly (invalid
  // UTF-8 kept from a file); "" or an unknown word clears the selection. Sessions store words so.
  void selectExactWord(const std::string& word);
  // selectWord for one row (a point, a listed neighbour), whatever its label.
  void selectRow(int64_t row, int k = -1);
  // Selects a row (or clears the selection) without moving the camera (a click).
  void selectPoint(std::optional<int64_t> row, int k = -1);
  // The selected row's neighbours again, with the panel's k and metric (also after the vectors
  // changed: a training frame); ends isolation when nothing is selected.
  void refreshNeighbours();
  // Shows only the selected word and its neighbours (re-fitted), or every point again.
  void setIsolated(bool isolated);
  // Highlights every word matching `pattern` (all rows, in frequency order) and frames up to 500
  // of them; a single match is selected. Returns how many match.
  int64_t highlightMatches(const QRegularExpression& pattern);
  // View > Isolate Selection (key I, checkable), checked while isolated.
  QAction* isolateAction() const { return isolate_; }
  // Clears the search matches and the selection (Esc).
  void clear();

 signals:
  void status(const QString& message, int timeout_ms);
  void statusCleared();
  // Isolation began or ended (the toolbar's Isolate button follows).
  void isolatedChanged(bool isolated);

 private:
  // Selects `row` (or none) with its neighbours in one change of the state, lists them and
  // re-fits an isolated picture.
  void select(std::optional<int64_t> row);

  ExplorerState& state_;
  SceneBinding& binding_;
  NeighboursPanel* panel_;
  QAction* isolate_ = nullptr;
};

}  // namespace embscope::ui
