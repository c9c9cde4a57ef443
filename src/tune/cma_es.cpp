#include "retrogait/tune/cma_es.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace retrogait {

CmaEs::CmaEs(const Eigen::VectorXd& start, double sigma, int lambda, std::uint64_t seed)
    : m_n(static_cast<int>(start.size())), m_mean(start), m_sigma(sigma), m_rng(seed) {
  const double n = m_n;
  m_lambda = lambda > 0 ? lambda : 4 + static_cast<int>(std::floor(3.0 * std::log(n)));
  m_mu = m_lambda / 2;
  m_weights.resize(m_mu);
  for (int i = 0; i < m_mu; ++i) m_weights[i] = std::log(m_mu + 0.5) - std::log(i + 1.0);
  m_weights /= m_weights.sum();
  m_muEff = 1.0 / m_weights.squaredNorm();
  m_cSigma = (m_muEff + 2.0) / (n + m_muEff + 5.0);
  m_dSigma = 1.0 + 2.0 * std::max(0.0, std::sqrt((m_muEff - 1.0) / (n + 1.0)) - 1.0) + m_cSigma;
  m_cc = (4.0 + m_muEff / n) / (n + 4.0 + 2.0 * m_muEff / n);
  m_c1 = 2.0 / ((n + 1.3) * (n + 1.3) + m_muEff);
  m_cMu = std::min(1.0 - m_c1,
                   2.0 * (m_muEff - 2.0 + 1.0 / m_muEff) / ((n + 2.0) * (n + 2.0) + m_muEff));
  m_chiN = std::sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * n));
  m_pSigma = Eigen::VectorXd::Zero(m_n);
  m_pc = Eigen::VectorXd::Zero(m_n);
  m_C = Eigen::MatrixXd::Identity(m_n, m_n);
  m_B = Eigen::MatrixXd::Identity(m_n, m_n);
  m_D = Eigen::VectorXd::Ones(m_n);
}

const std::vector<Eigen::VectorXd>& CmaEs::ask() {
  std::normal_distribution<double> normal(0.0, 1.0);
  m_candidates.resize(m_lambda);
  m_steps.resize(m_lambda);
  for (int k = 0; k < m_lambda; ++k) {
    Eigen::VectorXd z(m_n);
    for (int i = 0; i < m_n; ++i) z[i] = normal(m_rng);
    m_steps[k] = m_B * m_D.asDiagonal() * z;
    m_candidates[k] = m_mean + m_sigma * m_steps[k];
  }
  return m_candidates;
}

void CmaEs::tell(const std::vector<double>& costs) {
  std::vector<int> order(m_lambda);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return costs[a] < costs[b]; });

  const Eigen::VectorXd oldMean = m_mean;
  Eigen::VectorXd yw = Eigen::VectorXd::Zero(m_n);
  for (int i = 0; i < m_mu; ++i) yw += m_weights[i] * m_steps[order[i]];
  m_mean = oldMean + m_sigma * yw;

  // C^{-1/2} yw = B D^{-1} Bᵀ yw
  const Eigen::VectorXd invSqrtY = m_B * (m_B.transpose() * yw).cwiseQuotient(m_D);
  m_pSigma =
      (1.0 - m_cSigma) * m_pSigma + std::sqrt(m_cSigma * (2.0 - m_cSigma) * m_muEff) * invSqrtY;
  const double gen = m_generation + 1.0;
  const bool hSigma = m_pSigma.norm() / std::sqrt(1.0 - std::pow(1.0 - m_cSigma, 2.0 * gen)) <
                      (1.4 + 2.0 / (m_n + 1.0)) * m_chiN;
  m_pc = (1.0 - m_cc) * m_pc + (hSigma ? std::sqrt(m_cc * (2.0 - m_cc) * m_muEff) : 0.0) * yw;

  Eigen::MatrixXd rankMu = Eigen::MatrixXd::Zero(m_n, m_n);
  for (int i = 0; i < m_mu; ++i)
    rankMu += m_weights[i] * m_steps[order[i]] * m_steps[order[i]].transpose();
  const double deltaH = hSigma ? 0.0 : m_cc * (2.0 - m_cc);
  m_C =
      (1.0 - m_c1 - m_cMu) * m_C + m_c1 * (m_pc * m_pc.transpose() + deltaH * m_C) + m_cMu * rankMu;
  m_sigma *= std::exp((m_cSigma / m_dSigma) * (m_pSigma.norm() / m_chiN - 1.0));
  m_sigma = std::min(m_sigma, 1.0);

  m_C = 0.5 * (m_C + m_C.transpose());
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(m_C);
  m_B = eig.eigenvectors();
  m_D = eig.eigenvalues().cwiseMax(1e-20).cwiseSqrt();
  ++m_generation;
}

Eigen::VectorXd CmaEs::clip(const Eigen::VectorXd& x) {
  return x.cwiseMax(0.0).cwiseMin(1.0);
}

double CmaEs::boxPenalty(const Eigen::VectorXd& x) {
  return (x - clip(x)).squaredNorm();
}

}  // namespace retrogait
