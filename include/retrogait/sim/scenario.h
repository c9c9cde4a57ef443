#pragma once
// What to simulate: direction, speed, incline, subject, duration, an optional push.

#include <optional>
#include <string>

#include "retrogait/analysis/static_optimization.h"
#include "retrogait/control/gait_controller.h"
#include "retrogait/core/result.h"
#include "retrogait/model/model.h"

namespace retrogait {

/// Default fixed physics step [s]: see docs/physics.md for the convergence study behind it.
inline constexpr double kDefaultTimeStepS = 0.0025;
inline constexpr double kMaxDurationS = 3600.0;
/// Default rate of the muscle-load estimator [Hz]: OpenSim analyses are typically run at the
/// motion-capture rate, 100 Hz (every 4th step of the default 2.5 ms physics step).
inline constexpr double kDefaultAnalysisRateHz = 100.0;
/// Allowed analysis rates [Hz] (0 turns the estimator off).
inline constexpr double kMinAnalysisRateHz = 10.0;
inline constexpr double kMaxAnalysisRateHz = 10000.0;

/// A horizontal push on the HAT centre of mass.
struct PushSpec {
  double forceN = 0;       ///< + toward +X (anterior), - toward -X [N]
  double startS = 0;       ///< onset [s]
  double durationS = 0.2;  ///< [s]; default 0.2
};

struct ScenarioSpec {
  GaitCommand command;                 ///< direction and speed
  double inclinePct = 0;               ///< grade [%]; + = the path of travel goes uphill
  double durationS = 10;               ///< simulated time [s]
  std::optional<SubjectSpec> subject;  ///< empty = the model file's default subject
  std::string modelFile;               ///< empty = models/walker9dof.json
  std::string controllerFile;          ///< empty = models/controller.json
  std::optional<ControllerParams> controllerParams;  ///< overrides controllerFile (tuning)
  std::optional<PushSpec> push;
  double timeStepS = kDefaultTimeStepS;
  /// Rate of the muscle-load estimator [Hz]; default 100 (kDefaultAnalysisRateHz). The estimator
  /// analyses every n-th physics step, n = max(1, round(1 / (rate · timeStepS))), so a rate
  /// ≥ 1 / timeStepS analyses every step; 0 turns it off. Allowed 0, or 10 to 10000 Hz.
  double analysisRateHz = kDefaultAnalysisRateHz;
  /// Static-optimization criterion; default Σ a² (p2).
  RecruitmentCriterion criterion = RecruitmentCriterion::kSumSquares;
};

/// Criterion names of the command line and the summary: "p2" (Σ a²), "p3" (Σ a³), "minmax".
const char* criterionOptionName(RecruitmentCriterion criterion);
/// Parses "p2", "p3" or "minmax"; nullopt otherwise.
std::optional<RecruitmentCriterion> parseCriterionOption(const std::string& text);

/// Checks ranges; the message names the option and the allowed range.
Status validateScenario(const ScenarioSpec& spec);

}  // namespace retrogait
