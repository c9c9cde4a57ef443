// Simulation::applyPush: a force on a point of the trunk for a stretch of simulated time. In the
// air (no contact) the only external forces are gravity and the push, so the whole-body momentum
// must change by exactly (F − m g) Δt: an upward push of one body weight holds the centre of mass
// against gravity, and a horizontal push changes the horizontal momentum by F Δt.

#include <gtest/gtest.h>

#include "retrogait/model/kinematics.h"
#include "test_support.h"

using namespace retrogait;
using namespace retrogait::test;

namespace {

bool anyContact(const Simulation& sim) {
  const ContactState& c = sim.physics().contacts();
  for (int i = 0; i < c.sphereCount; ++i) {
    if (c.spheres[static_cast<std::size_t>(i)].active) return true;
  }
  return false;
}

Vec2 wholeBodyCom(const Simulation& sim) {
  return computeCom(sim.model(), computePoses(sim.model(), sim.physics().q()));
}

Vec2 hatCom(const Simulation& sim) {
  const SegmentPoses poses = computePoses(sim.model(), sim.physics().q());
  return poses[kHat].toWorld(sim.model().segments[kHat].com_S);
}

double weightN(const Simulation& sim) {
  return sim.model().totalMassKg() * kGravityMps2;
}

// Whole-body linear momentum after the last step [N·s].
Vec2 momentum(const Simulation& sim) {
  return sim.model().totalMassKg() * sim.series().back().comVel_W;
}

// Launches the walker off the ground with an upward push of 3 body weights through its COM
// (a point of the trunk there), then steps until no contact sphere touches.
std::unique_ptr<Simulation> walkerInTheAir() {
  ScenarioSpec spec = makeScenario(Direction::kForward, 1.2, 0, 10.0);
  spec.analysisRateHz = 0;  // physics only
  auto sim = Simulation::create(spec);
  EXPECT_TRUE(sim) << sim.error();
  if (!sim) return nullptr;
  Simulation& s = **sim;
  s.applyPush(Vec2(0, 3.0 * weightN(s)), wholeBodyCom(s), 0.12);
  for (int k = 0; k < 60; ++k) s.step();
  for (int k = 0; k < 100 && anyContact(s); ++k) s.step();
  EXPECT_FALSE(anyContact(s)) << "the launch did not lift the walker off the ground";
  EXPECT_FALSE(s.outcome().fell);
  return std::move(sim.value());
}

}  // namespace

TEST(SimulationApplyPush, AnUpwardBodyWeightHoldsTheComAgainstGravityInTheAir) {
  auto air = walkerInTheAir();
  ASSERT_TRUE(air);
  Simulation& s = *air;
  const double dt = s.scenario().timeStepS;
  const int steps = 50;  // 0.1 s
  const Vec2 force(0, weightN(s));
  const Vec2 before = s.series().back().comVel_W;
  s.applyPush(force, wholeBodyCom(s), steps * dt);
  for (int k = 0; k < steps; ++k) {
    s.step();
    ASSERT_FALSE(anyContact(s)) << "touched the ground at step " << k;
    // The push goes through the physics world and is recorded with the step.
    const StepRecord& r = s.physics().lastStep();
    EXPECT_NEAR((r.pushForce_W - force).norm(), 0.0, 1e-9) << k;
  }
  const Vec2 after = s.series().back().comVel_W;
  // Without the push the COM would have lost g Δt = 0.98 m/s of vertical velocity.
  EXPECT_NEAR(after.y() - before.y(), 0.0, 0.01 * kGravityMps2 * steps * dt);
  EXPECT_NEAR(after.x() - before.x(), 0.0, 0.01 * kGravityMps2 * steps * dt);
  // The push is over: the next step has none and the COM falls again.
  s.step();
  EXPECT_EQ(s.physics().lastStep().pushForce_W.squaredNorm(), 0.0);
}

