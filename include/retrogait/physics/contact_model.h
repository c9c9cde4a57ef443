#pragma once
// Compliant foot-ground contact, as in OpenSim's HuntCrossleyForce and SCONE/Hyfydy:
// normal force F = k δ^1.5 (1 + 1.5 c δ̇) for penetration δ of a sphere into the ground, and
// Coulomb friction through an elastic stick spring (anchor point) that slips at μ F_n.
// The stick spring lets a foot stand still on an incline without the slow creep of purely
// velocity-regularised friction. Pure functions; no Bullet here.
//
// Time integration: the elastic force is explicit; the velocity-dependent part G u (with
// G = k' dt + c': the penetration the approach speed u adds within the step, and the damping)
// is treated implicitly on the contact point's effective mass m:
//   F = F_elastic(δ) + G u / (1 + G dt / m).
// So damping can at most stop the contact point within one step, which keeps a 2 ms step
// stable for the light effective mass of a toe (≈0.5 kg), where the explicit Hunt–Crossley
// damping (1.5 c F, thousands of N·s/m at heel strike) is not. At rest (u = 0) the force is
// exactly the elastic one; for dt → 0 or heavy bodies it is the explicit law plus k' dt u.
// The tangential stick spring is treated the same way.

#include <limits>

#include "retrogait/model/model.h"
#include "retrogait/physics/ground.h"

namespace retrogait {

/// Per-sphere memory of the friction model.
struct StickAnchor {
  bool attached = false;
  double alongM = 0;  ///< anchor position along the ground tangent [m]
};

/// Force of one sphere contact.
struct SphereContactForce {
  Vec2 force_W = Vec2::Zero();  ///< on the foot [N]
  Vec2 point_W = Vec2::Zero();  ///< where it acts: the sphere's lowest point [m]
  double penetrationM = 0;      ///< δ (0 when not touching) [m]
  bool active = false;
};

/// Effective masses of a contact point along the ground normal and tangent [kg]; infinity
/// gives the explicit law.
struct ContactEffectiveMass {
  double normalKg = std::numeric_limits<double>::infinity();
  double tangentKg = std::numeric_limits<double>::infinity();
};

/// Computes the contact force on a sphere with centre `center_W` moving with the velocity
/// `contactPointVelocity_W` of the foot's material point at the contact, for a step of `dtS`,
/// and updates `anchor`.
SphereContactForce computeSphereContact(const ContactMaterial& material, const Ground& ground,
                                        const Vec2& center_W, double radiusM,
                                        const Vec2& contactPointVelocity_W, StickAnchor& anchor,
                                        double dtS = 0, const ContactEffectiveMass& mass = {});

}  // namespace retrogait
