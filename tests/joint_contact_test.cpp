// Joint contact forces: a hand-calculable static pose (free-body diagrams of the foot, the shank
// and foot, and the leg), the patellofemoral ratio, and the sign conventions.

#include <gtest/gtest.h>

#include <vector>

#include "retrogait/analysis/inverse_dynamics.h"
#include "retrogait/analysis/joint_contact.h"
#include "retrogait/analysis/muscle_geometry.h"
#include "retrogait/model/kinematics.h"
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

// World position of path point k of a muscle (fixed points only) at the given poses.
Vec2 pathPoint(const Model& model, const SegmentPoses& poses, const char* muscle, std::size_t k) {
  const MuscleSpec& m = model.muscles[std::size_t(model.muscleIndex(muscle))];
  const MusclePathPoint& p = m.path[k];
  return poses[p.segment].toWorld(p.point_S.head<2>());
}

}  // namespace

// k(θ) by hand from (0.462 + 0.00147 θ − 3.84e−5 θ²)/(1 − 0.0162 θ + 1.55e−4 θ² − 6.98e−7 θ³):
// θ = 0: 0.462; θ = 30: 0.47154/0.634654 = 0.742988; θ = 60: 0.41196/0.435232 = 0.946530.
TEST(JointContact, PatellofemoralRatioByHand) {
  EXPECT_NEAR(computePatellofemoralRatio(0), 0.462, 1e-12);
  EXPECT_NEAR(computePatellofemoralRatio(30), 0.47154 / 0.634654, 1e-9);
  EXPECT_NEAR(computePatellofemoralRatio(60), 0.41196 / 0.435232, 1e-9);
  EXPECT_NEAR(computePatellofemoralRatio(-10), 0.462, 1e-12);  // hyperextension: clamped
  EXPECT_EQ(computePatellofemoralRatio(120), computePatellofemoralRatio(90));
  for (double x = 5; x <= 70; x += 5) {  // the fit peaks near 85 deg
    EXPECT_GT(computePatellofemoralRatio(x), computePatellofemoralRatio(x - 5) - 1e-12) << x;
  }
  EXPECT_TRUE(isQuadricepsMuscle("vasti_r"));
  EXPECT_TRUE(isQuadricepsMuscle("rect_fem_l"));
  EXPECT_TRUE(isQuadricepsMuscle("vaslat_r"));
  EXPECT_FALSE(isQuadricepsMuscle("hamstrings_r"));
  EXPECT_FALSE(isQuadricepsMuscle("soleus_r"));
}

