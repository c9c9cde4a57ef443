// Cost of the muscle-load estimator per sample, on states recorded from a simulated walk
// (forward, level, the default scenario): inverse dynamics, muscle geometry, static optimization
// of 18 muscles (two legs) per criterion, and the whole estimator. Goal: SO ≤ 10 µs per sample.
//
//   ./build/estimator/bench/retrogait_bench --benchmark_filter=Estimator

#include <benchmark/benchmark.h>

#include <vector>

#include "retrogait/analysis/muscle_load_estimator.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/sim/simulation.h"

using namespace retrogait;

namespace {

constexpr int kCriteria = 3;

struct Recorded {
  Model model;
  // Per criterion, the estimator inputs and the two legs' recruitment problems (as
  // estimateMuscleLoad builds them), each started from the previous sample's multipliers under
  // that criterion, as in the simulation.
  std::array<std::vector<EstimatorInput>, kCriteria> inputs;
  std::array<std::vector<std::array<LegRecruitmentProblem, 2>>, kCriteria> problems;
};

std::array<LegRecruitmentProblem, 2> buildProblems(const Model& model, const EstimatorInput& in) {
  std::array<LegRecruitmentProblem, 2> legs;
  const VecQ Q =
      computeInverseDynamics(model, in.q, in.qd, in.qdd, in.external.view()).generalizedForce;
  const SegmentPoses poses = computePoses(model, in.q);
  for (const MuscleSpec& m : model.muscles) {
    LegRecruitmentProblem& p = legs[static_cast<int>(m.side)];
    const MuscleGeometry g = computeMuscleGeometry(model, m, poses, in.q, in.qd);
    const MuscleForceCoefficients k =
        computeForceCoefficients(m, computeFiberState(m, g.lengthM, g.velocityMps));
    for (int j = 0; j < 3; ++j) p.momentArmM(j, p.muscleCount) = g.momentArmM[j];
    p.activeForceN[p.muscleCount] = k.activeN;
    p.passiveForceN[p.muscleCount] = k.passiveN;
    ++p.muscleCount;
  }
  for (Side side : kSides) {
    for (JointType jt : kJointTypes) {
      legs[static_cast<int>(side)].targetMomentNm[static_cast<int>(jt)] =
          Q[dofOf(side, jt)] - in.passiveJointTorqueNm[actuatedIndex(side, jt)];
    }
  }
  return legs;
}

const Recorded& recorded() {
  static const Recorded r = [] {
    Recorded out;
    ScenarioSpec spec;
    spec.durationS = 2.0;
    auto sim = Simulation::create(spec);
    if (!sim) return out;
    out.model = (*sim)->model();
    std::vector<EstimatorInput> inputs;
    while (!(*sim)->finished()) {
      (*sim)->step();
      inputs.push_back(makeEstimatorInput(out.model, (*sim)->physics().lastStep()));
    }
    for (int c = 0; c < kCriteria; ++c) {
      EstimatorSpec estimatorSpec;
      estimatorSpec.optimization.criterion = static_cast<RecruitmentCriterion>(c);
      const EstimatorTables tables = buildEstimatorTables(out.model, estimatorSpec);
      MuscleLoadEstimate previous;
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        EstimatorInput in = inputs[i];
        std::array<LegRecruitmentProblem, 2> legs = buildProblems(out.model, in);
        for (std::size_t leg = 0; leg < 2 && i > 0; ++leg) {
          in.multiplierGuessPerNm[leg] = previous.multiplierPerNm[leg];
          legs[leg].multiplierGuessPerNm = previous.multiplierPerNm[leg];
        }
        estimateMuscleLoad(out.model, tables, in, estimatorSpec, previous);
        out.inputs[static_cast<std::size_t>(c)].push_back(in);
        out.problems[static_cast<std::size_t>(c)].push_back(legs);
      }
    }
    return out;
  }();
  return r;
}

RecruitmentCriterion criterionOf(const benchmark::State& state) {
  return static_cast<RecruitmentCriterion>(state.range(0));
}

void setLabel(benchmark::State& state) {
  state.SetLabel(criterionName(criterionOf(state)));
}

}  // namespace

