#pragma once
// Musculotendon geometry from the model's path points (OpenSim gait10dof18musc paths mapped into
// our segment frames): length, lengthening velocity, moment arms and lines of action.
//
// - The path is the polyline through the active points in the sagittal plane (x, y of each
//   point; the lateral offset z is not used, see docs/estimator.md). A conditional point is
//   active while its coordinate lies in [min, max] (OpenSim ConditionalPathPoint); a moving point
//   follows natural cubic splines of its coordinate (OpenSim MovingPathPoint).
// - Moment arms are r_j = −∂L/∂q_j [m] for the hip, knee and ankle of the muscle's side, in
//   OpenSim coordinate signs: r > 0 means the muscle's tension produces a positive generalized
//   force (hip flexor, knee extensor, ankle dorsiflexor). The extensor/plantarflexor moment arm
//   of the gait-lab convention is −r (hip), +r (knee), −r (ankle). The derivative includes the
//   motion of moving points along their splines, as OpenSim's generalized moment arm does
//   (Sherman, Seth, Delp 2013, "What is a moment arm?", ASME IDETC 2013).
// - The line of action at a joint is the sum of the unit vectors of the path segments that cross
//   the joint (one end on a segment distal to the joint, the other not), each pointing from the
//   distal end toward the proximal end: tension T pulls the distal side with T × that vector.

#include <array>
#include <cstdint>
#include <vector>

#include "retrogait/model/kinematics.h"
#include "retrogait/model/model.h"

namespace retrogait {

inline constexpr int kMaxPathPoints = 8;

/// The active path points of one muscle at one configuration (fixed capacity, no heap).
struct ActivePath {
  std::array<Vec2, kMaxPathPoints> point_W{};   ///< world positions [m]
  std::array<int, kMaxPathPoints> segment{};    ///< segment each point is fixed to
  std::array<int, kMaxPathPoints> pathIndex{};  ///< index in MuscleSpec::path
  int count = 0;
};

/// Geometry of one muscle at one configuration.
struct MuscleGeometry {
  double lengthM = 0;      ///< musculotendon length L [m]
  double velocityMps = 0;  ///< dL/dt [m/s], + = lengthening
  /// r_j = −∂L/∂q_j for hip, knee, ankle of the muscle's side (JointType order), OpenSim sign [m];
  /// 0 for joints the muscle does not cross.
  std::array<double, 3> momentArmM{};
  /// Net unit pull on the distal side of each joint (sum of crossing segment directions, world
  /// frame, pointing proximally) [-]; zero for joints not crossed.
  std::array<Vec2, 3> lineOfAction_W = {Vec2::Zero(), Vec2::Zero(), Vec2::Zero()};
  std::array<bool, 3> crossesJoint{};  ///< the muscle spans the joint
};

/// Segment origins and rotation matrices, computed once per configuration so that the path
/// points of all muscles are mapped without recomputing sines and cosines.
struct SegmentFrames {
  std::array<Vec2, kNumSegments> origin_W{};
  std::array<Mat2, kNumSegments> rotation{};
};
SegmentFrames makeSegmentFrames(const SegmentPoses& poses);

/// One path point as the per-sample pass reads it: flat, with its joint relations resolved.
struct PathPointRecord {
  Vec2 local_S = Vec2::Zero();  ///< position in its segment [m] (fixed points)
  double conditionMinRad = 0, conditionMaxRad = 0;
  int segment = 0;
  int conditionDof = -1;       ///< coordinate of a conditional point; -1: always active
  int movingDof = -1;          ///< coordinate of a moving point's splines; -1: fixed
  int movingJoint = -1;        ///< crossed joint (0–2) whose coordinate that is, or -1
  bool pairedSplines = false;  ///< its x and y splines share knots (one knot lookup)
  std::uint8_t movedBy = 0;    ///< bit j set if joint j moves it
};

/// The configuration-independent part of a muscle's geometry: the joints of its side, which of
/// them it crosses, and its path points with what moves them. Built once per model (the
/// estimator keeps one per muscle in its tables) so the per-sample pass does not walk the tree.
struct MuscleTopology {
  std::array<int, 3> jointSegment{};   ///< segment moved by the hip, knee, ankle of the side
  std::array<int, 3> jointDof{};       ///< their coordinates
  std::array<bool, 3> crossesJoint{};  ///< as muscleCrossesJoint
  std::array<int, 3> crossedJoint{};   ///< the crossed joints' indices, the first crossedCount
  int crossedCount = 0;
  std::vector<PathPointRecord> points;  ///< aligned with MuscleSpec::path
};
MuscleTopology computeMuscleTopology(const Model& model, const MuscleSpec& muscle);

/// Active path points at configuration q (poses must be computePoses(model, q)).
ActivePath computeActivePath(const MuscleSpec& muscle, const SegmentPoses& poses, const VecQ& q);
ActivePath computeActivePath(const MuscleSpec& muscle, const SegmentFrames& frames, const VecQ& q);

/// Musculotendon length [m] at q.
double computeMusculotendonLengthM(const Model& model, const MuscleSpec& muscle, const VecQ& q);

/// Whether the muscle's path (any of its points, active or not) spans the joint of its side.
bool muscleCrossesJoint(const Model& model, const MuscleSpec& muscle, JointType joint);

/// Length, velocity, analytic moment arms and lines of action at (q, q̇).
MuscleGeometry computeMuscleGeometry(const Model& model, const MuscleSpec& muscle,
                                     const SegmentPoses& poses, const VecQ& q, const VecQ& qd);
/// Same with precomputed frames.
MuscleGeometry computeMuscleGeometry(const Model& model, const MuscleSpec& muscle,
                                     const SegmentFrames& frames, const VecQ& q, const VecQ& qd);
/// Same with precomputed frames and topology (the per-sample hot path; no allocation).
MuscleGeometry computeMuscleGeometry(const MuscleSpec& muscle, const MuscleTopology& topology,
                                     const SegmentFrames& frames, const VecQ& q, const VecQ& qd);

/// Moment arms −∂L/∂q by central differences of the length with step `stepRad` [m]
/// (reference for tests; 2 length evaluations per crossed joint).
std::array<double, 3> computeMomentArmsByCentralDifferenceM(const Model& model,
                                                            const MuscleSpec& muscle, const VecQ& q,
                                                            double stepRad = 1e-5);

}  // namespace retrogait
