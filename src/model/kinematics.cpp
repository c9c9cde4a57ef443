#include "retrogait/model/kinematics.h"

namespace retrogait {

SegmentPoses computePoses(const Model& model, const VecQ& q) {
  SegmentPoses poses;
  poses[kHat].origin_W = Vec2(q[kPelvisTx], q[kPelvisTy]);
  poses[kHat].setAngle(q[kPelvisTilt]);
  for (int i = 1; i < kNumSegments; ++i) {
    const Segment& s = model.segments[i];
    const SegmentPose& parent = poses[s.parent];
    poses[i].origin_W = parent.toWorld(s.jointInParent_P);
    poses[i].setAngle(parent.angleRad + q[kPelvisTilt + i]);
  }
  return poses;
}

SegmentTwists computeTwists(const Model& model, const SegmentPoses& poses, const VecQ& qd) {
  SegmentTwists twists;
  twists[kHat].originVelocity_W = Vec2(qd[kPelvisTx], qd[kPelvisTy]);
  twists[kHat].omegaRadps = qd[kPelvisTilt];
  for (int i = 1; i < kNumSegments; ++i) {
    const int p = model.segments[i].parent;
    twists[i].originVelocity_W = pointVelocity(poses[p], twists[p], poses[i].origin_W);
    twists[i].omegaRadps = twists[p].omegaRadps + qd[kPelvisTilt + i];
  }
  return twists;
}

Vec2 computeCom(const Model& model, const SegmentPoses& poses) {
  Vec2 sum = Vec2::Zero();
  double mass = 0;
  for (int i = 0; i < kNumSegments; ++i) {
    sum += model.segments[i].massKg * poses[i].toWorld(model.segments[i].com_S);
    mass += model.segments[i].massKg;
  }
  return sum / mass;
}

Vec2 computeComVelocity(const Model& model, const SegmentPoses& poses,
                        const SegmentTwists& twists) {
  Vec2 sum = Vec2::Zero();
  double mass = 0;
  for (int i = 0; i < kNumSegments; ++i) {
    const Vec2 com = poses[i].toWorld(model.segments[i].com_S);
    sum += model.segments[i].massKg * pointVelocity(poses[i], twists[i], com);
    mass += model.segments[i].massKg;
  }
  return sum / mass;
}

double computeMechanicalEnergy(const Model& model, const SegmentPoses& poses,
                               const SegmentTwists& twists) {
  double energy = 0;
  for (int i = 0; i < kNumSegments; ++i) {
    const Segment& s = model.segments[i];
    const Vec2 com = poses[i].toWorld(s.com_S);
    const Vec2 v = pointVelocity(poses[i], twists[i], com);
    energy += 0.5 * s.massKg * v.squaredNorm() +
              0.5 * s.inertiaKgm2 * twists[i].omegaRadps * twists[i].omegaRadps +
              s.massKg * kGravityMps2 * com.y();
  }
  return energy;
}

double clinicalAngleDeg(JointType joint, double qRad) {
  return joint == JointType::kKnee ? -radToDeg(qRad) : radToDeg(qRad);
}

}  // namespace retrogait
