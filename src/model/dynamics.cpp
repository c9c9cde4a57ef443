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
  // Composite rigid bodies (Featherstone's CRBA, planar): column j of M is the momentum of the
  // subtree that coordinate j moves, at unit rate, read by every coordinate that moves that
  // subtree (its own and its ancestors'). Cheaper than summing Jacobian products: no point
  // Jacobians, one pass leaf to root.
  struct Composite {
    double massKg = 0;
    Vec2 massMoment = Vec2::Zero();  // Σ m c [kg·m]
    double inertiaOrigin = 0;        // Σ (I + m |c|²) about the world origin [kg·m²]
  };
  std::array<Composite, kNumSegments> sub{};
  for (int i = kNumSegments - 1; i >= 0; --i) {
    const Segment& seg = model.segments[i];
    const Vec2 c = poses[i].toWorld(seg.com_S);
    sub[i].massKg += seg.massKg;
    sub[i].massMoment += seg.massKg * c;
    sub[i].inertiaOrigin += seg.inertiaKgm2 + seg.massKg * c.squaredNorm();
    if (seg.parent >= 0) {
      Composite& parent = sub[seg.parent];
      parent.massKg += sub[i].massKg;
      parent.massMoment += sub[i].massMoment;
      parent.inertiaOrigin += sub[i].inertiaOrigin;
    }
  }
  MatQ M = MatQ::Zero();
  const Composite& body = sub[0];
  M(kPelvisTx, kPelvisTx) = M(kPelvisTy, kPelvisTy) = body.massKg;
  for (int i = 0; i < kNumSegments; ++i) {
    // Unit rotation of subtree i about its joint p: linear momentum h = ẑ × (Σmc − m p), angular
    // momentum about a point o: Σ(I + m|c − o|²)-type sums, written with world-origin moments.
    const Composite& b = sub[i];
    const Vec2 p = poses[i].origin_W;
    const Vec2 r = b.massMoment - b.massKg * p;  // Σ m (c − p)
    const Vec2 h(-r.y(), r.x());
    const int col = kPelvisTilt + i;
    M(kPelvisTx, col) = M(col, kPelvisTx) = h.x();
    M(kPelvisTy, col) = M(col, kPelvisTy) = h.y();
    // Angular momentum about a joint o of a unit rotation about p:
    // Σ I + m (c − o)·(c − p) = J_origin − (o + p)·Σmc + m o·p.
    for (int a = i; a >= 0; a = model.segments[a].parent) {
      const Vec2 o = poses[a].origin_W;
      const double value = b.inertiaOrigin - (o + p).dot(b.massMoment) + b.massKg * o.dot(p);
      M(kPelvisTilt + a, col) = M(col, kPelvisTilt + a) = value;
    }
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
