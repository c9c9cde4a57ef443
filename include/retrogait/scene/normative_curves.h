#pragma once
// Normative gait-cycle bands (mean ± SD) for the viewer's plots, read from the project's
// reference data (data/reference/forward_normative_sagittal.csv: Schwartz et al. 2008, "Free"
// speed group, typically developing children; forward, level walking). There are no published
// backward-walking curves in the reference data (see data/reference/README.md, "Known gaps"),
// so the viewer labels the band as a forward-walking norm wherever it shows it.

#include <array>
#include <string>
#include <vector>

#include "retrogait/core/result.h"
#include "retrogait/scene/gait_cycle_tracker.h"

namespace retrogait {

struct NormativeBand {
  std::vector<double> fraction;  ///< cycle fraction of each point [0, 1], increasing
  std::vector<double> mean, sd;  ///< in the channel's unit
  bool available() const { return fraction.size() >= 2; }
  /// Linear interpolation at a cycle fraction (clamped to [0, 1]).
  double meanAt(double f) const;
  double sdAt(double f) const;
};

struct NormativeCurves {
  std::array<NormativeBand, kNumPlotChannels> bands;
  std::string source;  ///< one line naming the data set, for the plot legend
  const NormativeBand& band(PlotChannel c) const { return bands[static_cast<std::size_t>(c)]; }
};

/// Reads the CSV (header row with gait_cycle_pct and, per channel, "<column>" and
/// "<column>_sd" as named by plotChannelInfo). Errors name the file and the column.
Result<NormativeCurves> loadNormativeCurves(const std::string& file);

/// $RETROGAIT_DATA/reference/forward_normative_sagittal.csv, or the source tree's data/.
std::string defaultNormativeFile();

}  // namespace retrogait
