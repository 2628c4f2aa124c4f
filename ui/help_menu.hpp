// The Help menu: Controls (every mouse gesture and key of the window, the panels' Alt+digits
// named from the docks themselves, so the list cannot fall behind them) and About.
#pragma once

#include <vector>

class QDockWidget;
class QMenu;
class QWidget;

namespace embscope::ui {

// Adds Controls and About to `menu`; their dialogs open over `window`. `panels` are the docks in
// their Alt+1..N order.
void fill_help_menu(QMenu* menu, QWidget* window, const std::vector<QDockWidget*>& panels);

}  // namespace embscope::ui
