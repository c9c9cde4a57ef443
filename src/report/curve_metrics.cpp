#include "retrogait/report/curve_metrics.h"

#include <algorithm>
#include <cmath>

namespace retrogait {

namespace {
constexpr int kPeriod = kCyclePoints - 1;  // point 100 repeats point 0

bool allFinite(const CyclePoints& c) {
  return std::all_of(c.begin(), c.end(), [](double v) { return std::isfinite(v); });
}

int wrap(int i) {
  return ((i % kPeriod) + kPeriod) % kPeriod;
}

// Periodic linear interpolation at a real-valued index (period 100).
double periodicAt(const CyclePoints& c, double index) {
  double x = std::fmod(index, static_cast<double>(kPeriod));
  if (x < 0) x += kPeriod;
  const int i0 = static_cast<int>(std::floor(x));
  const double w = x - i0;
  return (1.0 - w) * c[static_cast<std::size_t>(wrap(i0))] +
         w * c[static_cast<std::size_t>(wrap(i0 + 1))];
}
}  // namespace

double curveRmse(const CyclePoints& a, const CyclePoints& b) {
  if (!allFinite(a) || !allFinite(b)) return kNaN;
  double sum = 0;
  for (int i = 0; i < kCyclePoints; ++i) {
    const double d = a[static_cast<std::size_t>(i)] - b[static_cast<std::size_t>(i)];
    sum += d * d;
  }
  return std::sqrt(sum / kCyclePoints);
}

double curveCorrelation(const CyclePoints& a, const CyclePoints& b) {
  if (!allFinite(a) || !allFinite(b)) return kNaN;
  double ma = 0, mb = 0;
  for (int i = 0; i < kCyclePoints; ++i) {
    ma += a[static_cast<std::size_t>(i)];
    mb += b[static_cast<std::size_t>(i)];
  }
  ma /= kCyclePoints;
  mb /= kCyclePoints;
  double sab = 0, saa = 0, sbb = 0;
  for (int i = 0; i < kCyclePoints; ++i) {
    const double da = a[static_cast<std::size_t>(i)] - ma;
    const double db = b[static_cast<std::size_t>(i)] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  // A constant curve has no shape to correlate (relative to its own magnitude).
  const double scaleA = std::max(1.0, std::abs(ma)), scaleB = std::max(1.0, std::abs(mb));
  if (saa <= 1e-24 * scaleA * scaleA * kCyclePoints ||
      sbb <= 1e-24 * scaleB * scaleB * kCyclePoints) {
    return kNaN;
  }
  return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

double percentInBand(const CyclePoints& a, const CyclePoints& mean, const CyclePoints& sd,
                     double k) {
  if (!allFinite(a) || !allFinite(mean) || !allFinite(sd)) return kNaN;
  int inside = 0;
  for (int i = 0; i < kCyclePoints; ++i) {
    const auto u = static_cast<std::size_t>(i);
    // A tiny tolerance so that a curve lying exactly on the band's edge counts as inside.
    if (std::abs(a[u] - mean[u]) <= k * std::abs(sd[u]) + 1e-12) ++inside;
  }
  return 100.0 * inside / kCyclePoints;
}

CurveAgreement compareWithReference(const CyclePoints& sim, const CyclePoints& refMean,
                                    const CyclePoints& refSd) {
  return {curveRmse(sim, refMean), curveCorrelation(sim, refMean),
          percentInBand(sim, refMean, refSd)};
}

CyclePoints timeReversed(const CyclePoints& c) {
  CyclePoints out{};
  for (int i = 0; i < kCyclePoints; ++i) {
    out[static_cast<std::size_t>(i)] = c[static_cast<std::size_t>(kPeriod - i)];
  }
  return out;
}

CyclePoints circularShift(const CyclePoints& c, int shiftPct) {
  CyclePoints out{};
  for (int i = 0; i < kPeriod; ++i) {
    out[static_cast<std::size_t>(i)] = c[static_cast<std::size_t>(wrap(i + shiftPct))];
  }
  out[kPeriod] = out[0];
  return out;
}

ReversalAlignment alignReversedAt(const CyclePoints& backward, const CyclePoints& forward,
                                  double sign, int shiftPct) {
  ReversalAlignment a;
  a.shiftPct = wrap(shiftPct);
  a.aligned = circularShift(timeReversed(forward), a.shiftPct);
  for (double& v : a.aligned) v *= sign;
  a.correlation = curveCorrelation(backward, a.aligned);
  a.rmse = curveRmse(backward, a.aligned);
  return a;
}

ReversalAlignment alignReversed(const CyclePoints& backward, const CyclePoints& forward,
                                double sign) {
  ReversalAlignment best = alignReversedAt(backward, forward, sign, 0);
  for (int shift = 1; shift < kPeriod; ++shift) {
    ReversalAlignment a = alignReversedAt(backward, forward, sign, shift);
    if (std::isfinite(a.correlation) &&
        (!std::isfinite(best.correlation) || a.correlation > best.correlation)) {
      best = a;
    }
  }
  return best;
}

CyclePoints reverseAtFootOff(const CyclePoints& c, double footOffFraction, double sign) {
  CyclePoints out{};
  const double s = footOffFraction * kPeriod;
  for (int i = 0; i < kPeriod; ++i) out[static_cast<std::size_t>(i)] = sign * periodicAt(c, s - i);
  out[kPeriod] = out[0];
  return out;
}

CyclePoints resampleToCycle(const std::vector<double>& xPct, const std::vector<double>& y) {
  CyclePoints out{};
  out.fill(kNaN);
  if (xPct.size() < 2 || xPct.size() != y.size()) return out;
  for (int i = 0; i < kCyclePoints; ++i) {
    const double at = std::clamp(static_cast<double>(i), xPct.front(), xPct.back());
    const auto it = std::upper_bound(xPct.begin(), xPct.end(), at);
    const std::size_t k = std::min(
        static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - xPct.begin(), 1)), xPct.size() - 1);
    const double span = xPct[k] - xPct[k - 1];
    const double w = span > 0 ? (at - xPct[k - 1]) / span : 0.0;
    out[static_cast<std::size_t>(i)] = y[k - 1] + w * (y[k] - y[k - 1]);
  }
  return out;
}

namespace {
template <typename Reduce>
double reduceOver(const CyclePoints& c, double fromPct, double toPct, double init, Reduce reduce,
                  bool mean) {
  double acc = init;
  int n = 0;
  for (int i = 0; i < kCyclePoints; ++i) {
    if (i + 1e-9 < fromPct || i - 1e-9 > toPct) continue;
    acc = reduce(acc, c[static_cast<std::size_t>(i)]);
    ++n;
  }
  if (n == 0) return kNaN;
  return mean ? acc / n : acc;
}
}  // namespace

double meanOver(const CyclePoints& c, double fromPct, double toPct) {
  return reduceOver(
      c, fromPct, toPct, 0.0, [](double a, double v) { return a + v; }, true);
}

double maxOver(const CyclePoints& c, double fromPct, double toPct) {
  return reduceOver(
      c, fromPct, toPct, -std::numeric_limits<double>::infinity(),
      [](double a, double v) { return std::max(a, v); }, false);
}

double minOver(const CyclePoints& c, double fromPct, double toPct) {
  return reduceOver(
      c, fromPct, toPct, std::numeric_limits<double>::infinity(),
      [](double a, double v) { return std::min(a, v); }, false);
}

}  // namespace retrogait
