// The muscle-load estimator inside the Simulation: analysis rate and sample times, the estimate
// of a step equals a direct call on PhysicsWorld::lastStep(), residuals at round-off along a
// walk, no reallocation of the series, and the summary's estimator fields (present, typed,
// signs and units consistent; null when no cycle was analysed). None of this depends on how
// well the walker walks: where cycles are needed, both outcomes (cycles or none) are checked.

#include <gtest/gtest.h>

#include <cmath>

#include "retrogait/io/summary_json.h"
#include "test_support.h"

using namespace retrogait;
using namespace retrogait::test;

namespace {

std::unique_ptr<Simulation> runFor(
    double durationS, double rateHz,
    RecruitmentCriterion criterion = RecruitmentCriterion::kSumSquares,
    Direction direction = Direction::kForward) {
  ScenarioSpec spec =
      makeScenario(direction, direction == Direction::kForward ? 1.2 : 0.8, 0, durationS);
  spec.analysisRateHz = rateHz;
  spec.criterion = criterion;
  auto sim = Simulation::create(spec);
  EXPECT_TRUE(sim) << sim.error();
  if (!sim) return nullptr;
  (*sim)->run();
  return std::move(sim.value());
}

// Analysed steps: every n-th physics step from the first, n = round(1 / (rate dt)).
void expectSeriesAtRate(const Simulation& sim, int every) {
  ASSERT_EQ(sim.analysisEverySteps(), every);
  const double dt = sim.scenario().timeStepS;
  EXPECT_NEAR(sim.analysisRateHz(), 1.0 / (every * dt), 1e-9);
  const std::size_t steps = sim.series().size();
  ASSERT_GT(steps, 10u);
  EXPECT_EQ(sim.analysis().size(), (steps + every - 1) / every);
  for (std::size_t k = 0; k < sim.analysis().size(); ++k) {
    // The sample belongs to the start of step k·n: time k·n·dt.
    EXPECT_NEAR(sim.analysis()[k].timeS, static_cast<double>(k * every) * dt, 1e-9) << k;
  }
}

}  // namespace

TEST(EstimatorPipeline, AnalysisSeriesFollowsTheRate) {
  auto byDefault = runFor(1.0, kDefaultAnalysisRateHz);
  ASSERT_TRUE(byDefault);
  expectSeriesAtRate(*byDefault, 4);  // 100 Hz at the 2.5 ms step
  EXPECT_TRUE(byDefault->analysisEnabled());
  EXPECT_TRUE(byDefault->hasEstimate());

  auto everyStep = runFor(0.5, 1.0 / kDefaultTimeStepS);  // ≥ 1/dt: every step
  ASSERT_TRUE(everyStep);
  expectSeriesAtRate(*everyStep, 1);
  auto above = runFor(0.5, 5000);
  ASSERT_TRUE(above);
  expectSeriesAtRate(*above, 1);

  auto rounded = runFor(0.5, 120);  // 1/(120 Hz · 2.5 ms) = 3.33 → every 3rd step, 133 Hz
  ASSERT_TRUE(rounded);
  expectSeriesAtRate(*rounded, 3);

  auto off = runFor(0.5, 0);
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->analysisEnabled());
  EXPECT_TRUE(off->analysis().empty());
  EXPECT_FALSE(off->hasEstimate());
  EXPECT_EQ(off->analysisRateHz(), 0.0);
  EXPECT_EQ(off->summarizeLoads().windowSamples, 0);
}

TEST(EstimatorPipeline, RejectsBadRatesWithClearMessages) {
  ScenarioSpec spec = makeScenario(Direction::kForward, 1.2, 0, 1);
  for (double bad : {5.0, -1.0, 20000.0, std::nan("")}) {
    spec.analysisRateHz = bad;
    auto sim = Simulation::create(spec);
    ASSERT_FALSE(sim) << bad;
    EXPECT_NE(sim.error().find("--analysis-rate"), std::string::npos) << sim.error();
    EXPECT_NE(sim.error().find("allowed 0 = off, or 10 to 10000 Hz"), std::string::npos);
  }
  for (const char* name : {"p2", "p3", "minmax"}) {
    const auto c = parseCriterionOption(name);
    ASSERT_TRUE(c) << name;
    EXPECT_STREQ(criterionOptionName(*c), name);
  }
  EXPECT_FALSE(parseCriterionOption("p4"));
  EXPECT_FALSE(parseCriterionOption(""));
}

