// PanelDocks: the window's eight panels as docks, in the default arrangement of two columns of
// vertical tabs - the data on the left (Data set, Projection, Appearance, Training), the
// questions asked of it on the right (Neighbours, Lookup table, Analogy, Evaluation) - and the
// Panels menu: Alt+1..8 show and raise a panel, Reset Layout restores the arrangement.
#pragma once

#include <QObject>
#include <QString>
#include <vector>

class QDockWidget;
class QMainWindow;
class QMenu;
class QToolButton;
class QWidget;

namespace embscope::ui {

class PanelDocks : public QObject {
  Q_OBJECT

 public:
  explicit PanelDocks(QMainWindow* window);

  // Docks `panel` under `title`; `name` is the dock's object name (saved layouts use it). A
  // scrollable panel scrolls inside its dock rather than forcing the window's height, but never
  // sideways: the dock is at least as wide as the panel.
  QDockWidget* add(const QString& title, const QString& name, QWidget* panel,
                   bool scrollable = false);
  // After the last add(): the Panels menu (Alt+N in the order added) and the default layout.
  void finish();
  // The default arrangement (View > Panels > Reset Layout).
  void resetLayout();
  // Shows a panel's dock and brings it to the front of its tabs.
  void show(QDockWidget* dock);
  // Shows or hides every dock (scripted screenshots show the view alone).
  void setVisible(bool visible);
  const std::vector<QDockWidget*>& docks() const { return docks_; }
  QMenu* menu() const { return menu_; }
  // A toolbar button "Panels" that pops the menu up (after finish()).
  QToolButton* menuButton(QWidget* parent) const;

 private:
  QMainWindow* window_;
  std::vector<QDockWidget*> docks_;
  QMenu* menu_ = nullptr;
};

}  // namespace embscope::ui
