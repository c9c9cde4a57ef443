#include "retrogait/analysis/analysis_series.h"

#include <algorithm>
#include <cmath>

namespace retrogait {

const char* contactJointName(ContactJoint joint) {
  switch (joint) {
    case ContactJoint::kHip:
      return "hip";
    case ContactJoint::kTibiofemoral:
      return "tibiofemoral";
    case ContactJoint::kPatellofemoral:
      return "patellofemoral";
    case ContactJoint::kAnkle:
      return "ankle";
  }
  return "?";
}

void makeAnalysisSample(const MuscleLoadEstimate& e, double timeS, AnalysisSample& out) {
  out.timeS = timeS;
  out.jointMomentNm = e.jointMomentNm;
  out.jointPowerW = e.jointPowerW;
  out.torqueResidualNm = e.torqueResidualNm;
  for (Side side : kSides) {
    const int s = static_cast<int>(side);
    for (JointType jt : kJointTypes) {
      const int j = static_cast<int>(jt);
      out.reserveMomentNm[actuatedIndex(side, jt)] = e.reserveMomentNm[s][j];
    }
    const auto& c = e.contact;
    out.contactBw[s] = {c.magnitudeBw[s][static_cast<int>(JointType::kHip)],
                        c.magnitudeBw[s][static_cast<int>(JointType::kKnee)], c.patellofemoralBw[s],
                        c.magnitudeBw[s][static_cast<int>(JointType::kAnkle)]};
  }
  for (int k = 0; k < 3; ++k) out.rootResidual[k] = e.dynamics.generalizedForce[k];
  out.kneeContactNetShareBw = e.kneeContactNetShareBw;
  for (int i = 0; i < kMaxMuscles; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const bool used = i < e.muscleCount;
    out.activation[k] = used ? e.muscles[k].activation : 0.0;
    out.tendonForceN[k] = used ? e.muscles[k].tendonForceN : 0.0;
    out.metabolicRateW[k] = used ? e.muscles[k].metabolicRateW : 0.0;
    out.normFiberLength[k] = used ? e.fiber[k].normFiberLength : 0.0;
    out.kneeContactShareBw[k] = used ? e.kneeContactShareBw[k] : 0.0;
    out.normFiberVelocity[k] = used ? e.fiber[k].normFiberVelocity : 0.0;
  }
  out.metabolicPowerWPerKg = e.metabolicPowerWPerKg;
  const double perKg = e.metabolicPowerW > 0 ? e.metabolicPowerWPerKg / e.metabolicPowerW : 0.0;
  out.energyWPerKg = {e.energyW.activationMaintenance * perKg,
                      e.energyW.shorteningLengthening * perKg, e.energyW.heatFloor * perKg,
                      e.energyW.work * perKg, e.energyW.basal * perKg};
  out.converged = e.converged;
}

namespace {

// Index of the first sample with time ≥ t (series.size() if none).
std::size_t firstAtOrAfter(const AnalysisSeries& series, double t) {
  return static_cast<std::size_t>(
      std::lower_bound(series.begin(), series.end(), t,
                       [](const AnalysisSample& s, double v) { return s.timeS < v; }) -
      series.begin());
}

bool covers(const AnalysisSeries& series, double fromS, double toS) {
  return !series.empty() && series.front().timeS <= fromS && series.back().timeS >= toS &&
         toS > fromS;
}

// Channel value at time t, linear between the samples around it (t inside the series).
double valueAt(const AnalysisSeries& series, double t, const AnalysisChannel& channel,
               std::size_t& hint) {
  while (hint + 1 < series.size() && series[hint + 1].timeS < t) ++hint;
  const AnalysisSample& a = series[hint];
  const AnalysisSample& b = series[std::min(hint + 1, series.size() - 1)];
  const double span = b.timeS - a.timeS;
  const double w = span > 0 ? std::clamp((t - a.timeS) / span, 0.0, 1.0) : 0.0;
  return (1 - w) * channel(a) + w * channel(b);
}

}  // namespace

std::vector<GaitCycle> cyclesCoveredBy(const AnalysisSeries& series,
                                       const std::vector<GaitCycle>& cycles) {
  std::vector<GaitCycle> out;
  for (const GaitCycle& c : cycles) {
    if (covers(series, c.startS, c.endS)) out.push_back(c);
  }
  return out;
}

CycleCurve computeCycleCurve(const AnalysisSeries& series, const std::vector<GaitCycle>& cycles,
                             const AnalysisChannel& channel) {
  // Mean and SD with Welford's update (no cancellation when the cycles are alike).
  CycleCurve curve;
  std::array<double, kCyclePoints> m2{};
  for (const GaitCycle& c : cycles) {
    if (!covers(series, c.startS, c.endS)) continue;
    std::size_t hint = firstAtOrAfter(series, c.startS);
    hint = hint > 0 ? hint - 1 : 0;
    ++curve.cycles;
    for (int p = 0; p < kCyclePoints; ++p) {
      const auto k = static_cast<std::size_t>(p);
      const double t = c.startS + (c.endS - c.startS) * p / (kCyclePoints - 1);
      const double v = valueAt(series, t, channel, hint);
      const double delta = v - curve.mean[k];
      curve.mean[k] += delta / curve.cycles;
      m2[k] += delta * (v - curve.mean[k]);
    }
  }
  if (curve.cycles > 1) {
    for (int p = 0; p < kCyclePoints; ++p) {
      const auto k = static_cast<std::size_t>(p);
      curve.sd[k] = std::sqrt(std::max(0.0, m2[k] / (curve.cycles - 1)));
    }
  }
  return curve;
}

void sliceAnalysisChannel(const AnalysisSeries& series, double fromS, double toS,
                          const AnalysisChannel& channel, std::vector<double>& timeS,
                          std::vector<double>& value) {
  timeS.clear();
  value.clear();
  if (!covers(series, fromS, toS)) return;
  const std::size_t first = firstAtOrAfter(series, fromS);
  std::size_t hint = first > 0 ? first - 1 : 0;
  timeS.push_back(fromS);
  value.push_back(valueAt(series, fromS, channel, hint));
  for (std::size_t k = first; k < series.size() && series[k].timeS < toS; ++k) {
    if (series[k].timeS <= fromS) continue;  // already represented by the start value
    timeS.push_back(series[k].timeS);
    value.push_back(channel(series[k]));
  }
  hint = first > 0 ? first - 1 : 0;
  timeS.push_back(toS);
  value.push_back(valueAt(series, toS, channel, hint));
}

}  // namespace retrogait
