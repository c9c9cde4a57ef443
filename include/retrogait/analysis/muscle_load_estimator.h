#pragma once
// The muscle-load estimator for one sample: inverse dynamics → moment-balance target →
// muscle geometry and Hill-type force coefficients → static optimization per leg (with reserves)
// → tendon forces → joint contact forces → metabolic rate. Pure: no Bullet, no GL, no printing,
// no heap allocation per call (every array is fixed-capacity).
//
// Conventions:
// - generalized forces, reserve moments, residuals: OpenSim coordinate sign (inverse_dynamics.h);
// - jointMomentNm: internal net joint moments, extensor / plantarflexor + (gait-lab reports);
// - joint power: + = generation;
// - muscle velocities: + = lengthening; moment arms: r = −∂L/∂q, OpenSim sign.
//
// Per step (see docs/estimator.md): tables = buildEstimatorTables(model, spec) once, then
// estimateMuscleLoad(model, tables, makeEstimatorInput(model, world.lastStep()), spec, out).

#include <array>
#include <optional>

#include "retrogait/analysis/hill_muscle.h"
#include "retrogait/analysis/inverse_dynamics.h"
#include "retrogait/analysis/joint_contact.h"
#include "retrogait/analysis/muscle_geometry.h"
#include "retrogait/analysis/muscle_metabolics.h"
#include "retrogait/analysis/static_optimization.h"
#include "retrogait/model/model.h"
#include "retrogait/physics/physics_world.h"

namespace retrogait {

inline constexpr int kMaxMuscles = 2 * kMaxLegMuscles;

struct EstimatorSpec {
  StaticOptimizationSpec optimization;  ///< criterion, reserves, tolerances
  MetabolicSpec metabolics;             ///< Umberger 2010 settings
  double gravityMps2 = kGravityMps2;    ///< must match the physics [m/s²]; default 9.81
};

/// Per-model constants, built once (the model must not change afterwards).
struct EstimatorTables {
  int muscleCount = 0;  ///< min(model.muscles.size(), kMaxMuscles)
  std::array<std::array<int, kMaxLegMuscles>, 2> legMuscles{};  ///< muscle indices per side
  std::array<int, 2> legMuscleCount{};
  std::array<MuscleMetabolicParams, kMaxMuscles> metabolic{};
  std::array<MuscleTopology, kMaxMuscles> topology{};     ///< aligned with model.muscles
  std::array<MuscleFiberConstants, kMaxMuscles> fiber{};  ///< aligned with model.muscles
  double bodyMassKg = 0;
  bool complete = true;  ///< false if muscles were dropped for exceeding the capacities
};

EstimatorTables buildEstimatorTables(const Model& model, const EstimatorSpec& spec);

/// The state and loads of one sample.
struct EstimatorInput {
  VecQ q = VecQ::Zero();      ///< [m, rad]
  VecQ qd = VecQ::Zero();     ///< [m/s, rad/s]
  VecQ qdd = VecQ::Zero();    ///< [m/s², rad/s²]
  ExternalForceSet external;  ///< contact and push forces
  /// Passive joint (limit/ligament) torques, OpenSim sign [N·m]: part of the inverse-dynamics
  /// moment that the muscles do not have to produce.
  JointTorques passiveJointTorqueNm = JointTorques::Zero();
  /// Torques that actually drove the motion (controller), OpenSim sign [N·m]; only used for the
  /// residual.
  JointTorques appliedJointTorqueNm = JointTorques::Zero();
  /// Per leg, a guess of the recruitment's multipliers, e.g. the previous sample's
  /// MuscleLoadEstimate::multiplierPerNm: the Σ a² and min/max solvers start there (same answer
  /// to their tolerance, fewer steps).
  std::array<std::optional<Eigen::Vector3d>, 2> multiplierGuessPerNm{};
  /// The segment poses and twists of (q, q̇), when the caller has them already (the physics
  /// world does, for its current state): they must equal computePoses(model, q) and
  /// computeTwists(model, poses, q̇); computed here when absent.
  std::optional<SegmentPoses> poses;
  std::optional<SegmentTwists> twists;
};

/// Input from one completed physics step (q, q̇ at its start, q̈ over it, its forces).
EstimatorInput makeEstimatorInput(const Model& model, const StepRecord& step);

struct MuscleEstimate {
  double activation = 0;         ///< a [-]
  double tendonForceN = 0;       ///< T = F_max cos α (a f_L f_V + f_P) [N]
  double activeFiberForceN = 0;  ///< a f_L f_V F_max [N]
  double metabolicRateW = 0;     ///< Umberger 2010 rate [W]
  MuscleEnergyRate energy;       ///< that rate by term [W]
  // Length, velocity and moment arms: MuscleLoadEstimate::geometry; fiber length and velocity:
  // MuscleLoadEstimate::fiber.
};

struct MuscleLoadEstimate {
  InverseDynamicsResult dynamics;  ///< generalized forces (OpenSim sign), intersegmental forces
  JointTorques jointMomentNm = JointTorques::Zero();  ///< extensor/plantarflexor + [N·m]
  JointTorques jointPowerW = JointTorques::Zero();    ///< + = generation [W]
  /// Q_ID − applied − passive per leg joint, OpenSim sign [N·m]: how well the inverse dynamics
  /// reproduces the torques that drove the motion.
  JointTorques torqueResidualNm = JointTorques::Zero();
  std::array<MuscleEstimate, kMaxMuscles> muscles{};  ///< aligned with model.muscles
  int muscleCount = 0;
  /// Per muscle, the path geometry (length, velocity, moment arms, lines of action) and the fiber
  /// state (normalised length and velocity, curve multipliers) the estimate was computed from,
  /// aligned with model.muscles. Kept here rather than in locals so that an estimate reused
  /// sample after sample is not re-initialised each time.
  std::array<MuscleGeometry, kMaxMuscles> geometry{};
  std::array<MuscleFiberState, kMaxMuscles> fiber{};
  std::array<Eigen::Vector3d, 2> reserveMomentNm{};  ///< per leg (hip, knee, ankle), OpenSim sign
  /// Per leg, the recruitment's moment multipliers (LegRecruitmentSolution) [1/(N·m)].
  std::array<Eigen::Vector3d, 2> multiplierPerNm{};
  double reservePeakNm = 0;         ///< largest |reserve| this sample [N·m]
  std::array<int, 2> iterations{};  ///< solver iterations per leg
  bool converged = true;            ///< both legs converged
  JointContactForces contact;       ///< hip, tibiofemoral, PF, ankle
  /// What makes up each tibiofemoral contact force: per muscle crossing the knee, its tension's
  /// component along the contact force, −T u · ĉ [BW] (0 for other muscles), aligned with
  /// model.muscles; per side the intersegmental (net) force's, F_is · ĉ [BW]. They add up to the
  /// contact force's magnitude (contact.magnitudeBw).
  std::array<double, kMaxMuscles> kneeContactShareBw{};
  std::array<double, 2> kneeContactNetShareBw{};
  double metabolicPowerW = 0;       ///< Σ muscles + basal [W]
  EnergyTerms energyW;              ///< metabolicPowerW by term [W]
  double metabolicPowerWPerKg = 0;  ///< per body mass [W/kg]
};

/// Runs the whole estimator on one sample into `out` (no allocation).
void estimateMuscleLoad(const Model& model, const EstimatorTables& tables,
                        const EstimatorInput& input, const EstimatorSpec& spec,
                        MuscleLoadEstimate& out);

}  // namespace retrogait
