// The one place that issues GL calls for the VTK-in-Qt bridge. Kept apart from Qt code because
// VTK's GLEW header and Qt's OpenGL headers cannot share a translation unit.
#pragma once

class vtkGenericOpenGLRenderWindow;

namespace embscope::ui {

// Copies VTK's display framebuffer into `target_framebuffer` (Qt's widget FBO, never 0) of
// target_width x target_height pixels (scaled, filtered, when VTK rendered at a lower resolution)
// and sets its alpha to opaque, through vtkOpenGLState so VTK's GL state cache stays consistent.
// Leaves `target_framebuffer` bound.
void blit_to_framebuffer(vtkGenericOpenGLRenderWindow* window, unsigned int target_framebuffer,
                         int target_width, int target_height);

}  // namespace embscope::ui
