#include "retrogait/analysis/joint_contact.h"

#include <algorithm>

#include "retrogait/model/kinematics.h"

namespace retrogait {

double computePatellofemoralRatio(double kneeFlexionDeg) {
  const double x = std::clamp(kneeFlexionDeg, 0.0, 90.0);
  const double numerator = 0.462 + 0.00147 * x - 3.84e-5 * x * x;
  const double denominator = 1.0 - 0.0162 * x + 1.55e-4 * x * x - 6.98e-7 * x * x * x;
  return numerator / denominator;
}

bool isQuadricepsMuscle(std::string_view name) {
  return name.starts_with("vas") || name.starts_with("rect_fem") || name.starts_with("recfem");
}

JointContactForces computeJointContactForces(const Model& model, const VecQ& q,
                                             const InverseDynamicsResult& dynamics,
                                             std::span<const MuscleGeometry> geometry,
                                             std::span<const double> tendonForceN) {
  return computeJointContactForces(model, computePoses(model, q), q, dynamics, geometry,
                                   tendonForceN);
}

JointContactForces computeJointContactForces(const Model& model, const SegmentPoses& poses,
                                             const VecQ& q, const InverseDynamicsResult& dynamics,
                                             std::span<const MuscleGeometry> geometry,
                                             std::span<const double> tendonForceN) {
  JointContactForces out;
  const double weightN = model.totalMassKg() * kGravityMps2;
  for (int s = 0; s < 2; ++s) out.force_W[s] = dynamics.jointForce_W[s];

  const std::size_t n = std::min({model.muscles.size(), geometry.size(), tendonForceN.size()});
  for (std::size_t i = 0; i < n; ++i) {
    const MuscleSpec& m = model.muscles[i];
    const int s = static_cast<int>(m.side);
    for (int j = 0; j < 3; ++j) {
      if (geometry[i].crossesJoint[j]) {
        out.force_W[s][j] -= tendonForceN[i] * geometry[i].lineOfAction_W[j];
      }
    }
    if (isQuadricepsMuscle(m.name)) out.quadricepsForceN[s] += tendonForceN[i];
  }

  for (Side side : kSides) {
    const int s = static_cast<int>(side);
    for (JointType jt : kJointTypes) {
      const int j = static_cast<int>(jt);
      // The distal segment's Y axis points proximally; compression pushes the segment along −Y.
      const Vec2 axis = poses[segmentOf(side, jt)].dirToWorld(Vec2(0, 1));
      out.compressiveN[s][j] = -out.force_W[s][j].dot(axis);
      out.magnitudeBw[s][j] = out.force_W[s][j].norm() / weightN;
    }
    const double flexionDeg = clinicalAngleDeg(JointType::kKnee, q[dofOf(side, JointType::kKnee)]);
    out.patellofemoralN[s] = computePatellofemoralRatio(flexionDeg) * out.quadricepsForceN[s];
    out.patellofemoralBw[s] = out.patellofemoralN[s] / weightN;
  }
  return out;
}

}  // namespace retrogait
