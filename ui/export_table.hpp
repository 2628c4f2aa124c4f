// The window's one table of exports: File > Export, Save Session As and the panels' export
// buttons (Neighbours, Lookup table, Evaluation, Training) are rows of it, each with its menu
// entry, dialog title, filter, default extension and file name, and the function that writes.
// Every writer writes atomically and returns an error message or "" (FileActions::Export).
#pragma once

#include <QCoreApplication>

namespace embscope::ui {

class FileActions;
class MainWindow;

struct WindowExports {
  Q_DECLARE_TR_FUNCTIONS(WindowExports)

 public:
  // Adds every export of `window` to `actions` (after the window's panels and controllers).
  static void add(MainWindow& window, FileActions& actions);
};

}  // namespace embscope::ui
