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
# Equal achieved speed (1.0 m/s, each direction's command calibrated to it), level and 10 % uphill.
exec build/release/retrogait compare --speed 1.0 --inclines 0,10 --duration 20
