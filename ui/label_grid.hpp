// LabelGrid: places word labels on screen without overlaps.
//
// A screen-space collision grid, as the TensorFlow embedding projector places its labels
// (its CollisionGrid, in the projector's scatter-plot labels): labels are offered in priority
// order (the selected word, then its neighbours, ..., then frequent words) and one that would
// overlap a label already placed is refused. The grid buckets placed rectangles by cell, so a
// test looks only at the rectangles in the cells it covers: placing n labels costs about O(n)
// however many are refused.
//
//   LabelGrid grid(view_size);
//   grid.reserve(legend_rect);               // never covered
//   if (grid.place(box)) painter.drawText(box, text);
#pragma once

#include <QRectF>
#include <QSizeF>
#include <vector>

namespace embscope::ui {

class LabelGrid {
 public:
  // `area`: the screen (logical pixels); `cell`: the grid's cell size in the same units.
  explicit LabelGrid(QSizeF area, double cell = 64);

  // Places `box` if it lies at least partly on screen and overlaps nothing placed or reserved;
  // returns whether it did.
  bool place(const QRectF& box);
  // Takes `box` whatever it overlaps (legends, the hover box): later labels avoid it.
  void reserve(const QRectF& box);
  bool overlapsPlaced(const QRectF& box) const;

 private:
  void insert(const QRectF& box);
  // The range of cells `box` covers, clamped to the grid; false when it is off the grid.
  bool cells(const QRectF& box, int* x0, int* y0, int* x1, int* y1) const;

  QSizeF area_;
  double cell_;
  int columns_ = 1;
  int rows_ = 1;
  std::vector<QRectF> boxes_;
  std::vector<std::vector<int>> buckets_;  // per cell: indices into boxes_
};

}  // namespace embscope::ui
