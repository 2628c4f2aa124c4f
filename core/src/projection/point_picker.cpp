#include "embscope/projection/point_picker.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace embscope {
namespace {

// Picking rule shared by the grid and the brute-force scan: the front-most visible point within
// the radius; equal depths go to the one nearer the cursor, then to the lower index.
struct Best {
  int64_t index = -1;
  float depth = std::numeric_limits<float>::infinity();
  double distance2 = std::numeric_limits<double>::infinity();

  void consider(int64_t candidate, const ScreenPoint& p, double x, double y, double radius2) {
    if (!p.visible) return;
    const double dx = p.x - x;
    const double dy = p.y - y;
    const double d2 = dx * dx + dy * dy;
    if (d2 > radius2) return;
    if (p.depth < depth ||
        (p.depth == depth && (d2 < distance2 || (d2 == distance2 && candidate < index)))) {
      index = candidate;
      depth = p.depth;
      distance2 = d2;
    }
  }
  std::optional<int64_t> result() const {
    return index < 0 ? std::nullopt : std::optional<int64_t>(index);
  }
};

}  // namespace

ScreenPoint project_to_screen(const Eigen::Vector3f& position, const Eigen::Matrix4d& world_to_ndc,
                              int width, int height) {
  const Eigen::Vector4d clip =
      world_to_ndc * Eigen::Vector4d(position.x(), position.y(), position.z(), 1.0);
  ScreenPoint p;
  if (clip.w() <= 0) return p;
  const Eigen::Vector3d ndc = clip.head<3>() / clip.w();
  p.x = static_cast<float>((ndc.x() + 1.0) * 0.5 * width);
  p.y = static_cast<float>((1.0 - ndc.y()) * 0.5 * height);
  p.depth = static_cast<float>(ndc.z());
  p.visible = std::abs(ndc.x()) <= 1.0 && std::abs(ndc.y()) <= 1.0 && std::abs(ndc.z()) <= 1.0;
  return p;
}

void PointPicker::update(const Positions3D& positions, const Eigen::Matrix4d& world_to_ndc,
                         int width, int height) {
  const auto n = static_cast<size_t>(positions.cols());
  screen_.resize(n);
  grid_columns_ = std::max(1, (width + kCellPixels - 1) / kCellPixels);
  grid_rows_ = std::max(1, (height + kCellPixels - 1) / kCellPixels);
  const size_t cells = static_cast<size_t>(grid_columns_) * static_cast<size_t>(grid_rows_);
  cell_start_.assign(cells + 1, 0);
  std::vector<int32_t> cell_of(n, -1);
  for (size_t i = 0; i < n; ++i) {
    ScreenPoint& p = screen_[i];
    p = project_to_screen(positions.col(static_cast<Eigen::Index>(i)), world_to_ndc, width, height);
    if (!p.visible) continue;
    const int cx = std::clamp(static_cast<int>(p.x) / kCellPixels, 0, grid_columns_ - 1);
    const int cy = std::clamp(static_cast<int>(p.y) / kCellPixels, 0, grid_rows_ - 1);
    cell_of[i] = cy * grid_columns_ + cx;
    ++cell_start_[static_cast<size_t>(cell_of[i]) + 1];
  }
  for (size_t c = 0; c < cells; ++c) cell_start_[c + 1] += cell_start_[c];
  cell_points_.resize(static_cast<size_t>(cell_start_[cells]));
  std::vector<int32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (size_t i = 0; i < n; ++i) {
    if (cell_of[i] >= 0)
      cell_points_[static_cast<size_t>(fill[cell_of[i]]++)] = static_cast<int32_t>(i);
  }
}

std::optional<int64_t> PointPicker::pick(double x, double y, double radius) const {
  if (screen_.empty()) return std::nullopt;
  const int x0 = std::max(0, static_cast<int>(std::floor((x - radius) / kCellPixels)));
  const int x1 =
      std::min(grid_columns_ - 1, static_cast<int>(std::floor((x + radius) / kCellPixels)));
  const int y0 = std::max(0, static_cast<int>(std::floor((y - radius) / kCellPixels)));
  const int y1 = std::min(grid_rows_ - 1, static_cast<int>(std::floor((y + radius) / kCellPixels)));
  Best best;
  const double radius2 = radius * radius;
  for (int cy = y0; cy <= y1; ++cy) {
    for (int cx = x0; cx <= x1; ++cx) {
      const size_t cell = static_cast<size_t>(cy * grid_columns_ + cx);
      for (int32_t k = cell_start_[cell]; k < cell_start_[cell + 1]; ++k) {
        const int32_t i = cell_points_[static_cast<size_t>(k)];
        best.consider(i, screen_[static_cast<size_t>(i)], x, y, radius2);
      }
    }
  }
  return best.result();
}

std::optional<int64_t> pick_point_brute_force(const Positions3D& positions,
                                              const Eigen::Matrix4d& world_to_ndc, int width,
                                              int height, double x, double y, double radius) {
  Best best;
  for (Eigen::Index i = 0; i < positions.cols(); ++i) {
    best.consider(i, project_to_screen(positions.col(i), world_to_ndc, width, height), x, y,
                  radius * radius);
  }
  return best.result();
}

}  // namespace embscope
