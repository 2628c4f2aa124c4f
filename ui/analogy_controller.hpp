// AnalogyController: the Analogy panel's questions asked of the shown vectors - a : b :: c : ?
// (ranked answers, the parallelogram a->b, c->answer drawn as arrows), a free vector expression,
// the odd one out, the word-pair offsets drawn at once, and a failed benchmark question shown on
// its own analogy plane (x = b - a, y = c - a) with the expected (green) and the answered (red)
// arrow. Arrows go to the explorer state; what the window does with the rest (project, frame,
// select, say) goes out as signals.
//
// Usage: AnalogyController analogy(state, panel); analogy.solve({"man", "king", "woman"});
#pragma once

#include <QObject>
#include <QString>
#include <vector>

#include "analogy_panel.hpp"
#include "embscope/space/evaluation.hpp"
#include "view_settings.hpp"

namespace embscope::ui {

class ExplorerState;

class AnalogyController : public QObject {
  Q_OBJECT

 public:
  // `state` and `panel` must outlive this; the panel's buttons are connected here.
  AnalogyController(ExplorerState& state, AnalogyPanel* panel, QObject* parent = nullptr);

  // Solves a : b :: c : ? on the shown vectors, lists the top ten answers (and the rank of an
  // expected one) and draws the parallelogram a->b, c->answer. Returns the answers (empty, with
  // the reason in the panel and status(), on unknown words).
  std::vector<ScoredWord> solve(const AnalogyQuery& query);
  // The panel's analogy on its own plane: x = b - a, y = c - a, 2D (the parallelogram flat).
  void showPlane();
  // A benchmark question on its own plane: a->b (given), c->expected (green) and c->predicted
  // (red), framed on its words. Words unknown to the vectors (also lowercased): nothing happens.
  void showQuestion(const AnalogyQuestion& question);
  // The word-pair list's offsets as arrows (when the panel says to draw them).
  void updatePairArrows();

 signals:
  // Apply `settings` (custom axes) and, once shown, fit `fit_rows` in the view (none: keep).
  void projectionRequested(const embscope::ui::ProjectionSettings& settings,
                           const std::vector<int64_t>& fit_rows);
  // Bring these rows into view (the analogy's four words).
  void frameRequested(const std::vector<int64_t>& rows);
  // Isolation hides rows the arrows need: show every point again.
  void isolationEndRequested();
  // Select a row (a listed answer) or a word (the best answer of an expression).
  void rowRequested(int64_t row);
  void wordRequested(const QString& word);
  void status(const QString& message, int timeout_ms);

 private:
  void evaluateExpression(const QString& text);
  void oddOneOut(const QStringList& words);

  ExplorerState& state_;
  AnalogyPanel* panel_;
};

}  // namespace embscope::ui
