// Anthropometry and model loading: masses, scaling, and the error messages of bad model files.

#include <gtest/gtest.h>

#include <fstream>

#include "retrogait/core/json_view.h"
#include "retrogait/model/kinematics.h"
#include "test_support.h"

using namespace retrogait;
using retrogait::test::defaultModel;

namespace {
nlohmann::json defaultDocument() {
  return parseJsonFile(defaultModelFile());
}
std::string loadError(const nlohmann::json& doc) {
  auto m = buildModel(doc, "bad.json");
  return m ? std::string("(loaded)") : m.error();
}
}  // namespace

TEST(Anthropometry, SegmentMassesSumToBodyMassForBothSexes) {
  for (Sex sex : {Sex::kMale, Sex::kFemale}) {
    for (double mass : {50.0, 70.0, 95.0}) {
      const Model m = defaultModel(SubjectSpec{1.7, mass, sex});
      EXPECT_NEAR(m.totalMassKg(), mass, 1e-9 * mass);
    }
  }
}

TEST(Anthropometry, DeLevaFractionsOfTheTableAddUpToOne) {
  // The JSON keeps de Leva's own fractions; they must describe a whole body (table rounding only).
  const nlohmann::json doc = defaultDocument();
  for (const char* sex : {"male", "female"}) {
    const auto& a = doc["anthropometry"][sex];
    const auto& h = a["hat_parts_mass_fraction"];
    const double sum =
        h["head"].get<double>() + h["trunk"].get<double>() +
        2 * (h["upper_arm"].get<double>() + h["forearm"].get<double>() + h["hand"].get<double>()) +
        2 * (a["thigh"]["mass_fraction"].get<double>() + a["shank"]["mass_fraction"].get<double>() +
             a["foot"]["mass_fraction"].get<double>());
    EXPECT_NEAR(sum, 1.0, 2e-4) << sex;
  }
}

TEST(Anthropometry, DefaultMaleMatchesDeLevaAndDrillisNumbers) {
  const Model m = defaultModel();  // 1.75 m, 70 kg, male
  const Segment& thigh = m.segments[kThighR];
  EXPECT_NEAR(thigh.massKg, 70.0 * 0.1416, 1e-9);               // de Leva thigh mass 14.16 %
  EXPECT_NEAR(thigh.lengthM, 0.245 * 1.75, 1e-12);              // Drillis & Contini 0.245 H
  EXPECT_NEAR(-thigh.com_S.y(), 0.4095 * 0.245 * 1.75, 1e-12);  // COM 40.95 % from the hip
  EXPECT_NEAR(thigh.inertiaKgm2, thigh.massKg * std::pow(0.329 * 0.245 * 1.75, 2), 1e-12);
  EXPECT_NEAR(m.segments[kShankL].massKg, 70.0 * 0.0433, 1e-9);
  EXPECT_NEAR(m.segments[kFootR].massKg, 70.0 * 0.0137, 1e-9);
  EXPECT_NEAR(m.legLengthM, (0.245 + 0.246 + 0.039) * 1.75, 1e-12);
}

TEST(Anthropometry, ScalesLengthsWithHeightAndInertiaWithMassTimesLengthSquared) {
  const Model a = defaultModel(SubjectSpec{1.60, 60.0, Sex::kMale});
  const Model b = defaultModel(SubjectSpec{1.92, 90.0, Sex::kMale});
  const double lengthRatio = 1.92 / 1.60, massRatio = 90.0 / 60.0;
  for (int i = 0; i < kNumSegments; ++i) {
    EXPECT_NEAR(b.segments[i].lengthM / a.segments[i].lengthM, lengthRatio, 1e-12);
    EXPECT_NEAR(b.segments[i].massKg / a.segments[i].massKg, massRatio, 1e-12);
    EXPECT_NEAR(b.segments[i].inertiaKgm2 / a.segments[i].inertiaKgm2,
                massRatio * lengthRatio * lengthRatio, 1e-9);
  }
  EXPECT_NEAR(b.joint(Side::kLeft, JointType::kKnee).maxTorqueNm /
                  a.joint(Side::kLeft, JointType::kKnee).maxTorqueNm,
              massRatio, 1e-12);
}

