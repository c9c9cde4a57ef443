#pragma once
// The subcommands of the retrogait CLI: options, validation, and what each one prints.

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "retrogait/sim/scenario.h"

namespace retrogait::cli {

/// Options shared by the commands that simulate.
struct SubjectOptions {
  std::optional<double> heightM, massKg;
  std::string sex;
  std::string modelFile;
  std::string controllerFile;
};

class Commands {
 public:
  void registerAll(CLI::App& app);
  /// Runs the parsed subcommand; returns the process exit code.
  int run();

 private:
  int runSimulate();
  int runCompare();
  int runBench();
  int runTune();
  int runValidate();                           // report_commands.cpp
  int runClaims();                             // report_commands.cpp
  int runAnalyze();                            // analyze_command.cpp
  void registerAnalyzeCommand(CLI::App& app);  // analyze_command.cpp
  /// Options of validate and claims (report_commands.cpp).
  void registerReportCommands(CLI::App& app);
  /// Builds a scenario from the common options; prints the problem and returns nullopt on error.
  std::optional<ScenarioSpec> scenarioFrom(const std::string& direction, double speedMps,
                                           double inclinePct, double durationS);
  /// Applies --criterion and --analysis-rate (simulate, compare) and re-validates; prints the
  /// problem and returns false on error.
  bool applyEstimatorOptions(ScenarioSpec& spec) const;

  CLI::App* m_simulate = nullptr;
  CLI::App* m_compare = nullptr;
  CLI::App* m_bench = nullptr;
  CLI::App* m_tune = nullptr;
  CLI::App* m_validate = nullptr;
  CLI::App* m_claims = nullptr;
  CLI::App* m_analyze = nullptr;
  SubjectOptions m_subject;
  double m_timeStepS = kDefaultTimeStepS;
  // estimator (simulate, compare)
  std::string m_criterion = "p2";
  double m_analysisRateHz = kDefaultAnalysisRateHz;

  // simulate
  std::string m_direction = "forward";
  double m_speedMps = 1.2;
  double m_inclinePct = 0;
  double m_durationS = 10;
  std::string m_push;
  std::string m_outDir;
  std::string m_summary = "-";

  // compare
  double m_compareSpeed = 1.0;            // achieved speed of both directions [m/s]
  std::optional<double> m_backwardSpeed;  // set: the backward walk's own target [m/s]
  std::vector<double> m_inclines = {0};
  double m_compareDuration = 20;
  int m_compareThreads = 2;
  bool m_json = false;

  // bench
  double m_benchDuration = 20;

  // tune
  std::string m_tuneDirection = "forward";
  std::vector<double> m_tuneSpeeds;
  std::vector<double> m_tuneInclines = {0};
  std::vector<std::string> m_tuneSubjects = {"default"};
  std::vector<std::string> m_tunePushes;
  std::vector<std::string> m_tuneCases;
  std::vector<std::string> m_tuneParams;
  double m_tuneDuration = 10;
  std::vector<double> m_tuneTimeStepsS;
  int m_generations = 30;
  int m_population = 0;
  double m_sigma = 0.1;
  std::uint64_t m_seed = 1;
  int m_threads = 2;
  std::string m_tuneOut;

  // analyze
  std::string m_motionFile, m_grfFile, m_grfSetupFile, m_compareIdFile;
  std::optional<double> m_analyzeSpeed;
  double m_filterHz = 6.0;
  std::optional<double> m_forceFilterHz;

  // validate, claims
  std::string m_reportOut;
  bool m_reportCheck = false;
  double m_reportDuration = 30;
  int m_reportThreads = 2;
  std::string m_reportController;
};

/// Prints the summary JSON on stdout (target "-") or writes it to the file atomically; returns
/// the exit code (1 when the file could not be written).
int printSummary(const nlohmann::json& summary, const std::string& target);

/// Prints a progress line on stderr when it is a terminal and the run has lasted over 2 s.
class Progress {
 public:
  explicit Progress(std::string label);
  void operator()(double fraction);
  ~Progress();

 private:
  std::string m_label;
  bool m_tty;
  bool m_shown = false;
  double m_startS;
};

}  // namespace retrogait::cli
