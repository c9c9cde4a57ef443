// `retrogait validate` and `retrogait claims`: run the report's simulations in parallel, build
// the report (core library, report/), write it atomically into --out, print one summary line.
// Exit codes: 0 the report was written (validate --check: and no required check failed),
// 3 validate --check with a required check failing, 2 bad input, 1 the report could not be
// written.

#include <iostream>

#include "cli_commands.h"
#include "retrogait/report/claims_report.h"
#include "retrogait/report/run_set.h"
#include "retrogait/report/validation_report.h"

namespace retrogait::cli {

namespace {
constexpr double kMinReportDurationS = 4.0, kMaxReportDurationS = 600.0;

void addReportOptions(CLI::App* cmd, std::string& out, double& duration, int& threads,
                      std::string& controller) {
  cmd->add_option("--out", out,
                  "directory for the report: report.md, figures/*.svg, data/*.csv|json")
      ->required();
  cmd->add_option("--duration", duration,
                  "simulated time per run [s] (4-600; default 30; the first 3 s are excluded)");
  cmd->add_option("--threads", threads, "worker threads (1-64; default 2)");
  cmd->add_option("--controller", controller,
                  "controller parameters JSON (default models/controller.json)")
      ->check(CLI::ExistingFile);
}

bool checkReportOptions(double duration, int threads) {
  if (!(duration >= kMinReportDurationS && duration <= kMaxReportDurationS)) {
    std::cerr << "retrogait: --duration " << duration << " is out of range (allowed "
              << kMinReportDurationS << " to " << kMaxReportDurationS << " s)\n";
    return false;
  }
  if (threads < 1 || threads > 64) {
    std::cerr << "retrogait: --threads " << threads << " is out of range (allowed 1 to 64)\n";
    return false;
  }
  return true;
}

// Runs the requests with a progress line (stderr, terminals only).
std::vector<RunResult> runWithProgress(const std::string& label,
                                       const std::vector<RunRequest>& requests, int threads) {
  Progress progress(label + ": " + std::to_string(requests.size()) + " simulations");
  return runReportScenarios(requests, threads, [&](double f) { progress(f); });
}
}  // namespace

void Commands::registerReportCommands(CLI::App& app) {
  m_validate = app.add_subcommand(
      "validate",
      "validation report: the walker against measured human data (curves, timing, backward "
      "and incline patterns, energy), with a verdict table");
  addReportOptions(m_validate, m_reportOut, m_reportDuration, m_reportThreads, m_reportController);
  m_validate->add_flag("--check", m_reportCheck,
                       "exit 3 when a required check fails (no fall, speed within 15 %, forward "
                       "cadence and stance in the normative band)");

  m_claims = app.add_subcommand(
      "claims", "claims report: six popular claims about backward walking put to the test");
  addReportOptions(m_claims, m_reportOut, m_reportDuration, m_reportThreads, m_reportController);
}

int Commands::runValidate() {
  if (!checkReportOptions(m_reportDuration, m_reportThreads)) return 2;
  auto inputs = loadReportInputs(m_subject.modelFile, m_reportController, "");
  if (!inputs) {
    std::cerr << "retrogait: " << inputs.error() << '\n';
    return 2;
  }
  ValidationOptions options;
  options.durationS = m_reportDuration;
  options.threads = m_reportThreads;
  const ValidationPlan plan = planValidation(*inputs, options);
  for (const RunRequest& r : plan.requests()) {
    if (Status st = validateScenario(r.spec); !st) {
      std::cerr << "retrogait: " << r.id << ": " << st.error() << '\n';
      return 2;
    }
  }
  const std::vector<RunResult> results =
      runWithProgress("validate", plan.requests(), m_reportThreads);
  const BuiltReport report = buildValidationReport(*inputs, plan, results);
  if (Status st = writeReportFiles(report.files, m_reportOut); !st) {
    std::cerr << "retrogait: " << st.error() << '\n';
    return 1;
  }
  const CheckTally& t = report.tally;
  std::cout << "validate: " << m_reportOut << "/report.md: " << t.pass << " pass, " << t.near
            << " near, " << t.fail << " fail, " << t.info << " info, " << t.notEvaluated
            << " n/a; required " << (t.required - t.requiredFailed) << "/" << t.required
            << " hold\n";
  if (m_reportCheck && t.requiredFailed > 0) {
    for (const Check& c : report.checks) {
      if (c.required && c.verdict == Verdict::kFail) {
        std::cerr << "retrogait: required check failed: " << c.condition << ": " << c.name << ": "
                  << c.valueText << " (band " << c.band << ")\n";
      }
    }
    return 3;
  }
  return 0;
}

int Commands::runClaims() {
  if (!checkReportOptions(m_reportDuration, m_reportThreads)) return 2;
  auto inputs = loadReportInputs(m_subject.modelFile, m_reportController, "");
  if (!inputs) {
    std::cerr << "retrogait: " << inputs.error() << '\n';
    return 2;
  }
  ClaimsOptions options;
  options.durationS = m_reportDuration;
  options.threads = m_reportThreads;
  const ClaimsPlan plan = planClaims(*inputs, options);
  for (const RunRequest& r : plan.runs) {
    if (Status st = validateScenario(r.spec); !st) {
      std::cerr << "retrogait: " << r.id << ": " << st.error() << '\n';
      return 2;
    }
  }
  const std::vector<RunResult> results = runWithProgress("claims", plan.runs, m_reportThreads);
  const BuiltReport report = buildClaimsReport(*inputs, plan, results);
  if (Status st = writeReportFiles(report.files, m_reportOut); !st) {
    std::cerr << "retrogait: " << st.error() << '\n';
    return 1;
  }
  int usable = 0;
  for (const RunResult& r : results) usable += r.usable() ? 1 : 0;
  std::cout << "claims: " << m_reportOut << "/report.md: 6 claims, " << usable << " of "
            << results.size() << " runs usable\n";
  return 0;
}

}  // namespace retrogait::cli
