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
#include <array>
#include <optional>
#include <vector>

#include "camera_state.hpp"
#include "embscope/matrix.hpp"

namespace embscope::ui {

class PointCloudScene {
 public:
  explicit PointCloudScene(vtkRenderer* renderer);

  // Replaces the cloud. colour_values has one value per point, mapped through a perceptually
  // uniform colour map over its [min, max] range.
  void setPoints(const Positions3D& positions, const Eigen::VectorXf& colour_values);
  const Positions3D& positions() const { return positions_; }
  // Moves the points (same count) and keeps their colours, selection and marks.
  void setPositions(const Positions3D& positions);
  // Recolours the points (one value each); non-finite values are drawn grey.
  void setColours(const Eigen::VectorXf& colour_values);
  // The colour of `value` under the current map, as 0-255 RGB (for legends).
  std::array<int, 3> colourOf(double value) const;
  double colourLow() const { return colour_low_; }
  double colourHigh() const { return colour_high_; }

  // Rows shown as rings (the rows of an nn.Embedding lookup, say); empty hides them.
  void setMarked(const std::vector<int64_t>& rows);
  const std::vector<int64_t>& marked() const { return marked_; }
  // Rows drawn as small white dots for one frame (the rows a training step changed).
  void setFlashed(const std::vector<int64_t>& rows);

  void setDarkBackground(bool dark);
  // While the user drags the camera, a large cloud draws only every n-th point.
  void setInteracting(bool interacting);

  using CameraState = ui::CameraState;
  CameraState cameraState() const;
  void setCameraState(const CameraState& state);
  // 2D: a parallel projection looking down the z axis (the caller flattens z).
  void setParallelTopView(bool parallel);

  void setHighlight(std::optional<int64_t> point);
  std::optional<int64_t> highlight() const { return highlight_; }

  // The selected point, drawn large, with lines to its neighbours (drawn as rings).
  void setSelection(std::optional<int64_t> selected, const std::vector<int64_t>& neighbours);

  // Point diameter in device pixels.
  void setPointSize(double pixels);
  // Frames the whole cloud, seen slightly from above and from the side.
  void resetCamera();
  // Keeps the viewing direction and moves the camera so that `points` fill the view, centred
  // on the first one.
  void focusOn(const std::vector<int64_t>& points);

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
  std::vector<int64_t> selection_rows_;
  std::optional<int64_t> selected_;
  std::vector<int64_t> marked_;
  vtkNew<vtkPolyData> marked_data_;
  vtkNew<vtkPolyDataMapper> marked_mapper_;
  vtkNew<vtkActor> marked_actor_;
  vtkNew<vtkPolyData> flashed_data_;
  vtkNew<vtkPolyDataMapper> flashed_mapper_;
  vtkNew<vtkActor> flashed_actor_;
  vtkNew<vtkPolyData> preview_;  // every n-th point, drawn while interacting
  bool interacting_ = false;
  double colour_low_ = 0;
  double colour_high_ = 1;
  vtkNew<vtkPolyData> selection_data_;
  vtkNew<vtkPolyDataMapper> selection_mapper_;
  vtkNew<vtkActor> selection_actor_;
  vtkNew<vtkPolyData> links_data_;
  vtkNew<vtkPolyDataMapper> links_mapper_;
  vtkNew<vtkActor> links_actor_;
};

}  // namespace embscope::ui
