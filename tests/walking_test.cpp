// The gait controllers on the CI-sized grid: forward and backward at min/mid/max speed, grades
// -15..15 %, three subjects, 20 s each, no fall; push recovery at mid-stance; and the time-step
// convergence that justifies the default 2 ms step (docs/physics.md).

#include <gtest/gtest.h>

#include <tuple>

#include "test_support.h"

using namespace retrogait;
using namespace retrogait::test;

namespace {
enum class Subject { kDefault, kSmallFemale, kLargeMale };
std::optional<SubjectSpec> subjectOf(Subject s) {
  switch (s) {
    case Subject::kSmallFemale:
      return SubjectSpec{1.55, 50.0, Sex::kFemale};
    case Subject::kLargeMale:
      return SubjectSpec{1.90, 95.0, Sex::kMale};
    default:
      return std::nullopt;
  }
}
const char* subjectName(Subject s) {
  return s == Subject::kDefault ? "default"
                                : (s == Subject::kSmallFemale ? "f155cm50kg" : "m190cm95kg");
}
double speedOf(Direction d, int level) {
  const double lo = d == Direction::kForward ? kMinForwardSpeedMps : kMinBackwardSpeedMps;
  const double hi = d == Direction::kForward ? kMaxForwardSpeedMps : kMaxBackwardSpeedMps;
  return lo + 0.5 * level * (hi - lo);
}

using GridCase =
    std::tuple<Direction, int, int, Subject>;  // direction, speed level 0..2, grade %, subject

class WalkingGrid : public testing::TestWithParam<GridCase> {};

TEST_P(WalkingGrid, WalksTwentySecondsWithoutFalling) {
  const auto [direction, level, grade, subject] = GetParam();
  ScenarioSpec spec = makeScenario(direction, speedOf(direction, level), grade, 20.0);
  spec.subject = subjectOf(subject);
  auto sim = runScenario(spec);
  ASSERT_TRUE(sim);
  const Outcome o = sim->outcome();
  EXPECT_FALSE(o.fell) << "fell at " << o.fallTimeS << " s (" << o.fallReason << ")";
  const GaitSummary g = sim->summarizeGait();
  // It walks the commanded way at roughly the commanded speed.
  EXPECT_NEAR(g.meanSpeedMps, spec.command.speedMps, 0.25 * spec.command.speedMps);
}

std::string gridName(const testing::TestParamInfo<GridCase>& info) {
  const auto [direction, level, grade, subject] = info.param;
  return std::string(directionName(direction)) + "_speed" + std::to_string(level) + "_grade" +
         (grade < 0 ? "m" : "p") + std::to_string(std::abs(grade)) + "_" + subjectName(subject);
}

INSTANTIATE_TEST_SUITE_P(
    Default, WalkingGrid,
    testing::Combine(testing::Values(Direction::kForward, Direction::kBackward),
                     testing::Values(0, 1, 2), testing::Values(-15, -10, -5, 0, 5, 10, 15),
                     testing::Values(Subject::kDefault)),
    gridName);
INSTANTIATE_TEST_SUITE_P(
    OtherSubjects, WalkingGrid,
    testing::Combine(testing::Values(Direction::kForward, Direction::kBackward),
                     testing::Values(0, 1, 2), testing::Values(-15, 0, 15),
                     testing::Values(Subject::kSmallFemale, Subject::kLargeMale)),
    gridName);

// A 100 N, 0.2 s horizontal push on the trunk at right mid-stance (gait phase 0.3), in either
// direction, on level ground: the walker recovers and walks on for 10 s.
class PushRecovery : public testing::TestWithParam<std::tuple<Direction, double>> {};

TEST_P(PushRecovery, RecoversFromA100NewtonPushAtMidStance) {
  const auto [direction, forceN] = GetParam();
  auto sim = Simulation::create(makeScenario(direction, speedOf(direction, 1), 0, 20.0)).value();
  // Walk 6 s, then wait for right mid-stance.
  while (sim->timeS() < 6.0) sim->step();
  double previous = sim->controller().telemetry().phase;
  while (!sim->finished()) {
    sim->step();
    const double phase = sim->controller().telemetry().phase;
    if (previous < 0.3 && phase >= 0.3) break;
    previous = phase;
  }
  sim->push(forceN, 0.2);
  while (!sim->finished()) sim->step();
  EXPECT_FALSE(sim->outcome().fell) << "fell at " << sim->outcome().fallTimeS << " s";
}

INSTANTIATE_TEST_SUITE_P(Level, PushRecovery,
                         testing::Combine(testing::Values(Direction::kForward,
                                                          Direction::kBackward),
                                          testing::Values(100.0, -100.0)),
                         [](const testing::TestParamInfo<std::tuple<Direction, double>>& p) {
                           return std::string(directionName(std::get<0>(p.param))) +
                                  (std::get<1>(p.param) > 0 ? "_anterior" : "_posterior");
                         });

// Gait outcome at the default step and at a quarter of it agree (docs/physics.md).
TEST(TimeStep, GaitOutcomeConvergesFrom2msTo0p5ms) {
  for (Direction d : {Direction::kForward, Direction::kBackward}) {
    ScenarioSpec coarse = makeScenario(d, speedOf(d, 1), 0, 20.0);
    ScenarioSpec fine = coarse;
    fine.timeStepS = coarse.timeStepS / 4;
    auto a = runScenario(coarse);
    auto b = runScenario(fine);
    ASSERT_TRUE(a && b);
    ASSERT_FALSE(a->outcome().fell || b->outcome().fell);
    const GaitSummary ga = a->summarizeGait(), gb = b->summarizeGait();
    EXPECT_NEAR(ga.meanSpeedMps / gb.meanSpeedMps, 1.0, 0.03) << directionName(d);
    EXPECT_NEAR(ga.cadenceStepsPerMin / gb.cadenceStepsPerMin, 1.0, 0.03) << directionName(d);
    EXPECT_NEAR(ga.strideLengthM / gb.strideLengthM, 1.0, 0.03) << directionName(d);
    EXPECT_NEAR(ga.stanceFraction, gb.stanceFraction, 0.02) << directionName(d);
    EXPECT_NEAR(ga.peakVerticalBw / gb.peakVerticalBw, 1.0, 0.08) << directionName(d);
  }
}

}  // namespace
