#include "retrogait/model/dynamics.h"

#include <array>

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
  // M = Σ m Jvᵀ Jv + I Jωᵀ Jω, accumulated by hand: Eigen would dispatch these 9×2·2×9 products
  // to its general matrix kernel, which costs several times more at this size.
  MatQ M = MatQ::Zero();
  for (int i = 0; i < kNumSegments; ++i) {
    const Segment& seg = model.segments[i];
    const PointJacobian Jv = computePointJacobian(model, poses, i, poses[i].toWorld(seg.com_S));
    std::array<double, kNumDof> w{};
    for (int s = i; s >= 0; s = model.segments[s].parent) w[kPelvisTilt + s] = 1;
    for (int c = 0; c < kNumDof; ++c) {
      for (int r = c; r < kNumDof; ++r) {
        M(r, c) += seg.massKg * (Jv(0, r) * Jv(0, c) + Jv(1, r) * Jv(1, c)) +
                   seg.inertiaKgm2 * w[r] * w[c];
      }
    }
  }
  for (int c = 0; c < kNumDof; ++c) {
    for (int r = c + 1; r < kNumDof; ++r) M(c, r) = M(r, c);
  }
  return M;
}

}  // namespace retrogait
