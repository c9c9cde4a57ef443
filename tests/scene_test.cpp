// The scene: the GL-free draw list the viewer renders. Overlays add the expected primitives at
// the expected places and sizes; estimator overlays say "not available" without input; the
// live gait-cycle tracker agrees with the analysis module; presets and the normative bands load.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "retrogait/analysis/cycle_curves.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/scene/gait_cycle_tracker.h"
#include "retrogait/scene/normative_curves.h"
#include "retrogait/scene/palette.h"
#include "retrogait/scene/scene_builder.h"
#include "retrogait/scene/viewer_preset.h"
#include "test_support.h"

using namespace retrogait;
using retrogait::test::defaultModel;
using retrogait::test::sourcePath;

namespace {

// A standing-like pose: pelvis upright at the leg length, legs straight, feet flat.
VecQ standingPose(const Model& m) {
  VecQ q = VecQ::Zero();
  q[kPelvisTx] = 0.3;
  q[kPelvisTy] = m.legLengthM;
  q[kPelvisTilt] = m.uprightPelvisTiltRad;
  q[kHipR] = q[kHipL] = -m.uprightPelvisTiltRad;  // thighs vertical
  return q;
}

WalkerSceneInput makeInput(const Model& m) {
  WalkerSceneInput in;
  in.model = &m;
  in.q = standingPose(m);
  return in;
}

ViewOptions allOff() {
  ViewOptions v;
  v.showBodies = v.showGrf = v.showCom = v.showMuscles = v.showJointContact = false;
  v.showJointMoments = v.showPhaseBar = v.showLabels = v.showSlopeReference = false;
  return v;
}

// A contact state with one loaded foot.
ContactState footLoad(Side side, const Vec2& force, const Vec2& cop) {
  ContactState c;
  FootContact& f = c.feet[static_cast<int>(side)];
  f.force_W = force;
  f.cop_W = cop;
  f.active = true;
  return c;
}

bool sameColor(const Rgba& a, const Rgba& b) {
  return std::abs(a.r - b.r) < 1e-6 && std::abs(a.g - b.g) < 1e-6 && std::abs(a.b - b.b) < 1e-6;
}

}  // namespace

TEST(SceneBodies, RightLegAtPlusZLeftAtMinusZInDistinctColours) {
  const Model m = defaultModel();
  ViewOptions v = allOff();
  v.showBodies = true;
  const DrawList d = buildWalkerScene(makeInput(m), v);
  // Thigh and shank capsules per leg plus the trunk, shoulders and neck.
  int right = 0, left = 0;
  for (const CapsulePrim& c : d.capsules) {
    if (c.a_W.z() > 0.05 && c.b_W.z() > 0.05) {
      ++right;
      EXPECT_TRUE(sameColor(c.color, palette::kRightLeg));
    } else if (c.a_W.z() < -0.05 && c.b_W.z() < -0.05) {
      ++left;
      EXPECT_TRUE(sameColor(c.color, palette::kLeftLeg));
    }
  }
  EXPECT_EQ(right, 2);
  EXPECT_EQ(left, 2);
  EXPECT_FALSE(sameColor(palette::kRightLeg, palette::kLeftLeg));
  // The legs' planes are the anatomical hip half-width times the spread.
  EXPECT_NEAR(legPlaneZ(m, Side::kRight, v), 0.0835 / 1.8 * 1.75 * v.legSpread, 1e-12);
  EXPECT_NEAR(legPlaneZ(m, Side::kLeft, v), -legPlaneZ(m, Side::kRight, v), 1e-12);
  // Joint spheres sit at the joint centres of our own kinematics.
  const SegmentPoses poses = computePoses(m, standingPose(m));
  const Vec3 knee = lift(poses[kShankR].origin_W, legPlaneZ(m, Side::kRight, v));
  EXPECT_TRUE(std::any_of(d.spheres.begin(), d.spheres.end(), [&](const SpherePrim& s) {
    return s.tag == DrawTag::kJoint && (s.center_W - knee).norm() < 1e-12;
  }));
  // Four contact spheres (heel and toe per foot), idle without contact input.
  EXPECT_EQ(d.count(DrawTag::kContactPoint), 4u);
  // Nothing but bodies and the ground.
  EXPECT_EQ(d.count(DrawTag::kGrf) + d.count(DrawTag::kCom) + d.count(DrawTag::kMuscle), 0u);
  ASSERT_TRUE(d.ground.has_value());
}

TEST(SceneBodies, TouchingContactSpheresLightUp) {
  const Model m = defaultModel();
  ViewOptions v = allOff();
  v.showBodies = true;
  WalkerSceneInput in = makeInput(m);
  ContactState c;
  c.sphereCount = static_cast<int>(m.contacts.size());
  c.spheres[0].active = true;  // heel_r
  in.contacts = c;
  const DrawList d = buildWalkerScene(in, v);
  int lit = 0;
  for (const SpherePrim& s : d.spheres) {
    if (s.tag == DrawTag::kContactPoint && sameColor(s.color, palette::kContactActive)) ++lit;
  }
  EXPECT_EQ(lit, 1);
}

