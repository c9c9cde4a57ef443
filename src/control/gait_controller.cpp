#include "retrogait/control/gait_controller.h"

#include <algorithm>
#include <cmath>

#include "retrogait/core/small_lu.h"
#include "retrogait/model/dynamics.h"
#include "retrogait/model/inverse_dynamics.h"
#include "retrogait/physics/contact_forces.h"

namespace retrogait {

namespace {
// Foot loads that share the torso torque between the stance hips are low-passed, so contact
// ripple does not feed back through the hips [s].
constexpr double kLoadFilterS = 0.01;
// Speed feedback acts on the COM velocity low-passed over about half a stride: within a stride the
// COM speed of human walking varies by ±10-15 % (fast in double support, slow at mid-stance), and
// feeding that back would lengthen and shorten steps for no reason [s].
constexpr double kVelocityFilterS = 0.3;
double wrap01(double x) {
  return x - std::floor(x);
}
}  // namespace

JointTorques GaitController::implicitTorques(
    double dtS, const SegmentPoses& poses, const SegmentTwists& twists, const VecQ& qd,
    const ContactState& contacts, const JointTorques& explicitTorque,
    const TorqueJacobian& stiffness, const TorqueJacobian& damping, VecQ& predictedQdd) const {
  // Bias: Coriolis, gravity and contact as generalized forces, q̈ = 0.
  const VecQ bias = computeInverseDynamics(m_model, poses, twists, VecQ::Zero(),
                                           makeContactForces(m_model, contacts).view())
                        .generalizedForce;
  const TorqueJacobian velocityGain = damping + dtS * stiffness;
  const JointTorques atStepVelocity = explicitTorque + dtS * stiffness * qd;
  MatQ system = computeMassMatrix(m_model, poses);
  system.bottomRows<kNumActuated>() -= dtS * velocityGain;
  VecQ rhs = -bias;
  rhs.tail<kNumActuated>() += atStepVelocity;
  // M is positive definite and the gains are small against it, so the system is never singular
  // in practice; if it were, fall back to the explicit torques (q̈ prediction zero).
  predictedQdd = rhs;
  if (!solveLinearSystemInPlace(system, predictedQdd)) predictedQdd.setZero();
  return atStepVelocity + dtS * velocityGain * predictedQdd;
}

void GaitController::adaptReferenceSpeed(double comAlongM) {
  if (m_strideStarted && m_timeS > m_strideStartS) {
    const double strideSpeed = travelSign(m_command.direction) * (comAlongM - m_strideStartAlongM) /
                               (m_timeS - m_strideStartS);
    m_telemetry.lastStrideSpeedMps = strideSpeed;
    const double relativeError = (m_command.speedMps - strideSpeed) / m_command.speedMps;
    const double ratio =
        std::clamp(m_referenceSpeedRatio + params().speedAdaptationGain * relativeError,
                   kMinReferenceSpeedRatio, kMaxReferenceSpeedRatio);
    if (ratio != m_referenceSpeedRatio) {
      m_referenceSpeedRatio = ratio;
      refreshReference();
    }
  }
  m_strideStarted = true;
  m_strideStartAlongM = comAlongM;
  m_strideStartS = m_timeS;
}

const char* directionName(Direction d) {
  return d == Direction::kForward ? "forward" : "backward";
}

GaitController::GaitController(const Model& model, const GaitReference& reference,
                               const ControllerParams& params, const GaitCommand& command,
                               const Ground& ground)
    : m_model(model),
      m_reference(&reference),
      m_params(params),
      m_command(command),
      m_ground(ground) {
  const double mgl = model.totalMassKg() * kGravityMps2 * model.legLengthM;
  m_kpScale = mgl;
  m_kdScale = mgl * std::sqrt(model.legLengthM / kGravityMps2);
  refreshReference();
}

GaitController::Gains GaitController::gains(double kpHat, double kdHat) const {
  return {kpHat * m_kpScale, kdHat * m_kdScale};
}

const GaitParams& GaitController::params() const {
  return m_command.direction == Direction::kForward ? m_params.forward : m_params.backward;
}

void GaitController::setCommand(const GaitCommand& command) {
  if (command.direction != m_command.direction) {
    m_referenceSpeedRatio = 1;
    m_strideStarted = false;
  }
  m_command = command;
  refreshReference();
}

void GaitController::refreshReference() {
  m_telemetry.referenceSpeedMps = m_referenceSpeedRatio * m_command.speedMps;
  m_gait = m_reference->atSpeed(m_telemetry.referenceSpeedMps, m_model.legLengthM);
  m_gait.strideTimeS *= params().strideTimeScale;
  double sum = 0;
  for (double v : m_gait.hip.samples()) sum += v;
  m_hipMean = sum / PeriodicCurve::kSamples;
}

double GaitController::footOffFraction() const {
  return std::clamp(m_gait.footOffFraction + params().footOffShift, 0.4, 0.8);
}

double GaitController::clampToRange(Side side, JointType type, double angleRad) const {
  const JointSpec& joint = m_model.joint(side, type);
  return std::clamp(angleRad, joint.minRad, joint.maxRad);
}

GaitController::LegTargets GaitController::targetsFor(Side side, double legPhase,
                                                      double groundAngle,
                                                      double kneeFlexionShare) const {
  const GaitParams& p = params();
  const double s = footOffFraction();
  // Backward walking: the forward trajectory played in reverse, aligned so that backward initial
  // contact (forefoot, leg behind) is forward toe-off and backward toe-off is forward contact.
  const bool forward = m_command.direction == Direction::kForward;
  const double refPhase = forward ? legPhase : wrap01(s - legPhase);
  const double phaseRate = (forward ? 1.0 : -1.0) / m_gait.strideTimeS;
  const double uphill = groundAngle * travelSign(m_command.direction);
  LegTargets t;
  double hipRef, hipSlope, kneeRef, kneeSlope, ankleRef, ankleSlope;
  m_gait.hip.evaluate(refPhase, hipRef, hipSlope);
  m_gait.knee.evaluate(refPhase, kneeRef, kneeSlope);
  m_gait.ankle.evaluate(refPhase, ankleRef, ankleSlope);
  t.hip = m_hipMean + p.hipAmplitudeScale * (hipRef - m_hipMean) + p.hipOffsetRad +
          p.inclineHipGain * groundAngle;
  t.hipRate = p.hipAmplitudeScale * hipSlope * phaseRate;
  double kneeFlex = kneeFlexionShare * p.stanceKneeFlexionRad +
                    p.uphillKneeGain * std::max(uphill, 0.0) +
                    p.downhillKneeGain * std::max(-uphill, 0.0);
  t.knee = clampToRange(side, JointType::kKnee, std::min(kneeRef - kneeFlex, 0.0));
  t.kneeRate = kneeSlope * phaseRate;
  t.ankle = clampToRange(side, JointType::kAnkle,
                         ankleRef + p.ankleOffsetRad + p.inclineAnkleGain * groundAngle);
  t.ankleRate = ankleSlope * phaseRate;
  return t;
}

double GaitController::normalLoadN(const ContactState& contacts, Side side) const {
  return std::max(0.0, contacts.feet[static_cast<int>(side)].force_W.dot(m_ground.normal()));
}

void GaitController::makeInitialState(VecQ& q, VecQ& qd) const {
  q.setZero();
  qd.setZero();
  const GaitParams& p = params();
  q[kPelvisTilt] =
      m_model.uprightPelvisTiltRad - p.torsoLeanRad - p.inclineTorsoGain * m_ground.angleRad();
  // Joint angles and rates of the reference at right initial contact (left leg half a cycle on).
  for (Side side : kSides) {
    const double legPhase = side == Side::kRight ? 0.0 : 0.5;
    const LegTargets t =
        targetsFor(side, legPhase, m_ground.angleRad(), legPhase < footOffFraction() ? 1.0 : 0.0);
    q[dofOf(side, JointType::kHip)] = t.hip;
    q[dofOf(side, JointType::kKnee)] = t.knee;
    q[dofOf(side, JointType::kAnkle)] = t.ankle;
    qd[dofOf(side, JointType::kHip)] = t.hipRate;
    qd[dofOf(side, JointType::kKnee)] = t.kneeRate;
    qd[dofOf(side, JointType::kAnkle)] = t.ankleRate;
  }
  // Lower the walker until its lowest contact sphere just touches the ground (1 mm in).
  SegmentPoses poses = computePoses(m_model, q);
  double lowest = 1e9;
  int lowestSphere = 0;
  for (std::size_t k = 0; k < m_model.contacts.size(); ++k) {
    const ContactSphere& c = m_model.contacts[k];
    const double h = m_ground.heightAbove(poses[c.segment].toWorld(c.center_S)) - c.radiusM;
    if (h < lowest) {
      lowest = h;
      lowestSphere = static_cast<int>(k);
    }
  }
  const Vec2 shift = (-lowest - 0.001) * m_ground.normal();
  q[kPelvisTx] += shift.x();
  q[kPelvisTy] += shift.y();
  // Root velocity: the touching point stands still; the rest moves with the reference rates.
  poses = computePoses(m_model, q);
  const ContactSphere& touching = m_model.contacts[lowestSphere];
  const Vec2 point =
      poses[touching.segment].toWorld(touching.center_S) - touching.radiusM * m_ground.normal();
  const PointJacobian J = computePointJacobian(m_model, poses, touching.segment, point);
  const Vec2 jointPart = J.rightCols<kNumDof - kPelvisTilt>() * qd.tail<kNumDof - kPelvisTilt>();
  qd[kPelvisTx] = -jointPart.x();
  qd[kPelvisTy] = -jointPart.y();
}

JointTorques GaitController::compute(double dtS, const VecQ& q, const VecQ& qd,
                                     const ContactState& contacts) {
  const SegmentPoses poses = computePoses(m_model, q);
  return compute(dtS, q, qd, poses, computeTwists(m_model, poses, qd), contacts);
}

JointTorques GaitController::compute(double dtS, const VecQ& q, const VecQ& qd,
                                     const SegmentPoses& poses, const SegmentTwists& twists,
                                     const ContactState& contacts) {
  const GaitParams& p = params();
  const double s = footOffFraction();
  const double bodyMassKg = m_model.totalMassKg();
  const double bodyWeightN = bodyMassKg * kGravityMps2;
  const double contactThresholdN = p.contactThresholdBw * bodyWeightN;
  const std::array<double, 2> rawLoad = {normalLoadN(contacts, Side::kRight),
                                         normalLoadN(contacts, Side::kLeft)};
  const double alpha = dtS / (kLoadFilterS + dtS);
  for (int i = 0; i < 2; ++i) m_filteredLoad[i] += alpha * (rawLoad[i] - m_filteredLoad[i]);
  const std::array<double, 2>& load = m_filteredLoad;
  auto legPhaseOf = [&](double phase, Side side) {
    return wrap01(phase + (side == Side::kRight ? 0.0 : 0.5));
  };
  m_timeS += dtS;

  // 1. Phase: advance, but a swing leg near the end of its swing waits for contact (and with it
  // the other leg, before its pre-swing knee flexion).
  double next = m_phase + dtS / m_gait.strideTimeS;
  for (Side side : kSides) {
    const double before = legPhaseOf(m_phase, side);
    if (before >= s && before + dtS / m_gait.strideTimeS >= p.landingWaitPhase) {
      next = m_phase + std::max(0.0, p.landingWaitPhase - before);
    }
  }
  m_phase = wrap01(next);
  // Initial contact of a swing leg (after enough of its swing) sets the phase to its contact.
  bool strideEnds = false;
  for (Side side : kSides) {
    const double legPhase = legPhaseOf(m_phase, side);
    const bool lateSwing = legPhase >= s + p.minSwingFraction * (1.0 - s);
    if (lateSwing && rawLoad[static_cast<int>(side)] > contactThresholdN) {
      m_phase = side == Side::kRight ? 0.0 : 0.5;
      ++m_telemetry.initialContacts;
      strideEnds = strideEnds || side == Side::kRight;
    }
  }

  // 2. State of the body.
  const Vec2 com = computeCom(m_model, poses);
  const Vec2 comVelocity = computeComVelocity(m_model, poses, twists);
  const double velocityAlong = m_ground.tangent().dot(comVelocity);
  const double commanded = travelSign(m_command.direction) * m_command.speedMps;
  if (!m_velocityFilterStarted) {
    m_filteredVelocity = commanded;
    m_velocityFilterStarted = true;
  }
  m_filteredVelocity += dtS / (kVelocityFilterS + dtS) * (velocityAlong - m_filteredVelocity);
  const double velocityError = m_filteredVelocity - commanded;
  if (strideEnds) adaptReferenceSpeed(m_ground.along(com));

  std::array<LegRole, 2> role{};
  std::array<double, 2> legPhase{};
  for (Side side : kSides) {
    const int i = static_cast<int>(side);
    legPhase[i] = legPhaseOf(m_phase, side);
    role[i] = legPhase[i] < s ? LegRole::kStance : LegRole::kSwing;
    if (role[i] != m_role[i]) {
      m_previousRole[i] = m_role[i];
      m_role[i] = role[i];
      m_roleSinceS[i] = m_timeS;
      if (role[i] == LegRole::kStance) {
        m_ankleAtContactRad[i] = q[dofOf(side, JointType::kAnkle)];
        m_ankleHoldReleased[i] = p.stanceAnkleLoadHoldBw <= 0;
      }
    }
  }
  // Position feedback: COM ahead of the stance ankle vs. where it is in a steady gait (the COM
  // passes over the stance ankle at about 30 % of the cycle, mid-stance).
  double positionError = 0;
  {
    int stanceLeg = -1;
    for (int i = 0; i < 2; ++i) {
      if (role[i] == LegRole::kStance && (stanceLeg < 0 || legPhase[i] < legPhase[stanceLeg]))
        stanceLeg = i;
    }
    if (stanceLeg >= 0) {
      const Vec2 ankle = poses[footSegment(kSides[stanceLeg])].origin_W;
      const double d = m_ground.along(com - ankle);
      const double dNominal = commanded * m_gait.strideTimeS * (legPhase[stanceLeg] - 0.3);
      positionError = d - dNominal;
    }
  }

  const double pelvisTarget =
      m_model.uprightPelvisTiltRad - p.torsoLeanRad - p.inclineTorsoGain * m_ground.angleRad();
  const double torsoTorque = p.torsoKp * m_kpScale * (pelvisTarget - q[kPelvisTilt]) -
                             p.torsoKd * m_kdScale * qd[kPelvisTilt];

  // Virtual force at the hip, delivered by the stance leg(s) through their ankles and knees.
  const double maxForce = p.maxSpeedForceBw * bodyWeightN;
  const double speedForce =
      std::clamp(-bodyMassKg * p.speedForceGainPerS * velocityError, -maxForce, maxForce);
  const Vec2 virtualForce =
      speedForce * m_ground.tangent() + Vec2(0, p.stanceSupportFraction * bodyWeightN);

  // 3. Per leg: torques of both roles; blend for a while after a switch. Alongside each PD term
  // its derivatives by q and q̇ are kept (stiffness, damping), for the implicit step below.
  JointTorques tau = JointTorques::Zero();
  TorqueJacobian stiffness = TorqueJacobian::Zero(), damping = TorqueJacobian::Zero();
  std::array<RowQ, 2> freeHipStiffness{}, freeHipDamping{};
  std::array<double, 2> torsoWeight{}, freeHipTorque{};
  m_telemetry.target.setZero();
  auto weightTorque = [&](Side side, int fromSegment, const Vec2& pivot) {
    double torque = 0;
    for (int seg = fromSegment; seg <= footSegment(side); ++seg) {
      const Vec2 c = poses[seg].toWorld(m_model.segments[seg].com_S);
      torque += m_model.segments[seg].massKg * kGravityMps2 * (c.x() - pivot.x());
    }
    return torque;
  };
  double stanceLoadSum = 0;
  for (int i = 0; i < 2; ++i) stanceLoadSum += role[i] == LegRole::kStance ? load[i] : 0.0;
  for (Side side : kSides) {
    const int i = static_cast<int>(side);
    // Blend across a role switch.
    const double w =
        p.roleBlendS > 0 ? smoothstep((m_timeS - m_roleSinceS[i]) / p.roleBlendS) : 1.0;
    const bool stanceNow = role[i] == LegRole::kStance;
    const double stanceShare = stanceNow ? w : 1.0 - w;  // 1 = fully stance behaviour
    // The stance knee flexion starts at contact (the knee yields as the leg takes the load) and is
    // released over the blend after foot-off, where a step in it would jerk the still stiff knee.
    const LegTargets t =
        targetsFor(side, legPhase[i], m_ground.angleRad(), stanceNow ? 1.0 : stanceShare);
    const int hip = dofOf(side, JointType::kHip), knee = dofOf(side, JointType::kKnee),
              ankle = dofOf(side, JointType::kAnkle);
    const int thighSeg = segmentOf(side, JointType::kHip),
              shankSeg = segmentOf(side, JointType::kKnee), footSeg = footSegment(side);

    // Swing: thigh in the world frame plus foot-placement feedback; the leg's weight fed forward.
    const double thighTarget = pelvisTarget + t.hip +
                               p.swingHipVelocityGainRadPerMps * velocityError +
                               p.swingHipPositionGainRadPerM * positionError;
    const double gc = p.gravityCompensation;
    const Gains swh = gains(p.swingHipKp, p.swingHipKd);
    const Gains swk = gains(p.swingKneeKp, p.swingKneeKd);
    const Gains swa = gains(p.swingAnkleKp, p.swingAnkleKd);
    const double swingHip = swh.kp * (thighTarget - poses[thighSeg].angleRad) +
                            swh.kd * (t.hipRate - twists[thighSeg].omegaRadps) +
                            gc * weightTorque(side, thighSeg, poses[thighSeg].origin_W);
    const double swingKnee = swk.kp * (t.knee - q[knee]) + swk.kd * (t.kneeRate - qd[knee]) +
                             gc * weightTorque(side, shankSeg, poses[shankSeg].origin_W);
    const double swingAnkle = swa.kp * (t.ankle - q[ankle]) + swa.kd * (t.ankleRate - qd[ankle]) +
                              gc * weightTorque(side, footSeg, poses[footSeg].origin_W);

    // Stance: knee and ankle track; their share of the virtual force by Jacobian transpose.
    double ankleTarget = clampToRange(side, JointType::kAnkle,
                                      t.ankle - p.stanceAnkleVelocityGainRadPerMps * velocityError);
    double ankleRate = t.ankleRate;
    // Until the foot takes load, the stance ankle stays near its angle at contact: driven to the
    // reference unloaded, a backward forefoot contact turned the foot about the ankle and lifted
    // the toe off again (docs/controller.md, "Stages I-K").
    if (stanceNow && !m_ankleHoldReleased[i]) {
      const double share = std::min(1.0, load[i] / (p.stanceAnkleLoadHoldBw * bodyWeightN));
      if (share >= 1.0) m_ankleHoldReleased[i] = true;
      ankleTarget = m_ankleAtContactRad[i] + share * (ankleTarget - m_ankleAtContactRad[i]);
      ankleRate *= share;
    }
    const Gains stk = gains(p.stanceKneeKp, p.stanceKneeKd);
    const Gains sta = gains(p.stanceAnkleKp, p.stanceAnkleKd);
    double stanceKnee = stk.kp * (t.knee - q[knee]) + stk.kd * (t.kneeRate - qd[knee]);
    double stanceAnkle = sta.kp * (ankleTarget - q[ankle]) + sta.kd * (ankleRate - qd[ankle]);
    if (role[i] == LegRole::kStance && stanceLoadSum > contactThresholdN) {
      const Vec2 share = virtualForce * (load[i] / stanceLoadSum);
      const Vec2 hipPoint = poses[thighSeg].origin_W;
      // With the foot held, raising q_ankle turns the shank back: dp_hip/dq_ankle = -ẑ × (hip -
      // ankle).
      const Vec2 rAnkle = hipPoint - poses[footSeg].origin_W,
                 rKnee = hipPoint - poses[shankSeg].origin_W;
      stanceAnkle += share.dot(Vec2(rAnkle.y(), -rAnkle.x()));
      stanceKnee += share.dot(Vec2(rKnee.y(), -rKnee.x()));
    }

    const int kneeIndex = actuatedIndex(side, JointType::kKnee),
              ankleIndex = actuatedIndex(side, JointType::kAnkle);
    tau[kneeIndex] = stanceShare * stanceKnee + (1 - stanceShare) * swingKnee;
    tau[ankleIndex] = stanceShare * stanceAnkle + (1 - stanceShare) * swingAnkle;
    stiffness(kneeIndex, knee) = -(stanceShare * stk.kp + (1 - stanceShare) * swk.kp);
    damping(kneeIndex, knee) = -(stanceShare * stk.kd + (1 - stanceShare) * swk.kd);
    stiffness(ankleIndex, ankle) = -(stanceShare * sta.kp + (1 - stanceShare) * swa.kp);
    damping(ankleIndex, ankle) = -(stanceShare * sta.kd + (1 - stanceShare) * swa.kd);
    torsoWeight[i] = stanceShare;
    freeHipTorque[i] = (1 - stanceShare) * swingHip;
    // The swing thigh is held in the world frame: its angle is pelvis tilt + hip.
    freeHipStiffness[i] = RowQ::Zero();
    freeHipDamping[i] = RowQ::Zero();
    for (int dof : {int(kPelvisTilt), hip}) {
      freeHipStiffness[i][dof] = -(1 - stanceShare) * swh.kp;
      freeHipDamping[i][dof] = -(1 - stanceShare) * swh.kd;
    }
    m_telemetry.target[hip] = stanceNow ? t.hip : thighTarget - pelvisTarget;
    m_telemetry.target[knee] = t.knee;
    m_telemetry.target[ankle] = stanceNow ? ankleTarget : t.ankle;
  }

  // 4. Torso through the hips of the legs that carry the body, shared by (filtered) load.
  double weightedLoad = 0;
  for (int i = 0; i < 2; ++i) weightedLoad += torsoWeight[i] * load[i];
  const double hipBudget = -(torsoTorque + freeHipTorque[0] + freeHipTorque[1]);
  RowQ budgetStiffness = -(freeHipStiffness[0] + freeHipStiffness[1]);
  RowQ budgetDamping = -(freeHipDamping[0] + freeHipDamping[1]);
  budgetStiffness[kPelvisTilt] += p.torsoKp * m_kpScale;
  budgetDamping[kPelvisTilt] += p.torsoKd * m_kdScale;
  for (Side side : kSides) {
    const int i = static_cast<int>(side);
    const int hipIndex = actuatedIndex(side, JointType::kHip);
    const int hip = dofOf(side, JointType::kHip);
    if (weightedLoad > contactThresholdN) {
      const double share = torsoWeight[i] * load[i] / weightedLoad;
      tau[hipIndex] = freeHipTorque[i] + hipBudget * share;
      stiffness.row(hipIndex) = freeHipStiffness[i] + share * budgetStiffness;
      damping.row(hipIndex) = freeHipDamping[i] + share * budgetDamping;
    } else {
      // Nothing carries the body: every hip tracks its own target relative to the pelvis.
      const Gains gh = gains(p.swingHipKp, p.swingHipKd);
      tau[hipIndex] = gh.kp * (m_telemetry.target[hip] - q[hip]) - gh.kd * qd[hip];
      stiffness(hipIndex, hip) = -gh.kp;
      damping(hipIndex, hip) = -gh.kd;
    }
  }

  // 5. Implicit PD (backward Euler on the PD terms, after Tan, Liu & Turk 2011): the torques are
  // evaluated at the end of the step, τ(q + dt q̇', q̇') with q̇' = q̇ + dt q̈, and q̈ predicted from
  // our own tree with the contact forces of this state held. Explicit PD is only stable for
  // kd dt / I ≲ 1 with I the inertia the joint moves, and a light foot or shank would cap the
  // damping far below what the gait needs.
  tau = implicitTorques(dtS, poses, twists, qd, contacts, tau, stiffness, damping,
                        m_telemetry.predictedQdd);

  m_telemetry.phase = m_phase;
  m_telemetry.legPhase = legPhase;
  m_telemetry.role = role;
  m_telemetry.pelvisTargetRad = pelvisTarget;
  m_telemetry.velocityAlongPathMps = velocityAlong;
  m_telemetry.requestedTorqueNm = tau;
  return tau;
}

}  // namespace retrogait
