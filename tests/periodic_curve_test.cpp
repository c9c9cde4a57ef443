// The controller's periodic reference curves: Catmull–Rom through the samples, periodic, with
// a slope that is the derivative of the value, and the paired evaluation equal to the separate.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "retrogait/control/gait_reference.h"

using namespace retrogait;

namespace {

PeriodicCurve sineCurve() {
  std::array<double, PeriodicCurve::kSamples> s{};
  for (int i = 0; i < PeriodicCurve::kSamples; ++i) {
    s[static_cast<std::size_t>(i)] =
        std::sin(2 * std::numbers::pi * i / PeriodicCurve::kSamples) + 0.1 * (i % 3);
  }
  return PeriodicCurve(s);
}

}  // namespace

TEST(PeriodicCurve, PassesThroughItsSamplesAndWraps) {
  const PeriodicCurve c = sineCurve();
  for (int i = 0; i < PeriodicCurve::kSamples; ++i) {
    const double phase = static_cast<double>(i) / PeriodicCurve::kSamples;
    EXPECT_NEAR(c.value(phase), c.samples()[static_cast<std::size_t>(i)], 1e-12) << i;
    EXPECT_NEAR(c.value(phase + 3.0), c.value(phase), 1e-12) << i;
    EXPECT_NEAR(c.value(phase - 2.0), c.value(phase), 1e-12) << i;
  }
}

TEST(PeriodicCurve, SlopeIsTheDerivativeAndEvaluateGivesBoth) {
  const PeriodicCurve c = sineCurve();
  // Catmull–Rom is C¹ but not C²: across a sample the central difference errs by about
  // Δf''·h/4, so h is small (round-off ~1e-7 at this h, the kink ~4e-7).
  const double h = 1e-9;
  for (double phase = -1.3; phase < 2.2; phase += 0.0137) {
    EXPECT_NEAR(c.slope(phase), (c.value(phase + h) - c.value(phase - h)) / (2 * h), 1e-5) << phase;
    double value, slope;
    c.evaluate(phase, value, slope);
    EXPECT_EQ(value, c.value(phase)) << phase;
    EXPECT_EQ(slope, c.slope(phase)) << phase;
  }
}
