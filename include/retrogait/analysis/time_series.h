#pragma once
// The per-step record of a run: one Sample per physics step (the state at the end of the step
// and the forces that will act in the next one), appended by the Simulation.

#include <vector>

#include "retrogait/model/model.h"

namespace retrogait {

struct Sample {
  double timeS = 0;
  VecQ q = VecQ::Zero();   ///< generalized coordinates (OpenSim signs) [m, rad]
  VecQ qd = VecQ::Zero();  ///< [m/s, rad/s]
  JointTorques torqueNm = JointTorques::Zero();  ///< actuator torques of the last step [N·m]
  std::array<Vec2, 2> grf_W = {Vec2::Zero(), Vec2::Zero()};  ///< ground reaction force per foot [N]
  std::array<Vec2, 2> cop_W = {Vec2::Zero(), Vec2::Zero()};  ///< centre of pressure per foot [m]
  Vec2 com_W = Vec2::Zero();                                 ///< whole-body COM [m]
  Vec2 comVel_W = Vec2::Zero();                              ///< [m/s]
  double phase = 0;  ///< controller gait phase of the right leg [0, 1)
  JointTorques targetRad =
      JointTorques::Zero();  ///< controller joint targets (hips relative to the pelvis) [rad]
};

using TimeSeries = std::vector<Sample>;

}  // namespace retrogait
