#!/usr/bin/env bash
# Records the viewer under Xvfb (--record with ffmpeg, --record-png) and checks the results with
# ffprobe: codec, size (odd windows padded to even), frame rate, duration and frame count; a
# video frame against the screenshot of the same simulated instant (same picture, not upside
# down); and the errors: ffmpeg missing, an output that cannot be written, bad options, ffmpeg
# failing mid-way (no half-written video left behind).
#
#   record_test.sh VIEWER IMAGE_CHECK PRESET_DIR OUT_DIR
#
# Exit 77 (CTest: skipped) when xvfb-run, ffmpeg or ffprobe is not installed.
set -euo pipefail

viewer=$1 check=$2 presets=$3 out=$4
for tool in xvfb-run ffmpeg ffprobe; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "SKIPPED: $tool not found (Debian packages xvfb, xauth and ffmpeg); the viewer record test needs it"
    exit 77
  fi
done
rm -rf "$out"
mkdir -p "$out"
W=1280 H=720
preset="$presets/compare_forward_backward_level.json"
run() {  # run ARGS... : the viewer under a fresh virtual display
  xvfb-run -a -s "-screen 0 ${W}x${H}x24" "$viewer" "$@"
}
probe() {  # probe FILE ENTRY : one value of the first video stream or of the format
  ffprobe -v error -select_streams v:0 -count_frames -show_entries "$2" -of default=nw=1:nk=1 "$1"
}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect() {  # expect WHAT ACTUAL EXPECTED
  if [[ "$2" != "$3" ]]; then fail "$1: $2 (expected $3)"; else echo "ok: $1 = $2"; fi
}
# expect_error NAME CODE PATTERN ARGS...: the viewer, without a display (so the error must come
# before a window opens), exits CODE with a message matching PATTERN.
expect_error() {
  local name=$1 want=$2 pattern=$3
  shift 3
  set +e
  msg=$("$@" 2>&1)
  code=$?
  set -e
  if ((code != want)); then
    fail "$name: exit code $code (expected $want): $msg"
  elif ! grep -qE -- "$pattern" <<<"$msg"; then
    fail "$name: message does not match '$pattern': $msg"
  else
    echo "ok: $name (exit $code): $(head -n 1 <<<"$msg")"
  fi
}
no_leftovers() {  # no_leftovers DIR WHAT: no temporary video is left in DIR
  local left
  left=$(find "$1" -maxdepth 1 -name '*.tmp-*' | head -n 3)
  [[ -z "$left" ]] || fail "$2: temporary files left: $left"
}

# 1. Errors that are reported before a window opens (no display at all).
nodisplay=(env -u DISPLAY -u WAYLAND_DISPLAY)
expect_error "ffmpeg missing" 2 "ffmpeg.*apt-get install ffmpeg" \
  "${nodisplay[@]}" PATH=/nonexistent "$viewer" --record "$out/x.mp4"
expect_error "missing directory" 1 "$out/no-such-dir/x.mp4" \
  "${nodisplay[@]}" "$viewer" --record "$out/no-such-dir/x.mp4"
if [[ $(id -u) != 0 ]]; then  # root may write anywhere
  mkdir -p "$out/read-only" && chmod 555 "$out/read-only"
  expect_error "read-only directory" 1 "$out/read-only/x.mp4" \
    "${nodisplay[@]}" "$viewer" --record "$out/read-only/x.mp4"
fi
expect_error "bad --record-fps" 2 "30.*60" "${nodisplay[@]}" "$viewer" --record "$out/x.mp4" --record-fps 25
expect_error "bad --record-seconds" 2 "record-seconds.*0\.1.*3600" \
  "${nodisplay[@]}" "$viewer" --record "$out/x.mp4" --record-seconds 0
expect_error "--record-seconds alone" 2 "needs --record" "${nodisplay[@]}" "$viewer" --record-seconds 2
expect_error "--record with --screenshot" 2 "excludes" \
  "${nodisplay[@]}" "$viewer" --record "$out/x.mp4" --screenshot "$out/x.png"
[[ ! -e "$out/x.mp4" ]] || fail "a rejected run left $out/x.mp4"

