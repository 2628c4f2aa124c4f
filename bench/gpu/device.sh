#!/bin/bash
# Runs on the device machine (a bare Linux with an NVIDIA driver): unpacks the archives that
# bench/gpu/pack.sh made and the call carried in .gpu/ into /opt/embscope-gpu (kept while the
# machine stays warm, so the two parts can come in two calls), and once both are there starts
# Xvfb and runs the GUI's screenshot and the interaction benchmark, first on NVIDIA's GLX library
# (hardware GL) and then on Mesa's llvmpipe on the same machine, for a same-machine comparison.
#   bench/gpu/device.sh [STEP...]      (results under $OUT)
# STEP: screenshot, interaction, snapshots, llvmpipe, training-variants, gui-tests (default: all
# of them).
set -u
steps=" ${*:-screenshot interaction snapshots llvmpipe training-variants gui-tests} "
wanted() { [[ $steps == *" $1 "* ]]; }
gpu=${EMBSCOPE_GPU_DIR:-/opt/embscope-gpu}
out=${OUT:-/tmp/embscope-gpu-out}
mkdir -p "$gpu" "$out"
for archive in .gpu/*.tar.xz; do
  [ -f "$archive" ] || continue
  tar -xJf "$archive" -C "$gpu" && rm -f "$archive" && echo "unpacked $archive"
done
if [ ! -f "$gpu/dri/swrast_dri.so" ] || [ ! -f "$gpu/bin/interaction" ]; then
  echo "only one part is unpacked; run again carrying the other"
  exit 0
fi

nvidia-smi -L
grep PRETTY_NAME /etc/os-release
ldd --version | head -1
echo "cores: $(nproc)"
nvidia_glx=$(find /usr /lib /lib64 /opt -name 'libGLX_nvidia.so.0' 2>/dev/null | head -1)
nvidia_egl=$(find /usr /etc -name '10_nvidia.json' -path '*egl_vendor*' 2>/dev/null | head -1)
echo "NVIDIA GLX: ${nvidia_glx:-none}; EGL vendor file: ${nvidia_egl:-none}"

# Xvfb finds its software renderer, xkbcomp and keymaps only at their Debian paths.
multiarch=/usr/lib/x86_64-linux-gnu
mkdir -p "$multiarch/dri" /usr/share/X11
[ -e "$multiarch/dri/swrast_dri.so" ] || cp "$gpu/dri/swrast_dri.so" "$multiarch/dri/"
[ -e /usr/bin/xkbcomp ] || cp "$gpu/bin/xkbcomp" /usr/bin/
[ -d /usr/share/X11/xkb ] || cp -r "$gpu/xkb" /usr/share/X11/xkb
cat >"$gpu/fonts.conf" <<CONF
<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$gpu/fonts</dir><cachedir>/tmp/fontconfig-cache</cachedir></fontconfig>
CONF

export LD_LIBRARY_PATH="$gpu/lib${nvidia_glx:+:$(dirname "$nvidia_glx")}"
export LIBGL_DRIVERS_PATH="$gpu/dri"
"$gpu/bin/Xvfb" :99 -screen 0 1920x1200x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
for _ in $(seq 100); do [ -e /tmp/.X11-unix/X99 ] && break; sleep 0.1; done
export DISPLAY=:99 QT_QPA_PLATFORM=xcb QT_PLUGIN_PATH="$gpu/plugins"
export FONTCONFIG_FILE="$gpu/fonts.conf" EMBSCOPE_RESOURCE_DIR="$PWD/resources"
export XDG_RUNTIME_DIR=/tmp/xdg-runtime && mkdir -p -m 700 "$XDG_RUNTIME_DIR"

screenshot() {  # vendor, then extra environment
  local vendor=$1
  shift
  env __GLX_VENDOR_LIBRARY_NAME="$vendor" "$@" timeout 60 "$gpu/bin/embscope" --select cat \
    --neighbors 10 --screenshot "$out/cat-$vendor.png" >"$out/cat-$vendor.log" 2>&1
  echo "screenshot on $vendor: exit $?"
  tail -n 5 "$out/cat-$vendor.log"
}
if wanted screenshot; then
  screenshot nvidia
  if [ ! -s "$out/cat-nvidia.png" ] && [ -n "$nvidia_egl" ]; then
    screenshot nvidia QT_XCB_GL_INTEGRATION=xcb_egl __EGL_VENDOR_LIBRARY_FILENAMES="$nvidia_egl"
  fi
fi
if wanted interaction; then
  echo "== interaction, NVIDIA GLX"
  __GLX_VENDOR_LIBRARY_NAME=nvidia timeout 300 "$gpu/bin/interaction" --runs 15 2>&1 |
    tee "$out/interaction-nvidia.txt"
fi
if wanted snapshots; then
  echo "== training snapshots on every core: steps of the default length, then fixed 8,000-position steps"
  "$gpu/bin/training_snapshots" --runs 3 --threads 0
  "$gpu/bin/training_snapshots" --runs 3 --threads 0 --step-ms 0
fi
if wanted llvmpipe; then
  echo "== interaction, Mesa llvmpipe (same machine)"
  __GLX_VENDOR_LIBRARY_NAME=mesa timeout 200 "$gpu/bin/interaction" --runs 7 2>&1 |
    tee "$out/interaction-llvmpipe.txt"
fi
if wanted training-variants; then
  echo "== live training variants, NVIDIA GLX: 40 ms frames; every core for training"
  __GLX_VENDOR_LIBRARY_NAME=nvidia timeout 200 "$gpu/bin/interaction" --training-only \
    --frame-ms 40 2>&1 | tee "$out/training-40ms.txt"
  __GLX_VENDOR_LIBRARY_NAME=nvidia timeout 200 "$gpu/bin/interaction" --training-only \
    --train-threads "$(nproc)" 2>&1 | tee "$out/training-all-cores.txt"
fi
if wanted gui-tests; then
  echo "== GUI tests, NVIDIA GLX"
  __GLX_VENDOR_LIBRARY_NAME=nvidia timeout 200 "$gpu/bin/embscope_gui_tests" 2>&1 |
    grep -E "PASS|FAIL|QINFO|Totals|Loc:|^  [0-9.]+ ms at" | tee "$out/gui-tests-nvidia.txt"
fi
tail -n 20 "$out/xvfb.log"
