// The files of `retrogait simulate --out DIR` parse back with the names, sizes and values of the
// run (OpenSim tables through the Storage reader; CSV headers and row counts), nothing is left
// behind under a temporary name, and the CLI validates the estimator options.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "retrogait/io/analysis_csv.h"
#include "retrogait/io/opensim_files.h"
#include "retrogait/io/run_outputs.h"
#include "test_support.h"

using namespace retrogait;
using namespace retrogait::test;
namespace fs = std::filesystem;

namespace {

fs::path freshDirectory(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("retrogait_outputs_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::stringstream s(line);
  for (std::string f; std::getline(s, f, sep);) out.push_back(f);
  return out;
}

std::vector<std::string> readLines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST(RunOutputs, EveryFileParsesBackWithTheRunsNamesAndValues) {
  ScenarioSpec spec = makeScenario(Direction::kForward, 1.2, 0, 2.0);
  auto sim = Simulation::create(spec).value();
  sim->run();
  const Model& model = sim->model();
  const fs::path dir = freshDirectory("all");
  std::vector<std::string> written;
  ASSERT_TRUE(writeRunOutputs(*sim, dir.string(), &written));
  const std::vector<std::string> expected = {"timeseries.csv", "analysis.csv", "cycles.csv",
                                             "kinematics.mot", "grf.mot",      "activations.sto",
                                             "forces.sto"};
  EXPECT_EQ(written, expected);
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    EXPECT_NE(std::find(expected.begin(), expected.end(), name), expected.end())
        << "unexpected file " << name;  // e.g. a left-over "<name>.tmp-<pid>"
  }

  // OpenSim tables: names, sizes, units, values.
  auto kin = readOpenSimTable((dir / "kinematics.mot").string());
  ASSERT_TRUE(kin) << kin.error();
  EXPECT_EQ(kin->name, "Coordinates");
  EXPECT_TRUE(kin->inDegrees);
  EXPECT_EQ(kin->labels.size(), 11u);
  EXPECT_EQ(kin->labels[4], "hip_flexion_r");
  ASSERT_EQ(kin->rows.size(), sim->series().size());
  EXPECT_NEAR(kin->rows.back()[5], radToDeg(sim->series().back().q[kKneeR]), 1e-9);

  auto grf = readOpenSimTable((dir / "grf.mot").string());
  ASSERT_TRUE(grf) << grf.error();
  EXPECT_EQ(grf->labels.size(), 19u);
  EXPECT_EQ(grf->labels[1], "ground_force_vx");
  EXPECT_EQ(grf->labels[10], "1_ground_force_vx");
  ASSERT_EQ(grf->rows.size(), sim->series().size());
  EXPECT_NEAR(grf->rows.back()[2], sim->series().back().grf_W[0].y(), 1e-8);

  const AnalysisSeries& a = sim->analysis();
  ASSERT_FALSE(a.empty());
  for (const char* file : {"activations.sto", "forces.sto"}) {
    auto t = readOpenSimTable((dir / file).string());
    ASSERT_TRUE(t) << t.error();
    EXPECT_FALSE(t->inDegrees);
    ASSERT_EQ(t->labels.size(), model.muscles.size() + 1) << file;
    EXPECT_EQ(t->labels[0], "time");
    for (std::size_t i = 0; i < model.muscles.size(); ++i) {
      EXPECT_EQ(t->labels[i + 1], model.muscles[i].name);
    }
    ASSERT_EQ(t->rows.size(), a.size()) << file;
    const bool forces = std::string(file) == "forces.sto";
    EXPECT_EQ(t->name, forces ? "StaticOptimization_force" : "StaticOptimization_activation");
    for (std::size_t r : {std::size_t(0), a.size() / 2, a.size() - 1}) {
      EXPECT_NEAR(t->rows[r][0], a[r].timeS, 1e-12);
      const std::size_t vasti = static_cast<std::size_t>(model.muscleIndex("vasti_r"));
      const double v = forces ? a[r].tendonForceN[vasti] : a[r].activation[vasti];
      EXPECT_NEAR(t->rows[r][vasti + 1], v, 1e-9 * (1 + std::abs(v))) << file << " row " << r;
    }
  }

  // analysis.csv: the documented columns, one row per analysed step, every row complete.
  const auto analysisLines = readLines(dir / "analysis.csv");
  ASSERT_EQ(analysisLines.size(), a.size() + 1);
  const std::vector<std::string> columns = analysisCsvColumns(model);
  EXPECT_EQ(split(analysisLines[0], ','), columns);
  // time, 4 × 6 joint channels, 3 root residuals, 5 per muscle (activation, force, fibre
  // length and velocity, metabolic rate), 8 contact forces, 5 energy terms, total, converged.
  EXPECT_EQ(columns.size(), 1 + 6 * 4 + 3 + 5 * model.muscles.size() + 8 + 5 + 2);
  for (const char* c :
       {"knee_r_extensor_moment_nm", "ankle_l_plantarflexor_moment_nm", "hip_r_power_w",
        "knee_angle_r_residual_nm", "pelvis_ty_residual_n", "ankle_angle_l_reserve_nm",
        "vasti_r_activation", "soleus_l_force_n", "patellofemoral_contact_r_bw",
        "tibiofemoral_contact_l_bw", "metabolic_power_w_per_kg", "converged",
        "glut_max_r_fiber_length_lopt", "soleus_l_fiber_velocity_vmax", "vasti_r_metabolic_w",
        "activation_maintenance_w_per_kg", "basal_w_per_kg"}) {
    EXPECT_NE(std::find(columns.begin(), columns.end(), c), columns.end()) << c;
  }
  for (std::size_t r = 1; r < analysisLines.size(); ++r) {
    ASSERT_EQ(split(analysisLines[r], ',').size(), columns.size()) << "row " << r;
  }
  const auto kneeColumn = static_cast<std::size_t>(
      std::find(columns.begin(), columns.end(), "knee_r_extensor_moment_nm") - columns.begin());
  const std::size_t mid = a.size() / 2;
  EXPECT_NEAR(std::stod(split(analysisLines[mid + 1], ',')[kneeColumn]),
              a[mid].jointMomentNm[actuatedIndex(Side::kRight, JointType::kKnee)],
              1e-5 * (1 + std::abs(a[mid].jointMomentNm[1])));

  // cycles.csv: 101 rows 0..100 %, mean and SD per curve.
  const auto cycleLines = readLines(dir / "cycles.csv");
  ASSERT_EQ(cycleLines.size(), 102u);
  const auto header = split(cycleLines[0], ',');
  ASSERT_GE(header.size(), 4u);
  EXPECT_EQ(header[0], "gait_cycle_pct");
  EXPECT_EQ(header[1], "cycles");
  EXPECT_EQ(header[2], "hip_flexion_deg_mean");
  EXPECT_EQ(header[3], "hip_flexion_deg_sd");
  EXPECT_EQ(header.size() % 2, 0u);
  EXPECT_NE(std::find(header.begin(), header.end(), "knee_extensor_moment_nm_per_kg_mean"),
            header.end());
  EXPECT_NE(std::find(header.begin(), header.end(), "vasti_r_activation_sd"), header.end());
  for (int p = 0; p <= 100; ++p) {
    const auto row = split(cycleLines[static_cast<std::size_t>(p) + 1], ',');
    ASSERT_EQ(row.size(), header.size());
    EXPECT_EQ(row[0], std::to_string(p));
  }

  // timeseries.csv: one row per physics step.
  EXPECT_EQ(readLines(dir / "timeseries.csv").size(), sim->series().size() + 1);
  fs::remove_all(dir.parent_path());
}

TEST(RunOutputs, WithoutTheEstimatorOnlyThePhysicsFiles) {
  ScenarioSpec spec = makeScenario(Direction::kForward, 1.2, 0, 0.5);
  spec.analysisRateHz = 0;
  auto sim = Simulation::create(spec).value();
  sim->run();
  const fs::path dir = freshDirectory("off");
  std::vector<std::string> written;
  ASSERT_TRUE(writeRunOutputs(*sim, dir.string(), &written));
  EXPECT_EQ(written, (std::vector<std::string>{"timeseries.csv", "cycles.csv", "kinematics.mot",
                                               "grf.mot"}));
  EXPECT_FALSE(fs::exists(dir / "activations.sto"));
  // A directory that cannot be written: an error naming the file, nothing written.
  const Status st = writeRunOutputs(*sim, (dir / "missing" / "deeper").string());
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("timeseries.csv"), std::string::npos) << st.error();
  fs::remove_all(dir.parent_path());
}

