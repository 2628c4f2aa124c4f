#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, and runs the whole test suite.
#   ./test.sh                 every test (core, cli, gui)
#   ./test.sh -L core         any ctest arguments are passed on
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
embscope_install_packages
embscope_build "$EMBSCOPE_ROOT/build"

cd "$EMBSCOPE_ROOT/build"
# The 3D view needs a real X server (Qt's offscreen platform cannot host QOpenGLWidget), and
# Debian's VTK is GLX-only: use Xvfb + xcb when no display is available.
export QT_QPA_PLATFORM=xcb
ctest_command=(ctest --output-on-failure --timeout 600 "$@")
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1920x1200x24" "${ctest_command[@]}"
fi
exec "${ctest_command[@]}"
