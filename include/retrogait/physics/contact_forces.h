#pragma once
// The contact sphere forces of a physics state as external point forces on our own tree: what
// the inverse dynamics of the analysis and the controller's implicit PD both take.

#include <array>
#include <span>

#include "retrogait/model/inverse_dynamics.h"
#include "retrogait/physics/physics_world.h"

namespace retrogait {

inline constexpr int kMaxExternalForces = kMaxContactSpheres + 1;

/// Fixed-capacity list of external forces (no heap).
struct ExternalForceSet {
  std::array<ExternalPointForce, kMaxExternalForces> forces{};
  int count = 0;  ///< forces in use
  /// Appends a force; returns false (and drops it) when full.
  bool add(const ExternalPointForce& f);
  std::span<const ExternalPointForce> view() const { return {forces.data(), std::size_t(count)}; }
};

/// The active contact spheres' forces, each on its foot at the sphere's lowest point.
ExternalForceSet makeContactForces(const Model& model, const ContactState& contacts);

}  // namespace retrogait