TEST(SceneGrf, ArrowLengthIsForceOverBodyWeightTimesScale) {
  const Model m = defaultModel();
  ViewOptions v = allOff();
  v.showGrf = true;
  v.grfMetersPerBw = 0.4;
  const double bw = m.totalMassKg() * kGravityMps2;
  const Vec2 force(0.1 * bw, 1.2 * bw), cop(0.35, 0.0);
  WalkerSceneInput in = makeInput(m);
  in.contacts = footLoad(Side::kLeft, force, cop);
  const DrawList d = buildWalkerScene(in, v);
  ASSERT_EQ(d.arrows.size(), 1u);
  const ArrowPrim& a = d.arrows[0];
  EXPECT_EQ(a.tag, DrawTag::kGrf);
  EXPECT_NEAR(a.length(), force.norm() / bw * 0.4, 1e-12);
  EXPECT_NEAR((a.tail_W - lift(cop, grfPlaneZ(m, Side::kLeft, v))).norm(), 0, 1e-12);
  // Beside the foot, on the side the viewer looks from.
  EXPECT_GT(grfPlaneZ(m, Side::kLeft, v), legPlaneZ(m, Side::kLeft, v));
  v.viewerSide = -1;
  EXPECT_LT(grfPlaneZ(m, Side::kLeft, v), legPlaneZ(m, Side::kLeft, v));
  // Pointing along the force.
  const Vec3 dir = (a.head_W - a.tail_W).normalized();
  EXPECT_NEAR(dir.head<2>().dot(force.normalized()), 1.0, 1e-12);
  // The centre of pressure is marked too.
  EXPECT_EQ(d.count(DrawTag::kCenterOfPressure), 1u);
  // A stumble's impact is capped in length; the label keeps the value.
  v.showLabels = true;
  in.contacts = footLoad(Side::kLeft, Vec2(0, 5.0 * bw), cop);
  const DrawList capped = buildWalkerScene(in, v);
  ASSERT_EQ(capped.arrows.size(), 1u);
  EXPECT_NEAR(capped.arrows[0].length(), v.maxGrfDrawBw * 0.4, 1e-12);
  ASSERT_EQ(capped.labels.size(), 1u);
  EXPECT_NE(capped.labels[0].text.find("5.00 BW"), std::string::npos);
}

TEST(SceneGrf, TurningTheOverlayOnAddsOneArrowPerLoadedFootOnly) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  ContactState c = footLoad(Side::kRight, Vec2(0, 600), Vec2(0.3, 0));
  c.feet[1].active = false;  // left foot in swing
  in.contacts = c;
  ViewOptions v = allOff();
  const std::size_t before = buildWalkerScene(in, v).count(DrawTag::kGrf);
  v.showGrf = true;
  const DrawList d = buildWalkerScene(in, v);
  EXPECT_EQ(before, 0u);
  ASSERT_EQ(d.arrows.size(), 1u);
  EXPECT_GT(d.arrows[0].tail_W.z(), 0.0);  // right foot
  // Tiny forces are not drawn.
  const double bw = m.totalMassKg() * kGravityMps2;
  in.contacts = footLoad(Side::kRight, Vec2(0, 0.5 * v.minGrfDrawBw * bw), Vec2(0.3, 0));
  EXPECT_EQ(buildWalkerScene(in, v).arrows.size(), 0u);
}

TEST(SceneCom, SphereAtTheComAndDiscOnTheGroundStraightBelow) {
  const Model m = defaultModel();
  for (double grade : {0.0, 10.0}) {
    WalkerSceneInput in = makeInput(m);
    in.ground = Ground::fromGrade(grade, 1.0);
    in.gradePct = grade;
    ViewOptions v = allOff();
    v.showCom = true;
    const DrawList d = buildWalkerScene(in, v);
    const Vec2 com = computeCom(m, computePoses(m, in.q));
    ASSERT_EQ(d.spheres.size(), 1u);
    EXPECT_EQ(d.spheres[0].tag, DrawTag::kCom);
    EXPECT_NEAR((d.spheres[0].center_W - lift(com, comPlaneZ(m, v))).norm(), 0, 1e-12);
    EXPECT_GT(comPlaneZ(m, v), legPlaneZ(m, Side::kRight, v));  // outside the body, viewer side
    ASSERT_EQ(d.discs.size(), 1u);
    const Vec3 p = d.discs[0].center_W;
    EXPECT_NEAR(p.x(), com.x(), 1e-12);                                    // vertical projection
    EXPECT_NEAR(in.ground.heightAbove(p.head<2>()), 0.0, 0.005) << grade;  // on the ground
    ASSERT_EQ(d.lines.size(), 1u);
    EXPECT_TRUE(d.lines[0].dashed);
  }
}

TEST(SceneMuscles, EighteenPathsThroughTheModelsPathPoints) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  ViewOptions v = allOff();
  v.showMuscles = true;
  const DrawList d = buildWalkerScene(in, v);
  ASSERT_EQ(d.polylines.size(), m.muscles.size());
  const SegmentPoses poses = computePoses(m, in.q);
  for (const PolylinePrim& p : d.polylines) {
    const MuscleSpec& spec = m.muscles[static_cast<std::size_t>(p.id)];
    ASSERT_GE(p.points_W.size(), 2u);
    // Right muscles on the right (+Z), left ones on the left; on the surface of the limb
    // toward the viewer (+Z by default), clear of the thigh's drawn radius.
    const double legZ = legPlaneZ(m, spec.side, v);
    for (const Vec3& x : p.points_W) {
      EXPECT_EQ(x.z() > 0, spec.side == Side::kRight) << spec.name;
      EXPECT_GT(x.z() - legZ, m.segments[kThighR].depthM + p.radiusM) << spec.name;
    }
    // The first point is the origin on its segment (no muscle starts with a conditional point).
    const MusclePathPoint& first = spec.path.front();
    if (!first.movingDof && !first.conditionDof) {
      const Vec2 expected = poses[first.segment].toWorld(first.point_S.head<2>());
      EXPECT_NEAR((p.points_W.front().head<2>() - expected).norm(), 0, 1e-12) << spec.name;
    }
    EXPECT_TRUE(sameColor(p.color, palette::kMuscleUnknown));
  }
  // Without activations the legend says they are not available.
  ASSERT_EQ(d.hud.legends.size(), 1u);
  EXPECT_TRUE(d.hud.legends[0].stops.empty());
  EXPECT_NE(d.hud.legends[0].note.find("not available"), std::string::npos);
}

