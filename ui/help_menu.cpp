#include "help_menu.hpp"

#include <QApplication>
#include <QDockWidget>
#include <QMenu>
#include <QMessageBox>
#include <QStringList>

namespace embscope::ui {

void fill_help_menu(QMenu* menu, QWidget* window, const std::vector<QDockWidget*>& panels) {
  QStringList names;
  for (const QDockWidget* dock : panels) names << dock->windowTitle();
  const QString controls =
      QMenu::tr(
          "Left drag: rotate\nShift + left drag or middle drag: pan\nRight drag or wheel: "
          "zoom\nHover a point: show its word\nClick: select it and list its neighbours\n"
          "Double-click: select and fly to it\nCtrl+F: find a word (/regex/ works too)\n"
          "Esc: clear the selection or cancel loading\nR or Home: reset the camera\n"
          "2: 2D/3D   I: isolate the selection\nAlt+1..%1: show a panel (%2)\n"
          "F5: play or pause training   F10: train one step\n"
          "Ctrl+O: open vectors (or drop a file on the window)\nCtrl+E: export an image\n"
          "Enter in the search box selects the word and gives the keys back to the view")
          .arg(panels.size())
          .arg(names.join(QStringLiteral(", ")));
  menu->addAction(QMenu::tr("&Controls"), window, [window, controls] {
    QMessageBox::information(window, QMenu::tr("Controls"), controls);
  });
  menu->addAction(QMenu::tr("&About embscope"), window, [window] {
    QMessageBox::about(window, QMenu::tr("About embscope"),
                       QMenu::tr("<b>embscope</b> %1<br>Explore and train word-embedding spaces "
                                 "in 3D.<br>Default data: GloVe 6B 100d (Stanford NLP, PDDL 1.0).")
                           .arg(QApplication::applicationVersion()));
  });
}

}  // namespace embscope::ui
