// VtkView: hosts a VTK render window inside a Qt 6 QOpenGLWidget.
//
// Debian's VTK Qt module is built on Qt 5, so embscope hosts VTK itself: the widget owns a
// vtkGenericOpenGLRenderWindow that renders into Qt's context, only inside paintGL(). This is the
// one class that knows about GL contexts, framebuffer blits, device pixel ratios and the
// translation of Qt input events to VTK's interactor (see docs/ARCHITECTURE.md and the pitfalls
// it cites). Call VtkView::prepareProcess() before constructing the QApplication.
#pragma once

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyle.h>
#include <vtkNew.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

#include <Eigen/Core>
#include <QOpenGLWidget>
#include <QPoint>
#include <QString>
#include <functional>
#include <optional>

class QPainter;

namespace embscope::ui {

class VtkView : public QOpenGLWidget {
  Q_OBJECT

 public:
  explicit VtkView(QWidget* parent = nullptr);
  ~VtkView() override;

  // Before QApplication exists: requests an OpenGL 3.2 core, double-buffered RGBA8 surface (what
  // VTK's GLSL 1.50 shaders need), selects the xcb platform when none is set (Debian's VTK is
  // GLX-only) and tunes malloc for software GL.
  static void prepareProcess();

  vtkRenderer* renderer() const;
  vtkGenericOpenGLRenderWindow* renderWindow() const;

  // World -> clip-space matrix of the current camera for this widget's aspect ratio, and the
  // viewport in logical pixels: what the core's PointPicker needs.
  Eigen::Matrix4d worldToClip() const;

  // True on a software rasteriser (Mesa's llvmpipe/softpipe), where every pixel costs CPU time.
  bool softwareGl() const;
  // The GL_RENDERER string of the widget's context (empty before the first frame).
  QString glRenderer() const { return gl_renderer_; }
  // Empty when the GL context is usable; otherwise why nothing is drawn.
  QString glError() const { return gl_error_; }
  // Number of frames VTK has rendered into this widget.
  int framesRendered() const { return frames_rendered_; }

  // Renders VTK at `scale` (0 < scale <= 1) of the widget's device resolution, scaled up to fill
  // it: a cheap frame while the picture is moving (training, dragging) on software GL. Sizes in
  // VTK pixels (points, lines) shrink with it; the caller compensates.
  void setRenderScale(double scale);
  double renderScale() const { return render_scale_; }

  // Renders the scene at `scale` times the widget's device resolution (for 2x / 4x exports),
  // without the overlay; the image's device pixel ratio is set so that a QPainter on it works in
  // the widget's logical pixels. Null when GL is unusable.
  QImage renderImage(double scale);

  // Draws 2D content (labels, hints) over the 3D scene in logical pixels, after every frame.
  void setOverlayPainter(std::function<void(QPainter&)> painter);

  // Schedules a frame: the scene and the overlay over it, composed together. Hides
  // QWidget::update() on purpose: Qt's repaint manager keeps a render-to-texture widget out of
  // the window's dirty region, so QOpenGLWidget::update() alone re-renders the 3D scene and
  // composes it with the overlay pixels of the previous frame (labels lagged a frame behind
  // every wheel zoom, drag and re-projection). Dirtying the overlay too makes the next
  // composition repaint both, the overlay right after paintGL(), in one pass.
  using QOpenGLWidget::update;
  void update();

  // The world -> clip matrix of the camera of the last frame rendered (what the overlay painted
  // over it must project with), and the frame number the overlay was last painted over (equal
  // to framesRendered() when the labels on screen belong to the picture on screen).
  const Eigen::Matrix4d& frameWorldToClip() const { return frame_world_to_clip_; }
  int overlayFrame() const { return overlay_frame_; }
  // Where the pointer is over the view (logical pixels), while it is over the view.
  std::optional<QPoint> pointerPosition() const { return pointer_; }
  // True while a mouse button drags the camera.
  bool dragging() const { return dragged_; }

 signals:
  // Emitted inside paintGL() just before VTK renders: the last moment to change the scene for
  // this frame (the hover highlight follows the camera this way).
  void aboutToRender();
  void frameRendered();
  void cameraChanged();
  void hovered(QPoint position);  // mouse moved with no button held
  void hoverLeft();
  void clicked(QPoint position);  // press and release without a drag
  void doubleClicked(QPoint position);
  void dragStarted();  // the camera is being dragged (large scenes draw a preview meanwhile)
  void dragEnded();

 protected:
  void initializeGL() override;
  void resizeGL(int width, int height) override;
  void paintGL() override;

  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private slots:
  void releaseGL();

 private:
  class Overlay;
  void forwardPointer(QMouseEvent* event);
  void cleanupGL();

  vtkNew<vtkGenericOpenGLRenderWindow> render_window_;
  vtkNew<vtkRenderer> renderer_;
  vtkNew<vtkGenericRenderWindowInteractor> interactor_;
  vtkSmartPointer<vtkInteractorStyle> style_;
  std::function<void(QPainter&)> overlay_painter_;
  QString gl_error_;
  QPoint press_position_;
  bool dragged_ = false;
  bool in_paint_ = false;
  Overlay* overlay_ = nullptr;
  int frames_rendered_ = 0;
  int overlay_frame_ = -1;
  Eigen::Matrix4d frame_world_to_clip_ = Eigen::Matrix4d::Identity();
  std::optional<QPoint> pointer_;
  double render_scale_ = 1.0;
  QString gl_renderer_;
  // Widget pixels -> VTK's render-window pixels.
  double vtkPixelsPerLogicalPixel() const { return devicePixelRatioF() * render_scale_; }
};

}  // namespace embscope::ui
