#pragma once
// The physics world: Bullet's btMultiBody (Featherstone) stepping our Model. Bullet stays in
// src/physics/*.cpp; this header exposes only our own types.
//
// One call to step() is one fixed Bullet step. Contact (compliant spheres), joint-limit torques,
// actuator torques and any push are computed by us and applied as forces for exactly that step.
// After the step, contact and limit forces are evaluated for the new state, so the state a
// controller reads and the forces the next step applies are the same.

#include <array>
#include <limits>
#include <memory>

#include "retrogait/core/result.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/model/model.h"
#include "retrogait/physics/contact_model.h"
#include "retrogait/physics/ground.h"

namespace retrogait {

inline constexpr int kMaxContactSpheres = 8;

struct PhysicsSpec {
  double timeStepS = 0.0025;          ///< fixed step [s]; chosen by docs/physics.md's study; 2.5 ms
  Ground ground;                      ///< inclined plane; default level
  double penetrationWarningM = 0.02;  ///< deeper sphere penetration is counted as a diagnostic [m]
  double limitOvershootWarningRad = degToRad(10);  ///< joint beyond its range by more is counted
};

/// Contact forces per foot (sum over its spheres) with the centre of pressure.
struct FootContact {
  Vec2 force_W = Vec2::Zero();  ///< ground reaction force on the foot [N]
  Vec2 cop_W = Vec2::Zero();    ///< centre of pressure on the ground [m]; meaningful when active
  bool active = false;          ///< any sphere touches
};

struct ContactState {
  std::array<SphereContactForce, kMaxContactSpheres> spheres;  ///< in Model::contacts order
  int sphereCount = 0;
  std::array<FootContact, 2> feet;  ///< [right, left]
};

/// Counted numerical trouble (never thrown).
struct PhysicsDiagnostics {
  long nanSteps = 0;           ///< steps whose state became non-finite
  long limitOvershoots = 0;    ///< steps with a joint beyond its range by more than the warning
  long deepPenetrations = 0;   ///< steps with a sphere deeper than the warning
  double maxPenetrationM = 0;  ///< deepest sphere penetration seen [m]
  double maxLimitOvershootRad = 0;  ///< largest excursion beyond a joint range [rad]
};

/// Everything that acted during one completed step, for inverse dynamics: with q, q̇ at the
/// start of the step, q̈ = (q̇_end − q̇_start)/dt and the forces, the equations of motion hold
/// exactly (Bullet integrates semi-implicitly: q̇ first, then q with the new q̇).
struct StepRecord {
  double timeS = 0;                                      ///< time at the start of the step [s]
  VecQ q = VecQ::Zero();                                 ///< at the start
  VecQ qd = VecQ::Zero();                                ///< at the start
  VecQ qdd = VecQ::Zero();                               ///< over the step
  JointTorques actuatorTorqueNm = JointTorques::Zero();  ///< controller torques as applied
  JointTorques limitTorqueNm = JointTorques::Zero();     ///< passive joint-limit torques
  ContactState contacts;                                 ///< contact forces applied during the step
  Vec2 pushForce_W = Vec2::Zero();                       ///< external push on the HAT [N]
  Vec2 pushPoint_W = Vec2::Zero();                       ///< where it acted [m]
};

/// Pose of a segment frame read back from Bullet.
struct SegmentPoseCheck {
  Vec2 origin_W = Vec2::Zero();
  double angleRad = 0;
  double outOfPlane = 0;  ///< |z| of the COM plus the roll/yaw part of the rotation
};

enum class StepStatus { kOk, kNumericalFailure };

class PhysicsWorld {
 public:
  static Result<std::unique_ptr<PhysicsWorld>> create(const Model& model, const PhysicsSpec& spec);
  ~PhysicsWorld();
  PhysicsWorld(const PhysicsWorld&) = delete;
  PhysicsWorld& operator=(const PhysicsWorld&) = delete;

  /// Puts the walker at (q, q̇), time 0, contact anchors released.
  void reset(const VecQ& q, const VecQ& qd);
  /// Applies a force to the HAT at a world point during the next step only.
  void applyPush(const Vec2& force_W, const Vec2& point_W);
  /// Advances one fixed step with the given actuator torques (clamped to the model's limits).
  StepStatus step(const JointTorques& actuatorTorques);

  double timeS() const;
  double timeStepS() const;
  const VecQ& q() const;
  const VecQ& qd() const;
  /// Segment poses and twists of the current (q, q̇), as the contact model used them (the
  /// controller and the recorder share them instead of recomputing).
  const SegmentPoses& poses() const;
  const SegmentTwists& twists() const;
  /// Contact forces at the current state (these act during the next step).
  const ContactState& contacts() const;
  /// Joint-limit torques at the current state.
  const JointTorques& limitTorques() const;
  const StepRecord& lastStep() const;
  const PhysicsDiagnostics& diagnostics() const;
  const Ground& ground() const;
  const Model& model() const;
  /// A segment's pose as Bullet holds it (for checks against our own kinematics).
  SegmentPoseCheck bulletPose(int segment) const;
  /// Steps through btMultiBodyDynamicsWorld::stepSimulation instead of the direct Featherstone
  /// sequence (the two are bitwise equal; the test that says so uses this).
  void setUseWorldStep(bool on);

 private:
  struct Impl;
  explicit PhysicsWorld(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

/// Joint-limit torque for a coordinate beyond [minRad, maxRad] (zero inside) [N·m]. The damping
/// is taken implicitly on the inertia the joint moves, c q̇ / (1 + c dt / I), like the contact
/// damping: explicit, 8 N·m·s/rad on a 50 kg subject's foot (I ≈ 0.002 kg·m²) gives c dt / I ≈ 8
/// at 2 ms and the foot rang at the limit until the step blew up. dt = 0 (or I = ∞) is the
/// explicit law.
double computeJointLimitTorque(const JointLimitSpec& spec, double q, double qd, double minRad,
                               double maxRad, double dtS = 0,
                               double inertiaKgm2 = std::numeric_limits<double>::infinity());

}  // namespace retrogait
