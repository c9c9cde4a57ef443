// Umberger (2010) muscle energy model: analytic isometric, shortening, lengthening and stretched
// cases, the heat floor, basal rate and cost of transport.

#include <gtest/gtest.h>

#include <cmath>

#include "retrogait/analysis/hill_muscle.h"
#include "retrogait/analysis/muscle_metabolics.h"
#include "retrogait/model/model_loader.h"

using namespace retrogait;

namespace {

const Model& testModel() {
  static const Model model = [] {
    auto m = loadModel(defaultModelFile());
    EXPECT_TRUE(m) << m.error();
    return m.value();
  }();
  return model;
}

const MuscleSpec& muscle(const char* name) {
  return testModel().muscles[std::size_t(testModel().muscleIndex(name))];
}

// A fiber state with given normalized length and fiber velocity [m/s].
MuscleFiberState fiberAt(const MuscleSpec& m, double normLength, double velocityMps) {
  MuscleFiberState f;
  f.normFiberLength = normLength;
  f.fiberLengthM = normLength * m.optimalFiberLengthM;
  f.fiberVelocityMps = velocityMps;
  f.normFiberVelocity = velocityMps / (m.maxContractionVelocityLoptPerS * m.optimalFiberLengthM);
  f.activeForceLengthMultiplier = computeActiveForceLengthMultiplier(normLength);
  f.forceVelocityMultiplier = computeForceVelocityMultiplier(f.normFiberVelocity);
  f.passiveForceMultiplier = computePassiveForceMultiplier(normLength);
  return f;
}

}  // namespace

TEST(Metabolics, MuscleMassAndFiberTypes) {
  const MuscleSpec& vasti = muscle("vasti_r");
  MetabolicSpec spec;
  spec.massSource = MuscleMassSource::kSpecificTension;
  const MuscleMetabolicParams p = makeMuscleMetabolicParams(vasti, spec, testModel().subject);
  EXPECT_NEAR(p.massKg, 1059.7 * vasti.optimalFiberLengthM * vasti.maxIsometricForceN / 0.25e6,
              1e-12);
  // Measured volume (the default): the three vasti of Handsfield et al. (2014) for h m =
  // 1.75 m × 70 kg: (1.29 + 5.89 + 3.03) · 122.5 + 111 + 102 + 57.6 = 1521.325 cm³.
  const SubjectSpec subject{1.75, 70.0, Sex::kMale};
  EXPECT_NEAR(makeMuscleMetabolicParams(vasti, MetabolicSpec{}, subject).massKg,
              1059.7 * 1521.325e-6, 1e-9);
  EXPECT_FALSE(measuredMuscleVolumeM3("not_a_muscle_r", 1.75, 70.0));
  EXPECT_DOUBLE_EQ(p.slowTwitchFraction, 0.543);
  EXPECT_DOUBLE_EQ(slowTwitchFraction("soleus_l"), 0.803);
  EXPECT_DOUBLE_EQ(slowTwitchFraction("tib_ant"), 0.70);
  EXPECT_DOUBLE_EQ(slowTwitchFraction("not_a_muscle_r"), 0.5);
}

// Isometric at optimal length: Ė = m (128 (1 − r) + 25) a^0.6 S, no shortening heat, no work.
TEST(Metabolics, IsometricIsActivationMaintenanceOnly) {
  const MuscleSpec& sol = muscle("soleus_r");
  const MetabolicSpec spec;
  const MuscleMetabolicParams p = makeMuscleMetabolicParams(sol, spec, testModel().subject);
  const double a = 0.4;
  const MuscleEnergyRate e = computeMuscleEnergyRate(sol, p, spec, a, fiberAt(sol, 1.0, 0.0));
  const double expected = p.massKg * (128 * (1 - 0.803) + 25) * std::pow(a, 0.6) * 1.5;
  EXPECT_NEAR(e.activationMaintenanceW, expected, 1e-9);
  EXPECT_EQ(e.shorteningLengtheningW, 0.0);
  EXPECT_EQ(e.mechanicalWorkW, 0.0);
  EXPECT_NEAR(e.totalW, expected, 1e-9);
}

// Shortening at 2 l_opt/s with v_max = 10 l_opt/s: α_S,slow = 25, α_S,fast = 15.3 W/kg per
// l_opt/s; ḣ_SL = (25 r + 15.3 (1 − r)) · 2 · a² · S; ẇ = a f_L f_V F_max |v|.
TEST(Metabolics, ShorteningAddsShorteningHeatAndPositiveWork) {
  const MuscleSpec& vas = muscle("vasti_r");
  ASSERT_DOUBLE_EQ(vas.maxContractionVelocityLoptPerS, 10.0);
  const MetabolicSpec spec;
  const MuscleMetabolicParams p = makeMuscleMetabolicParams(vas, spec, testModel().subject);
  const double a = 0.5, v = -2.0 * vas.optimalFiberLengthM;
  const MuscleFiberState f = fiberAt(vas, 0.9, v);
  const MuscleEnergyRate e = computeMuscleEnergyRate(vas, p, spec, a, f);
  const double r = 0.543;
  const double hAM = (128 * (1 - r) + 25) * std::pow(a, 0.6) * 1.5;
  const double hSL = (25.0 * r + 15.3 * (1 - r)) * 2.0 * a * a * 1.5;
  const double work = a * f.activeForceLengthMultiplier * f.forceVelocityMultiplier *
                      vas.maxIsometricForceN * 2.0 * vas.optimalFiberLengthM;
  EXPECT_NEAR(e.activationMaintenanceW, p.massKg * hAM, 1e-9);
  EXPECT_NEAR(e.shorteningLengtheningW, p.massKg * hSL, 1e-9);
  EXPECT_NEAR(e.mechanicalWorkW, work, 1e-9);
  EXPECT_NEAR(e.totalW, p.massKg * (hAM + hSL) + work, 1e-9);
}

