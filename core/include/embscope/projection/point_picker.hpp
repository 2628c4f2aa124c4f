// Finds the point under the mouse cursor on the CPU, from the camera matrix alone.
//
// `update()` projects all points to window pixels once per camera change and buckets them in a
// screen grid; `pick()` then only looks at the grid cells near the cursor, so hover picking costs
// microseconds. Among the points within `radius` pixels of the cursor it returns the front-most
// (smallest depth), which is the one the user sees.
//
//   PointPicker picker;
//   picker.update(positions, world_to_ndc, width, height);   // after every camera move
//   std::optional<int64_t> hit = picker.pick(mouse_x, mouse_y, 4.0);
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

#include "embscope/base/matrix.hpp"

namespace embscope {

// Pixel position (origin at the top-left of the viewport, y down) and NDC depth of a point.
struct ScreenPoint {
  float x = 0;
  float y = 0;
  float depth = 0;
  bool visible = false;  // inside the view frustum
};

// world_to_ndc maps homogeneous world coordinates (column vectors) to clip space, as VTK's
// vtkCamera::GetCompositeProjectionTransformMatrix does.
ScreenPoint project_to_screen(const Eigen::Vector3f& position, const Eigen::Matrix4d& world_to_ndc,
                              int width, int height);

class PointPicker {
 public:
  void update(const Positions3D& positions, const Eigen::Matrix4d& world_to_ndc, int width,
              int height);
  std::optional<int64_t> pick(double x, double y, double radius) const;
  bool empty() const { return screen_.empty(); }
  const std::vector<ScreenPoint>& screen_points() const { return screen_; }

 private:
  static constexpr int kCellPixels = 16;
  std::vector<ScreenPoint> screen_;
  int grid_columns_ = 0;
  int grid_rows_ = 0;
  std::vector<int32_t>
      cell_start_;  // CSR layout: points of cell c are cell_points_[start[c]..start[c+1])
  std::vector<int32_t> cell_points_;
};

// Reference implementation for tests: the same rule by a plain scan over all points.
std::optional<int64_t> pick_point_brute_force(const Positions3D& positions,
                                              const Eigen::Matrix4d& world_to_ndc, int width,
                                              int height, double x, double y, double radius);

}  // namespace embscope
