#pragma once
// `retrogait validate`: the walker against measured human data.
//
// Runs (planValidation): forward level walking at the speeds of the five Schwartz et al. (2008)
// speed groups (Hof-scaled with the model's leg length, clamped to the walker's 0.6–1.8 m/s);
// backward level walking at 0.6, 0.8 (taken as the preferred backward speed) and 1.0 m/s with
// forward companions at the same speeds; forward (at the Free group's speed) and backward
// (0.8 m/s) at −10 % and +10 %; and the walker at OpenSim subject01's measured speed, scaled to
// its height and mass (the measured-motion section).
//
// Report (buildValidationReport): one section per condition with figures of the simulated
// gait-cycle curves (mean ± SD over cycles) against the reference (mean ± SD), per-curve RMSE,
// correlation and % of the cycle inside ±1 SD, and a spatio-temporal table; the backward-walking
// patterns of the literature summaries; incline and energy checks; the estimator on measured
// motion (OpenSim's subject01 trial against OpenSim's inverse dynamics, its loads beside the
// walker's at the subject's speed: measured_motion_section.h); a verdict table (pass / near
// / fail with band and source). Required checks (what a sound walker must meet):
// - no fall, and mean speed within 15 % of the command, in every forward level run, the
//   backward 0.8 m/s level run and the four ±10 % runs (the walker's supported envelope);
// - cadence and stance fraction inside the normative mean ± 2 SD for the forward level runs
//   whose group speed lies inside the walker's range (not clamped).
// A run that falls is reported with its fall and excluded from every metric.

#include <optional>
#include <vector>

#include "retrogait/report/measured_motion_section.h"
#include "retrogait/report/reference_data.h"
#include "retrogait/report/report_files.h"
#include "retrogait/report/run_set.h"

namespace retrogait {

struct ValidationOptions {
  double durationS = 30;  ///< simulated time per run [s]; the first 3 s are excluded; default 30
  int threads = 2;        ///< worker threads; default 2
};

enum class ValidationKind {
  kForwardLevel,      ///< a Schwartz speed group
  kBackwardLevel,     ///< compared with the time-reversed forward norm
  kForwardIncline,    ///< ±10 %, the level norm shown for orientation
  kBackwardIncline,   ///< ±10 %, the time-reversed level norm shown for orientation
  kForwardCompanion,  ///< forward level at a backward run's speed (no section of its own)
};

struct ValidationCondition {
  RunRequest run;
  ValidationKind kind = ValidationKind::kForwardLevel;
  std::string title;            ///< section heading
  std::string groupName;        ///< Schwartz speed group used as the reference
  double groupSpeedMps = 0;     ///< that group's mean speed scaled to the model (before clamping)
  bool clamped = false;         ///< the group speed lies outside the walker's range
  bool requiredWalk = false;    ///< no fall and speed within 15 % are required checks
  bool requiredTiming = false;  ///< cadence and stance in the normative band are required
};

struct ValidationPlan {
  ValidationOptions options;
  HofScaling hof;
  std::vector<ValidationCondition> conditions;
  /// OpenSim's subject01 trial, read and analysed when the validation is planned (its speed sets
  /// `measuredWalker`'s).
  MeasuredMotion measured;
  /// The walker at the subject's measured speed and body mass (when the trial was analysed).
  std::optional<RunRequest> measuredWalker;
  /// The runs: the conditions' in their order, then `measuredWalker` if any.
  std::vector<RunRequest> requests() const;
};

/// Plans the runs; also reads and analyses the subject01 trial next to the reference data
/// (subject01Directory; two reads and analyses of its 1,501 samples, a few tens of ms), whose
/// measured speed the last run walks at.
ValidationPlan planValidation(const ReportInputs& inputs, const ValidationOptions& options);

/// `results[i]` belongs to `plan.conditions[i]` and the result after the conditions' to
/// `plan.measuredWalker` (as runReportScenarios(plan.requests()) returns them; when it is missing
/// the measured-motion section shows the subject alone). Files: report.md, figures/*.svg,
/// data/*.csv, data/curves/*.csv, data/report.json.
BuiltReport buildValidationReport(const ReportInputs& inputs, const ValidationPlan& plan,
                                  const std::vector<RunResult>& results);

}  // namespace retrogait
