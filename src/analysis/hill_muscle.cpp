#include "retrogait/analysis/hill_muscle.h"

#include <algorithm>
#include <cmath>

namespace retrogait {

namespace {

// De Groote et al. (2016) supplement; b11, d1 and d4 with the extra digits that make the curves
// pass exactly through 1 at l̃ = 1 and ṽ = 0 (as in OpenSim's DeGrooteFregly2016Muscle).
constexpr double kB[3][4] = {
    {0.8150671134243542, 1.055033428970575, 0.162384573599574, 0.063303448465465},
    {0.433004984392647, 0.716775413397760, -0.029947116970696, 0.200356847296188},
    {0.1, 1.0, 0.353553390593274, 0.0},
};
constexpr double kPE = 4.0, kE0 = 0.6;
constexpr double kD1 = -0.3211346127989808, kD2 = -8.149, kD3 = -0.374, kD4 = 0.8825327733249912;

}  // namespace

double computeActiveForceLengthMultiplier(double normFiberLength) {
  const double l = normFiberLength;
  double f = 0;
  for (int k = 0; k < 2; ++k) {
    const auto& b = kB[k];
    const double width = b[2] + b[3] * l;
    const double d = l - b[1];
    f += b[0] * std::exp(-0.5 * d * d / (width * width));
  }
  // The third Gaussian has a constant width (b[3] = 0): its exponent's scale is a constant.
  constexpr double kThirdScale = -0.5 / (kB[2][2] * kB[2][2]);
  const double d = l - kB[2][1];
  return f + kB[2][0] * std::exp(kThirdScale * d * d);
}

double computePassiveForceMultiplier(double normFiberLength) {
  static const double offset = std::exp(kPE * (kMinNormFiberLength - 1.0) / kE0);
  static const double inverseDenominator = 1.0 / (std::exp(kPE) - offset);
  const double l = std::max(normFiberLength, kMinNormFiberLength);
  return (std::exp(kPE / kE0 * (l - 1.0)) - offset) * inverseDenominator;
}

double computeForceVelocityMultiplier(double normFiberVelocity) {
  const double v = std::clamp(normFiberVelocity, -1.0, 1.0);
  const double x = kD2 * v + kD3;
  return std::max(0.0, kD1 * std::log(x + std::sqrt(x * x + 1.0)) + kD4);
}

MuscleFiberConstants makeFiberConstants(const MuscleSpec& muscle) {
  MuscleFiberConstants c;
  const double lopt = muscle.optimalFiberLengthM;
  c.optimalFiberLengthM = lopt;
  c.inverseOptimalFiberLengthPerM = 1.0 / lopt;
  c.tendonSlackLengthM = muscle.tendonSlackLengthM;
  c.thicknessM = lopt * std::sin(muscle.pennationAtOptimalRad);
  const double minFiber = kMinNormFiberLength * lopt;
  c.minAlongM = std::sqrt(std::max(0.0, minFiber * minFiber - c.thicknessM * c.thicknessM));
  c.maxVelocityMps = muscle.maxContractionVelocityLoptPerS * lopt;
  c.inverseMaxVelocitySPerM = 1.0 / c.maxVelocityMps;
  return c;
}

MuscleFiberState computeFiberState(const MuscleSpec& muscle, double lengthM, double velocityMps) {
  return computeFiberState(makeFiberConstants(muscle), lengthM, velocityMps);
}

MuscleFiberState computeFiberState(const MuscleFiberConstants& muscle, double lengthM,
                                   double velocityMps) {
  MuscleFiberState s;
  const double thickness = muscle.thicknessM;
  // Fiber length projected on the tendon; it cannot make the fiber shorter than 0.2 l_opt.
  double along = lengthM - muscle.tendonSlackLengthM;
  if (along < muscle.minAlongM) {
    along = muscle.minAlongM;
    s.clamped = true;
  }
  if (thickness > 0) {
    s.fiberLengthM = std::sqrt(thickness * thickness + along * along);
    s.cosPennation = s.fiberLengthM > 0 ? along / s.fiberLengthM : 1.0;
  } else {
    // Parallel fibers: sqrt(along²) is along exactly (along > 0), and the cosine is 1.
    s.fiberLengthM = along;
    s.cosPennation = 1.0;
  }
  s.normFiberLength = s.fiberLengthM * muscle.inverseOptimalFiberLengthPerM;
  s.fiberVelocityMps = s.clamped ? 0.0 : velocityMps * s.cosPennation;
  const double normVelocity = s.fiberVelocityMps * muscle.inverseMaxVelocitySPerM;
  s.normFiberVelocity = std::clamp(normVelocity, -1.0, 1.0);
  if (s.normFiberVelocity != normVelocity) s.clamped = true;
  s.activeForceLengthMultiplier = computeActiveForceLengthMultiplier(s.normFiberLength);
  s.forceVelocityMultiplier = computeForceVelocityMultiplier(s.normFiberVelocity);
  s.passiveForceMultiplier = computePassiveForceMultiplier(s.normFiberLength);
  return s;
}

double MuscleFiberState::pennationRad() const {
  return std::acos(std::clamp(cosPennation, -1.0, 1.0));
}

MuscleForceCoefficients computeForceCoefficients(const MuscleSpec& muscle,
                                                 const MuscleFiberState& fiber) {
  const double scale = muscle.maxIsometricForceN * fiber.cosPennation;
  return {scale * fiber.activeForceLengthMultiplier * fiber.forceVelocityMultiplier,
          scale * fiber.passiveForceMultiplier};
}

}  // namespace retrogait
