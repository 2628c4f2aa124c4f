// The window's look and feel beyond Qt's Fusion style: the dark palette that goes with the dark
// 3D background, toolbar icons drawn in the accent colour (readable on both palettes), and the
// rule that the window's Ctrl shortcuts win over a focused text field.
#pragma once

#include <QIcon>
#include <QObject>
#include <QPalette>
#include <functional>

class QPainter;

namespace embscope::ui {

QPalette dark_palette();
// A 64 x 64 icon drawn by `draw` with a 5 px round pen in the accent colour.
QIcon drawn_icon(const std::function<void(QPainter&)>& draw);
// The toolbar's 2D button (a flat plane) and Isolate button (a point among five).
QIcon flat_view_icon();
QIcon isolate_icon();

// An application event filter: a text field claims some Ctrl keys for itself (QLineEdit: Ctrl+E
// moves to the end of the line); the window's application-wide Ctrl shortcuts win in the window
// and its floating panels. Hiding the claim (ShortcutOverride) from the field leaves the event
// unaccepted, so the shortcut runs.
class CtrlShortcutsWin : public QObject {
 public:
  explicit CtrlShortcutsWin(QWidget* window);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QWidget* window_;
};

}  // namespace embscope::ui
