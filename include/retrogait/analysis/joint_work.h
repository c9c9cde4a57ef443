#pragma once
// Positive and negative mechanical work of a joint from its power curve, as gait labs report
// them per stride: the integral of the positive part (generation) and of the negative part
// (absorption) of P(t) = Q q̇ (see inverse_dynamics.h for the sign of Q).

#include <span>

namespace retrogait {

struct JointWork {
  double positiveJ = 0;  ///< ∫ max(P, 0) dt [J] (≥ 0)
  double negativeJ = 0;  ///< ∫ min(P, 0) dt [J] (≤ 0)
};

/// Work of a sampled power curve, P linear between samples (trapezoid rule split exactly at the
/// zero crossings). `timeS` must increase; sizes must match (extra samples are ignored).
JointWork computeJointWork(std::span<const double> timeS, std::span<const double> powerW);

}  // namespace retrogait
