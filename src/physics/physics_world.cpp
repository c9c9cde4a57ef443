// Bullet lives here and only here. The walker is a floating-base btMultiBody (HAT as base,
// thigh/shank/foot per leg as revolute links about Z) that stays exactly in the sagittal plane:
// every force and torque we apply is in-plane, and the base state is projected back onto the
// plane at each sync point. No Bullet colliders exist: contact is our compliant sphere model,
// which keeps Bullet's collision pipeline (most of its per-step cost) out of the loop.

#include "retrogait/physics/physics_world.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <BulletDynamics/Featherstone/btMultiBody.h>
#include <BulletDynamics/Featherstone/btMultiBodyConstraintSolver.h>
#include <BulletDynamics/Featherstone/btMultiBodyDynamicsWorld.h>
#include <btBulletDynamicsCommon.h>

#include <Eigen/Cholesky>

#include "retrogait/model/dynamics.h"
#include "retrogait/model/kinematics.h"

namespace retrogait {

namespace {
// Steps between refactorizations of the mass matrix used for the contact effective masses.
constexpr int kContactMassRefreshSteps = 4;
btVector3 toBt(const Vec2& v) {
  return btVector3(v.x(), v.y(), 0);
}
// Bullet link index of segment i (segment 0, the HAT, is the base).
int linkOf(int segment) {
  return segment - 1;
}
}  // namespace

double computeJointLimitTorque(const JointLimitSpec& spec, double q, double qd, double minRad,
                               double maxRad, double dtS, double inertiaKgm2) {
  const double damping = spec.dampingNmsPerRad / (1.0 + spec.dampingNmsPerRad * dtS / inertiaKgm2);
  if (q > maxRad) {
    return std::min(0.0, -spec.stiffnessNmPerRad * (q - maxRad) - damping * qd);
  }
  if (q < minRad) {
    return std::max(0.0, -spec.stiffnessNmPerRad * (q - minRad) - damping * qd);
  }
  return 0.0;
}

struct PhysicsWorld::Impl {
  Model model;
  PhysicsSpec spec;

  std::unique_ptr<btDefaultCollisionConfiguration> collisionConfig;
  std::unique_ptr<btCollisionDispatcher> dispatcher;
  std::unique_ptr<btDbvtBroadphase> broadphase;
  std::unique_ptr<btMultiBodyConstraintSolver> solver;
  std::unique_ptr<btMultiBodyDynamicsWorld> world;
  std::unique_ptr<btMultiBody> body;

  double timeS = 0;
  VecQ q = VecQ::Zero(), qd = VecQ::Zero();
  ContactState contacts;
  JointTorques limitTorques = JointTorques::Zero();
  std::array<StickAnchor, kMaxContactSpheres> anchors;
  StepRecord last;
  PhysicsDiagnostics diagnostics;
  Vec2 pushForce = Vec2::Zero(), pushPoint = Vec2::Zero();
  Vec2 lastComVelocity = Vec2::Zero();  // HAT COM velocity read from Bullet at the last sync
  // Scratch space of Bullet's articulated-body algorithm, kept between steps.
  btAlignedObjectArray<btScalar> scratchR;
  btAlignedObjectArray<btVector3> scratchV;
  btAlignedObjectArray<btMatrix3x3> scratchM;
  btAlignedObjectArray<btQuaternion> scratchQ;
  btAlignedObjectArray<btVector3> scratchO;
  bool useWorldStep = false;  // true: btMultiBodyDynamicsWorld::stepSimulation (for the test)
  SegmentPoses poses{};       // of the current q (set by evaluatePassiveForces)
  SegmentTwists twists{};     // of the current (q, q̇) (set by evaluatePassiveForces)
  // Inverse mass matrix for the contact effective masses, and its age in evaluations.
  std::optional<MatQ> contactMassInverse;
  int contactMassAge = 0;
  bool failed = false;

