#include "retrogait/sim/simulation.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "retrogait/model/kinematics.h"
#include "retrogait/model/model_loader.h"

namespace retrogait {

namespace {
using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
// A fall: the hip joint centre sinks below this share of the leg length above the ground, or
// the trunk tilts further than kFallTiltRad from upright.
constexpr double kFallHipHeightFraction = 0.55;
constexpr double kFallTiltRad = degToRad(60);
}  // namespace

Result<std::unique_ptr<Simulation>> Simulation::create(const ScenarioSpec& spec) {
  if (Status s = validateScenario(spec); !s) return Error{s.error()};
  std::unique_ptr<Simulation> sim(new Simulation());
  sim->m_spec = spec;
  const std::string modelFile = spec.modelFile.empty() ? defaultModelFile() : spec.modelFile;
  auto model = loadModel(modelFile, spec.subject);
  if (!model) return Error{model.error()};
  sim->m_model = std::move(model.value());
  auto reference = GaitReference::load(GaitReference::defaultFile());
  if (!reference) return Error{reference.error()};
  sim->m_reference = std::move(reference.value());
  const std::string controllerFile =
      spec.controllerFile.empty() ? defaultControllerFile() : spec.controllerFile;
  auto params = spec.controllerParams ? Result<ControllerParams>(*spec.controllerParams)
                                      : loadControllerParams(controllerFile);
  if (!params) return Error{params.error()};

  const Ground ground = Ground::fromGrade(spec.inclinePct, travelSign(spec.command.direction));
  PhysicsSpec physicsSpec;
  physicsSpec.timeStepS = spec.timeStepS;
  physicsSpec.ground = ground;
  auto physics = PhysicsWorld::create(sim->m_model, physicsSpec);
  if (!physics) return Error{physics.error()};
  sim->m_physics = std::move(physics.value());
  sim->m_controller = std::make_unique<GaitController>(sim->m_model, sim->m_reference,
                                                       params.value(), spec.command, ground);
  VecQ q, qd;
  sim->m_controller->makeInitialState(q, qd);
  sim->m_physics->reset(q, qd);
  const auto steps = static_cast<std::size_t>(spec.durationS / spec.timeStepS) + 2;
  sim->m_series.reserve(steps);
  // Estimator: every n-th step at the analysis rate; tables once, series reserved so that the
  // step never allocates.
  if (spec.analysisRateHz > 0) {
    sim->m_analysisEvery =
        std::max(1, static_cast<int>(std::lround(1.0 / (spec.analysisRateHz * spec.timeStepS))));
    sim->m_estimatorSpec.optimization.criterion = spec.criterion;
    sim->m_estimatorTables = buildEstimatorTables(sim->m_model, sim->m_estimatorSpec);
    sim->m_analysis.reserve(steps / static_cast<std::size_t>(sim->m_analysisEvery) + 2);
  }
  return sim;
}

void Simulation::setCommand(const GaitCommand& command) {
  m_pendingCommand = command;
}

void Simulation::push(double forceN, double durationS) {
  m_runtimePush = PushSpec{forceN, 0.0, durationS};
  m_runtimePushPending = true;
}

void Simulation::applyPush(const Vec2& force_W, const Vec2& point_W, double durationS) {
  if (!(durationS > 0) || !force_W.allFinite() || !point_W.allFinite()) {
    m_appliedPush.reset();
    return;
  }
  const SegmentPoses poses = computePoses(m_model, m_physics->q());
  AppliedPush p;
  p.force_W = force_W;
  p.point_S = poses[kHat].rotation.transpose() * (point_W - poses[kHat].origin_W);
  p.durationS = durationS;
  m_appliedPush = p;
}

bool Simulation::finished() const {
  return m_fell || m_physics->timeS() >= m_spec.durationS - 0.5 * m_spec.timeStepS;
}

void Simulation::step() {
  if (finished()) return;
  const Clock::time_point t0 = m_timeStages ? Clock::now() : Clock::time_point{};
  // 0. Pending edits only at a step boundary.
  if (m_pendingCommand) {
    m_controller->setCommand(*m_pendingCommand);
    m_pendingCommand.reset();
  }
  const double dt = m_spec.timeStepS;
  // 1. Control.
  const JointTorques torques =
      m_controller->compute(dt, m_physics->q(), m_physics->qd(), m_physics->poses(),
                            m_physics->twists(), m_physics->contacts());
  const Clock::time_point t1 = m_timeStages ? Clock::now() : Clock::time_point{};
  // 2. Physics (with a push, if one is on).
  if (m_runtimePushPending) {
    m_runtimePush->startS = m_physics->timeS();
    m_runtimePushPending = false;
  }
  const double now = m_physics->timeS();
  double pushN = 0;
  for (const std::optional<PushSpec>* push : {&m_spec.push, &m_runtimePush}) {
    if (*push && now >= (*push)->startS - 1e-9 &&
        now < (*push)->startS + (*push)->durationS - 1e-9) {
      pushN += (*push)->forceN;
    }
  }
  if (m_appliedPush && m_appliedPush->pending) {
    m_appliedPush->startS = now;
    m_appliedPush->pending = false;
  }
  const bool applied =
      m_appliedPush && now < m_appliedPush->startS + m_appliedPush->durationS - 1e-9;
  if (m_appliedPush && !applied) m_appliedPush.reset();  // over
  if (pushN != 0 || applied) {
    const SegmentPoses poses = computePoses(m_model, m_physics->q());
    const Vec2 hatCom = poses[kHat].toWorld(m_model.segments[kHat].com_S);
    if (!applied) {
      m_physics->applyPush(Vec2(pushN, 0), hatCom);
    } else {
      const Vec2 force = m_appliedPush->force_W;
      const Vec2 point = poses[kHat].toWorld(m_appliedPush->point_S);
      if (pushN == 0) {
        m_physics->applyPush(force, point);
      } else {
        // Both act: the world takes one force, so apply the resultant on a line of action with
        // the same moment about the HAT's COM (a pure couple, when they cancel, is dropped).
        const Vec2 total = force + Vec2(pushN, 0);
        const double moment = cross2d(point - hatCom, force);
        const double n2 = total.squaredNorm();
        const Vec2 offset =
            n2 > 1e-18 ? Vec2(moment / n2 * Vec2(total.y(), -total.x())) : Vec2(Vec2::Zero());
        m_physics->applyPush(total, hatCom + offset);
      }
    }
  }
  // A step to be analysed keeps the poses and twists of its start state: the physics computed
  // them from the q, q̇ its step record keeps, and the estimator need not compute them again.
  const bool analysisStep = m_analysisEvery > 0 && m_stepCount % m_analysisEvery == 0;
  std::optional<SegmentPoses> startPoses;
  std::optional<SegmentTwists> startTwists;
  if (analysisStep) {
    startPoses = m_physics->poses();
    startTwists = m_physics->twists();
  }
  const StepStatus status = m_physics->step(torques);
  const Clock::time_point t2 = m_timeStages ? Clock::now() : Clock::time_point{};
  // 3. Checks.
  if (status != StepStatus::kOk) {
    m_fell = true;
    m_fallTimeS = m_physics->timeS();
    m_fallReason = "numerical failure";
  } else {
    checkFall();
  }
  // 4. Record.
  Sample s;
  s.timeS = m_physics->timeS();
  s.q = m_physics->q();
  s.qd = m_physics->qd();
  s.torqueNm = m_physics->lastStep().actuatorTorqueNm;
  const ContactState& c = m_physics->contacts();
  for (int i = 0; i < 2; ++i) {
    s.grf_W[i] = c.feet[i].force_W;
    s.cop_W[i] = c.feet[i].cop_W;
  }
  s.com_W = computeCom(m_model, m_physics->poses());
  s.comVel_W = computeComVelocity(m_model, m_physics->poses(), m_physics->twists());
  s.phase = m_controller->telemetry().phase;
  s.targetRad = m_controller->telemetry().target.tail<kNumActuated>();
  m_series.push_back(s);
  const Clock::time_point t3 = m_timeStages ? Clock::now() : Clock::time_point{};
  // 5. Analysis of the step just taken, at the analysis rate (not of a failed step: its state is
  // not finite).
  const bool analyse = analysisStep && status == StepStatus::kOk;
  if (analyse) analyseLastStep(*startPoses, *startTwists);
  ++m_stepCount;
  if (m_timeStages) {
    m_stages.controlS += std::chrono::duration<double>(t1 - t0).count();
    m_stages.physicsS += std::chrono::duration<double>(t2 - t1).count();
    m_stages.recordS += std::chrono::duration<double>(t3 - t2).count();
    if (analyse) {
      m_stages.analysisS += secondsSince(t3);
      ++m_stages.analysedSteps;
    }
    ++m_stages.steps;
  }
}

void Simulation::analyseLastStep(const SegmentPoses& startPoses, const SegmentTwists& startTwists) {
  const StepRecord& step = m_physics->lastStep();
  EstimatorInput input = makeEstimatorInput(m_model, step);
  input.poses = startPoses;
  input.twists = startTwists;
  // The previous sample's multipliers start this one's recruitment (the solution moves little
  // between samples; the answer is the same to the solver's tolerance).
  if (!m_analysis.empty()) {
    for (std::size_t s = 0; s < 2; ++s)
      input.multiplierGuessPerNm[s] = m_estimate.multiplierPerNm[s];
  }
  estimateMuscleLoad(m_model, m_estimatorTables, input, m_estimatorSpec, m_estimate);
  m_analysis.emplace_back();
  makeAnalysisSample(m_estimate, step.timeS, m_analysis.back());
}

void Simulation::checkFall() {
  const VecQ& q = m_physics->q();
  const double hipHeight = ground().heightAbove(Vec2(q[kPelvisTx], q[kPelvisTy]));
  const double tilt = std::abs(wrapAngle(q[kPelvisTilt] - m_model.uprightPelvisTiltRad));
  if (hipHeight < kFallHipHeightFraction * m_model.legLengthM) {
    m_fell = true;
    m_fallReason = "pelvis low";
  } else if (tilt > kFallTiltRad) {
    m_fell = true;
    m_fallReason = "trunk tilt";
  }
  if (m_fell) m_fallTimeS = m_physics->timeS();
}

void Simulation::run(const std::function<void(double)>& progress) {
  const Clock::time_point start = Clock::now();
  const long total = std::lround(m_spec.durationS / m_spec.timeStepS);
  const long every = std::max(1L, total / 100);
  long n = 0;
  while (!finished()) {
    step();
    if (progress && ++n % every == 0) progress(m_physics->timeS() / m_spec.durationS);
  }
  m_wallTimeS += secondsSince(start);
  if (progress) progress(1.0);
}

Outcome Simulation::outcome() const {
  Outcome o;
  o.fell = m_fell;
  o.fallTimeS = m_fallTimeS;
  o.fallReason = m_fallReason;
  o.simTimeS = m_physics->timeS();
  o.wallTimeS = m_wallTimeS;
  o.realtimeFactor = m_wallTimeS > 0 ? o.simTimeS / m_wallTimeS : 0.0;
  o.diagnostics = m_physics->diagnostics();
  return o;
}

double Simulation::settleTimeS() const {
  return std::min(3.0, 0.3 * m_spec.durationS);
}

double Simulation::analysedUntilS() const {
  return m_fell ? m_fallTimeS : m_physics->timeS();
}

GaitSummary Simulation::summarizeGait() const {
  return retrogait::summarizeGait(m_model, m_series, ground(), travelSign(m_spec.command.direction),
                                  settleTimeS(), analysedUntilS());
}

double Simulation::analysisRateHz() const {
  return m_analysisEvery > 0 ? 1.0 / (m_analysisEvery * m_spec.timeStepS) : 0.0;
}

std::vector<GaitCycle> Simulation::analysedCycles() const {
  std::vector<GaitCycle> cycles =
      cyclesWithin(cutCycles(m_series, detectGaitEvents(m_series, ground()), ground()),
                   settleTimeS(), analysedUntilS());
  return analysisEnabled() ? cyclesCoveredBy(m_analysis, cycles) : cycles;
}

LoadSummary Simulation::summarizeLoads() const {
  if (!analysisEnabled()) return {};
  return retrogait::summarizeLoads(m_model, m_analysis, analysedCycles(), settleTimeS(),
                                   analysedUntilS(), summarizeGait().meanSpeedMps);
}

}  // namespace retrogait
