#!/usr/bin/env bash
# The main job: install dependencies (Debian packages), build, and show forward vs backward walking.
# With a display it opens the viewer on the forward-vs-backward lesson; without one it prints the
# headless comparison table.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
viewer=build/release/retrogait-viewer
preset=assets/presets/compare_forward_backward_level.json
if [[ -n ${DISPLAY:-} && -x $viewer && -f $preset ]]; then
  exec "$viewer" --scenario "$preset"
fi
[[ -z ${DISPLAY:-} ]] && echo "(no display: printing the headless comparison instead of opening the viewer)" >&2
exec build/release/retrogait compare --speed 1.2 --inclines 0,10 --duration 20
