#pragma once
// Agreement of a gait-cycle curve with a reference: RMSE, Pearson correlation and the share of
// the cycle inside the reference's ±1 SD band; and the time-reversal tools for backward walking
// (a curve played backward, circularly shifted to line up with another).
//
// Curves are sampled at 0, 1, ..., 100 % of the gait cycle (kCyclePoints); the cycle is periodic,
// so point 100 repeats point 0 and circular operations use the 100 points 0..99.

#include <array>
#include <limits>
#include <vector>

#include "retrogait/analysis/cycle_curves.h"

namespace retrogait {

using CyclePoints = std::array<double, kCyclePoints>;

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Root-mean-square difference over the 101 points; NaN if any point is not finite.
double curveRmse(const CyclePoints& a, const CyclePoints& b);

/// Pearson correlation over the 101 points; NaN when either curve is constant or not finite.
double curveCorrelation(const CyclePoints& a, const CyclePoints& b);

/// Share of the 101 points with |a − mean| ≤ k · sd [%]; NaN if any point is not finite.
double percentInBand(const CyclePoints& a, const CyclePoints& mean, const CyclePoints& sd,
                     double k = 1.0);

struct CurveAgreement {
  double rmse = kNaN;
  double correlation = kNaN;
  double inBandPct = kNaN;  ///< share of the cycle inside mean ± 1 SD of the reference [%]
};

/// All three measures of `sim` against the reference mean ± SD.
CurveAgreement compareWithReference(const CyclePoints& sim, const CyclePoints& refMean,
                                    const CyclePoints& refSd);

/// The curve played backward in time: out[i] = c[100 − i].
CyclePoints timeReversed(const CyclePoints& c);

/// Circular shift by `shiftPct` points: out[i] = c[(i + shiftPct) mod 100], out[100] = out[0].
CyclePoints circularShift(const CyclePoints& c, int shiftPct);

/// A forward curve reversed in time (times `sign`: +1 for angles and moments, −1 for powers and
/// forces along the direction of travel) and shifted to best match a backward curve.
struct ReversalAlignment {
  int shiftPct = 0;           ///< the circular shift applied after the reversal [% of cycle]
  double correlation = kNaN;  ///< of the backward curve with the aligned reversed one
  double rmse = kNaN;
  CyclePoints aligned{};  ///< sign · circularShift(timeReversed(forward), shiftPct)
};

/// The shift (0..99) that maximises the correlation with `backward` (ties: the smallest shift).
ReversalAlignment alignReversed(const CyclePoints& backward, const CyclePoints& forward,
                                double sign = 1.0);

/// The same with a given shift (e.g. one found on the angles, reused for moments and powers).
ReversalAlignment alignReversedAt(const CyclePoints& backward, const CyclePoints& forward,
                                  double sign, int shiftPct);

/// Reverses a reference whose foot-off lies at `footOffFraction` of the forward cycle so that it
/// starts at the forward foot off (backward initial contact by the forefoot is forward toe-off,
/// Winter et al. 1989): out(φ) = sign · c(s − φ), the mapping the backward controller uses.
CyclePoints reverseAtFootOff(const CyclePoints& c, double footOffFraction, double sign = 1.0);

/// Linear interpolation of (x, y) samples onto 0..100 % (x in % of the cycle, increasing).
CyclePoints resampleToCycle(const std::vector<double>& xPct, const std::vector<double>& y);

/// Mean over the points with cycle % in [fromPct, toPct].
double meanOver(const CyclePoints& c, double fromPct, double toPct);
/// Maximum and minimum over the points with cycle % in [fromPct, toPct] (NaN if none).
double maxOver(const CyclePoints& c, double fromPct, double toPct);
double minOver(const CyclePoints& c, double fromPct, double toPct);

}  // namespace retrogait
