#include "retrogait/analysis/inverse_dynamics.h"

#include "retrogait/model/kinematics.h"

namespace retrogait {

ExternalForceSet makeExternalForces(const Model& model, const StepRecord& step) {
  ExternalForceSet set = makeContactForces(model, step.contacts);
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
