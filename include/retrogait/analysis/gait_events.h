#pragma once
// Gait events from foot loads: initial contact when a foot's normal load rises above a
// threshold, foot off when it falls below it (with hysteresis), as a force plate would define
// them (the reference data used 20 N); a contact shorter than 50 ms is a bounce and a flight
// shorter than 50 ms does not end a contact. Cycles run from one right initial contact to the next.

#include <vector>

#include "retrogait/analysis/time_series.h"
#include "retrogait/physics/ground.h"

namespace retrogait {

struct GaitEvent {
  double timeS = 0;
  std::size_t sample = 0;
  Side side = Side::kRight;
  bool initialContact = true;  ///< false = foot off
};

struct GaitCycle {
  std::size_t begin = 0, end = 0;  ///< samples [begin, end): right initial contact to the next
  double startS = 0, endS = 0;
  double rightFootOffS = -1;  ///< right foot off within the cycle, or -1
  /// Left stance that starts within the cycle (its contact to its foot off, which may fall in
  /// the next cycle), or -1 when none is complete [s].
  double leftStanceS = -1;
  double doubleSupportS = 0;  ///< time with both feet loaded
};

struct GaitEventSpec {
  double onThresholdN = 20;   ///< load that starts a contact [N]
  double offThresholdN = 10;  ///< load below which the contact ends [N]
  double minContactS = 0.05;  ///< shorter contacts are ignored (bounces) [s]
  /// Shorter flights do not end a contact: a toe that lifts and touches again at foot off is
  /// one stance, whether the step resolves the gap as 14 ms (2 ms step) or 31 ms (0.5 ms) [s].
  double minFlightS = 0.05;
};

std::vector<GaitEvent> detectGaitEvents(const TimeSeries& series, const Ground& ground,
                                        const GaitEventSpec& spec = {});
/// Onset times [s] of the contacts (either foot) that detectGaitEvents drops as shorter than
/// minContactS: bounces, taps and scuffs. People walking make none.
std::vector<double> detectShortContacts(const TimeSeries& series, const Ground& ground,
                                        const GaitEventSpec& spec = {});
std::vector<GaitCycle> cutCycles(const TimeSeries& series, const std::vector<GaitEvent>& events,
                                 const Ground& ground, const GaitEventSpec& spec = {});

}  // namespace retrogait
