#include "camera.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Geometry>

namespace retrogait::viewer {

Vec3 OrbitCamera::eye() const {
  const double c = std::cos(pitchRad);
  return lookAt() +
         distanceM * Vec3(std::sin(yawRad) * c, std::sin(pitchRad), std::cos(yawRad) * c);
}

Eigen::Matrix4f OrbitCamera::view() const {
  const Vec3 e = eye();
  const Vec3 f = (lookAt() - e).normalized();
  const Vec3 r = f.cross(Vec3::UnitY()).normalized();
  const Vec3 u = r.cross(f);
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  m.block<1, 3>(0, 0) = r.transpose();
  m.block<1, 3>(1, 0) = u.transpose();
  m.block<1, 3>(2, 0) = -f.transpose();
  m(0, 3) = -r.dot(e);
  m(1, 3) = -u.dot(e);
  m(2, 3) = f.dot(e);
  return m.cast<float>();
}

Eigen::Matrix4f OrbitCamera::projection(double aspect) const {
  const double nearM = 0.05, farM = 120.0;
  const double f = 1.0 / std::tan(0.5 * fovYRad);
  Eigen::Matrix4d p = Eigen::Matrix4d::Zero();
  p(0, 0) = f / aspect;
  p(1, 1) = f;
  p(2, 2) = (farM + nearM) / (nearM - farM);
  p(2, 3) = 2.0 * farM * nearM / (nearM - farM);
  p(3, 2) = -1.0;
  return p.cast<float>();
}

void OrbitCamera::follow(const Vec3& goal, double dtS, double timeConstantS) {
  const double a = timeConstantS > 0 ? 1.0 - std::exp(-dtS / timeConstantS) : 1.0;
  target += a * (goal - target);
}

void OrbitCamera::orbit(double dYawRad, double dPitchRad) {
  yawRad = wrapAngle(yawRad + dYawRad);
  pitchRad = std::clamp(pitchRad + dPitchRad, degToRad(-5), degToRad(85));
}

void OrbitCamera::pan(double dxFraction, double dyFraction, double aspect) {
  const Vec3 f = (lookAt() - eye()).normalized();
  const Vec3 r = f.cross(Vec3::UnitY()).normalized();
  const Vec3 u = r.cross(f);
  const double h = 2.0 * distanceM * std::tan(0.5 * fovYRad);
  panOffset += -dxFraction * h * aspect * r + dyFraction * h * u;
}

void OrbitCamera::zoom(double wheelSteps) {
  distanceM = std::clamp(distanceM * std::pow(0.88, wheelSteps), 0.8, 25.0);
}

Ray OrbitCamera::rayThrough(double u, double v, double aspect) const {
  const Vec3 e = eye();
  const Vec3 f = (lookAt() - e).normalized();
  const Vec3 r = f.cross(Vec3::UnitY()).normalized();
  const Vec3 up = r.cross(f);
  const double t = std::tan(0.5 * fovYRad);
  const double x = (2.0 * u - 1.0) * t * aspect;
  const double y = (1.0 - 2.0 * v) * t;
  return {e, (f + x * r + y * up).normalized()};
}

bool intersectPlaneZ(const Ray& ray, double z, Vec3& hit) {
  if (std::abs(ray.direction.z()) < 1e-6) return false;
  const double t = (z - ray.origin.z()) / ray.direction.z();
  if (t <= 0) return false;
  hit = ray.origin + t * ray.direction;
  return true;
}

}  // namespace retrogait::viewer
