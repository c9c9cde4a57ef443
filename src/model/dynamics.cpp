#include "retrogait/model/dynamics.h"

#include <array>

#include <Eigen/Cholesky>

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

MatQ computeInverseMassMatrix(const Model& model, const SegmentPoses& poses) {
  const MatQ lower = computeMassMatrix(model, poses).llt().matrixL();
  MatQ inv = MatQ::Zero();  // L⁻¹, lower triangular, by forward substitution
  for (int j = 0; j < kNumDof; ++j) {
    inv(j, j) = 1.0 / lower(j, j);
    for (int i = j + 1; i < kNumDof; ++i) {
      double sum = 0;
      for (int k = j; k < i; ++k) sum += lower(i, k) * inv(k, j);
      inv(i, j) = -sum / lower(i, i);
    }
  }
  return inv.transpose().lazyProduct(inv);  // M⁻¹ = L⁻ᵀ L⁻¹
}

}  // namespace retrogait
