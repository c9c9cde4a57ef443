#pragma once
// The scene builder: (model, state, contact forces, optional estimator results, view options)
// → a GL-free draw list. Pure functions; the viewer's renderer only draws the result.
//
// Geometry drawn (world frame, metres; the walker is planar and spread along Z for drawing):
// - bodies: trunk, head (with a nose that shows which way the walker faces), pelvis, thighs and
//   shanks as capsules, feet as boxes, joint centres, heel/toe contact spheres (green when
//   touching). Right leg at +Z (orange), left leg at −Z (blue).
// - GRF: one arrow per loaded foot from its centre of pressure, length = |F| / BW × scale,
//   drawn beside the foot on the viewer's side so the shank does not hide it.
// - COM: a dark sphere in a white ring just outside the pelvis on the viewer's side, a dashed
//   vertical line to the ground and a disc at its projection.
// - muscles: polylines through the active path points on the limb's surface toward the viewer,
//   coloured by activation (and thicker when active) when the estimator provides it, in a
//   neutral tissue colour otherwise (with a legend that says so).
// - joint contact forces: a ring around hip, knee and ankle (radius grows with the force in BW),
//   an arrow pressing on the distal segment and the patellofemoral force as an arrow pressing
//   the patella (a small sphere in front of the knee) onto the femur; only with estimator
//   input, otherwise a legend note.
// - net joint moments: an arc around each joint whose sweep is proportional to |M| / body mass,
//   centred on the distal segment, arrow head in the moment's sense; coloured by the gait-lab
//   sign (extensor/plantarflexor vs flexor/dorsiflexor).
// - push: a red arrow onto the trunk while an external push acts.
// - ground: the inclined plane with a world-fixed grid, a level reference line and a grade label.

#include <optional>
#include <vector>

#include "retrogait/analysis/muscle_load_estimator.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/scene/draw_list.h"
#include "retrogait/scene/scene_input.h"
#include "retrogait/scene/view_options.h"

namespace retrogait {

/// Everything for one walker's view: ground, bodies and the overlays switched on.
DrawList buildWalkerScene(const WalkerSceneInput& input, const ViewOptions& options);

/// Fills the estimator's part of a scene input from one estimate (Simulation::lastEstimate()):
/// muscle activations (NaN for muscles beyond the estimate's count) and joint contact forces.
void setEstimatorInput(const Model& model, const MuscleLoadEstimate& estimate,
                       WalkerSceneInput& input);

// ---- the pieces (exposed for tests and for callers that assemble their own lists) ----

void appendGround(const WalkerSceneInput& input, const ViewOptions& options, DrawList& out);
void appendBodies(const WalkerSceneInput& input, const SegmentPoses& poses,
                  const ViewOptions& options, DrawList& out);
void appendGrf(const WalkerSceneInput& input, const ViewOptions& options, DrawList& out);
void appendCom(const WalkerSceneInput& input, const SegmentPoses& poses, const ViewOptions& options,
               DrawList& out);
void appendMuscles(const WalkerSceneInput& input, const SegmentPoses& poses,
                   const ViewOptions& options, DrawList& out);
void appendJointContact(const WalkerSceneInput& input, const SegmentPoses& poses,
                        const ViewOptions& options, DrawList& out);
void appendJointMoments(const WalkerSceneInput& input, const SegmentPoses& poses,
                        const ViewOptions& options, DrawList& out);
void appendPhaseBar(const WalkerSceneInput& input, DrawList& out);
/// The push arrow (always shown while a push acts): it ends on the trunk and points along the
/// force; its length grows with the force.
void appendPush(const WalkerSceneInput& input, const ViewOptions& options, DrawList& out);

// ---- geometry helpers ----

/// Z of a leg's drawing plane: ±hipHalfWidthM(height) × legSpread (right +, left −) [m].
double legPlaneZ(const Model& model, Side side, const ViewOptions& options);
/// Z of a segment's drawing plane (0 for the HAT) [m].
double segmentPlaneZ(const Model& model, int segment, const ViewOptions& options);
/// Z of the COM marker: just outside the pelvis on the viewer's side [m].
double comPlaneZ(const Model& model, const ViewOptions& options);
/// Z of a foot's GRF arrow: beside the foot on the viewer's side (leg plane ± (foot half-width
/// + 2 cm), sign of options.viewerSide) [m].
double grfPlaneZ(const Model& model, Side side, const ViewOptions& options);
/// Muscle tube radius for a 1.75 m walker, relaxed and fully active [m].
inline constexpr double kMinMuscleRadiusM = 0.007;
inline constexpr double kMaxMuscleRadiusM = 0.016;
/// Radius of a muscle's tube at activation a (NaN = relaxed), scaled with height [m].
double muscleRadiusM(const Model& model, double activation);
/// Z of a leg's muscle paths: on the limb's surface toward the viewer (leg plane ± (thigh
/// half-width + the largest tube radius + 2 mm), sign of options.viewerSide) [m].
double musclePlaneZ(const Model& model, Side side, const ViewOptions& options);
/// Z of a leg's joint contact rings and arrows: in front of its muscles, toward the viewer [m].
double jointContactPlaneZ(const Model& model, Side side, const ViewOptions& options);
/// A planar point lifted to 3D.
inline Vec3 lift(const Vec2& p, double z) {
  return Vec3(p.x(), p.y(), z);
}

/// Body weight m g [N].
double bodyWeightN(const Model& model);

/// World points of a muscle's active path at q: conditional points only inside their range,
/// moving points on their splines; z = musclePlaneZ() plus a stagger of 1.5 mm per muscle index
/// within its leg (toward the viewer), so muscles with one line in the side view do not flicker.
std::vector<Vec3> computeMusclePath3d(const Model& model, const SegmentPoses& poses, const VecQ& q,
                                      int muscle, const ViewOptions& options);

/// The GRF arrow of one foot: tail at the centre of pressure, head at cop + F / BW × scale
/// (length capped at options.maxGrfDrawBw); nothing when the foot is unloaded or the force is
/// below options.minGrfDrawBw.
std::optional<ArrowPrim> makeGrfArrow(const Model& model, const FootContact& foot, Side side,
                                      const ViewOptions& options);

/// Net joint moment in the gait-lab convention (hip and knee extensor +, ankle plantarflexor +)
/// from the OpenSim-signed generalized force [N·m].
double clinicalMomentNm(JointType joint, double openSimMomentNm);

}  // namespace retrogait
