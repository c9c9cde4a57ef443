#pragma once
// Joint contact (bone-on-bone reaction) forces at the hip, tibiofemoral, patellofemoral and ankle
// joints, as OpenSim's JointReaction analysis defines them for a model with pin joints:
//
//   contact force on the distal segment = intersegmental force (inverse_dynamics.h)
//                                          − Σ over muscles crossing the joint of T_i · u_i
//
// where T_i is the tendon tension and u_i the muscle's line of action on the distal side at that
// joint (muscle_geometry.h, pointing proximally). The intersegmental force lumps everything the
// proximal side exerts; removing the muscle pulls leaves the force the articular surfaces
// transmit. Muscles pull the distal bone toward the proximal one, so they add compression.
//
// Patellofemoral: the pin-joint model has no patella, so F_PF = k(θ) · F_Q with F_Q the
// quadriceps tension (vasti + rectus femoris) and k(θ) the ratio of patellofemoral compression to
// quadriceps force as a function of knee flexion θ [deg]:
//   k(θ) = (0.462 + 0.00147 θ − 3.84e−5 θ²) / (1 − 0.0162 θ + 1.55e−4 θ² − 6.98e−7 θ³),
// the curve fitted to the data of van Eijden TMGJ, Kouwenhoven E, Verburg J, Weijs WA (1986)
// "A mathematical model of the patellofemoral joint", J Biomech 19:219–229, as used by Brechter JH,
// Powers CM (2002) "Patellofemoral stress during walking in persons with and without
// patellofemoral pain", Med Sci Sports Exerc 34:1582–1593. θ is clamped to [0, 90] deg.
//
// Forces in BW are divided by the model's total weight m g.

#include <array>
#include <span>
#include <string_view>

#include "retrogait/analysis/inverse_dynamics.h"
#include "retrogait/analysis/muscle_geometry.h"
#include "retrogait/model/model.h"

namespace retrogait {

struct JointContactForces {
  /// Contact force of the proximal on the distal segment, [side][JointType] (hip, tibiofemoral,
  /// ankle), world frame [N].
  std::array<std::array<Vec2, 3>, 2> force_W = {
      {{Vec2::Zero(), Vec2::Zero(), Vec2::Zero()}, {Vec2::Zero(), Vec2::Zero(), Vec2::Zero()}}};
  /// Its component along the distal segment's long axis, + = compression (pushing the distal
  /// segment away from the proximal one) [N].
  std::array<std::array<double, 3>, 2> compressiveN{};
  /// |force_W| / (m g) [BW].
  std::array<std::array<double, 3>, 2> magnitudeBw{};
  std::array<double, 2> quadricepsForceN{};  ///< F_Q per side [N]
  std::array<double, 2> patellofemoralN{};   ///< F_PF = k(θ) F_Q per side [N]
  std::array<double, 2> patellofemoralBw{};  ///< F_PF / (m g) [BW]
};

/// Ratio k(θ) of patellofemoral compression to quadriceps force at knee flexion θ [deg]
/// (+ = flexion; clamped to [0, 90]) [-].
double computePatellofemoralRatio(double kneeFlexionDeg);

/// True for the quadriceps of gait10dof18musc (vasti, rect_fem) and of the larger OpenSim models
/// (vas*, rect_fem, recfem); the side suffix is ignored.
bool isQuadricepsMuscle(std::string_view muscleName);

/// Contact forces from the inverse dynamics, the muscle geometry and the tendon tensions
/// (`geometry` and `tendonForceN` aligned with model.muscles) at configuration q.
JointContactForces computeJointContactForces(const Model& model, const VecQ& q,
                                             const InverseDynamicsResult& dynamics,
                                             std::span<const MuscleGeometry> geometry,
                                             std::span<const double> tendonForceN);
/// The same with the poses of q the caller already has.
JointContactForces computeJointContactForces(const Model& model, const SegmentPoses& poses,
                                             const VecQ& q, const InverseDynamicsResult& dynamics,
                                             std::span<const MuscleGeometry> geometry,
                                             std::span<const double> tendonForceN);

}  // namespace retrogait
