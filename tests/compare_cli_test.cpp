// End to end: `retrogait compare` walks both directions at the same achieved speed (each
// direction's command calibrated to it), says in its header and JSON what was commanded and
// achieved, reports a speed it could not meet, refuses an equal speed outside the overlap of the
// two speed ranges, and keeps --backward-speed as the explicit way to compare unequal speeds.
// Short runs (one incline, 10 s) keep it quick; the ±3 % assertions are on what they achieve.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace {

using retrogait::test::runCli;

// Parses the JSON `compare --json` printed (nothing else goes to stdout; stderr is captured too,
// but it is silent when not a terminal).
nlohmann::json compareJson(const std::string& args) {
  const auto run = runCli("compare --json " + args);
  EXPECT_EQ(run.exitCode, 0) << run.output;
  return nlohmann::json::parse(run.output, nullptr, false);
}

double achieved(const nlohmann::json& run, const char* side) {
  return run.at(side).at("gait").at("mean_speed_mps").get<double>();
}

// The speed block of one direction agrees with that direction's summary and with its target.
void expectSpeedBlock(const nlohmann::json& run, const char* side, double target) {
  SCOPED_TRACE(side);
  const nlohmann::json& s = run.at("speed").at(side);
  EXPECT_DOUBLE_EQ(s.at("target_mps").get<double>(), target);
  EXPECT_DOUBLE_EQ(s.at("achieved_mps").get<double>(), achieved(run, side));
  EXPECT_DOUBLE_EQ(s.at("commanded_mps").get<double>(),
                   run.at(side).at("scenario").at("speed_mps").get<double>());
  const double error = achieved(run, side) / target - 1;
  EXPECT_NEAR(s.at("error_pct").get<double>(), 100 * error, 1e-9);
  EXPECT_EQ(s.at("within_tolerance").get<bool>(), std::abs(error) <= 0.03);
  // Every run made is listed, the first at the target itself, the kept one among them.
  const nlohmann::json& attempts = s.at("attempts");
  ASSERT_GE(attempts.size(), 1u);
  EXPECT_LE(attempts.size(), 4u);  // 1 + up to 3 reruns
  EXPECT_EQ(s.at("reruns").get<std::size_t>(), attempts.size() - 1);
  EXPECT_DOUBLE_EQ(attempts[0].at("commanded_mps").get<double>(), target);
  bool kept = false;
  for (const auto& a : attempts) {
    kept = kept || a.at("commanded_mps").get<double>() == s.at("commanded_mps").get<double>();
  }
  EXPECT_TRUE(kept);
}

}  // namespace

TEST(CompareCli, BothDirectionsAchieveTheSameSpeedWithinThreePercent) {
  const nlohmann::json j = compareJson("--speed 0.9 --inclines 0 --duration 10");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j.at("schema"), "retrogait.compare/1");
  EXPECT_EQ(j.at("speed_mode"), "equal");
  EXPECT_DOUBLE_EQ(j.at("target_speed_mps").get<double>(), 0.9);
  EXPECT_DOUBLE_EQ(j.at("speed_tolerance_pct").get<double>(), 3.0);
  ASSERT_EQ(j.at("runs").size(), 1u);
  const nlohmann::json& run = j.at("runs")[0];
  EXPECT_DOUBLE_EQ(run.at("incline_pct").get<double>(), 0.0);
  for (const char* side : {"forward", "backward"}) {
    EXPECT_FALSE(run.at(side).at("outcome").at("fell").get<bool>()) << side;
    EXPECT_NEAR(achieved(run, side), 0.9, 0.03 * 0.9) << side;
    expectSpeedBlock(run, side, 0.9);
    EXPECT_TRUE(run.at("speed").at(side).at("within_tolerance").get<bool>()) << side;
  }
  // The backward walker falls short of its command: it needed a higher one.
  EXPECT_GT(run.at("speed").at("backward").at("commanded_mps").get<double>(), 0.9);
  const double difference = achieved(run, "backward") / achieved(run, "forward") - 1;
  EXPECT_NEAR(run.at("speed").at("backward_vs_forward_pct").get<double>(), 100 * difference, 1e-9);
  EXPECT_LE(std::abs(difference), 0.03);
  EXPECT_TRUE(run.at("speed").at("speeds_equal_within_tolerance").get<bool>());
  EXPECT_TRUE(run.at("speed").at("all_speeds_met").get<bool>());
  EXPECT_TRUE(run.at("speed").at("warnings").empty());
  // The comparison table still holds every metric with its ratio, commanded speed first.
  const nlohmann::json& table = run.at("comparison");
  ASSERT_GE(table.size(), 2u);
  EXPECT_EQ(table[0].at("metric"), "commanded speed");
  EXPECT_EQ(table[1].at("summary_field"), "/gait/mean_speed_mps");
  EXPECT_NEAR(table[1].at("backward_over_forward").get<double>(), 1 + difference, 1e-9);
}

