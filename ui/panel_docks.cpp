#include "panel_docks.hpp"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QToolButton>
#include <algorithm>
#include <array>

namespace embscope::ui {
namespace {

// Scrolls only vertically and is as wide as its panel needs, so the dock holding it never cuts
// the panel off on the right.
class VerticalScrollArea : public QScrollArea {
 public:
  explicit VerticalScrollArea(QWidget* panel) {
    setWidget(panel);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  }
  QSize minimumSizeHint() const override {
    return {widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width(),
            std::min(widget()->minimumSizeHint().height(), 120)};
  }
  QSize sizeHint() const override {
    return widget()->sizeHint() + QSize(verticalScrollBar()->sizeHint().width(), 0);
  }
};

}  // namespace

PanelDocks::PanelDocks(QMainWindow* window) : QObject(window), window_(window) {
  window_->setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
}

QDockWidget* PanelDocks::add(const QString& title, const QString& name, QWidget* panel,
                             bool scrollable) {
  auto* dock = new QDockWidget(title, window_);
  dock->setObjectName(name);
  dock->setWidget(scrollable ? new VerticalScrollArea(panel) : panel);
  window_->addDockWidget(Qt::RightDockWidgetArea, dock);
  docks_.push_back(dock);
  return dock;
}

void PanelDocks::finish() {
  resetLayout();
  // Alt+1..8 show and raise a panel (never hide it: its close button does that). Application
  // shortcuts: they work from a floating panel too.
  menu_ = new QMenu(tr("&Panels"), window_);
  int key = 1;
  for (QDockWidget* dock : docks_) {
    auto* show = new QAction(dock->windowTitle(), window_);
    show->setObjectName("show-" + dock->objectName());
    show->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_0 + key++)));
    show->setShortcutContext(Qt::ApplicationShortcut);
    show->setToolTip(
        tr("Show the %1 panel (%2)")
            .arg(dock->windowTitle(), show->shortcut().toString(QKeySequence::NativeText)));
    connect(show, &QAction::triggered, this, [this, dock] { this->show(dock); });
    menu_->addAction(show);
    window_->addAction(show);
  }
  menu_->addSeparator();
  menu_->addAction(tr("&Reset Layout"), this, &PanelDocks::resetLayout)
      ->setObjectName("resetLayout");
}

QToolButton* PanelDocks::menuButton(QWidget* parent) const {
  auto* button = new QToolButton(parent);
  button->setObjectName("panelsButton");
  button->setText(tr("Panels"));
  button->setIcon(window_->style()->standardIcon(QStyle::SP_FileDialogDetailedView));
  button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  button->setToolTip(tr("Show a panel (Alt+1..%1)").arg(docks_.size()));
  button->setMenu(menu_);
  button->setPopupMode(QToolButton::InstantPopup);
  return button;
}

void PanelDocks::resetLayout() {
  const auto dock = [this](const char* name) { return window_->findChild<QDockWidget*>(name); };
  // Four tabs a side fit the height of a 1280x800 window with every name whole; vertical tabs
  // leave the width to the panels.
  const std::array<QDockWidget*, 4> left = {dock("dataset"), dock("projection"), dock("appearance"),
                                            dock("training")};
  const std::array<QDockWidget*, 4> right = {dock("neighbours"), dock("lookup"), dock("analogy"),
                                             dock("evaluation")};
  window_->setTabPosition(Qt::LeftDockWidgetArea, QTabWidget::West);
  window_->setTabPosition(Qt::RightDockWidgetArea, QTabWidget::East);
  for (const auto& [area, column] :
       {std::pair{Qt::LeftDockWidgetArea, left}, std::pair{Qt::RightDockWidgetArea, right}}) {
    for (QDockWidget* widget : column) {
      widget->setFloating(false);
      window_->addDockWidget(area, widget);
      widget->show();
    }
    for (size_t i = 1; i < column.size(); ++i) window_->tabifyDockWidget(column[0], column[i]);
  }
  dock("projection")->raise();
  dock("neighbours")->raise();
  // As wide as the widest panel of each column needs, so that nothing is cut off.
  const auto needed = [](const std::array<QDockWidget*, 4>& column) {
    int width = 0;
    for (QDockWidget* widget : column)
      width = std::max(width, widget->widget()->minimumSizeHint().width());
    return width;
  };
  window_->resizeDocks({left[0], right[0]}, {needed(left), needed(right)}, Qt::Horizontal);
}

void PanelDocks::show(QDockWidget* dock) {
  dock->show();
  dock->raise();
  if (dock->isFloating()) dock->activateWindow();
}

void PanelDocks::setVisible(bool visible) {
  for (QDockWidget* dock : docks_) dock->setVisible(visible);
}

}  // namespace embscope::ui
