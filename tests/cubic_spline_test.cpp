// The natural cubic spline (moving path points): analytic cases, its derivative against finite
// differences, and the paired evaluation of two splines on the same knots.

#include "retrogait/core/cubic_spline.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace retrogait;

namespace {

std::vector<double> mapped(const std::vector<double>& x, double (*f)(double)) {
  std::vector<double> y;
  for (double v : x) y.push_back(f(v));
  return y;
}

const std::vector<double> kUniformKnots = {-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0};
const std::vector<double> kUnevenKnots = {-2.0, -1.7, -1.0, -0.8, 0.1, 0.4, 1.0};

}  // namespace

// Data on a straight line give that line everywhere, extrapolation included (the natural end
// conditions admit it, and the spline is unique).
TEST(CubicSpline, ReproducesAStraightLine) {
  for (const auto& knots : {kUniformKnots, kUnevenKnots}) {
    const CubicSpline s(knots, mapped(knots, [](double x) { return 0.3 - 1.7 * x; }));
    for (double x = -3.0; x <= 2.0; x += 0.0625) {
      double v, d;
      s.evaluate(x, v, d);
      EXPECT_NEAR(v, 0.3 - 1.7 * x, 1e-13) << x;
      EXPECT_NEAR(d, -1.7, 1e-13) << x;
      EXPECT_EQ(v, s.value(x));
      EXPECT_EQ(d, s.derivative(x));
    }
  }
}

// Through the knots; the derivative is the finite difference of the value; the second
// derivative vanishes at both ends (natural spline).
TEST(CubicSpline, InterpolatesWithAConsistentDerivative) {
  for (const auto& knots : {kUniformKnots, kUnevenKnots}) {
    const std::vector<double> y = mapped(knots, [](double x) { return std::sin(2.0 * x); });
    const CubicSpline s(knots, y);
    for (std::size_t i = 0; i < knots.size(); ++i) EXPECT_NEAR(s.value(knots[i]), y[i], 1e-15);
    const double h = 1e-6;
    for (double x = -1.95; x <= 0.95; x += 0.05) {
      EXPECT_NEAR(s.derivative(x), (s.value(x + h) - s.value(x - h)) / (2 * h), 1e-8) << x;
    }
    for (double end : {knots.front() + 1e-4, knots.back() - 1e-4}) {
      const double second = (s.derivative(end + h) - s.derivative(end - h)) / (2 * h);
      EXPECT_NEAR(second, 0.0, 2e-3) << end;  // y'' is linear in the end piece: 0 at the knot
    }
  }
}

// Two splines on the same knots evaluated together give exactly what each gives alone, inside
// the knots, on them and beyond them.
TEST(CubicSpline, PairedEvaluationEqualsSeparateOnes) {
  for (const auto& knots : {kUniformKnots, kUnevenKnots}) {
    const CubicSpline a(knots, mapped(knots, [](double x) { return std::cos(x); }));
    const CubicSpline b(knots, mapped(knots, [](double x) { return x * x * x; }));
    ASSERT_TRUE(a.sameKnots(b));
    for (double x = -2.6; x <= 1.6; x += 0.01) {
      double av, ad, bv, bd, pav, pad, pbv, pbd;
      a.evaluate(x, av, ad);
      b.evaluate(x, bv, bd);
      a.evaluateWith(b, x, pav, pad, pbv, pbd);
      EXPECT_EQ(pav, av) << x;
      EXPECT_EQ(pad, ad) << x;
      EXPECT_EQ(pbv, bv) << x;
      EXPECT_EQ(pbd, bd) << x;
    }
  }
  const CubicSpline uniform(kUniformKnots, kUniformKnots);
  const CubicSpline uneven(kUnevenKnots, kUnevenKnots);
  EXPECT_FALSE(uniform.sameKnots(uneven));
}

// The second derivative is the finite difference of the first inside the knots, vanishes at the
// end knots (natural spline) and is 0 outside them (linear extrapolation).
TEST(CubicSpline, SecondDerivativeMatchesTheFirstsSlope) {
  for (const auto& knots : {kUniformKnots, kUnevenKnots}) {
    const CubicSpline s(knots, mapped(knots, [](double x) { return std::sin(2.0 * x); }));
    const double h = 1e-6;
    for (double x = -1.93; x <= 0.93; x += 0.05) {
      EXPECT_NEAR(s.secondDerivative(x), (s.derivative(x + h) - s.derivative(x - h)) / (2 * h),
                  1e-6)
          << x;
    }
    EXPECT_NEAR(s.secondDerivative(knots.front()), 0.0, 1e-12);
    EXPECT_NEAR(s.secondDerivative(knots.back()), 0.0, 1e-12);
    EXPECT_EQ(s.secondDerivative(knots.back() + 0.5), 0.0);
    EXPECT_EQ(s.secondDerivative(knots.front() - 0.5), 0.0);
  }
}
