// Inverse dynamics against the model's own mass matrix and energy, against hand free-body
// calculations, and against Bullet's forward dynamics (random states and a full walk).

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "retrogait/analysis/inverse_dynamics.h"
#include "retrogait/analysis/joint_work.h"
#include "retrogait/model/dynamics.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/model/model_loader.h"
#include "retrogait/physics/physics_world.h"
#include "retrogait/sim/simulation.h"

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

VecQ randomVec(std::mt19937& rng, double scale) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  VecQ v;
  for (int i = 0; i < kNumDof; ++i) v[i] = scale * u(rng);
  return v;
}

VecQ randomPose(std::mt19937& rng) {
  VecQ q = randomVec(rng, 1.0);
  q[kPelvisTx] *= 2.0;
  q[kPelvisTy] = 0.9 + 0.1 * q[kPelvisTy];
  q[kPelvisTilt] *= 0.4;
  return q;
}

double potentialEnergy(const Model& model, const VecQ& q) {
  SegmentTwists still{};
  return computeMechanicalEnergy(model, computePoses(model, q), still);
}

MatQ massMatrix(const Model& model, const VecQ& q) {
  return computeMassMatrix(model, computePoses(model, q));
}

const std::span<const ExternalPointForce> kNoForces{};

}  // namespace

// Q(q, 0, q̈) − Q(q, 0, 0) = M(q) q̈ with M from model/dynamics.h (built from Jacobians, not by
// Newton–Euler).
TEST(InverseDynamics, InertialTermEqualsMassMatrixTimesAcceleration) {
  const Model& model = testModel();
  std::mt19937 rng(1);
  for (int trial = 0; trial < 20; ++trial) {
    const VecQ q = randomPose(rng), qdd = randomVec(rng, 20.0);
    const VecQ tau =
        computeInverseDynamics(model, q, VecQ::Zero(), qdd, kNoForces, 0.0).generalizedForce;
    const VecQ expected = massMatrix(model, q) * qdd;
    EXPECT_LT((tau - expected).cwiseAbs().maxCoeff(), 1e-10 * (1 + expected.norm()));
  }
}

// The inverse mass matrix (used for the contact effective masses) inverts M on random poses.
TEST(InverseDynamics, InverseMassMatrixInvertsTheMassMatrix) {
  const Model& model = testModel();
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    const SegmentPoses poses = computePoses(model, randomPose(rng));
    const MatQ product = computeMassMatrix(model, poses) * computeInverseMassMatrix(model, poses);
    EXPECT_LT((product - MatQ::Identity()).cwiseAbs().maxCoeff(), 1e-9) << trial;
  }
}

// Velocity terms: Q(q, q̇, 0) without gravity = Ṁ q̇ − ½ ∂(q̇ᵀ M q̇)/∂q (Lagrange), with the
// derivatives of M by central differences.
TEST(InverseDynamics, VelocityTermsMatchLagrangeEquations) {
  const Model& model = testModel();
  std::mt19937 rng(2);
  const double h = 1e-6;
  for (int trial = 0; trial < 20; ++trial) {
    const VecQ q = randomPose(rng), qd = randomVec(rng, 4.0);
    const VecQ tau =
        computeInverseDynamics(model, q, qd, VecQ::Zero(), kNoForces, 0.0).generalizedForce;
    const MatQ Mdot = (massMatrix(model, q + h * qd) - massMatrix(model, q - h * qd)) / (2 * h);
    VecQ expected = Mdot * qd;
    for (int k = 0; k < kNumDof; ++k) {
      VecQ e = VecQ::Zero();
      e[k] = h;
      const double dT =
          qd.dot(massMatrix(model, q + e) * qd) - qd.dot(massMatrix(model, q - e) * qd);
      expected[k] -= 0.5 * dT / (2 * h);
    }
    EXPECT_LT((tau - expected).cwiseAbs().maxCoeff(), 1e-6 * (1 + expected.norm())) << trial;
  }
}

