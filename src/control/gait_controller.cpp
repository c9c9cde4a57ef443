#include "retrogait/control/gait_controller.h"

#include <algorithm>
#include <cmath>

namespace retrogait {

namespace {
constexpr double kMaxSwingPhase = 0.995;  // a swing leg waits here for contact
// Explicit PD on a light segment is only stable when kd dt / I and kp dt² / I stay small
// (semi-implicit Euler). For damping the inertia that matters is the distal segment's own
// central one: a foot held by its contact springs turns about itself, and the stance ankle rang
// at 250 Hz above kd dt / I ≈ 0.4 (measured, 2 ms step). Stiffness is bounded with the inertia
// of everything distal about the joint.
constexpr double kMaxKdDtOverI = 0.3;
constexpr double kMaxKpDt2OverI = 0.5;
// Foot loads that share the torso torque between the stance hips are low-passed, so contact
// ripple does not feed back through the hips [s].
constexpr double kLoadFilterS = 0.01;
double wrap01(double x) {
  return x - std::floor(x);
}
}  // namespace

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
  // Distal inertia about each joint of the right leg with the leg straight, and the central
  // inertia of the segment the joint moves.
  for (JointType jt : kJointTypes) {
    m_segmentInertia[static_cast<int>(jt)] =
        model.segments[segmentOf(Side::kRight, jt)].inertiaKgm2;
    const int first = segmentOf(Side::kRight, jt);
    const Vec2 pivot = [&] {
      Vec2 p = Vec2::Zero();
      for (int seg = kThighR; seg <= first; ++seg) p += model.segments[seg].jointInParent_P;
      return p;
    }();
    double inertia = 0;
    Vec2 origin = pivot;
    for (int seg = first; seg <= kFootR; ++seg) {
      if (seg > first) origin += model.segments[seg].jointInParent_P;
      const Segment& sg = model.segments[seg];
      inertia += sg.inertiaKgm2 + sg.massKg * (origin + sg.com_S - pivot).squaredNorm();
    }
    m_distalInertia[static_cast<int>(jt)] = inertia;
  }
  refreshReference();
}

GaitController::Gains GaitController::gainsFor(JointType joint, double kpHat, double kdHat,
                                               double dtS) const {
  const double inertia = m_distalInertia[static_cast<int>(joint)];
  return {
      std::min(kpHat * m_kpScale, kMaxKpDt2OverI * inertia / (dtS * dtS)),
      std::min(kdHat * m_kdScale, kMaxKdDtOverI * m_segmentInertia[static_cast<int>(joint)] / dtS)};
}

const GaitParams& GaitController::params() const {
  return m_command.direction == Direction::kForward ? m_params.forward : m_params.backward;
}

void GaitController::setCommand(const GaitCommand& command) {
  m_command = command;
  refreshReference();
}

void GaitController::refreshReference() {
  m_gait = m_reference->atSpeed(m_command.speedMps, m_model.legLengthM);
  m_gait.strideTimeS *= params().strideTimeScale;
  double sum = 0;
  for (double v : m_gait.hip.samples()) sum += v;
  m_hipMean = sum / PeriodicCurve::kSamples;
}

double GaitController::footOffFraction() const {
  return std::clamp(m_gait.footOffFraction + params().footOffShift, 0.4, 0.8);
}

GaitController::LegTargets GaitController::targetsFor(double legPhase, double groundAngle) const {
  const GaitParams& p = params();
  const double s = footOffFraction();
  // Backward walking: the forward trajectory played in reverse, aligned so that backward initial
  // contact (forefoot, leg behind) is forward toe-off and backward toe-off is forward contact.
  const bool forward = m_command.direction == Direction::kForward;
  const double refPhase = forward ? legPhase : wrap01(s - legPhase);
  const double phaseRate = (forward ? 1.0 : -1.0) / m_gait.strideTimeS;
  const double uphill = groundAngle * travelSign(m_command.direction);
  const bool stance = legPhase < s;

  LegTargets t;
  const double hipRef = m_gait.hip.value(refPhase);
  t.hip = m_hipMean + p.hipAmplitudeScale * (hipRef - m_hipMean) + p.hipOffsetRad +
          p.inclineHipGain * groundAngle;
  t.hipRate = p.hipAmplitudeScale * m_gait.hip.slope(refPhase) * phaseRate;
  double kneeFlex = (stance ? p.stanceKneeFlexionRad : 0.0) +
                    p.uphillKneeGain * std::max(uphill, 0.0) +
                    p.downhillKneeGain * std::max(-uphill, 0.0);
  t.knee = std::min(m_gait.knee.value(refPhase) - kneeFlex, 0.0);
  t.kneeRate = m_gait.knee.slope(refPhase) * phaseRate;
  t.ankle = m_gait.ankle.value(refPhase) + p.ankleOffsetRad + p.inclineAnkleGain * groundAngle;
  t.ankleRate = m_gait.ankle.slope(refPhase) * phaseRate;
  return t;
}

