#include "retrogait/core/cubic_spline.h"

#include <algorithm>
#include <stdexcept>

namespace retrogait {

CubicSpline::CubicSpline(std::vector<double> x, std::vector<double> y)
    : m_x(std::move(x)), m_y(std::move(y)) {
  const std::size_t n = m_x.size();
  if (n < 2 || m_y.size() != n) throw std::invalid_argument("spline needs >= 2 matching knots");
  for (std::size_t i = 1; i < n; ++i) {
    if (!(m_x[i] > m_x[i - 1])) throw std::invalid_argument("spline knots must increase");
  }
  // Natural spline: second derivative zero at both ends; tridiagonal solve for c (= y''/2).
  std::vector<double> h(n - 1), alpha(n, 0.0), l(n, 1.0), mu(n, 0.0), z(n, 0.0);
  for (std::size_t i = 0; i + 1 < n; ++i) h[i] = m_x[i + 1] - m_x[i];
  for (std::size_t i = 1; i + 1 < n; ++i) {
    alpha[i] = 3.0 / h[i] * (m_y[i + 1] - m_y[i]) - 3.0 / h[i - 1] * (m_y[i] - m_y[i - 1]);
  }
  for (std::size_t i = 1; i + 1 < n; ++i) {
    l[i] = 2.0 * (m_x[i + 1] - m_x[i - 1]) - h[i - 1] * mu[i - 1];
    mu[i] = h[i] / l[i];
    z[i] = (alpha[i] - h[i - 1] * z[i - 1]) / l[i];
  }
  m_c.assign(n, 0.0);
  m_b.assign(n - 1, 0.0);
  m_d.assign(n - 1, 0.0);
  for (std::size_t j = n - 1; j-- > 0;) {
    m_c[j] = z[j] - mu[j] * m_c[j + 1];
    m_b[j] = (m_y[j + 1] - m_y[j]) / h[j] - h[j] * (m_c[j + 1] + 2.0 * m_c[j]) / 3.0;
    m_d[j] = (m_c[j + 1] - m_c[j]) / (3.0 * h[j]);
  }
}

std::size_t CubicSpline::segmentOf(double x) const {
  auto it = std::upper_bound(m_x.begin(), m_x.end(), x);
  std::size_t i = it == m_x.begin() ? 0 : static_cast<std::size_t>(it - m_x.begin()) - 1;
  return std::min(i, m_x.size() - 2);
}

double CubicSpline::value(double x) const {
  if (x <= m_x.front()) return m_y.front() + derivative(m_x.front()) * (x - m_x.front());
  if (x >= m_x.back()) return m_y.back() + derivative(m_x.back()) * (x - m_x.back());
  const std::size_t i = segmentOf(x);
  const double t = x - m_x[i];
  return m_y[i] + t * (m_b[i] + t * (m_c[i] + t * m_d[i]));
}

double CubicSpline::derivative(double x) const {
  const double xc = std::clamp(x, m_x.front(), m_x.back());
  const std::size_t i = segmentOf(xc);
  const double t = xc - m_x[i];
  return m_b[i] + t * (2.0 * m_c[i] + 3.0 * t * m_d[i]);
}

}  // namespace retrogait