TEST(Anthropometry, FemaleTableDiffersFromMale) {
  const Model f = defaultModel(SubjectSpec{1.75, 70.0, Sex::kFemale});
  const Model m = defaultModel(SubjectSpec{1.75, 70.0, Sex::kMale});
  EXPECT_NEAR(f.segments[kThighR].massKg, 70.0 * 0.1478 / 0.9999, 1e-6);  // renormalised to 1
  EXPECT_GT(f.segments[kThighR].massKg, m.segments[kThighR].massKg);
  EXPECT_LT(-f.segments[kThighR].com_S.y(), -m.segments[kThighR].com_S.y());
}

TEST(Model, StandingPoseHasFeetOnTheSoleLine) {
  const Model m = defaultModel();
  VecQ q = VecQ::Zero();
  q[kPelvisTy] = m.legLengthM;
  const SegmentPoses poses = computePoses(m, q);
  for (const ContactSphere& c : m.contacts) {
    const Vec2 bottom = poses[c.segment].toWorld(c.center_S) - Vec2(0, c.radiusM);
    EXPECT_NEAR(bottom.y(), 0.0, 1e-12) << c.name;
  }
  EXPECT_EQ(m.contacts.size(), 4u);
  EXPECT_EQ(m.muscles.size(), 18u);
  EXPECT_GE(m.muscleIndex("vasti_r"), 0);
  EXPECT_GE(m.muscleIndex("tib_ant_l"), 0);
}

TEST(Model, MusclesKeepTheirReferenceParametersScaledWithTheirPaths) {
  const Model m = defaultModel();
  const MuscleSpec& soleus = m.muscles[m.muscleIndex("soleus_r")];
  EXPECT_DOUBLE_EQ(soleus.maxIsometricForceN, 5137.0);  // gait10dof18musc
  EXPECT_NEAR(radToDeg(soleus.pennationAtOptimalRad), 25.0, 1e-12);
  // l_opt and l_ts scale together with the path: their ratio is that of the source (0.05 / 0.25).
  EXPECT_NEAR(soleus.optimalFiberLengthM / soleus.tendonSlackLengthM, 0.05 / 0.25, 1e-12);
  EXPECT_GT(soleus.optimalFiberLengthM, 0.04);
  EXPECT_LT(soleus.optimalFiberLengthM, 0.06);
}

TEST(ModelErrors, NamesFileAndJsonPathAndAllowedRange) {
  nlohmann::json doc = defaultDocument();
  doc["anthropometry"]["length_fraction_of_height"]["thigh"] = 0.9;
  EXPECT_EQ(loadError(doc),
            "bad.json: anthropometry.length_fraction_of_height.thigh: 0.9 is out of range (allowed "
            "0.1 to 0.4)");

  doc = defaultDocument();
  doc["joints"]["knee"].erase("max_deg");
  EXPECT_EQ(loadError(doc), "bad.json: joints.knee.max_deg: missing");

  doc = defaultDocument();
  doc["subject"]["sex"] = "other";
  EXPECT_EQ(loadError(doc),
            "bad.json: subject.sex: 'other' is not allowed (allowed: male, female)");

  doc = defaultDocument();
  doc["muscles"]["list"][2]["path"][0]["body"] = "humerus";
  EXPECT_NE(loadError(doc).find("bad.json: muscles.list[2].path[0].body: 'humerus' is not a body"),
            std::string::npos);

  doc = defaultDocument();
  doc["contact"]["stiffness_n_per_m1_5"] = "stiff";
  EXPECT_EQ(loadError(doc), "bad.json: contact.stiffness_n_per_m1_5: expected a number");

  doc = defaultDocument();
  doc["joints"]["hip"]["min_deg"] = 130;
  EXPECT_EQ(loadError(doc), "bad.json: joints.hip: min_deg must be below max_deg");
}

TEST(ModelErrors, MalformedJsonAndMissingFile) {
  const std::string path = testing::TempDir() + "/malformed_model.json";
  {
    std::ofstream out(path);
    out << "{ \"schema\": \"retrogait.model/1\", \n  \"name\": }";
  }
  auto m = loadModel(path);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().rfind(path + ": parse error at line 2", 0), 0u) << m.error();

  auto missing = loadModel("/nonexistent/model.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "/nonexistent/model.json: cannot open file");
}

TEST(ModelErrors, SubjectOutOfRange) {
  auto m = loadModel(defaultModelFile(), SubjectSpec{2.5, 70, Sex::kMale});
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().find("subject: height 2.5"), std::string::npos) << m.error();
  EXPECT_NE(m.error().find("allowed 1.2 to 2.2 m"), std::string::npos) << m.error();
}
