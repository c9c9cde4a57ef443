// Physics against analytic cases: our kinematics vs Bullet's, a compound pendulum's period and
// energy, free fall, standing statics (weight carried by the contacts), friction on an incline,
// and the compliant contact law itself.

#include <gtest/gtest.h>

#include <cmath>

#include "retrogait/model/dynamics.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/physics/contact_model.h"
#include "retrogait/physics/physics_world.h"
#include "test_support.h"

using namespace retrogait;
using retrogait::test::defaultModel;

namespace {
VecQ someConfiguration() {
  VecQ q;
  q << 0.3, 1.5, -0.2, 0.5, -0.8, 0.2, -0.3, -0.1, -0.25;
  return q;
}

Vec2 systemCom(const Model& m, const PhysicsWorld& w) {
  return computeCom(m, computePoses(m, w.q()));
}
Vec2 systemComVelocity(const Model& m, const PhysicsWorld& w) {
  const SegmentPoses p = computePoses(m, w.q());
  return computeComVelocity(m, p, computeTwists(m, p, w.qd()));
}

// A compound pendulum: a foot swinging about its ankle from a leg and HAT a million times heavier,
// held up against gravity by a constant push at the HAT's COM (which does no work on the foot).
// Trunk upright and legs hanging straight put every heavy COM on one vertical, so nothing else
// turns.
struct Pendulum {
  Model model;
  double periodS;
  double restAngleRad;  // ankle angle at which the foot's COM hangs below the ankle
};
Pendulum makePendulum() {
  Model m = defaultModel();
  for (int seg : {kHat, kThighR, kShankR, kThighL, kShankL}) {
    m.segments[seg].massKg = 1e6;
    m.segments[seg].inertiaKgm2 = 1e6;
  }
  m.jointLimits = JointLimitSpec{0, 0};  // free joints (the foot hangs beyond its range)
  m.contacts.clear();
  const Segment& foot = m.segments[kFootR];
  const double d = foot.com_S.norm();
  const double pivotInertia = foot.inertiaKgm2 + foot.massKg * d * d;
  return {m, 2 * kPi * std::sqrt(pivotInertia / (foot.massKg * kGravityMps2 * d)),
          -std::atan2(foot.com_S.x(), -foot.com_S.y())};
}
}  // namespace

TEST(Physics, BulletPosesMatchOurKinematics) {
  const Model model = defaultModel();
  auto world = PhysicsWorld::create(model, PhysicsSpec{});
  ASSERT_TRUE(world) << world.error();
  const VecQ q = someConfiguration();
  (*world)->reset(q, VecQ::Zero());
  const SegmentPoses ours = computePoses(model, q);
  for (int i = 0; i < kNumSegments; ++i) {
    const SegmentPoseCheck b = (*world)->bulletPose(i);
    EXPECT_NEAR(wrapAngle(b.angleRad - ours[i].angleRad), 0.0, 1e-9) << model.segments[i].name;
    EXPECT_NEAR((b.origin_W - ours[i].origin_W).norm(), 0.0, 1e-9) << model.segments[i].name;
  }
  EXPECT_NEAR(((*world)->q() - q).norm(), 0.0, 1e-12);
}

// The poses and twists the world hands to the controller and the recorder are those of its
// current (q, q̇): after a reset and after every step of a fall onto the ground (contacts
// touching, limits engaged), exactly what computePoses/computeTwists give.
TEST(Physics, SharedPosesAndTwistsAreThoseOfTheCurrentState) {
  const Model model = defaultModel();
  auto world = PhysicsWorld::create(model, PhysicsSpec{});
  ASSERT_TRUE(world) << world.error();
  VecQ qd = VecQ::Zero();
  qd[kPelvisTx] = 0.4;
  qd[kHipR] = 1.0;
  (*world)->reset(someConfiguration(), qd);
  JointTorques torque = JointTorques::Zero();
  torque[0] = 20.0;
  for (int k = 0; k <= 300; ++k) {
    if (k > 0) {
      ASSERT_EQ((*world)->step(torque), StepStatus::kOk) << k;
    }
    const SegmentPoses poses = computePoses(model, (*world)->q());
    const SegmentTwists twists = computeTwists(model, poses, (*world)->qd());
    for (int i = 0; i < kNumSegments; ++i) {
      ASSERT_EQ((*world)->poses()[i].origin_W, poses[i].origin_W) << "step " << k;
      ASSERT_EQ((*world)->poses()[i].angleRad, poses[i].angleRad) << "step " << k;
      ASSERT_EQ((*world)->twists()[i].omegaRadps, twists[i].omegaRadps) << "step " << k;
      ASSERT_EQ((*world)->twists()[i].originVelocity_W, twists[i].originVelocity_W) << "step " << k;
    }
  }
}

