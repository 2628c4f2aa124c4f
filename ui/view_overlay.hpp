// ViewOverlay: everything drawn over the 3D scene from the explorer state - word labels (one
// size, a box that keeps them readable, placed without overlap by a screen-space grid), arrows
// and their legend, training trails, axis names, the colour legend and the hover box.
//
// paint() draws on any painter: the view's (every frame, from the camera of that frame) and an
// exported image's (the same picture at the export's scale). Screen positions come from the
// scene binding's picker; paint() with a `screen` function draws from given positions instead,
// so the placement can be tested without a view.
#pragma once

#include <QColor>
#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

class QPainter;

namespace embscope::ui {

class ExplorerState;
class LabelGrid;
class PointCloudScene;

class ViewOverlay {
 public:
  // A word label as the overlay last drew it: the point it belongs to, where that point was on
  // screen (the anchor), its box and its font size in points.
  struct DrawnLabel {
    int64_t row = 0;
    QString text;
    QPointF anchor;
    QRectF box;
    double point_size = 0;
    bool hover = false;  // the box of the word under the pointer
  };
  // The colour legend's rows as last drawn (categorical colouring: one per class shown).
  struct LegendEntry {
    QString name;
    QColor colour;
    int64_t count = 0;
  };
  // Where a row's point is on screen (logical pixels), nullopt when hidden or off screen.
  using ScreenPosition = std::function<std::optional<QPointF>(int64_t row)>;
  // World (x, y, z) -> screen, for trails (nullopt when behind the camera).
  using ProjectPoint = std::function<std::optional<QPointF>(float x, float y, float z)>;

  // `scene` gives the colour map and classes of the legend and the highlight colours; null
  // draws no colour legend.
  ViewOverlay(const ExplorerState& state, const PointCloudScene* scene);

  // Draws the overlay of a view of `size` logical pixels with `font` as the base font.
  // `hovered`: the row under the pointer (its box is drawn above every label).
  void paint(QPainter& painter, QSizeF size, const QFont& font, const ScreenPosition& screen,
             const ProjectPoint& project, std::optional<int64_t> hovered);

  const std::vector<DrawnLabel>& drawnLabels() const { return drawn_labels_; }
  const std::vector<LegendEntry>& legendEntries() const { return legend_entries_; }

 private:
  void drawLabels(QPainter& painter, LabelGrid& grid, std::optional<int64_t> hovered);
  // The colour legend in the bottom-left corner; returns the rectangle it covers.
  QRectF drawColourLegend(QPainter& painter);
  QRectF drawArrowLegend(QPainter& painter);
  QRectF drawAxisNames(QPainter& painter);
  void drawArrows(QPainter& painter, LabelGrid& grid);
  void drawTrails(QPainter& painter);

  const ExplorerState& state_;
  const PointCloudScene* scene_;
  // Set for the duration of paint().
  QSizeF size_;
  QFont font_;
  ScreenPosition screen_;
  ProjectPoint project_;
  std::vector<DrawnLabel> drawn_labels_;
  std::vector<LegendEntry> legend_entries_;
};

}  // namespace embscope::ui
