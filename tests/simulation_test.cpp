// The Simulation facade, gait events and summaries, determinism and the summary schema.

#include <gtest/gtest.h>

#include "retrogait/analysis/cycle_curves.h"
#include "retrogait/analysis/gait_events.h"
#include "retrogait/io/summary_json.h"
#include "test_support.h"

using namespace retrogait;
using namespace retrogait::test;

namespace {
// A synthetic walk: feet loaded in alternation with a stance of 60 % of a 1 s cycle (the left
// leg's stance may differ: a limp).
TimeSeries syntheticSeries(double durationS, double dt, double stanceFraction,
                           double leftStanceFraction = -1) {
  if (leftStanceFraction < 0) leftStanceFraction = stanceFraction;
  TimeSeries series;
  for (double t = 0; t <= durationS + 1e-9; t += dt) {
    Sample s;
    s.timeS = t;
    for (int side = 0; side < 2; ++side) {
      const double phase = std::fmod(t + (side == 0 ? 0.0 : 0.5) + 1.0, 1.0);
      const double share = side == 0 ? stanceFraction : leftStanceFraction;
      const bool stance = phase < share;
      s.grf_W[side] = stance ? Vec2(0, 500.0 * std::sin(kPi * phase / share) + 50.0) : Vec2::Zero();
    }
    s.com_W = Vec2(1.2 * t, 1.0);
    s.q[kKneeR] = -degToRad(30.0) * (1 - std::cos(2 * kPi * t));
    series.push_back(s);
  }
  return series;
}
}  // namespace

TEST(GaitEvents, FindsContactsFootOffsAndCycles) {
  const TimeSeries series = syntheticSeries(5.2, 0.002, 0.6);
  const Ground level;
  const auto events = detectGaitEvents(series, level);
  const auto cycles = cutCycles(series, events, level);
  ASSERT_EQ(cycles.size(), 5u);  // right contacts at 0, 1, ..., 5 s
  for (const GaitCycle& c : cycles) {
    EXPECT_NEAR(c.endS - c.startS, 1.0, 0.005);
    EXPECT_NEAR(c.rightFootOffS - c.startS, 0.6, 0.005);
    EXPECT_NEAR(c.doubleSupportS, 0.2, 0.01);  // two 10 % double supports
  }
}

TEST(GaitEvents, AShortFlightDoesNotEndAStanceAndAShortContactIsABounce) {
  // Right foot: loaded 0-0.6 s, off for `flightS`, a 60 ms re-touch; a 30 ms bounce at 0.85 s.
  const auto rightEvents = [](double flightS) {
    TimeSeries series;
    for (int k = 0; k <= 600; ++k) {
      Sample s;
      s.timeS = 0.002 * k;
      const double t = s.timeS;
      const bool retouch = t >= 0.6 + flightS && t < 0.66 + flightS;
      const bool bounce = t >= 0.85 && t < 0.88;
      s.grf_W[0] = t < 0.6 || retouch || bounce ? Vec2(0, 600) : Vec2::Zero();
      series.push_back(s);
    }
    std::vector<GaitEvent> right;
    for (const GaitEvent& e : detectGaitEvents(series, Ground()))
      if (e.side == Side::kRight) right.push_back(e);
    return right;
  };
  const auto merged = rightEvents(0.03);  // one stance, to the end of the re-touch
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_TRUE(merged[0].initialContact);
  EXPECT_NEAR(merged[1].timeS, 0.69, 1e-9);
  const auto separate = rightEvents(0.08);  // a real flight: the re-touch is its own contact
  ASSERT_EQ(separate.size(), 4u);
  EXPECT_NEAR(separate[1].timeS, 0.6, 1e-9);
  EXPECT_NEAR(separate[2].timeS, 0.68, 1e-9);
  EXPECT_NEAR(separate[3].timeS, 0.74, 1e-9);
}