TEST(Physics, JointTorqueTurnsTheChildPositively) {
  const Model model = defaultModel();
  auto world = PhysicsWorld::create(model, PhysicsSpec{}).value();
  VecQ q = someConfiguration();
  q[kPelvisTy] = 3.0;  // in the air
  world->reset(q, VecQ::Zero());
  JointTorques t = JointTorques::Zero();
  t[actuatedIndex(Side::kRight, JointType::kKnee)] = 10;
  world->step(t);
  EXPECT_GT(world->lastStep().qdd[kKneeR], 50.0);
}

TEST(Physics, CompoundPendulumPeriodAndEnergy) {
  for (double dt : {PhysicsSpec{}.timeStepS, PhysicsSpec{}.timeStepS / 4}) {
    const Pendulum p = makePendulum();
    PhysicsSpec spec;
    spec.timeStepS = dt;
    auto world = PhysicsWorld::create(p.model, spec).value();
    VecQ q = VecQ::Zero();
    q[kPelvisTy] = 2.0;
    q[kPelvisTilt] = p.model.uprightPelvisTiltRad;
    q[kHipR] = q[kHipL] = -p.model.uprightPelvisTiltRad;
    q[kAnkleL] = p.restAngleRad;
    const double amplitude = 0.05;
    q[kAnkleR] = p.restAngleRad + amplitude;
    world->reset(q, VecQ::Zero());
    const double weight = p.model.totalMassKg() * kGravityMps2;
    const Segment& foot = p.model.segments[kFootR];
    auto energy = [&] {
      const SegmentPoses poses = computePoses(p.model, world->q());
      const SegmentTwists tw = computeTwists(p.model, poses, world->qd());
      const Vec2 c = poses[kFootR].toWorld(foot.com_S);
      const Vec2 v = pointVelocity(poses[kFootR], tw[kFootR], c);
      return 0.5 * foot.massKg * v.squaredNorm() +
             0.5 * foot.inertiaKgm2 * std::pow(tw[kFootR].omegaRadps, 2) +
             foot.massKg * kGravityMps2 * c.y();
    };
    const double e0 = energy();
    double maxEnergyError = 0;
    std::vector<double> upCrossings;
    double previous = amplitude;
    const int steps = static_cast<int>(6.0 / dt);
    for (int k = 0; k < steps; ++k) {
      const SegmentPoses poses = computePoses(p.model, world->q());
      world->applyPush(Vec2(0, weight), poses[kHat].toWorld(p.model.segments[kHat].com_S));
      world->step(JointTorques::Zero());
      const double angle = world->q()[kAnkleR] - p.restAngleRad;
      if (previous < 0 && angle >= 0)
        upCrossings.push_back(world->timeS() - dt * angle / (angle - previous));
      previous = angle;
      maxEnergyError = std::max(maxEnergyError, std::abs(energy() - e0));
    }
    ASSERT_GE(upCrossings.size(), 4u);
    const double measured = (upCrossings.back() - upCrossings.front()) / (upCrossings.size() - 1);
    // Small-amplitude period; the 0.05 rad amplitude lengthens it by θ²/16 ≈ 0.016 %.
    EXPECT_NEAR(measured / p.periodS, 1.0, 2e-3)
        << "dt " << dt << " period " << measured << " vs " << p.periodS;
    // Swing energy m g d (1 - cos θ); the symplectic integrator keeps the error bounded.
    const double swingEnergy =
        foot.massKg * kGravityMps2 * foot.com_S.norm() * (1 - std::cos(amplitude));
    EXPECT_LT(maxEnergyError, 0.05 * swingEnergy) << "dt " << dt;
  }
}