// Quiet standing on the right leg (upright, straight legs), body weight W under the whole-body
// COM, with hand-chosen tensions: soleus 1500 N, vasti 800 N, rectus femoris 300 N. Free bodies:
//   foot:          C_ankle = −GRF − m_f g − T_sol ŝ            (ŝ: calcaneus → tibia point)
//   shank + foot:  C_knee  = −GRF − (m_f + m_s) g − T_vas v̂ − T_rf f̂   (soleus is internal)
//   leg:           C_hip   = −GRF − m_leg g − T_rf f̂           (rectus crosses the hip)
//   left leg (hanging, no muscle force): C_hip = −m_leg g, C_knee = −(m_f + m_s) g, C_ankle = −m_f
//   g
// with g = (0, −9.81) m/s². Patellofemoral: 0.462 (800 + 300) N.
TEST(JointContact, StaticStanceMatchesHandFreeBodies) {
  const Model& model = testModel();
  VecQ q = VecQ::Zero();
  q[kPelvisTy] = model.legLengthM;
  q[kPelvisTilt] = model.uprightPelvisTiltRad;
  const SegmentPoses poses = computePoses(model, q);
  const double W = model.totalMassKg() * kGravityMps2;
  const Vec2 g(0, -kGravityMps2);
  const Vec2 com = computeCom(model, poses);
  const ExternalPointForce grf{footSegment(Side::kRight), Vec2(0, W), Vec2(com.x(), 0)};
  const InverseDynamicsResult id =
      computeInverseDynamics(model, q, VecQ::Zero(), VecQ::Zero(), std::span(&grf, 1));

  std::vector<MuscleGeometry> geometry;
  std::vector<double> tension(model.muscles.size(), 0.0);
  for (const MuscleSpec& m : model.muscles) {
    geometry.push_back(computeMuscleGeometry(model, m, poses, q, VecQ::Zero()));
  }
  tension[std::size_t(model.muscleIndex("soleus_r"))] = 1500;
  tension[std::size_t(model.muscleIndex("vasti_r"))] = 800;
  tension[std::size_t(model.muscleIndex("rect_fem_r"))] = 300;
  const JointContactForces c = computeJointContactForces(model, q, id, geometry, tension);

  // Hand geometry: the path segments that cross each cut, from the model's points directly.
  const Vec2 sol = (pathPoint(model, poses, "soleus_r", 0) - pathPoint(model, poses, "soleus_r", 1))
                       .normalized();
  const MuscleSpec& vasti = model.muscles[std::size_t(model.muscleIndex("vasti_r"))];
  const MusclePathPoint& vInsertion = vasti.path.back();
  const Vec2 vTibia = poses[vInsertion.segment].toWorld(
      Vec2(vInsertion.movingX.value(0.0), vInsertion.movingY.value(0.0)));
  const Vec2 vas = (pathPoint(model, poses, "vasti_r", 1) - vTibia).normalized();
  const MuscleSpec& rf = model.muscles[std::size_t(model.muscleIndex("rect_fem_r"))];
  const MusclePathPoint& rfInsertion = rf.path.back();
  const Vec2 rfTibia = poses[rfInsertion.segment].toWorld(
      Vec2(rfInsertion.movingX.value(0.0), rfInsertion.movingY.value(0.0)));
  const Vec2 rfDir = (pathPoint(model, poses, "rect_fem_r", 0) - rfTibia).normalized();

  auto mass = [&](Side side, JointType jt) { return model.segments[segmentOf(side, jt)].massKg; };
  const double mf = mass(Side::kRight, JointType::kAnkle),
               ms = mass(Side::kRight, JointType::kKnee), mt = mass(Side::kRight, JointType::kHip);
  const Vec2 ankle = -grf.force_W - mf * g - 1500 * sol;
  const Vec2 knee = -grf.force_W - (mf + ms) * g - 800 * vas - 300 * rfDir;
  const Vec2 hip = -grf.force_W - (mf + ms + mt) * g - 300 * rfDir;
  EXPECT_NEAR((c.force_W[0][2] - ankle).norm(), 0, 1e-9 * W);
  EXPECT_NEAR((c.force_W[0][1] - knee).norm(), 0, 1e-9 * W);
  EXPECT_NEAR((c.force_W[0][0] - hip).norm(), 0, 1e-9 * W);
  const double mfl = mass(Side::kLeft, JointType::kAnkle),
               msl = mass(Side::kLeft, JointType::kKnee), mtl = mass(Side::kLeft, JointType::kHip);
  EXPECT_NEAR((c.force_W[1][2] - (-mfl * g)).norm(), 0, 1e-9);
  EXPECT_NEAR((c.force_W[1][1] - (-(mfl + msl) * g)).norm(), 0, 1e-9);
  EXPECT_NEAR((c.force_W[1][0] - (-(mfl + msl + mtl) * g)).norm(), 0, 1e-9);

  // Magnitudes in BW; compression is the component pushing the distal segment along its axis.
  EXPECT_NEAR(c.magnitudeBw[0][2], ankle.norm() / W, 1e-12);
  const Vec2 shankAxis = poses[segmentOf(Side::kRight, JointType::kKnee)].dirToWorld(Vec2(0, 1));
  EXPECT_NEAR(c.compressiveN[0][1], -knee.dot(shankAxis), 1e-9);
  EXPECT_GT(c.compressiveN[0][0], 0.9 * W);
  EXPECT_LT(c.compressiveN[1][0], 0);  // the hanging leg is pulled, not pressed, at the hip
  EXPECT_NEAR(c.quadricepsForceN[0], 1100, 1e-12);
  EXPECT_NEAR(c.patellofemoralN[0], 0.462 * 1100, 1e-9);
  EXPECT_NEAR(c.patellofemoralBw[0], 0.462 * 1100 / W, 1e-12);
  EXPECT_EQ(c.patellofemoralN[1], 0.0);
  // Muscles add compression: the ankle contact exceeds body weight with 1500 N of soleus.
  EXPECT_GT(c.compressiveN[0][2], W - mf * kGravityMps2 + 1400);
}
