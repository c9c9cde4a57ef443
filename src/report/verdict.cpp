#include "retrogait/report/verdict.h"

#include <cmath>
#include <limits>

namespace retrogait {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

int severity(Verdict v) {
  switch (v) {
    case Verdict::kFail:
      return 3;
    case Verdict::kNear:
      return 2;
    case Verdict::kPass:
      return 1;
    default:
      return 0;
  }
}
}  // namespace

const char* verdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kNear:
      return "near";
    case Verdict::kFail:
      return "fail";
    case Verdict::kInfo:
      return "info";
    case Verdict::kNotEvaluated:
      return "n/a";
  }
  return "n/a";
}

Band bandAround(double center, double halfWidth, double nearFactor) {
  const double h = std::abs(halfWidth);
  return {center - h, center + h, center - nearFactor * h, center + nearFactor * h};
}

Band bandAtLeast(double lo, double nearLo) {
  return {lo, kInf, std::min(lo, nearLo), kInf};
}

Band bandAtMost(double hi, double nearHi) {
  return {-kInf, hi, -kInf, std::max(hi, nearHi)};
}

Verdict judge(double value, const Band& band) {
  if (!std::isfinite(value)) return Verdict::kNotEvaluated;
  if (value >= band.lo && value <= band.hi) return Verdict::kPass;
  if (value >= band.nearLo && value <= band.nearHi) return Verdict::kNear;
  return Verdict::kFail;
}

Verdict worse(Verdict a, Verdict b) {
  if (severity(a) == 0) return severity(b) == 0 ? a : b;
  if (severity(b) == 0) return a;
  return severity(a) >= severity(b) ? a : b;
}

Verdict judgeCurve(const CurveAgreement& a) {
  if (!std::isfinite(a.correlation) || !std::isfinite(a.inBandPct)) return Verdict::kNotEvaluated;
  if (a.correlation >= 0.90 && a.inBandPct >= 50.0) return Verdict::kPass;
  if (a.correlation >= 0.70 && a.inBandPct >= 25.0) return Verdict::kNear;
  return Verdict::kFail;
}

const char* curveRuleText() {
  return "r ≥ 0.90 and ≥ 50 % in ±1 SD (near: r ≥ 0.70 and ≥ 25 %)";
}

CheckTally tallyChecks(const std::vector<Check>& checks) {
  CheckTally t;
  for (const Check& c : checks) {
    switch (c.verdict) {
      case Verdict::kPass:
        ++t.pass;
        break;
      case Verdict::kNear:
        ++t.near;
        break;
      case Verdict::kFail:
        ++t.fail;
        break;
      case Verdict::kInfo:
        ++t.info;
        break;
      case Verdict::kNotEvaluated:
        ++t.notEvaluated;
        break;
    }
    if (c.required) {
      ++t.required;
      if (c.verdict == Verdict::kFail) ++t.requiredFailed;
    }
  }
  return t;
}

const char* claimVerdictName(ClaimVerdict v) {
  switch (v) {
    case ClaimVerdict::kSupported:
      return "supported";
    case ClaimVerdict::kPartly:
      return "partly supported";
    case ClaimVerdict::kNotSupported:
      return "not supported";
    case ClaimVerdict::kNotTestable:
      return "not testable with this model";
  }
  return "not testable with this model";
}

ClaimVerdict judgeEvidence(const std::vector<std::optional<bool>>& evidence) {
  int available = 0, supporting = 0, missing = 0;
  for (const auto& e : evidence) {
    if (!e) {
      ++missing;
      continue;
    }
    ++available;
    if (*e) ++supporting;
  }
  if (available == 0) return ClaimVerdict::kNotTestable;
  if (supporting == 0) return ClaimVerdict::kNotSupported;
  if (supporting == available && missing == 0) return ClaimVerdict::kSupported;
  return ClaimVerdict::kPartly;
}

ClaimVerdict judgeRatios(const std::vector<std::optional<double>>& ratios, ClaimDirection direction,
                         double margin) {
  std::vector<std::optional<bool>> evidence;
  for (const auto& r : ratios) {
    if (!r || !std::isfinite(*r)) {
      evidence.push_back(std::nullopt);
    } else {
      evidence.push_back(direction == ClaimDirection::kMore ? *r > 1.0 + margin
                                                            : *r < 1.0 - margin);
    }
  }
  return judgeEvidence(evidence);
}

}  // namespace retrogait
