#!/usr/bin/env bash
# Installs retrogait's build and test dependencies from Debian 12 packages.
# Idempotent: does nothing when every package is already installed. Uses sudo when not root.
set -euo pipefail

packages=(
  cmake g++ pkg-config make
  libbullet-dev libeigen3-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libbenchmark-dev
  libglfw3-dev libimgui-dev libstb-dev python3-glad libgl-dev fonts-dejavu-core
  xvfb xauth libgl1-mesa-dri libglx-mesa0
  ffmpeg
  coinor-libipopt-dev
  libtinyxml2-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present" >&2
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
