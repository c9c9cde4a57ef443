#pragma once
// CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", default strategy parameters)
// on Eigen, for the controller tuner. Minimises over the unit box [0, 1]^n: candidates are
// clipped into the box for evaluation and the distance outside is added as a penalty.

#include <cstdint>
#include <random>
#include <vector>

#include <Eigen/Dense>

namespace retrogait {

class CmaEs {
 public:
  /// `start` in [0,1]^n, initial step size `sigma`, population `lambda` (0 = 4 + 3 ln n).
  CmaEs(const Eigen::VectorXd& start, double sigma, int lambda, std::uint64_t seed);

  /// New candidates (unclipped); evaluate clip(x) and pass costs to tell() in the same order.
  const std::vector<Eigen::VectorXd>& ask();
  void tell(const std::vector<double>& costs);

  static Eigen::VectorXd clip(const Eigen::VectorXd& x);
  /// Squared distance of x outside the unit box.
  static double boxPenalty(const Eigen::VectorXd& x);

  const Eigen::VectorXd& mean() const { return m_mean; }
  double sigma() const { return m_sigma; }
  int lambda() const { return m_lambda; }
  int generation() const { return m_generation; }

 private:
  int m_n, m_lambda, m_mu, m_generation = 0;
  Eigen::VectorXd m_weights;
  double m_muEff, m_cSigma, m_dSigma, m_cc, m_c1, m_cMu, m_chiN;
  Eigen::VectorXd m_mean, m_pSigma, m_pc;
  Eigen::MatrixXd m_C, m_B;
  Eigen::VectorXd m_D;
  double m_sigma;
  std::mt19937_64 m_rng;
  std::vector<Eigen::VectorXd> m_candidates;
  std::vector<Eigen::VectorXd> m_steps;  // B D z for each candidate
};

}  // namespace retrogait