TEST(Physics, FreeFallFollowsGravityAndKeepsMomentum) {
  const Model model = defaultModel();
  auto world = PhysicsWorld::create(model, PhysicsSpec{}).value();
  VecQ q = someConfiguration();
  q[kPelvisTy] = 5.0;
  VecQ qd = VecQ::Zero();
  qd[kPelvisTx] = 1.3;
  qd[kPelvisTy] = 0.4;
  qd[kHipR] = 1.0;
  qd[kKneeL] = -2.0;
  world->reset(q, qd);
  const Vec2 v0 = systemComVelocity(model, *world);
  const Vec2 c0 = systemCom(model, *world);
  const double t = 0.5;
  while (world->timeS() < t - 1e-9) world->step(JointTorques::Zero());
  const Vec2 v = systemComVelocity(model, *world);
  const Vec2 c = systemCom(model, *world);
  EXPECT_NEAR(v.x(), v0.x(), 2e-3);
  EXPECT_NEAR(v.y(), v0.y() - kGravityMps2 * t, 2e-3);
  // Continuous parabola; semi-implicit Euler lags by ½ g dt t.
  EXPECT_NEAR(c.x(), c0.x() + v0.x() * t, 2e-3);
  EXPECT_NEAR(c.y(), c0.y() + v0.y() * t - 0.5 * kGravityMps2 * t * t,
              0.5 * kGravityMps2 * PhysicsSpec{}.timeStepS * t + 2e-3);
  EXPECT_EQ(world->diagnostics().nanSteps, 0);
}

TEST(Physics, StaysExactlyInTheSagittalPlane) {
  const Model model = defaultModel();
  auto world = PhysicsWorld::create(model, PhysicsSpec{}).value();
  VecQ q = someConfiguration();
  VecQ qd = VecQ::Ones();
  world->reset(q, qd);
  for (int k = 0; k < 500; ++k) world->step(JointTorques::Constant(5.0));
  for (int i = 0; i < kNumSegments; ++i) EXPECT_LT(world->bulletPose(i).outOfPlane, 1e-12);
}

namespace {
// Holds a standing posture with joint PD plus ankle balance feedback that keeps the COM above the
// middle of the feet (a passive statue on short compliant feet rocks over its heels).
// Explicit PD (kp 1000 N·m/rad): at 2000 this fixture rang and blew up at the 2.5 ms step.
JointTorques standingTorques(const Model& model, const PhysicsWorld& world, const VecQ& target,
                             const Ground& ground) {
  const SegmentPoses poses = computePoses(model, world.q());
  const Vec2 com = computeCom(model, poses);
  const Vec2 comVel = computeComVelocity(model, poses, computeTwists(model, poses, world.qd()));
  // The COM's vertical projection is what must stay over the feet, on a slope too.
  (void)ground;
  const double midFootX = poses[kFootR].origin_W.x() + 0.04;
  const double balance = 800.0 * (com.x() - midFootX) + 150.0 * comVel.x();
  JointTorques t;
  for (int j = 0; j < kNumActuated; ++j) {
    const int dof = kHipR + j;
    const bool isAnkle = (j % 3) == 2;
    t[j] = 1000.0 * (target[dof] - world.q()[dof]) - (isAnkle ? 0.5 : 20.0) * world.qd()[dof] -
           (isAnkle ? 0.5 * balance : 0.0);
  }
  return t;
}

std::unique_ptr<PhysicsWorld> standStill(const Model& model, double groundAngle, double seconds,
                                         std::vector<Vec2>* footPositions = nullptr) {
  PhysicsSpec spec;
  spec.ground = Ground(groundAngle);
  auto world = PhysicsWorld::create(model, spec).value();
  VecQ q = VecQ::Zero();
  q[kPelvisTilt] = model.uprightPelvisTiltRad;
  for (Side s : kSides) {
    q[dofOf(s, JointType::kHip)] = -model.uprightPelvisTiltRad;  // thighs vertical
    q[dofOf(s, JointType::kKnee)] = -0.05;
    // Feet flat on the slope: foot angle = tilt + hip + knee + ankle = ground angle.
    q[dofOf(s, JointType::kAnkle)] = groundAngle + 0.05;
  }
  // Lower it until the lowest sphere just touches.
  const SegmentPoses poses = computePoses(model, q);
  double lowest = 1e9;
  for (const ContactSphere& c : model.contacts) {
    lowest =
        std::min(lowest, spec.ground.heightAbove(poses[c.segment].toWorld(c.center_S)) - c.radiusM);
  }
  q[kPelvisTx] -= lowest * spec.ground.normal().x();
  q[kPelvisTy] -= lowest * spec.ground.normal().y();
  world->reset(q, VecQ::Zero());
  while (world->timeS() < seconds) {
    world->step(standingTorques(model, *world, q, spec.ground));
    if (footPositions) footPositions->push_back(computePoses(model, world->q())[kFootR].origin_W);
  }
  return world;
}
}  // namespace

