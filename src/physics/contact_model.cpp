#include "retrogait/physics/contact_model.h"

#include <algorithm>
#include <cmath>

namespace retrogait {

SphereContactForce computeSphereContact(const ContactMaterial& m, const Ground& ground,
                                        const Vec2& center_W, double radiusM,
                                        const Vec2& velocity_W, StickAnchor& anchor, double dtS,
                                        const ContactEffectiveMass& mass) {
  SphereContactForce out;
  const Vec2 n = ground.normal(), t = ground.tangent();
  const double penetration = radiusM - ground.heightAbove(center_W);
  out.point_W = center_W - radiusM * n;
  if (penetration <= 0) {
    anchor.attached = false;
    return out;
  }
  // Normal: Hunt–Crossley, F = k δ^1.5 (1 + 1.5 c u), u = δ̇ the approach speed.
  const double approach = -n.dot(velocity_W);
  const double elastic = m.stiffness * penetration * std::sqrt(penetration);
  const double stiffness = 1.5 * m.stiffness * std::sqrt(penetration);  // dF/dδ
  const double damping = 1.5 * m.dissipationSpm * elastic;              // dF/du
  const double gainN = stiffness * dtS + damping;
  double normal = elastic + gainN * approach / (1.0 + gainN * dtS / mass.normalKg);
  normal = std::max(normal, 0.0);  // the ground never pulls

  // Tangential: stick spring to the anchor, capped at μ F_n (then the anchor slides).
  const double along = t.dot(out.point_W);
  if (!anchor.attached) {
    anchor.attached = true;
    anchor.alongM = along;
  }
  const double slip = t.dot(velocity_W);
  const double gainT = m.tangentialStiffnessNpm * dtS + m.tangentialDampingNspm;
  double tangential = -m.tangentialStiffnessNpm * (along - anchor.alongM) -
                      gainT * slip / (1.0 + gainT * dtS / mass.tangentKg);
  const double limit = m.frictionCoefficient * normal;
  if (std::abs(tangential) > limit) {
    // Slip: cap at μ F_n and move the anchor so that the spring alone carries the cap.
    tangential = std::copysign(limit, tangential);
    anchor.alongM = along + tangential / m.tangentialStiffnessNpm;
  }
  out.force_W = normal * n + tangential * t;
  out.penetrationM = penetration;
  out.active = normal > 0;
  return out;
}

}  // namespace retrogait