TEST(SceneMuscles, ColouredByActivationWhenTheEstimatorProvidesIt) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  MuscleActivationInput a;
  a.activation.assign(m.muscles.size(), 0.0);
  const int vastiR = m.muscleIndex("vasti_r");
  ASSERT_GE(vastiR, 0);
  a.activation[static_cast<std::size_t>(vastiR)] = 1.0;
  in.muscles = a;
  ViewOptions v = allOff();
  v.showMuscles = true;
  const DrawList d = buildWalkerScene(in, v);
  for (const PolylinePrim& p : d.polylines) {
    EXPECT_TRUE(sameColor(p.color, p.id == vastiR ? palette::kActivationStops.back()
                                                  : palette::kActivationStops.front()));
    // Active muscles are drawn thicker.
    EXPECT_NEAR(p.radiusM, muscleRadiusM(m, p.id == vastiR ? 1.0 : 0.0), 1e-12);
  }
  EXPECT_GT(muscleRadiusM(m, 1.0), 2 * muscleRadiusM(m, 0.0));
  ASSERT_EQ(d.hud.legends.size(), 1u);
  EXPECT_EQ(d.hud.legends[0].stops.size(), palette::kActivationStops.size());
  EXPECT_TRUE(sameColor(palette::activationColor(0.5), palette::kActivationStops[1]));
}

TEST(SceneJointContact, NotAvailableWithoutTheEstimatorRingsSizedInBwWithIt) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  ViewOptions v = allOff();
  v.showJointContact = true;
  DrawList d = buildWalkerScene(in, v);
  EXPECT_EQ(d.count(DrawTag::kJointContact), 0u);
  ASSERT_EQ(d.hud.legends.size(), 1u);
  EXPECT_NE(d.hud.legends[0].note.find("not available"), std::string::npos);

  const double bw = m.totalMassKg() * kGravityMps2;
  JointContactInput jc;
  jc.force_W[0][static_cast<int>(JointType::kKnee)] = Vec2(0, -3.0 * bw);  // 3 BW at the right knee
  jc.force_W[1][static_cast<int>(JointType::kKnee)] = Vec2(0, -1.0 * bw);
  in.jointContact = jc;
  d = buildWalkerScene(in, v);
  ASSERT_EQ(d.rings.size(), 6u);
  const SegmentPoses poses = computePoses(m, in.q);
  const Vec3 kneeR = lift(poses[kShankR].origin_W, jointContactPlaneZ(m, Side::kRight, v));
  const auto ring = std::find_if(d.rings.begin(), d.rings.end(), [&](const RingPrim& r) {
    return (r.center_W - kneeR).norm() < 1e-12;
  });
  ASSERT_NE(ring, d.rings.end());
  EXPECT_NEAR(ring->radiusM, 0.035 + 3.0 * v.jointContactRingMetersPerBw, 1e-12);
  // The arrow presses on the joint: head at the joint, length in BW × scale.
  const auto arrow = std::find_if(d.arrows.begin(), d.arrows.end(), [&](const ArrowPrim& a) {
    return (a.head_W - kneeR).norm() < 1e-12;
  });
  ASSERT_NE(arrow, d.arrows.end());
  EXPECT_NEAR(arrow->length(), 3.0 * v.jointContactArrowMetersPerBw, 1e-12);
  // Without patellofemoral force: the patella is drawn, no PF arrow.
  EXPECT_EQ(d.count(DrawTag::kJointContact), 6u + 2u + 2u);  // rings, knee arrows, patellae
}

TEST(SceneJointContact, PatellofemoralForcePressesThePatellaInFrontOfTheKnee) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  in.q[kKneeR] = degToRad(-40);  // right knee flexed
  const double bw = m.totalMassKg() * kGravityMps2;
  JointContactInput jc;
  jc.patellofemoralN = {1.5 * bw, 0.0};
  in.jointContact = jc;
  ViewOptions v = allOff();
  v.showJointContact = true;
  const DrawList d = buildWalkerScene(in, v);
  const SegmentPoses poses = computePoses(m, in.q);
  const double z = jointContactPlaneZ(m, Side::kRight, v);
  const Vec2 knee = poses[kShankR].origin_W;
  // The right patella: a sphere in front of the knee (+X for this forward-facing pose), between
  // the thigh's and the shank's anterior directions.
  const auto patella = std::find_if(d.spheres.begin(), d.spheres.end(), [&](const SpherePrim& x) {
    return x.tag == DrawTag::kJointContact && std::abs(x.center_W.z() - z) < 1e-12;
  });
  ASSERT_NE(patella, d.spheres.end());
  const Vec2 toPatella = patella->center_W.head<2>() - knee;
  EXPECT_GT(toPatella.x(), 0.0);
  const Vec2 thighFront = poses[kThighR].dirToWorld(Vec2(1, 0));
  const Vec2 shankFront = poses[kShankR].dirToWorld(Vec2(1, 0));
  EXPECT_NEAR(toPatella.normalized().dot(thighFront), toPatella.normalized().dot(shankFront), 1e-9);
  // One PF arrow (the left one has no force): pointing at the knee, 1.5 BW × the arrow scale.
  std::vector<ArrowPrim> pf;
  for (const ArrowPrim& a : d.arrows) {
    if (sameColor(a.color, palette::kPatellofemoral)) pf.push_back(a);
  }
  ASSERT_EQ(pf.size(), 1u);
  EXPECT_NEAR(pf[0].length(), 1.5 * v.jointContactArrowMetersPerBw, 1e-12);
  const Vec2 dir = (pf[0].head_W - pf[0].tail_W).head<2>().normalized();
  EXPECT_GT(dir.dot((knee - pf[0].head_W.head<2>()).normalized()), 0.99);
  // The legend explains the scale and no longer says "not available".
  ASSERT_EQ(d.hud.legends.size(), 1u);
  EXPECT_EQ(d.hud.legends[0].note.find("not available"), std::string::npos);
}