# 2. 2 s of the comparison lesson at 30 fps: 60 frames of H.264, 1280x720, 30/1, 2 s.
video="$out/compare.mp4"
start=$(date +%s.%N)
if run --scenario "$preset" --width $W --height $H --record "$video" --record-seconds 2; then
  echo "recorded 2 s in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s of wall time"
  expect "codec" "$(probe "$video" stream=codec_name)" h264
  expect "width" "$(probe "$video" stream=width)" $W
  expect "height" "$(probe "$video" stream=height)" $H
  expect "avg_frame_rate" "$(probe "$video" stream=avg_frame_rate)" 30/1
  expect "frames" "$(probe "$video" stream=nb_read_frames)" 60
  duration=$(probe "$video" format=duration)
  if awk -v d="$duration" 'BEGIN { exit !(d >= 1.9 && d <= 2.1) }'; then
    echo "ok: duration = $duration s"
  else
    fail "duration $duration s (expected 2 +- 0.1)"
  fi
  # Frame index 30 shows t = 1.0 s (frame 0 is the start), as does a screenshot after 60
  # frames of 1/60 s.
  ffmpeg -v error -y -i "$video" -vf 'select=eq(n\,30)' -frames:v 1 "$out/video_1s.png"
  "$check" nontrivial "$out/video_1s.png" $W $H 800 || fail "video frame: image check"
  run --scenario "$preset" --width $W --height $H --screenshot "$out/screenshot_1s.png" --frames 60 ||
    fail "screenshot at 1 s"
  "$check" similar "$out/video_1s.png" "$out/screenshot_1s.png" 3 ||
    fail "video frame at 1 s against the screenshot at 1 s"
else
  fail "--record: the viewer exited with an error"
fi
no_leftovers "$out" "--record"

# 3. An odd window (641x401) gives an even video (642x402); 60 fps: 0.5 s = 30 frames.
odd="$out/odd.mp4"
if run --scenario "$preset" --width 641 --height 401 --record "$odd" --record-seconds 0.5 \
  --record-fps 60; then
  expect "odd window: width" "$(probe "$odd" stream=width)" 642
  expect "odd window: height" "$(probe "$odd" stream=height)" 402
  expect "60 fps: avg_frame_rate" "$(probe "$odd" stream=avg_frame_rate)" 60/1
  expect "60 fps: frames" "$(probe "$odd" stream=nb_read_frames)" 30
else
  fail "--record 641x401: the viewer exited with an error"
fi

# 4. The PNG sequence: 2 s at 30 fps = 60 PNGs; frame_00030 is the screenshot at 1 s.
pngs="$out/sequence"
if run --scenario "$preset" --width $W --height $H --record-png "$pngs" --record-seconds 2; then
  count=$(find "$pngs" -name 'frame_*.png' | wc -l)
  expect "PNG frames" "$count" 60
  [[ -f "$pngs/frame_00000.png" && -f "$pngs/frame_00059.png" ]] || fail "PNG names"
  if [[ -f "$out/screenshot_1s.png" ]]; then
    "$check" similar "$pngs/frame_00030.png" "$out/screenshot_1s.png" 1 ||
      fail "PNG frame at 1 s against the screenshot at 1 s"
  fi
else
  fail "--record-png: the viewer exited with an error"
fi
no_leftovers "$pngs" "--record-png"

# 5. ffmpeg failing mid-way (here: a stand-in that reads 5 frames, then reports a full disk):
#    exit 1 with its message, and neither the video nor its temporary file is left.
mkdir -p "$out/fake-bin"
cat >"$out/fake-bin/ffmpeg" <<'EOF'
#!/bin/sh
head -c 18432000 >/dev/null
echo "fake ffmpeg: No space left on device" >&2
exit 1
EOF
chmod +x "$out/fake-bin/ffmpeg"
set +e
msg=$(PATH="$out/fake-bin:$PATH" run --scenario "$preset" --width $W --height $H \
  --record "$out/broken.mp4" --record-seconds 2 2>&1)
code=$?
set -e
if ((code != 1)); then
  fail "ffmpeg failing: exit code $code (expected 1): $msg"
elif ! grep -q "No space left on device" <<<"$msg"; then
  fail "ffmpeg failing: its message is not reported: $msg"
else
  echo "ok: ffmpeg failing (exit 1): $msg"
fi
[[ ! -e "$out/broken.mp4" ]] || fail "ffmpeg failing: $out/broken.mp4 exists"
no_leftovers "$out" "ffmpeg failing"

# 6. Stopped before the end (SIGTERM, as Ctrl-C or closing the window): exit 1 and nothing left.
set +e
msg=$(xvfb-run -a -s "-screen 0 ${W}x${H}x24" bash -c \
  '"$0" --scenario "$1" --record "$2" --record-seconds 600 & pid=$!; sleep 5; kill -TERM $pid; wait $pid' \
  "$viewer" "$preset" "$out/stopped.mp4" 2>&1)
code=$?
set -e
if ((code != 1)); then
  fail "stopped: exit code $code (expected 1): $msg"
elif ! grep -q "stopped.mp4 was not written" <<<"$msg"; then
  fail "stopped: unclear message: $msg"
else
  echo "ok: stopped before the end (exit 1): $msg"
fi
[[ ! -e "$out/stopped.mp4" ]] || fail "stopped: $out/stopped.mp4 exists"
no_leftovers "$out" "stopped"

if ((failures > 0)); then
  echo "$failures check(s) failed; files in $out"
  exit 1
fi
echo "all viewer record checks passed; files in $out"