// Gravity terms: Q(q, 0, 0) = ∂V/∂q with V the potential energy of model/kinematics.h.
TEST(InverseDynamics, GravityTermIsGradientOfPotentialEnergy) {
  const Model& model = testModel();
  std::mt19937 rng(3);
  const double h = 1e-6;
  for (int trial = 0; trial < 10; ++trial) {
    const VecQ q = randomPose(rng);
    const VecQ tau =
        computeInverseDynamics(model, q, VecQ::Zero(), VecQ::Zero(), kNoForces).generalizedForce;
    for (int k = 0; k < kNumDof; ++k) {
      VecQ e = VecQ::Zero();
      e[k] = h;
      const double dV = (potentialEnergy(model, q + e) - potentialEnergy(model, q - e)) / (2 * h);
      EXPECT_NEAR(tau[k], dV, 1e-5 * (1 + std::abs(dV))) << dofName(k);
    }
  }
}

// An external point force enters as −Jᵀ F with J the point Jacobian of model/dynamics.h.
TEST(InverseDynamics, ExternalForceEntersThroughPointJacobian) {
  const Model& model = testModel();
  std::mt19937 rng(4);
  for (int trial = 0; trial < 10; ++trial) {
    const VecQ q = randomPose(rng), qd = randomVec(rng, 3.0), qdd = randomVec(rng, 10.0);
    const SegmentPoses poses = computePoses(model, q);
    const int segment = trial % kNumSegments;
    const Vec2 point = poses[segment].toWorld(Vec2(0.05, -0.1));
    const ExternalPointForce f{segment, Vec2(120.0, 700.0), point};
    const VecQ with = computeInverseDynamics(model, q, qd, qdd, std::span(&f, 1)).generalizedForce;
    const VecQ without = computeInverseDynamics(model, q, qd, qdd, kNoForces).generalizedForce;
    const VecQ expected =
        -computePointJacobian(model, poses, segment, point).transpose() * f.force_W;
    EXPECT_LT((with - without - expected).cwiseAbs().maxCoeff(), 1e-9) << trial;
  }
}

// Quiet standing on the right foot, upright: hand free-body diagrams of the foot and of the leg.
TEST(InverseDynamics, StaticStanceMatchesHandFreeBody) {
  const Model& model = testModel();
  VecQ q = VecQ::Zero();
  q[kPelvisTy] = model.legLengthM;
  q[kPelvisTilt] = model.uprightPelvisTiltRad;
  const SegmentPoses poses = computePoses(model, q);
  const double g = kGravityMps2, W = model.totalMassKg() * g;
  // Vertical ground force equal to body weight under the whole-body COM: static equilibrium.
  const Vec2 com = computeCom(model, poses);
  const ExternalPointForce grf{footSegment(Side::kRight), Vec2(0, W), Vec2(com.x(), 0)};
  const InverseDynamicsResult id =
      computeInverseDynamics(model, q, VecQ::Zero(), VecQ::Zero(), std::span(&grf, 1));
  // Root residual: nothing missing.
  EXPECT_NEAR(id.generalizedForce.head<3>().norm(), 0.0, 1e-9 * W);

  const Segment& foot = model.segments[footSegment(Side::kRight)];
  const Segment& shank = model.segments[segmentOf(Side::kRight, JointType::kKnee)];
  const Vec2 ankle = poses[footSegment(Side::kRight)].origin_W;
  const Vec2 footCom = poses[footSegment(Side::kRight)].toWorld(foot.com_S);
  // Foot: shank force on foot = −(GRF + foot weight); moment about the ankle from the shank
  // balances GRF and weight: τ = −[(cop − ankle) × GRF + (c − ankle) × (−m g)].
  const Vec2 ankleForce(0, -(W - foot.massKg * g));
  EXPECT_NEAR((id.jointForce_W[0][2] - ankleForce).norm(), 0.0, 1e-9 * W);
  const double ankleTau = -(cross2d(grf.point_W - ankle, grf.force_W) +
                            cross2d(footCom - ankle, Vec2(0, -foot.massKg * g)));
  EXPECT_NEAR(id.generalizedForce[kAnkleR], ankleTau, 1e-9 * W);
  // Shank + foot for the knee force; the swing (left) leg hangs: its hip carries its weight.
  EXPECT_NEAR(id.jointForce_W[0][1].y(), -(W - (foot.massKg + shank.massKg) * g), 1e-9 * W);
  double leftLegMass = 0;
  for (JointType jt : kJointTypes) leftLegMass += model.segments[segmentOf(Side::kLeft, jt)].massKg;
  EXPECT_NEAR(id.jointForce_W[1][0].y(), leftLegMass * g, 1e-9 * W);
  // The COP lies ahead of the ankle, so the ankle needs a plantarflexor moment (positive in the
  // gait-lab convention), i.e. a negative ankle_angle generalized force.
  ASSERT_GT(com.x(), ankle.x());
  const JointTorques moments = toExtensorMomentsNm(id.generalizedForce);
  EXPECT_GT(moments[actuatedIndex(Side::kRight, JointType::kAnkle)], 0);
  EXPECT_DOUBLE_EQ(moments[actuatedIndex(Side::kRight, JointType::kAnkle)], -ankleTau);
  EXPECT_DOUBLE_EQ(moments[actuatedIndex(Side::kRight, JointType::kHip)],
                   -id.generalizedForce[kHipR]);
  EXPECT_DOUBLE_EQ(moments[actuatedIndex(Side::kRight, JointType::kKnee)],
                   id.generalizedForce[kKneeR]);
}

