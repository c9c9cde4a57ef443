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
  t.points.reserve(muscle.path.size());
  for (const MusclePathPoint& pt : muscle.path) {
    PathPointRecord r;
    r.segment = pt.segment;
    r.local_S = pt.point_S.head<2>();
    if (pt.conditionDof) {
      r.conditionDof = *pt.conditionDof;
      r.conditionMinRad = pt.conditionMinRad;
      r.conditionMaxRad = pt.conditionMaxRad;
    }
    if (pt.movingDof) {
      r.movingDof = *pt.movingDof;
      r.pairedSplines = pt.movingX.sameKnots(pt.movingY);
    }
    for (int j = 0; j < 3; ++j) {
      const bool moved = inSubtree(model, pt.segment, t.jointSegment[j]);
      (moved ? distal : proximal)[j] = true;
      if (moved) r.movedBy = static_cast<std::uint8_t>(r.movedBy | (1u << j));
    }
    t.points.push_back(r);
  }
  for (int j = 0; j < 3; ++j) {
    t.crossesJoint[j] = distal[j] && proximal[j];
    if (t.crossesJoint[j]) t.crossedJoint[static_cast<std::size_t>(t.crossedCount++)] = j;
  }
  for (PathPointRecord& r : t.points) {
    for (int j = 0; j < 3; ++j) {
      if (t.crossesJoint[j] && r.movingDof == t.jointDof[j]) r.movingJoint = j;
    }
  }
  return t;
}

MuscleGeometry computeMuscleGeometry(const Model& model, const MuscleSpec& muscle,
                                     const SegmentFrames& frames, const VecQ& q, const VecQ& qd) {
  return computeMuscleGeometry(muscle, computeMuscleTopology(model, muscle), frames, q, qd);
}

// One pass over the active points, each path segment handled as soon as its end is known.
//
// ∂L/∂q_j = Σ_segments u · (∂p_b/∂q_j − ∂p_a/∂q_j), u the unit vector from a to b. A point that
// joint j moves rigidly has ∂p/∂q_j = ẑ × (p − o_j); for a segment with both ends so moved the
// two terms cancel (u · ẑ × (p_b − p_a) = 0), and for one with neither they are zero. So only the
// segments that cross the joint contribute their lever arm, plus the spline motion of moving
// points along their segment (Sherman, Seth & Delp 2013). Skipping the cancelling pairs exactly
// is also what keeps the per-sample cost down (docs/estimator.md, "Update 6").
MuscleGeometry computeMuscleGeometry(const MuscleSpec& muscle, const MuscleTopology& topology,
                                     const SegmentFrames& frames, const VecQ& q, const VecQ& qd) {
  MuscleGeometry g;
  g.crossesJoint = topology.crossesJoint;
  const int crossedCount = topology.crossedCount;
  std::array<double, 3> dLdq{};
  Vec2 previous = Vec2::Zero(), previousSlide = Vec2::Zero();
  std::uint8_t previousMovedBy = 0;
  int previousMovingJoint = -1;
  int count = 0;
  const int n =
      std::min(static_cast<int>(muscle.path.size()), static_cast<int>(topology.points.size()));
  for (int k = 0; k < n && count < kMaxPathPoints; ++k) {
    const PathPointRecord& r = topology.points[static_cast<std::size_t>(k)];
    if (r.conditionDof >= 0) {
      const double v = q[r.conditionDof];
      if (!(v >= r.conditionMinRad && v <= r.conditionMaxRad)) continue;
    }
    const Mat2& rotation = frames.rotation[r.segment];
    Vec2 point, slide = Vec2::Zero();  // slide: ∂p/∂q of a moving point along its splines
    if (r.movingDof >= 0) {
      const MusclePathPoint& pt = muscle.path[static_cast<std::size_t>(k)];
      const double v = q[r.movingDof];
      Vec2 local, dLocal;
      if (r.pairedSplines) {
        pt.movingX.evaluateWith(pt.movingY, v, local.x(), dLocal.x(), local.y(), dLocal.y());
      } else {
        pt.movingX.evaluate(v, local.x(), dLocal.x());
        pt.movingY.evaluate(v, local.y(), dLocal.y());
      }
      point = frames.origin_W[r.segment] + rotation * local;
      if (r.movingJoint >= 0) slide = rotation * dLocal;
    } else {
      point = frames.origin_W[r.segment] + rotation * r.local_S;
    }
    if (count++ > 0) {
      const Vec2 delta = point - previous;
      const double len = delta.norm();
      g.lengthM += len;
      if (len > 0) {
        const Vec2 u = delta / len;  // from the previous point toward this one
        for (int c = 0; c < crossedCount; ++c) {
          const int j = topology.crossedJoint[static_cast<std::size_t>(c)];
          const std::uint8_t bit = static_cast<std::uint8_t>(1u << j);
          const bool thisDistal = r.movedBy & bit, previousDistal = previousMovedBy & bit;
          if (thisDistal != previousDistal) {
            // The segment crosses joint j. u · ẑ × (p − o_j) = (p − o_j) × u; the line of
            // action on the distal side points from its distal end toward its proximal end.
            const Vec2& centre =
                frames.origin_W[topology.jointSegment[static_cast<std::size_t>(j)]];
            if (thisDistal) {
              dLdq[j] += cross2d(point - centre, u);
              g.lineOfAction_W[j] -= u;
            } else {
              dLdq[j] -= cross2d(previous - centre, u);
              g.lineOfAction_W[j] += u;
            }
          }
          if (r.movingJoint == j) dLdq[j] += u.dot(slide);
          if (previousMovingJoint == j) dLdq[j] -= u.dot(previousSlide);
        }
      }
    }
    previous = point;
    previousSlide = slide;
    previousMovedBy = r.movedBy;
    previousMovingJoint = r.movingJoint;
  }
  for (int c = 0; c < crossedCount; ++c) {
    const int j = topology.crossedJoint[static_cast<std::size_t>(c)];
    g.momentArmM[j] = -dLdq[j];
    g.velocityMps += dLdq[j] * qd[topology.jointDof[static_cast<std::size_t>(j)]];
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
