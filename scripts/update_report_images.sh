#!/usr/bin/env bash
# Regenerates the README's two evidence figures (docs/images/) from `retrogait validate` and
# `retrogait claims` with the current models/controller.json. Rerun after the controller changes.
# Usage: scripts/update_report_images.sh [RETROGAIT_EXECUTABLE]   (default build/release/retrogait)
set -euo pipefail
cd "$(dirname "$0")/.."
rg=${1:-build/release/retrogait}
[[ -x $rg ]] || { echo "no executable at $rg (build first, or pass its path)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$rg" validate --out "$tmp/validate"
"$rg" claims --out "$tmp/claims"
# The forward Free-speed section is the validation figure; if that run fell (no section figure),
# the cadence/stance-vs-speed figure, which always exists, stands in.
validate_fig="$tmp/validate/figures/fwd-level-free.svg"
[[ -f $validate_fig ]] || validate_fig="$tmp/validate/figures/timing_vs_speed.svg"
cp "$validate_fig" docs/images/validate_forward_free.svg
cp "$tmp/claims/figures/claim5_energy_per_step.svg" docs/images/claims_energy_per_step.svg
echo "updated docs/images/validate_forward_free.svg and docs/images/claims_energy_per_step.svg"
