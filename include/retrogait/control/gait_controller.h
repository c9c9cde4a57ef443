#pragma once
// The gait controller: tracks phase-indexed normative joint trajectories (forward walking; the
// time-reversed ones for backward walking, after Winter 1989 and Grasso 1998) with PD control,
// balances SIMBICON-style (torso through the stance hip, swing-hip foot placement feedback on
// the velocity error), and feeds forward the swing leg's weight. One class serves both
// directions; each direction has its own parameter set.
//
// Gait phase φ ∈ [0, 1) is that of the right leg (0 = its initial contact); the left leg is half
// a cycle ahead. φ runs at the normative stride rate, snaps to 0 (or 0.5) when the right (left)
// foot makes initial contact, and a swing leg that reaches the end of its swing without contact
// waits for it (SIMBICON's "until foot contact" state).
//
// Speed adaptation: the within-stride feedback (foot placement, hip force) leaves a steady speed
// error that depends on speed and subject. Once per stride the speed at which the reference gait
// is read moves against the stride's mean speed error, an integral loop on the gait itself: a
// walker that overshoots at the reference of 0.6 m/s walks the (shorter, slower) reference of a
// lower speed. The ratio reference/commanded is bounded, and kept when the speed command changes.

#include <array>

#include "retrogait/control/controller_params.h"
#include "retrogait/control/gait_reference.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/model/model.h"
#include "retrogait/physics/ground.h"
#include "retrogait/physics/physics_world.h"

namespace retrogait {

enum class Direction { kForward, kBackward };
inline double travelSign(Direction d) {
  return d == Direction::kForward ? 1.0 : -1.0;
}
const char* directionName(Direction d);

struct GaitCommand {
  Direction direction = Direction::kForward;  ///< default forward
  double speedMps = 1.2;                      ///< walking speed along the path [m/s]; default 1.2
};

/// Supported command ranges (the controller was tuned and tested over these).
inline constexpr double kMinForwardSpeedMps = 0.6, kMaxForwardSpeedMps = 1.8;
inline constexpr double kMinBackwardSpeedMps = 0.4, kMaxBackwardSpeedMps = 1.2;
inline constexpr double kMaxGradePct = 15.0;
/// Bounds of speed adaptation, as reference speed / commanded speed. Below 0.7 the slowest
/// reference gaits (stride time near 1.8 s) made slow downhill walks fall; above 1.15 the 1.8 m/s
/// walk read extrapolated cadences and limped.
inline constexpr double kMinReferenceSpeedRatio = 0.7, kMaxReferenceSpeedRatio = 1.15;

enum class LegRole { kStance, kSwing };

/// What the controller decided this step, for plots, logs and tests.
struct ControlTelemetry {
  double phase = 0;                         ///< right-leg gait phase [0, 1)
  std::array<double, 2> legPhase = {0, 0};  ///< per leg [0, 1)
  std::array<LegRole, 2> role = {LegRole::kStance, LegRole::kStance};
  VecQ target = VecQ::Zero();  ///< joint targets (hips relative to the pelvis) [rad]
  double pelvisTargetRad = 0;
  double velocityAlongPathMps = 0;  ///< COM velocity along the ground, + toward +X
  JointTorques requestedTorqueNm = JointTorques::Zero();
  /// q̈ over the coming step as the implicit PD predicted it on our own tree, with the foot
  /// contact forces held (equals the physics' q̈ when no torque is clamped and no joint limit acts)
  VecQ predictedQdd = VecQ::Zero();
  int initialContacts = 0;  ///< initial contacts detected so far
  /// the speed the reference gait (curves, stride time) is taken at [m/s]; the commanded speed
  /// unless speed adaptation moved it
  double referenceSpeedMps = 0;
  double lastStrideSpeedMps = 0;  ///< mean COM speed along the path over the last full stride
};

class GaitController {
 public:
  GaitController(const Model& model, const GaitReference& reference, const ControllerParams& params,
                 const GaitCommand& command, const Ground& ground);