TEST(SceneEstimator, ASimulationsEstimateColoursTheMusclesAndSizesTheContactRings) {
  ScenarioSpec spec = test::makeScenario(Direction::kForward, 1.2, 0, 2.0);
  auto sim = Simulation::create(spec);
  ASSERT_TRUE(sim) << sim.error();
  Simulation& s = **sim;
  while (s.timeS() < 0.4 && !s.finished()) s.step();
  ASSERT_TRUE(s.hasEstimate());
  const MuscleLoadEstimate& e = s.lastEstimate();
  WalkerSceneInput in;
  in.model = &s.model();
  in.q = s.physics().q();
  in.ground = s.ground();
  setEstimatorInput(s.model(), e, in);
  ASSERT_TRUE(in.muscles && in.jointContact);
  ASSERT_EQ(in.muscles->activation.size(), s.model().muscles.size());
  ViewOptions v = allOff();
  v.showMuscles = v.showJointContact = true;
  const DrawList d = buildWalkerScene(in, v);
  int coloured = 0;
  for (const PolylinePrim& p : d.polylines) {
    const double a = e.muscles[static_cast<std::size_t>(p.id)].activation;
    EXPECT_TRUE(sameColor(p.color, palette::activationColor(a))) << p.id;
    if (!sameColor(p.color, palette::kActivationStops.front())) ++coloured;
  }
  EXPECT_GT(coloured, 0) << "some muscle is active in stance";
  const double bw = s.model().totalMassKg() * kGravityMps2;
  const SegmentPoses poses = computePoses(s.model(), in.q);
  for (Side side : kSides) {
    for (JointType j : kJointTypes) {
      const Vec3 c =
          lift(poses[segmentOf(side, j)].origin_W, jointContactPlaneZ(s.model(), side, v));
      const auto ring = std::find_if(d.rings.begin(), d.rings.end(), [&](const RingPrim& r) {
        return (r.center_W - c).norm() < 1e-12;
      });
      ASSERT_NE(ring, d.rings.end());
      const double forceBw =
          e.contact.force_W[static_cast<std::size_t>(side)][static_cast<std::size_t>(j)].norm() /
          bw;
      EXPECT_NEAR(ring->radiusM, 0.035 + forceBw * v.jointContactRingMetersPerBw, 1e-12);
    }
  }
}

TEST(SceneMoments, ArcSweepProportionalToMomentPerKgColouredByGaitLabSign) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  JointTorques tau = JointTorques::Zero();
  const double mass = m.totalMassKg();
  tau[actuatedIndex(Side::kRight, JointType::kKnee)] = 0.5 * mass;    // extensor 0.5 N·m/kg
  tau[actuatedIndex(Side::kRight, JointType::kAnkle)] = -1.5 * mass;  // plantarflexor
  tau[actuatedIndex(Side::kLeft, JointType::kHip)] = 0.3 * mass;      // flexor
  in.netMomentNm = tau;
  ViewOptions v = allOff();
  EXPECT_EQ(buildWalkerScene(in, v).arcs.size(), 0u);
  v.showJointMoments = true;
  const DrawList d = buildWalkerScene(in, v);
  ASSERT_EQ(d.arcs.size(), 3u);  // zero moments draw nothing
  const SegmentPoses poses = computePoses(m, in.q);
  auto arcAt = [&](int segment) {
    return *std::find_if(d.arcs.begin(), d.arcs.end(), [&](const ArcPrim& a) {
      return (a.center_W.head<2>() - poses[segment].origin_W).norm() < 1e-12 &&
             (a.center_W.z() > 0) == (segment <= kFootR);
    });
  };
  const ArcPrim knee = arcAt(kShankR), ankle = arcAt(kFootR), hip = arcAt(kThighL);
  EXPECT_NEAR(knee.sweepRad, 0.5 * v.momentRadPerNmPerKg, 1e-12);  // + = counter-clockwise
  EXPECT_NEAR(ankle.sweepRad, -1.5 * v.momentRadPerNmPerKg, 1e-12);
  EXPECT_NEAR(hip.sweepRad, 0.3 * v.momentRadPerNmPerKg, 1e-12);
  EXPECT_TRUE(sameColor(knee.color, palette::kExtensorMoment));
  EXPECT_TRUE(sameColor(ankle.color, palette::kExtensorMoment));  // plantarflexor
  EXPECT_TRUE(sameColor(hip.color, palette::kFlexorMoment));
  // Large moments are capped.
  tau[actuatedIndex(Side::kRight, JointType::kKnee)] = 10 * mass;
  in.netMomentNm = tau;
  const DrawList capped = buildWalkerScene(in, v);
  for (const ArcPrim& a : capped.arcs) EXPECT_LE(std::abs(a.sweepRad), v.maxMomentSweepRad + 1e-12);
  ASSERT_EQ(d.hud.keys.size(), 1u);
}

