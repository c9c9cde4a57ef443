#!/usr/bin/env bash
# Renders every viewer preset under Xvfb and checks the images; then checks that switching an
# overlay on changes the pixels where that overlay is drawn (and almost nowhere else).
#
#   screenshot_test.sh VIEWER IMAGE_CHECK PRESET_DIR OUT_DIR
#
# Exit 77 (CTest: skipped) when xvfb-run is not installed.
set -euo pipefail

viewer=$1 check=$2 presets=$3 out=$4
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIPPED: xvfb-run not found (Debian packages xvfb and xauth); the viewer screenshot test needs it"
  exit 77
fi
mkdir -p "$out"
W=1280 H=720
run() {  # run ARGS... : the viewer under a fresh virtual display
  xvfb-run -a -s "-screen 0 ${W}x${H}x24" "$viewer" --width $W --height $H "$@"
}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 1. Every preset renders a non-trivial image.
shopt -s nullglob
files=("$presets"/*.json)
if ((${#files[@]} == 0)); then
  fail "no presets in $presets"
fi
for preset in "${files[@]}"; do
  name=$(basename "$preset" .json)
  png="$out/$name.png"
  rm -f "$png"
  if ! run --scenario "$preset" --screenshot "$png" --frames 90 --dump-layout "$out/$name.layout.json"; then
    fail "$name: the viewer exited with an error"
    continue
  fi
  "$check" nontrivial "$png" $W $H 800 "$out/$name.layout.json" || fail "$name: image check"
done

# 2. Overlays change the pixels where they are drawn. Panels hidden so only the 3D view
#    differs; 20 frames (0.33 s) so the right foot is in stance and loaded (and the muscle-load
#    estimator has analysed steps: muscles coloured by activation, joint contact rings).
base="$presets/forward_level.json"
common=(--scenario "$base" --frames 20 --hide-ui)
run "${common[@]}" --overlays bodies,labels --screenshot "$out/overlay_off.png" || fail "overlay baseline"
for overlay in grf com muscles joint_contact joint_moments; do
  case $overlay in  # the kinds of primitive each overlay draws (labels and legends included)
    grf) tag=grf+center_of_pressure ;;
    com) tag=com+com_projection ;;
    muscles) tag=muscle ;;
    joint_contact) tag=joint_contact ;;
    joint_moments) tag=joint_moment ;;
  esac
  run "${common[@]}" --overlays "bodies,$overlay,labels" --screenshot "$out/overlay_$overlay.png" \
      --dump-layout "$out/overlay_$overlay.layout.json" || { fail "$overlay: viewer"; continue; }
  # Labels belong to their overlay (same tag), so the boxes include them.
  "$check" diff "$out/overlay_off.png" "$out/overlay_$overlay.png" \
      "$out/overlay_$overlay.layout.json" "$tag" || fail "$overlay: pixels"
done

# 3. A missing display is reported clearly with a non-zero exit.
set +e
msg=$(env -u DISPLAY -u WAYLAND_DISPLAY "$viewer" --screenshot "$out/none.png" 2>&1)
code=$?
set -e
if ((code == 0)); then
  fail "no display: exit code 0"
elif ! grep -q "cannot open a display" <<<"$msg"; then
  fail "no display: unclear message: $msg"
fi

if ((failures > 0)); then
  echo "$failures check(s) failed; images in $out"
  exit 1
fi
echo "all viewer screenshot checks passed; images in $out"