// The Simulation's estimate of an analysed step is exactly the estimator run on that step's
// record (q, q̇ at its start, q̈ over it, its forces; the recruitment started from the previous
// sample's multipliers), and the sample copies it. A cold start finds the same activations.
TEST(EstimatorPipeline, AnalysesThePhysicsLastStep) {
  for (RecruitmentCriterion criterion :
       {RecruitmentCriterion::kSumSquares, RecruitmentCriterion::kMinMax}) {
    ScenarioSpec spec = makeScenario(Direction::kForward, 1.2, 0, 1.0);
    spec.criterion = criterion;
    auto sim = Simulation::create(spec).value();
    EXPECT_EQ(sim->estimatorSpec().optimization.criterion, criterion);
    const Model& model = sim->model();
    EstimatorSpec direct;
    direct.optimization.criterion = criterion;
    const EstimatorTables tables = buildEstimatorTables(model, direct);
    MuscleLoadEstimate expected, cold;
    int compared = 0;
    double worstColdDifference = 0;
    while (!sim->finished()) {
      const std::size_t before = sim->analysis().size();
      // The simulation starts each sample's recruitment from the previous sample's multipliers.
      const std::array<Eigen::Vector3d, 2> previous = sim->lastEstimate().multiplierPerNm;
      sim->step();
      if (sim->analysis().size() == before) continue;
      const StepRecord& last = sim->physics().lastStep();
      EstimatorInput input = makeEstimatorInput(model, last);
      estimateMuscleLoad(model, tables, input, direct, cold);
      if (before > 0) input.multiplierGuessPerNm = {previous[0], previous[1]};
      estimateMuscleLoad(model, tables, input, direct, expected);
      const MuscleLoadEstimate& got = sim->lastEstimate();
      // Started anywhere, the recruitment finds the same optimum to its tolerance.
      for (int i = 0; i < expected.muscleCount; ++i) {
        const auto k = static_cast<std::size_t>(i);
        worstColdDifference = std::max(
            worstColdDifference, std::abs(cold.muscles[k].activation - got.muscles[k].activation));
      }
      const AnalysisSample& sample = sim->analysis().back();
      EXPECT_EQ(sample.timeS, last.timeS);
      EXPECT_EQ(got.jointMomentNm, expected.jointMomentNm);
      EXPECT_EQ(sample.jointMomentNm, expected.jointMomentNm);
      EXPECT_EQ(sample.jointPowerW, expected.jointPowerW);
      EXPECT_EQ(sample.metabolicPowerWPerKg, expected.metabolicPowerWPerKg);
      for (int i = 0; i < expected.muscleCount; ++i) {
        const auto k = static_cast<std::size_t>(i);
        EXPECT_EQ(sample.activation[k], expected.muscles[k].activation);
        EXPECT_EQ(sample.tendonForceN[k], expected.muscles[k].tendonForceN);
      }
      EXPECT_EQ(sample.contactBw[0][static_cast<int>(ContactJoint::kPatellofemoral)],
                expected.contact.patellofemoralBw[0]);
      EXPECT_EQ(sample.contactBw[1][static_cast<int>(ContactJoint::kTibiofemoral)],
                expected.contact.magnitudeBw[1][static_cast<int>(JointType::kKnee)]);
      for (Side side : kSides) {
        for (JointType jt : kJointTypes) {
          EXPECT_EQ(sample.reserveMomentNm[actuatedIndex(side, jt)],
                    expected.reserveMomentNm[static_cast<int>(side)][static_cast<int>(jt)]);
        }
      }
      ++compared;
    }
    EXPECT_GT(compared, 10);
    EXPECT_LT(worstColdDifference, 1e-9) << criterionName(criterion);
  }
}

