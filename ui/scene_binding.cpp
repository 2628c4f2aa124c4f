#include "scene_binding.hpp"

#include <QCoreApplication>
#include <QEvent>
#include <QFocusEvent>
#include <QMouseEvent>
#include <utility>

#include "explorer_state.hpp"
#include "point_cloud_scene.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {

SceneBinding::SceneBinding(ExplorerState& state, VtkView* view, QObject* parent)
    : QObject(parent),
      state_(state),
      view_(view),
      scene_(std::make_unique<PointCloudScene>(view->renderer())) {
  connect(view_, &VtkView::cameraChanged, this, [this] { picker_dirty_ = true; });
  connect(view_, &VtkView::hovered, this, &SceneBinding::updateHover);
  connect(view_, &VtkView::aboutToRender, this, &SceneBinding::refreshHover);
  // Qt gives the focus before it delivers the press: the filter sees which click took it. An
  // application filter, as the view's own filters (VTK's) may take its focus events first.
  qApp->installEventFilter(this);
  connect(view_, &VtkView::clicked, this, [this](QPoint position) {
    const bool focus_click = std::exchange(focus_click_, false);
    if (!state_.dataset()) return;
    const auto row = rowAt(position);
    // A click on empty space that only brought the focus back to the view (from the search box,
    // say) keeps the selection: the next one clears it.
    if (!row && focus_click) return;
    emit rowClicked(row);
  });
  connect(view_, &VtkView::doubleClicked, this, [this](QPoint position) {
    if (!state_.dataset()) return;
    if (const auto row = rowAt(position)) emit rowDoubleClicked(*row);
  });
  connect(view_, &VtkView::dragStarted, this, [this] {
    focus_click_ = false;
    scene_->setInteracting(true);
    dragging_ = true;
    updateRenderScale();
  });
  connect(view_, &VtkView::dragEnded, this, [this] {
    scene_->setInteracting(false);
    dragging_ = false;
    updateRenderScale();
    view_->update();
  });
  connect(view_, &VtkView::hoverLeft, this, [this] {
    if (!hovered_) return;
    setHovered(std::nullopt);
    view_->update();
  });
  // The state drives the scene: a new data set, new positions or colours, the selection,
  // isolation and the marked rows each redraw what they change.
  connect(&state_, &ExplorerState::datasetChanged, this, [this](bool reset) {
    if (reset) showDataset();
  });
  connect(&state_, &ExplorerState::layoutChanged, this, [this] {
    if (!state_.isolated()) scene_->setPositions(state_.positions());
    update();
  });
  connect(&state_, &ExplorerState::coloursChanged, this, [this] {
    scene_->setCategories(state_.categories());
    if (!state_.isolated()) scene_->setColours(state_.colours());
    update();
  });
  for (const auto change : {&ExplorerState::selectionChanged, &ExplorerState::isolationChanged,
                            &ExplorerState::marksChanged}) {
    connect(&state_, change, this, &SceneBinding::update);
  }
  // Overlays are drawn over the scene: a change repaints it.
  connect(&state_, &ExplorerState::overlaysChanged, view_, [this] {
    scene_->setFlashed(state_.sceneIndicesOf(state_.flashed()));
    view_->update();
  });
}

SceneBinding::~SceneBinding() = default;

bool SceneBinding::eventFilter(QObject* watched, QEvent* event) {
  if (watched == view_) {
    // A left click that follows a FocusIn of this kind is the click that took the focus.
    if (event->type() == QEvent::FocusIn &&
        static_cast<QFocusEvent*>(event)->reason() == Qt::MouseFocusReason) {
      focus_click_ = true;
    } else if (event->type() == QEvent::MouseButtonPress &&
               static_cast<QMouseEvent*>(event)->button() != Qt::LeftButton) {
      focus_click_ = false;
    }
  }
  return QObject::eventFilter(watched, event);
}

void SceneBinding::showDataset() {
  applyPointSize();
  scene_->setCategories({});
  scene_->setFlashed({});  // the rows the last training step of another run changed
  setHovered(std::nullopt);
  scene_->setPoints(state_.positions(), state_.colours());
  scene_->setParallelTopView(false);
  scene_->resetCamera();
  picker_dirty_ = true;
  update();
}

void SceneBinding::update() {
  if (!state_.dataset()) return;
  const Positions3D& positions = state_.scenePositions();
  if (state_.isolated()) {
    scene_->setPoints(positions, state_.sceneColours());
  } else if (scene_->positions().cols() != positions.cols() || scene_->positions() != positions) {
    scene_->setPoints(positions, state_.colours());
  }
  std::vector<int64_t> neighbour_points;
  for (const ScoredWord& n : state_.neighbours()) {
    if (const auto index = state_.sceneIndexOf(n.index)) neighbour_points.push_back(*index);
  }
  const auto focus = state_.focusRow();
  scene_->setSelection(focus ? state_.sceneIndexOf(*focus) : std::nullopt, neighbour_points);
  scene_->setMarked(state_.sceneIndicesOf(state_.lookedUp()));
  scene_->setMatched(state_.sceneIndicesOf(state_.searchMatches()));
  hovered_.reset();
  scene_->setHighlight(std::nullopt);
  picker_dirty_ = true;
  view_->update();
}

