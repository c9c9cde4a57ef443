#pragma once
// Small planar math helpers on Eigen. Everything inside the code is SI (m, s, rad, N, N·m).

#include <Eigen/Core>
#include <cmath>
#include <numbers>

namespace retrogait {

using Vec2 = Eigen::Vector2d;
using Vec3 = Eigen::Vector3d;
using Mat2 = Eigen::Matrix2d;

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kGravityMps2 = 9.81;

inline constexpr double degToRad(double deg) {
  return deg * kPi / 180.0;
}
inline constexpr double radToDeg(double rad) {
  return rad * 180.0 / kPi;
}

/// Rotation matrix for a counter-clockwise angle about +Z (the sagittal plane is XY).
inline Mat2 rotation2d(double angleRad) {
  const double c = std::cos(angleRad), s = std::sin(angleRad);
  Mat2 r;
  r << c, -s, s, c;
  return r;
}

/// z component of the planar cross product a × b.
inline double cross2d(const Vec2& a, const Vec2& b) {
  return a.x() * b.y() - a.y() * b.x();
}

/// ω ẑ × r for a planar angular velocity ω.
inline Vec2 crossZ(double omega, const Vec2& r) {
  return Vec2(-omega * r.y(), omega * r.x());
}

/// Wraps an angle into [-π, π).
inline double wrapAngle(double a) {
  a = std::fmod(a + kPi, 2.0 * kPi);
  if (a < 0) a += 2.0 * kPi;
  return a - kPi;
}

/// Linear interpolation a + t (b - a).
inline double lerp(double a, double b, double t) {
  return a + t * (b - a);
}

/// Cubic smoothstep 0..1 on [0,1], clamped.
inline double smoothstep(double t) {
  t = t < 0 ? 0 : (t > 1 ? 1 : t);
  return t * t * (3.0 - 2.0 * t);
}

}  // namespace retrogait