// Along a walk (whatever its quality, up to a fall), inverse dynamics reproduces the torques that
// drove the motion: joint residual and root residual at round-off; every sample finite; the
// series never reallocates (reserved at creation: no allocation in the step).
TEST(EstimatorPipeline, ResidualsStayAtRoundOffAlongAWalk) {
  for (Direction direction : {Direction::kForward, Direction::kBackward}) {
    ScenarioSpec spec = makeScenario(direction, direction == Direction::kForward ? 1.2 : 0.8, 0, 6);
    auto sim = Simulation::create(spec).value();
    const AnalysisSample* storage = nullptr;
    std::size_t capacity = 0;
    sim->step();
    storage = sim->analysis().data();
    capacity = sim->analysis().capacity();
    sim->run();
    EXPECT_EQ(sim->analysis().data(), storage);
    EXPECT_EQ(sim->analysis().capacity(), capacity);
    double jointResidual = 0, rootForce = 0, rootMoment = 0;
    for (const AnalysisSample& a : sim->analysis()) {
      jointResidual = std::max(jointResidual, a.torqueResidualNm.cwiseAbs().maxCoeff());
      rootForce = std::max({rootForce, std::abs(a.rootResidual[0]), std::abs(a.rootResidual[1])});
      rootMoment = std::max(rootMoment, std::abs(a.rootResidual[2]));
      ASSERT_TRUE(a.jointMomentNm.allFinite());
      for (double v : a.activation) ASSERT_TRUE(v >= 0 && v <= 1) << v;
      ASSERT_TRUE(std::isfinite(a.metabolicPowerWPerKg));
    }
    EXPECT_LT(jointResidual, 1e-6) << directionName(direction);
    EXPECT_LT(rootForce, 1e-6) << directionName(direction);
    EXPECT_LT(rootMoment, 1e-6) << directionName(direction);
    const LoadSummary load = sim->summarizeLoads();
    if (load.windowSamples > 0) {
      EXPECT_LT(load.residualPeakNm, 1e-6);
    }
    std::printf(
        "[ %s walk ] %zu analysed samples to %.2f s%s: joint residual %.1e N·m, root "
        "%.1e N / %.1e N·m\n",
        directionName(direction), sim->analysis().size(), sim->timeS(),
        sim->outcome().fell ? " (fell)" : "", jointResidual, rootForce, rootMoment);
  }
}

// Summaries cover the walked part only: cycles after the settle time and before any fall.
TEST(EstimatorPipeline, SummariesCoverOnlyTheWalkedPart) {
  auto sim = runFor(12, kDefaultAnalysisRateHz);
  ASSERT_TRUE(sim);
  const double from = sim->settleTimeS(), to = sim->analysedUntilS();
  if (sim->outcome().fell) {
    EXPECT_DOUBLE_EQ(to, sim->outcome().fallTimeS);
  }
  const auto cycles = sim->analysedCycles();
  for (const GaitCycle& c : cycles) {
    EXPECT_GE(c.startS, from);
    EXPECT_LE(c.endS, to);
    EXPECT_LE(c.endS, sim->analysis().back().timeS);  // covered by the analysis samples
  }
  const LoadSummary load = sim->summarizeLoads();
  EXPECT_EQ(load.cycles, static_cast<int>(cycles.size()));
  long inWindow = 0;
  for (const AnalysisSample& a : sim->analysis()) inWindow += a.timeS >= from && a.timeS <= to;
  EXPECT_EQ(load.windowSamples, inWindow);
}