TEST(SceneGround, InclinedPlaneWithGridAndALevelReferenceOnlyOnSlopes) {
  const Model m = defaultModel();
  ViewOptions v = allOff();
  v.showSlopeReference = true;
  v.showLabels = true;
  WalkerSceneInput in = makeInput(m);
  DrawList d = buildWalkerScene(in, v);
  ASSERT_TRUE(d.ground);
  EXPECT_NEAR((d.ground->normal_W - Vec3::UnitY()).norm(), 0, 1e-12);
  EXPECT_EQ(d.count(DrawTag::kReference), 0u);

  in.ground = Ground::fromGrade(10, -1.0);  // backward walker going uphill: ground rises to −X
  in.gradePct = 10;
  in.travelSign = -1;
  d = buildWalkerScene(in, v);
  ASSERT_TRUE(d.ground);
  EXPECT_NEAR(d.ground->tangent_W.head<2>().dot(in.ground.tangent()), 1.0, 1e-12);
  EXPECT_LT(d.ground->tangent_W.y(), 0.0);
  // Centred under the walker along the slope, on the plane.
  EXPECT_NEAR(in.ground.heightAbove(d.ground->center_W.head<2>()), 0, 1e-12);
  EXPECT_NEAR(d.ground->gridSpacingM, v.gridSpacingM, 1e-12);
  // A horizontal dashed line and the slope line from the same downhill point.
  ASSERT_EQ(d.lines.size(), 2u);
  const LinePrim& level = d.lines[0];
  EXPECT_TRUE(level.dashed);
  EXPECT_NEAR(level.a_W.y(), level.b_W.y(), 1e-12);
  const Vec3 s = d.lines[1].b_W - d.lines[1].a_W;
  EXPECT_NEAR(std::abs(s.y() / s.x()), 0.10, 1e-9);
  // An angle arc between them sweeps the ground's inclination.
  ASSERT_EQ(d.arcs.size(), 1u);
  EXPECT_NEAR(d.arcs[0].sweepRad, in.ground.angleRad(), 1e-12);
  ASSERT_EQ(d.labels.size(), 1u);
  EXPECT_NE(d.labels[0].text.find("10 %"), std::string::npos);
  EXPECT_NE(d.labels[0].text.find("uphill"), std::string::npos);
}

TEST(ScenePhaseBar, RowsFromTheTrackerStateAndANoteBeforeTheFirstCycle) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  ViewOptions v = allOff();
  v.showPhaseBar = true;
  DrawList d = buildWalkerScene(in, v);
  ASSERT_TRUE(d.hud.phaseBar);
  EXPECT_LT(d.hud.phaseBar->cursor, 0);
  EXPECT_FALSE(d.hud.phaseBar->note.empty());
  GaitPhaseState s;
  s.valid = true;
  s.cursor = 0.42;
  s.stance[0] = {{0.0, 0.42}};
  s.stance[1] = {{0.0, 0.1}};
  s.loaded = {true, false};
  in.phase = s;
  d = buildWalkerScene(in, v);
  ASSERT_TRUE(d.hud.phaseBar);
  EXPECT_DOUBLE_EQ(d.hud.phaseBar->cursor, 0.42);
  EXPECT_EQ(d.hud.phaseBar->rows[0].label, "R");
  EXPECT_EQ(d.hud.phaseBar->rows[0].stance.size(), 1u);
  EXPECT_TRUE(d.hud.phaseBar->rows[0].loaded);
  EXPECT_FALSE(d.hud.phaseBar->rows[1].loaded);
}

TEST(SceneFall, BannerAndDesaturatedBodies) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  ViewOptions v = allOff();
  v.showBodies = true;
  const DrawList upright = buildWalkerScene(in, v);
  in.fallText = "fell (trunk tilt) at 2.63 s";
  const DrawList fallen = buildWalkerScene(in, v);
  ASSERT_EQ(fallen.hud.banners.size(), 1u);
  EXPECT_EQ(fallen.hud.banners[0].text, in.fallText);
  EXPECT_TRUE(upright.hud.banners.empty());
  EXPECT_FALSE(sameColor(fallen.capsules.back().color, upright.capsules.back().color));
}

TEST(ScenePush, ArrowOntoTheTrunkAlongTheForce) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  const SegmentPoses poses = computePoses(m, in.q);
  const Vec2 com = poses[kHat].toWorld(m.segments[kHat].com_S);
  in.push = PushInput{Vec2(-120, 0), com};
  const DrawList d = buildWalkerScene(in, allOff());
  ASSERT_EQ(d.count(DrawTag::kPush), 1u);
  const ArrowPrim& a = d.arrows[0];
  EXPECT_LT(a.head_W.x() - a.tail_W.x(), 0);  // pointing along −X
  EXPECT_GT(a.head_W.x(), com.x());           // from in front of the trunk
  EXPECT_NEAR(a.head_W.y(), com.y(), 1e-12);
  in.push.reset();
  EXPECT_EQ(buildWalkerScene(in, allOff()).count(DrawTag::kPush), 0u);
}