TEST(RunOutputs, CliValidatesTheEstimatorOptionsAndWritesTheFiles) {
  const std::string base = "simulate --direction forward --speed 1.2 --incline 0 --duration 0.4";
  CliRun run = runCli(base + " --criterion p4");
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_NE(run.output.find("--criterion 'p4' is not a criterion (allowed: p2, p3, minmax)"),
            std::string::npos)
      << run.output;
  run = runCli(base + " --analysis-rate 5");
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_NE(
      run.output.find("--analysis-rate 5 Hz is out of range (allowed 0 = off, or 10 to 10000 Hz)"),
      std::string::npos)
      << run.output;
  EXPECT_EQ(runCli(base + " --analysis-rate fast").exitCode, 2);
  const fs::path dir = freshDirectory("cli");
  const fs::path summary = dir / "summary.json";
  run = runCli(base + " --criterion minmax --analysis-rate 200 --out " + dir.string() +
               " --summary " + summary.string());
  ASSERT_EQ(run.exitCode, 0) << run.output;
  for (const char* f : {"timeseries.csv", "analysis.csv", "cycles.csv", "kinematics.mot", "grf.mot",
                        "activations.sto", "forces.sto"}) {
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  }
  std::ifstream in(summary);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["estimator"]["criterion"], "minmax");
  EXPECT_DOUBLE_EQ(j["estimator"]["analysis_rate_hz"].get<double>(), 200.0);
  auto act = readOpenSimTable((dir / "activations.sto").string());
  ASSERT_TRUE(act) << act.error();
  EXPECT_EQ(act->rows.size(), 80u);  // 0.4 s at 200 Hz: every 2nd of 160 steps
  fs::remove_all(dir.parent_path());
}
