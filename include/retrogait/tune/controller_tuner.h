#pragma once
// The controller tuner: CMA-ES over chosen gait parameters of one direction, minimising the
// summed GaitCost of a set of scenarios (speeds, inclines, subjects, pushes). The instrument
// behind models/controller.json; `retrogait tune` runs it.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "retrogait/control/controller_params.h"
#include "retrogait/sim/scenario.h"
#include "retrogait/tune/gait_cost.h"

namespace retrogait {

struct TuneSpec {
  Direction direction = Direction::kForward;
  std::vector<ScenarioSpec> scenarios;  ///< all of `direction`
  std::vector<std::string> keys;        ///< GaitParams keys to tune (see gaitParamTable())
  ControllerParams start;               ///< starting point (the other direction is kept)
  int generations = 50;
  int population = 0;  ///< 0 = CMA-ES default
  double sigma = 0.1;  ///< initial step, as a share of each parameter's range
  std::uint64_t seed = 1;
  int threads = 2;
};

struct TuneProgress {
  int generation = 0;
  double bestCost = 0;  ///< best ever
  double generationBest = 0;
  double generationMedian = 0;
  double sigma = 0;
  const ControllerParams* best = nullptr;
};

struct ScenarioCost {
  ScenarioSpec scenario;
  GaitCost cost;
};

/// Runs the scenarios with `params` (in parallel) and returns each one's cost.
std::vector<ScenarioCost> evaluateScenarios(const ControllerParams& params,
                                            const std::vector<ScenarioSpec>& scenarios,
                                            int threads);

/// Tunes; calls `onGeneration` after each generation. Returns the best parameters found.
Result<ControllerParams> tuneController(
    const TuneSpec& spec, const std::function<void(const TuneProgress&)>& onGeneration);

}  // namespace retrogait