TEST(SceneAllOverlays, EveryOverlayAddsItsOwnPrimitives) {
  const Model m = defaultModel();
  WalkerSceneInput in = makeInput(m);
  in.contacts = footLoad(Side::kRight, Vec2(0, 700), Vec2(0.3, 0));
  in.netMomentNm = JointTorques::Constant(20.0);
  in.jointContact = JointContactInput{};
  ViewOptions v = allOff();
  const std::size_t base = buildWalkerScene(in, v).size();
  EXPECT_EQ(base, 0u);
  struct Case {
    bool ViewOptions::*flag;
    DrawTag tag;
  };
  for (const Case& c :
       {Case{&ViewOptions::showBodies, DrawTag::kBody}, Case{&ViewOptions::showGrf, DrawTag::kGrf},
        Case{&ViewOptions::showCom, DrawTag::kCom},
        Case{&ViewOptions::showMuscles, DrawTag::kMuscle},
        Case{&ViewOptions::showJointContact, DrawTag::kJointContact},
        Case{&ViewOptions::showJointMoments, DrawTag::kJointMoment}}) {
    ViewOptions on = v;
    on.*(c.flag) = true;
    EXPECT_GT(buildWalkerScene(in, on).count(c.tag), 0u) << static_cast<int>(c.tag);
  }
}

// A synthetic walk: stride 1.1 s, right stance 0-60 % and, after a 20 ms flight, a 60 ms toe
// re-touch (the same stance for both), left stance 50-110 %, a 20 ms left bounce in mid-swing
// (ignored by both), the knee angle a sine of time.
TimeSeries syntheticWalk(double durationS) {
  const double dt = 0.002, stride = 1.1;
  TimeSeries series;
  for (int k = 1; k * dt <= durationS; ++k) {
    Sample x;
    x.timeS = k * dt;
    const double phase = std::fmod(x.timeS + 0.4, stride) / stride;  // right contact at 0.7 s
    const double left = std::fmod(phase + 0.5, 1.0);
    const bool retouch = phase > 0.6 + 0.02 / stride && phase < 0.6 + 0.08 / stride;
    x.grf_W[0] = phase < 0.6 || retouch ? Vec2(30 * std::sin(6 * phase), 700) : Vec2::Zero();
    x.grf_W[1] =
        left < 0.6 || (left > 0.8 && left < 0.8 + 0.02 / stride) ? Vec2(0, 650) : Vec2::Zero();
    x.q[kKneeR] = -0.5 * (1 + std::sin(2 * kPi * x.timeS / 0.9));
    series.push_back(x);
  }
  return series;
}

TEST(GaitCycleTracker, CutsTheSameCyclesAsTheAnalysisModuleOnASyntheticWalk) {
  const Model m = defaultModel();
  const Ground ground;
  const TimeSeries full = syntheticWalk(7.0);
  GaitCycleTracker tracker(m, ground, 1.0, 1.0, 10);
  TimeSeries growing;
  for (std::size_t k = 0; k < full.size(); ++k) {
    growing.push_back(full[k]);
    if (k % 9 == 0 || k + 1 == full.size()) tracker.update(growing);
  }
  const auto cycles = cutCycles(full, detectGaitEvents(full, ground), ground);
  // Right contacts at 0.7, 1.8, ... s, and at the first sample (the right foot starts loaded,
  // which the analysis counts as an initial contact too).
  ASSERT_EQ(cycles.size(), 6u);
  ASSERT_EQ(tracker.cycleCount(), 6);
  for (std::size_t i = 0; i < cycles.size(); ++i) {
    const CycleTrace& t = tracker.completed()[i];
    EXPECT_NEAR(t.startS, cycles[i].startS, 1e-12);
    EXPECT_NEAR(t.durationS, cycles[i].endS - cycles[i].startS, 1e-12);
    EXPECT_NEAR(t.rightFootOff, (cycles[i].rightFootOffS - cycles[i].startS) / t.durationS, 1e-12);
    if (i > 0) {
      EXPECT_NEAR(t.rightFootOff, 0.6 + 0.08 / 1.1, 0.003);  // after the re-touch
    }
    const CycleCurve knee = computeCycleCurve(full, {cycles[i]}, [&](const Sample& x) {
      return plotChannelValue(PlotChannel::kKneeAngle, m, x, 1.0);
    });
    for (std::size_t p = 0; p < static_cast<std::size_t>(kCyclePoints); ++p) {
      EXPECT_NEAR(t.values[static_cast<std::size_t>(PlotChannel::kKneeAngle)][p], knee.mean[p],
                  1e-3);
    }
  }
  // In the cycle in progress: the cursor is the elapsed share of the last stride and the bounce
  // did not open a stance interval.
  const GaitPhaseState phase = tracker.phaseState();
  ASSERT_TRUE(phase.valid);
  const double elapsed = full.back().timeS - tracker.current().startS;
  EXPECT_NEAR(phase.cursor, std::min(1.0, elapsed / tracker.completed().back().durationS), 1e-12);
  for (const auto& interval : phase.stance[1]) EXPECT_GT(interval.second - interval.first, 0.03);
  EXPECT_EQ(tracker.current().points,
            std::min(kCyclePoints, static_cast<int>(std::floor(phase.cursor * 100)) + 1));
}

