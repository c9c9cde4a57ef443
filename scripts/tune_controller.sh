#!/usr/bin/env bash
# Reproduces models/controller.json with the CMA-ES tuner (retrogait tune), in stages: each stage
# starts from the previous stage's best. Takes about six and a half hours on 2 cores. Usage:
#   scripts/tune_controller.sh [OUT_DIR]      (default /tmp/retrogait-tuning)
# Each stage writes OUT_DIR/NAME.json; the last step merges forward (stageN) and backward
# (bstageK) into OUT_DIR/controller.json, which is models/controller.json.
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
  "$rg" tune --direction "$dir" --controller "$start" --generations "$gens" --population "${POP:-32}" \
    --sigma "$sigma" --seed "${SEED:-1}" --dts "${DTS:-0.002}" --out "$out/$name.json" "$@" | tee "$out/$name.log" | grep -E '^(start|best|  total)' >&2
}

# Forward: level over the speed range first, then grades and pushes, then the other subjects.
stage stageA scripts/controller_start.json forward 300 0.15 --speeds 0.8,1.2,1.6 --duration 10
stage stageB "$out/stageA.json" forward 200 0.12 \
  --cases 0.6@0,1.2@0,1.8@0,1.2@-15,1.2@-8,1.2@8,1.2@15,0.6@-10,0.6@10,1.8@-10,1.8@10 \
  --pushes 100@5,-100@5 --duration 10
# Stage C adds the physiology term (CoT, muscle reserve) and the forward extremes that B left.
stage stageC "$out/stageB.json" forward 75 0.08 \
  --cases 0.6@0,1.2@0,1.8@0,0.6@15,0.6@-15,1.8@-15,1.8@-5,1.8@10,1.2@15,1.2@-15 \
  --pushes 100@5,-100@5 --duration 15
# Stage D: the whole forward grid with all three subjects (63 runs per candidate; slow, so only a
# few generations), then stage E: the cases that still failed, 20 s each.
POP=16 stage stageD "$out/stageC.json" forward 3 0.06 \
  --speeds 0.6,1.2,1.8 --inclines -15,-10,-5,0,5,10,15 --subjects default,small,large --duration 15
POP=16 stage stageE "$out/stageD.json" forward 40 0.05 \
  --cases 0.6@-15,0.6@0,0.6@15,1.2@-10,1.2@0,1.2@10,1.8@-15,1.8@-5,1.8@0,1.8@15 --duration 20

# Stage G: the same controller at 2 ms and at 0.5 ms (level cases with @DT run at 0.5 ms too),
# with both legs' stance, their symmetry and the muscle reserve in the cost: a gait that needs the
# coarse step's contact damping, limps, or asks more than the muscles can give costs here.
POP=16 stage stageG "$out/stageE.json" forward 60 0.06 \
  --cases 0.6@-15,0.6@0,0.6@15,1.2@-15,1.2@-10,1.2@0,1.2@10,1.2@15,1.8@-15,1.8@0,1.8@15,0.8@0@0.0005,1.2@0@0.0005,1.8@0@0.0005 \
  --subjects default,small,large --pushes 100@5,-100@5 --duration 12

# Stage H: level walking weighted (1.2 m/s at 2, 1 and 0.5 ms) with the grade extremes as guards,
# 20 s each: it removed a limp (stance 0.49/0.61) that appears after ~10 s. Stage I: the same
# extremes for all three subjects, which stage H had traded away.
POP=16 stage stageH "$out/stageG.json" forward 60 0.04 \
  --cases 1.2@0,1.2@0@0.001,1.2@0@0.0005,0.8@0,1.6@0,1.2@10,1.2@-10,1.2@15,1.2@-15,0.6@15,0.6@-15,1.8@15,1.8@-15,0.6@0,1.8@0 \
  --duration 20
POP=16 stage stageI "$out/stageH.json" forward 20 0.02 \
  --cases 1.2@0,1.2@0@0.0005,0.6@15,0.6@-15,1.8@15,1.8@-15,1.2@10,1.2@-10 \
  --subjects default,small,large --duration 20

