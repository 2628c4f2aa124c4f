#include "view_image.hpp"

#include <QColor>
#include <QPainter>
#include <optional>

#include "explorer_state.hpp"
#include "point_cloud_scene.hpp"
#include "scene_binding.hpp"
#include "view_overlay.hpp"
#include "vtk_view.hpp"

namespace embscope::ui {

void paint_view_overlay(QPainter& painter, ViewOverlay& overlay, SceneBinding& binding) {
  VtkView* view = binding.view();
  overlay.paint(
      painter, QSizeF(view->width(), view->height()), view->font(),
      [&binding](int64_t row) { return binding.screenPosition(row); },
      [view, world_to_clip = view->worldToClip()](float x, float y, float z) {
        const ScreenPoint p = project_to_screen(Eigen::Vector3f(x, y, z), world_to_clip,
                                                view->width(), view->height());
        return p.visible ? std::optional<QPointF>(QPointF(p.x, p.y)) : std::nullopt;
      },
      binding.hovered());
}

QImage render_view_image(SceneBinding& binding, ViewOverlay& overlay, const ExplorerState& state,
                         bool transparent, double scale, double device_pixel_ratio) {
  VtkView* view = binding.view();
  // A transparent background: render once on a flat key colour, then clear the pixels of
  // exactly that colour.
  const QColor key(1, 2, 3);
  vtkRenderer* renderer = view->renderer();
  if (transparent) {
    renderer->GradientBackgroundOff();
    renderer->SetBackground(key.redF(), key.greenF(), key.blueF());
  }
  // The export renders at full resolution (times `scale`), whatever the view's render scale;
  // points keep their on-screen look.
  binding.scene()->setPointSize(state.appearance().point_size * device_pixel_ratio * scale);
  QImage image = view->renderImage(scale);
  binding.applyPointSize();
  if (transparent) {
    renderer->GradientBackgroundOn();
    binding.scene()->setDarkBackground(state.appearance().dark);
    view->update();
    const QRgb key_rgb = key.rgb();
    for (int y = 0; y < image.height(); ++y) {
      auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
      for (int x = 0; x < image.width(); ++x) {
        if ((line[x] | 0xFF000000u) == key_rgb) line[x] = qRgba(0, 0, 0, 0);
      }
    }
  }
  if (image.isNull()) return image;
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  paint_view_overlay(painter, overlay, binding);
  return image;
}

}  // namespace embscope::ui
