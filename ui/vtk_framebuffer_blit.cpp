#include <vtk_glew.h>
// clang-format off
#include "vtk_framebuffer_blit.hpp"
// clang-format on

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkOpenGLState.h>

namespace embscope::ui {

void blit_to_framebuffer(vtkGenericOpenGLRenderWindow* window, unsigned int target_framebuffer,
                         int target_width, int target_height) {
  vtkOpenGLState* state = window->GetState();
  const int* size = window->GetSize();
  state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, target_framebuffer);
  state->vtkglDrawBuffer(GL_COLOR_ATTACHMENT0);
  state->vtkglDisable(GL_SCISSOR_TEST);
  const bool scaled = size[0] != target_width || size[1] != target_height;
  window->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, target_width, target_height,
                                 GL_COLOR_BUFFER_BIT, scaled ? GL_LINEAR : GL_NEAREST);
  // VTK's background alpha is 0; Qt would otherwise compose the view as translucent.
  state->vtkglColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  state->vtkglClearColor(0.0, 0.0, 0.0, 1.0);
  state->vtkglClear(GL_COLOR_BUFFER_BIT);
  state->vtkglColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  state->vtkglBindFramebuffer(GL_FRAMEBUFFER, target_framebuffer);
}

}  // namespace embscope::ui
