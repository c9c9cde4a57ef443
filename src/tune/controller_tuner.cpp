#include "retrogait/tune/controller_tuner.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "retrogait/core/math.h"
#include "retrogait/tune/cma_es.h"

namespace retrogait {

namespace {

// Runs `count` jobs on up to `threads` threads (each Simulation owns its own Bullet world).
void parallelFor(int count, int threads, const std::function<void(int)>& job) {
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int i = next++; i < count; i = next++) job(i);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::max(1, threads); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

GaitCost runScenario(const ControllerParams& params, ScenarioSpec scenario) {
  scenario.controllerParams = params;
  auto sim = Simulation::create(scenario);
  if (!sim) {
    GaitCost c;
    c.fall = c.total = 1e6;
    return c;
  }
  (*sim)->run();
  return computeGaitCost(**sim);
}

const GaitParamInfo* findParam(const std::string& key) {
  for (const GaitParamInfo& info : gaitParamTable()) {
    if (key == info.key) return &info;
  }
  return nullptr;
}

}  // namespace

std::vector<ScenarioCost> evaluateScenarios(const ControllerParams& params,
                                            const std::vector<ScenarioSpec>& scenarios,
                                            int threads) {
  std::vector<ScenarioCost> out(scenarios.size());
  parallelFor(static_cast<int>(scenarios.size()), threads, [&](int i) {
    out[i] = {scenarios[i], runScenario(params, scenarios[i])};
  });
  return out;
}

Result<ControllerParams> tuneController(
    const TuneSpec& spec, const std::function<void(const TuneProgress&)>& onGeneration) {
  std::vector<const GaitParamInfo*> infos;
  for (const std::string& key : spec.keys) {
    const GaitParamInfo* info = findParam(key);
    if (!info)
      return Error{"--params: '" + key +
                   "' is not a controller parameter (see docs/controller.md)"};
    infos.push_back(info);
  }
  if (infos.empty()) return Error{"--params: nothing to tune"};
  if (spec.scenarios.empty()) return Error{"no scenarios to tune on"};

  const bool forward = spec.direction == Direction::kForward;
  auto unitOf = [&](const GaitParamInfo& info, double value) {
    const double fileValue = info.degrees ? radToDeg(value) : value;
    return (fileValue - info.minValue) / (info.maxValue - info.minValue);
  };
  auto toParams = [&](const Eigen::VectorXd& x) {
    ControllerParams p = spec.start;
    GaitParams& g = forward ? p.forward : p.backward;
    for (std::size_t i = 0; i < infos.size(); ++i) {
      // Clamped: lo + 1 · (hi − lo) can round past hi, which the file's range check would reject.
      const double fileValue =
          std::clamp(infos[i]->minValue + x[i] * (infos[i]->maxValue - infos[i]->minValue),
                     infos[i]->minValue, infos[i]->maxValue);
      g.*(infos[i]->member) = infos[i]->degrees ? degToRad(fileValue) : fileValue;
    }
    return p;
  };
  const GaitParams& startGait = forward ? spec.start.forward : spec.start.backward;
  Eigen::VectorXd x0(infos.size());
  for (std::size_t i = 0; i < infos.size(); ++i)
    x0[i] = std::clamp(unitOf(*infos[i], startGait.*(infos[i]->member)), 0.0, 1.0);

  CmaEs cma(x0, spec.sigma, spec.population, spec.seed);
  ControllerParams best = spec.start;
  double bestCost = 0;
  {  // the starting point is a candidate too
    double total = 0;
    for (const auto& sc : evaluateScenarios(best, spec.scenarios, spec.threads))
      total += sc.cost.total;
    bestCost = total;
  }
  const int nScen = static_cast<int>(spec.scenarios.size());
  for (int gen = 0; gen < spec.generations; ++gen) {
    const std::vector<Eigen::VectorXd>& candidates = cma.ask();
    const int lambda = static_cast<int>(candidates.size());
    std::vector<ControllerParams> params(lambda);
    for (int k = 0; k < lambda; ++k) params[k] = toParams(CmaEs::clip(candidates[k]));
    std::vector<double> costs(lambda * nScen, 0.0);
    parallelFor(lambda * nScen, spec.threads, [&](int job) {
      costs[job] = runScenario(params[job / nScen], spec.scenarios[job % nScen]).total;
    });
    std::vector<double> totals(lambda, 0.0);
    for (int k = 0; k < lambda; ++k) {
      for (int s = 0; s < nScen; ++s) totals[k] += costs[k * nScen + s];
      totals[k] += 100.0 * CmaEs::boxPenalty(candidates[k]);
    }
    cma.tell(totals);
    const int bestK =
        static_cast<int>(std::min_element(totals.begin(), totals.end()) - totals.begin());
    if (totals[bestK] < bestCost) {
      bestCost = totals[bestK];
      best = params[bestK];
    }
    std::vector<double> sorted = totals;
    std::sort(sorted.begin(), sorted.end());
    if (onGeneration) {
      TuneProgress p;
      p.generation = gen + 1;
      p.bestCost = bestCost;
      p.generationBest = sorted.front();
      p.generationMedian = sorted[sorted.size() / 2];
      p.sigma = cma.sigma();
      p.best = &best;
      onGeneration(p);
    }
  }
  return best;
}

}  // namespace retrogait
