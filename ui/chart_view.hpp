// ChartView: the base of the panels' small Qt Charts (explained variance, training loss): no
// legend, tight margins, colours taken from the widget's palette (readable on the dark and the
// light one, following a palette change), and a hover label showing the value under the
// pointer, which each chart finds with valueAt.
#pragma once

#include <QChartView>
#include <QString>
#include <optional>

class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace embscope::ui {

class ChartView : public QChartView {
  Q_OBJECT

 public:
  explicit ChartView(QWidget* parent = nullptr);
  // The hover label's text; empty while no value is under the pointer.
  QString hoverText() const;

 protected:
  struct Hover {
    QPointF anchor;  // the value's point, in the chart's coordinates
    QString text;
  };
  // The value under `position` (chart coordinates, inside the plot area), if any.
  virtual std::optional<Hover> valueAt(QPointF position) const = 0;
  // Chart, axes and grid colours from the palette; a chart overrides it to colour its series
  // (and calls this one). Called at construction by the subclass and on every palette change.
  virtual void applyPalette();
  bool darkPalette() const;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void changeEvent(QEvent* event) override;
  void hideHover();

 private:
  QGraphicsRectItem* box_ = nullptr;
  QGraphicsSimpleTextItem* label_ = nullptr;
};

}  // namespace embscope::ui
