#pragma once
// The measured human data the reports compare with, read from data/reference/ (see its
// README.md for sources and licences):
// - Schwartz et al. (2008) gait-cycle curves (mean ± SD) of five speed groups
//   (forward_normative_by_speed_schwartz2008.csv) and their spatio-temporal values
//   (forward_normative_peaks_schwartz2008.csv, Hof-scaled dimensionless);
// - the literature summaries: backward_vs_forward_summary.csv, incline_walking_summary.csv,
//   metabolic_reference.csv (kept as tables; rows are looked up by their quantity text).

#include <optional>
#include <string>
#include <vector>

#include "retrogait/core/result.h"
#include "retrogait/report/csv_table.h"
#include "retrogait/report/curve_metrics.h"

namespace retrogait {

/// A reported mean and standard deviation (NaN when the source has none).
struct MeanSd {
  double mean = kNaN;
  double sd = kNaN;
  bool available() const;
};

/// One normative curve of a speed group, resampled to 0..100 % of the cycle.
struct ReferenceCurve {
  std::string variable;        ///< Schwartz variable, e.g. "knee_flexion_angle"
  std::string units;           ///< e.g. "deg", "N.m/kg", "W/kg", "BW"
  std::string signConvention;  ///< as printed in the file
  CyclePoints mean{}, sd{};
};

/// Norms of one Schwartz speed group. Dimensionless values after Hof (1996): speed / √(g L),
/// cadence [steps/s] / √(g / L), step length / L (L = leg length); event timings as fractions
/// of the cycle.
struct SpeedGroupNorms {
  std::string name;  ///< "Very Slow", "Slow", "Free", "Fast", "Very Fast"
  MeanSd dimensionlessSpeed, dimensionlessCadence, dimensionlessStepLength;
  MeanSd footOffFraction;        ///< ipsilateral foot off = stance fraction
  MeanSd doubleSupportFraction;  ///< double support share of the cycle
  std::vector<ReferenceCurve> curves;
  const ReferenceCurve* curve(const std::string& variable) const;
};

/// Hof's (1996) dimensionless scaling with leg length L and g = 9.81 m/s².
struct HofScaling {
  double legLengthM = 0;
  double speedMps(double dimensionless) const;
  double cadenceStepsPerMin(double dimensionless) const;
  double lengthM(double dimensionless) const;
  double dimensionlessSpeed(double speedMps) const;
};

struct ReferenceData {
  std::string directory;
  std::vector<SpeedGroupNorms> groups;  ///< in increasing speed
  CsvTable backwardVsForward;           ///< backward_vs_forward_summary.csv
  CsvTable inclineWalking;              ///< incline_walking_summary.csv
  CsvTable metabolic;                   ///< metabolic_reference.csv

  const SpeedGroupNorms* group(const std::string& name) const;
  /// The group whose mean dimensionless speed is nearest.
  const SpeedGroupNorms& nearestGroup(double dimensionlessSpeed) const;
};

/// Loads the five files from `directory`; errors name the file and what is missing.
Result<ReferenceData> loadReferenceData(const std::string& directory);

/// $RETROGAIT_DATA/reference, or the source tree's data/reference.
std::string defaultReferenceDirectory();

/// One row of a literature table, by the start of its `quantity` column.
struct LiteratureRow {
  std::string quantity, finding, condition, source, notes;
};
/// The first row of `table` whose "quantity" starts with `prefix`; `findingColumns` are joined
/// ("column: value; ...") into `finding`. nullopt when there is none.
std::optional<LiteratureRow> findLiterature(const CsvTable& table, const std::string& prefix,
                                            const std::vector<std::string>& findingColumns);

}  // namespace retrogait
