#pragma once
// Natural cubic spline through (x_i, y_i): the JSON model's moving points (quadriceps insertions
// and the folded knee translation vs knee angle) and the coordinates of a recorded walk. OpenSim's
// SimmSpline differs only in its end conditions (io/osim_model.cpp evaluates that one when it
// reads an .osim).

#include <vector>

namespace retrogait {

class CubicSpline {
 public:
  CubicSpline() = default;
  /// Knots must be strictly increasing, at least 2 of them; sizes must match.
  CubicSpline(std::vector<double> x, std::vector<double> y);

  bool empty() const { return m_pieces.empty(); }
  /// Value at x; linear extrapolation outside the knots.
  double value(double x) const;
  /// First derivative at x.
  double derivative(double x) const;
  /// Second derivative at x (piecewise linear, 0 at the end knots; 0 outside them).
  double secondDerivative(double x) const;
  /// Value and first derivative at x with one knot lookup (as value() and derivative()).
  void evaluate(double x, double& value, double& derivative) const;
  /// Whether `other` has exactly the same knots (then evaluateWith() may pair them).
  bool sameKnots(const CubicSpline& other) const { return m_x == other.m_x; }
  /// evaluate() of this spline and of `other`, which must have the same knots, with one knot
  /// lookup: the x and y of a moving path point are two splines of one coordinate.
  void evaluateWith(const CubicSpline& other, double x, double& value, double& derivative,
                    double& otherValue, double& otherDerivative) const;

 private:
  // One polynomial piece y + b t + c t² + d t³ (t = x − x0) per segment, stored together so
  // that an evaluation touches one cache line.
  struct Piece {
    double x0, y, b, c, d;
  };
  std::size_t segmentOf(double x) const;
  // Value and derivative of piece p at x, evaluated at xc (x clamped to the knots) and
  // extrapolated linearly from there.
  static void evaluatePiece(const Piece& p, double x, double xc, double& value, double& derivative);
  std::vector<double> m_x;  // knots (searched when they are not equally spaced)
  std::vector<Piece> m_pieces;
  double m_xBack = 0, m_yBack = 0;  // last knot
  // Equally spaced knots (e.g. resampled splines): the segment is found by division, not search.
  bool m_uniform = false;
  double m_inverseSpacing = 0;
};

}  // namespace retrogait
