// Speed adaptation: the controller's stride speed is the COM travel between right initial
// contacts, and the speed the reference gait is read at moves against that speed's error, within
// its bounds; with gain 0 it stays at the command.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "retrogait/control/controller_params.h"
#include "retrogait/io/summary_json.h"
#include "retrogait/sim/simulation.h"

using namespace retrogait;

namespace {
struct StrideEnd {
  double strideSpeedMps, measuredMps, ratioBefore, ratioAfter;
};

// A walk without the estimator whose direction has speed adaptation gain `gain`.
std::unique_ptr<Simulation> createWithGain(Direction direction, double speedMps, double gain,
                                           double durationS) {
  auto params = loadControllerParams(defaultControllerFile());
  EXPECT_TRUE(params) << params.error();
  (direction == Direction::kForward ? params->forward : params->backward).speedAdaptationGain =
      gain;
  ScenarioSpec spec;
  spec.command = {direction, speedMps};
  spec.durationS = durationS;
  spec.analysisRateHz = 0;
  spec.controllerParams = *params;
  auto sim = Simulation::create(spec);
  EXPECT_TRUE(sim) << sim.error();
  return std::move(sim.value());
}

// Walks and records, at every right initial contact after the first, the controller's stride
// speed, the one measured here from the COM of the states the controller saw, and the reference
// speed ratio before and after.
std::vector<StrideEnd> walk(Direction direction, double speedMps, double gain, double durationS) {
  const auto sim = createWithGain(direction, speedMps, gain, durationS);
  Simulation& s = *sim;
  std::vector<StrideEnd> ends;
  int contacts = 0;
  bool started = false;
  double startAlongM = 0, startS = 0;
  double ratio = s.controller().telemetry().referenceSpeedMps / speedMps;
  while (!s.finished()) {
    // The controller computes from the state the last sample recorded.
    const double alongM = s.series().empty() ? 0.0 : s.ground().along(s.series().back().com_W);
    const double timeS = s.timeS();
    s.step();
    const ControlTelemetry& t = s.controller().telemetry();
    const bool rightContact = t.initialContacts > contacts && t.phase == 0.0;
    contacts = t.initialContacts;
    const double ratioNow = t.referenceSpeedMps / speedMps;
    if (rightContact && !s.series().empty()) {
      if (started) {
        ends.push_back({t.lastStrideSpeedMps,
                        travelSign(direction) * (alongM - startAlongM) / (timeS - startS), ratio,
                        ratioNow});
      }
      started = true;
      startAlongM = alongM;
      startS = timeS;
    }
    ratio = ratioNow;
  }
  EXPECT_FALSE(s.outcome().fell);
  return ends;
}
}  // namespace

TEST(SpeedAdaptation, StrideSpeedIsTheComTravelBetweenRightContacts) {
  const auto ends = walk(Direction::kForward, 0.6, 0.5, 12);
  ASSERT_GE(ends.size(), 4u);
  for (const StrideEnd& e : ends) EXPECT_NEAR(e.strideSpeedMps, e.measuredMps, 1e-3);
}

TEST(SpeedAdaptation, ReferenceSpeedMovesAgainstTheErrorWithinItsBounds) {
  for (Direction direction : {Direction::kForward, Direction::kBackward}) {
    const double speed = direction == Direction::kForward ? 0.6 : 0.8;
    const double gain = 0.5;
    const auto ends = walk(direction, speed, gain, 15);
    ASSERT_GE(ends.size(), 4u);
    for (const StrideEnd& e : ends) {
      const double expected = std::clamp(e.ratioBefore + gain * (speed - e.strideSpeedMps) / speed,
                                         kMinReferenceSpeedRatio, kMaxReferenceSpeedRatio);
      EXPECT_NEAR(e.ratioAfter, expected, 1e-12) << directionName(direction);
      EXPECT_GE(e.ratioAfter, kMinReferenceSpeedRatio);
      EXPECT_LE(e.ratioAfter, kMaxReferenceSpeedRatio);
    }
    std::printf(
        "[ speed adaptation ] %s %.1f m/s: reference speed ratio after %zu strides %.3f, "
        "last stride %.3f m/s\n",
        directionName(direction), speed, ends.size(), ends.back().ratioAfter,
        ends.back().strideSpeedMps);
  }
}

TEST(SpeedAdaptation, GainZeroKeepsTheCommandedReference) {
  const auto ends = walk(Direction::kForward, 1.2, 0.0, 8);
  ASSERT_GE(ends.size(), 3u);
  for (const StrideEnd& e : ends) EXPECT_EQ(e.ratioAfter, 1.0);
}

// A speed change keeps the adapted ratio (the walker's bias is a property of the controller,
// not of one speed); a direction change starts over.
TEST(SpeedAdaptation, RatioSurvivesASpeedChangeNotADirectionChange) {
  const auto sim = createWithGain(Direction::kForward, 0.6, 0.5, 10);
  Simulation& s = *sim;
  while (s.timeS() < 8) s.step();
  const double ratio = s.controller().telemetry().referenceSpeedMps / 0.6;
  ASSERT_NE(ratio, 1.0) << "no adaptation happened to test";
  s.setCommand({Direction::kForward, 0.8});
  s.step();
  EXPECT_NEAR(s.controller().telemetry().referenceSpeedMps, ratio * 0.8, 1e-12);
  s.setCommand({Direction::kBackward, 0.8});
  s.step();
  EXPECT_EQ(s.controller().telemetry().referenceSpeedMps, 0.8);
}

// The summary reports the speed the gait was read at when the run ended, inside its bounds.
TEST(SpeedAdaptation, SummaryReportsTheAdaptedReferenceSpeed) {
  const auto sim = createWithGain(Direction::kForward, 0.6, 0.5, 10);
  sim->run();
  const double reported = makeSummaryJson(*sim)["gait"]["reference_speed_mps"].get<double>();
  EXPECT_EQ(reported, sim->controller().telemetry().referenceSpeedMps);
  EXPECT_LT(reported, 0.6) << "the walker overshoots 0.6 m/s, so its reference must be slower";
  EXPECT_GE(reported, kMinReferenceSpeedRatio * 0.6 - 1e-12);
}
