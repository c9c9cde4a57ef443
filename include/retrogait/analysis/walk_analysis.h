#pragma once
// The estimator on a recorded walk (`retrogait analyze`): the same stages as a simulated run —
// inverse dynamics → static optimization → joint contact → metabolics at every sample, then gait
// events and cycles — on a RecordedWalk instead of the physics. What is validated on measured
// motion is therefore exactly what runs on the walker.
//
// The whole recording is analysed (no start-up window): every complete right-leg cycle counts,
// and the reserve and root-residual peaks cover every sample.

#include <vector>

#include "retrogait/analysis/analysis_series.h"
#include "retrogait/analysis/gait_summary.h"
#include "retrogait/analysis/load_summary.h"
#include "retrogait/analysis/muscle_load_estimator.h"
#include "retrogait/analysis/recorded_walk.h"
#include "retrogait/analysis/time_series.h"

namespace retrogait {

struct WalkAnalysis {
  TimeSeries series;              ///< one Sample per recorded sample (measured GRF and COP, COM)
  AnalysisSeries analysis;        ///< one AnalysisSample per recorded sample
  std::vector<GaitCycle> cycles;  ///< complete right-leg cycles covered by the analysis
  GaitSummary gait;               ///< over the whole recording
  LoadSummary loads;              ///< over `cycles`
  /// Largest |root residual| over the recording: force [N] (x, y) and moment about the hip
  /// centre [N·m] — the inconsistency between the motion, the model's inertia and the measured
  /// forces (OpenSim's pelvis residuals).
  double rootResidualForcePeakN = 0;
  double rootResidualMomentPeakNm = 0;
};

/// Runs the estimator on every sample of `walk`.
WalkAnalysis analyzeRecordedWalk(const Model& model, const RecordedWalk& walk,
                                 const EstimatorSpec& spec);

}  // namespace retrogait