  void build() {
    collisionConfig = std::make_unique<btDefaultCollisionConfiguration>();
    dispatcher = std::make_unique<btCollisionDispatcher>(collisionConfig.get());
    broadphase = std::make_unique<btDbvtBroadphase>();
    solver = std::make_unique<btMultiBodyConstraintSolver>();
    world = std::make_unique<btMultiBodyDynamicsWorld>(dispatcher.get(), broadphase.get(),
                                                       solver.get(), collisionConfig.get());
    world->setGravity(btVector3(0, -kGravityMps2, 0));

    const Segment& hat = model.segments[kHat];
    const btVector3 hatInertia(hat.inertiaKgm2, hat.inertiaKgm2, hat.inertiaKgm2);
    body = std::make_unique<btMultiBody>(kNumSegments - 1, hat.massKg, hatInertia,
                                         /*fixedBase=*/false, /*canSleep=*/false);
    for (int i = 1; i < kNumSegments; ++i) {
      const Segment& s = model.segments[i];
      const Segment& parent = model.segments[s.parent];
      // Planar inertia only matters about Z; the other axes get the same value.
      const btVector3 inertia(s.inertiaKgm2, s.inertiaKgm2, s.inertiaKgm2);
      body->setupRevolute(linkOf(i), s.massKg, inertia, s.parent == kHat ? -1 : linkOf(s.parent),
                          btQuaternion::getIdentity(), btVector3(0, 0, 1),
                          toBt(s.jointInParent_P - parent.com_S), toBt(s.com_S),
                          /*disableParentCollision=*/true);
    }
    body->finalizeMultiDof();
    // Bullet defaults to 0.04 linear and angular damping and to sleeping; we want neither.
    body->setLinearDamping(0);
    body->setAngularDamping(0);
    body->setCanSleep(false);
    body->setMaxCoordinateVelocity(1e3);
    body->setUseGyroTerm(true);
    world->addMultiBody(body.get());
    contacts.sphereCount = static_cast<int>(model.contacts.size());
  }

  // Writes (q, q̇) into Bullet.
  void writeState() {
    const Segment& hat = model.segments[kHat];
    const double theta = q[kPelvisTilt], omega = qd[kPelvisTilt];
    const Vec2 com = Vec2(q[kPelvisTx], q[kPelvisTy]) + rotation2d(theta) * hat.com_S;
    const Vec2 comVel =
        Vec2(qd[kPelvisTx], qd[kPelvisTy]) + crossZ(omega, rotation2d(theta) * hat.com_S);
    btTransform tr;
    tr.setOrigin(toBt(com));
    tr.setRotation(btQuaternion(btVector3(0, 0, 1), theta));
    body->setBaseWorldTransform(tr);
    body->setBaseVel(toBt(comVel));
    body->setBaseOmega(btVector3(0, 0, omega));
    for (int i = 1; i < kNumSegments; ++i) {
      body->setJointPos(linkOf(i), q[kPelvisTilt + i]);
      body->setJointVel(linkOf(i), qd[kPelvisTilt + i]);
    }
    body->forwardKinematics(scratchQ, scratchO);
  }

  // Reads (q, q̇) from Bullet, projecting the base back onto the sagittal plane.
  void readState() {
    const Segment& hat = model.segments[kHat];
    const btTransform tr = body->getBaseWorldTransform();
    const btQuaternion r = tr.getRotation();
    const double theta = 2.0 * std::atan2(r.z(), r.w());
    const btVector3 com = tr.getOrigin();
    const btVector3 comVel = body->getBaseVel();
    const double omega = body->getBaseOmega().z();
    lastComVelocity = Vec2(comVel.x(), comVel.y());
    const Vec2 comOffset = rotation2d(theta) * hat.com_S;
    const Vec2 origin = Vec2(com.x(), com.y()) - comOffset;
    const Vec2 originVel = Vec2(comVel.x(), comVel.y()) - crossZ(omega, comOffset);
    q[kPelvisTx] = origin.x();
    q[kPelvisTy] = origin.y();
    q[kPelvisTilt] = wrapAngle(theta);
    qd[kPelvisTx] = originVel.x();
    qd[kPelvisTy] = originVel.y();
    qd[kPelvisTilt] = omega;
    for (int i = 1; i < kNumSegments; ++i) {
      q[kPelvisTilt + i] = body->getJointPos(linkOf(i));
      qd[kPelvisTilt + i] = body->getJointVel(linkOf(i));
    }
    // Planar projection: drop any out-of-plane round-off.
    btTransform planar;
    planar.setOrigin(btVector3(com.x(), com.y(), 0));
    planar.setRotation(btQuaternion(btVector3(0, 0, 1), theta));
    body->setBaseWorldTransform(planar);
    body->setBaseVel(btVector3(comVel.x(), comVel.y(), 0));
    body->setBaseOmega(btVector3(0, 0, omega));
  }

