#include "point_cloud_scene.hpp"

#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkColorTransferFunction.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkProperty.h>

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace embscope::ui {
namespace {

constexpr vtkIdType kSpherePointLimit = 150000;
// Above this many points, camera drags draw a subset (software GL draws ~50k points smoothly).
constexpr vtkIdType kPreviewPointLimit = 60000;

// Viridis control points (matplotlib's colour map, CC0) without its two darkest stops, which
// vanish on the dark background. Ordered in lightness: larger values read as brighter.
vtkSmartPointer<vtkColorTransferFunction> viridis(double low, double high) {
  static constexpr double kStops[][3] = {
      {0.254, 0.265, 0.530}, {0.207, 0.372, 0.553}, {0.164, 0.471, 0.558},
      {0.128, 0.567, 0.551}, {0.135, 0.659, 0.518}, {0.267, 0.749, 0.441},
      {0.478, 0.821, 0.318}, {0.741, 0.873, 0.150}, {0.993, 0.906, 0.144}};
  constexpr int kCount = sizeof(kStops) / sizeof(kStops[0]);
  auto function = vtkSmartPointer<vtkColorTransferFunction>::New();
  if (high <= low) high = low + 1;
  for (int i = 0; i < kCount; ++i) {
    const double t = low + (high - low) * i / (kCount - 1);
    function->AddRGBPoint(t, kStops[i][0], kStops[i][1], kStops[i][2]);
  }
  return function;
}

// One vertex cell per point, built directly (vtkVertexGlyphFilter is far slower).
vtkSmartPointer<vtkCellArray> vertex_cells(vtkIdType count) {
  auto offsets = vtkSmartPointer<vtkIdTypeArray>::New();
  auto connectivity = vtkSmartPointer<vtkIdTypeArray>::New();
  offsets->SetNumberOfValues(count + 1);
  connectivity->SetNumberOfValues(count);
  for (vtkIdType i = 0; i < count; ++i) {
    offsets->SetValue(i, i);
    connectivity->SetValue(i, i);
  }
  offsets->SetValue(count, count);
  auto cells = vtkSmartPointer<vtkCellArray>::New();
  cells->SetData(offsets, connectivity);
  return cells;
}

// A single-colour actor drawn over the cloud (hover, selection, marks), hidden until it has data.
void add_overlay(vtkRenderer* renderer, vtkPolyData* data, vtkPolyDataMapper* mapper,
                 vtkActor* actor, std::array<double, 3> colour, double point_size, bool spheres) {
  mapper->SetInputData(data);
  mapper->ScalarVisibilityOff();
  actor->SetMapper(mapper);
  actor->GetProperty()->SetRepresentationToPoints();
  actor->GetProperty()->SetRenderPointsAsSpheres(spheres);
  actor->GetProperty()->SetPointSize(static_cast<float>(point_size));
  actor->GetProperty()->SetColor(colour.data());
  actor->VisibilityOff();
  renderer->AddActor(actor);
}

// Puts the points of `rows` (those inside `positions`) into `data` as vertices; returns them.
std::vector<int64_t> set_marker_points(const Positions3D& positions,
                                       const std::vector<int64_t>& rows, vtkPolyData* data) {
  std::vector<int64_t> kept;
  auto points = vtkSmartPointer<vtkPoints>::New();
  for (int64_t row : rows) {
    if (row < 0 || row >= positions.cols()) continue;
    kept.push_back(row);
    const Eigen::Vector3f p = positions.col(row);
    points->InsertNextPoint(p.x(), p.y(), p.z());
  }
  data->Initialize();
  data->SetPoints(points);
  data->SetVerts(vertex_cells(points->GetNumberOfPoints()));
  return kept;
}

}  // namespace

PointCloudScene::PointCloudScene(vtkRenderer* renderer) : renderer_(renderer) {
  renderer_->SetBackground(0.09, 0.10, 0.13);
  renderer_->SetBackground2(0.16, 0.18, 0.23);
  renderer_->GradientBackgroundOn();

  cloud_mapper_->SetInputData(cloud_);
  cloud_mapper_->SetScalarModeToUsePointData();
  cloud_mapper_->ScalarVisibilityOn();
  cloud_actor_->SetMapper(cloud_mapper_);
  cloud_actor_->GetProperty()->SetRepresentationToPoints();
  cloud_actor_->GetProperty()->SetPointSize(3);
  cloud_actor_->GetProperty()->SetOpacity(1.0);
  renderer_->AddActor(cloud_actor_);

  add_overlay(renderer_, highlight_data_, highlight_mapper_, highlight_actor_, {1.0, 0.45, 0.2}, 11,
              true);
  add_overlay(renderer_, selection_data_, selection_mapper_, selection_actor_, {1.0, 0.82, 0.25}, 9,
              true);
  add_overlay(renderer_, marked_data_, marked_mapper_, marked_actor_, {0.35, 0.85, 1.0}, 10, true);
  add_overlay(renderer_, flashed_data_, flashed_mapper_, flashed_actor_, {1.0, 1.0, 1.0}, 3, false);
  add_overlay(renderer_, matched_data_, matched_mapper_, matched_actor_, {1.0, 0.3, 0.9}, 10, true);

  links_mapper_->SetInputData(links_data_);
  links_mapper_->ScalarVisibilityOff();
  links_actor_->SetMapper(links_mapper_);
  links_actor_->GetProperty()->SetColor(1.0, 0.82, 0.25);
  links_actor_->GetProperty()->SetLineWidth(2.0);
  links_actor_->VisibilityOff();
  renderer_->AddActor(links_actor_);
}

void PointCloudScene::setSelection(std::optional<int64_t> selected,
                                   const std::vector<int64_t>& neighbours) {
  selected_ = selected;
  selection_rows_ = neighbours;
  if (!selected || *selected < 0 || *selected >= positions_.cols()) {
    selection_actor_->VisibilityOff();
    links_actor_->VisibilityOff();
    return;
  }
  auto points = vtkSmartPointer<vtkPoints>::New();
  const Eigen::Vector3f centre = positions_.col(*selected);
  points->InsertNextPoint(centre.x(), centre.y(), centre.z());
  auto lines = vtkSmartPointer<vtkCellArray>::New();
  for (int64_t n : neighbours) {
    if (n < 0 || n >= positions_.cols()) continue;
    const Eigen::Vector3f p = positions_.col(n);
    const vtkIdType id = points->InsertNextPoint(p.x(), p.y(), p.z());
    const vtkIdType link[2] = {0, id};
    lines->InsertNextCell(2, link);
  }
  selection_data_->Initialize();
  selection_data_->SetPoints(points);
  selection_data_->SetVerts(vertex_cells(points->GetNumberOfPoints()));
  links_data_->Initialize();
  links_data_->SetPoints(points);
  links_data_->SetLines(lines);
  selection_actor_->VisibilityOn();
  links_actor_->SetVisibility(lines->GetNumberOfCells() > 0);
}

void PointCloudScene::setPoints(const Positions3D& positions,
                                const Eigen::VectorXf& colour_values) {
  positions_ = Positions3D();  // setPositions rebuilds the cells for a new count
  cloud_->Initialize();
  setPositions(positions);
  setColours(colour_values);
  setHighlight(std::nullopt);
  setSelection(std::nullopt, {});
  setMarked({});
  setMatched({});
}

void PointCloudScene::setPositions(const Positions3D& positions) {
  const bool same_count = positions.cols() == positions_.cols() && cloud_->GetNumberOfPoints() > 0;
  positions_ = positions;
  const vtkIdType count = positions.cols();
  auto coordinates = vtkSmartPointer<vtkFloatArray>::New();
  coordinates->SetNumberOfComponents(3);
  coordinates->SetNumberOfTuples(count);
  std::memcpy(coordinates->GetPointer(0), positions.data(), sizeof(float) * 3 * count);
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetData(coordinates);
  cloud_->SetPoints(points);
  if (!same_count) cloud_->SetVerts(vertex_cells(count));
  cloud_->Modified();
  // Shaded spheres read better than flat squares, and cost little up to ~100k points even on
  // software GL (see docs/BENCHMARKS.md); beyond that, plain points keep the view interactive.
  cloud_actor_->GetProperty()->SetRenderPointsAsSpheres(count <= kSpherePointLimit);

  // The drag preview: every n-th point (frequent words first in these files, so a stride keeps
  // the shape of the cloud).
  preview_->Initialize();
  if (count > kPreviewPointLimit) {
    const vtkIdType stride = (count + kPreviewPointLimit - 1) / kPreviewPointLimit;
    auto preview_coordinates = vtkSmartPointer<vtkFloatArray>::New();
    preview_coordinates->SetNumberOfComponents(3);
    auto preview_points = vtkSmartPointer<vtkPoints>::New();
    std::vector<vtkIdType> kept;
    for (vtkIdType i = 0; i < count; i += stride) kept.push_back(i);
    preview_coordinates->SetNumberOfTuples(static_cast<vtkIdType>(kept.size()));
    for (size_t k = 0; k < kept.size(); ++k) {
      preview_coordinates->SetTypedTuple(static_cast<vtkIdType>(k), positions.col(kept[k]).data());
    }
    preview_points->SetData(preview_coordinates);
    preview_->SetPoints(preview_points);
    preview_->SetVerts(vertex_cells(static_cast<vtkIdType>(kept.size())));
  }
  if (selected_) setSelection(selected_, selection_rows_);
  if (highlight_) setHighlight(highlight_);
  if (!marked_.empty()) setMarked(marked_);
  if (!matched_.empty()) setMatched(matched_);
  // The depth range must hold the new points: training frames move them without a re-framing
  // (the camera follows only when they near the edge), and points beyond the far plane vanish.
  renderer_->ResetCameraClippingRange();
  ++positions_version_;
}

void PointCloudScene::setColours(const Eigen::VectorXf& colour_values) {
  const vtkIdType count = positions_.cols();
  colour_values_ = colour_values;
  const auto classes = static_cast<double>(kCategoricalPalette.size());
  auto scalars = vtkSmartPointer<vtkFloatArray>::New();
  scalars->SetName("colour");
  scalars->SetNumberOfValues(count);
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  for (vtkIdType i = 0; i < count; ++i) {
    float value = i < colour_values.size() ? colour_values(i) : NAN;
    if (std::isfinite(value)) {
      low = std::min<double>(low, value);
      high = std::max<double>(high, value);
      // Classes beyond the palette's size reuse its colours in turn.
      if (categorical()) value = static_cast<float>(std::fmod(std::max(0.0f, value), classes));
    }
    scalars->SetValue(i, value);
  }
  if (!std::isfinite(low)) low = 0, high = 1;
  cloud_->GetPointData()->SetScalars(scalars);
  colour_low_ = low;
  colour_high_ = high;
  if (categorical()) {
    // Table index = floor((value - 0) * size / (size - 0)): class k gets entry k exactly.
    auto table = vtkSmartPointer<vtkLookupTable>::New();
    table->SetNumberOfTableValues(static_cast<vtkIdType>(kCategoricalPalette.size()));
    table->SetTableRange(0, classes);
    for (size_t k = 0; k < kCategoricalPalette.size(); ++k) {
      const auto& rgb = kCategoricalPalette[k];
      table->SetTableValue(static_cast<vtkIdType>(k), rgb[0] / 255.0, rgb[1] / 255.0,
                           rgb[2] / 255.0, 1.0);
    }
    table->SetNanColor(0.45, 0.45, 0.45, 1.0);
    cloud_mapper_->SetLookupTable(table);
    cloud_mapper_->SetScalarRange(0, classes);
  } else {
    auto lookup = viridis(low, high);
    lookup->SetNanColor(0.45, 0.45, 0.45);
    cloud_mapper_->SetLookupTable(lookup);
    cloud_mapper_->SetScalarRange(low, high);
  }
  if (preview_->GetNumberOfPoints() > 0) {
    const vtkIdType stride = (count + kPreviewPointLimit - 1) / kPreviewPointLimit;
    auto preview_scalars = vtkSmartPointer<vtkFloatArray>::New();
    preview_scalars->SetNumberOfValues(preview_->GetNumberOfPoints());
    for (vtkIdType k = 0; k < preview_->GetNumberOfPoints(); ++k)
      preview_scalars->SetValue(k, scalars->GetValue(k * stride));
    preview_->GetPointData()->SetScalars(preview_scalars);
  }
  updateHighlightColours();
}

void PointCloudScene::setCategories(std::vector<std::string> names) {
  categories_ = std::move(names);
}

std::vector<int64_t> PointCloudScene::categoryCounts() const {
  std::vector<int64_t> counts(categories_.size() + 1, 0);
  const Eigen::Index count = std::min<Eigen::Index>(colour_values_.size(), positions_.cols());
  for (Eigen::Index i = 0; i < count; ++i) {
    const float value = colour_values_(i);
    const bool known =
        std::isfinite(value) && value >= 0 && value < static_cast<float>(categories_.size());
    ++counts[known ? static_cast<size_t>(value) : categories_.size()];
  }
  return counts;
}

std::array<int, 3> PointCloudScene::categoryColour(int64_t id) {
  return kCategoricalPalette[static_cast<size_t>(id) % kCategoricalPalette.size()];
}

std::array<int, 3> PointCloudScene::selectionColour() const {
  if (categorical()) return dark_ ? std::array{255, 255, 255} : std::array{0, 0, 0};
  return {255, 209, 64};
}

std::array<int, 3> PointCloudScene::hoverColour() const {
  if (categorical()) return dark_ ? std::array{255, 255, 255} : std::array{0, 0, 0};
  return {255, 115, 51};
}

void PointCloudScene::updateHighlightColours() {
  const auto set = [](vtkActor* actor, const std::array<int, 3>& rgb) {
    actor->GetProperty()->SetColor(rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
  };
  set(selection_actor_, selectionColour());
  set(links_actor_, selectionColour());
  set(highlight_actor_, hoverColour());
}

void PointCloudScene::setMatched(const std::vector<int64_t>& rows) {
  matched_ = set_marker_points(positions_, rows, matched_data_);
  matched_actor_->SetVisibility(!matched_.empty());
}

std::array<int, 3> PointCloudScene::colourOf(double value) const {
  double rgb[3];
  viridis(colour_low_, colour_high_)->GetColor(value, rgb);
  return {static_cast<int>(rgb[0] * 255), static_cast<int>(rgb[1] * 255),
          static_cast<int>(rgb[2] * 255)};
}

void PointCloudScene::setMarked(const std::vector<int64_t>& rows) {
  marked_ = set_marker_points(positions_, rows, marked_data_);
  marked_actor_->SetVisibility(!marked_.empty());
}

void PointCloudScene::setFlashed(const std::vector<int64_t>& rows) {
  flashed_actor_->SetVisibility(!set_marker_points(positions_, rows, flashed_data_).empty());
}

void PointCloudScene::setDarkBackground(bool dark) {
  dark_ = dark;
  updateHighlightColours();
  if (dark) {
    renderer_->SetBackground(0.09, 0.10, 0.13);
    renderer_->SetBackground2(0.16, 0.18, 0.23);
  } else {
    renderer_->SetBackground(0.97, 0.97, 0.98);
    renderer_->SetBackground2(0.86, 0.88, 0.92);
  }
}

void PointCloudScene::setInteracting(bool interacting) {
  if (interacting == interacting_ || preview_->GetNumberOfPoints() == 0) return;
  interacting_ = interacting;
  cloud_mapper_->SetInputData(interacting ? preview_.GetPointer() : cloud_.GetPointer());
}

PointCloudScene::CameraState PointCloudScene::cameraState() const {
  vtkCamera* camera = renderer_->GetActiveCamera();
  CameraState state;
  camera->GetPosition(state.position.data());
  camera->GetFocalPoint(state.focal_point.data());
  camera->GetViewUp(state.view_up.data());
  state.view_angle = camera->GetViewAngle();
  state.parallel = camera->GetParallelProjection() != 0;
  state.parallel_scale = camera->GetParallelScale();
  return state;
}

void PointCloudScene::setCameraState(const CameraState& state) {
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->SetPosition(state.position.data());
  camera->SetFocalPoint(state.focal_point.data());
  camera->SetViewUp(state.view_up.data());
  camera->SetViewAngle(state.view_angle);
  camera->SetParallelProjection(state.parallel);
  camera->SetParallelScale(state.parallel_scale);
  renderer_->ResetCameraClippingRange();
}

void PointCloudScene::setParallelTopView(bool parallel, double aspect) {
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->SetParallelProjection(parallel);
  if (parallel) {
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(0, 0, 1);
    camera->SetViewUp(0, 1, 0);
    fitAll(aspect);
  } else {
    resetCamera(aspect);
  }
  renderer_->ResetCameraClippingRange();
}

void PointCloudScene::setHighlight(std::optional<int64_t> point) {
  if (point && (*point < 0 || *point >= positions_.cols())) point.reset();
  highlight_ = point;
  if (!point) {
    highlight_actor_->VisibilityOff();
    return;
  }
  auto points = vtkSmartPointer<vtkPoints>::New();
  const Eigen::Vector3f p = positions_.col(*point);
  points->InsertNextPoint(p.x(), p.y(), p.z());
  highlight_data_->Initialize();
  highlight_data_->SetPoints(points);
  highlight_data_->SetVerts(vertex_cells(1));
  highlight_actor_->VisibilityOn();
}

void PointCloudScene::setPointSize(double pixels) {
  cloud_actor_->GetProperty()->SetPointSize(static_cast<float>(pixels));
  matched_actor_->GetProperty()->SetPointSize(static_cast<float>(pixels * 2.5 + 2));
  highlight_actor_->GetProperty()->SetPointSize(static_cast<float>(pixels * 3 + 2));
  marked_actor_->GetProperty()->SetPointSize(static_cast<float>(pixels * 2.5 + 2));
  selection_actor_->GetProperty()->SetPointSize(static_cast<float>(pixels * 2 + 1));
  links_actor_->GetProperty()->SetLineWidth(static_cast<float>(std::max(2.0, pixels / 2)));
}

void PointCloudScene::focusOn(const std::vector<int64_t>& points) {
  if (points.empty() || points.front() < 0 || points.front() >= positions_.cols()) return;
  const Eigen::Vector3f centre = positions_.col(points.front());
  float radius = 0;
  for (int64_t p : points) {
    if (p >= 0 && p < positions_.cols())
      radius = std::max(radius, (positions_.col(p) - centre).norm());
  }
  if (radius <= 0)
    radius = 0.05f * (positions_.rowwise().maxCoeff() - positions_.rowwise().minCoeff()).norm();
  vtkCamera* camera = renderer_->GetActiveCamera();
  double position[3];
  double focal[3];
  camera->GetPosition(position);
  camera->GetFocalPoint(focal);
  Eigen::Vector3d direction(position[0] - focal[0], position[1] - focal[1], position[2] - focal[2]);
  direction.normalize();
  // Fit a sphere of `radius` (plus a margin for labels) in the camera's view angle.
  const double distance = 1.4 * radius / std::sin(camera->GetViewAngle() * M_PI / 360.0);
  camera->SetFocalPoint(centre.x(), centre.y(), centre.z());
  camera->SetPosition(centre.x() + direction.x() * distance, centre.y() + direction.y() * distance,
                      centre.z() + direction.z() * distance);
  renderer_->ResetCameraClippingRange();
}

void PointCloudScene::fitPoints(const std::vector<int64_t>& points, double aspect, double fill) {
  Eigen::Vector3f low = Eigen::Vector3f::Constant(std::numeric_limits<float>::infinity());
  Eigen::Vector3f high = -low;
  for (int64_t p : points) {
    if (p < 0 || p >= positions_.cols()) continue;
    low = low.cwiseMin(positions_.col(p));
    high = high.cwiseMax(positions_.col(p));
  }
  if (!(low.array() <= high.array()).all()) return;
  if (aspect <= 0) aspect = viewAspect();
  aspect = std::max(aspect, 1e-3);
  fill = std::clamp(fill, 0.05, 1.0);
  const Eigen::Vector3d centre = ((low + high) / 2).cast<double>();
  vtkCamera* camera = renderer_->GetActiveCamera();
  double position[3], focal[3], up[3];
  camera->GetPosition(position);
  camera->GetFocalPoint(focal);
  camera->GetViewUp(up);
  Eigen::Vector3d direction(position[0] - focal[0], position[1] - focal[1], position[2] - focal[2]);
  if (!(direction.norm() > 0)) direction = Eigen::Vector3d::UnitZ();
  direction.normalize();
  Eigen::Vector3d screen_up = Eigen::Vector3d(up[0], up[1], up[2]);
  screen_up = (screen_up - screen_up.dot(direction) * direction);
  if (!(screen_up.norm() > 1e-9)) screen_up = direction.unitOrthogonal();
  screen_up.normalize();
  const Eigen::Vector3d screen_right = screen_up.cross(direction).normalized();
  // Each point's offset from the box's centre along the screen's axes and towards the camera.
  // Parallel: the view's half height must hold max(|y|, |x| / aspect) / fill. Perspective, with
  // the camera at distance d: a point at depth z (towards the camera) is seen at
  // |y| / (d - z) of the half angle's tangent, so d >= z + max(|y|, |x| / aspect) / (tan * fill)
  // for every point: the box's extent alone lets near corners of a long thin cloud run out.
  double half_view = 0, depth_extent = 0;
  const double tangent = std::tan(camera->GetViewAngle() * M_PI / 360.0) * fill;
  double distance = 0;
  for (int64_t p : points) {
    if (p < 0 || p >= positions_.cols()) continue;
    const Eigen::Vector3d offset = positions_.col(p).cast<double>() - centre;
    const double lateral =
        std::max(std::abs(offset.dot(screen_up)), std::abs(offset.dot(screen_right)) / aspect);
    half_view = std::max(half_view, lateral / fill);
    depth_extent = std::max(depth_extent, std::abs(offset.dot(direction)));
    distance = std::max(distance, offset.dot(direction) + lateral / tangent);
  }
  if (!(half_view > 0)) {
    // One point, or all on one place: a view a little wider than the cloud's, or one unit.
    const double span =
        positions_.cols() > 0
            ? double((positions_.rowwise().maxCoeff() - positions_.rowwise().minCoeff()).norm())
            : 0.0;
    half_view = span > 0 ? 0.05 * span : 1.0;
    distance = half_view / tangent;
  }
  // The camera never sits inside the box (the near plane would cut it).
  distance = std::max(distance, 1.05 * depth_extent + 1e-6 * half_view);
  camera->SetFocalPoint(centre.x(), centre.y(), centre.z());
  camera->SetViewUp(screen_up.x(), screen_up.y(), screen_up.z());
  if (camera->GetParallelProjection()) {
    camera->SetParallelScale(half_view);
    distance = std::max(distance, half_view);
  }
  camera->SetPosition(centre.x() + direction.x() * distance, centre.y() + direction.y() * distance,
                      centre.z() + direction.z() * distance);
  renderer_->ResetCameraClippingRange();
}

double PointCloudScene::projectedExtent(double aspect) const {
  if (aspect <= 0) aspect = viewAspect();
  vtkCamera* camera = renderer_->GetActiveCamera();
  double near_far[2];
  camera->GetClippingRange(near_far);
  vtkMatrix4x4* matrix = camera->GetCompositeProjectionTransformMatrix(aspect, -1, 1);
  double extent = 0;
  for (Eigen::Index p = 0; p < positions_.cols(); ++p) {
    const double in[4] = {positions_(0, p), positions_(1, p), positions_(2, p), 1.0};
    double out[4];
    matrix->MultiplyPoint(in, out);
    if (!(out[3] > 0)) return std::numeric_limits<double>::infinity();  // behind the camera
    extent = std::max({extent, std::abs(out[0] / out[3]), std::abs(out[1] / out[3])});
  }
  return extent;
}

double PointCloudScene::viewAspect() const {
  const int* size = renderer_->GetSize();
  return size != nullptr && size[0] > 0 && size[1] > 0 ? double(size[0]) / size[1] : 1.0;
}

void PointCloudScene::fitAll(double aspect) {
  std::vector<int64_t> all(static_cast<size_t>(positions_.cols()));
  std::iota(all.begin(), all.end(), int64_t{0});
  fitPoints(all, aspect, kFitAllFill);
}

void PointCloudScene::resetCamera(double aspect) {
  vtkCamera* camera = renderer_->GetActiveCamera();
  if (camera->GetParallelProjection()) {
    setParallelTopView(true, aspect);
    return;
  }
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(0, 0, 1);
  camera->SetViewUp(0, 1, 0);
  camera->Azimuth(25);
  camera->Elevation(15);
  camera->OrthogonalizeViewUp();
  // The whole cloud's bounding box, whatever its spread (VTK's ResetCamera fits the bounding
  // sphere: a long thin cloud came out cut, a 2-point one empty).
  fitAll(aspect);
}

}  // namespace embscope::ui