TEST(InverseDynamics, JointPowerIsGeneralizedForceTimesVelocity) {
  VecQ Q, qd;
  Q << 1, 2, 3, 10, -20, 30, -40, 50, -60;
  qd << 9, 9, 9, 0.5, 2.0, -1.0, 1.5, 0.1, -0.2;
  const JointTorques p = computeJointPowersW(Q, qd);
  EXPECT_DOUBLE_EQ(p[0], 5.0);
  EXPECT_DOUBLE_EQ(p[1], -40.0);
  EXPECT_DOUBLE_EQ(p[2], -30.0);
  EXPECT_DOUBLE_EQ(p[3], -60.0);
  EXPECT_DOUBLE_EQ(p[4], 5.0);
  EXPECT_DOUBLE_EQ(p[5], 12.0);
}

// Piecewise-linear power: positive and negative areas by hand (zero crossings at t = 0.5 and
// t = 2 + 1/3): positive 0.25 + 2/3, negative −0.25 − 1 − 1/6.
TEST(JointWork, SplitsAreasAtZeroCrossings) {
  const std::vector<double> t = {0, 1, 2, 3}, p = {1, -1, -1, 2};
  const JointWork w = computeJointWork(t, p);
  EXPECT_NEAR(w.positiveJ, 0.25 + 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(w.negativeJ, -0.25 - 1.0 - 1.0 / 6.0, 1e-15);
}

// P = A sin(ω t) over one period: ±2A/ω, converging with the sampling.
TEST(JointWork, SineOverOnePeriod) {
  const double A = 50, w = 2 * kPi;
  std::vector<double> t, p;
  for (int i = 0; i <= 1000; ++i) {
    t.push_back(i / 1000.0);
    p.push_back(A * std::sin(w * t.back()));
  }
  const JointWork work = computeJointWork(t, p);
  EXPECT_NEAR(work.positiveJ, 2 * A / w, 1e-4);
  EXPECT_NEAR(work.negativeJ, -2 * A / w, 1e-4);
}

// Bullet's forward dynamics vs our inverse dynamics on random states near the ground (some
// spheres in contact), with a push on the HAT and random joint torques: the leg-joint generalized
// forces must reproduce actuator + limit torques and the root residuals must vanish.
TEST(InverseDynamics, ReproducesBulletForwardDynamicsOnRandomStates) {
  const Model& model = testModel();
  auto world = PhysicsWorld::create(model, PhysicsSpec{});
  ASSERT_TRUE(world) << world.error();
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  double worstJoint = 0, worstRootForce = 0, worstRootMoment = 0;
  int withContact = 0;
  for (int trial = 0; trial < 200; ++trial) {
    VecQ q = VecQ::Zero();
    q[kPelvisTx] = 0.3 * u(rng);
    q[kPelvisTilt] = model.uprightPelvisTiltRad + 0.2 * u(rng);
    for (int dof = kHipR; dof < kNumDof; ++dof) q[dof] = 0.4 * u(rng);
    q[kKneeR] = -0.5 * std::abs(u(rng));
    q[kKneeL] = -0.5 * std::abs(u(rng));
    // Drop the walker so that its lowest sphere penetrates 0–8 mm.
    const SegmentPoses poses = computePoses(model, q);
    double lowest = 1e9;
    for (const ContactSphere& c : model.contacts) {
      lowest = std::min(lowest, poses[c.segment].toWorld(c.center_S).y() - c.radiusM);
    }
    q[kPelvisTy] -= lowest + 0.004 + 0.004 * u(rng);
    const VecQ qd = randomVec(rng, 1.0);
    (*world)->reset(q, qd);
    (*world)->applyPush(Vec2(200 * u(rng), 50 * u(rng)),
                        computePoses(model, q)[kHat].toWorld(Vec2(0.05 * u(rng), 0.3)));
    JointTorques torque;
    for (int j = 0; j < kNumActuated; ++j) torque[j] = 80.0 * u(rng);
    ASSERT_EQ((*world)->step(torque), StepStatus::kOk);
    const StepRecord& rec = (*world)->lastStep();
    const ExternalForceSet external = makeExternalForces(model, rec);
    withContact += external.count > 0 ? 1 : 0;
    const VecQ Q =
        computeInverseDynamics(model, rec.q, rec.qd, rec.qdd, external.view()).generalizedForce;
    const JointTorques applied = rec.actuatorTorqueNm + rec.limitTorqueNm;
    for (int j = 0; j < kNumActuated; ++j) {
      worstJoint = std::max(worstJoint, std::abs(Q[kHipR + j] - applied[j]));
    }
    worstRootForce = std::max(worstRootForce, Q.head<2>().cwiseAbs().maxCoeff());
    worstRootMoment = std::max(worstRootMoment, std::abs(Q[kPelvisTilt]));
  }
  EXPECT_GT(withContact, 150);
  // Round-off: forces of hundreds of N and torques of tens of N·m agree to ~1e-12.
  EXPECT_LT(worstJoint, 1e-8);
  EXPECT_LT(worstRootForce, 1e-8);
  EXPECT_LT(worstRootMoment, 1e-8);
  RecordProperty("worst_joint_residual_nm", std::to_string(worstJoint));
  RecordProperty("worst_root_force_n", std::to_string(worstRootForce));
  std::printf(
      "[ bullet ID ] max |Q_joint - applied| %.3g N·m, max root force %.3g N, root moment %.3g "
      "N·m\n",
      worstJoint, worstRootForce, worstRootMoment);
}

// The same along a full simulated walk (the lead's Simulation facade, forward level walking).
TEST(InverseDynamics, ReproducesBulletAlongAWalk) {
  ScenarioSpec spec;
  spec.durationS = 4.0;
  auto sim = Simulation::create(spec);
  ASSERT_TRUE(sim) << sim.error();
  const Model& model = (*sim)->model();
  double worstJoint = 0, worstRoot = 0;
  long steps = 0;
  while (!(*sim)->finished()) {
    (*sim)->step();
    const StepRecord& rec = (*sim)->physics().lastStep();
    const VecQ Q =
        computeInverseDynamics(model, rec.q, rec.qd, rec.qdd, makeExternalForces(model, rec).view())
            .generalizedForce;
    const JointTorques applied = rec.actuatorTorqueNm + rec.limitTorqueNm;
    for (int j = 0; j < kNumActuated; ++j) {
      worstJoint = std::max(worstJoint, std::abs(Q[kHipR + j] - applied[j]));
    }
    worstRoot = std::max(worstRoot, Q.head<3>().cwiseAbs().maxCoeff());
    ++steps;
  }
  EXPECT_GT(steps, 100);  // the whole walk, or up to a fall
  EXPECT_LT(worstJoint, 1e-8);
  EXPECT_LT(worstRoot, 1e-8);
  std::printf("[ walk ID ] %ld steps: max |Q_joint - applied| %.3g N·m, max root residual %.3g\n",
              steps, worstJoint, worstRoot);
}
