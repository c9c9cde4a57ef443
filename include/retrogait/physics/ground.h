#pragma once
// The ground: a plane through the world origin, inclined about +Z. Gravity stays -Y.

#include "retrogait/core/math.h"

namespace retrogait {

struct Ground {
  double angleRad = 0;  ///< inclination about +Z [rad]; positive rises toward +X

  /// Ground for a grade [%] along a direction of travel (+1 toward +X, -1 toward -X): a positive
  /// grade always means the path of travel goes uphill.
  static Ground fromGrade(double gradePct, double travelSign) {
    return Ground{std::atan(gradePct / 100.0) * travelSign};
  }
  Vec2 tangent() const { return Vec2(std::cos(angleRad), std::sin(angleRad)); }  ///< along +X
  Vec2 normal() const { return Vec2(-std::sin(angleRad), std::cos(angleRad)); }  ///< up
  /// Signed distance of a point above the plane [m].
  double heightAbove(const Vec2& p) const { return normal().dot(p); }
  /// Distance along the ground (x coordinate in the ground frame) [m].
  double along(const Vec2& p) const { return tangent().dot(p); }
  /// World y of the ground surface at world x.
  double surfaceY(double x) const { return x * std::tan(angleRad); }
};

}  // namespace retrogait