TEST(SimulationApplyPush, AHorizontalPushChangesTheMomentumByForceTimesDuration) {
  auto air = walkerInTheAir();
  ASSERT_TRUE(air);
  Simulation& s = *air;
  const double dt = s.scenario().timeStepS;
  const int steps = 40;  // 0.08 s
  const double forceN = 250.0;
  const Vec2 before = momentum(s);
  // At a point of the trunk away from its COM: the point moves with the trunk, and only the
  // force (not where it acts) changes the linear momentum.
  const Vec2 point = hatCom(s) + Vec2(0.05, 0.15);
  s.applyPush(Vec2(forceN, 0), point, steps * dt);
  for (int k = 0; k < steps; ++k) {
    s.step();
    ASSERT_FALSE(anyContact(s)) << "touched the ground at step " << k;
  }
  const Vec2 change = momentum(s) - before;
  const double impulse = forceN * steps * dt;  // 20 N·s
  EXPECT_NEAR(change.x(), impulse, 0.01 * impulse);
  // Vertically it is in free fall: −m g Δt.
  const double fall = -weightN(s) * steps * dt;
  EXPECT_NEAR(change.y(), fall, 0.01 * std::abs(fall));
}

TEST(SimulationApplyPush, RecordedAtTheGrabbedPointAndCombinedWithTheOtherPushes) {
  ScenarioSpec spec = makeScenario(Direction::kForward, 1.2, 0, 10.0);
  spec.analysisRateHz = 0;
  auto created = Simulation::create(spec);
  ASSERT_TRUE(created) << created.error();
  Simulation& s = **created;
  for (int k = 0; k < 50; ++k) s.step();
  const double dt = s.scenario().timeStepS;

  // Alone: the force at the point, which moves with the trunk (fixed in the HAT frame).
  const SegmentPoses poses0 = computePoses(s.model(), s.physics().q());
  const Vec2 point = hatCom(s) + Vec2(0.04, 0.1);
  const Vec2 point_S = rotation2d(-poses0[kHat].angleRad) * (point - poses0[kHat].origin_W);
  s.applyPush(Vec2(0, 80), point, 3 * dt);
  for (int k = 0; k < 3; ++k) {
    const SegmentPoses poses = computePoses(s.model(), s.physics().q());
    const Vec2 expected = poses[kHat].toWorld(point_S);
    s.step();
    const StepRecord& r = s.physics().lastStep();
    EXPECT_NEAR((r.pushForce_W - Vec2(0, 80)).norm(), 0.0, 1e-12);
    EXPECT_NEAR((r.pushPoint_W - expected).norm(), 0.0, 1e-12);
  }
  s.step();
  EXPECT_EQ(s.physics().lastStep().pushForce_W.squaredNorm(), 0.0);

  // With push() acting too: the resultant, on a line with the same moment about the HAT COM.
  s.push(100.0, 2 * dt);
  const Vec2 p = hatCom(s) + Vec2(0.0, 0.2);
  s.applyPush(Vec2(0, 60), p, 2 * dt);
  const Vec2 c = hatCom(s);
  s.step();
  const StepRecord& r = s.physics().lastStep();
  EXPECT_NEAR((r.pushForce_W - Vec2(100, 60)).norm(), 0.0, 1e-12);
  EXPECT_NEAR(cross2d(r.pushPoint_W - c, r.pushForce_W), cross2d(p - c, Vec2(0, 60)), 1e-9);
  s.step();  // the second step of both
  s.step();
  EXPECT_EQ(s.physics().lastStep().pushForce_W.squaredNorm(), 0.0);

  // A new call replaces the push; a duration ≤ 0 cancels it.
  s.applyPush(Vec2(0, 70), p, 10 * dt);
  s.applyPush(Vec2(0, 20), hatCom(s), 10 * dt);
  s.step();
  EXPECT_NEAR((s.physics().lastStep().pushForce_W - Vec2(0, 20)).norm(), 0.0, 1e-12);
  s.applyPush(Vec2(0, 20), hatCom(s), 0.0);
  s.step();
  EXPECT_EQ(s.physics().lastStep().pushForce_W.squaredNorm(), 0.0);
}
