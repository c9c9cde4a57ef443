#pragma once
// Verdicts of the reports.
// - Checks (validate): pass / near / fail against a band with its source; "info" for a number
//   reported without a band, "n/a" when it could not be evaluated (e.g. the walker fell, and the
//   run is excluded from the metrics). Required checks make `validate --check` fail.
// - Claims: supported / partly / not supported / not testable with this model.

#include <optional>
#include <string>
#include <vector>

#include "retrogait/report/curve_metrics.h"

namespace retrogait {

enum class Verdict { kPass, kNear, kFail, kInfo, kNotEvaluated };
/// "pass", "near", "fail", "info", "n/a".
const char* verdictName(Verdict v);

/// A pass band [lo, hi] and a wider near band [nearLo, nearHi] ⊇ [lo, hi] (either side may be
/// open: ±infinity).
struct Band {
  double lo = 0, hi = 0;
  double nearLo = 0, nearHi = 0;
};

/// center ± halfWidth passes; center ± nearFactor · halfWidth is near.
Band bandAround(double center, double halfWidth, double nearFactor = 1.5);
/// value ≥ lo passes, value ≥ nearLo is near (no upper limit).
Band bandAtLeast(double lo, double nearLo);
/// value ≤ hi passes, value ≤ nearHi is near (no lower limit).
Band bandAtMost(double hi, double nearHi);

/// pass inside [lo, hi], near inside [nearLo, nearHi], fail outside; n/a for NaN.
Verdict judge(double value, const Band& band);

/// The worse of two verdicts (fail > near > pass; n/a and info yield to the other).
Verdict worse(Verdict a, Verdict b);

/// A simulated gait-cycle curve against a reference mean ± SD: pass when r ≥ 0.90 and ≥ 50 % of
/// the cycle lies inside ±1 SD; near when r ≥ 0.70 and ≥ 25 %; fail otherwise; n/a when a
/// measure is undefined (a constant curve has no correlation).
Verdict judgeCurve(const CurveAgreement& agreement);
/// The rule above in words, for the reports.
const char* curveRuleText();

struct Check {
  std::string id;         ///< stable key, e.g. "fwd-free/cadence"
  std::string condition;  ///< the run or group of runs it is about
  std::string name;       ///< what is checked
  double value = 0;       ///< the number judged (NaN when none)
  std::string valueText;  ///< the value as shown, with its unit
  std::string band;       ///< the band as shown, e.g. "112 ± 15 steps/min (mean ± 2 SD)"
  std::string source;     ///< where the band comes from
  Verdict verdict = Verdict::kNotEvaluated;
  bool required = false;
  std::string note;  ///< e.g. "by construction: in the tuning objective"
};

struct CheckTally {
  int pass = 0, near = 0, fail = 0, info = 0, notEvaluated = 0;
  int requiredFailed = 0;
  int required = 0;
};
CheckTally tallyChecks(const std::vector<Check>& checks);

enum class ClaimVerdict { kSupported, kPartly, kNotSupported, kNotTestable };
/// "supported", "partly supported", "not supported", "not testable with this model".
const char* claimVerdictName(ClaimVerdict v);

/// Which way a claim says backward walking moves a quantity.
enum class ClaimDirection { kMore, kLess };

/// Judges ratios (backward ÷ forward, or condition ÷ baseline) for a claim: a ratio supports it
/// when it lies beyond 1 ± margin in the claimed direction. Missing ratios (runs that fell or
/// did not reach their speed) are not evidence either way.
/// - not testable: no ratio available;
/// - supported: every ratio available and supporting;
/// - not supported: none of the available ratios supports;
/// - partly: the rest (some support, or all available support but some are missing).
ClaimVerdict judgeRatios(const std::vector<std::optional<double>>& ratios, ClaimDirection direction,
                         double margin = 0.10);

/// The same rule on pieces of evidence already judged: true supports, false does not,
/// nullopt is missing.
ClaimVerdict judgeEvidence(const std::vector<std::optional<bool>>& evidence);

}  // namespace retrogait
