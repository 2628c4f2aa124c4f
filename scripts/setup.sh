#!/usr/bin/env bash
# Shared set-up for ./run.sh and ./test.sh: install the Debian packages that are missing, then
# configure and build embscope (Release) into build/. Sourced, not executed.
#
# Everything the build, the app and the tests need is listed here: CI runs on a fresh Debian 12
# machine, so nothing may rely on a package installed by hand.

EMBSCOPE_PACKAGES=(
  cmake ninja-build g++
  libeigen3-dev zlib1g-dev
  qt6-base-dev libqt6opengl6-dev libqt6openglwidgets6 qt6-charts-dev
  libvtk9-dev
  libgtest-dev nlohmann-json3-dev libfast-float-dev libhnswlib-dev libutf8proc-dev libcli11-dev
  xvfb xauth libgl1-mesa-dri
)

embscope_missing_packages() {
  local package
  for package in "${EMBSCOPE_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      printf '%s\n' "$package"
    fi
  done
}

embscope_install_packages() {
  local missing
  mapfile -t missing < <(embscope_missing_packages)
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "embscope: missing packages (${missing[*]}) and no sudo to install them." >&2
      echo "Install them as root: apt-get install ${missing[*]}" >&2
      return 1
    fi
    sudo=(sudo)
  fi
  echo "embscope: installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
}

# embscope_build BUILD_DIR [extra cmake arguments...]
embscope_build() {
  local build_dir=$1
  shift
  cmake -S "$EMBSCOPE_ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
  cmake --build "$build_dir" --parallel "$(nproc)"
}

EMBSCOPE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
