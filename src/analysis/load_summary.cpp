#include "retrogait/analysis/load_summary.h"

#include <algorithm>
#include <cmath>

#include "retrogait/analysis/joint_work.h"
#include "retrogait/model/kinematics.h"

namespace retrogait {

namespace {

double maxOf(const std::vector<double>& v) {
  return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

// Time mean of a linearly interpolated curve (trapezoid rule).
double timeMean(const std::vector<double>& t, const std::vector<double>& v) {
  if (t.size() < 2 || !(t.back() > t.front())) return v.empty() ? 0.0 : v.front();
  double area = 0;
  for (std::size_t i = 1; i < t.size(); ++i) area += 0.5 * (v[i] + v[i - 1]) * (t[i] - t[i - 1]);
  return area / (t.back() - t.front());
}

}  // namespace

LoadSummary summarizeLoads(const Model& model, const AnalysisSeries& series,
                           const std::vector<GaitCycle>& allCycles, double fromS, double toS,
                           double meanSpeedMps) {
  LoadSummary s;
  const double massKg = model.totalMassKg();
  const double weightN = massKg * kGravityMps2;

  // Reserve and residual peaks over the analysed window.
  for (const AnalysisSample& a : series) {
    if (a.timeS < fromS || a.timeS > toS) continue;
    ++s.windowSamples;
    s.reservePeakNm = std::max(s.reservePeakNm, a.reserveMomentNm.cwiseAbs().maxCoeff());
    s.residualPeakNm = std::max(s.residualPeakNm, a.torqueResidualNm.cwiseAbs().maxCoeff());
  }

  std::vector<int> rightMuscles;
  const int muscleCount = std::min(static_cast<int>(model.muscles.size()), kMaxMuscles);
  for (int i = 0; i < muscleCount; ++i) {
    if (model.muscles[static_cast<std::size_t>(i)].side == Side::kRight) rightMuscles.push_back(i);
  }
  s.muscles.resize(rightMuscles.size());
  s.kneePeakMuscleShareBw.assign(rightMuscles.size(), 0.0);
  for (std::size_t m = 0; m < rightMuscles.size(); ++m) s.muscles[m].muscle = rightMuscles[m];

  const std::vector<GaitCycle> cycles = cyclesCoveredBy(series, allCycles);
  s.cycles = static_cast<int>(cycles.size());
  if (cycles.empty()) return s;

  std::vector<double> t, v;
  auto slice = [&](const GaitCycle& c, const AnalysisChannel& channel) {
    sliceAnalysisChannel(series, c.startS, c.endS, channel, t, v);
  };
  for (const GaitCycle& c : cycles) {
    for (JointType jt : kJointTypes) {
      const int j = static_cast<int>(jt);
      const int a = actuatedIndex(Side::kRight, jt);
      JointDemand& d = s.joints[static_cast<std::size_t>(j)];
      slice(c, [a](const AnalysisSample& x) { return x.jointMomentNm[a]; });
      d.peakExtensorMomentNmPerKg += std::max(0.0, maxOf(v)) / massKg;
      double flexor = 0;
      for (double m : v) flexor = std::max(flexor, -m);
      d.peakFlexorMomentNmPerKg += flexor / massKg;
      slice(c, [a](const AnalysisSample& x) { return x.jointPowerW[a]; });
      const JointWork w = computeJointWork(t, v);
      d.positiveWorkJPerKg += w.positiveJ / massKg;
      d.negativeWorkJPerKg += w.negativeJ / massKg;
    }
    for (MuscleDemand& m : s.muscles) {
      const auto k = static_cast<std::size_t>(m.muscle);
      slice(c, [k](const AnalysisSample& x) { return x.activation[k]; });
      m.peakActivation += maxOf(v);
      m.meanActivation += timeMean(t, v);
      slice(c, [k](const AnalysisSample& x) { return x.tendonForceN[k]; });
      m.peakForceBw += maxOf(v) / weightN;
      slice(c, [k](const AnalysisSample& x) { return x.metabolicRateW[k]; });
      m.metabolicPowerWPerKg += timeMean(t, v) / massKg;
    }
    for (int cj = 0; cj < kContactJoints; ++cj) {
      const auto k = static_cast<std::size_t>(cj);
      slice(c, [k](const AnalysisSample& x) { return x.contactBw[0][k]; });
      s.contactPeakBw[k] += maxOf(v);
    }
    // The sample inside the cycle with the largest right knee contact, and its parts.
    const AnalysisSample* peak = nullptr;
    for (const AnalysisSample& a : series) {
      if (a.timeS < c.startS || a.timeS > c.endS) continue;
      const auto knee = static_cast<std::size_t>(ContactJoint::kTibiofemoral);
      if (!peak || a.contactBw[0][knee] > peak->contactBw[0][knee]) peak = &a;
    }
    if (peak) {
      s.kneePeakNetShareBw += peak->kneeContactNetShareBw[0];
      for (std::size_t m = 0; m < s.muscles.size(); ++m) {
        s.kneePeakMuscleShareBw[m] +=
            peak->kneeContactShareBw[static_cast<std::size_t>(s.muscles[m].muscle)];
      }
    }
    slice(c, [](const AnalysisSample& x) { return x.metabolicPowerWPerKg; });
    s.metabolicPowerWPerKg += timeMean(t, v);
    EnergyTerms& e = s.energyWPerKg;
    for (auto [term, member] :
         {std::pair{&e.activationMaintenance, &EnergyTerms::activationMaintenance},
          std::pair{&e.shorteningLengthening, &EnergyTerms::shorteningLengthening},
          std::pair{&e.heatFloor, &EnergyTerms::heatFloor}, std::pair{&e.work, &EnergyTerms::work},
          std::pair{&e.basal, &EnergyTerms::basal}}) {
      slice(c, [member](const AnalysisSample& x) { return x.energyWPerKg.*member; });
      *term += timeMean(t, v);
    }
  }

  const double n = static_cast<double>(cycles.size());
  for (JointDemand& d : s.joints) {
    d.peakExtensorMomentNmPerKg /= n;
    d.peakFlexorMomentNmPerKg /= n;
    d.positiveWorkJPerKg /= n;
    d.negativeWorkJPerKg /= n;
  }
  for (MuscleDemand& m : s.muscles) {
    m.peakActivation /= n;
    m.meanActivation /= n;
    m.peakForceBw /= n;
    m.metabolicPowerWPerKg /= n;
  }
  for (double* term : {&s.energyWPerKg.activationMaintenance, &s.energyWPerKg.shorteningLengthening,
                       &s.energyWPerKg.heatFloor, &s.energyWPerKg.work, &s.energyWPerKg.basal}) {
    *term /= n;
  }
  for (double& c : s.contactPeakBw) c /= n;
  s.kneePeakNetShareBw /= n;
  for (double& share : s.kneePeakMuscleShareBw) share /= n;
  s.metabolicPowerWPerKg /= n;
  s.costOfTransportJPerKgM = computeCostOfTransportJPerKgM(s.metabolicPowerWPerKg, meanSpeedMps);
  return s;
}

std::vector<NamedCycleCurve> computeRightLegCycleCurves(const Model& model,
                                                        const TimeSeries& series,
                                                        const AnalysisSeries& analysis,
                                                        const std::vector<GaitCycle>& cycles,
                                                        double travelSign) {
  std::vector<NamedCycleCurve> out;
  const double massKg = model.totalMassKg();
  const double weightN = massKg * kGravityMps2;
  static constexpr const char* kAngleNames[3] = {"hip_flexion_deg", "knee_flexion_deg",
                                                 "ankle_dorsiflexion_deg"};
  static constexpr const char* kMomentNames[3] = {"hip_extensor_moment_nm_per_kg",
                                                  "knee_extensor_moment_nm_per_kg",
                                                  "ankle_plantarflexor_moment_nm_per_kg"};
  static constexpr const char* kPowerNames[3] = {"hip_power_w_per_kg", "knee_power_w_per_kg",
                                                 "ankle_power_w_per_kg"};
  for (JointType jt : kJointTypes) {
    const int dof = dofOf(Side::kRight, jt);
    out.push_back({kAngleNames[static_cast<int>(jt)],
                   computeCycleCurve(series, cycles, [jt, dof](const Sample& s) {
                     return clinicalAngleDeg(jt, s.q[dof]);
                   })});
  }
  out.push_back({"grf_vertical_bw", computeCycleCurve(series, cycles, [weightN](const Sample& s) {
                   return s.grf_W[0].y() / weightN;
                 })});
  out.push_back({"grf_ap_bw", computeCycleCurve(series, cycles, [=](const Sample& s) {
                   return travelSign * s.grf_W[0].x() / weightN;
                 })});
  if (analysis.empty()) return out;

  for (JointType jt : kJointTypes) {
    const int a = actuatedIndex(Side::kRight, jt);
    out.push_back({kMomentNames[static_cast<int>(jt)],
                   computeCycleCurve(analysis, cycles, [=](const AnalysisSample& x) {
                     return x.jointMomentNm[a] / massKg;
                   })});
  }
  for (JointType jt : kJointTypes) {
    const int a = actuatedIndex(Side::kRight, jt);
    out.push_back({kPowerNames[static_cast<int>(jt)],
                   computeCycleCurve(analysis, cycles, [=](const AnalysisSample& x) {
                     return x.jointPowerW[a] / massKg;
                   })});
  }
  const int muscleCount = std::min(static_cast<int>(model.muscles.size()), kMaxMuscles);
  for (int i = 0; i < muscleCount; ++i) {
    const MuscleSpec& m = model.muscles[static_cast<std::size_t>(i)];
    if (m.side != Side::kRight) continue;
    const auto k = static_cast<std::size_t>(i);
    out.push_back({m.name + "_activation",
                   computeCycleCurve(analysis, cycles,
                                     [k](const AnalysisSample& x) { return x.activation[k]; })});
  }
  for (ContactJoint cj : kContactJointList) {
    const auto k = static_cast<std::size_t>(cj);
    out.push_back({std::string(contactJointName(cj)) + "_contact_bw",
                   computeCycleCurve(analysis, cycles,
                                     [k](const AnalysisSample& x) { return x.contactBw[0][k]; })});
  }
  out.push_back(
      {"metabolic_power_w_per_kg", computeCycleCurve(analysis, cycles, [](const AnalysisSample& x) {
         return x.metabolicPowerWPerKg;
       })});
  return out;
}

}  // namespace retrogait