# Stages A-I (and the backward ones) ran while the controller's PD was explicit and its gains
# were capped at kd dt/I <= 0.3, kp dt^2/I <= 0.5 (default subject). The PD is implicit now:
# every parameter above its old cap is set to the cap, which reproduces the capped gait, and
# stages J-K retune forward from there (J: speeds and grades; K: level 1.2 m/s at three steps
# weighted, with the extremes as guards).
cap() {  # in out
  python3 - "$1" "$2" <<'PY'
import json, sys
caps = {"swing_hip_kd": 0.15106, "stance_knee_kd": 0.026037, "swing_knee_kd": 0.026037,
        "stance_ankle_kd": 0.00312, "swing_ankle_kd": 0.00312, "stance_ankle_kp": 1.795223,
        "swing_ankle_kp": 1.795223}
c = json.load(open(sys.argv[1]))
for d in ("forward", "backward"):
    for k, v in caps.items():
        c[d][k] = min(c[d][k], v)
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
}
cap "$out/stageI.json" "$out/stageI_capped.json"
stage stageJ "$out/stageI_capped.json" forward 40 0.06 \
  --cases 1.2@0,1.2@0@0.0005,0.8@0,1.6@0,1.8@0,1.8@15,1.8@-15,1.8@10,1.8@5,0.6@15,0.6@-15,1.2@10,1.2@-10,1.2@15,1.2@-15 \
  --duration 20
stage stageK "$out/stageJ.json" forward 14 0.03 \
  --cases 1.2@0,1.2@0@0.001,1.2@0@0.0005,0.8@0,1.2@10,1.2@-10,1.8@0,0.6@-15,0.6@15,1.8@15,1.8@-15,1.2@15,1.2@-15 \
  --duration 20
# Stages L-M: speed adaptation on (speed_adaptation_gain 0.5 to start, the reference gait read at
# an adapted speed, docs/controller.md), the slow forward walks weighted (L, 25 s each: they ran
# 25-30 % fast before), then the steep and fast guards for the default and the large subject (M).
python3 - "$out/stageK.json" "$out/stageK_adapt.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["forward"]["speed_adaptation_gain"] = 0.5
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
stage stageL "$out/stageK_adapt.json" forward 40 0.04 \
  --cases 0.6@0,0.6@-15,0.6@-10,0.6@-5,0.6@15,1.2@0,1.2@0@0.0005,1.2@10,1.2@-10,1.2@-15,1.8@0,1.8@15,1.8@-15,0.8@0 \
  --duration 25
stage stageM "$out/stageL.json" forward 20 0.02 \
  --cases 1.2@15,1.2@0,1.8@0,1.8@-15,0.6@-15,0.6@0,1.2@-15 --subjects default,large --duration 25
# Backward: from the forward stage C parameters (backward keys copied), level first, then a
# few generations on the whole grid, then inclines at the three speeds.
stage bstageA "$out/stageC.json" backward 250 0.12 --speeds 0.4,0.8,1.2 --duration 10
POP=16 stage bstageD "$out/bstageA.json" backward 6 0.12 \
  --speeds 0.4,0.8,1.2 --inclines -15,-10,-5,0,5,10,15 --subjects default,small,large --duration 15
POP=16 stage bstageE "$out/bstageD.json" backward 60 0.1 \
  --cases 0.4@0,0.8@0,1.2@0,0.8@-10,0.8@-5,0.8@5,0.8@10,0.4@-10,0.4@10,1.2@-10,1.2@10 --duration 20

cap "$out/bstageE.json" "$out/bstageE_capped.json"
# Stages F-G: backward retuned on the implicit PD (and the stance knee flexion released over the
# role blend at foot-off), 25 s each: the slow walks had become a limp (stance 0.49/0.06 at
# 0.4 m/s, the swing toe dragging) and 1.2 m/s at +15 % a shuffle at 250+ steps/min. F: the three
# speeds on grades with the default and the small subject; G: the remaining shuffles and the steep
# fast walks for all three subjects (tuned for the default and the large subject only, the small
# one fell at 1.2 m/s).
POP=16 stage bstageF "$out/bstageE_capped.json" backward 50 0.05 \
  --cases 0.4@0,0.4@-15,0.4@15,0.4@-5,0.4@5,0.8@0,0.8@0@0.0005,0.8@10,0.8@-10,0.8@-15,1.2@0,1.2@15,1.2@-15,1.2@10 \
  --subjects default,small --duration 25
