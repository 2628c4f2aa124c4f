#!/bin/sh
# Packs what bench/gpu/device.sh needs on a bare Linux machine with an NVIDIA driver and nothing
# else (the device machine of this workplace): the interaction benchmark and the GUI, the Qt, VTK
# and X libraries they load, and Xvfb with Mesa (Xvfb's GLX extension needs a software renderer to
# start; the programs render through NVIDIA's GLX library). Two archives, because one would pass
# the 64 MiB a device call may carry: .gpu/part1.tar.xz (Mesa and the LLVM it loads) and
# .gpu/part2.tar.xz (the rest). Run after a Release build:
#   bench/gpu/pack.sh [BUILD_DIR [PART...]]      (PART: part1, part2; default both)
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
parts=${*:-part1 part2}
repo=$(cd "$(dirname "$0")/../.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
multiarch=/usr/lib/x86_64-linux-gnu
plugins=$multiarch/qt6/plugins
programs="$repo/$build/bench/interaction $repo/$build/bench/training_snapshots
          $repo/$build/app/embscope $repo/$build/tests/embscope_gui_tests"
loaded="$plugins/platforms/libqxcb.so $plugins/xcbglintegrations/libqxcb-glx-integration.so
        $plugins/xcbglintegrations/libqxcb-egl-integration.so $multiarch/libGLX_mesa.so.0
        $multiarch/libEGL_mesa.so.0 $multiarch/dri/swrast_dri.so /usr/bin/Xvfb /usr/bin/xkbcomp"

# Every shared library these load, except the C library's own (the target's are newer).
libraries=$(for file in $programs $loaded; do ldd "$file" | awk '/=>/ { print $3 }'; done |
  sort -u | grep -v -E '/(libc|libm|libdl|libpthread|librt|libresolv)\.so|ld-linux')

mkdir -p "$stage/part1/lib" "$stage/part1/dri" "$stage/part2/lib" "$stage/part2/bin" \
  "$stage/part2/plugins/platforms" "$stage/part2/plugins/xcbglintegrations" "$stage/part2/fonts"
for library in $libraries $multiarch/libGLX_mesa.so.0 $multiarch/libEGL_mesa.so.0; do
  case $library in
    *libLLVM* | *libz3*) cp -L "$library" "$stage/part1/lib/" ;;
    *) cp -L "$library" "$stage/part2/lib/" ;;
  esac
done
cp -L $multiarch/dri/swrast_dri.so "$stage/part1/dri/"
cp -L $programs /usr/bin/Xvfb /usr/bin/xkbcomp "$stage/part2/bin/"
cp -L $plugins/platforms/libqxcb.so "$stage/part2/plugins/platforms/"
cp -L $plugins/xcbglintegrations/*.so "$stage/part2/plugins/xcbglintegrations/"
cp -rL /usr/share/X11/xkb "$stage/part2/xkb"
cp -L /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
  /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf "$stage/part2/fonts/"

mkdir -p "$repo/.gpu"
for part in $parts; do
  tar -C "$stage/$part" -cf - . | xz -9 -T0 >"$repo/.gpu/$part.tar.xz.tmp"
  mv "$repo/.gpu/$part.tar.xz.tmp" "$repo/.gpu/$part.tar.xz"
done
ls -l "$repo/.gpu"
