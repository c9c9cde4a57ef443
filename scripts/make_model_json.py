#!/usr/bin/env python3
"""Writes models/walker9dof.json from the reference tables in data/reference/.

Run once when the reference data or the modelling choices change; the JSON is committed.
Every number in the output names its source in the JSON's "source" fields.
Usage: python3 scripts/make_model_json.py > models/walker9dof.json
"""
import csv
import json
import os
import sys

REF = os.path.join(os.path.dirname(__file__), "..", "data", "reference")


def read_csv(name):
    with open(os.path.join(REF, name), newline="") as f:
        return list(csv.DictReader(f))


def de_leva():
    rows = read_csv("anthropometry_deleva.csv")
    table = {}
    for r in rows:
        table[(r["segment"], r["sex"])] = r
    out = {}
    for sex, key in (("M", "male"), ("F", "female")):
        def seg(name):
            r = table[(name, sex)]
            return {
                "mass_fraction": float(r["mass_fraction_of_body"]),
                "com_fraction": float(r["com_from_origin_fraction_of_length"]),
                # Flexion/extension turns about the medio-lateral (transverse) axis.
                "rg_fraction": float(r["rg_transverse_fraction_of_length"]),
            }
        out[key] = {
            "hat_parts_mass_fraction": {
                "head": float(table[("Head", sex)]["mass_fraction_of_body"]),
                "trunk": float(table[("Trunk", sex)]["mass_fraction_of_body"]),
                "upper_arm": float(table[("UpperArm", sex)]["mass_fraction_of_body"]),
                "forearm": float(table[("Forearm", sex)]["mass_fraction_of_body"]),
                "hand": float(table[("Hand", sex)]["mass_fraction_of_body"]),
            },
            "thigh": seg("Thigh"),
            "shank": seg("Shank"),
            "foot": seg("Foot"),
        }
    return out


def hat_winter():
    for r in read_csv("anthropometry_dempster_winter.csv"):
        if r["segment"] == "HAT":
            return float(r["com_from_proximal_fraction"]), float(r["rg_about_com_fraction"])
    raise SystemExit("HAT row missing")


def knee_splines():
    rows = read_csv("model_knee_splines_gait10dof18musc.csv")
    s = {}
    for r in rows:
        s.setdefault(r["quantity"], []).append((float(r["knee_angle_deg"]), float(r["value_m"])))
    return s


def knee_translation():
    """OpenSim's knee moves the tibia origin in the femur frame with knee angle (x, y splines)."""
    s = knee_splines()
    out = {"source": "gait10dof18musc knee_r CustomJoint translation splines "
                     "(data/reference/model_knee_splines_gait10dof18musc.csv): the tibia origin in "
                     "the femur frame vs knee_angle. Our knee is a pin at (0, -thigh_length_m); the "
                     "loader folds the difference into the path points of the muscles that cross "
                     "the knee (docs/estimator.md)."}
    for axis in ("x", "y"):
        pts = s["tibia_origin_in_femur_" + axis]
        out[axis] = {"knots_deg": [k for k, _ in pts], "values_m": [v for _, v in pts]}
    return out


# Fibre and tendon lengths that differ from the generic gait10dof18musc file (generic size,
# before the loader scales them to the subject as OpenSim's Scale tool does). Only an edit with a
# measured reason is adopted (docs/estimator.md, "Muscle parameters"): of the three hand edits in
# OpenSim's scaled subject01 model (glut_max, vasti, gastroc), glut_max's alone, because with the
# generic lengths glut_max works at 0.25-0.61 l_opt over subject01's measured stride (and
# 0.48-0.74 on the walker), below the 0.5-1.5 l_opt range of muscle fibres in walking; with the
# edit it works at 0.53-0.86. The values are subject01's divided by its Scale-tool factor for
# glut_max (1.042, the ratio of its musculotendon lengths at the zero pose).
CALIBRATED_LENGTHS = {
    "glut_max": (round(0.1709 / 1.042, 4), round(0.0798 / 1.042, 4),
                 "optimal fibre and tendon slack length from OpenSim's scaled subject01 model "
                 "(opensim-models Pipelines/Gait10dof18musc, subject01.osim: 0.1709 / 0.0798 m) "
                 "divided by its Scale-tool factor 1.042; the generic 0.147 / 0.127 m leave the "
                 "fibres at 0.25-0.61 l_opt in measured walking (docs/estimator.md)"),
}


