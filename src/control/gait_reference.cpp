#include "retrogait/control/gait_reference.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "retrogait/core/json_view.h"
#include "retrogait/core/math.h"
#include "retrogait/model/model_loader.h"

namespace retrogait {

namespace {
// Catmull–Rom basis on 4 consecutive samples at local coordinate t ∈ [0, 1).
double catmullRom(double p0, double p1, double p2, double p3, double t) {
  return 0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t +
                (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
}
double catmullRomSlope(double p0, double p1, double p2, double p3, double t) {
  return 0.5 * ((-p0 + p2) + 2 * (2 * p0 - 5 * p1 + 4 * p2 - p3) * t +
                3 * (-p0 + 3 * p1 - 3 * p2 + p3) * t * t);
}

// The four samples around phase φ and the local coordinate in [0, 1).
struct CurveSpan {
  double p0, p1, p2, p3, t;
};
CurveSpan spanAt(const std::array<double, PeriodicCurve::kSamples>& samples, double phase) {
  constexpr int n = PeriodicCurve::kSamples;
  const double x = (phase - std::floor(phase)) * n;
  const int i = std::min(static_cast<int>(x), n - 1);
  auto s = [&](int k) { return samples[static_cast<std::size_t>((k + n) % n)]; };
  return {s(i - 1), s(i), s(i + 1), s(i + 2), x - i};
}
}  // namespace

double PeriodicCurve::value(double phase) const {
  const CurveSpan c = spanAt(m_samples, phase);
  return catmullRom(c.p0, c.p1, c.p2, c.p3, c.t);
}

double PeriodicCurve::slope(double phase) const {
  const CurveSpan c = spanAt(m_samples, phase);
  return catmullRomSlope(c.p0, c.p1, c.p2, c.p3, c.t) * kSamples;
}

void PeriodicCurve::evaluate(double phase, double& value, double& slope) const {
  const CurveSpan c = spanAt(m_samples, phase);
  value = catmullRom(c.p0, c.p1, c.p2, c.p3, c.t);
  slope = catmullRomSlope(c.p0, c.p1, c.p2, c.p3, c.t) * kSamples;
}

std::string GaitReference::defaultFile() {
  return (std::filesystem::path(defaultModelFile()).parent_path() / "gait_reference.json").string();
}

Result<GaitReference> GaitReference::load(const std::string& file) {
  try {
    const nlohmann::json doc = parseJsonFile(file);
    JsonView root(doc, "");
    if (root.string("schema") != "retrogait.gait_reference/1") {
      root.failAt("schema", "not supported (allowed: retrogait.gait_reference/1)");
    }
    GaitReference ref;
    ref.m_source = root.string("source");
    JsonView groups = root.at("speed_groups");
    if (groups.size() < 2) groups.fail("need at least 2 speed groups");
    for (std::size_t g = 0; g < groups.size(); ++g) {
      JsonView v = groups.at(g);
      Group group;
      group.name = v.string("name");
      group.dimensionlessSpeed = v.number("dimensionless_speed", 0.01, 2.0);
      group.dimensionlessCadence = v.number("dimensionless_cadence", 0.05, 2.0);
      group.footOff = v.number("foot_off_fraction", 0.3, 0.9);
      auto curve = [&](const char* key, double scale) {
        JsonView c = v.at(key);
        if (c.size() != PeriodicCurve::kSamples + 1) {
          c.fail("expected 51 points (0..100 % in 2 % steps)");
        }
        std::array<double, PeriodicCurve::kSamples> out;
        for (int i = 0; i < PeriodicCurve::kSamples; ++i)
          out[i] = scale * c.at(i).asNumber(-180, 180);
        return out;
      };
      const double deg = degToRad(1.0);
      group.hip = curve("hip_flexion_deg", deg);
      group.knee = curve("knee_flexion_deg", -deg);  // OpenSim knee_angle = -flexion
      group.ankle = curve("ankle_dorsiflexion_deg", deg);
      group.pelvisTilt = curve("pelvis_anterior_tilt_deg", -deg);  // anterior = -tilt
      group.grfVertical = curve("grf_vertical_bw", 1.0);
      group.grfAp = curve("grf_anteroposterior_bw", 1.0);
      if (!ref.m_groups.empty() &&
          group.dimensionlessSpeed <= ref.m_groups.back().dimensionlessSpeed) {
        v.failAt("dimensionless_speed", "speed groups must be in increasing speed");
      }
      ref.m_groups.push_back(group);
    }
    return ref;
  } catch (const JsonError& e) {
    return Error{file + ": " + (e.path().empty() ? std::string(e.what()).substr(2) : e.what())};
  }
}

ReferenceGait GaitReference::atSpeed(double speedMps, double legLengthM) const {
  const double vHat = std::abs(speedMps) / std::sqrt(kGravityMps2 * legLengthM);
  const double clamped =
      std::clamp(vHat, m_groups.front().dimensionlessSpeed, m_groups.back().dimensionlessSpeed);
  std::size_t k = 0;
  while (k + 2 < m_groups.size() && clamped > m_groups[k + 1].dimensionlessSpeed) ++k;
  const Group& a = m_groups[k];
  const Group& b = m_groups[k + 1];
  const double t = (clamped - a.dimensionlessSpeed) / (b.dimensionlessSpeed - a.dimensionlessSpeed);
  auto mix = [&](const auto& x, const auto& y) {
    std::array<double, PeriodicCurve::kSamples> out;
    for (int i = 0; i < PeriodicCurve::kSamples; ++i) out[i] = lerp(x[i], y[i], t);
    return PeriodicCurve(out);
  };
  ReferenceGait gait;
  gait.dimensionlessSpeed = vHat;
  // Cadence: interpolate within the groups and extrapolate the cadence-speed line outside, so a
  // speed below the slowest group still gets a slower cadence.
  const double cadenceHat =
      a.dimensionlessCadence + (vHat - a.dimensionlessSpeed) *
                                   (b.dimensionlessCadence - a.dimensionlessCadence) /
                                   (b.dimensionlessSpeed - a.dimensionlessSpeed);
  const double stepsPerS = std::max(cadenceHat, 0.15) * std::sqrt(kGravityMps2 / legLengthM);
  gait.strideTimeS = 2.0 / stepsPerS;
  gait.footOffFraction = lerp(a.footOff, b.footOff, t);
  gait.hip = mix(a.hip, b.hip);
  gait.knee = mix(a.knee, b.knee);
  gait.ankle = mix(a.ankle, b.ankle);
  gait.pelvisTilt = mix(a.pelvisTilt, b.pelvisTilt);
  gait.grfVerticalBw = mix(a.grfVertical, b.grfVertical);
  gait.grfApBw = mix(a.grfAp, b.grfAp);
  return gait;
}

}  // namespace retrogait
