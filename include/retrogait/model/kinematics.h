#pragma once
// Forward kinematics of the planar tree on our own model (no Bullet): segment poses and
// velocities, points, centre of mass. Used by control, analysis and scene.

#include <array>

#include "retrogait/model/model.h"

namespace retrogait {

/// World pose of a segment frame.
struct SegmentPose {
  Vec2 origin_W = Vec2::Zero();  ///< segment origin (its proximal joint) [m]
  double angleRad = 0;           ///< absolute angle about +Z [rad]; set it with setAngle()
  /// rotation2d(angleRad), kept with the angle: poses are read many times per step (COM,
  /// contacts, controller, estimator) and recomputing sin/cos was a sixth of the step's cost.
  Mat2 rotation = Mat2::Identity();
  void setAngle(double a) {
    angleRad = a;
    rotation = rotation2d(a);
  }
  Vec2 toWorld(const Vec2& p_S) const { return origin_W + rotation * p_S; }
  Vec2 dirToWorld(const Vec2& d_S) const { return rotation * d_S; }
};

/// World velocity of a segment frame.
struct SegmentTwist {
  Vec2 originVelocity_W = Vec2::Zero();  ///< [m/s]
  double omegaRadps = 0;                 ///< [rad/s]
};

using SegmentPoses = std::array<SegmentPose, kNumSegments>;
using SegmentTwists = std::array<SegmentTwist, kNumSegments>;

SegmentPoses computePoses(const Model& model, const VecQ& q);
SegmentTwists computeTwists(const Model& model, const SegmentPoses& poses, const VecQ& qd);

/// Velocity of a point fixed to a segment, given its world position.
inline Vec2 pointVelocity(const SegmentPose& pose, const SegmentTwist& twist, const Vec2& p_W) {
  return twist.originVelocity_W + crossZ(twist.omegaRadps, p_W - pose.origin_W);
}

/// Whole-body centre of mass [m] and its velocity [m/s].
Vec2 computeCom(const Model& model, const SegmentPoses& poses);
Vec2 computeComVelocity(const Model& model, const SegmentPoses& poses, const SegmentTwists& twists);

/// Total mechanical energy (kinetic + gravitational potential, y up) [J].
double computeMechanicalEnergy(const Model& model, const SegmentPoses& poses,
                               const SegmentTwists& twists);

/// Joint angles in the clinical convention [deg]: hip flexion +, knee flexion +, dorsiflexion +.
double clinicalAngleDeg(JointType joint, double qRad);

}  // namespace retrogait
