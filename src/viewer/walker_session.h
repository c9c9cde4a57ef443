#pragma once
// One walker of the viewer: a Simulation (the same facade the CLI drives), its live gait-cycle
// tracker, interactive pushes, and a cached gait summary for the comparison table.

#include <memory>
#include <optional>
#include <string>

#include "retrogait/analysis/gait_summary.h"
#include "retrogait/scene/gait_cycle_tracker.h"
#include "retrogait/scene/scene_input.h"
#include "retrogait/scene/viewer_preset.h"
#include "retrogait/sim/simulation.h"

namespace retrogait::viewer {

class WalkerSession {
 public:
  static Result<std::unique_ptr<WalkerSession>> create(const WalkerPreset& preset);

  /// Restarts the run from the preset's scenario (a fresh Simulation).
  Status reset();
  /// Replaces the scenario (direction, speed, incline, subject) and restarts.
  Status applyScenario(const WalkerPreset& preset);
  /// Changes the walking speed at the next step boundary, without a restart.
  void setSpeed(double speedMps);

  /// Advances `steps` fixed steps (fewer when the run ends); returns the steps taken.
  int advance(int steps);

  /// A push on the HAT centre of mass for `durationS` of simulated time (Simulation::applyPush;
  /// it replaces a push still acting).
  void pushFor(const Vec2& force_W, double durationS);
  /// A force on a point of the trunk that acts while it is set (click-drag on the trunk), in
  /// the steps of each advance(); nullopt releases it.
  void setDragForce(const std::optional<PushInput>& force);

  WalkerSceneInput sceneInput() const;

  const Simulation& sim() const { return *m_sim; }
  const WalkerPreset& preset() const { return m_preset; }
  const GaitCycleTracker& tracker() const { return *m_tracker; }
  /// Gait summary as the CLI reports it (window after the start-up transient, before a fall);
  /// recomputed when a cycle completes.
  const GaitSummary& summary();
  /// Joint and muscle demand as the CLI reports it (Simulation::summarizeLoads(): the complete
  /// cycles of the same window that the estimator covers); recomputed when a cycle completes.
  const LoadSummary& loads();
  bool fell() const { return m_sim->outcome().fell; }
  bool finished() const { return m_sim->finished(); }
  /// "fell (trunk tilt) at 2.63 s", or empty.
  std::string fallText() const;
  /// Caption for the view: label, direction, speed, grade.
  std::string caption() const;
  /// Simulated time since the fall, or a negative value [s].
  double timeSinceFallS() const { return fell() ? m_fallWallS : -1.0; }
  void addTimeSinceFall(double dtS) {
    if (fell()) m_fallWallS += dtS;
  }
  /// The active push, for drawing.
  std::optional<PushInput> activePush() const;

 private:
  WalkerSession() = default;
  Vec2 hatCom() const;

  WalkerPreset m_preset;
  std::unique_ptr<Simulation> m_sim;
  std::unique_ptr<GaitCycleTracker> m_tracker;
  GaitSummary m_summary;
  int m_summaryCycles = -1;
  LoadSummary m_loads;
  int m_loadsCycles = -1;
  std::optional<PushInput> m_drag;
  std::optional<PushInput> m_lastPush;
  double m_fallWallS = 0;
};

}  // namespace retrogait::viewer
