#pragma once
// Rigid-body dynamics quantities of the planar tree on our own model (no Bullet): point and
// COM Jacobians and the joint-space mass matrix. Used by the contact model (effective masses),
// the controller's implicit PD (q̈ prediction) and the analysis (inverse dynamics checks).

#include <Eigen/Core>

#include "retrogait/model/kinematics.h"

namespace retrogait {

using MatQ = Eigen::Matrix<double, kNumDof, kNumDof>;
using PointJacobian = Eigen::Matrix<double, 2, kNumDof>;

/// d p_W / d q for a world point p rigidly attached to `segment`.
PointJacobian computePointJacobian(const Model& model, const SegmentPoses& poses, int segment,
                                   const Vec2& p_W);

/// Joint-space mass matrix M(q) [kg, kg·m, kg·m²]: kinetic energy = ½ q̇ᵀ M q̇ (composite
/// rigid bodies, about 1.6k instructions a call).
MatQ computeMassMatrix(const Model& model, const SegmentPoses& poses);

/// M(q)⁻¹, through the Cholesky factor of M with fixed-size loops (Eigen's solve() takes its
/// dynamic-size triangular path at this size, ~3k instructions a call).
MatQ computeInverseMassMatrix(const Model& model, const SegmentPoses& poses);

}  // namespace retrogait