TEST(CompareCli, TheHeaderStatesTargetAchievedAndCommandedSpeeds) {
  const auto run = runCli("compare --speed 0.9 --inclines 0 --duration 10");
  ASSERT_EQ(run.exitCode, 0) << run.output;
  EXPECT_NE(run.output.find("target 0.90 m/s, level"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("\nforward 0.9"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find(", backward 0.9"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("achieved = mean over the analysed cycles; commanded forward"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("WARNING"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("commanded speed [m/s]"), std::string::npos);
}

TEST(CompareCli, ASpeedThatIsNotMetIsReportedNotHidden) {
  // At 1.2 m/s the backward command is at the top of its range; whatever the walker achieves
  // there, the JSON flag, the warnings and the header must agree with it.
  const nlohmann::json j = compareJson("--speed 1.2 --inclines 0 --duration 10");
  ASSERT_FALSE(j.is_discarded());
  const nlohmann::json& run = j.at("runs")[0];
  bool allMet = true;
  for (const char* side : {"forward", "backward"}) {
    expectSpeedBlock(run, side, 1.2);
    const bool met = run.at("speed").at(side).at("within_tolerance").get<bool>();
    allMet = allMet && met;
    bool warned = false;
    for (const auto& w : run.at("speed").at("warnings")) {
      warned = warned || w.get<std::string>().rfind(std::string(side) + " speed NOT MET", 0) == 0;
    }
    EXPECT_EQ(warned, !met) << side;
  }
  EXPECT_EQ(run.at("speed").at("all_speeds_met").get<bool>(), allMet);
  const auto text = runCli("compare --speed 1.2 --inclines 0 --duration 10");
  ASSERT_EQ(text.exitCode, 0);
  EXPECT_EQ(text.output.find("!! WARNING: ") != std::string::npos,
            !run.at("speed").at("warnings").empty())
      << text.output;
}

TEST(CompareCli, AnEqualSpeedOutsideBothRangesIsRefused) {
  for (const char* speed : {"1.5", "0.5"}) {
    const auto run = runCli(std::string("compare --inclines 0 --duration 4 --speed ") + speed);
    EXPECT_EQ(run.exitCode, 2) << speed << ": " << run.output;
    EXPECT_NE(run.output.find("0.6 to 1.2 m/s"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("--backward-speed"), std::string::npos) << run.output;
  }
  // An explicit backward speed must lie in the backward range, the forward one in the forward.
  EXPECT_EQ(runCli("compare --speed 1.0 --backward-speed 1.5 --duration 4").exitCode, 2);
  EXPECT_EQ(runCli("compare --speed 2.0 --backward-speed 0.8 --duration 4").exitCode, 2);
  EXPECT_EQ(runCli("compare --speed 1.0 --threads 0 --duration 4").exitCode, 2);
}

TEST(CompareCli, BackwardSpeedComparesEachDirectionAtItsOwnTarget) {
  const nlohmann::json j =
      compareJson("--speed 1.5 --backward-speed 0.8 --inclines 0 --duration 10");
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j.at("speed_mode"), "per_direction");
  EXPECT_TRUE(j.at("target_speed_mps").is_null());
  EXPECT_DOUBLE_EQ(j.at("forward_target_speed_mps").get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(j.at("backward_target_speed_mps").get<double>(), 0.8);
  const nlohmann::json& run = j.at("runs")[0];
  expectSpeedBlock(run, "forward", 1.5);
  expectSpeedBlock(run, "backward", 0.8);
  EXPECT_NEAR(achieved(run, "forward"), 1.5, 0.03 * 1.5);
  EXPECT_NEAR(achieved(run, "backward"), 0.8, 0.03 * 0.8);
  // The speeds differ on purpose, and the header says so loudly.
  EXPECT_FALSE(run.at("speed").at("speeds_equal_within_tolerance").get<bool>());
  ASSERT_FALSE(run.at("speed").at("warnings").empty());
  EXPECT_NE(run.at("speed").at("warnings").back().get<std::string>().find("differ by"),
            std::string::npos);
  const auto text = runCli("compare --speed 1.5 --backward-speed 0.8 --inclines 0 --duration 10");
  ASSERT_EQ(text.exitCode, 0) << text.output;
  EXPECT_NE(text.output.find("targets forward 1.50 m/s, backward 0.80 m/s, level"),
            std::string::npos)
      << text.output;
  EXPECT_NE(text.output.find("!! WARNING: the achieved speeds differ by"), std::string::npos)
      << text.output;
}
