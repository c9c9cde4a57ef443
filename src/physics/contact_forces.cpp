#include "retrogait/physics/contact_forces.h"

#include <algorithm>

namespace retrogait {

bool ExternalForceSet::add(const ExternalPointForce& f) {
  if (count >= kMaxExternalForces) return false;
  forces[static_cast<std::size_t>(count++)] = f;
  return true;
}

ExternalForceSet makeContactForces(const Model& model, const ContactState& contacts) {
  ExternalForceSet set;
  const int spheres = std::min<int>(contacts.sphereCount, int(model.contacts.size()));
  for (int k = 0; k < spheres; ++k) {
    const SphereContactForce& c = contacts.spheres[static_cast<std::size_t>(k)];
    if (c.active)
      set.add({model.contacts[static_cast<std::size_t>(k)].segment, c.force_W, c.point_W});
  }
  return set;
}

}  // namespace retrogait
