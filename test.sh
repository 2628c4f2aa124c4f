#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, and runs the whole test suite.
#   ./test.sh                 every test (core, cli, gui)
#   ./test.sh -L core         any ctest arguments are passed on
#   ./test.sh --sanitize      AddressSanitizer + UBSan build (build-sanitize/) of the core and
#                             CLI, running their tests (labels core and cli); any report fails
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
embscope_install_packages

if [ "${1:-}" = "--sanitize" ]; then
  shift
  embscope_build "$EMBSCOPE_ROOT/build-sanitize" -DEMBSCOPE_SANITIZE=ON -DEMBSCOPE_BUILD_GUI=OFF \
    -DEMBSCOPE_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
  cd "$EMBSCOPE_ROOT/build-sanitize"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  exec ctest --output-on-failure --timeout 900 -L "core|cli" -E "install_layout|linkage" "$@"
fi

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