static void BM_EstimatorInverseDynamics(benchmark::State& state) {
  const Recorded& r = recorded();
  if (r.inputs[0].empty()) return state.SkipWithError("no recorded walk");
  std::size_t i = 0;
  for (auto _ : state) {
    const EstimatorInput& in = r.inputs[0][i++ % r.inputs[0].size()];
    benchmark::DoNotOptimize(
        computeInverseDynamics(r.model, in.q, in.qd, in.qdd, in.external.view()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EstimatorInverseDynamics);

// Geometry, fiber state and force coefficients of all 18 muscles, from the estimator's tables
// (as estimateMuscleLoad computes them).
static void BM_EstimatorMuscleGeometry18(benchmark::State& state) {
  const Recorded& r = recorded();
  if (r.inputs[0].empty()) return state.SkipWithError("no recorded walk");
  const EstimatorTables tables = buildEstimatorTables(r.model, EstimatorSpec{});
  std::size_t i = 0;
  for (auto _ : state) {
    const EstimatorInput& in = r.inputs[0][i++ % r.inputs[0].size()];
    const SegmentFrames frames = makeSegmentFrames(computePoses(r.model, in.q));
    for (int k = 0; k < tables.muscleCount; ++k) {
      const auto u = static_cast<std::size_t>(k);
      const MuscleSpec& m = r.model.muscles[u];
      const MuscleGeometry g = computeMuscleGeometry(m, tables.topology[u], frames, in.q, in.qd);
      benchmark::DoNotOptimize(computeForceCoefficients(
          m, computeFiberState(tables.fiber[u], g.lengthM, g.velocityMps)));
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EstimatorMuscleGeometry18);

// Static optimization of both legs (2 × 9 muscles) per sample.
static void BM_EstimatorStaticOptimization18(benchmark::State& state) {
  const Recorded& r = recorded();
  if (r.problems[0].empty()) return state.SkipWithError("no recorded walk");
  StaticOptimizationSpec spec;
  spec.criterion = criterionOf(state);
  const auto& problems = r.problems[static_cast<std::size_t>(state.range(0))];
  std::size_t i = 0;
  long iterations = 0;
  for (auto _ : state) {
    const auto& legs = problems[i++ % problems.size()];
    for (const LegRecruitmentProblem& p : legs) {
      const LegRecruitmentSolution s = solveLegRecruitment(p, spec);
      iterations += s.iterations;
      benchmark::DoNotOptimize(s);
    }
  }
  state.counters["solver_iterations_per_leg"] =
      double(iterations) / double(2 * std::max<long>(1, state.iterations()));
  state.SetItemsProcessed(state.iterations());
  setLabel(state);
}
BENCHMARK(BM_EstimatorStaticOptimization18)
    ->Arg(static_cast<int>(RecruitmentCriterion::kSumSquares))
    ->Arg(static_cast<int>(RecruitmentCriterion::kSumCubes))
    ->Arg(static_cast<int>(RecruitmentCriterion::kMinMax));

// The whole estimator (ID, geometry, SO, contact, metabolics) per sample.
static void BM_EstimatorWholeSample(benchmark::State& state) {
  const Recorded& r = recorded();
  if (r.inputs[0].empty()) return state.SkipWithError("no recorded walk");
  EstimatorSpec spec;
  spec.optimization.criterion = criterionOf(state);
  const EstimatorTables tables = buildEstimatorTables(r.model, spec);
  const auto& inputs = r.inputs[static_cast<std::size_t>(state.range(0))];
  MuscleLoadEstimate out;
  std::size_t i = 0;
  for (auto _ : state) {
    estimateMuscleLoad(r.model, tables, inputs[i++ % inputs.size()], spec, out);
    benchmark::DoNotOptimize(out.metabolicPowerW);
  }
  state.counters["samples"] = double(inputs.size());
  state.SetItemsProcessed(state.iterations());
  setLabel(state);
}
BENCHMARK(BM_EstimatorWholeSample)
    ->Arg(static_cast<int>(RecruitmentCriterion::kSumSquares))
    ->Arg(static_cast<int>(RecruitmentCriterion::kSumCubes))
    ->Arg(static_cast<int>(RecruitmentCriterion::kMinMax));
