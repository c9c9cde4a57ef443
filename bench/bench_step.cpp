// Speed of the walker core: one physics step, one controller evaluation, and a whole 10 s walk
// (physics + control + recording). The real-time factor is reported as a counter.
// Run: ./build/release/bench/retrogait_bench --benchmark_filter='Step|Walk|Controller'

#include <benchmark/benchmark.h>

#include "retrogait/model/model_loader.h"
#include "retrogait/sim/simulation.h"

using namespace retrogait;

namespace {
ScenarioSpec walkScenario(double durationS) {
  ScenarioSpec spec;
  spec.command = {Direction::kForward, 1.2};
  spec.durationS = durationS;
  spec.analysisRateHz = 0;  // walker core only: physics + control + recording
  return spec;
}
}  // namespace

// One physics step of the walker in mid-walk (contacts active), with the controller's torques.
static void BM_PhysicsStep(benchmark::State& state) {
  auto sim = Simulation::create(walkScenario(1000.0)).value();
  for (int i = 0; i < 2000; ++i) sim->step();  // 4 s: steady walking
  PhysicsWorld& world = const_cast<PhysicsWorld&>(sim->physics());
  const JointTorques torques = sim->controller().telemetry().requestedTorqueNm;
  const VecQ q = world.q(), qd = world.qd();
  int n = 0;
  for (auto _ : state) {
    if (++n % 64 == 0) world.reset(q, qd);  // stay near the walking state
    benchmark::DoNotOptimize(world.step(torques));
  }
}
BENCHMARK(BM_PhysicsStep);

// One controller evaluation on a walking state.
static void BM_ControllerStep(benchmark::State& state) {
  auto sim = Simulation::create(walkScenario(1000.0)).value();
  for (int i = 0; i < 2000; ++i) sim->step();
  GaitController controller = sim->controller();
  const PhysicsWorld& world = sim->physics();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        controller.compute(kDefaultTimeStepS, world.q(), world.qd(), world.contacts()));
  }
}
BENCHMARK(BM_ControllerStep);

// A 10 s forward walk at 1.2 m/s: physics + control + recording; counter rtf = real-time factor.
static void BM_Walk10s(benchmark::State& state) {
  double simulated = 0;
  for (auto _ : state) {
    auto sim = Simulation::create(walkScenario(10.0)).value();
    sim->run();
    simulated += sim->timeS();
  }
  state.counters["rtf"] = benchmark::Counter(simulated, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Walk10s)->Unit(benchmark::kMillisecond);