// Lengthening at 1 l_opt/s: ḣ_SL = 0.3 α_S,slow v a S = 7.5 · 1 · a · S; the (negative) work is
// excluded in Umberger 2010 and included in the 2003 variant.
TEST(Metabolics, LengtheningHeatAndNegativeWork) {
  const MuscleSpec& ta = muscle("tib_ant_r");
  MetabolicSpec spec;
  const MuscleMetabolicParams p = makeMuscleMetabolicParams(ta, spec, testModel().subject);
  const double a = 0.3, v = ta.optimalFiberLengthM;
  const MuscleFiberState f = fiberAt(ta, 1.0, v);
  const MuscleEnergyRate e = computeMuscleEnergyRate(ta, p, spec, a, f);
  EXPECT_NEAR(e.shorteningLengtheningW, p.massKg * 7.5 * a * 1.5, 1e-9);
  EXPECT_EQ(e.mechanicalWorkW, 0.0);
  spec.includeNegativeWork = true;
  const MuscleEnergyRate e2003 = computeMuscleEnergyRate(ta, p, spec, a, f);
  const double work =
      -a * f.activeForceLengthMultiplier * f.forceVelocityMultiplier * ta.maxIsometricForceN * v;
  EXPECT_NEAR(e2003.mechanicalWorkW, work, 1e-9);
  EXPECT_LT(e2003.mechanicalWorkW, 0);
}

// Beyond optimal length the heat terms scale with the force–length factor.
TEST(Metabolics, StretchedFiberScalesHeatByForceLength) {
  const MuscleSpec& ham = muscle("hamstrings_r");
  const MetabolicSpec spec;
  const MuscleMetabolicParams p = makeMuscleMetabolicParams(ham, spec, testModel().subject);
  const double a = 0.6, v = -1.0 * ham.optimalFiberLengthM;
  const MuscleFiberState f = fiberAt(ham, 1.3, v);
  const double fL = f.activeForceLengthMultiplier;
  ASSERT_LT(fL, 0.9);
  const MuscleEnergyRate e = computeMuscleEnergyRate(ham, p, spec, a, f);
  const double r = 0.5425;
  const double hAM = (128 * (1 - r) + 25) * std::pow(a, 0.6) * 1.5 * (0.4 + 0.6 * fL);
  const double hSL = (25.0 * r + 15.3 * (1 - r)) * 1.0 * a * a * 1.5 * fL;
  EXPECT_NEAR(e.activationMaintenanceW, p.massKg * hAM, 1e-9);
  EXPECT_NEAR(e.shorteningLengtheningW, p.massKg * hSL, 1e-9);
}

// An inactive muscle still costs the heat floor, 1.0 W/kg of muscle (Umberger et al. 2003).
TEST(Metabolics, HeatFloorAndWholeBody) {
  const MuscleSpec& gl = muscle("glut_max_r");
  MetabolicSpec spec;
  const MuscleMetabolicParams p = makeMuscleMetabolicParams(gl, spec, testModel().subject);
  const MuscleEnergyRate e = computeMuscleEnergyRate(gl, p, spec, 0.0, fiberAt(gl, 1.0, 0.0));
  EXPECT_NEAR(e.totalW, p.massKg * 1.0, 1e-12);
  spec.minimumHeatRateWPerKg = 0;
  EXPECT_EQ(computeMuscleEnergyRate(gl, p, spec, 0.0, fiberAt(gl, 1.0, 0.0)).totalW, 0.0);
  EXPECT_NEAR(computeBasalRateW(MetabolicSpec{}, 70.0), 84.0, 1e-12);
  EXPECT_NEAR(computeCostOfTransportJPerKgM(4.2, 1.2), 3.5, 1e-12);
  EXPECT_EQ(computeCostOfTransportJPerKgM(4.2, 0.0), 0.0);
}

// The ACSM walking equation by hand: at 1.25 m/s (75 m/min) level, VO2 = 3.5 + 7.5 = 11 ml O2/(kg
// min) → 11 × 20.1 / 60 = 3.685 W/kg; at a 10 % grade 1.8 · 75 · 0.1 = 13.5 more ml → 8.2075 W/kg.
TEST(Metabolics, AcsmWalkingEquation) {
  EXPECT_NEAR(computeAcsmWalkingPowerWPerKg(1.25, 0.0), 11.0 * 20.1 / 60.0, 1e-12);
  EXPECT_NEAR(computeAcsmWalkingPowerWPerKg(1.25, 0.1), 24.5 * 20.1 / 60.0, 1e-12);
  EXPECT_NEAR(computeAcsmWalkingPowerWPerKg(0.0, 0.0), 3.5 * 20.1 / 60.0, 1e-12);  // resting
}
