// The gait controllers on the CI-sized grid: forward and backward at min/mid/max speed, grades
// -15..15 %, three subjects, 20 s each, no fall and a walk (not a shuffle or a limp); push recovery
// at mid-stance; the time-step convergence that justifies the default 2.5 ms step
// (docs/physics.md); and level gaits the muscles can produce (small reserve torques).

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "retrogait/analysis/gait_summary.h"
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

std::string gridName(const testing::TestParamInfo<GridCase>& info);

// Cases where the tuned controllers still fall or stall within 20 s (docs/controller.md,
// "Robustness", lists them with the time and cause). Such a case is run all the same: it is
// skipped while it still fails, and the test fails as soon as it walks, so this list cannot
// silently go stale. Empty it, do not grow it: it records what issue 2 still asks for.
const std::set<std::string> kKnownFailures = {};

// Cases that do not fall but do not walk like a person either (shuffle or limp, below). Same
// rules: the test fails as soon as one walks; empty it, do not grow it (docs/controller.md,
// "Robustness").
const std::set<std::string> kKnownShuffles = {};
// A walk has each leg on the ground for 45-75 % of the cycle, the two legs within 0.10 of each
// other, and fewer than 160 steps/min (people over these speeds: stance about 0.55-0.70, nearly
// symmetric, 50-140 steps/min). Steps are counted on every foot contact longer than 50 ms, so a
// dragging toe counts as one.
constexpr double kMinStanceShare = 0.45, kMaxStanceShare = 0.75, kMaxStanceAsymmetry = 0.10,
                 kMaxCadenceStepsPerMin = 160;

