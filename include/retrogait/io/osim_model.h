#pragma once
// Reads an OpenSim model of the gait10dof18musc family (OpenSim's Gait10dof18musc and the models
// scaled from it: the same bodies, joints, coordinates and muscles by name) into our planar 9-DOF
// Model, so that the estimator runs on a subject's own model (`retrogait analyze --model
// subject.osim`). OpenSim 4 format (OpenSimDocument Version ≥ 40000: joints in a JointSet whose
// frames are PhysicalOffsetFrames named by socket_parent_frame / socket_child_frame, path points
// with socket_parent_frame "/bodyset/<body>").
//
// Mapping (OpenSim → Model), and why:
// - HAT = pelvis + torso, the torso placed by the back joint at `lumbarExtensionRad` (our HAT is
//   one rigid body; `analyze` passes the trial's mean lumbar_extension). Origin at the RIGHT hip
//   joint centre, orientation = OpenSim's pelvis frame, so our pelvis_tilt IS OpenSim's
//   pelvis_tilt (as with the JSON model). Mass, COM and Izz combined (parallel axis).
//   `hipFromPelvisOrigin_S` = hip_r's location in the pelvis frame (x, y), relative to the point
//   that pelvis_tx/ty place (ground_pelvis's child frame; the pelvis origin in gait10dof18musc).
//   `uprightPelvisTiltRad` = −lumbarExtensionRad: the torso frame is then level with the ground.
// - Thigh = femur, origin at the hip centre (the hip's child frame). Left thigh: its hip relative
//   to the right one (zero for a symmetric model).
// - Shank = tibia with the knee a pin at c = t(0): t(θ) is OpenSim's knee_* SpatialTransform
//   translation (the tibia's joint frame in the femur's, the SimmSpline values times the
//   MultiplierFunction's scale, which the Scale tool set to the femur's scale), so the shank
//   frame is the tibia's at θ = 0. The difference t(θ) − t(0) is folded into the knee-crossing
//   muscle paths by model/opensim_geometry.h's foldKneeTranslation, as the JSON loader does:
//   musculotendon lengths and moment arms stay OpenSim's. The shank's mass properties are the
//   tibia's at θ = 0 (the pin moves the tibia's COM by ≤ 1 cm at 60° of knee flexion: a small
//   error of the dynamics, none of the paths).
// - Foot = talus + calcn + toes (subtalar and mtp are WeldJoints) in the talus frame, origin at
//   the ankle; calcn and toes path points go through the subtalar and mtp offsets.
// - Joint ranges: each coordinate's <range> [rad]. Torque limits are a simulation-only property
//   that .osim does not hold: models/walker9dof.json's per-kg values (hip 3.5, knee 3.5, ankle 3.0
//   N·m/kg) times the model's mass; likewise its joint-limit spring and contact material.
// - Subject: massKg = the sum of the body masses (all segments together). heightM is estimated
//   from the leg: hip-to-ankle (zero pose, right leg) = (0.530 − 0.039) H, the greater trochanter
//   and ankle heights as fractions of height of Drillis, Contini & Bluestein (1964) as given by
//   Winter (2009, Biomechanics and Motor Control of Human Movement, 4th ed., Fig. 4.1; the same
//   table models/walker9dof.json uses). Sex is not in the file: male (only the JSON model's
//   scaling reads it).
// - Drawing and normalising (the .osim has no foot sole or trunk length): thigh length |c| (hip to
//   knee pin), shank length = knee pin to ankle, ankleHeightM = 0.039 H (Drillis), legLengthM =
//   hip-to-ankle + ankle height (= 0.530 H, the leg length of Hof's scaling), footLengthM = heel
//   (calcn origin) to toe tip (mtp + twice the toes' COM, the toes taken as uniform); HAT length
//   (hip to shoulder) 0.288 H and depths as the JSON model (Drillis fractions of H). Contact
//   spheres as the JSON model's: heel (r 3 cm) centred 0.06 foot lengths ahead of the calcaneus
//   origin, toe (r 2 cm) under the mtp joint, both resting on the sole (−ankleHeightM).
// - Muscles (the 9 per leg of gait10dof18musc, in the JSON model's order: hamstrings, bifemsh,
//   glut_max, iliopsoas, rect_fem, vasti, gastroc, soleus, tib_ant, right then left, placed by
//   name; names exactly as in the file, e.g. "glut_max_r"; side from the _r/_l suffix). From each
//   muscle element of the ForceSet (any class: Millard2012EquilibriumMuscle, Thelen2003Muscle,
//   ... all name these properties alike): <max_isometric_force> [N], <optimal_fiber_length>,
//   <tendon_slack_length> [m], <pennation_angle_at_optimal> [rad], <max_contraction_velocity>
//   [l_opt/s], <activation_time_constant>, <deactivation_time_constant> [s], all required.
//   GeometryPath/PathPointSet: PathPoint and ConditionalPathPoint (<location>, <range> [rad] of
//   <socket_coordinate>) map through the body offsets; MovingPathPoint x/y_location functions of
//   one coordinate are resampled at 1° (knee: the fold's knots, so the fold reads them exactly);
//   z (lateral, drawing only) from the side's hip plane. Functions: Constant, LinearFunction,
//   SimmSpline (evaluated as OpenSim does: SIMM's cubic spline with end conditions from divided
//   differences, linear beyond the knots), NaturalCubicSpline, PiecewiseLinearFunction,
//   MultiplierFunction.
// - Ignored: markers, gravity, coordinate defaults/locks, other forces, massless extra bodies,
//   appliesForce, the fibre/tendon curve parameters (the estimator uses its own Hill curves).
// Refused (Error, never an exception): not XML, no <Model>, OpenSim 3 files or spellings
// (Version < 40000, <body>/<coordinate>/<parent_body> instead of sockets), a missing body, joint,
// coordinate or muscle of the family (the message lists what is needed), a body with mass outside
// the family, a joint of another type (subtalar/mtp not welds), a joint frame with a non-zero
// orientation or a rotation about another axis than Z (not sagittal), a translation varying with
// another coordinate than the knee's, path points on other bodies or with other coordinates, path
// wrapping, unsupported functions, non-finite or out-of-range numbers, more than 8 path points.
// Errors read "file: /Model/...element...: problem (expected ...)".

#include <string>
#include <string_view>

#include "retrogait/core/result.h"
#include "retrogait/model/model.h"

namespace retrogait {

struct OsimLoadOptions {
  double lumbarExtensionRad = 0;  ///< the back joint's angle at which the torso is fused to the
                                  ///< pelvis into our HAT [rad]; analyze passes the trial's mean;
                                  ///< default 0
};

/// Loads a gait10dof18musc-family .osim into the planar 9-DOF Model. Errors name the file, the
/// element and what was expected, e.g. "subject.osim: /Model/BodySet/objects/Body[name=femur_r]:
/// missing (a gait10dof18musc-family model needs bodies pelvis, femur_r, ...)".
Result<Model> loadOsimModel(const std::string& file, const OsimLoadOptions& options = {});
/// Same from the file's text (`file` only names it in messages).
Result<Model> parseOsimModel(std::string_view xml, const std::string& file,
                             const OsimLoadOptions& options = {});

}  // namespace retrogait
