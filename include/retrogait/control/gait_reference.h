#pragma once
// Normative forward-walking joint trajectories (Schwartz et al. 2008, five speed groups) that the
// gait controller tracks. Speeds are interpolated in Hof's dimensionless speed v / sqrt(g L);
// curves are periodic in the gait phase φ ∈ [0, 1) and returned in OpenSim signs [rad].

#include <array>
#include <string>
#include <vector>

#include "retrogait/core/result.h"

namespace retrogait {

/// One periodic curve, 50 samples per cycle (the 51st point of the source closes the loop).
class PeriodicCurve {
 public:
  static constexpr int kSamples = 50;
  PeriodicCurve() { m_samples.fill(0.0); }
  explicit PeriodicCurve(const std::array<double, kSamples>& samples) : m_samples(samples) {}
  /// Value at phase φ (any real; wrapped), Catmull–Rom interpolation.
  double value(double phase) const;
  /// dValue/dφ.
  double slope(double phase) const;
  /// value() and slope() with one lookup of the samples (the controller needs both).
  void evaluate(double phase, double& value, double& slope) const;
  const std::array<double, kSamples>& samples() const { return m_samples; }

 private:
  std::array<double, kSamples> m_samples;
};

/// The reference gait at one speed.
struct ReferenceGait {
  double dimensionlessSpeed = 0;
  double strideTimeS = 1.0;      ///< duration of one gait cycle [s]
  double footOffFraction = 0.6;  ///< stance share of the cycle [-]
  PeriodicCurve hip;             ///< hip_flexion [rad], + flexion
  PeriodicCurve knee;            ///< knee_angle [rad], + extension (OpenSim)
  PeriodicCurve ankle;           ///< ankle_angle [rad], + dorsiflexion
  PeriodicCurve pelvisTilt;      ///< pelvis_tilt [rad], OpenSim sign (+ posterior)
  PeriodicCurve grfVerticalBw;   ///< reference-leg vertical GRF [BW]
  PeriodicCurve grfApBw;         ///< reference-leg anterior-posterior GRF [BW], + propulsive
};

class GaitReference {
 public:
  static Result<GaitReference> load(const std::string& file);
  /// Default file: models/gait_reference.json next to the default model.
  static std::string defaultFile();

  /// Reference at a walking speed [m/s] for a leg length [m] (clamped to the groups' range).
  ReferenceGait atSpeed(double speedMps, double legLengthM) const;
  double minDimensionlessSpeed() const { return m_groups.front().dimensionlessSpeed; }
  double maxDimensionlessSpeed() const { return m_groups.back().dimensionlessSpeed; }
  const std::string& source() const { return m_source; }

 private:
  struct Group {
    std::string name;
    double dimensionlessSpeed, dimensionlessCadence, footOff;
    std::array<double, PeriodicCurve::kSamples> hip, knee, ankle, pelvisTilt, grfVertical, grfAp;
  };
  std::vector<Group> m_groups;  // by increasing speed
  std::string m_source;
};

}  // namespace retrogait
