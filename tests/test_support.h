#pragma once
// Shared helpers for the tests: loading the default model and running scenarios with a check
// that no unexpected numerical diagnostics occurred.

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "retrogait/model/model_loader.h"
#include "retrogait/sim/simulation.h"

namespace retrogait::test {

inline Model defaultModel(std::optional<SubjectSpec> subject = std::nullopt) {
  auto m = loadModel(defaultModelFile(), subject);
  EXPECT_TRUE(m) << m.error();
  return m.value();
}

/// Output and exit code of one run of the `retrogait` command line.
struct CliRun {
  int exitCode = -1;
  std::string output;  ///< stdout and stderr, interleaved as written
};

/// Runs `retrogait ARGS` (the build's executable) and captures what it prints.
inline CliRun runCli(const std::string& args) {
  const std::string cmd = std::string(RETROGAIT_CLI) + " " + args + " 2>&1";
  CliRun run;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) run.output += buffer;
  const int status = ::pclose(pipe);
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

inline std::string sourcePath(const std::string& relative) {
  return std::string(RETROGAIT_SOURCE_DIR) + "/" + relative;
}

/// Runs a scenario to its end; fails the test on numerical trouble (NaN) or deep joint-limit
/// overshoot, which a healthy walk never produces.
inline std::unique_ptr<Simulation> runScenario(const ScenarioSpec& spec) {
  auto sim = Simulation::create(spec);
  EXPECT_TRUE(sim) << sim.error();
  if (!sim) return nullptr;
  (*sim)->run();
  const PhysicsDiagnostics& d = (*sim)->outcome().diagnostics;
  EXPECT_EQ(d.nanSteps, 0);
  EXPECT_EQ(d.limitOvershoots, 0) << "max overshoot " << radToDeg(d.maxLimitOvershootRad) << " deg";
  return std::move(sim.value());
}

inline ScenarioSpec makeScenario(Direction direction, double speedMps, double inclinePct,
                                 double durationS) {
  ScenarioSpec spec;
  spec.command = {direction, speedMps};
  spec.inclinePct = inclinePct;
  spec.durationS = durationS;
  return spec;
}

}  // namespace retrogait::test
