#pragma once
// Gait-cycle normalisation: a channel resampled to 0, 1, ..., 100 % of each cycle, then the mean
// and standard deviation across cycles, as gait labs report curves.

#include <array>
#include <functional>
#include <vector>

#include "retrogait/analysis/gait_events.h"
#include "retrogait/analysis/time_series.h"

namespace retrogait {

inline constexpr int kCyclePoints = 101;

struct CycleCurve {
  std::array<double, kCyclePoints> mean{};
  std::array<double, kCyclePoints> sd{};
  int cycles = 0;
};

using SampleChannel = std::function<double(const Sample&)>;

/// Mean ± SD of `channel` over `cycles` (linear interpolation in time within each cycle).
CycleCurve computeCycleCurve(const TimeSeries& series, const std::vector<GaitCycle>& cycles,
                             const SampleChannel& channel);

/// Root-mean-square difference of two curves over the cycle.
double curveRms(const std::array<double, kCyclePoints>& a,
                const std::array<double, kCyclePoints>& b);

}  // namespace retrogait
