#pragma once
// The estimator's record of a run: one AnalysisSample per analysed physics step (at the analysis
// rate, see ScenarioSpec::analysisRateHz), appended by the Simulation from the MuscleLoadEstimate
// of that step. Fixed-size arrays only, so appending to a reserved series never allocates.
//
// Conventions (as in muscle_load_estimator.h):
// - jointMomentNm: internal net joint moments, extensor / plantarflexor + [N·m];
// - jointPowerW: + = generation [W];
// - torqueResidualNm, reserveMomentNm, rootResidual: OpenSim coordinate signs;
// - contact forces: magnitude of the resultant on the distal segment, in body weights [BW].
// Joint arrays are in actuatedIndex order (hip_r, knee_r, ankle_r, hip_l, knee_l, ankle_l);
// muscle arrays are aligned with Model::muscles.

#include <array>
#include <functional>
#include <vector>

#include "retrogait/analysis/cycle_curves.h"
#include "retrogait/analysis/gait_events.h"
#include "retrogait/analysis/muscle_load_estimator.h"

namespace retrogait {

/// The four joint contact forces reported per leg.
enum class ContactJoint { kHip = 0, kTibiofemoral, kPatellofemoral, kAnkle };
inline constexpr int kContactJoints = 4;
inline constexpr std::array<ContactJoint, kContactJoints> kContactJointList = {
    ContactJoint::kHip, ContactJoint::kTibiofemoral, ContactJoint::kPatellofemoral,
    ContactJoint::kAnkle};
/// "hip", "tibiofemoral", "patellofemoral", "ankle".
const char* contactJointName(ContactJoint joint);

struct AnalysisSample {
  /// Start of the analysed physics step [s]: q, q̇ belong to this time, q̈ and the forces to the
  /// step that follows it (PhysicsWorld::lastStep()).
  double timeS = 0;
  JointTorques jointMomentNm = JointTorques::Zero();     ///< extensor/plantarflexor + [N·m]
  JointTorques jointPowerW = JointTorques::Zero();       ///< + = generation [W]
  JointTorques torqueResidualNm = JointTorques::Zero();  ///< ID − applied − passive [N·m]
  JointTorques reserveMomentNm = JointTorques::Zero();   ///< reserve actuators [N·m]
  /// Root residual of the inverse dynamics: force x, y on the HAT at the hip centre [N] and
  /// moment about it [N·m] (≈ 0 when the motion and the external forces are consistent).
  std::array<double, 3> rootResidual{};
  std::array<double, kMaxMuscles> activation{};    ///< a [-]
  std::array<double, kMaxMuscles> tendonForceN{};  ///< [N]
  /// |contact force| per side (right, left) and ContactJoint [BW].
  std::array<std::array<double, kContactJoints>, 2> contactBw{};
  double metabolicPowerWPerKg = 0;                   ///< whole body, basal included [W/kg]
  EnergyTerms energyWPerKg;                          ///< metabolicPowerWPerKg by term [W/kg]
  std::array<double, kMaxMuscles> metabolicRateW{};  ///< per muscle, heat + work [W]
  /// Parts of each tibiofemoral contact force (MuscleLoadEstimate::kneeContactShareN), per
  /// muscle and per side's intersegmental force [BW]
  std::array<double, kMaxMuscles> kneeContactShareBw{};
  std::array<double, 2> kneeContactNetShareBw{};
  std::array<double, kMaxMuscles> normFiberLength{};    ///< l_M / l_opt per muscle [-]
  std::array<double, kMaxMuscles> normFiberVelocity{};  ///< v_M / (v_max l_opt), + lengthening [-]
  bool converged = true;  ///< static optimization converged on both legs
};

using AnalysisSeries = std::vector<AnalysisSample>;

/// Copies the channels of one estimate into `out` (no allocation).
void makeAnalysisSample(const MuscleLoadEstimate& estimate, double timeS, AnalysisSample& out);

using AnalysisChannel = std::function<double(const AnalysisSample&)>;

/// The cycles whose whole span [startS, endS] the analysis samples cover (a sample at or before
/// the start and one at or after the end), so that every value inside is interpolated.
std::vector<GaitCycle> cyclesCoveredBy(const AnalysisSeries& series,
                                       const std::vector<GaitCycle>& cycles);

/// Mean ± SD over `cycles` of an analysis channel, resampled to 0..100 % of each cycle (linear
/// interpolation in time). Cycles not covered by the series are skipped.
CycleCurve computeCycleCurve(const AnalysisSeries& series, const std::vector<GaitCycle>& cycles,
                             const AnalysisChannel& channel);

/// A channel over [fromS, toS]: the samples inside and linearly interpolated values at both ends
/// (times in `timeS`, values in `value`). Empty when the series does not cover the interval.
void sliceAnalysisChannel(const AnalysisSeries& series, double fromS, double toS,
                          const AnalysisChannel& channel, std::vector<double>& timeS,
                          std::vector<double>& value);

}  // namespace retrogait