TEST(GaitSummary, SyntheticWalkGivesItsOwnTiming) {
  const TimeSeries series = syntheticSeries(10.2, 0.002, 0.6);
  Model model = defaultModel();
  const GaitSummary g = summarizeGait(model, series, Ground(), 1.0, 2.0, 10.2);
  EXPECT_NEAR(g.cadenceStepsPerMin, 120.0, 0.5);
  EXPECT_NEAR(g.stanceFraction, 0.6, 0.005);
  EXPECT_NEAR(g.doubleSupportFraction, 0.2, 0.01);
  EXPECT_NEAR(g.meanSpeedMps, 1.2, 1e-9);
  EXPECT_NEAR(g.strideLengthM, 1.2, 0.01);
  EXPECT_NEAR(g.romDeg[static_cast<int>(JointType::kKnee)], 60.0, 0.1);
  EXPECT_NEAR(g.peakVerticalBw * model.totalMassKg() * kGravityMps2, 550.0, 1.0);
  EXPECT_EQ(g.cycles, 8);  // cycles starting at 2..9 s end by 10.2 s
  EXPECT_NEAR(g.stanceFractionRight, 0.6, 0.005);
  EXPECT_NEAR(g.stanceFractionLeft, 0.6, 0.005);
}

TEST(GaitSummary, CountsTapsThatAreNotSteps) {
  // A 30 ms tap of each foot 0.15 s before its stance, in every cycle: two per stride.
  TimeSeries series = syntheticSeries(10.2, 0.002, 0.6);
  for (Sample& s : series) {
    for (int side = 0; side < 2; ++side) {
      const double phase = std::fmod(s.timeS + (side == 0 ? 0.0 : 0.5) + 1.0, 1.0);
      if (phase >= 0.85 && phase < 0.88) s.grf_W[side] = Vec2(0, 300);
    }
  }
  const GaitSummary tapping = summarizeGait(defaultModel(), series, Ground(), 1.0, 2.0, 10.2);
  EXPECT_NEAR(tapping.shortContactsPerStride, 2.0, 1e-9);
  EXPECT_NEAR(tapping.cadenceStepsPerMin, 120.0, 0.5);  // the taps are not steps
  EXPECT_NEAR(tapping.stanceFractionRight, 0.6, 0.005);
  const GaitSummary clean =
      summarizeGait(defaultModel(), syntheticSeries(10.2, 0.002, 0.6), Ground(), 1.0, 2.0, 10.2);
  EXPECT_EQ(clean.shortContactsPerStride, 0.0);
}

TEST(GaitSummary, ALimpShowsInBothLegsStance) {
  // Right stance 50 %, left 70 %: the reported stance is their mean, each leg its own.
  const TimeSeries series = syntheticSeries(10.2, 0.002, 0.5, 0.7);
  const GaitSummary g = summarizeGait(defaultModel(), series, Ground(), 1.0, 2.0, 10.2);
  EXPECT_NEAR(g.stanceFractionRight, 0.5, 0.005);
  EXPECT_NEAR(g.stanceFractionLeft, 0.7, 0.005);
  EXPECT_NEAR(g.stanceFraction, 0.6, 0.005);
}

TEST(CycleCurves, MeanAndSdOfKnownCurves) {
  const TimeSeries series = syntheticSeries(6.2, 0.001, 0.6);
  const auto cycles = cutCycles(series, detectGaitEvents(series, Ground()), Ground());
  const CycleCurve c =
      computeCycleCurve(series, cycles, [](const Sample& s) { return -radToDeg(s.q[kKneeR]); });
  ASSERT_EQ(c.cycles, 6);
  for (int p = 0; p < kCyclePoints; ++p) {
    EXPECT_NEAR(c.mean[p], 30.0 * (1 - std::cos(2 * kPi * p / 100.0)), 0.2) << p;
    EXPECT_LT(c.sd[p], 0.2);
  }
}

TEST(Simulation, TwoIdenticalRunsGiveIdenticalResults) {
  const ScenarioSpec spec = makeScenario(Direction::kForward, 1.2, 5.0, 6.0);
  auto a = Simulation::create(spec).value();
  auto b = Simulation::create(spec).value();
  a->run();
  b->run();
  nlohmann::json ja = makeSummaryJson(*a), jb = makeSummaryJson(*b);
  for (auto* j : {&ja, &jb}) {
    (*j)["outcome"].erase("wall_time_s");
    (*j)["outcome"].erase("realtime_factor");
  }
  EXPECT_EQ(ja.dump(), jb.dump());
  ASSERT_EQ(a->series().size(), b->series().size());
  EXPECT_EQ(a->series().back().q, b->series().back().q);
}

