#include "window_style.hpp"

#include <QAction>
#include <QColor>
#include <QKeyEvent>
#include <QPainter>
#include <QPixmap>
#include <QPolygonF>
#include <QWidget>
#include <cmath>

namespace embscope::ui {

QIcon drawn_icon(const std::function<void(QPainter&)>& draw) {
  QPixmap pixmap(64, 64);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QPen(QColor(96, 150, 225), 5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  painter.setBrush(Qt::NoBrush);
  draw(painter);
  return QIcon(pixmap);
}

QIcon flat_view_icon() {
  return drawn_icon([](QPainter& p) {
    p.drawPolygon(QPolygonF({{8, 42}, {30, 54}, {56, 40}, {34, 28}}));
  });
}

QIcon isolate_icon() {
  return drawn_icon([](QPainter& p) {
    p.setBrush(p.pen().color());
    p.drawEllipse(QPointF(32, 32), 7, 7);
    p.setBrush(Qt::NoBrush);
    for (int i = 0; i < 5; ++i) {
      const double angle = i * 2 * M_PI / 5;
      p.drawEllipse(QPointF(32 + 21 * std::cos(angle), 32 + 21 * std::sin(angle)), 4, 4);
    }
  });
}

CtrlShortcutsWin::CtrlShortcutsWin(QWidget* window) : QObject(window), window_(window) {}

bool CtrlShortcutsWin::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() != QEvent::ShortcutOverride) return false;
  const auto* key = static_cast<QKeyEvent*>(event);
  auto* widget = qobject_cast<QWidget*>(watched);
  if ((key->modifiers() & Qt::ControlModifier) && widget != nullptr &&
      (widget == window_ || window_->isAncestorOf(widget))) {
    const QKeySequence pressed(key->keyCombination());
    for (const QAction* action : window_->findChildren<QAction*>()) {
      if (action->isEnabled() && action->shortcutContext() == Qt::ApplicationShortcut &&
          action->shortcuts().contains(pressed))
        return true;
    }
  }
  return false;
}

QPalette dark_palette() {
  QPalette palette;
  const QColor window(43, 46, 53), base(30, 32, 38), text(222, 224, 228), accent(74, 130, 210);
  palette.setColor(QPalette::Window, window);
  palette.setColor(QPalette::WindowText, text);
  palette.setColor(QPalette::Base, base);
  palette.setColor(QPalette::AlternateBase, window);
  palette.setColor(QPalette::ToolTipBase, base);
  palette.setColor(QPalette::ToolTipText, text);
  palette.setColor(QPalette::PlaceholderText, QColor(140, 144, 152));
  palette.setColor(QPalette::Text, text);
  palette.setColor(QPalette::Button, window);
  palette.setColor(QPalette::ButtonText, text);
  palette.setColor(QPalette::BrightText, Qt::red);
  palette.setColor(QPalette::Highlight, accent);
  palette.setColor(QPalette::HighlightedText, Qt::white);
  palette.setColor(QPalette::Link, accent.lighter(130));
  for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
    palette.setColor(QPalette::Disabled, role, QColor(120, 122, 128));
  }
  return palette;
}

}  // namespace embscope::ui
