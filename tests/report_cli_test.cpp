// End to end: `retrogait validate` and `retrogait claims` at a reduced duration write a complete
// report (Markdown with verdicts, ≥ 3 well-formed SVG figures, data that parses), leave nothing
// behind under a temporary name, give the same bytes twice, and reject bad options.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("retrogait_reports_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  return dir;
}

int exitCodeOf(const std::string& args) {
  return retrogait::test::runCli(args).exitCode;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every file under `dir`, relative path → content.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = slurp(e.path());
  }
  return out;
}

void expectCompleteReport(const fs::path& dir) {
  ASSERT_TRUE(fs::exists(dir / "report.md"));
  int svgs = 0;
  for (const auto& [path, content] : tree(dir)) {
    EXPECT_EQ(path.find(".tmp"), std::string::npos) << "left behind: " << path;
    if (path.size() > 4 && path.substr(path.size() - 4) == ".svg") {
      ++svgs;
      EXPECT_EQ(content.rfind("<?xml", 0), 0u) << path;
      EXPECT_NE(content.find("</svg>"), std::string::npos) << path;
    }
  }
  EXPECT_GE(svgs, 3);
}

}  // namespace

TEST(ReportCli, ValidateWritesACompleteDeterministicReport) {
  const fs::path a = scratch("validate_a"), b = scratch("validate_b");
  ASSERT_EQ(exitCodeOf("validate --duration 6 --out " + a.string()), 0);
  expectCompleteReport(a);
  const std::string md = slurp(a / "report.md");
  EXPECT_NE(md.find("Verdict table"), std::string::npos);
  EXPECT_TRUE(md.find("| pass |") != std::string::npos || md.find("| fail |") != std::string::npos);
  const auto j = nlohmann::json::parse(slurp(a / "data/report.json"));
  EXPECT_EQ(j["schema"], "retrogait.validate/1");
  EXPECT_GE(j["runs"].size(), 12u);
  EXPECT_GT(j["tally"]["required"].get<int>(), 0);
  EXPECT_TRUE(fs::exists(a / "data/checks.csv"));
  EXPECT_TRUE(fs::exists(a / "data/curve_agreement.csv"));
  // Same inputs, same bytes (threads do not change the numbers).
  ASSERT_EQ(exitCodeOf("validate --duration 6 --threads 1 --out " + b.string()), 0);
  EXPECT_TRUE(tree(a) == tree(b)) << "two runs of validate differ";
  // --check: non-zero (3) exactly when a required check fails.
  const int expected = j["tally"]["required_failed"].get<int>() > 0 ? 3 : 0;
  EXPECT_EQ(exitCodeOf("validate --check --duration 6 --out " + b.string()), expected);
  fs::remove_all(a.parent_path());
}

TEST(ReportCli, ClaimsWritesAllSixClaimsAndAnswersClaimFive) {
  const fs::path dir = scratch("claims");
  ASSERT_EQ(exitCodeOf("claims --duration 6 --out " + dir.string()), 0);
  expectCompleteReport(dir);
  const std::string md = slurp(dir / "report.md");
  for (int n = 1; n <= 6; ++n) {
    EXPECT_NE(md.find("## Claim " + std::to_string(n) + ":"), std::string::npos) << n;
  }
  EXPECT_NE(md.find("100 backward steps"), std::string::npos);
  EXPECT_NE(md.find("1000 forward steps"), std::string::npos);
  const auto j = nlohmann::json::parse(slurp(dir / "data/claims.json"));
  ASSERT_EQ(j["claims"].size(), 6u);
  for (const auto& c : j["claims"]) {
    const std::string v = c["verdict"];
    EXPECT_TRUE(v == "supported" || v == "partly supported" || v == "not supported" ||
                v == "not testable with this model")
        << v;
  }
  fs::remove_all(dir.parent_path());
}

TEST(ReportCli, BadOptionsExitTwo) {
  const fs::path dir = scratch("bad");
  EXPECT_EQ(exitCodeOf("validate --duration 1 --out " + dir.string()), 2);
  EXPECT_EQ(exitCodeOf("claims --threads 0 --out " + dir.string()), 2);
  EXPECT_EQ(exitCodeOf("claims"), 2);  // --out is required
  EXPECT_FALSE(fs::exists(dir / "report.md"));
}
