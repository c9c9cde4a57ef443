#pragma once
// Hill-type muscle with a rigid tendon, formulation of De Groote F, Kinney AL, Rao AV, Fregly BJ
// (2016) "Evaluation of direct collocation optimal control problem formulations for solving the
// muscle redundancy problem", Ann Biomed Eng 44:2922–2936 (supplementary curves):
// - active force–length: sum of three Gaussian-like terms of the normalized fiber length l̃;
//   b11 = 0.8150671134243542 (OpenSim DeGrooteFregly2016Muscle's value, which makes f_L(1) = 1);
// - passive force–length: (exp(k_PE (l̃ − 1)/e0) − c)/(exp(k_PE) − c), k_PE = 4, e0 = 0.6, with
//   c = exp(k_PE (0.2 − 1)/e0) so that it is zero at l̃ = 0.2 instead of negative below l̃ = 1
//   (the correction OpenSim applies to the published curve);
// - force–velocity: d1 ln(d2 ṽ + d3 + sqrt((d2 ṽ + d3)² + 1)) + d4 with ṽ = v_fiber /
//   (v_max l_opt) in [−1, 1], + = lengthening (d1, d4 refined so that f_V(0) = 1, as in OpenSim);
// - pennation with constant fiber thickness h = l_opt sin α_opt = l_M sin α;
// - tendon force F = F_max cos α (a f_L f_V + f_P): linear in activation a. No fiber damping.
// Rigid tendon: l_M cos α = L_MT − l_ts, so v_fiber = v_MT cos α.

#include "retrogait/model/model.h"

namespace retrogait {

/// Normalized fiber length below which the curves are not evaluated (De Groote 2016) [-].
inline constexpr double kMinNormFiberLength = 0.2;

/// Active force–length multiplier f_L(l̃) [-]; f_L(1) = 1.
double computeActiveForceLengthMultiplier(double normFiberLength);
/// Passive force–length multiplier f_P(l̃) [-]; 0 at l̃ = 0.2, 1 at l̃ = 1 + e0 = 1.6.
double computePassiveForceMultiplier(double normFiberLength);
/// Force–velocity multiplier f_V(ṽ) [-], ṽ clamped to [−1, 1]; f_V(0) = 1, f_V(−1) ≈ 0,
/// f_V(1) ≈ 1.8; never negative.
double computeForceVelocityMultiplier(double normFiberVelocity);

/// Fiber kinematics and force multipliers of one muscle for a given musculotendon state.
struct MuscleFiberState {
  double fiberLengthM = 0;                 ///< l_M [m]
  double normFiberLength = 0;              ///< l̃ = l_M / l_opt [-]
  double cosPennation = 1;                 ///< cos α [-]
  double fiberVelocityMps = 0;             ///< v_M [m/s], + = lengthening
  double normFiberVelocity = 0;            ///< ṽ = v_M / (v_max l_opt), clamped to [−1, 1] [-]
  double activeForceLengthMultiplier = 0;  ///< f_L [-]
  double forceVelocityMultiplier = 0;      ///< f_V [-]
  double passiveForceMultiplier = 0;       ///< f_P [-]
  bool clamped = false;  ///< L_MT so short (or v so fast) that a curve input was clamped
  /// α [rad]; computed on demand (the per-sample path needs only cos α).
  double pennationRad() const;
};

/// What the fiber state needs of a muscle's parameters, computed once per muscle.
struct MuscleFiberConstants {
  double optimalFiberLengthM = 0;  ///< l_opt [m]
  double tendonSlackLengthM = 0;   ///< l_ts [m]
  double thicknessM = 0;           ///< h = l_opt sin α_opt [m]
  double minAlongM = 0;            ///< l_M cos α at l̃ = 0.2: shortest fiber projection [m]
  double maxVelocityMps = 0;       ///< v_max l_opt [m/s]
  // Reciprocals, so that the per-sample pass multiplies instead of dividing.
  double inverseOptimalFiberLengthPerM = 0;  ///< 1 / l_opt [1/m]
  double inverseMaxVelocitySPerM = 0;        ///< 1 / (v_max l_opt) [s/m]
};

MuscleFiberConstants makeFiberConstants(const MuscleSpec& muscle);

/// Rigid-tendon fiber state for musculotendon length `lengthM` [m] and velocity `velocityMps`
/// [m/s] (+ = lengthening).
MuscleFiberState computeFiberState(const MuscleSpec& muscle, double lengthM, double velocityMps);
/// The same from the muscle's precomputed constants (the per-sample path).
MuscleFiberState computeFiberState(const MuscleFiberConstants& muscle, double lengthM,
                                   double velocityMps);

/// Tendon force as an affine function of activation: F(a) = activeN · a + passiveN [N].
struct MuscleForceCoefficients {
  double activeN = 0;   ///< F_max cos α f_L f_V [N]
  double passiveN = 0;  ///< F_max cos α f_P [N]
  double forceN(double activation) const { return activeN * activation + passiveN; }
};

MuscleForceCoefficients computeForceCoefficients(const MuscleSpec& muscle,
                                                 const MuscleFiberState& fiber);

}  // namespace retrogait
