#include "retrogait/analysis/muscle_metabolics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace retrogait {

namespace {

// Name without the "_r"/"_l" side suffix.
std::string_view baseName(std::string_view name) {
  if (name.size() > 2 && (name.ends_with("_r") || name.ends_with("_l"))) {
    name.remove_suffix(2);
  }
  return name;
}

}  // namespace

double slowTwitchFraction(std::string_view muscleName) {
  static constexpr std::array<std::pair<std::string_view, double>, 9> kTable = {{
      {"hamstrings", 0.5425},
      {"bifemsh", 0.529},
      {"glut_max", 0.55},
      {"iliopsoas", 0.50},
      {"rect_fem", 0.3865},
      {"vasti", 0.543},
      {"gastroc", 0.566},
      {"soleus", 0.803},
      {"tib_ant", 0.70},
  }};
  const std::string_view base = baseName(muscleName);
  for (const auto& [name, r] : kTable) {
    if (name == base) return r;
  }
  return 0.5;
}

MuscleMetabolicParams makeMuscleMetabolicParams(const MuscleSpec& muscle,
                                                const MetabolicSpec& spec) {
  MuscleMetabolicParams p;
  p.massKg = spec.muscleDensityKgPerM3 * muscle.optimalFiberLengthM * muscle.maxIsometricForceN /
             spec.specificTensionPa;
  p.slowTwitchFraction = slowTwitchFraction(muscle.name);
  const double r = p.slowTwitchFraction;
  p.activationHeatWPerKg = 128.0 * (1.0 - r) + 25.0;
  // Shortening coefficients per muscle type: fast 153 / v_max, slow 100 / (v_max / 2.5).
  const double vmax = muscle.maxContractionVelocityLoptPerS;
  const double alphaFast = 153.0 / vmax, alphaSlow = 100.0 / (vmax / 2.5);
  p.shorteningHeatCoefficient = alphaSlow * r + alphaFast * (1.0 - r);
  p.lengtheningHeatCoefficient = 0.3 * alphaSlow;
  p.inverseOptimalFiberLengthPerM = 1.0 / muscle.optimalFiberLengthM;
  return p;
}

MuscleEnergyRate computeMuscleEnergyRate(const MuscleSpec& muscle,
                                         const MuscleMetabolicParams& params,
                                         const MetabolicSpec& spec, double activation,
                                         const MuscleFiberState& fiber) {
  MuscleEnergyRate e;
  const double a = std::clamp(activation, 0.0, 1.0);
  const double S = spec.aerobicFactor;
  const bool stretched = fiber.normFiberLength > 1.0;
  const double fL = fiber.activeForceLengthMultiplier;

  // Activation and maintenance heat [W/kg].
  double hAM = a > 0 ? params.activationHeatWPerKg * std::pow(a, 0.6) * S : 0.0;  // pow: often 0
  if (stretched) hAM *= 0.4 + 0.6 * fL;

  // Shortening / lengthening heat [W/kg]; ṽ in optimal fiber lengths per second.
  const double v = fiber.fiberVelocityMps * params.inverseOptimalFiberLengthPerM;
  double hSL = v <= 0 ? -params.shorteningHeatCoefficient * v * a * a * S
                      : params.lengtheningHeatCoefficient * v * a * S;
  if (stretched) hSL *= fL;

  e.activationMaintenanceW = params.massKg * hAM;
  e.shorteningLengtheningW = params.massKg * hSL;
  e.heatW = params.massKg * std::max(hAM + hSL, spec.minimumHeatRateWPerKg);

  // Mechanical work rate of the contractile element [W] (+ when shortening).
  const double activeFiberForceN =
      a * fL * fiber.forceVelocityMultiplier * muscle.maxIsometricForceN;
  const double work = -activeFiberForceN * fiber.fiberVelocityMps;
  e.mechanicalWorkW = spec.includeNegativeWork ? work : std::max(0.0, work);
  e.totalW = e.heatW + e.mechanicalWorkW;
  return e;
}

double computeBasalRateW(const MetabolicSpec& spec, double bodyMassKg) {
  return spec.basalWPerKg * bodyMassKg;
}

double computeCostOfTransportJPerKgM(double metabolicPowerWPerKg, double speedMps) {
  return speedMps > 0 ? metabolicPowerWPerKg / speedMps : 0.0;
}

}  // namespace retrogait
