#pragma once
// Our inverse-dynamics joint moments against an OpenSim inverse-dynamics result (.sto with
// "<coordinate>_moment" columns, OpenSim signs), per leg coordinate: Pearson r and RMS difference
// at the result's times inside our series (ours linearly interpolated). `analyze --compare-id`
// reports it; the tests hold subject01 to it.

#include <string>
#include <vector>

#include "retrogait/analysis/time_series.h"
#include "retrogait/core/result.h"

namespace retrogait {

struct CoordinateAgreement {
  std::string coordinate;        ///< e.g. "knee_angle_r"
  double r = 0;                  ///< Pearson correlation [-]
  double rmsNm = 0;              ///< RMS difference [N·m]
  double rmsFractionOfPeak = 0;  ///< RMS / max |OpenSim moment| [-]
  int samples = 0;               ///< times compared
};

/// `series[k].torqueNm` must hold the inverse-dynamics moments (OpenSim sign), as
/// analyzeRecordedWalk leaves them.
Result<std::vector<CoordinateAgreement>> compareWithOpenSimId(const std::string& idFile,
                                                              const TimeSeries& series);

}  // namespace retrogait
