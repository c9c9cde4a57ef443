#include "retrogait/model/inverse_dynamics.h"

#include "retrogait/core/math.h"

namespace retrogait {

InverseDynamicsResult computeInverseDynamics(const Model& model, const VecQ& q, const VecQ& qd,
                                             const VecQ& qdd,
                                             std::span<const ExternalPointForce> external,
                                             double gravityMps2) {
  const SegmentPoses poses = computePoses(model, q);
  return computeInverseDynamics(model, poses, computeTwists(model, poses, qd), qdd, external,
                                gravityMps2);
}

InverseDynamicsResult computeInverseDynamics(const Model& model, const SegmentPoses& poses,
                                             const SegmentTwists& twists, const VecQ& qdd,
                                             std::span<const ExternalPointForce> external,
                                             double gravityMps2) {
  const Vec2 gravity(0, -gravityMps2);

  // Forward pass: acceleration of each segment origin and angular acceleration. A child's
  // origin is a point fixed on its parent: a = a_p + α_p ẑ×r − ω_p² r.
  std::array<Vec2, kNumSegments> originAcc;
  std::array<double, kNumSegments> alpha;
  originAcc[kHat] = Vec2(qdd[kPelvisTx], qdd[kPelvisTy]);
  alpha[kHat] = qdd[kPelvisTilt];
  for (int i = 1; i < kNumSegments; ++i) {
    const int p = model.segments[i].parent;
    const Vec2 r = poses[i].origin_W - poses[p].origin_W;
    const double w = twists[p].omegaRadps;
    originAcc[i] = originAcc[p] + crossZ(alpha[p], r) - w * w * r;
    alpha[i] = alpha[p] + qdd[kPelvisTilt + i];
  }

  // Per-segment required net force and moment about the COM (Newton–Euler), minus the
  // external forces that act on it.
  std::array<Vec2, kNumSegments> com, force;
  std::array<double, kNumSegments> moment;
  for (int i = 0; i < kNumSegments; ++i) {
    const Segment& s = model.segments[i];
    com[i] = poses[i].toWorld(s.com_S);
    const Vec2 r = com[i] - poses[i].origin_W;
    const double w = twists[i].omegaRadps;
    const Vec2 comAcc = originAcc[i] + crossZ(alpha[i], r) - w * w * r;
    force[i] = s.massKg * (comAcc - gravity);
    moment[i] = s.inertiaKgm2 * alpha[i];
  }
  for (const ExternalPointForce& f : external) {
    if (f.segment < 0 || f.segment >= kNumSegments) continue;
    force[f.segment] -= f.force_W;
    moment[f.segment] -= cross2d(f.point_W - com[f.segment], f.force_W);
  }

  // Backward pass (children have higher indices than their parents): the force f_i and torque
  // τ_i from the parent at joint i balance the segment and what its children take from it.
  // Moments are accumulated about each segment's COM.
  std::array<Vec2, kNumSegments> jointForce = force;
  std::array<double, kNumSegments> jointTorque;
  for (int i = kNumSegments - 1; i >= 0; --i) {
    // jointForce[i] already holds own needs + children's joint forces (added below).
    // Moment balance about the COM: I α = τ_i − Σ τ_c + (o_i − c_i)×f_i − Σ (o_c − c_i)×f_c +
    // M_ext.
    double tau = moment[i] - cross2d(poses[i].origin_W - com[i], jointForce[i]);
    for (int c = i + 1; c < kNumSegments; ++c) {
      if (model.segments[c].parent != i) continue;
      tau += jointTorque[c] + cross2d(poses[c].origin_W - com[i], jointForce[c]);
    }
    jointTorque[i] = tau;
    if (i > 0) jointForce[model.segments[i].parent] += jointForce[i];
  }

  InverseDynamicsResult out;
  out.generalizedForce[kPelvisTx] = jointForce[kHat].x();
  out.generalizedForce[kPelvisTy] = jointForce[kHat].y();
  out.generalizedForce[kPelvisTilt] = jointTorque[kHat];
  for (int i = 1; i < kNumSegments; ++i) out.generalizedForce[kPelvisTilt + i] = jointTorque[i];
  for (Side side : kSides) {
    for (JointType jt : kJointTypes) {
      out.jointForce_W[static_cast<int>(side)][static_cast<int>(jt)] =
          jointForce[segmentOf(side, jt)];
    }
  }
  return out;
}

}  // namespace retrogait
