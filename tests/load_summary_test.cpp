// Joint and muscle demand summaries (analysis/load_summary.h) on a synthetic walk with known
// channels: peaks, work, means, cycle coverage, window peaks and cycle curves are checked
// against their closed forms.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "retrogait/analysis/load_summary.h"
#include "test_support.h"

using namespace retrogait;
using namespace retrogait::test;

namespace {

constexpr double kCycleS = 1.0;

// Physics samples: feet loaded in alternation, stance 60 % of a 1 s cycle (right contact at
// whole seconds).
TimeSeries syntheticWalk(double durationS, double dt) {
  TimeSeries series;
  for (long k = 0; k * dt <= durationS + 1e-9; ++k) {
    Sample s;
    s.timeS = k * dt;
    for (int side = 0; side < 2; ++side) {
      const double phase = std::fmod(s.timeS + (side == 0 ? 0.0 : 0.5) + kCycleS, kCycleS);
      s.grf_W[side] = phase < 0.6 ? Vec2(0, 600.0) : Vec2::Zero();
    }
    s.com_W = Vec2(1.2 * s.timeS, 1.0);
    s.q[kKneeR] = -degToRad(30.0) * (1 - std::cos(2 * kPi * s.timeS));
    series.push_back(s);
  }
  return series;
}

// Analysis samples at `rateHz` with closed-form right-leg channels.
AnalysisSeries syntheticAnalysis(const Model& model, double durationS, double rateHz) {
  AnalysisSeries series;
  const int knee = actuatedIndex(Side::kRight, JointType::kKnee);
  const int ankle = actuatedIndex(Side::kRight, JointType::kAnkle);
  const auto vasti = static_cast<std::size_t>(model.muscleIndex("vasti_r"));
  for (long k = 0; k / rateHz <= durationS + 1e-9; ++k) {
    AnalysisSample a;
    a.timeS = k / rateHz;
    const double w = 2 * kPi * a.timeS / kCycleS;
    a.jointMomentNm[knee] = 70.0 * std::sin(w);         // ext peak 70, flexor peak 70
    a.jointMomentNm[ankle] = 100.0 + 20 * std::sin(w);  // never flexor: flexor peak 0
    a.jointPowerW[knee] = 140.0 * std::sin(w);          // ∫⁺ = 140/π J per cycle
    a.jointPowerW[ankle] = 50.0;                        // generation only: 50 J per cycle
    a.activation[vasti] = 0.5 + 0.5 * std::sin(w);      // peak 1, mean 0.5
    a.tendonForceN[vasti] = 686.7 * (1 + std::sin(w));  // peak 1373.4 N
    a.contactBw[0][static_cast<int>(ContactJoint::kPatellofemoral)] = 2 + std::sin(w);
    a.contactBw[1][static_cast<int>(ContactJoint::kPatellofemoral)] = 9;  // left: not reported
    a.metabolicPowerWPerKg = 3.0 + std::sin(w);                           // mean 3
    a.reserveMomentNm[actuatedIndex(Side::kLeft, JointType::kHip)] = a.timeS < 2 ? -40 : -4;
    a.torqueResidualNm[0] = a.timeS > 9.5 ? 1.0 : 1e-12;
    series.push_back(a);
  }
  return series;
}

}  // namespace

