#pragma once
// Gait-cycle plots drawn with ImGui draw lists (Debian has no ImPlot): the cycle in progress
// bold, the previous cycles faded, a second walker in a second colour, the normative band
// (mean ± 1 SD) behind, toe-off ticks, and a hover read-out.

#include <string>
#include <vector>

#include <imgui.h>

#include "retrogait/scene/gait_cycle_tracker.h"
#include "retrogait/scene/normative_curves.h"

namespace retrogait::viewer {

struct PlotCurves {
  const GaitCycleTracker* tracker = nullptr;
  Rgba color;
  std::string label;
  bool estimatorOn = true;  ///< the walker runs the muscle-load estimator
};

/// One channel over the gait cycle; `band` may be null (no band drawn). Non-finite points (an
/// estimator channel not covered by analysis samples) break the curves; an estimator channel
/// without any data says why.
void drawCyclePlot(PlotChannel channel, const std::vector<PlotCurves>& curves,
                   const NormativeBand* band, const ImVec2& size, float uiScale);

}  // namespace retrogait::viewer