TEST(GaitCycleTracker, AgreesWithTheAnalysisModulesCyclesAndCurves) {
  ScenarioSpec spec = test::makeScenario(Direction::kForward, 1.2, 0, 6.0);
  auto sim = Simulation::create(spec);
  ASSERT_TRUE(sim) << sim.error();
  Simulation& s = **sim;
  GaitCycleTracker tracker(s.model(), s.ground(), 1.0, s.controller().referenceGait().strideTimeS,
                           20);
  // Feed it in frame-sized chunks, as the viewer does.
  while (!s.finished()) {
    for (int k = 0; k < 8 && !s.finished(); ++k) s.step();
    tracker.update(s.series());
  }
  const auto events = detectGaitEvents(s.series(), s.ground());
  const auto cycles = cutCycles(s.series(), events, s.ground());
  if (s.outcome().fell) GTEST_SKIP() << "the walker fell; cycle comparison needs a walk";
  ASSERT_GE(cycles.size(), 2u);
  ASSERT_EQ(tracker.cycleCount(), static_cast<int>(cycles.size()));
  ASSERT_EQ(tracker.completed().size(), cycles.size());
  for (std::size_t i = 0; i < cycles.size(); ++i) {
    const CycleTrace& t = tracker.completed()[i];
    EXPECT_NEAR(t.startS, cycles[i].startS, 1e-12);
    EXPECT_NEAR(t.durationS, cycles[i].endS - cycles[i].startS, 1e-12);
    EXPECT_EQ(t.points, kCyclePoints);
    const CycleCurve knee = computeCycleCurve(s.series(), {cycles[i]}, [&](const Sample& x) {
      return plotChannelValue(PlotChannel::kKneeAngle, s.model(), x, 1.0);
    });
    for (int p = 0; p < kCyclePoints; ++p) {
      EXPECT_NEAR(
          t.values[static_cast<std::size_t>(PlotChannel::kKneeAngle)][static_cast<std::size_t>(p)],
          knee.mean[static_cast<std::size_t>(p)], 1e-3);
    }
    if (cycles[i].rightFootOffS > 0) {
      EXPECT_NEAR(t.rightFootOff, (cycles[i].rightFootOffS - cycles[i].startS) / (t.durationS),
                  1e-12);
    }
  }
  // The phase bar of the cycle in progress starts with the right foot loaded.
  const GaitPhaseState phase = tracker.phaseState();
  ASSERT_TRUE(phase.valid);
  ASSERT_FALSE(phase.stance[0].empty());
  EXPECT_NEAR(phase.stance[0].front().first, 0.0, 1e-12);
  // A restarted run restarts the tracker.
  auto again = Simulation::create(spec);
  ASSERT_TRUE(again);
  (*again)->step();
  tracker.update((*again)->series());
  EXPECT_EQ(tracker.cycleCount(), 0);
}

TEST(GaitCycleTracker, EstimatorChannelsAgreeWithTheAnalysisSeriesCurves) {
  ScenarioSpec spec = test::makeScenario(Direction::kForward, 1.2, 0, 6.0);
  auto sim = Simulation::create(spec);
  ASSERT_TRUE(sim) << sim.error();
  Simulation& s = **sim;
  ASSERT_TRUE(s.analysisEnabled());
  GaitCycleTracker tracker(s.model(), s.ground(), 1.0, s.controller().referenceGait().strideTimeS,
                           20);
  // Before any analysis sample the estimator's channels are empty (NaN).
  while (!s.finished()) {
    for (int k = 0; k < 8 && !s.finished(); ++k) s.step();
    tracker.update(s.series(), &s.analysis());
  }
  if (s.outcome().fell) GTEST_SKIP() << "the walker fell; cycle comparison needs a walk";
  const auto cycles = cutCycles(s.series(), detectGaitEvents(s.series(), s.ground()), s.ground());
  ASSERT_GE(cycles.size(), 2u);
  ASSERT_EQ(tracker.completed().size(), cycles.size());
  const PlotChannel channels[] = {PlotChannel::kKneeMoment,    PlotChannel::kAnklePower,
                                  PlotChannel::kKneeContact,   PlotChannel::kPatellofemoralContact,
                                  PlotChannel::kVasti,         PlotChannel::kSoleus,
                                  PlotChannel::kMetabolicPower};
  int compared = 0;
  for (std::size_t i = 0; i < cycles.size(); ++i) {
    const std::vector<GaitCycle> covered = cyclesCoveredBy(s.analysis(), {cycles[i]});
    if (covered.empty()) continue;  // the first cycle may start before the first sample
    ++compared;
    const CycleTrace& t = tracker.completed()[i];
    for (PlotChannel c : channels) {
      const CycleCurve ref = computeCycleCurve(s.analysis(), covered, [&](const AnalysisSample& x) {
        return analysisChannelValue(c, s.model(), x);
      });
      const auto& v = t.values[static_cast<std::size_t>(c)];
      for (int p = 0; p < kCyclePoints; ++p) {
        const double want = ref.mean[static_cast<std::size_t>(p)];
        EXPECT_NEAR(v[static_cast<std::size_t>(p)], want, 1e-4 * std::max(1.0, std::abs(want)))
            << plotChannelInfo(c).title << " cycle " << i << " point " << p;
      }
    }
  }
  EXPECT_GE(compared, 1);
  // The moments come from the inverse dynamics here, and agree with the physics' net moment
  // (actuator + passive limit torque) that the tracker uses without analysis samples.
  GaitCycleTracker physicsOnly(s.model(), s.ground(), 1.0,
                               s.controller().referenceGait().strideTimeS, 20);
  physicsOnly.update(s.series());
  ASSERT_EQ(physicsOnly.completed().size(), tracker.completed().size());
  const std::size_t knee = static_cast<std::size_t>(PlotChannel::kKneeMoment);
  double sum = 0, worst = 0;
  int n = 0;
  for (std::size_t i = 1; i < cycles.size(); ++i) {
    for (int p = 0; p < kCyclePoints; ++p) {
      const double d = std::abs(tracker.completed()[i].values[knee][p] -
                                physicsOnly.completed()[i].values[knee][p]);
      sum += d;
      worst = std::max(worst, d);
      ++n;
    }
    // Without analysis samples the estimator's channels stay empty.
    EXPECT_TRUE(std::isnan(
        physicsOnly.completed()[i].values[static_cast<std::size_t>(PlotChannel::kVasti)][50]));
  }
  // On average within a few hundredths of a N·m/kg; single points differ more right after an
  // impact, which the analysis rate (100 Hz) samples more coarsely than the physics (400 Hz).
  EXPECT_LT(sum / n, 0.06) << "N·m/kg; largest difference " << worst;
}

