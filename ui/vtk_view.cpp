#include "vtk_view.hpp"

#include <malloc.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkMatrix4x4.h>
#include <vtkUnsignedCharArray.h>

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QPainter>
#include <QSurfaceFormat>
#include <QWheelEvent>
#include <algorithm>
#include <cstring>
#include <optional>

#include "vtk_framebuffer_blit.hpp"

namespace embscope::ui {
namespace {

constexpr int kDragThresholdPixels = 4;

// VTK's event for pressing or releasing a Qt mouse button (none for other buttons).
std::optional<unsigned long> button_event(Qt::MouseButton button, bool press) {
  switch (button) {
    case Qt::LeftButton:
      return press ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
    case Qt::MiddleButton:
      return press ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
    case Qt::RightButton:
      return press ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
    default:
      return std::nullopt;
  }
}

}  // namespace

// The overlay is a transparent child widget painted by the raster engine. QPainter inside
// paintGL, after VTK has rendered, drew nothing here (VTK leaves GL state that Qt's GL paint
// engine does not reset), and a raster overlay is independent of the GL driver.
class VtkView::Overlay : public QWidget {
 public:
  explicit Overlay(VtkView* view) : QWidget(view), view_(view) {
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setAttribute(Qt::WA_TranslucentBackground);
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    // The frame this paint belongs to: in the composition after a frame, paintGL() ran first.
    view_->overlay_frame_ = view_->frames_rendered_;
    if (!view_->overlay_painter_) return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    view_->overlay_painter_(painter);
  }

 private:
  VtkView* view_;
};

void VtkView::prepareProcess() {
  // Mesa's software rasteriser allocates and frees large buffers every frame; with glibc's
  // default thresholds each is an mmap/munmap pair and page faults dominate the frame time
  // (2-3x slower frames measured on llvmpipe). Keep such blocks on the heap instead.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's maximum on 64-bit
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  // Qt's Wayland platform goes through EGL, for which Debian's GLEW (and so VTK) is not built.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "xcb");

  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  format.setRedBufferSize(8);
  format.setGreenBufferSize(8);
  format.setBlueBufferSize(8);
  format.setAlphaBufferSize(8);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(0);
  format.setSamples(0);
  QSurfaceFormat::setDefaultFormat(format);
}

VtkView::VtkView(QWidget* parent) : QOpenGLWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(200, 150);
  overlay_ = new Overlay(this);

  render_window_->SetReadyForRendering(false);  // until initializeGL has a context for it
  render_window_->SetFrameBlitModeToNoBlit();   // paintGL blits into Qt's FBO itself
  render_window_->AddRenderer(renderer_);
  render_window_->SetInteractor(interactor_);
  interactor_->EnableRenderOff();  // VTK renders only in paintGL; events just call update()

  auto style = vtkSmartPointer<vtkInteractorStyleTrackballCamera>::New();
  style_ = style;
  interactor_->SetInteractorStyle(style_);

  // VTK asks the host to make its context current, and whether it is current. Without the
  // IsCurrent answer VTK silently skips every render (black view).
  auto make_current = vtkSmartPointer<vtkCallbackCommand>::New();
  make_current->SetClientData(this);
  make_current->SetCallback([](vtkObject*, unsigned long, void* client, void*) {
    auto* view = static_cast<VtkView*>(client);
    // QOpenGLWidget::makeCurrent also rebinds Qt's FBO, which breaks a render in progress.
    if (view->context() != nullptr && QOpenGLContext::currentContext() != view->context()) {
      view->makeCurrent();
    }
  });
  render_window_->AddObserver(vtkCommand::WindowMakeCurrentEvent, make_current);

  auto is_current = vtkSmartPointer<vtkCallbackCommand>::New();
  is_current->SetClientData(this);
  is_current->SetCallback([](vtkObject*, unsigned long, void* client, void* call_data) {
    auto* view = static_cast<VtkView*>(client);
    *static_cast<bool*>(call_data) =
        view->context() != nullptr && QOpenGLContext::currentContext() == view->context();
  });
  render_window_->AddObserver(vtkCommand::WindowIsCurrentEvent, is_current);

