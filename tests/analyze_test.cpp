// The estimator on measured motion: OpenSim's subject01 walking trial (data no one in this
// project produced) read, filtered and analysed as `retrogait analyze` does, held against
// OpenSim's own inverse dynamics, the CMC muscle-force timing, physiological fibre lengths and
// the gait the force plates show; and the command line's answers to good and bad input.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "retrogait/analysis/muscle_geometry.h"
#include "retrogait/analysis/muscle_metabolics.h"
#include "retrogait/analysis/walk_analysis.h"
#include "retrogait/io/id_comparison.h"
#include "retrogait/io/osim_model.h"
#include "retrogait/io/recorded_walk_reader.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/report/csv_table.h"
#include "test_support.h"

using namespace retrogait;
using namespace retrogait::test;

namespace {

std::string subjectFile(const std::string& name) {
  return sourcePath("data/opensim_subject01/" + name);
}

RecordingFiles subjectFiles() {
  return {subjectFile("subject01_walk_IK.mot"), subjectFile("subject01_walk_grf.mot"),
          subjectFile("subject01_walk_grf.xml")};
}

Model subjectModel() {
  auto lumbar = readMeanLumbarExtensionRad(subjectFile("subject01_walk_IK.mot"));
  EXPECT_TRUE(lumbar) << lumbar.error();
  OsimLoadOptions options;
  options.lumbarExtensionRad = lumbar ? *lumbar : 0.0;
  auto model = loadOsimModel(subjectFile("subject01.osim"), options);
  EXPECT_TRUE(model) << model.error();
  return model.value();
}

struct Analysed {
  RecordedWalk walk;
  WalkAnalysis analysis;
};

Analysed analyse(const Model& model, const RecordingOptions& options = {}) {
  auto walk = readRecordedWalk(model, subjectFiles(), options);
  EXPECT_TRUE(walk) << walk.error();
  Analysed a{walk.value(), {}};
  a.analysis = analyzeRecordedWalk(model, a.walk, EstimatorSpec{});
  return a;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

}  // namespace

// Processed as OpenSim's ID tool does (coordinates low-passed at 6 Hz, ground reactions
// unfiltered), on the subject's own model, our joint moments follow OpenSim's: r ≥ 0.99 and RMS
// ≤ 5 % of the peak for every leg coordinate. Measured: r ≥ 0.996, RMS ≤ 4.2 %.
TEST(Analyze, InverseDynamicsMatchesOpenSimsOwn) {
  RecordingOptions asOpenSim;
  asOpenSim.forceCutoffHz = 0.0;
  const Analysed a = analyse(subjectModel(), asOpenSim);
  auto agreement = compareWithOpenSimId(subjectFile("subject01_walk_ID.sto"), a.analysis.series);
  ASSERT_TRUE(agreement) << agreement.error();
  ASSERT_EQ(agreement->size(), 6u);
  for (const CoordinateAgreement& c : *agreement) {
    EXPECT_GE(c.r, 0.99) << c.coordinate;
    EXPECT_LE(c.rmsFractionOfPeak, 0.05) << c.coordinate << " RMS " << c.rmsNm << " N·m";
    EXPECT_GT(c.samples, 100) << c.coordinate;
  }
}

// The force plates show one complete right stride, 0.618–1.853 s (right heel strikes where the
// right vertical force exceeds 20 N, as the reference data were cut); a treadmill trial whose
// speed comes from the stance foot at about the belt speed (1.1 m/s); the right foot's stance
// 64 % of the stride (reference data: toe-off at 64.1 %).
TEST(Analyze, GaitOfTheMeasuredStride) {
  const Analysed a = analyse(subjectModel());
  ASSERT_EQ(a.analysis.cycles.size(), 1u);
  EXPECT_NEAR(a.analysis.cycles[0].startS, 0.6183, 2.0 / 600);
  EXPECT_NEAR(a.analysis.cycles[0].endS, 1.8533, 2.0 / 600);
  EXPECT_EQ(a.walk.speedSource, SpeedSource::kStanceFoot);
  EXPECT_GT(a.walk.speedMps, 1.0);
  EXPECT_LT(a.walk.speedMps, 1.2);
  EXPECT_LT(a.walk.frameVelocityMps, -1.0) << "the belt moves the feet backward";
  EXPECT_NEAR(a.analysis.gait.meanSpeedMps, a.walk.speedMps, 1e-6);
  EXPECT_NEAR(a.analysis.gait.stanceFractionRight, 0.641, 0.01);
  EXPECT_EQ(a.walk.sampleRateHz, 600.0);
  EXPECT_EQ(a.walk.coordinateCutoffHz, 6.0);
  EXPECT_EQ(a.walk.forceCutoffHz, 6.0) << "forces filtered like the coordinates by default";

  // Given a speed, it is used and reported as given.
  RecordingOptions given;
  given.speedMps = 1.25;
  const Analysed b = analyse(subjectModel(), given);
  EXPECT_EQ(b.walk.speedSource, SpeedSource::kOption);
  EXPECT_NEAR(b.analysis.gait.meanSpeedMps, 1.25, 1e-9);
}

// The timing of the big muscles' forces follows OpenSim's computed muscle control (CMC) on the
// same stride (forward_single_subject_opensim_gait10dof18musc.csv): r ≥ 0.6 over the cycle.
// Measured: glut_max 0.95, vasti 0.99, gastroc 0.99, iliopsoas 0.97, soleus 0.65.
// tib_ant misses (r = 0.56): in the loading response CMC co-contracts it with the soleus (1970 N
// against 1150 N at 10 % of the cycle, for a net ankle moment of −7.5 N·m), which static
// optimization, minimising Σ a², never does; its own force there is the 250–350 N the net
// dorsiflexor moment needs. What the two agree on is when tib_ant works: around heel strike and
// through swing, and not in mid-stance — that is what is held for it here (docs/estimator.md).
TEST(Analyze, MuscleForceTimingFollowsCmc) {
  const Model model = subjectModel();
  const Analysed a = analyse(model);
  ASSERT_EQ(a.analysis.cycles.size(), 1u);
  auto table =
      readCsvFile(sourcePath("data/reference/forward_single_subject_opensim_gait10dof18musc.csv"));
  ASSERT_TRUE(table) << table.error();
  auto curves = [&](const char* name, std::vector<double>& ours, std::vector<double>& cmc) {
    const int muscle = model.muscleIndex(std::string(name) + "_r");
    ASSERT_GE(muscle, 0) << name;
    const auto k = static_cast<std::size_t>(muscle);
    const CycleCurve curve =
        computeCycleCurve(a.analysis.analysis, a.analysis.cycles,
                          [k](const AnalysisSample& s) { return s.tendonForceN[k]; });
    ours.assign(curve.mean.begin(), curve.mean.end());
    const std::string column = std::string("cmc_force_N_") + name + "_r";
    ASSERT_GE(table->column(column), 0) << column;
    cmc.clear();
    for (std::size_t row = 0; row < table->rows.size(); ++row) {
      cmc.push_back(std::stod(table->cell(row, column)));
    }
    ASSERT_EQ(cmc.size(), static_cast<std::size_t>(kCyclePoints));
  };
  std::vector<double> ours, cmc;
  for (const char* name : {"glut_max", "vasti", "soleus", "gastroc", "iliopsoas"}) {
    curves(name, ours, cmc);
    const double r = correlation(ours, cmc);
    EXPECT_GE(r, 0.6) << name;
    RecordProperty(std::string("r_") + name, std::to_string(r));
  }
  // tib_ant: on around heel strike (0–10 %) and in swing (65–100 %), off in mid-stance
  // (20–50 %), in both.
  curves("tib_ant", ours, cmc);
  RecordProperty("r_tib_ant", std::to_string(correlation(ours, cmc)));
  for (const std::vector<double>* c : {&ours, &cmc}) {
    const auto mean = [&](int from, int to) {
      double sum = 0;
      for (int p = from; p <= to; ++p) sum += (*c)[static_cast<std::size_t>(p)];
      return sum / (to - from + 1);
    };
    const double midStance = mean(20, 50);
    EXPECT_LT(midStance, 0.25 * mean(0, 10)) << (c == &ours ? "ours" : "CMC");
    EXPECT_LT(midStance, 0.25 * mean(65, 100)) << (c == &ours ? "ours" : "CMC");
  }
}

// Every muscle's fibres stay where they can make force, about 0.5–1.5 optimal fibre lengths, over
// the measured stride (on the subject's model and on the walker's model scaled to the subject)
// and over a simulated stride of the walker.
TEST(Analyze, FibreLengthsStayPhysiological) {
  auto check = [](const Model& model, const AnalysisSeries& series, double fromS, double toS,
                  const char* what) {
    for (std::size_t i = 0; i < model.muscles.size(); ++i) {
      double lo = 1e9, hi = -1e9;
      for (const AnalysisSample& s : series) {
        if (s.timeS < fromS || s.timeS > toS) continue;
        lo = std::min(lo, s.normFiberLength[i]);
        hi = std::max(hi, s.normFiberLength[i]);
      }
      EXPECT_GE(lo, 0.45) << what << ": " << model.muscles[i].name;
      EXPECT_LE(hi, 1.5) << what << ": " << model.muscles[i].name;
    }
  };
  {
    const Model model = subjectModel();
    const Analysed a = analyse(model);
    ASSERT_FALSE(a.analysis.cycles.empty());
    check(model, a.analysis.analysis, a.analysis.cycles[0].startS, a.analysis.cycles[0].endS,
          "subject01 on its own model");
  }
  {
    const Model model = defaultModel(SubjectSpec{1.79, 72.6, Sex::kMale});
    const Analysed a = analyse(model);
    ASSERT_FALSE(a.analysis.cycles.empty());
    check(model, a.analysis.analysis, a.analysis.cycles[0].startS, a.analysis.cycles[0].endS,
          "subject01 on the walker's model");
  }
  {
    ScenarioSpec spec = makeScenario(Direction::kForward, 1.2, 0, 8);
    auto sim = runScenario(spec);
    ASSERT_TRUE(sim);
    check(sim->model(), sim->analysis(), sim->settleTimeS(), sim->analysedUntilS(),
          "the walker, forward 1.2 m/s");
  }
}

// The energy terms add up to the metabolic power at every sample, and the cost of transport is
// that power over the speed (conservation of the bookkeeping the summary reports).
TEST(Analyze, EnergyTermsAddUpToTheTotal) {
  const Analysed a = analyse(subjectModel());
  for (const AnalysisSample& s : a.analysis.analysis) {
    EXPECT_NEAR(s.energyWPerKg.total(), s.metabolicPowerWPerKg, 1e-9) << s.timeS;
    double muscles = 0;
    for (double w : s.metabolicRateW) muscles += w;
    EXPECT_NEAR(muscles / 72.6 + s.energyWPerKg.basal, s.metabolicPowerWPerKg, 0.01) << s.timeS;
  }
  const LoadSummary& loads = a.analysis.loads;
  EXPECT_NEAR(loads.energyWPerKg.total(), loads.metabolicPowerWPerKg, 1e-9);
  EXPECT_NEAR(loads.costOfTransportJPerKgM, loads.metabolicPowerWPerKg / a.walk.speedMps, 1e-9);
}

// The command line: a summary with the speed's source; a model that is not of the family, a
// motion without a needed coordinate and a missing file are refused with exit 2 and a message
// naming what is wrong.
TEST(Analyze, CommandLine) {
  const std::string files = " --motion " + subjectFile("subject01_walk_IK.mot") + " --grf " +
                            subjectFile("subject01_walk_grf.mot");
  const CliRun ok =
      runCli("analyze" + files + " --grf-setup " + subjectFile("subject01_walk_grf.xml") +
             " --model " + subjectFile("subject01.osim") + " --summary -");
  ASSERT_EQ(ok.exitCode, 0) << ok.output;
  const auto json = nlohmann::json::parse(ok.output.substr(ok.output.find('{')));
  EXPECT_EQ(json["gait"]["speed_source"], "stance_foot");
  EXPECT_EQ(json["recording"]["coordinate_cutoff_hz"], 6.0);
  EXPECT_TRUE(json["joint_contact"]["knee_peak_bw"].is_number());
  EXPECT_TRUE(json["energy"]["acsm_cost_of_transport_j_per_kg_per_m"].is_number());

  // Without the ExternalLoads file the plates are assigned by position, the same way.
  const CliRun byPosition =
      runCli("analyze" + files + " --model " + subjectFile("subject01.osim") + " --summary -");
  ASSERT_EQ(byPosition.exitCode, 0) << byPosition.output;
  const auto json2 = nlohmann::json::parse(byPosition.output.substr(byPosition.output.find('{')));
  EXPECT_EQ(json2["joint_contact"]["knee_peak_bw"], json["joint_contact"]["knee_peak_bw"]);

  const std::string dir = ::testing::TempDir();
  {
    std::ofstream(dir + "/bad.osim")
        << "<OpenSimDocument><Model name=\"x\"></Model></OpenSimDocument>";
  }
  const CliRun bad = runCli("analyze" + files + " --model " + dir + "/bad.osim");
  EXPECT_EQ(bad.exitCode, 2) << bad.output;
  EXPECT_NE(bad.output.find("bad.osim"), std::string::npos) << bad.output;

  {
    std::ifstream in(subjectFile("subject01_walk_IK.mot"));
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    s.replace(s.find("knee_angle_r"), 12, "knee_angle_x");
    std::ofstream(dir + "/noknee.mot") << s;
  }
  const CliRun noKnee = runCli("analyze --motion " + dir + "/noknee.mot --grf " +
                               subjectFile("subject01_walk_grf.mot"));
  EXPECT_EQ(noKnee.exitCode, 2) << noKnee.output;
  EXPECT_NE(noKnee.output.find("'knee_angle_r' is missing"), std::string::npos) << noKnee.output;

  const CliRun missing = runCli("analyze --motion " + dir + "/none.mot --grf " +
                                subjectFile("subject01_walk_grf.mot"));
  EXPECT_EQ(missing.exitCode, 2) << missing.output;
  const CliRun both =
      runCli("analyze" + files + " --model " + subjectFile("subject01.osim") + " --mass 80");
  EXPECT_EQ(both.exitCode, 2) << both.output;
}

// The knee contact's parts (intersegmental force and each knee-crossing muscle's tension along
// the contact force) add up to the contact force at every sample and at the reported peak; on
// subject01 the late-stance peak is the gastrocnemius's (the measured knee flexor moment of
// 0.88 N·m/kg at 48 % of the cycle needs it; CMC puts 2.56 BW on it too).
TEST(Analyze, KneeContactPartsAddUpToTheContactForce) {
  const Model model = subjectModel();
  const Analysed a = analyse(model);
  constexpr auto knee = static_cast<std::size_t>(ContactJoint::kTibiofemoral);
  for (const AnalysisSample& s : a.analysis.analysis) {
    for (std::size_t side = 0; side < 2; ++side) {
      double sum = s.kneeContactNetShareBw[side];
      for (std::size_t i = 0; i < model.muscles.size(); ++i) {
        if (static_cast<std::size_t>(model.muscles[i].side) == side) {
          sum += s.kneeContactShareBw[i];
        }
      }
      EXPECT_NEAR(sum, s.contactBw[side][knee], 1e-9) << s.timeS;
    }
  }
  const LoadSummary& loads = a.analysis.loads;
  double sum = loads.kneePeakNetShareBw;
  double largest = 0;
  std::size_t largestMuscle = 0;
  for (std::size_t m = 0; m < loads.muscles.size(); ++m) {
    sum += loads.kneePeakMuscleShareBw[m];
    if (loads.kneePeakMuscleShareBw[m] > largest) {
      largest = loads.kneePeakMuscleShareBw[m];
      largestMuscle = static_cast<std::size_t>(loads.muscles[m].muscle);
    }
  }
  EXPECT_NEAR(sum, loads.contactPeakBw[knee], 1e-9);
  EXPECT_EQ(model.muscles[largestMuscle].name, "gastroc_r");
}

// The walker's model and the subject's .osim read the same muscle paths in the same frames (our
// HAT frame is OpenSim's pelvis frame): over the measured stride, at the same segment
// orientations, each musculotendon length relative to its zero-pose length and each moment arm
// relative to that length agree; what differs is only the segments' proportions (de Leva/Drillis
// for the walker, OpenSim's Scale tool for subject01).
TEST(Analyze, WalkerModelSeesTheSubjectsMuscleGeometry) {
  const Model osim = subjectModel();
  const Model walker = defaultModel(SubjectSpec{osim.subject.heightM, 72.6, Sex::kMale});
  const Analysed a = analyse(osim);
  const VecQ zero = VecQ::Zero();
  double worstLength = 0, worstArm = 0;
  std::string worstLengthMuscle, worstArmMuscle;
  for (std::size_t i = 0; i < osim.muscles.size(); ++i) {
    const MuscleSpec& mo = osim.muscles[i];
    const int w = walker.muscleIndex(mo.name);
    ASSERT_GE(w, 0) << mo.name;
    const MuscleSpec& mw = walker.muscles[static_cast<std::size_t>(w)];
    const double l0o = computeMusculotendonLengthM(osim, mo, zero);
    const double l0w = computeMusculotendonLengthM(walker, mw, zero);
    for (std::size_t k = 0; k < a.walk.samples.size(); k += 10) {
      const RecordedSample& s = a.walk.samples[k];
      const MuscleGeometry go = computeMuscleGeometry(osim, mo, computePoses(osim, s.q), s.q, s.qd);
      const MuscleGeometry gw =
          computeMuscleGeometry(walker, mw, computePoses(walker, s.q), s.q, s.qd);
      const double dl = std::abs(go.lengthM / l0o - gw.lengthM / l0w);
      if (dl > worstLength) {
        worstLength = dl;
        worstLengthMuscle = mo.name;
      }
      for (int j = 0; j < 3; ++j) {
        const double dr = std::abs(go.momentArmM[j] / l0o - gw.momentArmM[j] / l0w);
        if (dr > worstArm) {
          worstArm = dr;
          worstArmMuscle = mo.name;
        }
      }
    }
  }
  RecordProperty("worst_relative_length", std::to_string(worstLength));
  RecordProperty("worst_relative_moment_arm", std::to_string(worstArm));
  EXPECT_LT(worstLength, 0.03) << worstLengthMuscle;
  EXPECT_LT(worstArm, 0.03) << worstArmMuscle;
}

// The ACSM prediction beside the cost of transport appears only where the equation applies:
// forward walking, level or uphill (it would be negative downhill).
TEST(Summary, AcsmPredictionOnlyWhereTheEquationApplies) {
  auto acsm = [](const std::string& args) {
    const CliRun run = runCli("simulate " + args + " --duration 4 --summary -");
    EXPECT_EQ(run.exitCode, 0) << run.output;
    return nlohmann::json::parse(
        run.output.substr(run.output.find('{')))["energy"]["acsm_cost_of_transport_j_per_kg_per_m"];
  };
  const auto level = acsm("--direction forward --speed 1.2 --incline 0");
  ASSERT_TRUE(level.is_number());
  EXPECT_NEAR(level.get<double>(), computeAcsmWalkingPowerWPerKg(1.2, 0) / 1.2, 0.15);
  EXPECT_TRUE(acsm("--direction forward --speed 1.2 --incline 10").is_number());
  EXPECT_TRUE(acsm("--direction forward --speed 1.2 --incline -10").is_null());
  EXPECT_TRUE(acsm("--direction backward --speed 0.8 --incline 0").is_null());
}