TEST(Physics, StandingWeightIsCarriedByTheContacts) {
  const Model model = defaultModel();
  auto world = standStill(model, 0.0, 3.0);
  const VecQ target = world->q();
  // Over one more second of standing, the contact impulse equals the weight's impulse plus the
  // change of momentum (the body still sways a little).
  auto comVelocity = [&] {
    const SegmentPoses p = computePoses(model, world->q());
    return computeComVelocity(model, p, computeTwists(model, p, world->qd()));
  };
  const Vec2 v0 = comVelocity();
  Vec2 impulse = Vec2::Zero();
  double rightMinusLeft = 0;
  int n = 0;
  const double t0 = world->timeS();
  for (double end = t0 + 1.0; world->timeS() < end; ++n) {
    world->step(standingTorques(model, *world, target, Ground()));
    const ContactState& c = world->lastStep().contacts;
    impulse += (c.feet[0].force_W + c.feet[1].force_W) * world->timeStepS();
    rightMinusLeft += c.feet[0].force_W.y() - c.feet[1].force_W.y();
  }
  const double duration = world->timeS() - t0;
  const double mass = model.totalMassKg();
  const double weight = mass * kGravityMps2;
  const Vec2 expected = mass * (comVelocity() - v0) + Vec2(0, weight * duration);
  EXPECT_NEAR(impulse.y() / (weight * duration), expected.y() / (weight * duration), 1e-3);
  EXPECT_NEAR(impulse.x() / (weight * duration), expected.x() / (weight * duration), 1e-3);
  EXPECT_NEAR(impulse.y() / (weight * duration), 1.0, 3e-3);
  EXPECT_NEAR(rightMinusLeft / n, 0.0, 1e-6 * weight);  // symmetric
  // Body weight on 4 spheres compresses each by about (W/4/k)^(2/3) ≈ 5 mm; none near 2 cm.
  EXPECT_LT(world->diagnostics().maxPenetrationM, 0.02);
}

TEST(Physics, FrictionHoldsAStandingWalkerOnA15PercentIncline) {
  // Standing on a 15 % slope for 4 s, the feet must not creep downhill: the stick spring only
  // gives elastically (sub-millimetre), unlike velocity-regularised friction.
  const Model model = defaultModel();
  const double angle = std::atan(0.15);
  std::vector<Vec2> foot;
  auto world = standStill(model, angle, 4.5, &foot);
  const Ground g{angle};
  const std::size_t settled = static_cast<std::size_t>(0.5 / PhysicsSpec{}.timeStepS);
  double creep = 0;
  for (std::size_t k = settled; k < foot.size(); ++k)
    creep = std::max(creep, std::abs(g.along(foot[k] - foot[settled])));
  EXPECT_LT(creep, 0.001);
  // Friction carries the downhill component of the weight: tangential / normal = tan α = 0.15.
  const ContactState& c = world->contacts();
  const Vec2 total = c.feet[0].force_W + c.feet[1].force_W;
  EXPECT_NEAR(total.dot(g.tangent()) / total.dot(g.normal()), 0.15, 0.01);
  EXPECT_EQ(world->diagnostics().nanSteps, 0);
}

