#include "cli_commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "retrogait/io/atomic_file.h"
#include "retrogait/io/run_outputs.h"
#include "retrogait/io/summary_json.h"
#include "retrogait/model/model_loader.h"
#include "retrogait/report/curve_metrics.h"
#include "retrogait/report/markdown.h"
#include "retrogait/report/run_set.h"
#include "retrogait/sim/simulation.h"
#include "retrogait/tune/controller_tuner.h"

namespace retrogait::cli {

namespace {
double nowS() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void addSubjectOptions(CLI::App* cmd, SubjectOptions& s) {
  cmd->add_option("--height", s.heightM,
                  "subject height [m] (1.2-2.2; default from the model: 1.75)");
  cmd->add_option("--mass", s.massKg, "subject mass [kg] (30-150; default from the model: 70)");
  cmd->add_option("--sex", s.sex, "subject sex for the de Leva segment table (default male)")
      ->check(CLI::IsMember({"male", "female"}));
  cmd->add_option("--model", s.modelFile, "model JSON (default models/walker9dof.json)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--controller", s.controllerFile,
                  "controller parameters JSON (default models/controller.json)")
      ->check(CLI::ExistingFile);
}

// "100@5" or "-80@4.5" → PushSpec
std::optional<PushSpec> parsePush(const std::string& text, std::string& problem) {
  const auto at = text.find('@');
  if (at == std::string::npos) {
    problem = "--push '" + text + "': expected FORCE_N@TIME_S, e.g. 100@5";
    return std::nullopt;
  }
  try {
    std::size_t used1 = 0, used2 = 0;
    PushSpec p;
    p.forceN = std::stod(text.substr(0, at), &used1);
    p.startS = std::stod(text.substr(at + 1), &used2);
    if (used1 != at || used2 != text.size() - at - 1) throw std::invalid_argument("trailing");
    return p;
  } catch (const std::exception&) {
    problem = "--push '" + text + "': expected FORCE_N@TIME_S with numbers, e.g. 100@5";
    return std::nullopt;
  }
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

void addEstimatorOptions(CLI::App* cmd, std::string& criterion, double& rateHz) {
  cmd->add_option("--criterion", criterion,
                  "static-optimization criterion: p2 (sum of squared activations, default), p3 "
                  "(sum of cubes) or minmax (AnyBody's min/max)");
  cmd->add_option("--analysis-rate", rateHz,
                  "muscle-load estimator rate [Hz] (10-10000; default 100, the motion-capture rate "
                  "OpenSim analyses typically use; >= 1/dt analyses every physics step; 0 = off)");
}
}  // namespace

Progress::Progress(std::string label)
    : m_label(std::move(label)), m_tty(::isatty(2)), m_startS(nowS()) {}

void Progress::operator()(double fraction) {
  if (!m_tty || nowS() - m_startS < 2.0) return;
  std::fprintf(stderr, "\r%s %3.0f %%", m_label.c_str(), 100.0 * fraction);
  std::fflush(stderr);
  m_shown = true;
}

Progress::~Progress() {
  if (m_shown) std::fprintf(stderr, "\r%*s\r", static_cast<int>(m_label.size()) + 8, "");
}

void Commands::registerAll(CLI::App& app) {
  m_simulate = app.add_subcommand("simulate", "simulate one walk and print its summary JSON");
  m_simulate->add_option("--direction", m_direction, "walking direction")
      ->check(CLI::IsMember({"forward", "backward"}))
      ->required();
  m_simulate
      ->add_option("--speed", m_speedMps, "walking speed [m/s] (forward 0.6-1.8, backward 0.4-1.2)")
      ->required();
  m_simulate
      ->add_option("--incline", m_inclinePct,
                   "grade [%] (-15 to 15); + = the path of travel goes uphill, in both directions")
      ->required();
  m_simulate->add_option("--duration", m_durationS, "simulated time [s] (default 10)");
  addSubjectOptions(m_simulate, m_subject);
  m_simulate->add_option(
      "--push", m_push,
      "horizontal push on the trunk for 0.2 s: FORCE_N@TIME_S, + = anterior (+X), e.g. 100@5");
  m_simulate->add_option("--out", m_outDir,
                         "directory for the outputs: timeseries.csv, analysis.csv, cycles.csv, "
                         "kinematics.mot, grf.mot, activations.sto, forces.sto");
  m_simulate->add_option("--summary", m_summary, "summary JSON file, or - for stdout (default -)");
  m_simulate->add_option("--dt", m_timeStepS, "physics time step [s] (default 0.0025)");
  addEstimatorOptions(m_simulate, m_criterion, m_analysisRateHz);

  m_compare = app.add_subcommand(
      "compare",
      "forward vs backward walking side by side, at several inclines, at the same achieved speed "
      "(each direction's command calibrated until its walk achieves the speed within 3 %)");
  m_compare->add_option("--speed", m_compareSpeed,
                        "speed both directions must achieve [m/s] (0.6-1.2, where the forward "
                        "0.6-1.8 and backward 0.4-1.2 ranges overlap; default 1.0); with "
                        "--backward-speed, the forward speed (0.6-1.8)");
  m_compare->add_option("--backward-speed", m_backwardSpeed,
                        "compare at unequal speeds: the backward walk achieves this speed [m/s] "
                        "(0.4-1.2) and the forward walk --speed (default: both at --speed)");
  m_compare->add_option("--inclines", m_inclines, "grades [%], comma separated (default 0)")
      ->delimiter(',');
  m_compare->add_option("--duration", m_compareDuration, "simulated time per run [s] (default 20)");
  m_compare->add_option("--threads", m_compareThreads, "worker threads (1-64; default 2)");
  m_compare->add_flag("--json", m_json, "print JSON instead of a table");
  addEstimatorOptions(m_compare, m_criterion, m_analysisRateHz);
  addSubjectOptions(m_compare, m_subject);

  m_tune = app.add_subcommand("tune",
                              "tune the gait controller with CMA-ES over a set of scenarios "
                              "(--generations 0 only evaluates)");
  m_tune->add_option("--direction", m_tuneDirection, "direction whose parameters are tuned")
      ->check(CLI::IsMember({"forward", "backward"}))
      ->required();
  m_tune
      ->add_option("--speeds", m_tuneSpeeds,
                   "speeds [m/s], comma separated (default: the direction's min, mid, max)")
      ->delimiter(',');
  m_tune->add_option("--inclines", m_tuneInclines, "grades [%], comma separated (default 0)")
      ->delimiter(',');
  m_tune
      ->add_option(
          "--subjects", m_tuneSubjects,
          "subjects: default (model), small (1.55 m 50 kg female), large (1.90 m 95 kg male)")
      ->delimiter(',')
      ->check(CLI::IsMember({"default", "small", "large"}));
  m_tune
      ->add_option("--cases", m_tuneCases,
                   "explicit scenarios SPEED@GRADE[@DT], comma separated (DT: its own time step "
                   "[s]) (replaces --speeds x --inclines)")
      ->delimiter(',');
  m_tune
      ->add_option("--pushes", m_tunePushes,
                   "extra level runs with a push, FORCE_N@TIME_S, comma separated")
      ->delimiter(',');
  m_tune
      ->add_option("--params", m_tuneParams,
                   "parameter keys to tune, comma separated (default: all)")
      ->delimiter(',');
  m_tune->add_option("--duration", m_tuneDuration, "simulated time per scenario [s] (default 10)");
  m_tune
      ->add_option("--dts", m_tuneTimeStepsS,
                   "physics time steps [s], comma separated: every scenario runs at each, so the "
                   "tuned gait is the same at all of them (default: the model's step, 0.0025)")
      ->delimiter(',')
      ->check(CLI::Range(1e-4, 0.005));
  m_tune->add_option("--generations", m_generations, "CMA-ES generations (default 30)");
  m_tune->add_option("--population", m_population, "CMA-ES population (default 4 + 3 ln n)");
  m_tune->add_option("--sigma", m_sigma,
                     "initial step as a share of each parameter's range (default 0.1)");
  m_tune->add_option("--seed", m_seed, "random seed (default 1)");
  m_tune->add_option("--threads", m_threads, "worker threads (default 2)");
  m_tune->add_option("--out", m_tuneOut,
                     "write the best parameters here (JSON), after every generation");
  addSubjectOptions(m_tune, m_subject);

  m_bench = app.add_subcommand("bench", "real-time factor and per-stage cost of a forward walk");
  m_bench->add_option("--duration", m_benchDuration, "simulated time [s] (default 20)");
  addSubjectOptions(m_bench, m_subject);

  registerReportCommands(app);
  registerAnalyzeCommand(app);
}

int Commands::run() {
  if (m_simulate->parsed()) return runSimulate();
  if (m_compare->parsed()) return runCompare();
  if (m_bench->parsed()) return runBench();
  if (m_tune->parsed()) return runTune();
  if (m_validate->parsed()) return runValidate();
  if (m_claims->parsed()) return runClaims();
  if (m_analyze->parsed()) return runAnalyze();
  return 2;
}

std::optional<ScenarioSpec> Commands::scenarioFrom(const std::string& direction, double speedMps,
                                                   double inclinePct, double durationS) {
  ScenarioSpec spec;
  spec.command.direction = direction == "backward" ? Direction::kBackward : Direction::kForward;
  spec.command.speedMps = speedMps;
  spec.inclinePct = inclinePct;
  spec.durationS = durationS;
  spec.modelFile = m_subject.modelFile;
  spec.controllerFile = m_subject.controllerFile;
  spec.timeStepS = m_timeStepS;
  if (m_subject.heightM || m_subject.massKg || !m_subject.sex.empty()) {
    // Unspecified fields keep the model's defaults.
    const std::string modelFile = spec.modelFile.empty() ? defaultModelFile() : spec.modelFile;
    auto base = loadModel(modelFile);
    if (!base) {
      std::cerr << "retrogait: " << base.error() << '\n';
      return std::nullopt;
    }
    SubjectSpec s = base->subject;
    if (m_subject.heightM) s.heightM = *m_subject.heightM;
    if (m_subject.massKg) s.massKg = *m_subject.massKg;
    if (!m_subject.sex.empty()) s.sex = m_subject.sex == "female" ? Sex::kFemale : Sex::kMale;
    spec.subject = s;
  }
  if (Status st = validateScenario(spec); !st) {
    std::cerr << "retrogait: " << st.error() << '\n';
    return std::nullopt;
  }
  return spec;
}

bool Commands::applyEstimatorOptions(ScenarioSpec& spec) const {
  const auto criterion = parseCriterionOption(m_criterion);
  if (!criterion) {
    std::cerr << "retrogait: --criterion '" << m_criterion
              << "' is not a criterion (allowed: p2, p3, minmax)\n";
    return false;
  }
  spec.criterion = *criterion;
  spec.analysisRateHz = m_analysisRateHz;
  if (Status st = validateScenario(spec); !st) {
    std::cerr << "retrogait: " << st.error() << '\n';
    return false;
  }
  return true;
}

int Commands::runSimulate() {
  auto spec = scenarioFrom(m_direction, m_speedMps, m_inclinePct, m_durationS);
  if (!spec) return 2;
  if (!applyEstimatorOptions(*spec)) return 2;
  if (!m_push.empty()) {
    std::string problem;
    auto push = parsePush(m_push, problem);
    if (!push) {
      std::cerr << "retrogait: " << problem << '\n';
      return 2;
    }
    spec->push = push;
    if (Status st = validateScenario(*spec); !st) {
      std::cerr << "retrogait: " << st.error() << '\n';
      return 2;
    }
  }
  if (!m_outDir.empty()) {
    if (Status st = ensureDirectory(m_outDir); !st) {
      std::cerr << "retrogait: " << st.error() << '\n';
      return 2;
    }
  }
  auto sim = Simulation::create(*spec);
  if (!sim) {
    std::cerr << "retrogait: " << sim.error() << '\n';
    return 2;
  }
  {
    Progress progress("simulating");
    (*sim)->run([&](double f) { progress(f); });
  }
  const nlohmann::json summary = makeSummaryJson(**sim);
  if (!m_outDir.empty()) {
    Status st = writeRunOutputs(**sim, m_outDir);
    if (!st) {
      std::cerr << "retrogait: " << st.error() << '\n';
      return 1;
    }
  }
  return printSummary(summary, m_summary);
}

int printSummary(const nlohmann::json& summary, const std::string& target) {
  if (target == "-") {
    std::cout << summary.dump(2) << '\n';
    return 0;
  }
  Status st =
      writeFileAtomically(target, [&](std::ostream& out) { out << summary.dump(2) << '\n'; });
  if (!st) {
    std::cerr << "retrogait: " << st.error() << '\n';
    return 1;
  }
  return 0;
}

namespace {

// One row of `retrogait compare`: a number of the summary JSON (by JSON pointer), scaled for
// display, with its label and unit.
struct CompareMetric {
  const char* label;
  const char* unit;
  const char* pointer;
  double scale;
  int digits;
};

constexpr CompareMetric kCompareMetrics[] = {
    {"commanded speed", "m/s", "/scenario/speed_mps", 1, 2},
    {"mean speed", "m/s", "/gait/mean_speed_mps", 1, 2},
    {"cadence", "steps/min", "/gait/cadence_steps_per_min", 1, 1},
    {"stride length", "m", "/gait/stride_length_m", 1, 2},
    {"stance", "% cycle", "/gait/stance_fraction", 100, 1},
    {"double support", "% cycle", "/gait/double_support_fraction", 100, 1},
    {"peak vertical GRF", "BW", "/grf/peak_vertical_bw", 1, 2},
    {"peak braking GRF", "BW", "/grf/peak_braking_bw", 1, 2},
    {"peak propulsive GRF", "BW", "/grf/peak_propulsive_bw", 1, 2},
    {"hip ROM", "deg", "/joints/hip/rom_deg", 1, 1},
    {"knee ROM", "deg", "/joints/knee/rom_deg", 1, 1},
    {"ankle ROM", "deg", "/joints/ankle/rom_deg", 1, 1},
    // Joint and muscle demand (right leg, per stride, mean over the analysed cycles).
    {"peak hip extensor moment", "N·m/kg", "/joints/hip/peak_extensor_moment_nm_per_kg", 1, 2},
    {"peak knee extensor moment", "N·m/kg", "/joints/knee/peak_extensor_moment_nm_per_kg", 1, 2},
    {"peak ankle plantarflexor moment", "N·m/kg", "/joints/ankle/peak_extensor_moment_nm_per_kg", 1,
     2},
    {"hip contact peak", "BW", "/joint_contact/hip_peak_bw", 1, 2},
    {"knee (tibiofemoral) contact", "BW", "/joint_contact/knee_peak_bw", 1, 2},
    {"patellofemoral contact peak", "BW", "/joint_contact/patellofemoral_peak_bw", 1, 2},
    {"ankle contact peak", "BW", "/joint_contact/ankle_peak_bw", 1, 2},
    {"vasti mean activation", "-", "/muscles/vasti_r/mean_activation", 1, 3},
    {"vasti peak activation", "-", "/muscles/vasti_r/peak_activation", 1, 3},
    {"rect_fem mean activation", "-", "/muscles/rect_fem_r/mean_activation", 1, 3},
    {"rect_fem peak activation", "-", "/muscles/rect_fem_r/peak_activation", 1, 3},
    {"soleus mean activation", "-", "/muscles/soleus_r/mean_activation", 1, 3},
    {"soleus peak activation", "-", "/muscles/soleus_r/peak_activation", 1, 3},
    {"gastroc mean activation", "-", "/muscles/gastroc_r/mean_activation", 1, 3},
    {"gastroc peak activation", "-", "/muscles/gastroc_r/peak_activation", 1, 3},
    {"metabolic power", "W/kg", "/energy/metabolic_power_w_per_kg", 1, 2},
    {"cost of transport", "J/(kg·m)", "/energy/cost_of_transport_j_per_kg_per_m", 1, 2},
};

// The metric's value in a summary, or nullopt when it is null or missing.
std::optional<double> metricValue(const nlohmann::json& summary, const CompareMetric& m) {
  const nlohmann::json::json_pointer ptr(m.pointer);
  if (!summary.contains(ptr) || !summary.at(ptr).is_number()) return std::nullopt;
  return summary.at(ptr).get<double>() * m.scale;
}

std::optional<double> ratioOf(std::optional<double> forward, std::optional<double> backward) {
  if (!forward || !backward || std::abs(*forward) <= 1e-9) return std::nullopt;
  return *backward / *forward;
}

nlohmann::json jsonOrNull(std::optional<double> v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

// "level", "+10 % uphill", "−10 % downhill".
std::string inclineText(double pct) {
  if (std::abs(pct) < 1e-9) return "level";
  const int digits = std::abs(pct - std::round(pct)) < 1e-9 ? 0 : 1;
  return formatSigned(pct, digits) + (pct > 0 ? " % uphill" : " % downhill");
}

// The achieved speed of a run (mean over its analysed cycles) [m/s], NaN without cycles.
double achievedMps(const RunResult& r) {
  return r.error.empty() && r.gait.cycles > 0 ? r.gait.meanSpeedMps : kNaN;
}

std::string speedText(double mps) {
  return std::isfinite(mps) ? fixed(mps, 2) + " m/s" : "– m/s";
}

nlohmann::json numberOrNull(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

// One direction's speed: target, command of the run kept, achieved, and every run made.
nlohmann::json speedJson(const RunResult& r) {
  nlohmann::json attempts = nlohmann::json::array();
  for (const SpeedAttempt& a : r.attempts) {
    attempts.push_back(
        {{"commanded_mps", a.commandedMps}, {"achieved_mps", numberOrNull(a.achievedMps)}});
  }
  return {{"target_mps", r.request.targetSpeedMps},
          {"commanded_mps", r.commandedSpeedMps()},
          {"achieved_mps", numberOrNull(achievedMps(r))},
          {"error_pct", numberOrNull(100 * r.speedError())},
          {"within_tolerance", r.speedMet()},
          {"reruns", std::max(0, static_cast<int>(r.attempts.size()) - 1)},
          {"attempts", attempts}};
}

// What the reader must know before reading a row's ratios: a direction that missed its target
// (or fell), and achieved speeds that differ by more than the tolerance.
std::vector<std::string> speedWarnings(const RunResult& forward, const RunResult& backward,
                                       bool equalSpeed) {
  std::vector<std::string> out;
  for (const RunResult* r : {&forward, &backward}) {
    const Direction d = r->request.spec.command.direction;
    const std::string name = directionName(d);
    if (!r->usable()) {
      out.push_back(name + " walk not usable (" + r->exclusionReason() +
                    "): its speed was not calibrated and its numbers are not comparable");
      continue;
    }
    if (r->speedMet()) continue;
    const bool forwardDir = d == Direction::kForward;
    const double lo = forwardDir ? kMinForwardSpeedMps : kMinBackwardSpeedMps;
    const double hi = forwardDir ? kMaxForwardSpeedMps : kMaxBackwardSpeedMps;
    const double command = r->commandedSpeedMps();
    const bool tooSlow = r->speedError() < 0;
    const bool atEnd = tooSlow ? command >= hi - 1e-6 : command <= lo + 1e-6;
    const int reruns = std::max(0, static_cast<int>(r->attempts.size()) - 1);
    const std::string why =
        atEnd ? "commanded " + speedText(command) + ", the " + (tooSlow ? "top" : "bottom") +
                    " of the " + name + " range: the command cannot go " +
                    (tooSlow ? "higher" : "lower")
              : "commanded " + speedText(command) + " after " + std::to_string(reruns) +
                    (reruns == 1 ? " rerun" : " reruns");
    out.push_back(name + " speed NOT MET: achieved " + speedText(achievedMps(*r)) + ", " +
                  formatSigned(100 * r->speedError(), 1) + " % from its target " +
                  speedText(r->request.targetSpeedMps) + " (" + why + ")");
  }
  const double f = achievedMps(forward), b = achievedMps(backward);
  if (std::isfinite(f) && std::isfinite(b) && f > 0 &&
      std::abs(b / f - 1) > kSpeedCalibrationTolerance + 1e-12) {
    out.push_back("the achieved speeds differ by " + formatSigned(100 * (b / f - 1), 1) + " % (" +
                  (equalSpeed ? "more than " + fixed(100 * kSpeedCalibrationTolerance, 0) + " %"
                              : std::string("asked for with --backward-speed")) +
                  "): the backward/forward ratios below mix the effect of speed with that of "
                  "direction");
  }
  return out;
}

}  // namespace

int Commands::runCompare() {
  // Equal speed (the default): both directions must achieve --speed, so it has to lie where the
  // two speed ranges overlap. --backward-speed gives each direction its own target.
  const bool equalSpeed = !m_backwardSpeed;
  const double overlapLo = std::max(kMinForwardSpeedMps, kMinBackwardSpeedMps);
  const double overlapHi = std::min(kMaxForwardSpeedMps, kMaxBackwardSpeedMps);
  if (equalSpeed && !(m_compareSpeed >= overlapLo - 1e-9 && m_compareSpeed <= overlapHi + 1e-9)) {
    std::cerr << "retrogait: --speed " << m_compareSpeed
              << " m/s: comparing at the same speed needs one both directions can walk, "
              << fixed(overlapLo, 1) << " to " << fixed(overlapHi, 1) << " m/s (forward "
              << fixed(kMinForwardSpeedMps, 1) << "-" << fixed(kMaxForwardSpeedMps, 1)
              << ", backward " << fixed(kMinBackwardSpeedMps, 1) << "-"
              << fixed(kMaxBackwardSpeedMps, 1)
              << " m/s); to compare at different speeds, give the backward one with "
                 "--backward-speed\n";
    return 2;
  }
  if (m_compareThreads < 1 || m_compareThreads > 64) {
    std::cerr << "retrogait: --threads " << m_compareThreads
              << " is out of range (allowed 1 to 64)\n";
    return 2;
  }
  const double forwardTarget = m_compareSpeed;
  const double backwardTarget = m_backwardSpeed.value_or(m_compareSpeed);
  // Each direction's command starts at its target and is recalibrated until the walk achieves
  // it (runReportScenarios: command × target ÷ achieved, up to kMaxSpeedCalibrations reruns).
  std::vector<RunRequest> requests;
  for (double incline : m_inclines) {
    for (const char* dir : {"forward", "backward"}) {
      const bool fwd = std::string(dir) == "forward";
      const double target = fwd ? forwardTarget : backwardTarget;
      auto spec = scenarioFrom(dir, target, incline, m_compareDuration);
      if (!spec) return 2;
      if (!applyEstimatorOptions(*spec)) return 2;
      RunRequest request;
      request.id = std::string(fwd ? "fwd" : "bwd") + "-" + fixed(incline, 1);
      request.label = std::string(dir) + ", " + inclineText(incline) + ", " + speedText(target);
      request.spec = *spec;
      request.targetSpeedMps = target;
      request.keepSimulation = true;
      requests.push_back(std::move(request));
    }
  }
  std::vector<RunResult> results;
  {
    Progress progress("simulating");
    results = runReportScenarios(requests, m_compareThreads, [&](double f) { progress(f); });
  }
  for (const RunResult& r : results) {
    if (!r.simulation) {
      std::cerr << "retrogait: " << r.request.label << ": " << r.error << '\n';
      return 2;
    }
  }
  struct Row {
    double incline;
    const RunResult *forwardRun, *backwardRun;
    nlohmann::json forward, backward;
    std::vector<std::string> warnings;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < m_inclines.size(); ++i) {
    const RunResult& f = results[2 * i];
    const RunResult& b = results[2 * i + 1];
    rows.push_back({m_inclines[i], &f, &b, makeSummaryJson(*f.simulation),
                    makeSummaryJson(*b.simulation), speedWarnings(f, b, equalSpeed)});
  }
  if (m_json) {
    nlohmann::json out = {
        {"schema", "retrogait.compare/1"},
        {"speed_mode", equalSpeed ? "equal" : "per_direction"},
        {"target_speed_mps", equalSpeed ? nlohmann::json(m_compareSpeed) : nlohmann::json(nullptr)},
        {"forward_target_speed_mps", forwardTarget},
        {"backward_target_speed_mps", backwardTarget},
        {"speed_tolerance_pct", 100 * kSpeedCalibrationTolerance},
        {"max_reruns", kMaxSpeedCalibrations},
        {"runs", nlohmann::json::array()}};
    for (const Row& r : rows) {
      nlohmann::json table = nlohmann::json::array();
      for (const CompareMetric& m : kCompareMetrics) {
        const auto f = metricValue(r.forward, m), b = metricValue(r.backward, m);
        table.push_back({{"metric", m.label},
                         {"unit", m.unit},
                         {"summary_field", m.pointer},
                         {"forward", jsonOrNull(f)},
                         {"backward", jsonOrNull(b)},
                         {"backward_over_forward", jsonOrNull(ratioOf(f, b))}});
      }
      const double fa = achievedMps(*r.forwardRun), ba = achievedMps(*r.backwardRun);
      const double diff = std::isfinite(fa) && std::isfinite(ba) && fa > 0 ? ba / fa - 1 : kNaN;
      nlohmann::json speed = {
          {"forward", speedJson(*r.forwardRun)},
          {"backward", speedJson(*r.backwardRun)},
          {"backward_vs_forward_pct", numberOrNull(100 * diff)},
          {"speeds_equal_within_tolerance",
           std::isfinite(diff) && std::abs(diff) <= kSpeedCalibrationTolerance + 1e-12},
          {"all_speeds_met", r.forwardRun->speedMet() && r.backwardRun->speedMet()},
          {"warnings", r.warnings}};
      out["runs"].push_back({{"incline_pct", r.incline},
                             {"speed", speed},
                             {"comparison", table},
                             {"forward", r.forward},
                             {"backward", r.backward}});
    }
    std::cout << out.dump(2) << '\n';
    return 0;
  }
  for (const Row& r : rows) {
    const double fa = achievedMps(*r.forwardRun), ba = achievedMps(*r.backwardRun);
    const std::string diff = std::isfinite(fa) && std::isfinite(ba) && fa > 0
                                 ? formatSigned(100 * (ba / fa - 1), 1) + " %"
                                 : "–";
    std::cout << "\nforward " << speedText(fa) << ", backward " << speedText(ba) << " (" << diff
              << "), "
              << (equalSpeed ? "target " + speedText(m_compareSpeed)
                             : "targets forward " + speedText(forwardTarget) + ", backward " +
                                   speedText(backwardTarget))
              << ", " << inclineText(r.incline) << '\n';
    std::cout << "  achieved = mean over the analysed cycles; commanded forward "
              << speedText(r.forwardRun->commandedSpeedMps()) << ", backward "
              << speedText(r.backwardRun->commandedSpeedMps()) << "; "
              << fixed(m_compareDuration, 0) << " s each; demand: right leg, per stride\n";
    for (const std::string& w : r.warnings) std::cout << "  !! WARNING: " << w << '\n';
    std::cout << std::left << std::setw(42) << "" << std::right << std::setw(10) << "forward"
              << std::setw(10) << "backward" << std::setw(10) << "bwd/fwd" << '\n';
    for (const CompareMetric& m : kCompareMetrics) {
      const auto f = metricValue(r.forward, m), b = metricValue(r.backward, m);
      const auto ratio = ratioOf(f, b);
      const std::string label = std::string(m.label) + " [" + m.unit + "]";
      // setw counts bytes: pad by hand so that labels with "·" line up.
      std::size_t shown = 0;
      for (unsigned char c : label) shown += (c & 0xC0) != 0x80;
      std::cout << label << std::string(shown < 42 ? 42 - shown : 1, ' ') << std::right
                << std::setw(10) << (f ? fixed(*f, m.digits) : "-") << std::setw(10)
                << (b ? fixed(*b, m.digits) : "-") << std::setw(10)
                << (ratio ? fixed(*ratio, 2) : "-") << '\n';
    }
    auto fellText = [](const nlohmann::json& s) {
      return s["outcome"]["fell"].get<bool>()
                 ? "FELL at " + fixed(s["outcome"]["fall_time_s"].get<double>(), 1) + " s"
                 : std::string("no fall");
    };
    std::cout << std::left << std::setw(42) << "outcome" << std::right << std::setw(10)
              << fellText(r.forward) << "  " << fellText(r.backward) << '\n';
  }
  return 0;
}

int Commands::runTune() {
  const bool forward = m_tuneDirection == "forward";
  if (m_tuneSpeeds.empty()) {
    m_tuneSpeeds =
        forward ? std::vector<double>{0.6, 1.2, 1.8} : std::vector<double>{0.4, 0.8, 1.2};
  }
  const std::string controllerFile =
      m_subject.controllerFile.empty() ? defaultControllerFile() : m_subject.controllerFile;
  auto start = loadControllerParams(controllerFile);
  if (!start) {
    std::cerr << "retrogait: " << start.error() << '\n';
    return 2;
  }
  TuneSpec spec;
  spec.direction = forward ? Direction::kForward : Direction::kBackward;
  spec.start = start.value();
  spec.generations = m_generations;
  spec.population = m_population;
  spec.sigma = m_sigma;
  spec.seed = m_seed;
  spec.threads = m_threads;
  if (m_tuneParams.empty()) {
    for (const GaitParamInfo& info : gaitParamTable()) spec.keys.push_back(info.key);
  } else {
    spec.keys = m_tuneParams;
  }
  auto subjectFor = [](const std::string& name) -> std::optional<SubjectSpec> {
    if (name == "small") return SubjectSpec{1.55, 50.0, Sex::kFemale};
    if (name == "large") return SubjectSpec{1.90, 95.0, Sex::kMale};
    return std::nullopt;
  };
  struct TuneCase {
    double speedMps, gradePct, timeStepS;  // timeStepS 0: the model's (or each of --dts)
  };
  std::vector<TuneCase> cases;
  for (const std::string& text : m_tuneCases) {
    const auto at = text.find('@');
    const auto at2 = at == std::string::npos ? at : text.find('@', at + 1);
    try {
      if (at == std::string::npos) throw std::invalid_argument("no @");
      const double dtS = at2 == std::string::npos ? 0.0 : std::stod(text.substr(at2 + 1));
      if (at2 != std::string::npos && !(dtS >= 1e-4 && dtS <= 0.005))
        throw std::invalid_argument("dt");
      cases.push_back(
          {std::stod(text.substr(0, at)), std::stod(text.substr(at + 1, at2 - at - 1)), dtS});
    } catch (const std::exception&) {
      std::cerr << "retrogait: --cases '" << text
                << "': expected SPEED@GRADE or SPEED@GRADE@DT (DT in s, 0.0001-0.005), e.g. "
                   "1.2@-10 or 1.2@0@0.0005\n";
      return 2;
    }
  }
  if (cases.empty()) {
    for (double speed : m_tuneSpeeds) {
      for (double incline : m_tuneInclines) cases.push_back({speed, incline, 0.0});
    }
  }
  // A scenario runs at its own step when its case names one, else at each of --dts (or once at
  // the model's step).
  auto addAtSteps = [&](ScenarioSpec sc, double ownStepS) {
    if (ownStepS > 0 || m_tuneTimeStepsS.empty()) {
      if (ownStepS > 0) sc.timeStepS = ownStepS;
      spec.scenarios.push_back(sc);
      return;
    }
    for (double dtS : m_tuneTimeStepsS) {
      sc.timeStepS = dtS;
      spec.scenarios.push_back(sc);
    }
  };
  for (const std::string& subject : m_tuneSubjects) {
    for (const TuneCase& tc : cases) {
      auto sc = scenarioFrom(m_tuneDirection, tc.speedMps, tc.gradePct, m_tuneDuration);
      if (!sc) return 2;
      sc->analysisRateHz = 50;  // enough for the metabolic term of the gait cost
      sc->subject = subjectFor(subject);
      addAtSteps(*sc, tc.timeStepS);
    }
  }
  for (const std::string& text : m_tunePushes) {
    std::string problem;
    auto push = parsePush(text, problem);
    if (!push) {
      std::cerr << "retrogait: " << problem << '\n';
      return 2;
    }
    auto sc =
        scenarioFrom(m_tuneDirection, m_tuneSpeeds[m_tuneSpeeds.size() / 2], 0, m_tuneDuration);
    if (!sc) return 2;
    sc->analysisRateHz = 50;
    sc->push = push;
    if (Status st = validateScenario(*sc); !st) {
      std::cerr << "retrogait: " << st.error() << '\n';
      return 2;
    }
    addAtSteps(*sc, 0.0);
  }
  auto report = [&](const ControllerParams& params) {
    double total = 0;
    for (const ScenarioCost& sc : evaluateScenarios(params, spec.scenarios, m_threads)) {
      const ScenarioSpec& s = sc.scenario;
      std::cout << "  " << directionName(s.command.direction) << " " << fixed(s.command.speedMps, 2)
                << " m/s " << fixed(s.inclinePct, 0) << " %"
                << (s.subject ? " " + fixed(s.subject->heightM, 2) + " m " +
                                    fixed(s.subject->massKg, 0) + " kg"
                              : "")
                << (s.push ? " push " + fixed(s.push->forceN, 0) + " N@" + fixed(s.push->startS, 1)
                           : "")
                << " dt " << fixed(1000 * s.timeStepS, 2) << " ms: " << sc.cost.describe() << '\n';
      total += sc.cost.total;
    }
    std::cout << "  total " << fixed(total, 3) << '\n';
  };
  std::cout << "start (" << spec.scenarios.size() << " scenarios, " << spec.keys.size()
            << " parameters):\n";
  report(spec.start);
  if (m_generations <= 0) return 0;
  auto best = tuneController(spec, [&](const TuneProgress& p) {
    std::cout << "gen " << p.generation << "  best " << fixed(p.bestCost, 3) << "  gen-best "
              << fixed(p.generationBest, 3) << "  median " << fixed(p.generationMedian, 3)
              << "  sigma " << fixed(p.sigma, 4) << std::endl;
    if (!m_tuneOut.empty()) {
      Status st = writeFileAtomically(m_tuneOut, [&](std::ostream& out) {
        out << controllerParamsToJson(*p.best).dump(2) << '\n';
      });
      if (!st) std::cerr << "retrogait: " << st.error() << '\n';
    }
  });
  if (!best) {
    std::cerr << "retrogait: " << best.error() << '\n';
    return 2;
  }
  std::cout << "best:\n";
  report(best.value());
  return 0;
}

int Commands::runBench() {
  auto spec = scenarioFrom("forward", 1.2, 0, m_benchDuration);
  if (!spec) return 2;
  auto sim = Simulation::create(*spec);
  if (!sim) {
    std::cerr << "retrogait: " << sim.error() << '\n';
    return 2;
  }
  (*sim)->setStageTiming(true);
  (*sim)->run();
  const Outcome o = (*sim)->outcome();
  const StageTimes& st = (*sim)->stageTimes();
  const double perStepUs = 1e6 * o.wallTimeS / std::max(1L, st.steps);
  std::cout << "forward walk 1.2 m/s, level, " << fixed(o.simTimeS, 1)
            << " s simulated at dt = " << spec->timeStepS * 1000 << " ms (" << st.steps
            << " steps)\n";
  std::cout << "  real-time factor   " << fixed(o.realtimeFactor, 0) << " x  (wall "
            << fixed(o.wallTimeS, 3) << " s, stage timing on)\n";
  std::cout << "  per step           " << fixed(perStepUs, 2) << " us\n";
  std::cout << "    physics          " << fixed(1e6 * st.physicsS / st.steps, 2) << " us\n";
  std::cout << "    control          " << fixed(1e6 * st.controlS / st.steps, 2) << " us\n";
  std::cout << "    record           " << fixed(1e6 * st.recordS / st.steps, 2) << " us\n";
  if ((*sim)->analysisEnabled()) {
    std::cout << "    analysis         " << fixed(1e6 * st.analysisS / st.steps, 2)
              << " us  (estimator every " << (*sim)->analysisEverySteps() << " steps, "
              << fixed((*sim)->analysisRateHz(), 0) << " Hz, "
              << criterionOptionName(spec->criterion) << ": "
              << fixed(1e6 * st.analysisS / std::max(1L, st.analysedSteps), 2)
              << " us per analysed step)\n";
  }
  if (o.fell) std::cout << "  note: the walker fell at " << fixed(o.fallTimeS, 2) << " s\n";
  return 0;
}

}  // namespace retrogait::cli
