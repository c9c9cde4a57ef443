#include "retrogait/analysis/muscle_load_estimator.h"

#include <algorithm>
#include <cmath>

#include "retrogait/model/kinematics.h"

namespace retrogait {

EstimatorTables buildEstimatorTables(const Model& model, const EstimatorSpec& spec) {
  EstimatorTables t;
  const int n = static_cast<int>(model.muscles.size());
  t.muscleCount = std::min(n, kMaxMuscles);
  t.complete = n <= kMaxMuscles;
  for (int i = 0; i < t.muscleCount; ++i) {
    const MuscleSpec& m = model.muscles[static_cast<std::size_t>(i)];
    const int s = static_cast<int>(m.side);
    if (t.legMuscleCount[s] >= kMaxLegMuscles) {
      t.complete = false;
      continue;
    }
    t.legMuscles[s][static_cast<std::size_t>(t.legMuscleCount[s]++)] = i;
    t.metabolic[static_cast<std::size_t>(i)] =
        makeMuscleMetabolicParams(m, spec.metabolics, model.subject);
    t.topology[static_cast<std::size_t>(i)] = computeMuscleTopology(model, m);
    t.fiber[static_cast<std::size_t>(i)] = makeFiberConstants(m);
  }
  t.bodyMassKg = model.totalMassKg();
  return t;
}

EstimatorInput makeEstimatorInput(const Model& model, const StepRecord& step) {
  EstimatorInput in;
  in.q = step.q;
  in.qd = step.qd;
  in.qdd = step.qdd;
  in.external = makeExternalForces(model, step);
  in.passiveJointTorqueNm = step.limitTorqueNm;
  in.appliedJointTorqueNm = step.actuatorTorqueNm;
  return in;
}

void estimateMuscleLoad(const Model& model, const EstimatorTables& tables,
                        const EstimatorInput& input, const EstimatorSpec& spec,
                        MuscleLoadEstimate& out) {
  // 1. Inverse dynamics, moments in both conventions, powers, residual.
  // The poses of q serve the inverse dynamics, the muscle paths and the contact forces.
  const SegmentPoses poses = input.poses ? *input.poses : computePoses(model, input.q);
  const SegmentTwists twists = input.twists ? *input.twists : computeTwists(model, poses, input.qd);
  out.dynamics = computeInverseDynamics(model, poses, twists, input.qdd, input.external.view(),
                                        spec.gravityMps2);
  const VecQ& Q = out.dynamics.generalizedForce;
  out.jointMomentNm = toExtensorMomentsNm(Q);
  out.jointPowerW = computeJointPowersW(Q, input.qd);
  out.torqueResidualNm =
      Q.tail<kNumActuated>() - input.appliedJointTorqueNm - input.passiveJointTorqueNm;

  // 2. Muscle geometry and force coefficients.
  const SegmentFrames frames = makeSegmentFrames(poses);
  auto& geometry = out.geometry;
  auto& fiber = out.fiber;
  std::array<MuscleForceCoefficients, kMaxMuscles> coefficients;
  out.muscleCount = tables.muscleCount;
  for (int i = 0; i < tables.muscleCount; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const MuscleSpec& m = model.muscles[k];
    geometry[k] = computeMuscleGeometry(m, tables.topology[k], frames, input.q, input.qd);
    fiber[k] = computeFiberState(tables.fiber[k], geometry[k].lengthM, geometry[k].velocityMps);
    coefficients[k] = computeForceCoefficients(m, fiber[k]);
    out.muscles[k].activation = 0;  // set by its leg's recruitment (none if the table is full)
  }

  // 3. Static optimization per leg on the moments the muscles must produce.
  out.converged = true;
  out.reservePeakNm = 0;
  for (Side side : kSides) {
    const int s = static_cast<int>(side);
    LegRecruitmentProblem problem;
    problem.muscleCount = tables.legMuscleCount[s];
    for (int u = 0; u < problem.muscleCount; ++u) {
      const auto k = static_cast<std::size_t>(tables.legMuscles[s][static_cast<std::size_t>(u)]);
      for (int j = 0; j < 3; ++j) problem.momentArmM(j, u) = geometry[k].momentArmM[j];
      problem.activeForceN[u] = coefficients[k].activeN;
      problem.passiveForceN[u] = coefficients[k].passiveN;
    }
    for (JointType jt : kJointTypes) {
      const int j = static_cast<int>(jt);
      problem.targetMomentNm[j] =
          Q[dofOf(side, jt)] - input.passiveJointTorqueNm[actuatedIndex(side, jt)];
    }
    problem.multiplierGuessPerNm = input.multiplierGuessPerNm[static_cast<std::size_t>(s)];
    const LegRecruitmentSolution sol = solveLegRecruitment(problem, spec.optimization);
    for (int u = 0; u < problem.muscleCount; ++u) {
      out.muscles[static_cast<std::size_t>(tables.legMuscles[s][static_cast<std::size_t>(u)])]
          .activation = sol.activation[u];
    }
    out.reserveMomentNm[s] = sol.reserveMomentNm;
    out.multiplierPerNm[s] = sol.multiplierPerNm;
    out.reservePeakNm = std::max(out.reservePeakNm, sol.reserveMomentNm.cwiseAbs().maxCoeff());
    out.iterations[s] = sol.iterations;
    out.converged = out.converged && sol.converged;
  }

  // 4. Tendon forces, per-muscle outputs and metabolic rate.
  std::array<double, kMaxMuscles> tendonForce;  // written for every muscle below
  out.metabolicPowerW = computeBasalRateW(spec.metabolics, tables.bodyMassKg);
  out.energyW = EnergyTerms{};
  out.energyW.basal = out.metabolicPowerW;
  for (int i = 0; i < tables.muscleCount; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const MuscleSpec& m = model.muscles[k];
    MuscleEstimate& e = out.muscles[k];
    e.tendonForceN = coefficients[k].forceN(e.activation);
    e.activeFiberForceN = e.activation * fiber[k].activeForceLengthMultiplier *
                          fiber[k].forceVelocityMultiplier * m.maxIsometricForceN;
    e.energy =
        computeMuscleEnergyRate(m, tables.metabolic[k], spec.metabolics, e.activation, fiber[k]);
    e.metabolicRateW = e.energy.totalW;
    out.energyW.activationMaintenance += e.energy.activationMaintenanceW;
    out.energyW.shorteningLengthening += e.energy.shorteningLengtheningW;
    out.energyW.heatFloor +=
        e.energy.heatW - e.energy.activationMaintenanceW - e.energy.shorteningLengtheningW;
    out.energyW.work += e.energy.mechanicalWorkW;
    tendonForce[k] = e.tendonForceN;
    out.metabolicPowerW += e.metabolicRateW;
  }
  out.metabolicPowerWPerKg = out.metabolicPowerW / tables.bodyMassKg;

  // 5. Joint contact forces.
  out.contact = computeJointContactForces(
      model, poses, input.q, out.dynamics,
      std::span<const MuscleGeometry>(geometry.data(), std::size_t(tables.muscleCount)),
      std::span<const double>(tendonForce.data(), std::size_t(tables.muscleCount)));

  // 6. Who makes the knee contact: each part's component along the contact force.
  constexpr int kKnee = static_cast<int>(JointType::kKnee);
  const double perWeight = 1.0 / (tables.bodyMassKg * kGravityMps2);  // as contact.magnitudeBw
  std::array<Vec2, 2> direction;
  for (int s = 0; s < 2; ++s) {
    const Vec2& f = out.contact.force_W[static_cast<std::size_t>(s)][kKnee];
    const double norm = f.norm();
    direction[static_cast<std::size_t>(s)] = norm > 0 ? Vec2(f / norm) : Vec2::Zero();
    out.kneeContactNetShareBw[static_cast<std::size_t>(s)] =
        perWeight * out.dynamics.jointForce_W[static_cast<std::size_t>(s)][kKnee].dot(
                        direction[static_cast<std::size_t>(s)]);
  }
  for (int i = 0; i < tables.muscleCount; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const auto s = static_cast<std::size_t>(model.muscles[k].side);
    out.kneeContactShareBw[k] =
        geometry[k].crossesJoint[kKnee]
            ? -perWeight * tendonForce[k] * geometry[k].lineOfAction_W[kKnee].dot(direction[s])
            : 0.0;
  }
}

}  // namespace retrogait