  /// Changes the command; takes effect at the next compute().
  void setCommand(const GaitCommand& command);
  const GaitCommand& command() const { return m_command; }

  /// A state to start walking from: right-foot initial contact, COM moving at the commanded
  /// speed, the lowest foot point touching the ground.
  void makeInitialState(VecQ& q, VecQ& qd) const;

  /// Torques for the next step of length dt from the current state.
  JointTorques compute(double dtS, const VecQ& q, const VecQ& qd, const ContactState& contacts);
  /// The same with the poses and twists of (q, q̇) the caller already has (PhysicsWorld's).
  JointTorques compute(double dtS, const VecQ& q, const VecQ& qd, const SegmentPoses& poses,
                       const SegmentTwists& twists, const ContactState& contacts);

  const ControlTelemetry& telemetry() const { return m_telemetry; }
  const ReferenceGait& referenceGait() const { return m_gait; }
  const GaitParams& params() const;

 private:
  struct LegTargets {
    double hip, knee, ankle;              // [rad], hip relative to the pelvis
    double hipRate, kneeRate, ankleRate;  // [rad/s]
  };
  void refreshReference();
  void adaptReferenceSpeed(double comAlongM);  // at right initial contact
  // kneeFlexionShare (0..1) scales the stance knee flexion added to the reference knee. Knee and
  // ankle targets stay within the joint's passive range: a target beyond it cannot be reached and
  // only drives the joint into its stop (a backward start on -15 % once asked the ankle for 37°
  // of dorsiflexion, 7° past its range).
  LegTargets targetsFor(Side side, double legPhase, double alongGroundAngle,
                        double kneeFlexionShare) const;
  double clampToRange(Side side, JointType type, double angleRad) const;
  double footOffFraction() const;
  double normalLoadN(const ContactState& contacts, Side side) const;

  Model m_model;
  const GaitReference* m_reference;
  ControllerParams m_params;
  GaitCommand m_command;
  Ground m_ground;
  ReferenceGait m_gait;
  double m_phase = 0;
  std::array<double, 2> m_filteredLoad = {0, 0};  // [N]
  double m_timeS = 0;                             // controller time [s]
  double m_filteredVelocity = 0;                  // COM velocity along the ground, low-passed [m/s]
  bool m_velocityFilterStarted = false;
  std::array<LegRole, 2> m_role = {LegRole::kStance, LegRole::kStance};
  std::array<LegRole, 2> m_previousRole = {LegRole::kStance, LegRole::kStance};
  std::array<double, 2> m_roleSinceS = {-1e9, -1e9};  // when each leg took its role [s]
  // Stance ankle hold (stance_ankle_load_hold_bw): the angle at contact, and whether the foot
  // has carried the hold load in this stance.
  std::array<double, 2> m_ankleAtContactRad = {0, 0};
  std::array<bool, 2> m_ankleHoldReleased = {true, true};
  double m_kpScale = 0, m_kdScale = 0;  // m g L and m g L sqrt(L/g)
  double m_hipMean = 0;                 // cycle mean of the reference hip angle
  double m_referenceSpeedRatio = 1;     // reference speed / commanded speed (speed adaptation)
  bool m_strideStarted = false;         // a right initial contact has been seen
  double m_strideStartAlongM = 0, m_strideStartS = 0;  // COM along the path, time, at it
  struct Gains {
    double kp, kd;
  };
  Gains gains(double kpHat, double kdHat) const;  // dimensionless → N·m/rad, N·m·s/rad
  using TorqueJacobian = Eigen::Matrix<double, kNumActuated, kNumDof>;
  using RowQ = Eigen::Matrix<double, 1, kNumDof>;
  JointTorques implicitTorques(double dtS, const SegmentPoses& poses, const SegmentTwists& twists,
                               const VecQ& qd, const ContactState& contacts,
                               const JointTorques& explicitTorque, const TorqueJacobian& stiffness,
                               const TorqueJacobian& damping, VecQ& predictedQdd) const;
  ControlTelemetry m_telemetry;
};

}  // namespace retrogait
