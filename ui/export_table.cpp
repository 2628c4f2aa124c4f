#include "export_table.hpp"

#include <QKeySequence>

#include "embscope/space/table_export.hpp"
#include "embscope/vectors/format_registry.hpp"
#include "evaluation_controller.hpp"
#include "evaluation_panel.hpp"
#include "explorer_state.hpp"
#include "file_actions.hpp"
#include "lookup_panel.hpp"
#include "main_window.hpp"
#include "neighbours_panel.hpp"
#include "session_controller.hpp"
#include "training_panel.hpp"

namespace embscope::ui {

void WindowExports::add(MainWindow& window, FileActions& actions) {
  using Menu = FileActions::Menu;
  const QString csv = tr("CSV (*.csv)"), png = tr("PNG image (*.png)");
  const auto image = [&window](bool transparent, double scale) {
    return [&window, transparent, scale](const QString& path) {
      return window.exportImage(path, transparent, scale);
    };
  };
  const auto button = [](auto* panel, auto signal) {
    return FileActions::panelButton(panel, signal);
  };
  // The one table of exports: File > Export, Save Session As and the panels' export buttons.
  // One row per export, its fields in the order of FileActions::Export.
  // clang-format off
  const std::vector<FileActions::Export> table = {
      {"session", Menu::File, tr("Save Session &As..."), QKeySequence::SaveAs, false,
       tr("Save Session"), tr("embscope sessions (*.json)"), "json", "session",
       [&window](const QString& path) { return window.sessions()->save(path); }, {}},
      {"image", Menu::Export, tr("&Image (PNG)..."), QKeySequence(Qt::CTRL | Qt::Key_E), false,
       tr("Export Image"), png, "png", "view", image(false, 1), {}},
      {"image2x", Menu::Export, tr("Image at %1x Resolution (PNG)...").arg(2), {}, false,
       tr("Export Image"), png, "png", "view", image(false, 2), {}},
      {"image4x", Menu::Export, tr("Image at %1x Resolution (PNG)...").arg(4), {}, false,
       tr("Export Image"), png, "png", "view", image(false, 4), {}},
      {"imageTransparent", Menu::Export, tr("Image with &Transparent Background (PNG)..."), {},
       false, tr("Export Image"), png, "png", "view", image(true, 1), {}},
      {"neighbours", Menu::Export, tr("&Neighbours (CSV)..."), {}, true, tr("Export Neighbours"),
       csv, "csv", "neighbours",
       [&window, &state = window.state()](const QString& path) {
         return write_neighbours_file(path, state.dataset(), state.focusRow(), state.neighbours(),
                                      window.neighboursPanel()->metric());
       },
       button(window.neighboursPanel(), &NeighboursPanel::exportRequested)},
      {"coordinates", Menu::Export, tr("Projected &Coordinates (CSV)..."), {}, false,
       tr("Export Coordinates"), csv, "csv", "coordinates",
       [&state = window.state()](const QString& path) {
         return write_coordinates_file(path, state.dataset(), state.positions());
       },
       {}},
      {"lookup", Menu::Export, tr("&Looked-up Rows (CSV)..."), {}, false,
       tr("Export Looked-up Rows"), csv, "csv", "lookup",
       [&window, &state = window.state()](const QString& path) {
         return write_rows_file(path, state.dataset(), window.lookupPanel()->lookedUp());
       },
       button(window.lookupPanel(), &LookupPanel::exportRequested)},
      {"vectors", Menu::Export, tr("&Vectors..."), {}, false, tr("Export Vectors"),
       QString::fromStdString(vector_save_filter(VectorFormat::GloveText)), "txt", "vectors",
       [&state = window.state()](const QString& path) {
         return write_vectors_file(path, state.dataset());
       },
       {}},
      {"evaluation", Menu::None, tr("Evaluation (CSV)..."), {}, false, tr("Export Evaluation"),
       csv, "csv", "evaluation",
       [&window](const QString& path) { return window.evaluation()->exportCsv(path); },
       button(window.evaluationPanel(), &EvaluationPanel::exportRequested)},
      {"trainingLog", Menu::None, tr("Training Log (CSV)..."), {}, false,
       tr("Export Training Log"), csv, "csv", "training-log",
       [&window](const QString& path) { return window.training().exportLog(path); },
       button(window.trainingPanel(), &TrainingPanel::exportLogRequested)},
      {"trainedVectors", Menu::None, tr("Trained Vectors..."), {}, false,
       tr("Export Trained Vectors"),
       QString::fromStdString(vector_save_filter(VectorFormat::Word2VecBinary)), "bin",
       "trained-vectors", [&window](const QString& path) { return window.training().exportVectors(path); },
       button(window.trainingPanel(), &TrainingPanel::exportVectorsRequested)},
      {"checkpoint", Menu::None, tr("Checkpoint..."), {}, false, tr("Save Checkpoint"),
       tr("Checkpoint (*.ckpt)"), "ckpt", "checkpoint",
       [&window](const QString& path) { return window.training().saveCheckpoint(path); },
       button(window.trainingPanel(), &TrainingPanel::checkpointRequested)},
  };
  // clang-format on
  for (const FileActions::Export& entry : table)
    actions.addExport(entry, entry.id == "image" ? QStringLiteral("exportImage") : QString());
}

}  // namespace embscope::ui
