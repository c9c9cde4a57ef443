#pragma once
// The planar sagittal walker: a kinematic tree of 7 rigid segments (HAT, and thigh, shank, foot
// per leg) with 9 degrees of freedom, heel/toe contact spheres and 18 Hill-type muscles.
// Built from models/*.json (see model_loader.h); the physics and the analysis both read it.
//
// Frames: world X anterior (the way a forward walker faces), Y up, Z to the right. Every segment
// frame has its origin at the segment's proximal joint (HAT: the hip joint centre) and its Y axis
// along the segment (pointing to the proximal end). Generalized coordinates use OpenSim's names
// and signs: hip flexion +, knee_angle + = extension (so flexion is negative), ankle
// dorsiflexion +, pelvis_tilt + = counter-clockwise seen from the right (posterior tilt).

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "retrogait/core/cubic_spline.h"
#include "retrogait/core/math.h"

namespace retrogait {

enum class Sex { kMale, kFemale };

/// Who is walking. Segment masses, lengths and inertias are scaled from it.
struct SubjectSpec {
  double heightM = 1.75;  ///< standing height [m]; default 1.75
  double massKg = 70.0;   ///< body mass [kg]; default 70
  Sex sex = Sex::kMale;   ///< selects the de Leva (1996) sex-specific table; default male
};

/// Generalized coordinates (OpenSim coordinate names and signs; SI units).
enum Dof : int {
  kPelvisTx = 0,  ///< x of the hip joint centre [m]
  kPelvisTy,      ///< y of the hip joint centre [m]
  kPelvisTilt,    ///< HAT (pelvis) angle about +Z [rad]
  kHipR,
  kKneeR,
  kAnkleR,
  kHipL,
  kKneeL,
  kAnkleL,
  kNumDof
};

using VecQ = Eigen::Matrix<double, kNumDof, 1>;

/// Segments in tree order; segment i > 0 is moved by coordinate kPelvisTilt + i.
enum SegmentId : int { kHat = 0, kThighR, kShankR, kFootR, kThighL, kShankL, kFootL, kNumSegments };

enum class Side { kRight = 0, kLeft = 1 };
inline constexpr std::array<Side, 2> kSides = {Side::kRight, Side::kLeft};

enum class JointType { kHip = 0, kKnee = 1, kAnkle = 2 };
inline constexpr std::array<JointType, 3> kJointTypes = {JointType::kHip, JointType::kKnee,
                                                         JointType::kAnkle};

/// Coordinate index of a leg joint.
inline constexpr int dofOf(Side side, JointType joint) {
  return kHipR + 3 * static_cast<int>(side) + static_cast<int>(joint);
}
/// Segment moved by a leg joint (thigh for the hip, shank for the knee, foot for the ankle).
inline constexpr int segmentOf(Side side, JointType joint) {
  return kThighR + 3 * static_cast<int>(side) + static_cast<int>(joint);
}
inline constexpr int footSegment(Side side) {
  return segmentOf(side, JointType::kAnkle);
}
/// Index 0..5 of a leg joint among the actuated joints (hip_r, knee_r, ankle_r, hip_l, ...).
inline constexpr int actuatedIndex(Side side, JointType joint) {
  return dofOf(side, joint) - kHipR;
}
inline constexpr int kNumActuated = 6;
/// Torques of the 6 leg joints in actuatedIndex order [N·m], OpenSim sign (+ along the coordinate).
using JointTorques = Eigen::Matrix<double, kNumActuated, 1>;

const char* dofName(int dof);
const char* jointName(JointType joint);
const char* sideName(Side side);

/// One rigid body of the tree.
struct Segment {
  std::string name;
  int parent = -1;            ///< parent segment; -1 for the HAT (moved by the 3 root DOF)
  double massKg = 0;          ///< mass [kg]
  Vec2 com_S = Vec2::Zero();  ///< centre of mass in the segment frame [m]
  double inertiaKgm2 = 0;     ///< moment of inertia about the COM, about Z [kg·m²]
  Vec2 jointInParent_P = Vec2::Zero();  ///< joint centre in the parent frame [m]
  double lengthM = 0;                   ///< proximal-to-distal length, for drawing [m]
  double depthM = 0;                    ///< half width across Z, for drawing [m]
};

/// Range and strength of an actuated joint.
struct JointSpec {
  std::string name;        ///< OpenSim coordinate name, e.g. "knee_angle_r"
  int dof = 0;             ///< coordinate index
  double minRad = 0;       ///< lower end of the passive range [rad] (OpenSim sign)
  double maxRad = 0;       ///< upper end of the passive range [rad]
  double maxTorqueNm = 0;  ///< actuator torque limit [N·m] (scaled with body mass)
};

/// A sphere on a foot that touches the ground.
struct ContactSphere {
  std::string name;              ///< "heel_r", "toe_r", ...
  int segment = 0;               ///< foot segment
  Vec2 center_S = Vec2::Zero();  ///< sphere centre in the foot frame [m]
  double radiusM = 0;            ///< sphere radius [m]
};

/// Ground contact law (Hunt–Crossley normal force, elastic-slip Coulomb friction).
struct ContactMaterial {
  double stiffness = 0;            ///< Hunt–Crossley k in F = k δ^1.5 (1 + 1.5 c δ̇) [N/m^1.5]
  double dissipationSpm = 0;       ///< Hunt–Crossley c [s/m]
  double frictionCoefficient = 0;  ///< Coulomb μ (static = dynamic) [-]
  double tangentialStiffnessNpm = 0;  ///< stiffness of the stick spring [N/m]
  double tangentialDampingNspm = 0;   ///< damping of the stick spring [N·s/m]
};

/// Passive joint range: a stiff one-sided spring-damper beyond the range.
struct JointLimitSpec {
  double stiffnessNmPerRad = 0;  ///< [N·m/rad]
  double dampingNmsPerRad = 0;   ///< [N·m·s/rad], only while beyond the range
};

/// A musculotendon path point, in the frame of the segment it is fixed to.
struct MusclePathPoint {
  int segment = 0;
  Vec3 point_S = Vec3::Zero();  ///< [m]; z is lateral (+ right) and only used for drawing
  /// Conditional point: only part of the path while `conditionDof` is in [min, max] rad.
  std::optional<int> conditionDof;
  double conditionMinRad = 0, conditionMaxRad = 0;
  /// Moving point: x(q), y(q) as natural cubic splines of coordinate `movingDof` [rad → m];
  /// point_S.z() holds its constant z.
  std::optional<int> movingDof;
  CubicSpline movingX, movingY;
};

struct MuscleSpec {
  std::string name;  ///< e.g. "vasti_r"
  Side side = Side::kRight;
  double maxIsometricForceN = 0;               ///< F_max [N]
  double optimalFiberLengthM = 0;              ///< l_opt [m]
  double tendonSlackLengthM = 0;               ///< l_ts [m]
  double pennationAtOptimalRad = 0;            ///< α_opt [rad]
  double maxContractionVelocityLoptPerS = 10;  ///< v_max [l_opt/s]
  double activationTimeConstantS = 0.01;
  double deactivationTimeConstantS = 0.04;
  std::vector<MusclePathPoint> path;
};

/// The whole walker. Plain data; build with loadModel() / buildModel().
struct Model {
  std::string name;        ///< from the JSON
  std::string sourceFile;  ///< path it was loaded from
  SubjectSpec subject;
  std::array<Segment, kNumSegments> segments;
  std::array<JointSpec, kNumActuated> joints;  ///< hip_r, knee_r, ankle_r, hip_l, knee_l, ankle_l
  std::vector<ContactSphere> contacts;         ///< heel and toe per foot
  ContactMaterial contact;
  JointLimitSpec jointLimits;
  std::vector<MuscleSpec> muscles;  ///< 9 per leg
  /// Pelvis tilt at which the trunk is upright [rad] (OpenSim sign; negative = anterior tilt).
  double uprightPelvisTiltRad = 0;
  /// The right hip joint centre relative to the origin of OpenSim's pelvis frame, in the HAT
  /// frame (same orientation) [m]: converts OpenSim's pelvis_tx/ty to this model's root
  /// coordinates (hip = pelvis origin + R(tilt) · this).
  Vec2 hipFromPelvisOrigin_S = Vec2::Zero();
  double ankleHeightM = 0;  ///< ankle joint centre above the sole [m]
  double footLengthM = 0;   ///< heel to toe tip [m]
  double legLengthM = 0;    ///< hip joint centre to the sole, standing [m]

  double totalMassKg() const;
  const JointSpec& joint(Side side, JointType type) const {
    return joints[actuatedIndex(side, type)];
  }
  /// Index of a muscle by name, or -1.
  int muscleIndex(const std::string& name) const;
};

}  // namespace retrogait
