#pragma once
// The simulations behind a report: a list of scenarios run in parallel threads (each Simulation
// is independent), reduced to what the reports need (outcome, gait and load summaries, gait-cycle
// curves). Results come back in request order whatever the scheduling, so a report built from
// them is the same run to run.
//
// The inputs are pinned once per report: the model, the controller parameters (read from the
// file once and passed to every run, so a controller file rewritten while the report runs cannot
// mix two controllers in one report) and the reference data.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "retrogait/analysis/gait_summary.h"
#include "retrogait/analysis/load_summary.h"
#include "retrogait/control/controller_params.h"
#include "retrogait/core/result.h"
#include "retrogait/model/model.h"
#include "retrogait/report/reference_data.h"
#include "retrogait/sim/simulation.h"

namespace retrogait {

/// Fewer complete gait cycles than this and a run's curves are not used.
inline constexpr int kMinReportCycles = 3;

struct ReportInputs {
  Model model;                  ///< the default subject's model (leg length for Hof scaling)
  ControllerParams controller;  ///< passed to every run
  std::string modelFile, controllerFile;
  std::string controllerDigest;  ///< FNV-1a 64-bit of the parameters' JSON, hex (names the set)
  ReferenceData reference;
};

/// Loads the model, the controller parameters and the reference data (empty = defaults).
Result<ReportInputs> loadReportInputs(const std::string& modelFile,
                                      const std::string& controllerFile,
                                      const std::string& referenceDirectory);

struct RunRequest {
  std::string id;     ///< file-safe key, e.g. "fwd-level-free"
  std::string label;  ///< for people, e.g. "forward, level, 1.25 m/s"
  ScenarioSpec spec;
  /// When > 0, the speed the walk must achieve [m/s]: the commanded speed is calibrated to it,
  /// as an experimenter sets a treadmill subject's pace (see runReportScenarios).
  double targetSpeedMps = 0;
  /// Keep the finished Simulation of the run that is returned (RunResult::simulation), e.g. to
  /// write its summary JSON; it holds the whole recorded series. Default false.
  bool keepSimulation = false;
};

/// Speed calibration: a run within this share of its target speed is kept; otherwise it is run
/// again, up to kMaxSpeedCalibrations more times, commanded at command × target / achieved
/// (clamped to the direction's speed range), and the closest run is kept.
inline constexpr double kSpeedCalibrationTolerance = 0.03;
inline constexpr int kMaxSpeedCalibrations = 3;

/// A scenario spec with the pinned inputs: direction, speed [m/s], grade [%], duration [s].
ScenarioSpec makeReportScenario(const ReportInputs& inputs, Direction direction, double speedMps,
                                double inclinePct, double durationS);

/// One run of a request: the command it was given and the speed it achieved.
struct SpeedAttempt {
  double commandedMps = 0;  ///< [m/s]
  double achievedMps = 0;   ///< mean over the analysed cycles [m/s]; NaN without cycles
  bool usable = false;      ///< see RunResult::usable
};

struct RunResult {
  RunRequest request;  ///< as run: the command is the calibrated one of the run kept
  std::string error;   ///< the Simulation could not be created (then nothing else is set)
  Outcome outcome;     ///< the reports never show its wall-clock fields
  GaitSummary gait;
  LoadSummary loads;
  std::vector<std::string> muscleNames;  ///< aligned with loads.muscles, e.g. "vasti_r"
  std::vector<NamedCycleCurve> curves;   ///< computeRightLegCycleCurves over analysedCycles()
  int curveCycles = 0;                   ///< cycles behind the curves
  double massKg = 0, legLengthM = 0;
  double basalWPerKg = 0;  ///< the estimator's basal metabolic rate [W/kg]
  /// Every run made for the request, in order (one without a target speed, 1 + reruns with one);
  /// the result is the one closest to the target.
  std::vector<SpeedAttempt> attempts;
  /// The kept run's finished Simulation, when the request asked for it (keepSimulation).
  std::shared_ptr<const Simulation> simulation;

  /// Mean speed error relative to the target speed, or the commanded one when the request has no
  /// target (NaN without cycles).
  double speedError() const;
  /// The speed the walk was commanded at (after calibration) [m/s].
  double commandedSpeedMps() const { return request.spec.command.speedMps; }
  /// Whether the achieved speed is within kSpeedCalibrationTolerance of the target (or of the
  /// command without a target).
  bool speedMet() const;
  /// Whether its numbers may be used: created, did not fall, ≥ kMinReportCycles cycles.
  bool usable() const;
  /// Why not (empty when usable), e.g. "fell at 6.49 s (pelvis low)".
  std::string exclusionReason() const;
  /// A muscle's demand by name (e.g. "soleus_r"), or nullptr.
  const MuscleDemand* muscle(const std::string& name) const;
  /// A curve by name, or nullptr.
  const CycleCurve* curve(const std::string& name) const;
};

/// Runs every request on up to `threads` worker threads. `progress` (fraction of all the
/// simulated time done, 0..1) is called from the workers, one call at a time.
std::vector<RunResult> runReportScenarios(const std::vector<RunRequest>& requests, int threads,
                                          const std::function<void(double)>& progress = {});

}  // namespace retrogait
