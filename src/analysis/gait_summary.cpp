#include "retrogait/analysis/gait_summary.h"

#include <algorithm>

namespace retrogait {

std::vector<GaitCycle> cyclesWithin(const std::vector<GaitCycle>& cycles, double fromS,
                                    double toS) {
  std::vector<GaitCycle> out;
  for (const auto& c : cycles) {
    if (c.startS >= fromS && c.endS <= toS) out.push_back(c);
  }
  return out;
}

GaitSummary summarizeGait(const Model& model, const TimeSeries& series, const Ground& ground,
                          double travelSign, double fromS, double toS) {
  GaitSummary s;
  s.analysedFromS = fromS;
  s.analysedToS = toS;
  if (series.size() < 2) return s;
  const double bodyWeightN = model.totalMassKg() * kGravityMps2;

  // Mean speed over the window.
  auto first =
      std::find_if(series.begin(), series.end(), [&](const Sample& x) { return x.timeS >= fromS; });
  auto last =
      std::find_if(series.rbegin(), series.rend(), [&](const Sample& x) { return x.timeS <= toS; });
  if (first != series.end() && last != series.rend() && last->timeS > first->timeS) {
    s.meanSpeedMps =
        travelSign * ground.along(last->com_W - first->com_W) / (last->timeS - first->timeS);
  }

  const auto events = detectGaitEvents(series, ground);
  const auto cycles = cyclesWithin(cutCycles(series, events, ground), fromS, toS);
  s.cycles = static_cast<int>(cycles.size());
  if (cycles.empty()) return s;

  double strideTime = 0, strideLength = 0, stance = 0, doubleSupport = 0;
  double peakV = 0, peakBrake = 0, peakProp = 0;
  std::array<double, 3> rom = {0, 0, 0};
  double stanceLeft = 0;
  int stanceCount = 0, stanceLeftCount = 0;
  for (const auto& c : cycles) {
    const double duration = c.endS - c.startS;
    strideTime += duration;
    strideLength += std::abs(ground.along(series[c.end].com_W - series[c.begin].com_W));
    doubleSupport += c.doubleSupportS / duration;
    if (c.rightFootOffS > 0) {
      stance += (c.rightFootOffS - c.startS) / duration;
      ++stanceCount;
    }
    if (c.leftStanceS > 0) {
      stanceLeft += c.leftStanceS / duration;
      ++stanceLeftCount;
    }
    double v = 0, brake = 0, prop = 0;
    std::array<double, 3> lo = {1e9, 1e9, 1e9}, hi = {-1e9, -1e9, -1e9};
    for (std::size_t k = c.begin; k < c.end; ++k) {
      const Sample& x = series[k];
      const bool rightStance = c.rightFootOffS < 0 || x.timeS <= c.rightFootOffS;
      if (rightStance) {
        v = std::max(v, x.grf_W[0].y());
        const double ap = travelSign * x.grf_W[0].x();
        brake = std::max(brake, -ap);
        prop = std::max(prop, ap);
      }
      for (JointType j : kJointTypes) {
        const int ji = static_cast<int>(j);
        const double a = x.q[dofOf(Side::kRight, j)];
        lo[ji] = std::min(lo[ji], a);
        hi[ji] = std::max(hi[ji], a);
      }
    }
    peakV += v;
    peakBrake += brake;
    peakProp += prop;
    for (int j = 0; j < 3; ++j) rom[j] += radToDeg(hi[j] - lo[j]);
  }
  const double n = static_cast<double>(cycles.size());
  int shortContacts = 0;
  for (double t : detectShortContacts(series, ground)) {
    shortContacts += t >= cycles.front().startS && t < cycles.back().endS ? 1 : 0;
  }
  s.shortContactsPerStride = shortContacts / n;
  s.cadenceStepsPerMin = 2.0 * 60.0 / (strideTime / n);
  s.strideLengthM = strideLength / n;
  s.stanceFractionRight = stanceCount > 0 ? stance / stanceCount : 0.0;
  s.stanceFractionLeft = stanceLeftCount > 0 ? stanceLeft / stanceLeftCount : 0.0;
  // Both legs: a limp (one long and one short stance) must not hide behind the right leg alone.
  s.stanceFraction = stanceLeftCount > 0 && stanceCount > 0
                         ? 0.5 * (s.stanceFractionRight + s.stanceFractionLeft)
                         : s.stanceFractionRight;
  s.doubleSupportFraction = doubleSupport / n;
  s.peakVerticalBw = peakV / n / bodyWeightN;
  s.peakBrakingBw = peakBrake / n / bodyWeightN;
  s.peakPropulsiveBw = peakProp / n / bodyWeightN;
  for (int j = 0; j < 3; ++j) s.romDeg[j] = rom[j] / n;
  return s;
}

}  // namespace retrogait
