#include "label_grid.hpp"

#include <algorithm>
#include <cmath>

namespace embscope::ui {

LabelGrid::LabelGrid(QSizeF area, double cell) : area_(area), cell_(std::max(8.0, cell)) {
  columns_ = std::max(1, static_cast<int>(std::ceil(area.width() / cell_)));
  rows_ = std::max(1, static_cast<int>(std::ceil(area.height() / cell_)));
  buckets_.resize(static_cast<size_t>(columns_) * static_cast<size_t>(rows_));
}

bool LabelGrid::cells(const QRectF& box, int* x0, int* y0, int* x1, int* y1) const {
  if (box.right() < 0 || box.bottom() < 0 || box.left() > area_.width() ||
      box.top() > area_.height()) {
    return false;
  }
  *x0 = std::clamp(static_cast<int>(std::floor(box.left() / cell_)), 0, columns_ - 1);
  *x1 = std::clamp(static_cast<int>(std::floor(box.right() / cell_)), 0, columns_ - 1);
  *y0 = std::clamp(static_cast<int>(std::floor(box.top() / cell_)), 0, rows_ - 1);
  *y1 = std::clamp(static_cast<int>(std::floor(box.bottom() / cell_)), 0, rows_ - 1);
  return true;
}

bool LabelGrid::overlapsPlaced(const QRectF& box) const {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  if (!cells(box, &x0, &y0, &x1, &y1)) return false;
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) {
      for (int index : buckets_[static_cast<size_t>(y * columns_ + x)]) {
        if (boxes_[static_cast<size_t>(index)].intersects(box)) return true;
      }
    }
  }
  return false;
}

void LabelGrid::insert(const QRectF& box) {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  if (!cells(box, &x0, &y0, &x1, &y1)) return;
  const int index = static_cast<int>(boxes_.size());
  boxes_.push_back(box);
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) buckets_[static_cast<size_t>(y * columns_ + x)].push_back(index);
  }
}

bool LabelGrid::place(const QRectF& box) {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  if (!cells(box, &x0, &y0, &x1, &y1) || overlapsPlaced(box)) return false;
  insert(box);
  return true;
}

void LabelGrid::reserve(const QRectF& box) {
  insert(box);
}

}  // namespace embscope::ui
