#include "selection_controller.hpp"

#include <QAction>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QStringList>
#include <algorithm>
#include <vector>

#include "embscope/base/utf8.hpp"
#include "embscope/vectors/vector_set.hpp"
#include "explorer_state.hpp"
#include "neighbours_panel.hpp"
#include "scene_binding.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {

SelectionController::SelectionController(ExplorerState& state, SceneBinding& binding,
                                         NeighboursPanel* panel, QObject* parent)
    : QObject(parent), state_(state), binding_(binding), panel_(panel) {
  connect(panel_, &NeighboursPanel::settingsChanged, this, &SelectionController::refreshNeighbours);
  connect(panel_, &NeighboursPanel::rowActivated, this, [this](int64_t row) { selectRow(row); });
  connect(panel_, &NeighboursPanel::isolateToggled, this, &SelectionController::setIsolated);
  connect(&binding_, &SceneBinding::rowClicked, this,
          [this](std::optional<int64_t> row) { selectPoint(row); });
  connect(&binding_, &SceneBinding::rowDoubleClicked, this,
          [this](int64_t row) { selectRow(row); });
  isolate_ = new QAction(tr("&Isolate Selection"), this);
  isolate_->setObjectName("isolate");
  isolate_->setCheckable(true);
  isolate_->setShortcut(QKeySequence(Qt::Key_I));
  connect(isolate_, &QAction::triggered, this, [this] { setIsolated(!state_.isolated()); });
  connect(this, &SelectionController::isolatedChanged, isolate_, &QAction::setChecked);
  // A new data set: nothing of the old selection is listed or isolated.
  connect(&state_, &ExplorerState::datasetChanged, this, [this](bool reset) {
    if (!reset) return;
    panel_->clear();
    const QSignalBlocker blocker(panel_);
    panel_->setIsolated(false);
    emit isolatedChanged(false);
  });
}

bool SelectionController::selectWord(const QString& word, int k) {
  const LoadedDataset* dataset = state_.dataset();
  if (!dataset || word.isEmpty()) return false;
  int64_t row = 0;
  try {
    row = dataset->space->index_of(word.toStdString());
  } catch (const UnknownWordError& error) {
    emit status(QString::fromStdString(error.what()), 8000);
    return false;
  }
  selectRow(row, k);
  const std::string note = repeated_label_note(dataset->vectors.vocabulary, word.toStdString());
  if (!note.empty()) emit status(QString::fromStdString(note), 10000);
  return true;
}

void SelectionController::selectExactWord(const std::string& word) {
  const LoadedDataset* dataset = state_.dataset();
  if (!dataset) return;
  if (is_valid_utf8(word) && !word.empty()) {
    selectWord(QString::fromStdString(word));
  } else if (const auto row = dataset->vectors.vocabulary.find(word); row && !word.empty()) {
    selectPoint(*row);  // found by its bytes
  } else {
    selectPoint(std::nullopt);
  }
}

void SelectionController::selectRow(int64_t row, int k) {
  if (!state_.dataset()) return;
  selectPoint(row, k);
  // A row found by name may be anywhere: bring it and its neighbours into view.
  std::vector<int64_t> shown = {row};
  for (const ScoredWord& n : state_.neighbours()) shown.push_back(n.index);
  binding_.focusOnRows(shown);
}

void SelectionController::selectPoint(std::optional<int64_t> row, int k) {
  if (!state_.dataset()) return;
  if (k > 0 && k != panel_->k()) {
    const QSignalBlocker blocker(panel_);
    panel_->setK(k);
  }
  select(row);
}

void SelectionController::refreshNeighbours() {
  select(state_.focusRow());
}

void SelectionController::select(std::optional<int64_t> selected) {
  const LoadedDataset* dataset = state_.dataset();
  if (!dataset) return;
  if (!selected) {
    state_.selectRow(std::nullopt);
    panel_->clear();
    emit statusCleared();
    // Nothing left to isolate: every point comes back (the isolated picture would otherwise
    // stay, showing rows that nothing else can reach).
    if (state_.isolated()) setIsolated(false);
    return;
  }
  const Metric metric = panel_->metric();
  const std::string word = dataset->vectors.vocabulary.word(*selected);
  state_.selectRow(selected, dataset->space->neighbours_of_row(*selected, panel_->k(), metric));
  const std::vector<ScoredWord>& neighbours = state_.neighbours();
  panel_->showResult(QString::fromStdString(word), neighbours, metric);
  QStringList parts;
  for (size_t i = 0; i < std::min<size_t>(neighbours.size(), 6); ++i) {
    parts << QStringLiteral("%1 %2").arg(QString::fromStdString(neighbours[i].word),
                                         QString::number(neighbours[i].score, 'f', 2));
  }
  emit status(tr("%1  ->  %2").arg(QString::fromStdString(word), parts.join(QStringLiteral(", "))),
              0);
  if (state_.isolated()) setIsolated(true);  // re-fits the isolated picture on the new neighbours
}

void SelectionController::setIsolated(bool isolated) {
  if (!state_.dataset()) return;
  if (isolated && !state_.focusRow()) {
    emit status(tr("Select a word first: Isolate shows it with its neighbours."), 6000);
    isolated = false;
  }
  const bool changed = isolated != state_.isolated() || isolated;
  if (isolated) {
    state_.isolateSelection();
  } else {
    state_.clearIsolation();
  }
  {
    const QSignalBlocker blocker(panel_);
    panel_->setIsolated(isolated);
  }
  emit isolatedChanged(isolated);
  if (changed) binding_.resetCamera();
  binding_.view()->update();
}

int64_t SelectionController::highlightMatches(const QRegularExpression& pattern) {
  state_.setSearchMatches({});
  const LoadedDataset* dataset = state_.dataset();
  if (!dataset) return 0;
  std::vector<int64_t> matches;
  const auto& words = dataset->vectors.vocabulary.words();
  for (size_t row = 0; row < words.size(); ++row) {
    if (pattern.match(QString::fromStdString(words[row])).hasMatch())
      matches.push_back(static_cast<int64_t>(row));
  }
  const auto count = static_cast<int64_t>(matches.size());
  // One word: the search selects it, as a plain word does.
  if (count == 1) selectWord(QString::fromStdString(words[static_cast<size_t>(matches.front())]));
  // Matches framed by the camera at most (more cover the cloud anyway).
  constexpr size_t kFramedMatches = 500;
  state_.setSearchMatches(matches);
  if (count > 1 && matches.size() <= kFramedMatches) binding_.fitRows(matches);
  binding_.view()->update();
  return count;
}

void SelectionController::clear() {
  state_.setSearchMatches({});
  selectPoint(std::nullopt);
}

}  // namespace embscope::ui
