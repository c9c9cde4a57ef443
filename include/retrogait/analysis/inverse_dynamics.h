#pragma once
// Inverse dynamics of the walker as the analysis uses it: the external forces of a completed
// physics step, and net joint moments and powers in gait-lab signs. The recursive Newton–Euler
// pass itself is model/inverse_dynamics.h (the controller uses it too); its sign conventions are
// documented there.

#include <array>
#include <span>

#include "retrogait/model/inverse_dynamics.h"
#include "retrogait/model/model.h"
#include "retrogait/physics/contact_forces.h"
#include "retrogait/physics/physics_world.h"

namespace retrogait {

/// The contact sphere forces and the push of one completed physics step as external forces.
ExternalForceSet makeExternalForces(const Model& model, const StepRecord& step);

/// Leg-joint generalized forces (OpenSim sign) → internal net joint moments with extensor /
/// plantarflexor + [N·m], in actuatedIndex order (hip_r, knee_r, ankle_r, hip_l, ...).
JointTorques toExtensorMomentsNm(const VecQ& generalizedForce);

/// Leg-joint powers Q_j q̇_j [W] (+ = generation), actuatedIndex order.
JointTorques computeJointPowersW(const VecQ& generalizedForce, const VecQ& qd);

}  // namespace retrogait
