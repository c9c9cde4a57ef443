// How the model loader maps gait10dof18musc's muscle paths onto the pin-knee walker: the knee
// translation folded into knee-angle splines (only for the muscles that cross the knee), the
// lateral z measured from the hip centre's plane, and the loader's refusal of paths it cannot
// fold. The moment-arm agreement with OpenSim is in muscle_test.cpp.

#include <gtest/gtest.h>

#include "retrogait/analysis/muscle_geometry.h"
#include "retrogait/core/json_view.h"
#include "retrogait/model/kinematics.h"
#include "test_support.h"

using namespace retrogait;
using namespace retrogait::test;

namespace {

const MuscleSpec& muscle(const Model& m, const char* name) {
  const int i = m.muscleIndex(name);
  EXPECT_GE(i, 0) << name;
  return m.muscles[static_cast<std::size_t>(i)];
}

}  // namespace

TEST(ModelPaths, KneeTranslationIsFoldedIntoTheKneeCrossingPaths) {
  const Model m = defaultModel();
  for (const char* name : {"hamstrings_r", "bifemsh_r", "rect_fem_r", "vasti_l"}) {
    const MuscleSpec& s = muscle(m, name);
    const int shank = segmentOf(s.side, JointType::kKnee);
    int folded = 0;
    for (const MusclePathPoint& p : s.path) {
      if (p.segment != shank) continue;
      ASSERT_TRUE(p.movingDof) << name;
      EXPECT_EQ(*p.movingDof, dofOf(s.side, JointType::kKnee)) << name;
      ++folded;
    }
    EXPECT_GE(folded, 1) << name;
  }
  // Gastrocnemius crosses the knee without a tibia point: its femur points move instead.
  const MuscleSpec& gastroc = muscle(m, "gastroc_r");
  for (const MusclePathPoint& p : gastroc.path) {
    EXPECT_EQ(p.movingDof.has_value(), p.segment == kThighR) << "segment " << p.segment;
  }
  // Soleus and tibialis anterior do not cross the knee: their tibia points stay fixed (the ankle
  // moves with the tibia).
  for (const char* name : {"soleus_r", "tib_ant_r"}) {
    for (const MusclePathPoint& p : muscle(m, name).path) EXPECT_FALSE(p.movingDof) << name;
  }
}

// Without the translation in the model file the loader keeps the plain pin knee (older model
// files still load). With it, the knee moment arms change by several millimetres in mid-flexion;
// muscles that do not cross the knee keep theirs exactly.
TEST(ModelPaths, FoldChangesTheKneeCrossingMusclesOnly) {
  nlohmann::json doc = parseJsonFile(defaultModelFile());
  const Model folded = buildModel(doc, "folded").value();
  doc["muscles"]["reference_geometry"].erase("tibia_origin_in_femur");
  const Model pin = buildModel(doc, "pin").value();
  VecQ q = VecQ::Zero();
  q[kPelvisTy] = 0.9;
  q[kHipR] = degToRad(20);
  q[kKneeR] = degToRad(-60);
  q[kAnkleR] = degToRad(5);
  auto arms = [&](const Model& m, const char* name) {
    return computeMuscleGeometry(m, muscle(m, name), computePoses(m, q), q, VecQ::Zero())
        .momentArmM;
  };
  for (const char* name : {"iliopsoas_r", "glut_max_r", "soleus_r", "tib_ant_r"}) {
    const auto a = arms(folded, name), b = arms(pin, name);
    for (int j = 0; j < 3; ++j) EXPECT_EQ(a[j], b[j]) << name << " joint " << j;
  }
  double kneeChange = 0;
  for (const char* name : {"vasti_r", "hamstrings_r", "rect_fem_r", "bifemsh_r", "gastroc_r"}) {
    kneeChange = std::max(kneeChange, std::abs(arms(folded, name)[1] - arms(pin, name)[1]));
  }
  EXPECT_GT(kneeChange, 0.005);
}

// Lateral offsets (drawing only) are measured from the hip centre's sagittal plane on every
// body: pelvis points relative to the hip centre (OpenSim hip_r at z = 0.0835 m in the pelvis),
// calcaneus points with the talus → calcaneus offset (z = 0.00792 m); mirrored on the left.
TEST(ModelPaths, LateralOffsetsAreFromTheHipPlane) {
  const Model m = defaultModel();  // 1.75 m: z scales with height / 1.8 m
  const double scale = m.subject.heightM / 1.8;
  const MuscleSpec& ilio = muscle(m, "iliopsoas_r");
  EXPECT_NEAR(ilio.path.front().point_S.z(), (0.0289 - 0.0835) * scale, 1e-12);
  const MuscleSpec& soleus = muscle(m, "soleus_r");
  EXPECT_NEAR(soleus.path.back().point_S.z(), (-0.0053 + 0.00792) * scale, 1e-12);
  const MuscleSpec& soleusL = muscle(m, "soleus_l");
  EXPECT_NEAR(soleusL.path.back().point_S.z(), -(-0.0053 + 0.00792) * scale, 1e-12);
}

// A knee-crossing path whose tibia point also neighbours a calcaneus point cannot be folded
// (the calcaneus does not follow the knee's translation): the loader says so.
TEST(ModelPaths, RejectsPathsItCannotFold) {
  nlohmann::json doc = parseJsonFile(defaultModelFile());
  auto& list = doc["muscles"]["list"];
  ASSERT_EQ(list[0]["name"], "hamstrings");
  list[0]["path"].push_back({{"body", "calcn"}, {"point_m", {0.0, 0.031, -0.0053}}});
  const auto m = buildModel(doc, "bad.json");
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().find("bad.json: muscles.list[0].path"), std::string::npos) << m.error();
  EXPECT_NE(m.error().find("cannot fold the knee translation"), std::string::npos) << m.error();
}
