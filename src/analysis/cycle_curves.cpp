#include "retrogait/analysis/cycle_curves.h"

#include <algorithm>
#include <cmath>

namespace retrogait {

CycleCurve computeCycleCurve(const TimeSeries& series, const std::vector<GaitCycle>& cycles,
                             const SampleChannel& channel) {
  CycleCurve curve;
  std::array<double, kCyclePoints> sum{}, sumSq{};
  for (const GaitCycle& c : cycles) {
    if (c.end <= c.begin || c.end >= series.size()) continue;
    std::size_t k = c.begin;
    for (int p = 0; p < kCyclePoints; ++p) {
      const double t = c.startS + (c.endS - c.startS) * p / (kCyclePoints - 1);
      while (k + 1 < c.end && series[k + 1].timeS < t) ++k;
      const Sample& a = series[k];
      const Sample& b = series[std::min(k + 1, c.end)];
      const double span = b.timeS - a.timeS;
      const double w = span > 0 ? std::clamp((t - a.timeS) / span, 0.0, 1.0) : 0.0;
      const double v = (1 - w) * channel(a) + w * channel(b);
      sum[p] += v;
      sumSq[p] += v * v;
    }
    ++curve.cycles;
  }
  if (curve.cycles == 0) return curve;
  const double n = curve.cycles;
  for (int p = 0; p < kCyclePoints; ++p) {
    curve.mean[p] = sum[p] / n;
    curve.sd[p] =
        n > 1 ? std::sqrt(std::max(0.0, (sumSq[p] - n * curve.mean[p] * curve.mean[p]) / (n - 1)))
              : 0.0;
  }
  return curve;
}

double curveRms(const std::array<double, kCyclePoints>& a,
                const std::array<double, kCyclePoints>& b) {
  double s = 0;
  for (int p = 0; p < kCyclePoints; ++p) s += (a[p] - b[p]) * (a[p] - b[p]);
  return std::sqrt(s / kCyclePoints);
}

}  // namespace retrogait
