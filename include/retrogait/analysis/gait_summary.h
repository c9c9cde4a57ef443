#pragma once
// Spatio-temporal and ground-reaction summaries of a walk, per gait cycle and averaged over the
// cycles after the start-up transient.

#include <array>
#include <vector>

#include "retrogait/analysis/gait_events.h"
#include "retrogait/analysis/time_series.h"
#include "retrogait/model/model.h"
#include "retrogait/physics/ground.h"

namespace retrogait {

struct GaitSummary {
  double meanSpeedMps = 0;  ///< COM travel along the ground / time, + in the commanded direction
  double cadenceStepsPerMin = 0;     ///< 2 steps per stride
  double strideLengthM = 0;          ///< COM travel along the ground per stride
  double stanceFraction = 0;         ///< stance time / stride time, mean of both legs
  double stanceFractionRight = 0;    ///< right stance time / stride time
  double stanceFractionLeft = 0;     ///< left stance time / stride time
  double doubleSupportFraction = 0;  ///< both feet loaded / stride time
  int cycles = 0;                    ///< complete right-leg cycles analysed
  /// Foot contacts shorter than 50 ms (taps, bounces: not steps), both feet, per analysed cycle
  double shortContactsPerStride = 0;
  double peakVerticalBw = 0;    ///< mean over right stances of the peak vertical GRF [BW]
  double peakBrakingBw = 0;     ///< mean peak GRF against the direction of travel [BW] (≥ 0)
  double peakPropulsiveBw = 0;  ///< mean peak GRF along the direction of travel [BW] (≥ 0)
  std::array<double, 3> romDeg = {0, 0,
                                  0};  ///< right hip, knee, ankle range of motion per cycle [deg]
  double analysedFromS = 0;            ///< start of the analysed window [s]
  double analysedToS = 0;              ///< end of the analysed window [s]
};

/// Summarises samples with time in [fromS, toS]. `travelSign` is +1 for forward walking
/// (+X), -1 for backward; GRF A-P components are taken along the travel direction, horizontal.
GaitSummary summarizeGait(const Model& model, const TimeSeries& series, const Ground& ground,
                          double travelSign, double fromS, double toS);

/// Cycles lying entirely within [fromS, toS].
std::vector<GaitCycle> cyclesWithin(const std::vector<GaitCycle>& cycles, double fromS, double toS);

}  // namespace retrogait
