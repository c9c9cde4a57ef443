// The controller's implicit PD: its predicted acceleration is the one the physics produces, and
// damping far above what an explicit PD could hold on the light shank and foot stays stable.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "retrogait/control/controller_params.h"
#include "retrogait/sim/simulation.h"

using namespace retrogait;

namespace {
// Whether the physics applied exactly the requested torques in this step (no clamp, no limit).
bool appliedAsRequested(const StepRecord& rec, const JointTorques& requested) {
  return (rec.actuatorTorqueNm - requested).cwiseAbs().maxCoeff() < 1e-12 &&
         rec.limitTorqueNm.cwiseAbs().maxCoeff() == 0.0;
}
}  // namespace

// The implicit PD solves M q̈ = τ(q̈) - bias on our own tree with the foot contact forces of the
// current state; the physics applies those same contact forces during the step, so where the
// torques are not clamped and no joint limit acts, Bullet's q̈ must be the predicted one.
TEST(ImplicitPd, PredictedAccelerationIsBulletsAlongAWalk) {
  for (Direction direction : {Direction::kForward, Direction::kBackward}) {
    ScenarioSpec spec;
    spec.command = {direction, direction == Direction::kForward ? 1.2 : 0.8};
    spec.durationS = 3.0;
    spec.analysisRateHz = 0;
    auto sim = Simulation::create(spec);
    ASSERT_TRUE(sim) << sim.error();
    long compared = 0, steps = 0;
    double worst = 0;
    while (!(*sim)->finished()) {
      (*sim)->step();
      ++steps;
      const ControlTelemetry& t = (*sim)->controller().telemetry();
      const StepRecord& rec = (*sim)->physics().lastStep();
      if (!appliedAsRequested(rec, t.requestedTorqueNm)) continue;
      worst = std::max(worst, (rec.qdd - t.predictedQdd).cwiseAbs().maxCoeff());
      ++compared;
    }
    EXPECT_GT(compared, steps / 2) << "too few unclamped steps to compare";
    EXPECT_LT(worst, 1e-6) << directionName(direction);
    std::printf("[ implicit PD ] %s: %ld of %ld steps compared, max |q̈ - predicted| %.3g\n",
                directionName(direction), compared, steps, worst);
  }
}

// Damping at the top of every range is 10-300 times what an explicit PD could hold at 2 ms on
// the shank (I ≈ 0.04 kg·m²) and foot (I ≈ 0.005 kg·m²): explicitly, kd·dt/I > 2 rings and blows
// up within steps. Implicit, the walker may walk badly or fall, but nothing diverges.
TEST(ImplicitPd, StaysStableWithDampingFarAboveTheExplicitLimit) {
  auto params = loadControllerParams(defaultControllerFile());
  ASSERT_TRUE(params) << params.error();
  for (const GaitParamInfo& info : gaitParamTable()) {
    const std::string key = info.key;
    if (key.ends_with("_kd")) params->forward.*info.member = info.maxValue;
  }
  ScenarioSpec spec;
  spec.durationS = 3.0;
  spec.analysisRateHz = 0;
  spec.controllerParams = *params;
  auto sim = Simulation::create(spec);
  ASSERT_TRUE(sim) << sim.error();
  double fastestJointRadps = 0;
  while (!(*sim)->finished()) {
    (*sim)->step();
    fastestJointRadps = std::max(fastestJointRadps,
                                 (*sim)->physics().qd().tail<kNumActuated>().cwiseAbs().maxCoeff());
  }
  EXPECT_EQ((*sim)->physics().diagnostics().nanSteps, 0);
  EXPECT_LT(fastestJointRadps, 30.0);
  std::printf("[ implicit PD ] max-range damping: fastest joint %.1f rad/s over %.2f s\n",
              fastestJointRadps, (*sim)->timeS());
}
