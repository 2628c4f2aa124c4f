// PointCloudScene: the VTK actors that draw the projected vectors.
//
// Owns the point cloud (positions copied into a vtkFloatArray with the same xyz layout as
// Positions3D, coloured through a lookup table) and a highlight actor for the point under the
// cursor. Values are coloured either along a continuous map (viridis) or, for classes (k-means
// clusters, categorical metadata), with a categorical palette (Tableau 10). Knows nothing about
// Qt; the VtkView hosts the renderer it draws into.
#pragma once

#include <vtkActor.h>
#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkRenderer.h>

#include <Eigen/Core>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "camera_state.hpp"
#include "embscope/base/matrix.hpp"

namespace embscope::ui {

class PointCloudScene {
 public:
  explicit PointCloudScene(vtkRenderer* renderer);

  // Replaces the cloud. colour_values has one value per point, mapped through a perceptually
  // uniform colour map over its [min, max] range (or class ids, see setCategories).
  void setPoints(const Positions3D& positions, const Eigen::VectorXf& colour_values);
  const Positions3D& positions() const { return positions_; }
  // Counts every change of the points' positions (pickers and labels compare it).
  uint64_t positionsVersion() const { return positions_version_; }
  // Moves the points (same count) and keeps their colours, selection and marks.
  void setPositions(const Positions3D& positions);
  // Recolours the points (one value each); non-finite values are drawn grey.
  void setColours(const Eigen::VectorXf& colour_values);
  // The colour of `value` under the current map, as 0-255 RGB (for legends).
  std::array<int, 3> colourOf(double value) const;
  double colourLow() const { return colour_low_; }
  double colourHigh() const { return colour_high_; }

  // Categorical colouring: the next colour values are class ids 0..names.size()-1 (NaN: none,
  // drawn grey), coloured by kCategoricalPalette (class i gets colour i mod its size). Empty
  // names: the continuous map. Applies from the next setColours()/setPoints().
  void setCategories(std::vector<std::string> names);
  bool categorical() const { return !categories_.empty(); }
  const std::vector<std::string>& categories() const { return categories_; }
  // Points of each class among the shown points, then those with no class (NaN) last.
  std::vector<int64_t> categoryCounts() const;
  // Tableau 10 (Tableau Software's default categorical palette since 2016, as published in
  // d3-scale-chromatic's schemeTableau10), 0-255 RGB.
  static constexpr std::array<std::array<int, 3>, 10> kCategoricalPalette = {{{78, 121, 167},
                                                                              {242, 142, 43},
                                                                              {225, 87, 89},
                                                                              {118, 183, 178},
                                                                              {89, 161, 79},
                                                                              {237, 201, 72},
                                                                              {176, 122, 161},
                                                                              {255, 157, 167},
                                                                              {156, 117, 95},
                                                                              {186, 176, 172}}};
  static std::array<int, 3> categoryColour(int64_t id);
  // The colours of the selected point with its neighbour links, and of the hovered point, as
  // 0-255 RGB. Gold and orange over continuous colours; over a categorical palette (which has
  // both) white on the dark background and black on the light one, so that a highlight never
  // reads as a class.
  std::array<int, 3> selectionColour() const;
  std::array<int, 3> hoverColour() const;

  // Rows drawn as magenta rings: the matches of a /regex/ search; empty hides them.
  void setMatched(const std::vector<int64_t>& rows);
  const std::vector<int64_t>& matched() const { return matched_; }

  // Rows shown as rings (the rows of an nn.Embedding lookup, say); empty hides them.
  void setMarked(const std::vector<int64_t>& rows);
  const std::vector<int64_t>& marked() const { return marked_; }
  // Rows drawn as small white dots for one frame (the rows a training step changed).
  void setFlashed(const std::vector<int64_t>& rows);
  bool flashing() const { return flashed_actor_->GetVisibility() != 0; }

  void setDarkBackground(bool dark);
  // While the user drags the camera, a large cloud draws only every n-th point.
  void setInteracting(bool interacting);

  using CameraState = ui::CameraState;
  CameraState cameraState() const;
  void setCameraState(const CameraState& state);
  // 2D: a parallel projection looking down the z axis (the caller flattens z).
  // Frames the whole cloud (fitAll) looking down z; aspect as for fitPoints.
  void setParallelTopView(bool parallel, double aspect = 0);

  void setHighlight(std::optional<int64_t> point);
  std::optional<int64_t> highlight() const { return highlight_; }

  // The selected point, drawn large, with lines to its neighbours (drawn as rings).
  void setSelection(std::optional<int64_t> selected, const std::vector<int64_t>& neighbours);
  std::optional<int64_t> selected() const { return selected_; }

  // Point diameter in device pixels.
  void setPointSize(double pixels);
  // Frames the whole cloud, seen slightly from above and from the side (fitAll).
  void resetCamera(double aspect = 0);
  // Keeps the viewing direction and frames every point: their bounding box fills kFitAllFill
  // of the view, leaving room for labels at the edges.
  void fitAll(double aspect = 0);
  static constexpr double kFitAllFill = 0.85;
  // How far the cloud reaches on screen: the largest |x| or |y| of a point in normalised device
  // coordinates (1: the view's edge; infinity when a point is behind the camera).
  double projectedExtent(double aspect = 0) const;
  // Keeps the viewing direction and moves the camera so that `points` fill the view, centred
  // on the first one.
  void focusOn(const std::vector<int64_t>& points);
  // Keeps the viewing direction and frames `points`: centred on their bounding box, every point
  // projected within `fill` of the view's half width and half height (perspective: the nearest
  // distance for which that holds, point by point; parallel: the scale), for a view of aspect
  // `aspect` (width / height; 0: the renderer's). Works for the 3D and the 2D camera and for
  // any spread: one point, two, or a line.
  void fitPoints(const std::vector<int64_t>& points, double aspect, double fill = 0.7);

 private:
  // The renderer's width / height in pixels, 1 before it has a size.
  double viewAspect() const;
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
  std::vector<std::string> categories_;
  Eigen::VectorXf colour_values_;
  bool dark_ = true;
  uint64_t positions_version_ = 0;
  std::vector<int64_t> matched_;
  vtkNew<vtkPolyData> matched_data_;
  vtkNew<vtkPolyDataMapper> matched_mapper_;
  vtkNew<vtkActor> matched_actor_;
  void updateHighlightColours();
  vtkNew<vtkPolyData> selection_data_;
  vtkNew<vtkPolyDataMapper> selection_mapper_;
  vtkNew<vtkActor> selection_actor_;
  vtkNew<vtkPolyData> links_data_;
  vtkNew<vtkPolyDataMapper> links_mapper_;
  vtkNew<vtkActor> links_actor_;
};

}  // namespace embscope::ui
