#include "retrogait/analysis/inverse_dynamics.h"

#include <algorithm>

#include "retrogait/model/kinematics.h"

namespace retrogait {

bool ExternalForceSet::add(const ExternalPointForce& f) {
  if (count >= kMaxExternalForces) return false;
  forces[static_cast<std::size_t>(count++)] = f;
  return true;
}

ExternalForceSet makeExternalForces(const Model& model, const StepRecord& step) {
  ExternalForceSet set;
  const int spheres = std::min<int>(step.contacts.sphereCount, int(model.contacts.size()));
  for (int k = 0; k < spheres; ++k) {
    const SphereContactForce& c = step.contacts.spheres[static_cast<std::size_t>(k)];
    if (!c.active) continue;
    set.add({model.contacts[static_cast<std::size_t>(k)].segment, c.force_W, c.point_W});
  }
  if (step.pushForce_W.squaredNorm() > 0) set.add({kHat, step.pushForce_W, step.pushPoint_W});
  return set;
}

JointTorques toExtensorMomentsNm(const VecQ& generalizedForce) {
  JointTorques m;
  for (Side side : kSides) {
    for (JointType jt : kJointTypes) {
      const double sign = jt == JointType::kKnee ? 1.0 : -1.0;
      m[actuatedIndex(side, jt)] = sign * generalizedForce[dofOf(side, jt)];
    }
  }
  return m;
}

JointTorques computeJointPowersW(const VecQ& generalizedForce, const VecQ& qd) {
  JointTorques p;
  for (int j = 0; j < kNumActuated; ++j) p[j] = generalizedForce[kHipR + j] * qd[kHipR + j];
  return p;
}

}  // namespace retrogait