def muscles():
    params = {r["muscle"]: r for r in read_csv("muscles_gait10dof18musc.csv")}
    splines = knee_splines()
    paths = {}
    for r in read_csv("muscle_paths_gait10dof18musc.csv"):
        body = r["body"].replace("_r", "")
        pt = {"body": body}
        if r["point_type"] == "moving":
            m = r["muscle"]
            xs, ys = splines[m + "_insertion_in_tibia_x"], splines[m + "_insertion_in_tibia_y"]
            z = splines[m + "_insertion_in_tibia_z"][0][1]
            # Both splines share knots in the source; check, then store one knot vector.
            assert [k for k, _ in xs] == [k for k, _ in ys], m
            pt["moving"] = {"coordinate": "knee_angle", "knots_deg": [k for k, _ in xs],
                            "x_m": [v for _, v in xs], "y_m": [v for _, v in ys], "z_m": z}
        else:
            pt["point_m"] = [float(r["x_m"]), float(r["y_m"]), float(r["z_m"])]
        if r["point_type"] == "conditional":
            cond = r["condition"]  # "active when hip_flexion_r in [-90.0, 45.0] deg"
            coord = cond.split()[2].replace("_r", "")
            lo, hi = cond[cond.index("[") + 1:cond.index("]")].split(",")
            pt["active_when"] = {"coordinate": coord, "min_deg": float(lo), "max_deg": float(hi)}
        paths.setdefault(r["muscle"], []).append(pt)
    out = []
    for name, p in params.items():
        lopt, lts = float(p["optimal_fiber_length_m"]), float(p["tendon_slack_length_m"])
        entry = {}
        if name in CALIBRATED_LENGTHS:
            lopt, lts, why = CALIBRATED_LENGTHS[name]
            entry["source"] = why
        out.append({
            "name": name,
            **entry,
            "max_isometric_force_n": float(p["max_isometric_force_N"]),
            "optimal_fiber_length_m": lopt,
            "tendon_slack_length_m": lts,
            "pennation_at_optimal_deg": float(p["pennation_at_optimal_deg"]),
            "max_contraction_velocity_lopt_per_s": float(p["max_contraction_velocity_Lopt_per_s"]),
            "activation_time_constant_s": float(p["activation_time_constant_s"]),
            "deactivation_time_constant_s": float(p["deactivation_time_constant_s"]),
            "path": paths[name],
        })
    return out


