// Where the camera is and how it projects: what a session stores and the scene restores. Plain
// values (no VTK, no Qt), so that sessions can be read without a view.
#pragma once

#include <array>

namespace embscope::ui {

struct CameraState {
  std::array<double, 3> position{}, focal_point{}, view_up{};
  double view_angle = 30;
  bool parallel = false;
  double parallel_scale = 1;
};

}  // namespace embscope::ui
