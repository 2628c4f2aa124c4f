// The view as a picture: the VTK scene with the 2D overlay (labels, arrows, legends) drawn over
// it, on screen (every frame) and in exported images (at 1, 2 or 4 times the screen resolution,
// optionally on a transparent background). Points keep their on-screen look at any scale.
#pragma once

#include <QImage>
#include <QString>

class QPainter;

namespace embscope::ui {

class ExplorerState;
class SceneBinding;
class ViewOverlay;

// Draws `overlay` over the binding's view, from the camera of the frame being drawn.
void paint_view_overlay(QPainter& painter, ViewOverlay& overlay, SceneBinding& binding);

// Renders the view at `scale` x its size in device pixels (`device_pixel_ratio`), the overlay
// included; `transparent` clears the background. A null image when the view cannot render.
QImage render_view_image(SceneBinding& binding, ViewOverlay& overlay, const ExplorerState& state,
                         bool transparent, double scale, double device_pixel_ratio);

}  // namespace embscope::ui
