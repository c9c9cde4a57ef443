#include "retrogait/core/cubic_spline.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace retrogait {

CubicSpline::CubicSpline(std::vector<double> x, std::vector<double> y) : m_x(std::move(x)) {
  const std::size_t n = m_x.size();
  if (n < 2 || y.size() != n) throw std::invalid_argument("spline needs >= 2 matching knots");
  for (std::size_t i = 1; i < n; ++i) {
    if (!(m_x[i] > m_x[i - 1])) throw std::invalid_argument("spline knots must increase");
  }
  // Natural spline: second derivative zero at both ends; tridiagonal solve for c (= y''/2).
  std::vector<double> h(n - 1), alpha(n, 0.0), l(n, 1.0), mu(n, 0.0), z(n, 0.0);
  for (std::size_t i = 0; i + 1 < n; ++i) h[i] = m_x[i + 1] - m_x[i];
  for (std::size_t i = 1; i + 1 < n; ++i) {
    alpha[i] = 3.0 / h[i] * (y[i + 1] - y[i]) - 3.0 / h[i - 1] * (y[i] - y[i - 1]);
  }
  for (std::size_t i = 1; i + 1 < n; ++i) {
    l[i] = 2.0 * (m_x[i + 1] - m_x[i - 1]) - h[i - 1] * mu[i - 1];
    mu[i] = h[i] / l[i];
    z[i] = (alpha[i] - h[i - 1] * z[i - 1]) / l[i];
  }
  std::vector<double> c(n, 0.0);
  m_pieces.resize(n - 1);
  for (std::size_t j = n - 1; j-- > 0;) {
    c[j] = z[j] - mu[j] * c[j + 1];
    Piece& p = m_pieces[j];
    p.x0 = m_x[j];
    p.y = y[j];
    p.b = (y[j + 1] - y[j]) / h[j] - h[j] * (c[j + 1] + 2.0 * c[j]) / 3.0;
    p.c = c[j];
    p.d = (c[j + 1] - c[j]) / (3.0 * h[j]);
  }
  m_xBack = m_x.back();
  m_yBack = y.back();
  m_uniform = true;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    if (std::abs(h[i] - h[0]) > 1e-12 * std::abs(h[0])) m_uniform = false;
  }
  m_inverseSpacing = 1.0 / h[0];
}

std::size_t CubicSpline::segmentOf(double x) const {
  if (m_uniform) {
    // Within the knots here (callers clamp or extrapolate); a knot may land in either of its
    // two segments, which give the same value there.
    const double s = std::floor((x - m_pieces.front().x0) * m_inverseSpacing);
    if (!(s > 0)) return 0;  // also NaN
    return static_cast<std::size_t>(std::min(s, static_cast<double>(m_pieces.size() - 1)));
  }
  auto it = std::upper_bound(m_x.begin(), m_x.end(), x);
  std::size_t i = it == m_x.begin() ? 0 : static_cast<std::size_t>(it - m_x.begin()) - 1;
  return std::min(i, m_pieces.size() - 1);
}

double CubicSpline::value(double x) const {
  const double x0 = m_pieces.front().x0;
  if (x <= x0) return m_pieces.front().y + derivative(x0) * (x - x0);
  if (x >= m_xBack) return m_yBack + derivative(m_xBack) * (x - m_xBack);
  const Piece& p = m_pieces[segmentOf(x)];
  const double t = x - p.x0;
  return p.y + t * (p.b + t * (p.c + t * p.d));
}

double CubicSpline::derivative(double x) const {
  const double xc = std::clamp(x, m_pieces.front().x0, m_xBack);
  const Piece& p = m_pieces[segmentOf(xc)];
  const double t = xc - p.x0;
  return p.b + t * (2.0 * p.c + 3.0 * t * p.d);
}

double CubicSpline::secondDerivative(double x) const {
  if (x < m_pieces.front().x0 || x > m_xBack) return 0.0;
  const Piece& p = m_pieces[segmentOf(x)];
  return 2.0 * p.c + 6.0 * p.d * (x - p.x0);
}

void CubicSpline::evaluatePiece(const Piece& p, double x, double xc, double& value,
                                double& derivative) {
  const double t = xc - p.x0;
  derivative = p.b + t * (2.0 * p.c + 3.0 * t * p.d);
  value = p.y + t * (p.b + t * (p.c + t * p.d)) + derivative * (x - xc);
}

void CubicSpline::evaluate(double x, double& value, double& derivative) const {
  const double xc = std::clamp(x, m_pieces.front().x0, m_xBack);
  evaluatePiece(m_pieces[segmentOf(xc)], x, xc, value, derivative);
}

void CubicSpline::evaluateWith(const CubicSpline& other, double x, double& value,
                               double& derivative, double& otherValue,
                               double& otherDerivative) const {
  const double xc = std::clamp(x, m_pieces.front().x0, m_xBack);
  const std::size_t i = segmentOf(xc);
  evaluatePiece(m_pieces[i], x, xc, value, derivative);
  evaluatePiece(other.m_pieces[i], x, xc, otherValue, otherDerivative);
}

}  // namespace retrogait
