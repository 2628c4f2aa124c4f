#include "analogy_controller.hpp"

#include <QTextDocumentFragment>
#include <algorithm>
#include <cctype>
#include <optional>

#include "embscope/space/vector_expression.hpp"
#include "explorer_state.hpp"

namespace embscope::ui {

AnalogyController::AnalogyController(ExplorerState& state, AnalogyPanel* panel, QObject* parent)
    : QObject(parent), state_(state), panel_(panel) {
  connect(panel_, &AnalogyPanel::solveRequested, this, [this] { solve(panel_->query()); });
  connect(panel_, &AnalogyPanel::expressionRequested, this, &AnalogyController::evaluateExpression);
  connect(panel_, &AnalogyPanel::pairsChanged, this, &AnalogyController::updatePairArrows);
  connect(panel_, &AnalogyPanel::oddOneOutRequested, this, &AnalogyController::oddOneOut);
  connect(panel_, &AnalogyPanel::useAsAxis, this, [this] { showPlane(); });
  connect(panel_, &AnalogyPanel::answerActivated, this, [this](int64_t row) {
    if (state_.dataset()) emit rowRequested(row);
  });
  connect(&state_, &ExplorerState::datasetChanged, this, [this](bool reset) {
    if (!reset) return;
    panel_->showAnswers({}, QString());  // answers in the previous data's words
    updatePairArrows();
  });
}

std::vector<ScoredWord> AnalogyController::solve(const AnalogyQuery& query) {
  const LoadedDataset* dataset = state_.dataset();
  if (dataset == nullptr) return {};
  panel_->setQuery(query);
  try {
    const VectorSpace& space = *dataset->space;
    // The top ten are shown; an expected answer needs every candidate ranked to find its rank.
    const int k = query.expected.isEmpty() ? 10 : static_cast<int>(dataset->vectors.rows());
    const auto ranked = space.analogy(query.a.toStdString(), query.b.toStdString(),
                                      query.c.toStdString(), k, query.method);
    std::vector<ScoredWord> answers(ranked.begin(),
                                    ranked.begin() + std::min<size_t>(10, ranked.size()));
    QString text = tr("%1 : %2 :: %3 : <b>%4</b>")
                       .arg(query.a, query.b, query.c,
                            answers.empty() ? QStringLiteral("?")
                                            : QString::fromStdString(answers.front().word));
    if (!query.expected.isEmpty()) {
      const auto found = std::find_if(ranked.begin(), ranked.end(), [&](const ScoredWord& w) {
        return w.word == query.expected.toStdString();
      });
      text +=
          found == ranked.end()
              ? tr(" (expected '%1' is not a candidate)").arg(query.expected)
              : tr(" (expected '%1' ranks %2)").arg(query.expected).arg(found - ranked.begin() + 1);
    }
    panel_->showAnswers(answers, text);
    emit status(QTextDocumentFragment::fromHtml(text).toPlainText(), 0);
    std::vector<ExplorerState::Arrow> arrows;
    if (!answers.empty()) {
      const int64_t a = space.index_of(query.a.toStdString());
      const int64_t b = space.index_of(query.b.toStdString());
      const int64_t c = space.index_of(query.c.toStdString());
      const int64_t d = answers.front().index;
      // Arrows between points that Isolate hides would draw nothing: show every point again.
      if (state_.isolated() && state_.sceneIndicesOf({a, b, c, d}).size() < 4)
        emit isolationEndRequested();
      const QColor offset(90, 200, 255), answer(255, 210, 80), side(170, 170, 170);
      const auto word = [&](int64_t row) {
        return QString::fromStdString(dataset->vectors.vocabulary.word(row));
      };
      arrows = {{a, b, offset, false, tr("%1 \u2192 %2 (given)").arg(word(a), word(b))},
                {c, d, answer, false, tr("%1 \u2192 %2 (answer)").arg(word(c), word(d))},
                {a, c, side, true, QString()},
                {b, d, side, true, QString()}};
      state_.setArrows(std::move(arrows));
      emit frameRequested({a, b, c, d});
    } else {
      state_.setArrows({});
    }
    return answers;
  } catch (const std::exception& error) {
    panel_->showAnswers({}, QString::fromStdString(error.what()));
    emit status(QString::fromStdString(error.what()), 8000);
    state_.setArrows({});
    return {};
  }
}

void AnalogyController::showPlane() {
  const AnalogyQuery query = panel_->query();
  ProjectionSettings settings = state_.projectionSettings();
  settings.axes = {QStringLiteral("%1 - %2").arg(query.b, query.a),
                   QStringLiteral("%1 - %2").arg(query.c, query.a), QString()};
  settings.flat = true;
  emit projectionRequested(settings, {});
}

void AnalogyController::showQuestion(const AnalogyQuestion& question) {
  const LoadedDataset* dataset = state_.dataset();
  if (dataset == nullptr) return;
  const VectorSpace& space = *dataset->space;
  const auto row = [&](const std::string& word) -> std::optional<int64_t> {
    try {
      return space.index_of(word);
    } catch (const UnknownWordError&) {
      // The benchmark is case-insensitive: try the lowercase form.
      std::string lower = word;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      try {
        return space.index_of(lower);
      } catch (const UnknownWordError&) {
        return std::nullopt;
      }
    }
  };
  const auto a = row(question.a), b = row(question.b), c = row(question.c);
  const auto expected = row(question.expected), predicted = row(question.predicted);
  if (!a || !b || !c || !expected) return;
  const auto word = [&](int64_t r) {
    return QString::fromStdString(dataset->vectors.vocabulary.word(r));
  };
  std::vector<ExplorerState::Arrow> arrows = {
      {*a, *b, QColor(90, 200, 255), false, tr("%1 \u2192 %2 (given)").arg(word(*a), word(*b))},
      {*c, *expected, QColor(120, 220, 120), false,
       tr("%1 \u2192 %2 (expected)").arg(word(*c), word(*expected))},
      {*a, *c, QColor(170, 170, 170), true, QString()}};
  if (predicted) {
    arrows.push_back({*c, *predicted, QColor(240, 90, 80), false,
                      tr("%1 \u2192 %2 (answered)").arg(word(*c), word(*predicted))});
  }
  state_.setArrows(std::move(arrows));
  // Its own analogy plane (x = b - a, y = c - a), as "Show on the analogy plane" does: there
  // the offsets are drawn at full length; in a PCA view they are a few pixels long.
  std::vector<int64_t> fit;
  for (auto r : {a, b, c, expected, predicted}) {
    if (r) fit.push_back(*r);
  }
  ProjectionSettings settings = state_.projectionSettings();
  settings.axes = {QStringLiteral("%1 - %2").arg(word(*b), word(*a)),
                   QStringLiteral("%1 - %2").arg(word(*c), word(*a)), QString()};
  settings.flat = true;
  emit projectionRequested(settings, fit);
  emit status(
      tr("%1 : %2 :: %3 : expected %4 (green), got %5 (red)")
          .arg(QString::fromStdString(question.a), QString::fromStdString(question.b),
               QString::fromStdString(question.c), QString::fromStdString(question.expected),
               QString::fromStdString(question.predicted)),
      10000);
}

void AnalogyController::updatePairArrows() {
  std::vector<ExplorerState::Arrow> arrows;
  const LoadedDataset* dataset = state_.dataset();
  if (dataset != nullptr && panel_->drawPairs()) {
    for (const auto& [from, to] : panel_->pairs()) {
      const auto a = dataset->vectors.vocabulary.find(from.toStdString());
      const auto b = dataset->vectors.vocabulary.find(to.toStdString());
      if (a && b) arrows.push_back({*a, *b, QColor(120, 230, 140), false, QString()});
    }
  }
  state_.setPairArrows(std::move(arrows));
}

void AnalogyController::evaluateExpression(const QString& text) {
  const LoadedDataset* dataset = state_.dataset();
  if (dataset == nullptr || text.isEmpty()) return;
  try {
    const auto answers = dataset->space->evaluate(parse_vector_expression(text.toStdString()), 10);
    panel_->showAnswers(answers, tr("%1 = ?").arg(text));
    state_.setArrows({});
    if (!answers.empty()) emit wordRequested(QString::fromStdString(answers.front().word));
  } catch (const std::exception& error) {
    panel_->showAnswers({}, QString::fromStdString(error.what()));
  }
}

void AnalogyController::oddOneOut(const QStringList& words) {
  const LoadedDataset* dataset = state_.dataset();
  if (dataset == nullptr) return;
  std::vector<std::string> list;
  for (const QString& word : words) list.push_back(word.toStdString());
  try {
    panel_->showOddOneOut(tr("odd one out: <b>%1</b>")
                              .arg(QString::fromStdString(dataset->space->doesnt_match(list))));
  } catch (const std::exception& error) {
    panel_->showOddOneOut(QString::fromStdString(error.what()));
  }
}

}  // namespace embscope::ui