// The summary's estimator fields: present, with the documented types; when cycles were
// analysed, signs and ranges consistent with their units; null otherwise.
TEST(EstimatorPipeline, SummaryFieldsArePresentTypedAndConsistent) {
  for (Direction direction : {Direction::kForward, Direction::kBackward}) {
    auto sim = runFor(12, kDefaultAnalysisRateHz, RecruitmentCriterion::kSumSquares, direction);
    ASSERT_TRUE(sim);
    const nlohmann::json j = makeSummaryJson(*sim);
    const bool cycles = sim->summarizeLoads().cycles > 0;
    auto number = [&](const nlohmann::json& v, const std::string& what) {
      EXPECT_TRUE(cycles ? v.is_number() : v.is_null()) << what << ": " << v;
      return v.is_number() ? v.get<double>() : 0.0;
    };
    for (const char* joint : {"hip", "knee", "ankle"}) {
      const auto& o = j.at("joints").at(joint);
      EXPECT_TRUE(o.at("rom_deg").is_number());
      const double ext = number(o.at("peak_extensor_moment_nm_per_kg"), joint);
      const double flex = number(o.at("peak_flexor_moment_nm_per_kg"), joint);
      const double pos = number(o.at("positive_work_j_per_kg"), joint);
      const double neg = number(o.at("negative_work_j_per_kg"), joint);
      EXPECT_GE(ext, 0) << joint;
      EXPECT_GE(flex, 0) << joint;
      EXPECT_GE(pos, 0) << joint;
      EXPECT_LE(neg, 0) << joint;
      EXPECT_LT(ext, 10) << joint;  // N·m/kg: a wrong unit (N·m) would be ~70× larger
    }
    const Model& model = sim->model();
    int rightMuscles = 0;
    for (const MuscleSpec& m : model.muscles) {
      if (m.side != Side::kRight) {
        EXPECT_FALSE(j.at("muscles").contains(m.name)) << m.name;
        continue;
      }
      ++rightMuscles;
      ASSERT_TRUE(j.at("muscles").contains(m.name)) << m.name;
      const auto& o = j.at("muscles").at(m.name);
      const double peak = number(o.at("peak_activation"), m.name);
      const double mean = number(o.at("mean_activation"), m.name);
      const double force = number(o.at("peak_force_bw"), m.name);
      EXPECT_GE(mean, 0);
      EXPECT_LE(mean, peak + 1e-12);
      EXPECT_LE(peak, 1.0);
      EXPECT_GE(force, 0);
      // [BW], not N: bounded by a few times F_max (f_V ≤ 1.8 plus passive force).
      EXPECT_LE(force, 5 * m.maxIsometricForceN / (model.totalMassKg() * kGravityMps2));
    }
    EXPECT_EQ(rightMuscles, 9);
    EXPECT_EQ(j.at("muscles").size(), 9u);
    for (const char* k :
         {"hip_peak_bw", "knee_peak_bw", "patellofemoral_peak_bw", "ankle_peak_bw"}) {
      EXPECT_GE(number(j.at("joint_contact").at(k), k), 0);
    }
    const double metabolic =
        number(j.at("energy").at("metabolic_power_w_per_kg"), "metabolic_power_w_per_kg");
    if (cycles) {
      EXPECT_GE(metabolic, MetabolicSpec{}.basalWPerKg);  // basal is included
      const auto& cot = j.at("energy").at("cost_of_transport_j_per_kg_per_m");
      const double speed = j.at("gait").at("mean_speed_mps").get<double>();
      if (speed > 0) {
        ASSERT_TRUE(cot.is_number());
        EXPECT_NEAR(cot.get<double>(), metabolic / speed, 1e-12 * (1 + metabolic / speed));
      } else {
        EXPECT_TRUE(cot.is_null());
      }
    }
    const auto& e = j.at("estimator");
    EXPECT_EQ(e.at("criterion"), "p2");
    EXPECT_DOUBLE_EQ(e.at("analysis_rate_hz").get<double>(), 100.0);
    if (sim->summarizeLoads().windowSamples > 0) {
      EXPECT_LT(e.at("residual_peak_nm").get<double>(), 1e-6);
      EXPECT_GE(e.at("reserve_peak_nm").get<double>(), 0);
    } else {
      EXPECT_TRUE(e.at("residual_peak_nm").is_null());
    }
    std::printf("[ %s summary ] %d cycles%s, knee ext %s N·m/kg, PF %s BW, CoT %s\n",
                directionName(direction), sim->summarizeLoads().cycles,
                sim->outcome().fell ? " (fell)" : "",
                j["joints"]["knee"]["peak_extensor_moment_nm_per_kg"].dump().c_str(),
                j["joint_contact"]["patellofemoral_peak_bw"].dump().c_str(),
                j["energy"]["cost_of_transport_j_per_kg_per_m"].dump().c_str());
  }
}

TEST(EstimatorPipeline, StageTimingCountsTheAnalysedSteps) {
  ScenarioSpec spec = makeScenario(Direction::kForward, 1.2, 0, 0.5);
  auto sim = Simulation::create(spec).value();
  sim->setStageTiming(true);
  sim->run();
  const StageTimes& st = sim->stageTimes();
  EXPECT_EQ(st.steps, static_cast<long>(sim->series().size()));
  EXPECT_EQ(st.analysedSteps, static_cast<long>(sim->analysis().size()));
  EXPECT_GT(st.analysisS, 0);
}
