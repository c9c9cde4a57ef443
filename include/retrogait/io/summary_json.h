#pragma once
// The run summary, schema "retrogait.summary/1" (every field documented in
// docs/summary-schema.md with its unit): of a simulated walk (`simulate`) and of a recorded one
// (`analyze`), which share the gait, grf, joints, muscles, joint_contact and energy blocks.

#include <string>

#include <nlohmann/json.hpp>

#include "retrogait/analysis/recorded_walk.h"
#include "retrogait/analysis/walk_analysis.h"
#include "retrogait/sim/simulation.h"

namespace retrogait {

inline constexpr const char* kSummarySchema = "retrogait.summary/1";

nlohmann::json makeSummaryJson(const Simulation& sim);

/// What the recording summary names besides the walk itself.
struct RecordingSummaryInfo {
  std::string motionFile, grfFile, grfSetupFile;
  RecruitmentCriterion criterion = RecruitmentCriterion::kSumSquares;
  double wallTimeS = 0;      ///< reading and analysing [s]
  MetabolicSpec metabolics;  ///< the energy model's settings (for the muscle mass)
};

nlohmann::json makeRecordingSummaryJson(const Model& model, const RecordedWalk& walk,
                                        const WalkAnalysis& analysis,
                                        const RecordingSummaryInfo& info);

}  // namespace retrogait
