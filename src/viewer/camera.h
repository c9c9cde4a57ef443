#pragma once
// Orbit camera around a target point, with a follow mode that keeps the walker in view.
// yaw 0 looks from the walker's right side (+Z) toward −Z, so +X (anterior) points right on
// screen; pitch is the elevation above the horizontal. Matrices are column-major float (GL).

#include <Eigen/Core>

#include "retrogait/core/math.h"

namespace retrogait::viewer {

/// A ray in world coordinates.
struct Ray {
  Vec3 origin = Vec3::Zero();
  Vec3 direction = Vec3::UnitZ();
};

class OrbitCamera {
 public:
  double yawRad = 0;
  double pitchRad = degToRad(6);
  double distanceM = 3.6;
  double fovYRad = degToRad(35);
  Vec3 target = Vec3(0, 0.9, 0);  ///< followed point (smoothed) [m]
  Vec3 panOffset = Vec3::Zero();  ///< user pan added to the target [m]

  Vec3 eye() const;
  Vec3 lookAt() const { return target + panOffset; }
  Eigen::Matrix4f view() const;
  Eigen::Matrix4f projection(double aspect) const;

  /// Moves the target toward `goal` with a first-order lag of `timeConstantS` over `dtS`.
  void follow(const Vec3& goal, double dtS, double timeConstantS = 0.25);
  void orbit(double dYawRad, double dPitchRad);
  /// Pans by screen fractions (dx, dy of the viewport size).
  void pan(double dxFraction, double dyFraction, double aspect);
  void zoom(double wheelSteps);

  /// Ray through a viewport point given in [0, 1]² (x right, y down).
  Ray rayThrough(double u, double v, double aspect) const;
};

/// Where a ray meets the plane z = `z`; false when parallel or behind the origin.
bool intersectPlaneZ(const Ray& ray, double z, Vec3& hit);

}  // namespace retrogait::viewer
