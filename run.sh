#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, and opens embscope.
#   ./run.sh                 the embedded default data set (GloVe 6B 100d, 50,000 words)
#   ./run.sh FILE            any vector file
#   ./run.sh --screenshot OUT.png [--size 1280x800]   render the first frame to a PNG and exit
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
embscope_install_packages
embscope_build "$EMBSCOPE_ROOT/build"

binary="$EMBSCOPE_ROOT/build/app/embscope"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # No display (a server, CI, ssh): run under a virtual X server so --screenshot still works.
  exec xvfb-run -a -s "-screen 0 1920x1200x24" "$binary" "$@"
fi
exec "$binary" "$@"
