// Session files (JSON): what the GUI reads before it touches the view. A session it accepts
// holds only values the window can apply.
#include <QString>
#include <cmath>

#include "fuzz_input.hpp"
#include "session.hpp"

namespace fuzz = embscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("view.embscope.json");
  input.write(data, size);
  QString error;
  const auto session =
      embscope::ui::loadSession(QString::fromStdString(input.path().string()), &error);
  if (!session) {
    fuzz::require(!error.isEmpty(), "a refused session says why");
    return 0;
  }
  fuzz::require(!session->data_path.isEmpty(), "a session names its data");
  fuzz::require(session->neighbours >= 1 && session->neighbours <= 10000, "k in range");
  fuzz::require(session->projection.fit_count >= 1, "fit count positive");
  for (const int component : session->projection.components)
    fuzz::require(component >= 0, "components are 0-based indices");
  fuzz::require(session->appearance.point_size >= 0.5 && session->appearance.point_size <= 100,
                "point size in range");
  if (session->camera) {
    fuzz::require(std::isfinite(session->camera->view_angle) &&
                      std::isfinite(session->camera->parallel_scale),
                  "camera values are numbers");
  }
  return 0;
}
