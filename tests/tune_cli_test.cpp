// `retrogait tune` scenario sets: --dts runs every scenario at each step size, a case with its
// own step (SPEED@GRADE@DT) runs once at that step, and a malformed case is refused with exit 2.

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

using retrogait::test::CliRun;
using retrogait::test::runCli;

namespace {

int countOf(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(TuneCli, EachScenarioRunsAtEachTimeStepAndOwnStepsOnce) {
  const CliRun run = runCli(
      "tune --direction forward --cases 1.2@0@0.0005,0.8@0 --dts 0.002,0.001 --generations 0 "
      "--duration 1 --params hip_offset_deg --threads 1");
  ASSERT_EQ(run.exitCode, 0) << run.output;
  EXPECT_NE(run.output.find("(3 scenarios"), std::string::npos) << run.output;
  EXPECT_EQ(countOf(run.output, "1.20 m/s 0 % dt 0.50 ms"), 1) << run.output;
  EXPECT_EQ(countOf(run.output, "0.80 m/s 0 % dt 2.00 ms"), 1) << run.output;
  EXPECT_EQ(countOf(run.output, "0.80 m/s 0 % dt 1.00 ms"), 1) << run.output;
}

TEST(TuneCli, RejectsAMalformedCaseOrStep) {
  for (const char* bad : {"--cases 1.2@0@0.5", "--cases 1.2", "--cases 1.2@0 --dts 0.01"}) {
    const CliRun run = runCli(std::string("tune --direction forward --generations 0 ") + bad);
    EXPECT_EQ(run.exitCode, 2) << bad << "\n" << run.output;
    EXPECT_FALSE(run.output.empty()) << bad;
  }
}