  // Contact and joint-limit forces for the current (q, q̇); updates the stick anchors.
  void evaluatePassiveForces() {
    poses = computePoses(model, q);
    twists = computeTwists(model, poses, qd);
    for (auto& foot : contacts.feet) foot = FootContact{};
    std::array<double, 2> copWeight = {0, 0};
    std::array<Vec2, 2> copSum = {Vec2::Zero(), Vec2::Zero()};
    // The mass matrix is inverted only when some sphere touches (for the effective masses), and
    // again every kContactMassRefreshSteps evaluations: the effective masses only scale the
    // implicit damping, and the inertia seen at a contact changes by well under 1 % in that time,
    // while inverting it is a sixth of the step's cost.
    ++contactMassAge;
    for (int k = 0; k < contacts.sphereCount; ++k) {
      const ContactSphere& sphere = model.contacts[k];
      const SegmentPose& pose = poses[sphere.segment];
      const Vec2 center = pose.toWorld(sphere.center_S);
      const Vec2 contactPoint = center - sphere.radiusM * spec.ground.normal();
      const Vec2 velocity = pointVelocity(pose, twists[sphere.segment], contactPoint);
      ContactEffectiveMass mass;
      if (spec.ground.heightAbove(center) < sphere.radiusM) {
        if (!contactMassInverse || contactMassAge >= kContactMassRefreshSteps) {
          contactMassInverse = computeInverseMassMatrix(model, poses);
          contactMassAge = 0;
        }
        const PointJacobian J = computePointJacobian(model, poses, sphere.segment, contactPoint);
        // lazyProduct: at these sizes Eigen would otherwise dispatch to its general GEMM.
        const Eigen::Matrix<double, kNumDof, 2> MinvJt =
            contactMassInverse->lazyProduct(J.transpose());
        const Mat2 inverseMass = J.lazyProduct(MinvJt);  // contact-space inverse inertia
        mass.normalKg = 1.0 / spec.ground.normal().dot(inverseMass * spec.ground.normal());
        mass.tangentKg = 1.0 / spec.ground.tangent().dot(inverseMass * spec.ground.tangent());
      }
      SphereContactForce& c = contacts.spheres[k];
      c = computeSphereContact(model.contact, spec.ground, center, sphere.radiusM, velocity,
                               anchors[k], spec.timeStepS, mass);
      const int side = sphere.segment == footSegment(Side::kRight) ? 0 : 1;
      FootContact& foot = contacts.feet[side];
      foot.force_W += c.force_W;
      if (c.active) {
        foot.active = true;
        const double fn = c.force_W.dot(spec.ground.normal());
        copSum[side] += fn * c.point_W;
        copWeight[side] += fn;
      }
      diagnostics.maxPenetrationM = std::max(diagnostics.maxPenetrationM, c.penetrationM);
    }
    for (int side = 0; side < 2; ++side) {
      if (copWeight[side] > 0) contacts.feet[side].cop_W = copSum[side] / copWeight[side];
    }
    double overshoot = 0;
    for (int j = 0; j < kNumActuated; ++j) {
      const JointSpec& joint = model.joints[j];
      const double qj = q[joint.dof];
      // The inertia for the implicit damping: the moved segment's own (central) one, the
      // smallest it can see (a foot held by its contacts turns about itself).
      const double inertia = model.segments[joint.dof - kPelvisTilt].inertiaKgm2;
      limitTorques[j] = computeJointLimitTorque(model.jointLimits, qj, qd[joint.dof], joint.minRad,
                                                joint.maxRad, spec.timeStepS, inertia);
      overshoot = std::max({overshoot, qj - joint.maxRad, joint.minRad - qj});
    }
    diagnostics.maxLimitOvershootRad = std::max(diagnostics.maxLimitOvershootRad, overshoot);
    if (overshoot > spec.limitOvershootWarningRad) ++diagnostics.limitOvershoots;
    bool deep = false;
    for (int k = 0; k < contacts.sphereCount; ++k) {
      deep = deep || contacts.spheres[k].penetrationM > spec.penetrationWarningM;
    }
    if (deep) ++diagnostics.deepPenetrations;
  }

