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

std::optional<double> measuredMuscleVolumeM3(std::string_view muscleName, double heightM,
                                             double massKg) {
  // Handsfield et al. (2014) Supplementary Table 3: volume [cm³] = slope · h m + intercept, per
  // anatomical muscle, grouped into the lumped muscle it is part of.
  struct Part {
    std::string_view lumped;
    double slopeCm3PerKgM, interceptCm3;
  };
  static constexpr std::array<Part, 15> kParts = {{
      {"hamstrings", 1.24, 53.0},  // biceps femoris long head
      {"hamstrings", 1.54, 54.5},  // semimembranosus
      {"hamstrings", 1.27, 29.1},  // semitendinosus
      {"bifemsh", 0.738, 8.64},    // biceps femoris short head
      {"glut_max", 6.01, 105.0},   // gluteus maximus
      {"iliopsoas", 1.11, 39.4},   // iliacus
      {"iliopsoas", 2.43, -26.3},  // psoas
      {"rect_fem", 1.71, 56.9},    // rectus femoris
      {"vasti", 1.29, 111.0},      // vastus intermedius
      {"vasti", 5.89, 102.0},      // vastus lateralis
      {"vasti", 3.03, 57.6},       // vastus medialis
      {"gastroc", 1.08, 15.7},     // lateral head
      {"gastroc", 1.71, 46.2},     // medial head
      {"soleus", 2.57, 120.0},     // soleus
      {"tib_ant", 0.796, 36.7},    // tibialis anterior
  }};
  const std::string_view base = baseName(muscleName);
  double volumeCm3 = 0;
  bool found = false;
  for (const Part& part : kParts) {
    if (part.lumped != base) continue;
    volumeCm3 += part.slopeCm3PerKgM * heightM * massKg + part.interceptCm3;
    found = true;
  }
  if (!found) return std::nullopt;
  return volumeCm3 * 1e-6;
}

MuscleMetabolicParams makeMuscleMetabolicParams(const MuscleSpec& muscle, const MetabolicSpec& spec,
                                                const SubjectSpec& subject) {
  MuscleMetabolicParams p;
  const std::optional<double> volume =
      spec.massSource == MuscleMassSource::kMeasuredVolume
          ? measuredMuscleVolumeM3(muscle.name, subject.heightM, subject.massKg)
          : std::nullopt;
  p.massKg = volume ? spec.muscleDensityKgPerM3 * *volume
                    : spec.muscleDensityKgPerM3 * muscle.optimalFiberLengthM *
                          muscle.maxIsometricForceN / spec.specificTensionPa;
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

double computeAcsmWalkingPowerWPerKg(double speedMps, double grade) {
  constexpr double kJoulesPerMlO2 = 20.1;
  const double s = speedMps * 60.0;  // m/min
  return (3.5 + 0.1 * s + 1.8 * s * grade) * kJoulesPerMlO2 / 60.0;
}

double computeCostOfTransportJPerKgM(double metabolicPowerWPerKg, double speedMps) {
  return speedMps > 0 ? metabolicPowerWPerKg / speedMps : 0.0;
}

}  // namespace retrogait