POP=16 SEED=3 stage bstageG "$out/bstageF.json" backward 25 0.02 \
  --cases 0.4@0,0.4@-15,0.4@-10,0.4@15,0.8@0,0.8@0@0.0005,0.8@10,1.2@0,1.2@-15,1.2@15 \
  --subjects default,small,large --duration 25
# Stage H: two backward parameters set by hand from sensitivity scans over the downhill grid (20
# and 60 s, all three subjects; docs/controller.md "Robustness"): five slow downhill cases limped or
# shuffled after G. A CMA-ES run over the same two parameters found a pair that also passes but
# with less margin (its cost could not tell them apart), so the hand-picked pair is kept.
python3 - "$out/bstageG.json" "$out/bstageH.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["backward"]["downhill_knee_gain"] = -0.28
c["backward"]["stance_knee_kd"] = 0.174
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
# Stage N: two forward parameters set by hand the same way (docs/controller.md "Robustness"): the
# grid over every subject and grade found a limp at 1.8 m/s +5 % for the 1.90 m subject.
# stance_ankle_kp alone fixed it but raised the level peak vertical GRF to 1.36 BW; the lower
# stance_support_fraction brings it back to 1.31.
python3 - "$out/stageM.json" "$out/stageN.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["forward"]["stance_ankle_kp"] = 2.3
c["forward"]["stance_support_fraction"] = 0.118
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
# Stages I-J: backward at the 2.5 ms default step (and the slow and level cases at 0.625 ms too),
# after gait events stopped ending a stance at flights under 50 ms: the slow backward walks
# tapped the forefoot down at contact (a 36-54 ms touch, 110 ms in the air, then the stance), and
# whether the tap counted as a step depended on the time step. I: the slow walks on every grade
# with the level and steep guards, all three subjects; J: the slow downhill walk that I left 30 %
# fast for the 1.55 m subject.
POP=16 SEED=5 DTS=0.0025 stage bstageI "$out/bstageH.json" backward 30 0.02 \
  --cases 0.4@0,0.4@5,0.4@10,0.4@-5,0.4@-15,0.4@15,0.4@0@0.000625,0.4@10@0.000625,0.8@0,0.8@0@0.000625,0.8@-15,1.2@0,1.2@15,1.2@-15 \
  --subjects default,small,large --duration 25
POP=16 SEED=7 DTS=0.0025 stage bstageJ "$out/bstageI.json" backward 15 0.01 \
  --cases 0.4@-15,0.4@-10,0.4@0,0.4@10,0.4@0@0.000625,0.8@0,0.8@-15,1.2@-15,1.2@15 \
  --subjects default,small,large --duration 25
# (stance_ankle_load_hold_bw did not exist when stages A-J ran; a rerun starts it at 0 and lets
# the CMA-ES stages move it with the rest, so their results will differ a little from ours.)
# Stage K, by hand: J shortened the forefoot taps but did not remove them; they came from the
# stance ankle turning the unloaded foot at contact. stance_ankle_load_hold_bw (a control change,
# 0 before) holds the stance ankle until the foot carries 0.2 BW: no taps over the backward grid
# at 2.5 and 0.625 ms, 20 and 60 s, and every case walks from 0.1 to 0.3.
python3 - "$out/bstageJ.json" "$out/bstageK.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["backward"]["stance_ankle_load_hold_bw"] = 0.2
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
# models/controller.json = forward from stageN, backward from bstageK.
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
f = json.load(open(f"{out}/stageN.json"))
b = json.load(open(f"{out}/bstageK.json"))
json.dump({"schema": f["schema"], "forward": f["forward"], "backward": b["backward"]},
          open(f"{out}/controller.json", "w"), indent=2)
print(f"wrote {out}/controller.json", file=sys.stderr)
PY
