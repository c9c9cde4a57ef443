#pragma once
// Natural cubic spline through (x_i, y_i), as OpenSim's SimmSpline: used for the moving
// quadriceps insertion points (position of the patellar tendon insertion vs knee angle).

#include <vector>

namespace retrogait {

class CubicSpline {
 public:
  CubicSpline() = default;
  /// Knots must be strictly increasing, at least 2 of them; sizes must match.
  CubicSpline(std::vector<double> x, std::vector<double> y);

  bool empty() const { return m_x.empty(); }
  /// Value at x; linear extrapolation outside the knots.
  double value(double x) const;
  /// First derivative at x.
  double derivative(double x) const;

 private:
  std::size_t segmentOf(double x) const;
  std::vector<double> m_x, m_y, m_b, m_c, m_d;  // y + b t + c t² + d t³ per segment
};

}  // namespace retrogait