def main():
    hat_com, hat_rg = hat_winter()
    model = {
        "schema": "retrogait.model/1",
        "name": "walker9dof",
        "description": "Planar sagittal walker: HAT (head, arms, trunk and pelvis as one body) with "
                       "3 root DOF, hip, knee and ankle per leg (9 DOF), heel and toe contact spheres "
                       "per foot, 9 muscles per leg as in OpenSim gait10dof18musc.",
        "subject": {"height_m": 1.75, "mass_kg": 70.0, "sex": "male"},
        "anthropometry": {
            "source_segments": "de Leva P (1996) Adjustments to Zatsiorsky-Seluyanov's segment "
                               "inertia parameters. J Biomech 29:1223-1230 (data/reference/"
                               "anthropometry_deleva.csv): mass fractions, COM positions, "
                               "radii of gyration about the transverse (flexion) axis",
            "source_lengths": "Drillis R, Contini R, Bluestein M (1964) Body segment parameters. "
                              "Artif Limbs 8:44-66, as segment lengths / height in Winter DA (2009) "
                              "Biomechanics and Motor Control of Human Movement, 4th ed., Fig. 4.1",
            "source_hat": "HAT COM and radius of gyration: Dempster (1955) via Winter (2009) "
                          "Table 4.1 (data/reference/anthropometry_dempster_winter.csv), as "
                          "fractions of the greater trochanter to shoulder distance; HAT mass is "
                          "the de Leva head + trunk + both arms",
            "length_fraction_of_height": {"thigh": 0.245, "shank": 0.246, "foot": 0.152,
                                          "ankle_height": 0.039, "hip_to_shoulder": 0.288,
                                          "hip_width": 0.191},
            "hat": {"com_fraction": hat_com, "rg_fraction": hat_rg},
            **de_leva(),
        },
        "pelvis": {
            "upright_pelvis_tilt_deg": -12.0,
            "source": "mean anterior pelvic tilt in walking, about 12 deg (Schwartz et al. 2008, "
                      "free speed; data/reference/forward_normative_by_speed_schwartz2008.csv); the "
                      "trunk is upright at this tilt",
        },
        "foot": {
            "heel_behind_ankle_fraction": 0.2,
            "source": "heel 0.2 foot lengths behind the ankle, as in OpenSim gait10dof18musc "
                      "(calcaneus origin 4.9 cm behind the ankle for a 0.25 m foot)",
        },
        "contact": {
            "spheres": [
                {"name": "heel", "x_fraction_of_foot": -0.14, "radius_m": 0.03},
                {"name": "toe", "x_fraction_of_foot": 0.52, "radius_m": 0.02},
            ],
            "stiffness_n_per_m1_5": 5.0e5,
            "dissipation_s_per_m": 1.0,
            "friction_coefficient": 0.9,
            "tangential_stiffness_n_per_m": 5.0e4,
            "tangential_damping_ns_per_m": 200.0,
            "source": "Hunt-Crossley heel and toe spheres as in SCONE H0918 and OpenSim "
                      "gait10dof18musc (friction 0.9 as in H0918); k = 5e5 N/m^1.5 is OpenSim's "
                      "Hertz stiffness 4/3 E sqrt(R) with E = 2 MPa, R = 3.5 cm (gait10dof18musc); "
                      "body weight on one sphere compresses it about 12 mm, like a heel pad; "
                      "see docs/physics.md",
        },
        "joints": {
            "hip": {"min_deg": -30.0, "max_deg": 120.0, "max_torque_nm_per_kg": 3.5},
            "knee": {"min_deg": -135.0, "max_deg": 0.0, "max_torque_nm_per_kg": 3.5},
            "ankle": {"min_deg": -50.0, "max_deg": 30.0, "max_torque_nm_per_kg": 3.0},
            "limit_stiffness_nm_per_rad": 400.0,
            "limit_damping_nms_per_rad": 8.0,
            "source": "ranges: AAOS normal range of motion (hip extension 30, flexion 120; knee "
                      "flexion 135; ankle dorsiflexion 20-30, plantarflexion 50 deg); torque limits "
                      "above the peak net moments of walking (about 1.5-2 N m/kg) and below "
                      "maximal voluntary strength",
        },
        "muscles": {
            "source": "OpenSim gait10dof18musc (Delp 1990 based; CC BY 3.0): "
                      "data/reference/muscles_gait10dof18musc.csv, muscle_paths_gait10dof18musc.csv, "
                      "model_knee_splines_gait10dof18musc.csv. Points are in the OpenSim body frames "
                      "and are mapped to this model's segments with the reference geometry below.",
            "reference_geometry": {
                "height_m": 1.80,
                "thigh_length_m": 0.396,
                "shank_length_m": 0.43,
                "foot_length_m": 0.25,
                "ankle_height_m": 0.07,
                "hip_in_pelvis_m": [-0.0707, -0.0661, 0.0835],
                "calcn_in_talus_m": [-0.04877, -0.04195, 0.00792],
                "tibia_origin_in_femur": knee_translation(),
            },
            "list": muscles(),
        },
    }
    json.dump(model, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