TEST(LoadSummary, SyntheticWalkGivesClosedFormDemand) {
  const Model model = defaultModel();  // 70 kg
  const double mass = model.totalMassKg(), weight = mass * kGravityMps2;
  const TimeSeries walk = syntheticWalk(10.2, 0.002);
  const AnalysisSeries analysis = syntheticAnalysis(model, 10.2, 100);
  const Ground level;
  const auto cycles = cyclesWithin(cutCycles(walk, detectGaitEvents(walk, level), level), 3.0, 9.0);
  ASSERT_EQ(cycles.size(), 6u);  // 3–4, …, 8–9 s
  const LoadSummary s = summarizeLoads(model, analysis, cycles, 3.0, 9.0, 1.2);
  EXPECT_EQ(s.cycles, 6);
  const JointDemand& knee = s.joints[static_cast<int>(JointType::kKnee)];
  EXPECT_NEAR(knee.peakExtensorMomentNmPerKg, 70.0 / mass, 1e-3 / mass);
  EXPECT_NEAR(knee.peakFlexorMomentNmPerKg, 70.0 / mass, 1e-3 / mass);
  // Trapezoid rule at 100 Hz: 0.03 % below the integral of the sine.
  EXPECT_NEAR(knee.positiveWorkJPerKg, 140.0 / kPi / mass, 1e-3 * 140.0 / kPi / mass);
  EXPECT_NEAR(knee.negativeWorkJPerKg, -140.0 / kPi / mass, 1e-3 * 140.0 / kPi / mass);
  const JointDemand& ankle = s.joints[static_cast<int>(JointType::kAnkle)];
  EXPECT_NEAR(ankle.peakExtensorMomentNmPerKg, 120.0 / mass, 1e-3 / mass);
  EXPECT_EQ(ankle.peakFlexorMomentNmPerKg, 0.0);
  EXPECT_NEAR(ankle.positiveWorkJPerKg, 50.0 / mass, 1e-9);
  EXPECT_EQ(ankle.negativeWorkJPerKg, 0.0);
  const JointDemand& hip = s.joints[static_cast<int>(JointType::kHip)];
  EXPECT_EQ(hip.peakExtensorMomentNmPerKg, 0.0);
  EXPECT_EQ(hip.positiveWorkJPerKg, 0.0);

  ASSERT_EQ(s.muscles.size(), 9u);  // the right leg's muscles, model order
  for (const MuscleDemand& m : s.muscles) {
    EXPECT_EQ(model.muscles[static_cast<std::size_t>(m.muscle)].side, Side::kRight);
  }
  const auto vasti = std::find_if(s.muscles.begin(), s.muscles.end(), [&](const MuscleDemand& m) {
    return m.muscle == model.muscleIndex("vasti_r");
  });
  ASSERT_NE(vasti, s.muscles.end());
  EXPECT_NEAR(vasti->peakActivation, 1.0, 1e-4);
  EXPECT_NEAR(vasti->meanActivation, 0.5, 1e-9);
  EXPECT_NEAR(vasti->peakForceBw, 2 * 686.7 / weight, 1e-3);
  EXPECT_NEAR(s.contactPeakBw[static_cast<int>(ContactJoint::kPatellofemoral)], 3.0, 1e-4);
  EXPECT_EQ(s.contactPeakBw[static_cast<int>(ContactJoint::kHip)], 0.0);
  EXPECT_NEAR(s.metabolicPowerWPerKg, 3.0, 1e-9);
  EXPECT_NEAR(s.costOfTransportJPerKgM, 3.0 / 1.2, 1e-9);
  // Window peaks: reserves and residuals inside [3, 9] s only.
  EXPECT_EQ(s.reservePeakNm, 4.0);
  EXPECT_EQ(s.residualPeakNm, 1e-12);
  EXPECT_EQ(s.windowSamples, 601);
  // Not moving forward: no cost of transport.
  EXPECT_EQ(summarizeLoads(model, analysis, cycles, 3.0, 9.0, 0.0).costOfTransportJPerKgM, 0.0);
}

// Work and means do not depend on where the analysis samples fall in the cycle: a rate that
// does not divide the cycle (every 3 ms) gives the same numbers up to the trapezoid rule's error
// (the cycle ends are interpolated; cutting at the nearest sample instead would be off by about
// P·h = 0.4 J, 6e-3 J/kg).
TEST(LoadSummary, IndependentOfTheSamplePhase) {
  const Model model = defaultModel();
  const TimeSeries walk = syntheticWalk(10.2, 0.002);
  const Ground level;
  const auto cycles = cyclesWithin(cutCycles(walk, detectGaitEvents(walk, level), level), 3.0, 9.0);
  const LoadSummary a = summarizeLoads(model, syntheticAnalysis(model, 10.2, 100), cycles, 3, 9, 1);
  const LoadSummary b =
      summarizeLoads(model, syntheticAnalysis(model, 10.2, 1000.0 / 3), cycles, 3, 9, 1);
  const int k = static_cast<int>(JointType::kKnee);
  EXPECT_NEAR(a.joints[k].positiveWorkJPerKg, b.joints[k].positiveWorkJPerKg, 3e-4);
  EXPECT_NEAR(a.joints[k].negativeWorkJPerKg, b.joints[k].negativeWorkJPerKg, 3e-4);
  EXPECT_NEAR(a.metabolicPowerWPerKg, b.metabolicPowerWPerKg, 1e-4);
}