void SceneBinding::ensurePicker() {
  if (!state_.dataset()) return;
  const Eigen::Matrix4d matrix = view_->worldToClip();
  const QSize size = view_->size();
  if (!picker_dirty_ && matrix == picker_matrix_ && size == picker_size_ &&
      scene_->positionsVersion() == picker_positions_) {
    return;
  }
  picker_.update(scene_->positions(), matrix, size.width(), size.height());
  picker_matrix_ = matrix;
  picker_size_ = size;
  picker_positions_ = scene_->positionsVersion();
  picker_dirty_ = false;
}

const std::vector<ScreenPoint>& SceneBinding::screenPoints() {
  ensurePicker();
  return picker_.screen_points();
}

std::optional<int64_t> SceneBinding::rowAt(QPoint position) {
  if (!state_.dataset()) return std::nullopt;
  ensurePicker();
  const auto hit = picker_.pick(position.x(), position.y(), kPickRadiusPixels);
  return hit ? std::optional<int64_t>(state_.rowOf(*hit)) : std::nullopt;
}

std::optional<QPointF> SceneBinding::screenPosition(int64_t row) {
  ensurePicker();
  const auto index = state_.sceneIndexOf(row);
  const auto& screen = picker_.screen_points();
  if (!index || *index < 0 || *index >= static_cast<int64_t>(screen.size())) return std::nullopt;
  const ScreenPoint& p = screen[static_cast<size_t>(*index)];
  if (!p.visible) return std::nullopt;
  return QPointF(p.x, p.y);
}

void SceneBinding::setHovered(std::optional<int64_t> scene_index) {
  const std::optional<int64_t> row =
      scene_index ? std::optional<int64_t>(state_.rowOf(*scene_index)) : std::nullopt;
  hovered_ = row;
  scene_->setHighlight(scene_index);
  emit hoverChanged(row);
}

void SceneBinding::updateHover(QPoint position) {
  if (!state_.dataset()) return;
  ensurePicker();
  const std::optional<int64_t> hit = picker_.pick(position.x(), position.y(), kPickRadiusPixels);
  const std::optional<int64_t> row =
      hit ? std::optional<int64_t>(state_.rowOf(*hit)) : std::nullopt;
  if (row == hovered_) return;
  setHovered(hit);
  view_->update();
}

void SceneBinding::refreshHover() {
  if (!state_.dataset()) return;
  const std::optional<QPoint> pointer = view_->pointerPosition();
  // While a drag turns the camera the hovered word stays (its box follows its point); the drag's
  // end, a wheel step or new points pick again under the pointer.
  if (!pointer || view_->dragging()) return;
  ensurePicker();
  const std::optional<int64_t> hit = picker_.pick(pointer->x(), pointer->y(), kPickRadiusPixels);
  const std::optional<int64_t> row =
      hit ? std::optional<int64_t>(state_.rowOf(*hit)) : std::nullopt;
  if (row == hovered_ && scene_->highlight() == hit) return;
  // Inside paintGL(): the highlight actor changes before VTK renders this frame; the status
  // bar's text changes with it (its own small repaint).
  setHovered(hit);
}

void SceneBinding::resetCamera() {
  scene_->resetCamera();
  picker_dirty_ = true;
  view_->update();
}

void SceneBinding::fitAll() {
  scene_->fitAll();
  picker_dirty_ = true;
  view_->update();
}

void SceneBinding::focusOnRows(const std::vector<int64_t>& rows) {
  scene_->focusOn(state_.sceneIndicesOf(rows));
  picker_dirty_ = true;
  view_->update();
}

void SceneBinding::fitRows(const std::vector<int64_t>& rows) {
  const double aspect = view_->height() > 0 ? double(view_->width()) / view_->height() : 1.0;
  scene_->fitPoints(state_.sceneIndicesOf(rows), aspect);
  picker_dirty_ = true;
  view_->update();
}

void SceneBinding::setFlatView(bool flat) {
  scene_->setParallelTopView(flat);
  picker_dirty_ = true;
  view_->update();
}

void SceneBinding::applyPointSize(double extra_scale) {
  scene_->setPointSize(state_.appearance().point_size * view_->devicePixelRatioF() *
                       view_->renderScale() * extra_scale);
}

void SceneBinding::setMoving(bool training_playing) {
  training_playing_ = training_playing;
  updateRenderScale();
}

void SceneBinding::updateRenderScale() {
  const bool moving = dragging_ || training_playing_;
  const double scale = moving && view_->softwareGl() ? 0.5 : 1.0;
  if (scale == view_->renderScale()) return;
  view_->setRenderScale(scale);
  applyPointSize();
  view_->update();
}

}  // namespace embscope::ui