double GaitController::normalLoadN(const ContactState& contacts, Side side) const {
  return std::max(0.0, contacts.feet[static_cast<int>(side)].force_W.dot(m_ground.normal()));
}

void GaitController::makeInitialState(VecQ& q, VecQ& qd) const {
  q.setZero();
  qd.setZero();
  const double s = footOffFraction();
  const GaitParams& p = params();
  const double pelvis =
      m_model.uprightPelvisTiltRad - p.torsoLeanRad - p.inclineTorsoGain * m_ground.angleRad;
  q[kPelvisTilt] = pelvis;
  for (Side side : kSides) {
    const double legPhase = side == Side::kRight ? 0.0 : 0.5;
    LegTargets t = targetsFor(legPhase, m_ground.angleRad);
    q[dofOf(side, JointType::kHip)] = t.hip;
    q[dofOf(side, JointType::kKnee)] = t.knee;
    q[dofOf(side, JointType::kAnkle)] = t.ankle;
  }
  (void)s;
  // Lower the walker until its lowest contact sphere just touches the ground (1 mm in).
  const SegmentPoses poses = computePoses(m_model, q);
  double lowest = 1e9;
  for (const ContactSphere& c : m_model.contacts) {
    const Vec2 center = poses[c.segment].toWorld(c.center_S);
    lowest = std::min(lowest, m_ground.heightAbove(center) - c.radiusM);
  }
  const Vec2 shift = (-lowest - 0.001) * m_ground.normal();
  q[kPelvisTx] += shift.x();
  q[kPelvisTy] += shift.y();
  const Vec2 velocity = travelSign(m_command.direction) * m_command.speedMps * m_ground.tangent();
  qd[kPelvisTx] = velocity.x();
  qd[kPelvisTy] = velocity.y();
}

