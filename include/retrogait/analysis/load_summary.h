#pragma once
// Joint and muscle demand of a walk, summarised per gait cycle of the right leg and averaged over
// the analysed cycles (those after the start-up transient and before any fall that the analysis
// samples cover): what retrogait.summary/1 reports under joints, muscles, joint_contact, energy
// and estimator (docs/summary-schema.md).
//
// Per cycle, from the analysis samples inside it (values at the cycle's ends interpolated):
// - peak extensor / flexor moment: max of the moment and of its negative (flexor as a positive
//   magnitude, 0 if the moment never turns flexor); ankle: plantarflexor = extensor;
// - positive / negative work: ∫ max(P, 0) dt ≥ 0 and ∫ min(P, 0) dt ≤ 0 (joint_work.h);
// - muscle peak and time-mean activation, peak tendon force;
// - peak contact force magnitude;
// - time-mean metabolic power.
// Each is averaged over the cycles (every cycle counts once). Moments, work and metabolic power
// are divided by body mass, forces by body weight m g.

#include <array>
#include <string>
#include <vector>

#include "retrogait/analysis/analysis_series.h"
#include "retrogait/analysis/gait_events.h"
#include "retrogait/analysis/time_series.h"
#include "retrogait/model/model.h"

namespace retrogait {

struct JointDemand {
  double peakExtensorMomentNmPerKg = 0;  ///< mean per-cycle peak extensor moment [N·m/kg] (≥ 0)
  double peakFlexorMomentNmPerKg = 0;    ///< mean per-cycle peak flexor moment magnitude [N·m/kg]
  double positiveWorkJPerKg = 0;         ///< mean per-cycle positive work [J/kg] (≥ 0)
  double negativeWorkJPerKg = 0;         ///< mean per-cycle negative work [J/kg] (≤ 0)
};

struct MuscleDemand {
  int muscle = -1;                  ///< index in Model::muscles
  double peakActivation = 0;        ///< mean per-cycle peak activation [-]
  double meanActivation = 0;        ///< mean per-cycle time-mean activation [-]
  double peakForceBw = 0;           ///< mean per-cycle peak tendon force [BW]
  double metabolicPowerWPerKg = 0;  ///< mean over the cycles of its heat + work rate [W/kg body]
};

struct LoadSummary {
  int cycles = 0;                                      ///< cycles summarised
  std::array<JointDemand, 3> joints{};                 ///< right hip, knee, ankle (JointType order)
  std::vector<MuscleDemand> muscles;                   ///< right-leg muscles in model order
  std::array<double, kContactJoints> contactPeakBw{};  ///< right leg, ContactJoint order [BW]
  double metabolicPowerWPerKg = 0;                     ///< mean over the cycles [W/kg]
  EnergyTerms energyWPerKg;  ///< metabolicPowerWPerKg by term, both legs [W/kg]
  /// What makes up the right knee's contact force at its per-cycle peak, mean over the cycles
  /// [BW]: the intersegmental (net) force's part, and per right-leg muscle (aligned with
  /// `muscles`) its tension's part; they add up to contactPeakBw[kTibiofemoral] (at the sample
  /// nearest the peak).
  double kneePeakNetShareBw = 0;
  std::vector<double> kneePeakMuscleShareBw;
  /// metabolicPowerWPerKg / mean speed [J/(kg·m)]; 0 when the mean speed is not positive.
  double costOfTransportJPerKgM = 0;
  int windowSamples = 0;      ///< analysis samples in [fromS, toS]
  double reservePeakNm = 0;   ///< largest |reserve moment| in [fromS, toS], both legs [N·m]
  double residualPeakNm = 0;  ///< largest |ID − applied − passive| in [fromS, toS] [N·m]
};

/// Summarises `cycles` (right-leg cycles, e.g. cyclesCoveredBy(series, cyclesWithin(...)));
/// the reserve and residual peaks cover every sample with time in [fromS, toS].
/// `meanSpeedMps` is the walk's mean speed along the direction of travel (GaitSummary).
LoadSummary summarizeLoads(const Model& model, const AnalysisSeries& series,
                           const std::vector<GaitCycle>& cycles, double fromS, double toS,
                           double meanSpeedMps);

/// A gait-cycle curve with its name, unit included (e.g. "knee_flexion_deg").
struct NamedCycleCurve {
  std::string name;
  CycleCurve curve;
};

/// The right leg's gait-cycle curves (0–100 % from right initial contact, mean and SD across
/// `cycles`), in this order: joint angles in the clinical convention [deg] (hip flexion, knee
/// flexion, ankle dorsiflexion +) and right-foot GRF [BW] (vertical, + up; anterior–posterior,
/// horizontal, + along the direction of travel `travelSign`) from the physics samples; then, when
/// `analysis` is not empty, net moments [N·m/kg] (extensor / plantarflexor +), powers [W/kg]
/// (+ generation), right-leg muscle activations [-], contact forces [BW] (hip, tibiofemoral,
/// patellofemoral, ankle) and whole-body metabolic power [W/kg] from the analysis samples.
std::vector<NamedCycleCurve> computeRightLegCycleCurves(const Model& model,
                                                        const TimeSeries& series,
                                                        const AnalysisSeries& analysis,
                                                        const std::vector<GaitCycle>& cycles,
                                                        double travelSign);

}  // namespace retrogait