  // One step of dt exactly as btMultiBodyDynamicsWorld::stepSimulation(dt, 0) takes it for a
  // multibody without colliders or constraints (gravity, articulated-body velocity update, clear
  // forces, apply the (empty) constraint impulses, position update), without the world's island
  // and collision bookkeeping, and without refreshing the links' cached world transforms, which
  // nothing here reads (bulletPose() refreshes them). A test holds the two paths to bitwise
  // equality.
  void featherstoneStep(double dt) {
    if (useWorldStep) {
      world->stepSimulation(dt, 0);
      return;
    }
    body->clearConstraintForces();
    const btVector3 gravity(0, -kGravityMps2, 0);
    body->addBaseForce(gravity * body->getBaseMass());
    for (int j = 0; j < body->getNumLinks(); ++j)
      body->addLinkForce(j, gravity * body->getLinkMass(j));
    scratchR.resize(body->getNumLinks() + 1);
    scratchV.resize(body->getNumLinks() + 1);
    scratchM.resize(body->getNumLinks() + 1);
    body->computeAccelerationsArticulatedBodyAlgorithmMultiDof(dt, scratchR, scratchV, scratchM,
                                                               false, false, false);
    body->clearForcesAndTorques();
    body->processDeltaVeeMultiDof2();
    body->stepPositionsMultiDof(dt);
  }

