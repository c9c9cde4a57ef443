#include "retrogait/analysis/walk_analysis.h"

#include <algorithm>
#include <cmath>

#include "retrogait/model/kinematics.h"

namespace retrogait {

const char* speedSourceName(SpeedSource source) {
  return source == SpeedSource::kOption ? "option" : "stance_foot";
}

WalkAnalysis analyzeRecordedWalk(const Model& model, const RecordedWalk& walk,
                                 const EstimatorSpec& spec) {
  WalkAnalysis out;
  const EstimatorTables tables = buildEstimatorTables(model, spec);
  MuscleLoadEstimate estimate;
  out.series.reserve(walk.samples.size());
  out.analysis.reserve(walk.samples.size());
  for (const RecordedSample& r : walk.samples) {
    EstimatorInput input;
    input.q = r.q;
    input.qd = r.qd;
    input.qdd = r.qdd;
    for (Side side : kSides) {
      const auto f = static_cast<std::size_t>(side);
      if (r.idForce_W[f].isZero()) continue;
      input.external.add({footSegment(side), r.idForce_W[f], r.idPoint_W[f]});
    }
    // Measured motion has no controller whose torques the inverse dynamics could be held
    // against: the joint residual is recorded as zero, and the root residual is the check.
    const SegmentPoses poses = computePoses(model, r.q);
    const SegmentTwists twists = computeTwists(model, poses, r.qd);
    input.poses = poses;
    input.twists = twists;
    if (!out.analysis.empty()) {
      for (std::size_t s = 0; s < 2; ++s)
        input.multiplierGuessPerNm[s] = estimate.multiplierPerNm[s];
    }
    estimateMuscleLoad(model, tables, input, spec, estimate);
    out.analysis.emplace_back();
    makeAnalysisSample(estimate, r.timeS, out.analysis.back());
    out.analysis.back().torqueResidualNm.setZero();

    Sample s;
    s.timeS = r.timeS;
    s.q = r.q;
    s.qd = r.qd;
    s.torqueNm = estimate.dynamics.generalizedForce.tail<kNumActuated>();
    s.grf_W = r.grf_W;
    s.cop_W = r.cop_W;
    s.com_W = computeCom(model, poses);
    s.comVel_W = computeComVelocity(model, poses, twists);
    out.series.push_back(s);

    const VecQ& Q = estimate.dynamics.generalizedForce;
    out.rootResidualForcePeakN =
        std::max({out.rootResidualForcePeakN, std::abs(Q[kPelvisTx]), std::abs(Q[kPelvisTy])});
    out.rootResidualMomentPeakNm = std::max(out.rootResidualMomentPeakNm, std::abs(Q[kPelvisTilt]));
  }
  if (out.series.empty()) return out;
  const Ground level;
  // A foot already loaded at the first sample touched down before the recording began: its
  // "initial contact" there is not one, so the window opens half a sample later and no cycle
  // starts at the first sample.
  const double halfSample = walk.sampleRateHz > 0 ? 0.5 / walk.sampleRateHz : 0.0;
  const double from = out.series.front().timeS + halfSample, to = out.series.back().timeS;
  out.gait = summarizeGait(model, out.series, level, walk.travelSign, from, to);
  // The walk's speed over the whole recording (the window above starts half a sample in).
  out.gait.meanSpeedMps = walk.speedMps;
  out.cycles = cyclesCoveredBy(
      out.analysis,
      cyclesWithin(cutCycles(out.series, detectGaitEvents(out.series, level), level), from, to));
  out.loads = summarizeLoads(model, out.analysis, out.cycles, from, to, out.gait.meanSpeedMps);
  return out;
}

}  // namespace retrogait
