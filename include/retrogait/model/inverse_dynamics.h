#pragma once
// Inverse dynamics of the planar walker on our own tree (no Bullet): a recursive Newton–Euler
// pass (Featherstone 2008, ch. 5, in the plane) that turns q, q̇, q̈ and the external point forces
// (foot contacts, push) into generalized forces and intersegmental joint forces.
//
// Sign conventions (read before using a number from here):
// - Generalized forces Q use OpenSim's coordinate signs (model.h): Q_hip + = flexor,
//   Q_knee + = extensor (knee_angle + = extension), Q_ankle + = dorsiflexor. For the three root
//   coordinates Q is the residual force [N] on the HAT at the hip centre and the residual moment
//   [N·m] about it: what the model needs from "nowhere" to move as given (≈ 0 when q, q̇, q̈ and
//   the external forces are consistent).
// - Reported joint moments (toExtensorMomentsNm, analysis/inverse_dynamics.h) are internal net
//   joint moments with extensor / plantarflexor positive, as gait labs report them: hip
//   extensor = −Q_hip, knee extensor = +Q_knee, ankle plantarflexor = −Q_ankle.
// - Joint power = Q_j q̇_j [W]: positive = generation (concentric), negative = absorption; it does
//   not depend on the sign convention.
// - Intersegmental forces: the force the proximal segment exerts on the distal one at the joint
//   centre, world frame [N] (for a standing leg the knee force on the shank points down).

#include <array>
#include <span>

#include "retrogait/model/kinematics.h"

namespace retrogait {

/// A force acting on one segment at a world point.
struct ExternalPointForce {
  int segment = 0;              ///< segment the force acts on
  Vec2 force_W = Vec2::Zero();  ///< force on the segment [N]
  Vec2 point_W = Vec2::Zero();  ///< where it acts [m]
};

/// Output of one inverse dynamics evaluation.
struct InverseDynamicsResult {
  /// Generalized forces in OpenSim coordinate signs: root residual force x, y [N], residual moment
  /// about the hip centre [N·m], then hip, knee, ankle (right, left) joint moments [N·m].
  VecQ generalizedForce = VecQ::Zero();
  /// Intersegmental force of the proximal on the distal segment at each leg joint centre,
  /// [side][JointType], world frame [N].
  std::array<std::array<Vec2, 3>, 2> jointForce_W = {
      {{Vec2::Zero(), Vec2::Zero(), Vec2::Zero()}, {Vec2::Zero(), Vec2::Zero(), Vec2::Zero()}}};
};

/// Recursive Newton–Euler: Q = M(q) q̈ + C(q, q̇) q̇ + G(q) − Σ Jᵀ F_ext. Gravity is −Y with
/// magnitude `gravityMps2` [m/s²]. Pure; no heap.
InverseDynamicsResult computeInverseDynamics(const Model& model, const VecQ& q, const VecQ& qd,
                                             const VecQ& qdd,
                                             std::span<const ExternalPointForce> external,
                                             double gravityMps2 = kGravityMps2);

/// The same pass on poses and twists the caller already has.
InverseDynamicsResult computeInverseDynamics(const Model& model, const SegmentPoses& poses,
                                             const SegmentTwists& twists, const VecQ& qdd,
                                             std::span<const ExternalPointForce> external,
                                             double gravityMps2 = kGravityMps2);

}  // namespace retrogait
