#pragma once
// The Simulation facade: owns model, physics world, controller and recorder. The CLI and the
// viewer drive the same object, so a CLI run reproduces what the viewer shows.
// One step: controller reads the state → physics advances one fixed step → checks (NaN, fall) →
// the recorder appends a sample.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "retrogait/analysis/gait_summary.h"
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
  long steps = 0;
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

 private:
  Simulation() = default;
  void checkFall();

  ScenarioSpec m_spec;
  Model m_model;
  GaitReference m_reference;
  std::unique_ptr<PhysicsWorld> m_physics;
  std::unique_ptr<GaitController> m_controller;
  TimeSeries m_series;
  std::optional<GaitCommand> m_pendingCommand;
  bool m_fell = false;
  double m_fallTimeS = -1;
  std::string m_fallReason;
  double m_wallTimeS = 0;
  bool m_timeStages = false;
  StageTimes m_stages;
};

}  // namespace retrogait