  auto frame = vtkSmartPointer<vtkCallbackCommand>::New();
  frame->SetClientData(this);
  frame->SetCallback([](vtkObject*, unsigned long, void* client, void*) {
    auto* view = static_cast<VtkView*>(client);
    // A render outside paintGL (a hardware pick, say) must still reach the screen; a render
    // inside paintGL must not schedule another one, or the view repaints forever.
    if (!view->in_paint_ && view->render_window_->GetSwapBuffers() != 0) view->update();
  });
  render_window_->AddObserver(vtkCommand::WindowFrameEvent, frame);
}

VtkView::~VtkView() {
  // ~QOpenGLWidget destroys the context after our members are gone: do not get called back.
  if (context() != nullptr) disconnect(context(), nullptr, this, nullptr);
  makeCurrent();
  cleanupGL();
  doneCurrent();
}

vtkRenderer* VtkView::renderer() const {
  return renderer_.Get();
}
vtkGenericOpenGLRenderWindow* VtkView::renderWindow() const {
  return render_window_.Get();
}

void VtkView::setOverlayPainter(std::function<void(QPainter&)> painter) {
  overlay_painter_ = std::move(painter);
  overlay_->update();
}

void VtkView::update() {
  QOpenGLWidget::update();
  overlay_->update();
}

void VtkView::resizeEvent(QResizeEvent* event) {
  QOpenGLWidget::resizeEvent(event);
  overlay_->setGeometry(rect());
}

bool VtkView::softwareGl() const {
  return gl_renderer_.contains("llvmpipe") || gl_renderer_.contains("softpipe") ||
         gl_renderer_.contains("Software", Qt::CaseInsensitive);
}

void VtkView::initializeGL() {
  const QSurfaceFormat format = context()->format();
  if (format.version() < qMakePair(3, 2)) {
    gl_error_ = QStringLiteral("OpenGL 3.2 core is required, but this display offers %1.%2.")
                    .arg(format.majorVersion())
                    .arg(format.minorVersion());
    return;
  }
  gl_error_.clear();
  const auto* renderer =
      reinterpret_cast<const char*>(context()->functions()->glGetString(GL_RENDERER));
  gl_renderer_ = renderer ? QString::fromLatin1(renderer) : QString();
  render_window_->SetOwnContext(false);  // Qt owns the context; VTK must not create or swap it
  render_window_->SetReadyForRendering(true);
  render_window_->OpenGLInitContext();
  interactor_->Initialize();
  // Docking or re-parenting destroys the context; VTK must drop its GL resources first.
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkView::releaseGL,
          Qt::UniqueConnection);
}

void VtkView::releaseGL() {
  makeCurrent();
  cleanupGL();
  doneCurrent();
}

void VtkView::cleanupGL() {
  render_window_->Finalize();
  render_window_->SetReadyForRendering(false);
}

void VtkView::resizeGL(int width, int height) {
  const double ratio = vtkPixelsPerLogicalPixel();
  const int device_width = std::max(1, static_cast<int>(width * ratio));
  const int device_height = std::max(1, static_cast<int>(height * ratio));
  interactor_->UpdateSize(device_width, device_height);
  render_window_->SetSize(device_width, device_height);
  render_window_->SetDPI(static_cast<int>(72 * ratio));
  emit cameraChanged();
}

void VtkView::paintGL() {
  if (!gl_error_.isEmpty()) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(40, 40, 40));
    painter.setPen(Qt::white);
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, gl_error_);
    return;
  }
  in_paint_ = true;
  emit aboutToRender();
  render_window_->Render();
  frame_world_to_clip_ = worldToClip();
  in_paint_ = false;
  blit_to_framebuffer(render_window_, defaultFramebufferObject(),
                      static_cast<int>(width() * devicePixelRatioF()),
                      static_cast<int>(height() * devicePixelRatioF()));
  ++frames_rendered_;
  // No overlay_->update() here: update() dirtied the overlay with the view, so this
  // composition paints it right after this. Asking again from inside the paint scheduled a
  // second composition of the whole window for every frame (found by the GUI test's event
  // trace: 15-25 ms more per frame on software GL).
  emit frameRendered();
}

