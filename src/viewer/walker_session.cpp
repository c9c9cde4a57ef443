#include "walker_session.h"

#include <cstdio>

#include "retrogait/model/kinematics.h"
#include "retrogait/scene/scene_builder.h"

namespace retrogait::viewer {

Result<std::unique_ptr<WalkerSession>> WalkerSession::create(const WalkerPreset& preset) {
  std::unique_ptr<WalkerSession> s(new WalkerSession());
  s->m_preset = preset;
  if (Status st = s->reset(); !st) return Error{st.error()};
  return s;
}

Status WalkerSession::reset() {
  auto sim = Simulation::create(m_preset.scenario);
  if (!sim) return Error{sim.error()};
  m_sim = std::move(sim.value());
  m_tracker = std::make_unique<GaitCycleTracker>(m_sim->model(), m_sim->ground(),
                                                 travelSign(m_preset.scenario.command.direction),
                                                 m_sim->controller().referenceGait().strideTimeS);
  m_summary = GaitSummary{};
  m_summaryCycles = -1;
  m_loads = LoadSummary{};
  m_loadsCycles = -1;
  m_drag.reset();
  m_lastPush.reset();
  m_fallWallS = 0;
  return Ok{};
}

Status WalkerSession::applyScenario(const WalkerPreset& preset) {
  if (Status s = validateScenario(preset.scenario); !s) return s;
  const WalkerPreset old = m_preset;
  m_preset = preset;
  if (Status s = reset(); !s) {
    m_preset = old;  // keep the last good run
    (void)reset();
    return s;
  }
  return Ok{};
}

void WalkerSession::setSpeed(double speedMps) {
  m_preset.scenario.command.speedMps = speedMps;
  m_sim->setCommand(m_preset.scenario.command);
}

Vec2 WalkerSession::hatCom() const {
  const SegmentPoses poses = computePoses(m_sim->model(), m_sim->physics().q());
  return poses[kHat].toWorld(m_sim->model().segments[kHat].com_S);
}

int WalkerSession::advance(int steps) {
  if (steps <= 0) return 0;
  // A drag acts on the grabbed point of the trunk for the steps of this frame (its force and
  // point are refreshed every frame); a key push was handed to the simulation when pressed.
  if (m_drag) {
    m_sim->applyPush(m_drag->force_W, m_drag->point_W, steps * m_sim->scenario().timeStepS);
  }
  int taken = 0;
  for (; taken < steps && !m_sim->finished(); ++taken) {
    m_sim->step();
    // What acted during the step (the scenario's own push included).
    const StepRecord& last = m_sim->physics().lastStep();
    m_lastPush = last.pushForce_W.squaredNorm() > 0
                     ? std::optional<PushInput>(PushInput{last.pushForce_W, last.pushPoint_W})
                     : std::nullopt;
  }
  if (taken > 0) {
    m_tracker->update(m_sim->series(), &m_sim->analysis());
  }
  return taken;
}

void WalkerSession::pushFor(const Vec2& force_W, double durationS) {
  m_sim->applyPush(force_W, hatCom(), durationS);
}

void WalkerSession::setDragForce(const std::optional<PushInput>& force) {
  m_drag = force;
}

std::optional<PushInput> WalkerSession::activePush() const {
  if (m_drag) return m_drag;
  return m_lastPush;
}

WalkerSceneInput WalkerSession::sceneInput() const {
  WalkerSceneInput in;
  in.model = &m_sim->model();
  in.q = m_sim->physics().q();
  in.ground = m_sim->ground();
  in.travelSign = travelSign(m_preset.scenario.command.direction);
  in.gradePct = m_preset.scenario.inclinePct;
  in.contacts = m_sim->physics().contacts();
  const StepRecord& last = m_sim->physics().lastStep();
  if (m_sim->timeS() > 0) in.netMomentNm = last.actuatorTorqueNm + last.limitTorqueNm;
  in.phase = m_tracker->phaseState();
  in.push = activePush();
  // No caption above the head: the view's badge names the walker.
  in.fallText = fallText();
  // The estimator's latest analysed step (at its rate, so at most a few steps old): muscle
  // activations and joint contact forces. Before it has run, the overlays say so.
  if (m_sim->hasEstimate()) setEstimatorInput(m_sim->model(), m_sim->lastEstimate(), in);
  return in;
}

const GaitSummary& WalkerSession::summary() {
  if (m_tracker->cycleCount() != m_summaryCycles) {
    m_summary = m_sim->summarizeGait();
    m_summaryCycles = m_tracker->cycleCount();
  }
  return m_summary;
}

const LoadSummary& WalkerSession::loads() {
  if (m_tracker->cycleCount() != m_loadsCycles) {
    m_loads = m_sim->summarizeLoads();
    m_loadsCycles = m_tracker->cycleCount();
  }
  return m_loads;
}

std::string WalkerSession::fallText() const {
  const Outcome o = m_sim->outcome();
  if (!o.fell) return {};
  char buf[160];
  std::snprintf(buf, sizeof buf, "fell (%s) at %.2f s  -  press R to reset", o.fallReason.c_str(),
                o.fallTimeS);
  return buf;
}

std::string WalkerSession::caption() const {
  const ScenarioSpec& s = m_preset.scenario;
  char buf[160];
  if (s.inclinePct == 0) {
    std::snprintf(buf, sizeof buf, "%s %.1f m/s, level", directionName(s.command.direction),
                  s.command.speedMps);
  } else {
    std::snprintf(buf, sizeof buf, "%s %.1f m/s, %.0f %% %s", directionName(s.command.direction),
                  s.command.speedMps, std::abs(s.inclinePct),
                  s.inclinePct > 0 ? "uphill" : "downhill");
  }
  return buf;
}

}  // namespace retrogait::viewer
