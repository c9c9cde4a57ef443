// OpenSim Storage writers: exact header, tab-separated columns, names and units, read back.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "retrogait/io/opensim_files.h"
#include "retrogait/model/model_loader.h"

using namespace retrogait;

namespace {

const Model& testModel() {
  static const Model model = [] {
    auto m = loadModel(defaultModelFile());
    EXPECT_TRUE(m) << m.error();
    return m.value();
  }();
  return model;
}

std::string tempPath(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / "retrogait_opensim_test";
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<Sample> twoSamples() {
  std::vector<Sample> s(2);
  for (int i = 0; i < 2; ++i) {
    s[i].timeS = 0.01 * i;
    s[i].q << 0.5 + i, 0.95, degToRad(-10.0), degToRad(20.0), degToRad(-30.0), degToRad(5.0),
        degToRad(-5.0), degToRad(-60.0), degToRad(-15.0);
  }
  s[0].grf_W[0] = Vec2(-50, 700);
  s[0].cop_W[0] = Vec2(0.6, 0.0);
  s[1].grf_W[1] = Vec2(30, 650);
  s[1].cop_W[1] = Vec2(1.1, 0.0);
  return s;
}

}  // namespace

TEST(OpenSimFiles, KinematicsMotHasExactHeaderNamesAndDegrees) {
  const Model& model = testModel();
  const std::vector<Sample> samples = twoSamples();
  const std::string path = tempPath("kinematics.mot");
  ASSERT_TRUE(writeOpenSimTable(path, makeKinematicsTable(model, samples)));
  const std::vector<std::string> lines = readLines(path);
  ASSERT_GE(lines.size(), 9u);
  EXPECT_EQ(lines[0], "Coordinates");
  EXPECT_EQ(lines[1], "version=1");
  EXPECT_EQ(lines[2], "nRows=2");
  EXPECT_EQ(lines[3], "nColumns=11");
  EXPECT_EQ(lines[4], "inDegrees=yes");
  EXPECT_EQ(lines[5], "endheader");
  EXPECT_EQ(lines[6],
            "time\tpelvis_tilt\tpelvis_tx\tpelvis_ty\thip_flexion_r\tknee_angle_r\tankle_angle_r\t"
            "hip_flexion_l\tknee_angle_l\tankle_angle_l\tlumbar_extension");
  EXPECT_EQ(lines.size(), 9u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp-" + std::to_string(::getpid())));

  auto table = readOpenSimTable(path);
  ASSERT_TRUE(table) << table.error();
  ASSERT_EQ(table->rows.size(), 2u);
  const std::vector<double>& row = table->rows[1];
  EXPECT_NEAR(row[0], 0.01, 1e-12);
  EXPECT_NEAR(row[1], -10.0, 1e-9);  // pelvis_tilt [deg]
  EXPECT_NEAR(row[4], 20.0, 1e-9);   // hip_flexion_r
  EXPECT_NEAR(row[5], -30.0, 1e-9);  // knee_angle_r: OpenSim sign, flexion negative
  EXPECT_NEAR(row[6], 5.0, 1e-9);
  EXPECT_NEAR(row[8], -60.0, 1e-9);
  EXPECT_NEAR(row[10], -radToDeg(model.uprightPelvisTiltRad), 1e-9);  // lumbar_extension
  // pelvis_tx/ty: the pelvis origin, so that origin + R(tilt) · hip_in_pelvis = our hip centre.
  const Vec2 hipInPelvis = Vec2(-0.0707, -0.0661) * (model.subject.heightM / 1.8);
  const Vec2 hip = Vec2(row[2], row[3]) + rotation2d(degToRad(row[1])) * hipInPelvis;
  EXPECT_NEAR(hip.x(), samples[1].q[kPelvisTx], 1e-9);
  EXPECT_NEAR(hip.y(), samples[1].q[kPelvisTy], 1e-9);
}

TEST(OpenSimFiles, GroundReactionMotUsesGait10dof18muscIdentifiers) {
  const std::vector<Sample> samples = twoSamples();
  const std::string path = tempPath("grf.mot");
  ASSERT_TRUE(writeOpenSimTable(path, makeGroundReactionTable(samples)));
  auto table = readOpenSimTable(path);
  ASSERT_TRUE(table) << table.error();
  EXPECT_FALSE(table->inDegrees);
  const std::vector<std::string> expected = {"time",
                                             "ground_force_vx",
                                             "ground_force_vy",
                                             "ground_force_vz",
                                             "ground_force_px",
                                             "ground_force_py",
                                             "ground_force_pz",
                                             "ground_torque_x",
                                             "ground_torque_y",
                                             "ground_torque_z",
                                             "1_ground_force_vx",
                                             "1_ground_force_vy",
                                             "1_ground_force_vz",
                                             "1_ground_force_px",
                                             "1_ground_force_py",
                                             "1_ground_force_pz",
                                             "1_ground_torque_x",
                                             "1_ground_torque_y",
                                             "1_ground_torque_z"};
  EXPECT_EQ(table->labels, expected);
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0][1], -50);
  EXPECT_EQ(table->rows[0][2], 700);
  EXPECT_EQ(table->rows[0][4], 0.6);
  EXPECT_EQ(table->rows[0][11], 0);  // left unloaded: zero force and point
  EXPECT_EQ(table->rows[0][13], 0);
  EXPECT_EQ(table->rows[1][11], 650);
  EXPECT_EQ(table->rows[1][13], 1.1);
  EXPECT_EQ(table->rows[1][1], 0);
}

