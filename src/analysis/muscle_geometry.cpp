#include "retrogait/analysis/muscle_geometry.h"

#include <algorithm>

namespace retrogait {

namespace {

// True when `segment` is `root` or lies below it in the tree (is moved by root's joint). The
// tree is fixed by SegmentId (model.h): each leg is the chain thigh → shank → foot, in order.
bool inSubtree(const Model& model, int segment, int root) {
  if (root == kHat) return true;
  const int footOfRoot = root < kThighL ? static_cast<int>(kFootR) : static_cast<int>(kFootL);
  (void)model;
  return segment >= root && segment <= footOfRoot;
}

bool pointActive(const MusclePathPoint& pt, const VecQ& q) {
  if (!pt.conditionDof) return true;
  const double v = q[*pt.conditionDof];
  return v >= pt.conditionMinRad && v <= pt.conditionMaxRad;
}

Vec2 pointInSegment(const MusclePathPoint& pt, const VecQ& q) {
  if (pt.movingDof) {
    const double v = q[*pt.movingDof];
    return Vec2(pt.movingX.value(v), pt.movingY.value(v));
  }
  return pt.point_S.head<2>();
}

}  // namespace

SegmentFrames makeSegmentFrames(const SegmentPoses& poses) {
  SegmentFrames f;
  for (int i = 0; i < kNumSegments; ++i) {
    f.origin_W[i] = poses[i].origin_W;
    f.rotation[i] = poses[i].rotation;
  }
  return f;
}

ActivePath computeActivePath(const MuscleSpec& muscle, const SegmentPoses& poses, const VecQ& q) {
  return computeActivePath(muscle, makeSegmentFrames(poses), q);
}

ActivePath computeActivePath(const MuscleSpec& muscle, const SegmentFrames& frames, const VecQ& q) {
  ActivePath path;
  const int n = static_cast<int>(muscle.path.size());
  for (int k = 0; k < n && path.count < kMaxPathPoints; ++k) {
    const MusclePathPoint& pt = muscle.path[static_cast<std::size_t>(k)];
    if (!pointActive(pt, q)) continue;
    const auto i = static_cast<std::size_t>(path.count++);
    path.point_W[i] =
        frames.origin_W[pt.segment] + frames.rotation[pt.segment] * pointInSegment(pt, q);
    path.segment[i] = pt.segment;
    path.pathIndex[i] = k;
  }
  return path;
}

double computeMusculotendonLengthM(const Model& model, const MuscleSpec& muscle, const VecQ& q) {
  const ActivePath path = computeActivePath(muscle, computePoses(model, q), q);
  double length = 0;
  for (int k = 1; k < path.count; ++k) length += (path.point_W[k] - path.point_W[k - 1]).norm();
  return length;
}

bool muscleCrossesJoint(const Model& model, const MuscleSpec& muscle, JointType joint) {
  return computeMuscleTopology(model, muscle).crossesJoint[static_cast<int>(joint)];
}

MuscleGeometry computeMuscleGeometry(const Model& model, const MuscleSpec& muscle,
                                     const SegmentPoses& poses, const VecQ& q, const VecQ& qd) {
  return computeMuscleGeometry(model, muscle, makeSegmentFrames(poses), q, qd);
}

MuscleTopology computeMuscleTopology(const Model& model, const MuscleSpec& muscle) {
  MuscleTopology t;
  for (JointType jt : kJointTypes) {
    const int j = static_cast<int>(jt);
    t.jointSegment[j] = segmentOf(muscle.side, jt);
    t.jointDof[j] = dofOf(muscle.side, jt);
  }
  std::array<bool, 3> distal{}, proximal{};
  t.movedBy.reserve(muscle.path.size());
  for (const MusclePathPoint& pt : muscle.path) {
    std::uint8_t mask = 0;
    for (int j = 0; j < 3; ++j) {
      const bool moved = inSubtree(model, pt.segment, t.jointSegment[j]);
      (moved ? distal : proximal)[j] = true;
      if (moved) mask = static_cast<std::uint8_t>(mask | (1u << j));
    }
    t.movedBy.push_back(mask);
  }
  for (int j = 0; j < 3; ++j) t.crossesJoint[j] = distal[j] && proximal[j];
  return t;
}

MuscleGeometry computeMuscleGeometry(const Model& model, const MuscleSpec& muscle,
                                     const SegmentFrames& frames, const VecQ& q, const VecQ& qd) {
  return computeMuscleGeometry(muscle, computeMuscleTopology(model, muscle), frames, q, qd);
}

MuscleGeometry computeMuscleGeometry(const MuscleSpec& muscle, const MuscleTopology& topology,
                                     const SegmentFrames& frames, const VecQ& q, const VecQ& qd) {
  MuscleGeometry g;
  g.crossesJoint = topology.crossesJoint;
  const auto& jointSegment = topology.jointSegment;
  const auto& jointDof = topology.jointDof;

  // Active points, each with ∂p/∂q_j for the crossed joints, computed once: rotation about the
  // joint centre if the joint moves the point's segment, plus the spline motion of a moving
  // point in its segment frame.
  std::array<Vec2, kMaxPathPoints> point_W;
  std::array<std::array<Vec2, 3>, kMaxPathPoints> dPoint;
  std::array<std::uint8_t, kMaxPathPoints> movedBy{};
  int count = 0;
  const int n =
      std::min(static_cast<int>(muscle.path.size()), static_cast<int>(topology.movedBy.size()));
  for (int k = 0; k < n && count < kMaxPathPoints; ++k) {
    const MusclePathPoint& pt = muscle.path[static_cast<std::size_t>(k)];
    if (!pointActive(pt, q)) continue;
    const int seg = pt.segment;
    Vec2 local, dLocal = Vec2::Zero();
    if (pt.movingDof) {
      const double v = q[*pt.movingDof];
      pt.movingX.evaluate(v, local.x(), dLocal.x());
      pt.movingY.evaluate(v, local.y(), dLocal.y());
    } else {
      local = pt.point_S.head<2>();
    }
    const auto c = static_cast<std::size_t>(count++);
    point_W[c] = frames.origin_W[seg] + frames.rotation[seg] * local;
    movedBy[c] = topology.movedBy[static_cast<std::size_t>(k)];
    for (int j = 0; j < 3; ++j) {
      Vec2 d = Vec2::Zero();
      if (g.crossesJoint[j]) {
        if (movedBy[c] & (1u << j)) d += crossZ(1.0, point_W[c] - frames.origin_W[jointSegment[j]]);
        if (pt.movingDof && *pt.movingDof == jointDof[j]) d += frames.rotation[seg] * dLocal;
      }
      dPoint[c][j] = d;
    }
  }

  std::array<double, 3> dLdq{};
  for (int k = 1; k < count; ++k) {
    const auto b = static_cast<std::size_t>(k), a = b - 1;
    const Vec2 delta = point_W[b] - point_W[a];
    const double len = delta.norm();
    g.lengthM += len;
    if (len <= 0) continue;
    const Vec2 u = delta / len;  // from point k−1 toward point k
    for (int j = 0; j < 3; ++j) {
      if (!g.crossesJoint[j]) continue;
      dLdq[j] += u.dot(dPoint[b][j] - dPoint[a][j]);
      // Line of action on the distal side: from the distal end toward the proximal end.
      const bool prevDistal = movedBy[a] & (1u << j);
      const bool nextDistal = movedBy[b] & (1u << j);
      if (prevDistal != nextDistal) g.lineOfAction_W[j] += nextDistal ? Vec2(-u) : u;
    }
  }
  for (int j = 0; j < 3; ++j) {
    g.momentArmM[j] = -dLdq[j];
    g.velocityMps += dLdq[j] * qd[jointDof[j]];
  }
  return g;
}

std::array<double, 3> computeMomentArmsByCentralDifferenceM(const Model& model,
                                                            const MuscleSpec& muscle, const VecQ& q,
                                                            double stepRad) {
  std::array<double, 3> r{};
  for (JointType jt : kJointTypes) {
    if (!muscleCrossesJoint(model, muscle, jt)) continue;
    const int dof = dofOf(muscle.side, jt);
    VecQ qp = q, qm = q;
    qp[dof] += stepRad;
    qm[dof] -= stepRad;
    r[static_cast<int>(jt)] = -(computeMusculotendonLengthM(model, muscle, qp) -
                                computeMusculotendonLengthM(model, muscle, qm)) /
                              (2.0 * stepRad);
  }
  return r;
}

}  // namespace retrogait
