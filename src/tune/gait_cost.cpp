#include "retrogait/tune/gait_cost.h"

#include <cmath>
#include <sstream>

#include "retrogait/analysis/cycle_curves.h"
#include "retrogait/model/kinematics.h"

namespace retrogait {

namespace {
double sq(double x) {
  return x * x;
}
}  // namespace

std::array<double, 101> referenceCurveDeg(const ReferenceGait& gait, JointType joint,
                                          Direction direction) {
  std::array<double, 101> out{};
  const PeriodicCurve& c =
      joint == JointType::kHip ? gait.hip : (joint == JointType::kKnee ? gait.knee : gait.ankle);
  for (int p = 0; p < 101; ++p) {
    const double phase = p / 100.0;
    const double refPhase = direction == Direction::kForward ? phase : gait.footOffFraction - phase;
    out[p] = clinicalAngleDeg(joint, c.value(refPhase));
  }
  return out;
}

double targetCadence(const ReferenceGait& atCommand, const ReferenceGait& forwardEquivalent,
                     Direction direction) {
  const ReferenceGait& g = direction == Direction::kForward ? atCommand : forwardEquivalent;
  return 120.0 / g.strideTimeS;
}

GaitCost computeGaitCost(const Simulation& sim) {
  GaitCost c;
  const ScenarioSpec& spec = sim.scenario();
  const Outcome o = sim.outcome();
  const Model& model = sim.model();
  if (o.fell) {
    c.fall = 100.0 + 100.0 * (1.0 - o.fallTimeS / spec.durationS);
    c.total = c.fall;
    return c;
  }
  const GaitSummary g = sim.summarizeGait();
  const Direction dir = spec.command.direction;
  const double v = spec.command.speedMps;
  c.meanSpeedMps = g.meanSpeedMps;
  c.cadenceStepsPerMin = g.cadenceStepsPerMin;
  c.stanceFraction = g.stanceFraction;
  c.peakVerticalBw = g.peakVerticalBw;
  c.speed = sq((g.meanSpeedMps - v) / (0.05 * v));

  // Timing and shape only on level ground, where the normative data apply.
  const GaitReference& ref = sim.reference();
  const ReferenceGait atCommand = ref.atSpeed(v, model.legLengthM);
  const ReferenceGait equivalent =
      ref.atSpeed(std::min(1.5 * v, kMaxForwardSpeedMps), model.legLengthM);
  c.targetCadence = targetCadence(atCommand, equivalent, dir);
  c.targetStance = atCommand.footOffFraction;
  if (std::abs(spec.inclinePct) < 1e-9) {
    if (g.cycles == 0) {
      c.cadence = c.stance = c.grf = c.tracking = 25.0;  // no complete cycle: far from human
    } else {
      c.cadence = sq((g.cadenceStepsPerMin - c.targetCadence) / 4.0);
      c.stance = sq((g.stanceFraction - c.targetStance) / 0.02);
      c.grf = sq(std::max({0.0, g.peakVerticalBw - 1.35, 1.05 - g.peakVerticalBw}) / 0.05);
      const auto events = detectGaitEvents(sim.series(), sim.ground());
      const auto cycles = cyclesWithin(cutCycles(sim.series(), events, sim.ground()),
                                       sim.settleTimeS(), sim.timeS());
      double* rms[3] = {&c.hipRmsDeg, &c.kneeRmsDeg, &c.ankleRmsDeg};
      for (JointType j : kJointTypes) {
        const int dof = dofOf(Side::kRight, j);
        const CycleCurve curve = computeCycleCurve(
            sim.series(), cycles, [&](const Sample& s) { return clinicalAngleDeg(j, s.q[dof]); });
        *rms[static_cast<int>(j)] = curveRms(curve.mean, referenceCurveDeg(atCommand, j, dir));
      }
      c.tracking = (sq(c.hipRmsDeg) + sq(c.kneeRmsDeg) + sq(c.ankleRmsDeg)) / (3.0 * sq(5.0));
    }
  }
  // Effort: mean squared joint torque in units of m g L, small weight (prefers the cheaper gait).
  const double mgl = model.totalMassKg() * kGravityMps2 * model.legLengthM;
  double effort = 0;
  for (const Sample& s : sim.series()) effort += (s.torqueNm / mgl).squaredNorm();
  c.effort = 10.0 * effort / std::max<std::size_t>(1, sim.series().size());
  c.total = c.speed + c.cadence + c.stance + c.grf + c.tracking + c.effort;
  return c;
}

std::string GaitCost::describe() const {
  std::ostringstream s;
  s.precision(3);
  if (fall > 0) {
    s << "FELL (cost " << fall << ")";
    return s.str();
  }
  s << "total " << total << " | speed " << meanSpeedMps << " m/s (" << speed << ") cadence "
    << cadenceStepsPerMin << "/" << targetCadence << " (" << cadence << ") stance "
    << stanceFraction << "/" << targetStance << " (" << stance << ") vGRF " << peakVerticalBw
    << " (" << grf << ") rms hip/knee/ankle " << hipRmsDeg << "/" << kneeRmsDeg << "/"
    << ankleRmsDeg << " (" << tracking << ") effort " << effort;
  return s.str();
}

}  // namespace retrogait
