#!/usr/bin/env bash
# Reproduces models/controller.json with the CMA-ES tuner (retrogait tune), in stages: each stage
# starts from the previous stage's best. Takes about two hours on 2 cores. Usage:
#   scripts/tune_controller.sh [OUT_DIR]      (default /tmp/retrogait-tuning)
# The stage results are written to OUT_DIR/stage*.json; copy the last to models/controller.json.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/retrogait-tuning}
mkdir -p "$out"
rg=build/release/retrogait
[[ -x $rg ]] || { cmake --preset release >/dev/null && cmake --build --preset release --target retrogait; }

stage() {  # name start direction generations sigma -- tune options...
  local name=$1 start=$2 dir=$3 gens=$4 sigma=$5
  shift 5
  echo "== $name ($dir, $gens generations)" >&2
  "$rg" tune --direction "$dir" --controller "$start" --generations "$gens" --population 32 \
    --sigma "$sigma" --out "$out/$name.json" "$@" | tee "$out/$name.log" | grep -E '^(start|best|  total)' >&2
}

# Forward: level over the speed range first, then grades and pushes, then the other subjects.
stage stageA scripts/controller_start.json forward 300 0.15 --speeds 0.8,1.2,1.6 --duration 10
stage stageB "$out/stageA.json" forward 200 0.12 \
  --cases 0.6@0,1.2@0,1.8@0,1.2@-15,1.2@-8,1.2@8,1.2@15,0.6@-10,0.6@10,1.8@-10,1.8@10 \
  --pushes 100@5,-100@5 --duration 10