TEST(ContactModel, HuntCrossleyNormalForceAndExplicitLimit) {
  ContactMaterial m;
  m.stiffness = 5e5;
  m.dissipationSpm = 1.0;
  m.frictionCoefficient = 0.9;
  m.tangentialStiffnessNpm = 5e4;
  m.tangentialDampingNspm = 200;
  StickAnchor anchor;
  const Ground level;
  // 4 mm into the ground, approaching at 0.1 m/s; explicit law (dt = 0).
  const double delta = 0.004, approach = 0.1;
  SphereContactForce f =
      computeSphereContact(m, level, Vec2(0, 0.03 - delta), 0.03, Vec2(0, -approach), anchor);
  const double expected = 5e5 * std::pow(delta, 1.5) * (1 + 1.5 * 1.0 * approach);
  EXPECT_NEAR(f.force_W.y(), expected, 1e-9 * expected);
  EXPECT_NEAR(f.penetrationM, delta, 1e-15);
  EXPECT_NEAR(f.point_W.y(), -delta, 1e-15);
  // Separating fast enough, the force would pull: it is clipped to zero.
  anchor = {};
  f = computeSphereContact(m, level, Vec2(0, 0.03 - delta), 0.03, Vec2(0, 2.0), anchor);
  EXPECT_EQ(f.force_W.y(), 0.0);
  // Not touching: nothing, anchor released.
  f = computeSphereContact(m, level, Vec2(0, 0.05), 0.03, Vec2(0, -1), anchor);
  EXPECT_FALSE(f.active);
  EXPECT_FALSE(anchor.attached);
}

TEST(ContactModel, ImplicitStepIsTheExplicitLawForHeavyBodiesAndSofterForLightOnes) {
  ContactMaterial m{5e5, 1.0, 0.9, 5e4, 200};
  const Ground level;
  StickAnchor a1, a2, a3;
  const Vec2 centre(0, 0.025), velocity(0, -0.5);
  const auto explicitForce = computeSphereContact(m, level, centre, 0.03, velocity, a1).force_W.y();
  const auto heavy =
      computeSphereContact(m, level, centre, 0.03, velocity, a2, 0.002, {1e12, 1e12}).force_W.y();
  const auto light =
      computeSphereContact(m, level, centre, 0.03, velocity, a3, 0.002, {0.5, 0.5}).force_W.y();
  // Heavy: backward Euler adds the anticipated penetration k' dt u only.
  const double delta = 0.005, k1 = 1.5 * 5e5 * std::sqrt(delta);
  EXPECT_NEAR(heavy, explicitForce + k1 * 0.002 * 0.5, 1e-6 * heavy);
  EXPECT_LT(light, heavy);
  EXPECT_GT(light, 0.0);
}

TEST(ContactModel, FrictionSticksThenSlipsAtMuTimesNormal) {
  ContactMaterial m{5e5, 0.0, 0.5, 5e4, 0.0};
  const Ground level;
  StickAnchor anchor;
  const double delta = 0.004;
  const double normal = 5e5 * std::pow(delta, 1.5);
  // Touch down at x = 0, then move the contact 1 mm: elastic stick force -k x.
  computeSphereContact(m, level, Vec2(0, 0.03 - delta), 0.03, Vec2::Zero(), anchor);
  SphereContactForce f =
      computeSphereContact(m, level, Vec2(0.001, 0.03 - delta), 0.03, Vec2::Zero(), anchor);
  EXPECT_NEAR(f.force_W.x(), -50.0, 1e-9);
  // Far away: the force saturates at μ F_n and the anchor follows.
  f = computeSphereContact(m, level, Vec2(0.1, 0.03 - delta), 0.03, Vec2::Zero(), anchor);
  EXPECT_NEAR(f.force_W.x(), -0.5 * normal, 1e-9);
  EXPECT_NEAR(anchor.alongM, 0.1 - 0.5 * normal / 5e4, 1e-12);
}

