// PointCloudScene: the VTK actors that draw the projected vectors.
//
// Owns the point cloud (positions copied into a vtkFloatArray with the same xyz layout as
// Positions3D, coloured through a lookup table) and a highlight actor for the point under the
// cursor. Knows nothing about Qt; the VtkView hosts the renderer it draws into.
#pragma once

#include <vtkActor.h>
#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkRenderer.h>

#include <Eigen/Core>
#include <optional>

#include "embscope/matrix.hpp"

namespace embscope::ui {

class PointCloudScene {
 public:
  explicit PointCloudScene(vtkRenderer* renderer);

  // Replaces the cloud. colour_values has one value per point, mapped through a perceptually
  // uniform colour map over its [min, max] range.
  void setPoints(const Positions3D& positions, const Eigen::VectorXf& colour_values);
  const Positions3D& positions() const { return positions_; }

  void setHighlight(std::optional<int64_t> point);
  std::optional<int64_t> highlight() const { return highlight_; }

  // Point diameter in device pixels.
  void setPointSize(double pixels);
  // Frames the whole cloud, seen slightly from above and from the side.
  void resetCamera();

 private:
  vtkRenderer* renderer_;
  Positions3D positions_;
  vtkNew<vtkPolyData> cloud_;
  vtkNew<vtkPolyDataMapper> cloud_mapper_;
  vtkNew<vtkActor> cloud_actor_;
  vtkNew<vtkPolyData> highlight_data_;
  vtkNew<vtkPolyDataMapper> highlight_mapper_;
  vtkNew<vtkActor> highlight_actor_;
  std::optional<int64_t> highlight_;
};

}  // namespace embscope::ui
