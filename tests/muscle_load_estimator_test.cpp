// The whole estimator on one sample and along a simulated walk: moment balance with reserves,
// residual against the applied torques, finite outputs everywhere.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "retrogait/analysis/muscle_load_estimator.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/model/model_loader.h"
#include "retrogait/sim/simulation.h"

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

// Σ_i r_ji T_i + reserve_j = Q_j − passive_j for every leg joint.
void expectMomentBalance(const Model& model, const EstimatorInput& in,
                         const MuscleLoadEstimate& e) {
  for (Side side : kSides) {
    const int s = static_cast<int>(side);
    Eigen::Vector3d produced = e.reserveMomentNm[s];
    for (int i = 0; i < e.muscleCount; ++i) {
      if (model.muscles[std::size_t(i)].side != side) continue;
      for (int j = 0; j < 3; ++j) {
        produced[j] +=
            e.geometry[std::size_t(i)].momentArmM[j] * e.muscles[std::size_t(i)].tendonForceN;
      }
    }
    for (JointType jt : kJointTypes) {
      const double target = e.dynamics.generalizedForce[dofOf(side, jt)] -
                            in.passiveJointTorqueNm[actuatedIndex(side, jt)];
      EXPECT_NEAR(produced[static_cast<int>(jt)], target, 1e-8 * (1 + std::abs(target)));
    }
  }
}

}  // namespace

// Quiet standing on both feet: muscles carry the moments (reserves tiny), everything bounded.
TEST(MuscleLoadEstimator, QuietStandingIsCarriedByMuscles) {
  const Model& model = testModel();
  EstimatorSpec spec;
  const EstimatorTables tables = buildEstimatorTables(model, spec);
  ASSERT_TRUE(tables.complete);
  ASSERT_EQ(tables.muscleCount, 18);
  EstimatorInput in;
  in.q[kPelvisTy] = model.legLengthM;
  in.q[kPelvisTilt] = model.uprightPelvisTiltRad;
  in.q[kHipR] = in.q[kHipL] = -model.uprightPelvisTiltRad;  // vertical legs
  const SegmentPoses poses = computePoses(model, in.q);
  const Vec2 com = computeCom(model, poses);
  const double W = model.totalMassKg() * kGravityMps2;
  in.external.add({footSegment(Side::kRight), Vec2(0, W / 2), Vec2(com.x(), 0)});
  in.external.add({footSegment(Side::kLeft), Vec2(0, W / 2), Vec2(com.x(), 0)});
  MuscleLoadEstimate e;
  estimateMuscleLoad(model, tables, in, spec, e);
  EXPECT_TRUE(e.converged);
  expectMomentBalance(model, in, e);
  EXPECT_LT(e.reservePeakNm, 0.05);
  EXPECT_NEAR(e.dynamics.generalizedForce.head<3>().norm(), 0, 1e-9 * W);
  for (int i = 0; i < e.muscleCount; ++i) {
    EXPECT_GE(e.muscles[std::size_t(i)].activation, 0);
    EXPECT_LT(e.muscles[std::size_t(i)].activation, 0.2) << model.muscles[std::size_t(i)].name;
  }
  // Standing: each hip carries about half the HAT's weight plus muscle compression.
  const double hatWeight = model.segments[kHat].massKg * kGravityMps2;
  for (int s = 0; s < 2; ++s) {
    EXPECT_GT(e.contact.compressiveN[s][0], 0.45 * hatWeight);
    EXPECT_GT(e.contact.compressiveN[s][1], 0);
    EXPECT_GT(e.contact.compressiveN[s][2], 0);
  }
  // Whole-body rate = basal + Σ muscles, per body mass.
  double sum = computeBasalRateW(spec.metabolics, model.totalMassKg());
  for (int i = 0; i < e.muscleCount; ++i) sum += e.muscles[std::size_t(i)].metabolicRateW;
  EXPECT_NEAR(e.metabolicPowerW, sum, 1e-9);
  EXPECT_NEAR(e.metabolicPowerWPerKg, sum / model.totalMassKg(), 1e-12);
  EXPECT_GT(e.metabolicPowerWPerKg, MetabolicSpec{}.basalWPerKg);
  std::printf("[ quiet standing ] metabolic %.2f W/kg (basal %.2f), max activation %.3f\n",
              e.metabolicPowerWPerKg, MetabolicSpec{}.basalWPerKg, [&] {
                double m = 0;
                for (int i = 0; i < e.muscleCount; ++i)
                  m = std::max(m, e.muscles[std::size_t(i)].activation);
                return m;
              }());
  // No applied torques given: the residual is the whole net moment.
  EXPECT_NEAR((e.torqueResidualNm - e.dynamics.generalizedForce.tail<6>()).norm(), 0, 1e-12);
  // The kept geometry and fiber state are those of the pose.
  for (int i = 0; i < e.muscleCount; ++i) {
    const auto k = std::size_t(i);
    const MuscleSpec& m = model.muscles[k];
    const MuscleGeometry g = computeMuscleGeometry(model, m, poses, in.q, in.qd);
    const MuscleFiberState f = computeFiberState(m, g.lengthM, g.velocityMps);
    EXPECT_EQ(e.geometry[k].lengthM, g.lengthM) << m.name;
    EXPECT_EQ(e.geometry[k].momentArmM, g.momentArmM) << m.name;
    EXPECT_EQ(e.fiber[k].normFiberLength, f.normFiberLength) << m.name;
    EXPECT_EQ(e.fiber[k].activeForceLengthMultiplier, f.activeForceLengthMultiplier) << m.name;
  }
}