QImage VtkView::renderImage(double scale) {
  if (!gl_error_.isEmpty() || !isValid()) return {};
  const double ratio = devicePixelRatioF();
  const int image_width = static_cast<int>(width() * ratio * scale);
  const int image_height = static_cast<int>(height() * ratio * scale);
  makeCurrent();
  render_window_->SetSize(image_width, image_height);
  render_window_->Render();
  vtkNew<vtkUnsignedCharArray> pixels;
  render_window_->GetRGBACharPixelData(0, 0, image_width - 1, image_height - 1, 0, pixels);
  QImage image(image_width, image_height, QImage::Format_RGBA8888);
  for (int y = 0; y < image_height; ++y) {
    // GL rows run bottom-up.
    std::memcpy(image.scanLine(image_height - 1 - y),
                pixels->GetPointer(static_cast<vtkIdType>(y) * image_width * 4),
                static_cast<size_t>(image_width) * 4);
  }
  render_window_->SetSize(std::max(1, static_cast<int>(width() * ratio * render_scale_)),
                          std::max(1, static_cast<int>(height() * ratio * render_scale_)));
  doneCurrent();
  update();
  image = image.convertToFormat(QImage::Format_ARGB32);
  image.setDevicePixelRatio(ratio * scale);
  return image;
}

void VtkView::setRenderScale(double scale) {
  scale = std::clamp(scale, 0.1, 1.0);
  if (scale == render_scale_) return;
  render_scale_ = scale;
  resizeGL(width(), height());
  update();
}

Eigen::Matrix4d VtkView::worldToClip() const {
  vtkCamera* camera = renderer_->GetActiveCamera();
  const double aspect = height() > 0 ? static_cast<double>(width()) / height() : 1.0;
  vtkMatrix4x4* matrix = camera->GetCompositeProjectionTransformMatrix(aspect, -1, 1);
  Eigen::Matrix4d result;
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) result(r, c) = matrix->GetElement(r, c);
  }
  return result;
}

void VtkView::forwardPointer(QMouseEvent* event) {
  const double ratio = vtkPixelsPerLogicalPixel();
  const QPointF p = event->position();
  pointer_ = p.toPoint();
  interactor_->SetEventInformationFlipY(static_cast<int>(p.x() * ratio),
                                        static_cast<int>(p.y() * ratio),
                                        (event->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                        (event->modifiers() & Qt::ShiftModifier) ? 1 : 0);
  interactor_->SetAltKey((event->modifiers() & Qt::AltModifier) ? 1 : 0);
}

void VtkView::mousePressEvent(QMouseEvent* event) {
  forwardPointer(event);
  press_position_ = event->position().toPoint();
  dragged_ = false;
  if (const auto id = button_event(event->button(), true)) interactor_->InvokeEvent(*id, event);
  update();
}

void VtkView::mouseMoveEvent(QMouseEvent* event) {
  forwardPointer(event);
  if (event->buttons() == Qt::NoButton) {
    emit hovered(event->position().toPoint());
    return;
  }
  if (!dragged_ &&
      (event->position().toPoint() - press_position_).manhattanLength() > kDragThresholdPixels) {
    dragged_ = true;
    emit dragStarted();
  }
  interactor_->InvokeEvent(vtkCommand::MouseMoveEvent, event);
  emit cameraChanged();
  update();
}

void VtkView::mouseReleaseEvent(QMouseEvent* event) {
  forwardPointer(event);
  if (const auto id = button_event(event->button(), false)) interactor_->InvokeEvent(*id, event);
  if (!dragged_ && event->button() == Qt::LeftButton) emit clicked(event->position().toPoint());
  if (dragged_) emit dragEnded();
  dragged_ = false;
  emit cameraChanged();
  update();
}

void VtkView::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) emit doubleClicked(event->position().toPoint());
}

void VtkView::wheelEvent(QWheelEvent* event) {
  const double ratio = vtkPixelsPerLogicalPixel();
  const QPointF p = event->position();
  pointer_ = p.toPoint();
  interactor_->SetEventInformationFlipY(static_cast<int>(p.x() * ratio),
                                        static_cast<int>(p.y() * ratio),
                                        (event->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                        (event->modifiers() & Qt::ShiftModifier) ? 1 : 0);
  const int delta = event->angleDelta().y();
  if (delta > 0) {
    interactor_->InvokeEvent(vtkCommand::MouseWheelForwardEvent, event);
  } else if (delta < 0) {
    interactor_->InvokeEvent(vtkCommand::MouseWheelBackwardEvent, event);
  }
  emit cameraChanged();
  update();
}

void VtkView::leaveEvent(QEvent* event) {
  QOpenGLWidget::leaveEvent(event);
  pointer_.reset();
  emit hoverLeft();
}

}  // namespace embscope::ui
