#include "retrogait/sim/scenario.h"

#include <cmath>
#include <sstream>

#include "retrogait/model/model_loader.h"

namespace retrogait {

namespace {
std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}
}  // namespace

Status validateScenario(const ScenarioSpec& spec) {
  const bool forward = spec.command.direction == Direction::kForward;
  const double lo = forward ? kMinForwardSpeedMps : kMinBackwardSpeedMps;
  const double hi = forward ? kMaxForwardSpeedMps : kMaxBackwardSpeedMps;
  const double v = spec.command.speedMps;
  if (!(v >= lo - 1e-9 && v <= hi + 1e-9)) {
    return Error{"--speed " + fmt(v) + " m/s is out of range for " +
                 directionName(spec.command.direction) + " walking (allowed " + fmt(lo) + " to " +
                 fmt(hi) + " m/s)"};
  }
  if (!(std::abs(spec.inclinePct) <= kMaxGradePct + 1e-9)) {
    return Error{"--incline " + fmt(spec.inclinePct) + " % is out of range (allowed -15 to 15 %)"};
  }
  if (!(spec.durationS > 0 && spec.durationS <= kMaxDurationS)) {
    return Error{"--duration " + fmt(spec.durationS) +
                 " s is out of range (allowed > 0 to 3600 s)"};
  }
  if (!(spec.timeStepS >= 1e-4 && spec.timeStepS <= 0.005)) {
    return Error{"time step " + fmt(spec.timeStepS) +
                 " s is out of range (allowed 0.0001 to 0.005 s)"};
  }
  if (!(spec.analysisRateHz == 0 ||
        (spec.analysisRateHz >= kMinAnalysisRateHz && spec.analysisRateHz <= kMaxAnalysisRateHz))) {
    return Error{"--analysis-rate " + fmt(spec.analysisRateHz) +
                 " Hz is out of range (allowed 0 = off, or 10 to 10000 Hz)"};
  }
  if (spec.subject) {
    if (Status s = validateSubject(*spec.subject); !s) return Error{"subject: " + s.error()};
  }
  if (spec.push) {
    const PushSpec& p = *spec.push;
    if (!(std::abs(p.forceN) <= 1000))
      return Error{"--push force " + fmt(p.forceN) +
                   " N is out of range (allowed -1000 to 1000 N)"};
    if (!(p.startS >= 0 && p.startS < spec.durationS)) {
      return Error{"--push time " + fmt(p.startS) + " s is outside the run (allowed 0 to " +
                   fmt(spec.durationS) + " s)"};
    }
    if (!(p.durationS > 0 && p.durationS <= 5))
      return Error{"push duration " + fmt(p.durationS) + " s is out of range (allowed > 0 to 5 s)"};
  }
  return Ok{};
}

const char* criterionOptionName(RecruitmentCriterion criterion) {
  switch (criterion) {
    case RecruitmentCriterion::kSumSquares:
      return "p2";
    case RecruitmentCriterion::kSumCubes:
      return "p3";
    case RecruitmentCriterion::kMinMax:
      return "minmax";
  }
  return "p2";
}

std::optional<RecruitmentCriterion> parseCriterionOption(const std::string& text) {
  for (RecruitmentCriterion c : {RecruitmentCriterion::kSumSquares, RecruitmentCriterion::kSumCubes,
                                 RecruitmentCriterion::kMinMax}) {
    if (text == criterionOptionName(c)) return c;
  }
  return std::nullopt;
}

}  // namespace retrogait
