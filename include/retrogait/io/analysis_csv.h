#pragma once
// CSV outputs of the muscle-load estimator (columns named with their units, comma separated,
// one header line):
// - analysis.csv: every estimator channel, one row per analysed step (the analysis rate);
// - cycles.csv: the right leg's gait-cycle normalised curves, 101 rows (0..100 %), mean and SD
//   across the analysed cycles (computeRightLegCycleCurves, load_summary.h).
// Column meanings and signs: docs/estimator.md ("Outputs").

#include <ostream>
#include <string>
#include <vector>

#include "retrogait/analysis/analysis_series.h"
#include "retrogait/analysis/load_summary.h"
#include "retrogait/model/model.h"

namespace retrogait {

/// Column names of analysis.csv for `model`, "time_s" first.
std::vector<std::string> analysisCsvColumns(const Model& model);

/// One row per AnalysisSample.
void writeAnalysisCsv(std::ostream& out, const Model& model, const AnalysisSeries& series);

/// Columns "gait_cycle_pct", "cycles", then "<name>_mean" and "<name>_sd" per curve; 101 rows.
/// `cycles` is the number of cycles averaged (the largest over the curves).
void writeCycleCurvesCsv(std::ostream& out, const std::vector<NamedCycleCurve>& curves);

}  // namespace retrogait