  void applyForces(const JointTorques& actuator) {
    for (int i = 1; i < kNumSegments; ++i) {
      const int j = i - 1;  // actuated index of the joint moving segment i
      body->addJointTorque(linkOf(i), actuator[j] + limitTorques[j]);
    }
    // `poses` are those of the current q (evaluatePassiveForces ran at the last sync).
    for (int k = 0; k < contacts.sphereCount; ++k) {
      const SphereContactForce& c = contacts.spheres[k];
      if (!c.active) continue;
      const int seg = model.contacts[k].segment;
      const Vec2 com = poses[seg].toWorld(model.segments[seg].com_S);
      body->addLinkForce(linkOf(seg), toBt(c.force_W));
      body->addLinkTorque(linkOf(seg), btVector3(0, 0, cross2d(c.point_W - com, c.force_W)));
    }
    if (pushForce.squaredNorm() > 0) {
      const Vec2 com = poses[kHat].toWorld(model.segments[kHat].com_S);
      body->addBaseForce(toBt(pushForce));
      body->addBaseTorque(btVector3(0, 0, cross2d(pushPoint - com, pushForce)));
    }
  }
};

PhysicsWorld::PhysicsWorld(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PhysicsWorld::~PhysicsWorld() {
  if (m_impl && m_impl->world && m_impl->body) m_impl->world->removeMultiBody(m_impl->body.get());
}

Result<std::unique_ptr<PhysicsWorld>> PhysicsWorld::create(const Model& model,
                                                           const PhysicsSpec& spec) {
  if (!(spec.timeStepS > 0 && spec.timeStepS <= 0.01)) {
    return Error{"physics time step " + std::to_string(spec.timeStepS) +
                 " s is out of range (allowed (0, 0.01] s)"};
  }
  if (!(std::abs(spec.ground.angleRad()) < degToRad(30))) {
    return Error{"ground inclination is out of range (allowed below 30 deg)"};
  }
  if (static_cast<int>(model.contacts.size()) > kMaxContactSpheres) {
    return Error{"model has more than " + std::to_string(kMaxContactSpheres) + " contact spheres"};
  }
  auto impl = std::make_unique<Impl>();
  impl->model = model;
  impl->spec = spec;
  impl->build();
  std::unique_ptr<PhysicsWorld> world(new PhysicsWorld(std::move(impl)));
  world->reset(VecQ::Zero(), VecQ::Zero());
  return world;
}

void PhysicsWorld::reset(const VecQ& q, const VecQ& qd) {
  Impl& s = *m_impl;
  s.q = q;
  s.qd = qd;
  s.timeS = 0;
  s.failed = false;
  s.diagnostics = PhysicsDiagnostics{};
  for (auto& a : s.anchors) a = StickAnchor{};
  s.contactMassInverse.reset();
  s.pushForce.setZero();
  s.writeState();
  s.evaluatePassiveForces();
  s.last = StepRecord{};
  s.last.q = q;
  s.last.qd = qd;
}

void PhysicsWorld::applyPush(const Vec2& force_W, const Vec2& point_W) {
  m_impl->pushForce = force_W;
  m_impl->pushPoint = point_W;
}

StepStatus PhysicsWorld::step(const JointTorques& requested) {
  Impl& s = *m_impl;
  if (s.failed) return StepStatus::kNumericalFailure;
  JointTorques actuator;
  for (int j = 0; j < kNumActuated; ++j) {
    const double limit = s.model.joints[j].maxTorqueNm;
    actuator[j] = std::isfinite(requested[j]) ? std::clamp(requested[j], -limit, limit) : 0.0;
  }
  StepRecord& rec = s.last;
  rec.timeS = s.timeS;
  rec.q = s.q;
  rec.qd = s.qd;
  rec.actuatorTorqueNm = actuator;
  rec.limitTorqueNm = s.limitTorques;
  rec.contacts = s.contacts;
  rec.pushForce_W = s.pushForce;
  rec.pushPoint_W = s.pushPoint;

  s.applyForces(actuator);
  s.featherstoneStep(s.spec.timeStepS);  // exactly one step of dt, no interpolation
  s.body->clearForcesAndTorques();
  s.pushForce.setZero();
  s.readState();
  s.timeS += s.spec.timeStepS;

  if (!s.q.allFinite() || !s.qd.allFinite()) {
    ++s.diagnostics.nanSteps;
    s.failed = true;
    s.q = rec.q;  // keep the last good state for reporting
    s.qd = rec.qd;
    return StepStatus::kNumericalFailure;
  }
  // Accelerations that held during the step. Joints and the tilt: exact finite differences of
  // Bullet's velocity update. Root translation: Bullet integrates the HAT COM, so the hip
  // centre's instantaneous acceleration is a_com - α × r - ω² r with r = R(θ) com_S at the start
  // of the step (a finite difference of hip-centre velocities would be O(dt) off).
  const double dt = s.spec.timeStepS;
  rec.qdd = (s.qd - rec.qd) / dt;
  {
    const Vec2 r = rotation2d(rec.q[kPelvisTilt]) * s.model.segments[kHat].com_S;
    const double omega0 = rec.qd[kPelvisTilt], omega1 = s.qd[kPelvisTilt];
    const Vec2 comVel0 = Vec2(rec.qd[kPelvisTx], rec.qd[kPelvisTy]) + crossZ(omega0, r);
    const Vec2 comVel1 = s.lastComVelocity;
    const double alpha = (omega1 - omega0) / dt;
    const Vec2 acc = (comVel1 - comVel0) / dt - crossZ(alpha, r) + omega0 * omega0 * r;
    rec.qdd[kPelvisTx] = acc.x();
    rec.qdd[kPelvisTy] = acc.y();
  }
  s.evaluatePassiveForces();
  return StepStatus::kOk;
}

double PhysicsWorld::timeS() const {
  return m_impl->timeS;
}
double PhysicsWorld::timeStepS() const {
  return m_impl->spec.timeStepS;
}
const VecQ& PhysicsWorld::q() const {
  return m_impl->q;
}
const VecQ& PhysicsWorld::qd() const {
  return m_impl->qd;
}
const SegmentPoses& PhysicsWorld::poses() const {
  return m_impl->poses;
}
const SegmentTwists& PhysicsWorld::twists() const {
  return m_impl->twists;
}
const ContactState& PhysicsWorld::contacts() const {
  return m_impl->contacts;
}
const JointTorques& PhysicsWorld::limitTorques() const {
  return m_impl->limitTorques;
}
const StepRecord& PhysicsWorld::lastStep() const {
  return m_impl->last;
}
const PhysicsDiagnostics& PhysicsWorld::diagnostics() const {
  return m_impl->diagnostics;
}
const Ground& PhysicsWorld::ground() const {
  return m_impl->spec.ground;
}
const Model& PhysicsWorld::model() const {
  return m_impl->model;
}

void PhysicsWorld::setUseWorldStep(bool on) {
  m_impl->useWorldStep = on;
}

SegmentPoseCheck PhysicsWorld::bulletPose(int segment) const {
  Impl& s = *m_impl;
  s.body->forwardKinematics(s.scratchQ, s.scratchO);
  const btTransform tr = segment == kHat ? s.body->getBaseWorldTransform()
                                         : s.body->getLink(linkOf(segment)).m_cachedWorldTransform;
  const btQuaternion r = tr.getRotation();
  SegmentPoseCheck out;
  out.angleRad = 2.0 * std::atan2(r.z(), r.w());
  const Vec2 com(tr.getOrigin().x(), tr.getOrigin().y());
  out.origin_W = com - rotation2d(out.angleRad) * s.model.segments[segment].com_S;
  out.outOfPlane = std::abs(tr.getOrigin().z()) + std::abs(r.x()) + std::abs(r.y());
  return out;
}

}  // namespace retrogait
