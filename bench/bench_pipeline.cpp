// The whole pipeline: a 10 s forward walk at 1.2 m/s (physics + control + recording + the
// muscle-load estimator at the analysis rate). Goal (issue 3): ≥ 300× real time on one core
// with the estimator at its default rate. Counters: rtf = simulated seconds per wall second of
// Simulation::run (creation excluded), and the stage costs per physics step [µs] from a second,
// stage-timed run.
//
//   ./build/release/bench/retrogait_bench --benchmark_filter=Pipeline
//
// Arguments: analysis rate [Hz] (0 = estimator off, 100 = default, 400 = every 2.5 ms step).

#include <benchmark/benchmark.h>

#include "retrogait/sim/simulation.h"

using namespace retrogait;

namespace {

ScenarioSpec pipelineScenario(double analysisRateHz) {
  ScenarioSpec spec;
  spec.command = {Direction::kForward, 1.2};
  spec.durationS = 10.0;
  spec.analysisRateHz = analysisRateHz;
  return spec;
}

}  // namespace

static void BM_PipelineWalk10s(benchmark::State& state) {
  const ScenarioSpec spec = pipelineScenario(static_cast<double>(state.range(0)));
  double simulated = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto sim = Simulation::create(spec);
    if (!sim) {
      state.SkipWithError(sim.error().c_str());
      return;
    }
    state.ResumeTiming();
    (*sim)->run();
    simulated += (*sim)->timeS();
  }
  state.counters["rtf"] = benchmark::Counter(simulated, benchmark::Counter::kIsRate);
  state.counters["sim_s"] = benchmark::Counter(simulated, benchmark::Counter::kAvgIterations);
  // Stage costs per physics step, from one stage-timed run (the clock reads cost ~0.1 µs).
  auto timed = Simulation::create(spec);
  if (!timed) return;
  (*timed)->setStageTiming(true);
  (*timed)->run();
  const StageTimes& st = (*timed)->stageTimes();
  const double steps = static_cast<double>(std::max(1L, st.steps));
  state.counters["physics_us"] = 1e6 * st.physicsS / steps;
  state.counters["control_us"] = 1e6 * st.controlS / steps;
  state.counters["record_us"] = 1e6 * st.recordS / steps;
  state.counters["analysis_us"] = 1e6 * st.analysisS / steps;
  state.counters["per_sample_us"] =
      1e6 * st.analysisS / static_cast<double>(std::max(1L, st.analysedSteps));
}
BENCHMARK(BM_PipelineWalk10s)
    ->Arg(0)
    ->Arg(100)
    ->Arg(400)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);
