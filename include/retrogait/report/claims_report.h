#pragma once
// `retrogait claims`: six popular claims about backward walking, each turned into a measurable
// quantity, simulated, compared with the literature summaries in data/reference/, and given a
// verdict (supported / partly / not supported / not testable with this model) with one sentence
// on the model's limits for that claim.
//
// Runs (planClaims): forward and backward level at an equal speed (0.8 m/s, inside both
// directions' ranges); forward at its preferred speed (the Schwartz Free group's speed, Hof-scaled
// to the model) against backward at its preferred speed (0.8 m/s, this project's assumption: the
// reference data give no backward preferred speed); forward and backward at 0.8 m/s on +7 % and
// +10 % (backward uphill: facing downhill, stepping up the slope, as on an inclined treadmill).
//
// A ratio supports a claim when it lies beyond 1 ± 10 % in the claimed direction (claim 5: a
// ratio of at least 7, i.e. near tenfold). Runs that fall, or that miss their commanded speed by
// more than 15 %, are excluded: their comparisons are missing, never guessed.

#include <vector>

#include "retrogait/report/report_files.h"
#include "retrogait/report/run_set.h"

namespace retrogait {

struct ClaimsOptions {
  double durationS = 30;  ///< simulated time per run [s]; the first 3 s are excluded; default 30
  int threads = 2;        ///< worker threads; default 2
};

struct ClaimsPlan {
  ClaimsOptions options;
  double equalSpeedMps = 0.8;
  double forwardPreferredMps = 0;  ///< Schwartz Free group speed, Hof-scaled, clamped
  double backwardPreferredMps = 0.8;
  std::vector<RunRequest> runs;
};

ClaimsPlan planClaims(const ReportInputs& inputs, const ClaimsOptions& options);

/// `results[i]` belongs to `plan.runs[i]`. Files: report.md, figures/*.svg, data/claims.csv,
/// data/claims.json, data/curves/*.csv. BuiltReport::checks stays empty.
BuiltReport buildClaimsReport(const ReportInputs& inputs, const ClaimsPlan& plan,
                              const std::vector<RunResult>& results);

}  // namespace retrogait