// Along a walk of the lead's Simulation: the estimator runs on every physics step; the residual
// against the applied torques stays at round-off, every sample converges and balances.
TEST(MuscleLoadEstimator, RunsOnEveryStepOfAWalk) {
  ScenarioSpec scenario;
  scenario.durationS = 4.0;
  auto sim = Simulation::create(scenario);
  ASSERT_TRUE(sim) << sim.error();
  const Model& model = (*sim)->model();
  EstimatorSpec spec;
  const EstimatorTables tables = buildEstimatorTables(model, spec);
  MuscleLoadEstimate e;
  long steps = 0, notConverged = 0;
  double residual = 0, reserve = 0, energy = 0;
  std::array<double, 3> contactPeak{};
  double pfPeak = 0;
  std::array<double, 3> momentPeak{};
  while (!(*sim)->finished()) {
    (*sim)->step();
    const EstimatorInput in = makeEstimatorInput(model, (*sim)->physics().lastStep());
    estimateMuscleLoad(model, tables, in, spec, e);
    if (steps % 50 == 0) expectMomentBalance(model, in, e);
    notConverged += e.converged ? 0 : 1;
    residual = std::max(residual, e.torqueResidualNm.cwiseAbs().maxCoeff());
    reserve = std::max(reserve, e.reservePeakNm);
    energy += e.metabolicPowerWPerKg;
    for (int j = 0; j < 3; ++j) {
      contactPeak[j] = std::max(contactPeak[j], e.contact.magnitudeBw[0][j]);
      momentPeak[j] = std::max(momentPeak[j], std::abs(e.jointMomentNm[j]));
    }
    pfPeak = std::max(pfPeak, e.contact.patellofemoralBw[0]);
    for (int i = 0; i < e.muscleCount; ++i) {
      ASSERT_TRUE(std::isfinite(e.muscles[std::size_t(i)].tendonForceN));
    }
    ++steps;
  }
  EXPECT_GT(steps, 100);
  EXPECT_EQ(notConverged, 0);
  EXPECT_LT(residual, 1e-6);
  const double mass = model.totalMassKg();
  std::printf(
      "[ estimator walk ] %ld steps (%.2f s), torque residual %.2e N·m, reserve peak %.1f N·m,"
      " mean metabolic %.2f W/kg\n",
      steps, (*sim)->timeS(), residual, reserve, energy / double(steps));
  std::printf(
      "    right peaks: |moment| hip %.2f knee %.2f ankle %.2f N·m/kg; contact hip %.2f, "
      "knee %.2f, ankle %.2f, patellofemoral %.2f BW\n",
      momentPeak[0] / mass, momentPeak[1] / mass, momentPeak[2] / mass, contactPeak[0],
      contactPeak[1], contactPeak[2], pfPeak);
}