TEST(JointLimits, OneSidedSpringDamperBeyondTheRange) {
  const JointLimitSpec spec{400, 8};
  EXPECT_EQ(computeJointLimitTorque(spec, 0.1, 5.0, -1, 1), 0.0);
  EXPECT_NEAR(computeJointLimitTorque(spec, 1.1, 0.0, -1, 1), -40.0, 1e-12);
  EXPECT_NEAR(computeJointLimitTorque(spec, -1.1, 0.0, -1, 1), 40.0, 1e-12);
  // Moving back into range fast: damping may not pull it outward.
  EXPECT_EQ(computeJointLimitTorque(spec, 1.01, -10.0, -1, 1), 0.0);
  // Implicit damping on a light segment: at most stops the joint within the step (never reverses
  // it), and is the explicit law for a heavy one.
  const double dt = 0.002, footInertia = 0.002;
  const double tau = computeJointLimitTorque({0, 8}, 1.0001, 10.0, -1, 1, dt, footInertia);
  EXPECT_NEAR(tau, -8.0 * 10.0 / (1.0 + 8.0 * dt / footInertia), 1e-12);
  EXPECT_LE(std::abs(tau) * dt / footInertia, 10.0);
  EXPECT_NEAR(computeJointLimitTorque({0, 8}, 1.0001, 10.0, -1, 1, dt, 1e9), -80.0, 1e-6);
}

TEST(Physics, DirectFeatherstoneStepEqualsTheWorldStepBitwise) {
  const Model model = defaultModel();
  auto direct = PhysicsWorld::create(model, PhysicsSpec{}).value();
  auto viaWorld = PhysicsWorld::create(model, PhysicsSpec{}).value();
  viaWorld->setUseWorldStep(true);
  VecQ q = someConfiguration();
  q[kPelvisTy] = model.legLengthM + 0.02;  // lands on its feet within the run
  VecQ qd = VecQ::Zero();
  qd[kPelvisTx] = 1.0;
  qd[kKneeR] = -1.5;
  direct->reset(q, qd);
  viaWorld->reset(q, qd);
  for (int k = 0; k < 400; ++k) {
    JointTorques t;
    for (int j = 0; j < kNumActuated; ++j) t[j] = 40.0 * std::sin(0.01 * k + j);
    if (k == 100) {
      direct->applyPush(Vec2(50, 10), Vec2(0.1, 1.2));
      viaWorld->applyPush(Vec2(50, 10), Vec2(0.1, 1.2));
    }
    direct->step(t);
    viaWorld->step(t);
  }
  EXPECT_GT(direct->diagnostics().maxPenetrationM, 0.0);  // contacts were involved
  for (int i = 0; i < kNumDof; ++i) {
    EXPECT_EQ(direct->q()[i], viaWorld->q()[i]) << dofName(i);
    EXPECT_EQ(direct->qd()[i], viaWorld->qd()[i]) << dofName(i);
  }
}

// The ground's frame: unit tangent and normal at its angle, the surface at zero height, and a
// positive grade rising along the direction of travel either way.
TEST(Ground, FrameAndGradeSigns) {
  for (double grade : {-15.0, -5.0, 0.0, 10.0}) {
    for (double travel : {1.0, -1.0}) {
      const Ground g = Ground::fromGrade(grade, travel);
      EXPECT_NEAR(g.angleRad(), travel * std::atan(grade / 100.0), 1e-15);
      EXPECT_NEAR(g.tangent().norm(), 1.0, 1e-15);
      EXPECT_NEAR(g.normal().norm(), 1.0, 1e-15);
      EXPECT_NEAR(g.tangent().dot(g.normal()), 0.0, 1e-15);
      EXPECT_NEAR(g.normal().x(), -std::sin(g.angleRad()), 1e-15);
      EXPECT_NEAR(g.heightAbove(Vec2(2.0, g.surfaceY(2.0))), 0.0, 1e-12);
      EXPECT_NEAR(g.heightAbove(Vec2(0.5, g.surfaceY(0.5)) + 0.3 * g.normal()), 0.3, 1e-12);
      // One metre along the travel direction climbs by the grade.
      const Vec2 ahead(travel * std::cos(g.angleRad()), 0);
      EXPECT_NEAR(g.surfaceY(ahead.x()), grade / 100.0 * std::abs(ahead.x()), 1e-12);
      EXPECT_NEAR(g.along(Vec2(3.0, g.surfaceY(3.0))), 3.0 / std::cos(g.angleRad()), 1e-12);
    }
  }
  const Ground level;
  EXPECT_EQ(level.normal(), Vec2(0, 1));
  EXPECT_EQ(level.tangent(), Vec2(1, 0));
}
