#include "chart_view.hpp"

#include <QAbstractAxis>
#include <QChart>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QPen>

namespace embscope::ui {

ChartView::ChartView(QWidget* parent) : QChartView(new QChart, parent) {
  setRenderHint(QPainter::Antialiasing);
  setFrameShape(QFrame::NoFrame);
  // Hover values need the moves without a button pressed.
  setMouseTracking(true);
  viewport()->setMouseTracking(true);
  chart()->legend()->hide();
  chart()->setBackgroundRoundness(0);
  chart()->setMargins(QMargins(2, 2, 2, 2));
  chart()->layout()->setContentsMargins(0, 0, 0, 0);
  box_ = new QGraphicsRectItem(chart());
  label_ = new QGraphicsSimpleTextItem(chart());
  box_->setZValue(100);
  label_->setZValue(101);
  hideHover();
}

QString ChartView::hoverText() const {
  return label_->isVisible() ? label_->text() : QString();
}

bool ChartView::darkPalette() const {
  return palette().color(QPalette::Window).lightness() < 128;
}

void ChartView::applyPalette() {
  const QPalette colours = palette();
  const QColor text = colours.color(QPalette::WindowText);
  QColor grid = text;
  grid.setAlpha(45);
  chart()->setBackgroundBrush(colours.color(QPalette::Window));
  chart()->setBackgroundPen(Qt::NoPen);
  chart()->setTitleBrush(text);
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  chart()->setTitleFont(small);
  for (QAbstractAxis* axis : chart()->axes()) {
    axis->setLabelsBrush(text);
    axis->setLabelsFont(small);
    axis->setTitleBrush(text);
    axis->setTitleFont(small);
    axis->setLinePenColor(grid);
    axis->setGridLineColor(grid);
  }
  box_->setBrush(colours.color(QPalette::ToolTipBase));
  box_->setPen(QPen(colours.color(QPalette::ToolTipText), 0.5));
  label_->setBrush(colours.color(QPalette::ToolTipText));
  label_->setFont(font());
}

void ChartView::mouseMoveEvent(QMouseEvent* event) {
  QChartView::mouseMoveEvent(event);
  const QPointF position = chart()->mapFromScene(mapToScene(event->position().toPoint()));
  const std::optional<Hover> hover =
      chart()->plotArea().contains(position) ? valueAt(position) : std::nullopt;
  if (!hover) {
    hideHover();
    return;
  }
  label_->setText(hover->text);
  // Above and right of the value, kept inside the chart.
  const QRectF size = label_->boundingRect();
  const QRectF area = chart()->rect();
  const double x =
      std::clamp(hover->anchor.x() + 8, area.left() + 4, area.right() - size.width() - 4);
  const double y = std::clamp(hover->anchor.y() - size.height() - 8, area.top() + 4,
                              area.bottom() - size.height() - 4);
  label_->setPos(x, y);
  box_->setRect(QRectF(x - 4, y - 2, size.width() + 8, size.height() + 4));
  label_->show();
  box_->show();
}

void ChartView::leaveEvent(QEvent* event) {
  hideHover();
  QChartView::leaveEvent(event);
}

void ChartView::changeEvent(QEvent* event) {
  QChartView::changeEvent(event);
  if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) applyPalette();
}

void ChartView::hideHover() {
  label_->hide();
  box_->hide();
}

}  // namespace embscope::ui