TEST(Simulation, RejectsOutOfRangeScenariosWithClearMessages) {
  ScenarioSpec spec = makeScenario(Direction::kBackward, 1.5, 0, 10);
  auto sim = Simulation::create(spec);
  ASSERT_FALSE(sim);
  EXPECT_EQ(sim.error(),
            "--speed 1.5 m/s is out of range for backward walking (allowed 0.4 to 1.2 m/s)");
  spec = makeScenario(Direction::kForward, 1.2, 20, 10);
  EXPECT_EQ(Simulation::create(spec).error(),
            "--incline 20 % is out of range (allowed -15 to 15 %)");
  spec = makeScenario(Direction::kForward, 1.2, 0, -1);
  EXPECT_EQ(Simulation::create(spec).error(),
            "--duration -1 s is out of range (allowed > 0 to 3600 s)");
  spec = makeScenario(Direction::kForward, 1.2, 0, 10);
  spec.push = PushSpec{100, 12, 0.2};
  EXPECT_EQ(Simulation::create(spec).error(),
            "--push time 12 s is outside the run (allowed 0 to 10 s)");
}

TEST(Simulation, InclineGradeMeansUphillAlongTheDirectionOfTravel) {
  // Forward: the ground rises toward +X; backward: toward -X (the walker faces downhill).
  auto f = Simulation::create(makeScenario(Direction::kForward, 1.2, 10, 1)).value();
  auto b = Simulation::create(makeScenario(Direction::kBackward, 0.8, 10, 1)).value();
  EXPECT_NEAR(f->ground().angleRad(), std::atan(0.10), 1e-12);
  EXPECT_NEAR(b->ground().angleRad(), -std::atan(0.10), 1e-12);
}

TEST(SummaryJson, HasEveryDocumentedFieldWithItsType) {
  auto sim = Simulation::create(makeScenario(Direction::kForward, 1.2, 0, 4)).value();
  sim->run();
  const nlohmann::json j = makeSummaryJson(*sim);
  EXPECT_EQ(j["schema"], "retrogait.summary/1");
  for (const char* k : {"direction", "sex", "model"})
    EXPECT_TRUE(j["scenario"][k].is_string()) << k;
  for (const char* k : {"speed_mps", "incline_pct", "duration_s", "height_m", "mass_kg"}) {
    EXPECT_TRUE(j["scenario"][k].is_number()) << k;
  }
  EXPECT_TRUE(j["outcome"]["fell"].is_boolean());
  EXPECT_TRUE(j["outcome"]["fall_time_s"].is_null() || j["outcome"]["fall_time_s"].is_number());
  for (const char* k : {"sim_time_s", "wall_time_s", "realtime_factor"})
    EXPECT_TRUE(j["outcome"][k].is_number()) << k;
  for (const char* k : {"nan_steps", "joint_limit_overshoot_steps", "deep_penetration_steps"}) {
    EXPECT_TRUE(j["outcome"]["diagnostics"][k].is_number_integer()) << k;
  }
  for (const char* k :
       {"mean_speed_mps", "cadence_steps_per_min", "stride_length_m", "stance_fraction",
        "double_support_fraction", "reference_speed_mps", "short_contacts_per_stride"}) {
    EXPECT_TRUE(j["gait"][k].is_number()) << k;
  }
  EXPECT_TRUE(j["gait"]["cycles"].is_number_integer());
  for (const char* k : {"peak_vertical_bw", "peak_braking_bw", "peak_propulsive_bw"})
    EXPECT_TRUE(j["grf"][k].is_number()) << k;
  for (const char* k : {"hip", "knee", "ankle"})
    EXPECT_TRUE(j["joints"][k]["rom_deg"].is_number()) << k;
  EXPECT_NEAR(j["outcome"]["sim_time_s"].get<double>(), 4.0, 1e-9);
}