TEST(OpenSimFiles, MuscleStoHasOneColumnPerMuscle) {
  const Model& model = testModel();
  const std::size_t n = model.muscles.size();
  std::vector<double> time = {0.0, 0.002, 0.004};
  std::vector<double> values(3 * n);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.001 * double(i);
  const std::string path = tempPath("activation.sto");
  ASSERT_TRUE(writeOpenSimTable(
      path, makeMuscleTable(model, "StaticOptimization_activation", time, values)));
  const std::vector<std::string> lines = readLines(path);
  EXPECT_EQ(lines[0], "StaticOptimization_activation");
  EXPECT_EQ(lines[4], "inDegrees=no");
  auto table = readOpenSimTable(path);
  ASSERT_TRUE(table) << table.error();
  ASSERT_EQ(table->labels.size(), n + 1);
  EXPECT_EQ(table->labels[1], model.muscles[0].name);
  EXPECT_EQ(table->labels[n], model.muscles[n - 1].name);
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_NEAR(table->rows[2][1 + 4], 0.001 * double(2 * n + 4), 1e-15);
  // 12 significant digits survive the round trip.
  EXPECT_NEAR(table->rows[1][n], 0.001 * double(2 * n - 1), 1e-14);
}

TEST(OpenSimFiles, ParserRejectsMalformedFiles) {
  const std::string good =
      "x\nversion=1\nnRows=1\nnColumns=2\ninDegrees=no\nendheader\ntime\ta\n0\t1\n";
  EXPECT_TRUE(parseOpenSimTable(good, "good"));
  auto noEnd = parseOpenSimTable("x\nversion=1\nnRows=1\ntime\ta\n0\t1\n", "f");
  ASSERT_FALSE(noEnd);
  EXPECT_NE(noEnd.error().find("endheader"), std::string::npos);
  auto rows = parseOpenSimTable(
      "x\nversion=1\nnRows=2\nnColumns=2\ninDegrees=no\nendheader\ntime\ta\n0\t1\n", "f");
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.error().find("nRows=2"), std::string::npos);
  auto width = parseOpenSimTable(
      "x\nversion=1\nnRows=1\nnColumns=2\ninDegrees=no\nendheader\ntime\ta\n0\t1\t2\n", "f");
  ASSERT_FALSE(width);
  EXPECT_NE(width.error().find("line 8"), std::string::npos);
  EXPECT_FALSE(parseOpenSimTable(
      "x\nversion=2\nnRows=1\nnColumns=2\ninDegrees=no\nendheader\ntime\ta\n0\t1\n", "f"));
  // Measured files: duplicate labels, non-finite values and time going back are refused, with
  // the line and the column named.
  const std::string head = "x\nversion=1\ninDegrees=no\nendheader\n";
  auto twice = parseOpenSimTable(head + "time\ta\ta\n0\t1\t2\n", "f");
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().find("'a' appears twice"), std::string::npos) << twice.error();
  auto nan = parseOpenSimTable(head + "time\ta\n0\t1\n0.1\tnan\n", "f");
  ASSERT_FALSE(nan);
  EXPECT_NE(nan.error().find("line 7: column 'a'"), std::string::npos) << nan.error();
  auto back = parseOpenSimTable(head + "time\ta\n0\t1\n0.1\t1\n0.1\t2\n", "f");
  ASSERT_FALSE(back);
  EXPECT_NE(back.error().find("line 8: time 0.1 does not increase"), std::string::npos)
      << back.error();
  // The shipped subject01 files read (trailing tabs on the GRF file's header lines).
  auto grf = readOpenSimTable(std::string(RETROGAIT_SOURCE_DIR) +
                              "/data/opensim_subject01/subject01_walk_grf.mot");
  ASSERT_TRUE(grf) << grf.error();
  EXPECT_EQ(grf->rows.size(), 1501u);
  EXPECT_EQ(grf->labels.size(), 19u);
  // Writer refuses a row of the wrong width.
  OpenSimTable bad;
  bad.labels = {"time", "a"};
  bad.rows = {{0.0}};
  EXPECT_FALSE(writeOpenSimTable(tempPath("bad.sto"), bad));
}