TEST(GaitCycleTracker, ChannelsUseTheGaitLabConventions) {
  const Model m = defaultModel();
  Sample x;
  x.q = standingPose(m);
  x.q[kKneeR] = degToRad(-30);  // OpenSim knee_angle − = flexion
  x.q[kAnkleR] = degToRad(10);
  x.torqueNm[actuatedIndex(Side::kRight, JointType::kAnkle)] = -70.0;  // plantarflexor
  x.torqueNm[actuatedIndex(Side::kRight, JointType::kHip)] = 35.0;     // flexor
  const double bw = m.totalMassKg() * kGravityMps2;
  x.grf_W[0] = Vec2(-0.2 * bw, 1.1 * bw);
  EXPECT_NEAR(plotChannelValue(PlotChannel::kKneeAngle, m, x, 1), 30.0, 1e-9);
  EXPECT_NEAR(plotChannelValue(PlotChannel::kAnkleAngle, m, x, 1), 10.0, 1e-9);
  EXPECT_NEAR(plotChannelValue(PlotChannel::kAnkleMoment, m, x, 1), 70.0 / m.totalMassKg(), 1e-9);
  EXPECT_NEAR(plotChannelValue(PlotChannel::kHipMoment, m, x, 1), -35.0 / m.totalMassKg(), 1e-9);
  EXPECT_NEAR(plotChannelValue(PlotChannel::kGrfVertical, m, x, 1), 1.1, 1e-12);
  EXPECT_NEAR(plotChannelValue(PlotChannel::kGrfAp, m, x, 1), -0.2, 1e-12);  // braking forward
  EXPECT_NEAR(plotChannelValue(PlotChannel::kGrfAp, m, x, -1), 0.2, 1e-12);  // propulsive backward
  // Beyond the knee's range the passive limit torque is part of the net moment.
  x.q[kKneeR] = m.joint(Side::kRight, JointType::kKnee).maxRad + degToRad(2);
  EXPECT_LT(plotChannelValue(PlotChannel::kKneeMoment, m, x, 1), 0.0);  // limit pushes to flexion
}

TEST(NormativeCurves, LoadsTheForwardReferenceBands) {
  auto curves = loadNormativeCurves(defaultNormativeFile());
  ASSERT_TRUE(curves) << curves.error();
  const NormativeBand& knee = curves->band(PlotChannel::kKneeAngle);
  ASSERT_EQ(knee.fraction.size(), 51u);
  EXPECT_NEAR(knee.meanAt(0.0), 5.5537, 1e-9);
  EXPECT_NEAR(knee.sdAt(0.0), 5.6551, 1e-9);
  EXPECT_NEAR(knee.meanAt(0.01), 0.5 * (5.5537 + 7.9412), 1e-9);  // between the 0 and 2 % rows
  EXPECT_TRUE(curves->band(PlotChannel::kGrfVertical).available());
  EXPECT_FALSE(curves->source.empty());
}

TEST(NormativeCurves, MissingFileOrColumnIsReportedByName) {
  auto missing = loadNormativeCurves("/nonexistent/norm.csv");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("/nonexistent/norm.csv"), std::string::npos);
  const std::string file = testing::TempDir() + "/bad_norm.csv";
  std::ofstream(file) << "gait_cycle_pct,hip_angle_deg\n0,1\n2,2\n";
  auto bad = loadNormativeCurves(file);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("hip_angle_deg_sd"), std::string::npos);
}

TEST(ViewerPresets, EveryShippedPresetLoadsAndTheComparisonOneComparesDirections) {
  const std::vector<std::string> files = listPresetFiles(sourcePath("assets/presets"));
  ASSERT_GE(files.size(), 3u);
  bool foundCompare = false;
  for (const std::string& f : files) {
    auto p = loadViewerPreset(f);
    ASSERT_TRUE(p) << p.error();
    EXPECT_FALSE(p->title.empty()) << f;
    const std::string name = std::filesystem::path(f).filename().string();
    if (name.find("compare") != std::string::npos &&
        name.find("forward_backward") != std::string::npos) {
      foundCompare = true;
      ASSERT_EQ(p->walkers.size(), 2u) << f;
      EXPECT_NE(p->walkers[0].scenario.command.direction, p->walkers[1].scenario.command.direction);
    }
  }
  EXPECT_TRUE(foundCompare) << "no compare_*forward_backward* preset";
}

TEST(ViewerPresets, ErrorsNameTheFileAndTheField) {
  const std::string file = testing::TempDir() + "/bad_preset.json";
  auto write = [&](const std::string& text) { std::ofstream(file) << text; };
  write(R"({"schema": "retrogait.viewer_preset/1", "title": "t",
            "walkers": [{"direction": "backward", "speed_mps": 1.6}]})");
  auto p = loadViewerPreset(file);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().find("walkers[0].speed_mps"), std::string::npos) << p.error();
  write(R"({"schema": "retrogait.viewer_preset/1", "title": "t",
            "walkers": [{"direction": "forward", "speed_mps": 1.2}], "overlays": {"grf_arrows": true}})");
  p = loadViewerPreset(file);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().find("overlays.grf_arrows: unknown key"), std::string::npos) << p.error();
  write(R"({"schema": "retrogait.viewer_preset/1", "title": "t", "walkers": []})");
  p = loadViewerPreset(file);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().find("1 or 2 walkers"), std::string::npos) << p.error();
}
