#pragma once
// The ground: a plane through the world origin, inclined about +Z. Gravity stays -Y.

#include "retrogait/core/math.h"

namespace retrogait {

class Ground {
 public:
  Ground() = default;
  /// Inclination about +Z [rad]; positive rises toward +X.
  explicit Ground(double angleRad)
      : m_angleRad(angleRad),
        m_tangent(std::cos(angleRad), std::sin(angleRad)),
        m_normal(-std::sin(angleRad), std::cos(angleRad)) {}

  /// Ground for a grade [%] along a direction of travel (+1 toward +X, -1 toward -X): a positive
  /// grade always means the path of travel goes uphill.
  static Ground fromGrade(double gradePct, double travelSign) {
    return Ground(std::atan(gradePct / 100.0) * travelSign);
  }
  double angleRad() const { return m_angleRad; }
  // The unit vectors are kept, not recomputed: the contact model reads them several times per
  // sphere and step, and their sines and cosines were 1.5 % of a step.
  const Vec2& tangent() const { return m_tangent; }  ///< along +X
  const Vec2& normal() const { return m_normal; }    ///< up
  /// Signed distance of a point above the plane [m].
  double heightAbove(const Vec2& p) const { return m_normal.dot(p); }
  /// Distance along the ground (x coordinate in the ground frame) [m].
  double along(const Vec2& p) const { return m_tangent.dot(p); }
  /// World y of the ground surface at world x.
  double surfaceY(double x) const { return x * std::tan(m_angleRad); }

 private:
  double m_angleRad = 0;
  Vec2 m_tangent = Vec2(1, 0);
  Vec2 m_normal = Vec2(0, 1);
};

}  // namespace retrogait