TEST_P(WalkingGrid, WalksTwentySecondsWithoutFalling) {
  const auto [direction, level, grade, subject] = GetParam();
  ScenarioSpec spec = makeScenario(direction, speedOf(direction, level), grade, 20.0);
  spec.subject = subjectOf(subject);
  auto created = Simulation::create(spec);
  ASSERT_TRUE(created) << created.error();
  Simulation& sim = **created;
  sim.run();
  const Outcome o = sim.outcome();
  const GaitSummary g = sim.summarizeGait();
  // No fall, no numerical trouble or deep joint-limit overshoot (a healthy walk has none), and
  // the commanded way at roughly the commanded speed.
  const bool speedOk =
      std::abs(g.meanSpeedMps - spec.command.speedMps) <= 0.25 * spec.command.speedMps;
  const bool healthy = o.diagnostics.nanSteps == 0 && o.diagnostics.limitOvershoots == 0;
  const std::string name = gridName(testing::TestParamInfo<GridCase>(GetParam(), 0));
  if (kKnownFailures.count(name) != 0) {
    if (!o.fell && speedOk && healthy) {
      ADD_FAILURE() << name
                    << " walks now: remove it from kKnownFailures and from the "
                       "robustness table in docs/controller.md";
      return;
    }
    std::ostringstream why;
    if (o.fell) why << "fell at " << o.fallTimeS << " s (" << o.fallReason << ") ";
    if (!speedOk) why << "speed " << g.meanSpeedMps << " m/s ";
    if (!healthy) why << o.diagnostics.limitOvershoots << " joint-limit overshoot steps";
    GTEST_SKIP() << "known failure: " << why.str();
  }
  EXPECT_FALSE(o.fell) << "fell at " << o.fallTimeS << " s (" << o.fallReason << ")";
  EXPECT_TRUE(speedOk) << "mean speed " << g.meanSpeedMps << " m/s for " << spec.command.speedMps;
  EXPECT_EQ(o.diagnostics.nanSteps, 0);
  EXPECT_EQ(o.diagnostics.limitOvershoots, 0)
      << "max overshoot " << radToDeg(o.diagnostics.maxLimitOvershootRad) << " deg";

  auto stanceOk = [](double share) { return share >= kMinStanceShare && share <= kMaxStanceShare; };
  const bool walks = g.cycles > 0 && g.cadenceStepsPerMin <= kMaxCadenceStepsPerMin &&
                     stanceOk(g.stanceFractionRight) && stanceOk(g.stanceFractionLeft) &&
                     std::abs(g.stanceFractionRight - g.stanceFractionLeft) <= kMaxStanceAsymmetry;
  std::ostringstream gait;
  gait << g.cadenceStepsPerMin << " steps/min, stance " << g.stanceFractionRight << " / "
       << g.stanceFractionLeft << " (" << g.cycles << " cycles)";
  if (kKnownShuffles.count(name) != 0) {
    EXPECT_FALSE(walks) << name << " walks now (" << gait.str()
                        << "): remove it from kKnownShuffles and from docs/controller.md";
    if (!walks) std::printf("    known shuffle: %s\n", gait.str().c_str());
  } else {
    EXPECT_TRUE(walks) << "not a walk: " << gait.str();
  }
  // No taps: the slow backward walks once put the forefoot down for 20-65 ms and lifted it for
  // 0.1 s before every stance, until the stance ankle waited for load (stance_ankle_load_hold_bw).
  // Forward 0.6 m/s still scuffs the swing toe (docs/controller.md, known defects).
  if (direction == Direction::kBackward) {
    EXPECT_EQ(g.shortContactsPerStride, 0.0) << "foot contacts under 50 ms per stride";
  }
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
                     testing::Values(0, 1, 2), testing::Values(-15, -10, -5, 0, 5, 10, 15),
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

// Gait outcome at the default step (2.5 ms) and at a quarter of it, on the limit cycle (the last
// 30 s of a 60 s walk; at a fine step the start-up transient decays over ~20 s). docs/physics.md
// has the table and what it means. Forward 1.2 m/s and backward 0.8 and 0.4 m/s (the slow
// backward walk once tapped its toe at contact, and the step decided whether the tap counted as a
// step) must converge: speed, cadence and stride within 3 %, each leg's stance share within 0.03
// (a limp at one step and not the other is not converged), the vGRF peak within 20 %. (Until the
// forward controller was tuned at both steps it did not: its gait leaned on the coarse step's
// contact damping.)
TEST(TimeStep, GaitOutcomeConvergesFromTheDefaultStepToAQuarterOfIt) {
  const std::pair<Direction, double> walks[] = {
      {Direction::kForward, 1.2}, {Direction::kBackward, 0.8}, {Direction::kBackward, 0.4}};
  for (const auto& [d, speedMps] : walks) {
    ScenarioSpec coarse = makeScenario(d, speedMps, 0, 60.0);
    ScenarioSpec fine = coarse;
    fine.timeStepS = coarse.timeStepS / 4;
    auto a = runScenario(coarse);
    auto b = runScenario(fine);
    ASSERT_TRUE(a && b);
    ASSERT_FALSE(a->outcome().fell || b->outcome().fell);
    const auto steady = [d](const Simulation& sim) {
      return summarizeGait(sim.model(), sim.series(), sim.ground(),
                           d == Direction::kForward ? 1.0 : -1.0, 30.0, sim.timeS());
    };
    const GaitSummary ga = steady(*a), gb = steady(*b);
    for (const GaitSummary* g : {&ga, &gb}) {
      std::printf(
          "    %-8s %.1f m/s dt %.3f ms: speed %.3f m/s cadence %.1f /min stride %.3f m stance "
          "%.3f (R %.3f L %.3f) vGRF %.2f BW\n",
          directionName(d), speedMps, 1e3 * (g == &ga ? coarse : fine).timeStepS, g->meanSpeedMps,
          g->cadenceStepsPerMin, g->strideLengthM, g->stanceFraction, g->stanceFractionRight,
          g->stanceFractionLeft, g->peakVerticalBw);
    }
    const bool converged = std::abs(ga.meanSpeedMps / gb.meanSpeedMps - 1.0) <= 0.03 &&
                           std::abs(ga.cadenceStepsPerMin / gb.cadenceStepsPerMin - 1.0) <= 0.03 &&
                           std::abs(ga.strideLengthM / gb.strideLengthM - 1.0) <= 0.03 &&
                           std::abs(ga.stanceFractionRight - gb.stanceFractionRight) <= 0.03 &&
                           std::abs(ga.stanceFractionLeft - gb.stanceFractionLeft) <= 0.03 &&
                           std::abs(ga.peakVerticalBw / gb.peakVerticalBw - 1.0) <= 0.20;
    EXPECT_TRUE(converged) << directionName(d) << " " << speedMps
                           << " m/s does not converge at the default step";
  }
}

// The level gaits are ones the 18 muscles can produce: analysed at every physics step (a torque
// spike lasts a single step), the reserve actuators stay under 20 N·m in both directions. A
// stance knee target that stepped at foot-off once put 108 N·m on the backward knee for one step.
TEST(MuscleDemand, LevelGaitsNeedNoLargeReserveTorque) {
  for (Direction d : {Direction::kForward, Direction::kBackward}) {
    ScenarioSpec spec = makeScenario(d, speedOf(d, 1), 0, 12.0);
    spec.analysisRateHz = 1.0 / spec.timeStepS;
    auto sim = runScenario(spec);
    ASSERT_TRUE(sim);
    ASSERT_FALSE(sim->outcome().fell) << directionName(d);
    const LoadSummary load = sim->summarizeLoads();
    ASSERT_GT(load.windowSamples, 1000);
    std::printf("    %-8s reserve peak %.1f N·m over %d samples\n", directionName(d),
                load.reservePeakNm, load.windowSamples);
    EXPECT_LT(load.reservePeakNm, 20.0) << directionName(d);
  }
}

}  // namespace
