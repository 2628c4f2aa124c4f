// SceneBinding: puts the explorer state on the VTK scene and turns the pointer on the view into
// rows - points, colours, selection, marks and flashes (PointCloudScene), the picker that maps
// rows to screen positions, the hover that follows a still pointer, clicks, point size, render
// scale and framing.
//
// Every screen position comes from the camera of the frame it is used in: ensurePicker()
// recomputes the picker whenever the camera, the view's size or the points differ from what it
// was computed for, and the hover is refreshed inside paintGL() before VTK renders.
#pragma once

#include <QObject>
#include <QPoint>
#include <QPointF>
#include <QSize>
#include <memory>
#include <optional>
#include <vector>

#include "embscope/projection/point_picker.hpp"

namespace embscope::ui {

class ExplorerState;
class PointCloudScene;
class VtkView;

class SceneBinding : public QObject {
  Q_OBJECT

 public:
  // How far from a point (logical pixels) the pointer may be to hover or click it.
  static constexpr double kPickRadiusPixels = 6.0;

  // Draws `state` into a new scene on `view`'s renderer; both must outlive this.
  SceneBinding(ExplorerState& state, VtkView* view, QObject* parent = nullptr);
  ~SceneBinding() override;

  PointCloudScene* scene() const { return scene_.get(); }
  VtkView* view() const { return view_; }

  // Rebuilds what the scene shows from the state (points, selection, marks); drops the hover.
  // The state's signals call it (and showDataset()); callers need not.
  void update();
  // A new data set: its points, the 3D camera framing them.
  void showDataset();

  // The row under `position` (view pixels), if any point is within kPickRadiusPixels.
  std::optional<int64_t> rowAt(QPoint position);
  // Where a row's point is drawn, in the view's logical pixels (nullopt if off screen or hidden).
  std::optional<QPointF> screenPosition(int64_t row);
  // The picker's screen positions for the current frame (one per scene index).
  const std::vector<ScreenPoint>& screenPoints();
  void ensurePicker();
  // The camera or the points moved by other means: recompute before the next use.
  void invalidatePicker() { picker_dirty_ = true; }

  // The row under the pointer (its box is drawn and it is described in the status bar).
  std::optional<int64_t> hovered() const { return hovered_; }

  // Framing: the whole cloud (R), `rows` centred on the first, or `rows` fitted in the view.
  void resetCamera();
  void fitAll();
  void focusOnRows(const std::vector<int64_t>& rows);
  void fitRows(const std::vector<int64_t>& rows);
  // 2D: a parallel camera looking down z, framing the cloud; 3D: the perspective camera.
  void setFlatView(bool flat);

  // Points keep their size on screen whatever the render scale (and export scale).
  void applyPointSize(double extra_scale = 1.0);
  // Software GL renders at half resolution while the picture moves (a drag, training playing).
  void setMoving(bool training_playing);

 signals:
  // A click that selects (`row`) or clears (nullopt); clicks that only took the focus are
  // dropped unless they hit a point.
  void rowClicked(std::optional<int64_t> row);
  void rowDoubleClicked(int64_t row);
  void hoverChanged(std::optional<int64_t> row);

 private:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void updateHover(QPoint position);
  // Before each frame: the point under a still pointer, after the camera or the points moved.
  void refreshHover();
  void setHovered(std::optional<int64_t> scene_index);
  void updateRenderScale();

  ExplorerState& state_;
  VtkView* view_;
  std::unique_ptr<PointCloudScene> scene_;
  PointPicker picker_;
  bool picker_dirty_ = true;
  // What the picker's screen positions were computed for.
  Eigen::Matrix4d picker_matrix_ = Eigen::Matrix4d::Zero();
  QSize picker_size_;
  uint64_t picker_positions_ = 0;
  std::optional<int64_t> hovered_;
  bool dragging_ = false;
  bool training_playing_ = false;
  bool focus_click_ = false;  // the view took the focus with the current click
};

}  // namespace embscope::ui