// Cycles not covered by the analysis samples are left out (e.g. the last one of a run whose
// final steps were not analysed); an empty series covers nothing.
TEST(LoadSummary, OnlyCoveredCyclesAreSummarised) {
  const Model model = defaultModel();
  const TimeSeries walk = syntheticWalk(10.2, 0.002);
  const Ground level;
  const auto cycles = cutCycles(walk, detectGaitEvents(walk, level), level);
  ASSERT_EQ(cycles.size(), 10u);
  const AnalysisSeries analysis = syntheticAnalysis(model, 7.5, 100);  // ends at 7.5 s
  const auto covered = cyclesCoveredBy(analysis, cycles);
  ASSERT_EQ(covered.size(), 7u);  // 0–1, …, 6–7 s
  EXPECT_NEAR(covered.back().endS, 7.0, 1e-9);
  EXPECT_EQ(summarizeLoads(model, analysis, cycles, 0, 10.2, 1).cycles, 7);
  EXPECT_TRUE(cyclesCoveredBy(AnalysisSeries{}, cycles).empty());
  const LoadSummary none = summarizeLoads(model, AnalysisSeries{}, cycles, 0, 10.2, 1);
  EXPECT_EQ(none.cycles, 0);
  EXPECT_EQ(none.windowSamples, 0);
}

TEST(LoadSummary, CycleCurvesOfAnalysisChannels) {
  const Model model = defaultModel();
  const TimeSeries walk = syntheticWalk(6.2, 0.002);
  const AnalysisSeries analysis = syntheticAnalysis(model, 6.2, 100);
  const Ground level;
  const auto cycles = cutCycles(walk, detectGaitEvents(walk, level), level);
  const int knee = actuatedIndex(Side::kRight, JointType::kKnee);
  const CycleCurve c = computeCycleCurve(
      analysis, cycles, [knee](const AnalysisSample& a) { return a.jointMomentNm[knee]; });
  ASSERT_EQ(c.cycles, 6);
  for (int p = 0; p < kCyclePoints; ++p) {
    EXPECT_NEAR(c.mean[static_cast<std::size_t>(p)], 70 * std::sin(2 * kPi * p / 100.0), 0.15) << p;
    EXPECT_LT(c.sd[static_cast<std::size_t>(p)], 1e-6);
  }
  // The named set of cycles.csv: physics channels first, then the estimator's.
  const auto curves = computeRightLegCycleCurves(model, walk, analysis, cycles, 1.0);
  ASSERT_FALSE(curves.empty());
  EXPECT_EQ(curves.front().name, "hip_flexion_deg");
  auto find = [&](const std::string& name) {
    for (const auto& nc : curves) {
      if (nc.name == name) return &nc.curve;
    }
    ADD_FAILURE() << name << " missing";
    return static_cast<const CycleCurve*>(nullptr);
  };
  const CycleCurve* kneeAngle = find("knee_flexion_deg");
  const CycleCurve* kneeMoment = find("knee_extensor_moment_nm_per_kg");
  const CycleCurve* vasti = find("vasti_r_activation");
  const CycleCurve* pf = find("patellofemoral_contact_bw");
  ASSERT_TRUE(kneeAngle && kneeMoment && vasti && pf);
  EXPECT_NEAR(kneeAngle->mean[50], 60.0, 0.1);
  EXPECT_NEAR(kneeMoment->mean[25], 70.0 / model.totalMassKg(), 0.01);
  EXPECT_NEAR(vasti->mean[25], 1.0, 1e-3);
  EXPECT_NEAR(pf->mean[75], 1.0, 1e-3);
  EXPECT_NEAR(find("grf_vertical_bw")->mean[10], 600.0 / (model.totalMassKg() * kGravityMps2),
              1e-9);
  // Without estimator samples only the physics channels remain.
  EXPECT_EQ(computeRightLegCycleCurves(model, walk, AnalysisSeries{}, cycles, 1.0).size(), 5u);
}
