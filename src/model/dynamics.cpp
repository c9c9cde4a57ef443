#include "retrogait/model/dynamics.h"

namespace retrogait {

PointJacobian computePointJacobian(const Model& model, const SegmentPoses& poses, int segment,
                                   const Vec2& p_W) {
  PointJacobian J = PointJacobian::Zero();
  J(0, kPelvisTx) = 1;
  J(1, kPelvisTy) = 1;
  // Each rotational coordinate on the path from the root turns the point about its joint centre.
  for (int s = segment; s >= 0; s = model.segments[s].parent) {
    const Vec2 r = p_W - poses[s].origin_W;
    J.col(kPelvisTilt + s) = Vec2(-r.y(), r.x());
  }
  return J;
}

MatQ computeMassMatrix(const Model& model, const SegmentPoses& poses) {
  MatQ M = MatQ::Zero();
  for (int i = 0; i < kNumSegments; ++i) {
    const Segment& seg = model.segments[i];
    const PointJacobian Jv = computePointJacobian(model, poses, i, poses[i].toWorld(seg.com_S));
    Eigen::Matrix<double, 1, kNumDof> Jw = Eigen::Matrix<double, 1, kNumDof>::Zero();
    for (int s = i; s >= 0; s = model.segments[s].parent) Jw(kPelvisTilt + s) = 1;
    M.noalias() += seg.massKg * Jv.transpose() * Jv + seg.inertiaKgm2 * Jw.transpose() * Jw;
  }
  return M;
}

}  // namespace retrogait