JointTorques GaitController::compute(double dtS, const VecQ& q, const VecQ& qd,
                                     const ContactState& contacts) {
  const GaitParams& p = params();
  const double s = footOffFraction();
  const double bodyWeightN = m_model.totalMassKg() * kGravityMps2;
  const double contactThresholdN = p.contactThresholdBw * bodyWeightN;
  const std::array<double, 2> rawLoad = {normalLoadN(contacts, Side::kRight),
                                         normalLoadN(contacts, Side::kLeft)};
  const double alpha = dtS / (kLoadFilterS + dtS);
  for (int i = 0; i < 2; ++i) m_filteredLoad[i] += alpha * (rawLoad[i] - m_filteredLoad[i]);
  const std::array<double, 2>& load = m_filteredLoad;
  auto legPhaseOf = [&](double phase, Side side) {
    return wrap01(phase + (side == Side::kRight ? 0.0 : 0.5));
  };

  // 1. Phase: advance, but a swing leg at the end of its swing waits for contact.
  double next = m_phase + dtS / m_gait.strideTimeS;
  for (Side side : kSides) {
    const double before = legPhaseOf(m_phase, side);
    if (before >= s && before + dtS / m_gait.strideTimeS >= kMaxSwingPhase) {
      next = m_phase + std::max(0.0, kMaxSwingPhase - before);
    }
  }
  m_phase = wrap01(next);
  // Initial contact of a swing leg (after enough of its swing) resets the phase.
  for (Side side : kSides) {
    const double legPhase = legPhaseOf(m_phase, side);
    const bool lateSwing = legPhase >= s + p.minSwingFraction * (1.0 - s);
    if (lateSwing && rawLoad[static_cast<int>(side)] > contactThresholdN) {
      m_phase = side == Side::kRight ? 0.0 : 0.5;
      ++m_telemetry.initialContacts;
    }
  }

  // 2. State of the body.
  const SegmentPoses poses = computePoses(m_model, q);
  const SegmentTwists twists = computeTwists(m_model, poses, qd);
  const Vec2 comVelocity = computeComVelocity(m_model, poses, twists);
  const double velocityAlong = m_ground.tangent().dot(comVelocity);
  const double commanded = travelSign(m_command.direction) * m_command.speedMps;
  const double velocityError = velocityAlong - commanded;

  const double pelvisTarget =
      m_model.uprightPelvisTiltRad - p.torsoLeanRad - p.inclineTorsoGain * m_ground.angleRad;
  const double torsoTorque = p.torsoKp * m_kpScale * (pelvisTarget - q[kPelvisTilt]) -
                             p.torsoKd * m_kdScale * qd[kPelvisTilt];

  JointTorques tau = JointTorques::Zero();
  std::array<LegRole, 2> role{};
  double swingHipTorqueSum = 0;
  m_telemetry.target.setZero();
  for (Side side : kSides) {
    const int i = static_cast<int>(side);
    const double legPhase = legPhaseOf(m_phase, side);
    role[i] = legPhase < s ? LegRole::kStance : LegRole::kSwing;
    LegTargets t = targetsFor(legPhase, m_ground.angleRad);
    const int hip = dofOf(side, JointType::kHip), knee = dofOf(side, JointType::kKnee),
              ankle = dofOf(side, JointType::kAnkle);
    const int thighSeg = segmentOf(side, JointType::kHip);
    const int shankSeg = segmentOf(side, JointType::kKnee);
    const int footSeg = segmentOf(side, JointType::kAnkle);

    if (role[i] == LegRole::kSwing) {
      // Swing thigh in the world frame plus foot-placement feedback, swing-leg gravity fed forward.
      const double thighTarget =
          pelvisTarget + t.hip + p.swingHipVelocityGainRadPerMps * velocityError;
      auto weightTorque = [&](int fromSegment, const Vec2& pivot) {
        double torque = 0;
        for (int seg = fromSegment; seg <= footSeg; ++seg) {
          const Vec2 com = poses[seg].toWorld(m_model.segments[seg].com_S);
          torque += m_model.segments[seg].massKg * kGravityMps2 * (com.x() - pivot.x());
        }
        return torque;
      };
      const double gc = p.gravityCompensation;
      const Gains gh = gainsFor(JointType::kHip, p.swingHipKp, p.swingHipKd, dtS);
      const Gains gk = gainsFor(JointType::kKnee, p.swingKneeKp, p.swingKneeKd, dtS);
      const Gains ga = gainsFor(JointType::kAnkle, p.swingAnkleKp, p.swingAnkleKd, dtS);
      tau[actuatedIndex(side, JointType::kHip)] =
          gh.kp * (thighTarget - poses[thighSeg].angleRad) +
          gh.kd * (t.hipRate - twists[thighSeg].omegaRadps) +
          gc * weightTorque(thighSeg, poses[thighSeg].origin_W);
      tau[actuatedIndex(side, JointType::kKnee)] =
          gk.kp * (t.knee - q[knee]) + gk.kd * (t.kneeRate - qd[knee]) +
          gc * weightTorque(shankSeg, poses[shankSeg].origin_W);
      tau[actuatedIndex(side, JointType::kAnkle)] =
          ga.kp * (t.ankle - q[ankle]) + ga.kd * (t.ankleRate - qd[ankle]) +
          gc * weightTorque(footSeg, poses[footSeg].origin_W);
      swingHipTorqueSum += tau[actuatedIndex(side, JointType::kHip)];
      m_telemetry.target[hip] = thighTarget - pelvisTarget;
    } else {
      const double ankleTarget = t.ankle - p.stanceAnkleVelocityGainRadPerMps * velocityError;
      const Gains gk = gainsFor(JointType::kKnee, p.stanceKneeKp, p.stanceKneeKd, dtS);
      const Gains ga = gainsFor(JointType::kAnkle, p.stanceAnkleKp, p.stanceAnkleKd, dtS);
      tau[actuatedIndex(side, JointType::kKnee)] =
          gk.kp * (t.knee - q[knee]) + gk.kd * (t.kneeRate - qd[knee]);
      tau[actuatedIndex(side, JointType::kAnkle)] =
          ga.kp * (ankleTarget - q[ankle]) + ga.kd * (t.ankleRate - qd[ankle]);
      m_telemetry.target[hip] = t.hip;
      t.ankle = ankleTarget;
    }
    m_telemetry.target[knee] = t.knee;
    m_telemetry.target[ankle] = t.ankle;
  }

  // 3. Torso through the stance hips, shared by foot load; with no load, hips track their targets.
  double stanceLoad = 0;
  for (Side side : kSides) {
    if (role[static_cast<int>(side)] == LegRole::kStance)
      stanceLoad += load[static_cast<int>(side)];
  }
  for (Side side : kSides) {
    const int i = static_cast<int>(side);
    if (role[i] != LegRole::kStance) continue;
    const int hipIndex = actuatedIndex(side, JointType::kHip);
    const int hip = dofOf(side, JointType::kHip);
    if (stanceLoad > contactThresholdN) {
      tau[hipIndex] = -(torsoTorque + swingHipTorqueSum) * load[i] / stanceLoad;
    } else {
      const Gains gh = gainsFor(JointType::kHip, p.swingHipKp, p.swingHipKd, dtS);
      tau[hipIndex] = gh.kp * (m_telemetry.target[hip] - q[hip]) - gh.kd * qd[hip];
    }
  }

  m_telemetry.phase = m_phase;
  m_telemetry.legPhase = {legPhaseOf(m_phase, Side::kRight), legPhaseOf(m_phase, Side::kLeft)};
  m_telemetry.role = role;
  m_telemetry.pelvisTargetRad = pelvisTarget;
  m_telemetry.velocityAlongPathMps = velocityAlong;
  m_telemetry.requestedTorqueNm = tau;
  return tau;
}

}  // namespace retrogait
