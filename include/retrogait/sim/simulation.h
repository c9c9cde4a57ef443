#pragma once
// The Simulation facade: owns model, physics world, controller, muscle-load estimator and
// recorder. The CLI and the viewer drive the same object, so a CLI run reproduces what the viewer
// shows.
// One step: controller reads the state → physics advances one fixed step → checks (NaN, fall) →
// the recorder appends a sample → at the analysis rate, the estimator analyses the step just
// taken (PhysicsWorld::lastStep()) and appends an AnalysisSample.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "retrogait/analysis/analysis_series.h"
#include "retrogait/analysis/gait_summary.h"
#include "retrogait/analysis/load_summary.h"
#include "retrogait/analysis/muscle_load_estimator.h"
#include "retrogait/analysis/time_series.h"
#include "retrogait/control/gait_controller.h"
#include "retrogait/physics/physics_world.h"
#include "retrogait/sim/scenario.h"

namespace retrogait {

struct Outcome {
  bool fell = false;
  double fallTimeS = -1;   ///< -1 when no fall
  std::string fallReason;  ///< "pelvis low", "trunk tilt", "numerical failure"
  double simTimeS = 0;
  double wallTimeS = 0;
  double realtimeFactor = 0;  ///< simulated seconds per wall-clock second
  PhysicsDiagnostics diagnostics;
};

/// Per-stage wall time, when stage timing is on [s].
struct StageTimes {
  double physicsS = 0, controlS = 0, recordS = 0;
  double analysisS = 0;  ///< muscle-load estimator, summed over the analysed steps [s]
  long steps = 0;
  long analysedSteps = 0;  ///< steps the estimator analysed
};

class Simulation {
 public:
  static Result<std::unique_ptr<Simulation>> create(const ScenarioSpec& spec);

  /// Advances one fixed step; does nothing once the run is over.
  void step();
  /// Runs to the scenario's duration (or a fall); `progress` gets the fraction done.
  void run(const std::function<void(double)>& progress = {});
  bool finished() const;

  /// Changes direction/speed at the next step boundary.
  void setCommand(const GaitCommand& command);
  /// Pushes the HAT horizontally from the next step on (+ = toward +X) [N], for `durationS`.
  void push(double forceN, double durationS = 0.2);
  /// Applies `force_W` [N] to the HAT at `point_W` [m] (world frame) from the next step on, for
  /// `durationS` [s] of simulated time (the steps that start within it). The point is attached
  /// to the trunk: it is taken into the HAT frame now and moves with it. One such push at a
  /// time: a new call replaces the previous one, pending or acting. It adds to the scenario's
  /// push and to push(); a duration ≤ 0 cancels it. What acts is recorded in
  /// PhysicsWorld::lastStep() (pushForce_W, pushPoint_W: the resultant and a point on its line of
  /// action).
  void applyPush(const Vec2& force_W, const Vec2& point_W, double durationS);
  void setStageTiming(bool on) { m_timeStages = on; }

  const ScenarioSpec& scenario() const { return m_spec; }
  const Model& model() const { return m_model; }
  const PhysicsWorld& physics() const { return *m_physics; }
  const GaitController& controller() const { return *m_controller; }
  const GaitReference& reference() const { return m_reference; }
  const TimeSeries& series() const { return m_series; }
  const Ground& ground() const { return m_physics->ground(); }
  double timeS() const { return m_physics->timeS(); }
  Outcome outcome() const;
  const StageTimes& stageTimes() const { return m_stages; }
  /// Gait summary over the analysed window (after the start-up transient, before any fall).
  GaitSummary summarizeGait() const;
  /// Start of the analysed window [s].
  double settleTimeS() const;
  /// End of the analysed window: the fall, or the current time [s].
  double analysedUntilS() const;

  // ---- muscle-load estimator ----
  /// Whether the estimator runs (ScenarioSpec::analysisRateHz > 0).
  bool analysisEnabled() const { return m_analysisEvery > 0; }
  /// The estimator analyses every n-th physics step (0 when off).
  int analysisEverySteps() const { return m_analysisEvery; }
  /// Effective analysis rate 1 / (n dt) [Hz] (0 when off).
  double analysisRateHz() const;
  /// One AnalysisSample per analysed step, in time order.
  const AnalysisSeries& analysis() const { return m_analysis; }
  /// The latest estimate (valid when hasEstimate()).
  const MuscleLoadEstimate& lastEstimate() const { return m_estimate; }
  bool hasEstimate() const { return !m_analysis.empty(); }
  const EstimatorSpec& estimatorSpec() const { return m_estimatorSpec; }
  const EstimatorTables& estimatorTables() const { return m_estimatorTables; }
  /// Right-leg gait cycles in the analysed window (after settleTimeS(), before any fall) that
  /// the analysis series covers (all cycles in the window when the estimator is off).
  std::vector<GaitCycle> analysedCycles() const;
  /// Joint and muscle demand over analysedCycles() (empty when the estimator is off).
  LoadSummary summarizeLoads() const;

 private:
  Simulation() = default;
  void checkFall();
  // Analyses the step just taken; poses and twists are those of its start state (q, q̇).
  void analyseLastStep(const SegmentPoses& startPoses, const SegmentTwists& startTwists);

  ScenarioSpec m_spec;
  Model m_model;
  GaitReference m_reference;
  std::unique_ptr<PhysicsWorld> m_physics;
  std::unique_ptr<GaitController> m_controller;
  TimeSeries m_series;
  std::optional<GaitCommand> m_pendingCommand;
  std::optional<PushSpec> m_runtimePush;  // from push(); start time filled in at the next step
  bool m_runtimePushPending = false;
  // From applyPush(): force, point in the HAT frame, start (filled in at the next step), duration.
  struct AppliedPush {
    Vec2 force_W = Vec2::Zero();
    Vec2 point_S = Vec2::Zero();
    double startS = 0;
    double durationS = 0;
    bool pending = true;
  };
  std::optional<AppliedPush> m_appliedPush;
  bool m_fell = false;
  double m_fallTimeS = -1;
  std::string m_fallReason;
  double m_wallTimeS = 0;
  bool m_timeStages = false;
  StageTimes m_stages;
  // Estimator: tables built once, one estimate reused, samples appended to a reserved series.
  EstimatorSpec m_estimatorSpec;
  EstimatorTables m_estimatorTables;
  MuscleLoadEstimate m_estimate;
  AnalysisSeries m_analysis;
  int m_analysisEvery = 0;  // analyse every n-th step; 0 = off
  long m_stepCount = 0;     // physics steps taken
};

}  // namespace retrogait
