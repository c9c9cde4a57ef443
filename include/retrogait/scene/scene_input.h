#pragma once
// What the scene builder reads for one walker: the model and its state (always), the contact
// forces and net joint moments of the physics (when available), and the muscle-load estimator's
// results (optional: muscle activations and joint contact forces of the latest analysed step;
// without them the overlays say "not available" instead of drawing made-up numbers).

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "retrogait/model/model.h"
#include "retrogait/physics/ground.h"
#include "retrogait/physics/physics_world.h"
#include "retrogait/scene/draw_list.h"

namespace retrogait {

/// Muscle activations from the estimator, one per entry of Model::muscles, in [0, 1].
struct MuscleActivationInput {
  std::vector<double> activation;
};

/// Joint contact (reaction) forces from the estimator: the force that the proximal segment
/// exerts on the distal segment at each joint (compressive contact points into the distal
/// segment), world frame [N]. Index [side][joint] with side 0 = right, joint in JointType order
/// (hip, knee, ankle).
struct JointContactInput {
  std::array<std::array<Vec2, 3>, 2> force_W = zero();
  /// Patellofemoral compression per side (right, left) [N]; the pin-knee model has no patella,
  /// so it is a magnitude (JointContactForces::patellofemoralN), drawn in front of the knee.
  std::array<double, 2> patellofemoralN{};

 private:
  static std::array<std::array<Vec2, 3>, 2> zero() {
    std::array<std::array<Vec2, 3>, 2> f;
    for (auto& side : f) side.fill(Vec2::Zero());
    return f;
  }
};

/// Stance and swing per foot over the current gait cycle (see GaitCycleTracker).
struct GaitPhaseState {
  bool valid = false;  ///< false before the first right initial contact
  double cursor = 0;   ///< fraction of the current cycle elapsed [0, 1]
  std::array<std::vector<std::pair<double, double>>, 2> stance;  ///< [right, left] intervals
  std::array<bool, 2> loaded = {false, false};                   ///< feet loaded now
};

/// An external force on the HAT (interactive push or the scenario's push).
struct PushInput {
  Vec2 force_W = Vec2::Zero();  ///< [N]
  Vec2 point_W = Vec2::Zero();  ///< where it acts [m]
};

struct WalkerSceneInput {
  const Model* model = nullptr;  ///< required
  VecQ q = VecQ::Zero();         ///< generalized coordinates (OpenSim signs)
  Ground ground;
  double travelSign = 1;  ///< +1 forward (+X), −1 backward: orients the slope label
  double gradePct = 0;    ///< grade along the path of travel [%], for the slope label
  /// Contact forces at the current state (PhysicsWorld::contacts()); empty = no GRF overlay.
  std::optional<ContactState> contacts;
  /// Net joint moments, OpenSim sign (+ along the coordinate) [N·m], in actuatedIndex order:
  /// for this torque-driven walker, the actuator torque plus the passive joint-limit torque.
  std::optional<JointTorques> netMomentNm;
  std::optional<GaitPhaseState> phase;
  std::optional<MuscleActivationInput> muscles;   ///< from the estimator, when available
  std::optional<JointContactInput> jointContact;  ///< from the estimator, when available
  std::optional<PushInput> push;
  std::string caption;   ///< e.g. "A  forward 1.2 m/s, level"
  std::string fallText;  ///< non-empty when the walker fell, e.g. "fell (trunk tilt) at 2.63 s"
};

}  // namespace retrogait
