// The hand-written small LU solve against Eigen's PartialPivLU, and its singular case.

#include "retrogait/core/small_lu.h"

#include <gtest/gtest.h>

#include <Eigen/LU>
#include <random>

using namespace retrogait;

namespace {
using Mat9 = Eigen::Matrix<double, 9, 9>;
using Vec9 = Eigen::Matrix<double, 9, 1>;
}  // namespace

// Random systems, including ones that need row swaps (a zero leading entry) and a mass-matrix-
// like SPD one with a non-symmetric perturbation (the controller's implicit PD system).
TEST(SmallLu, MatchesEigenPartialPivLu) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  double worst = 0;
  for (int trial = 0; trial < 200; ++trial) {
    Mat9 a;
    Vec9 b;
    for (int i = 0; i < 9; ++i) {
      b[i] = u(rng);
      for (int j = 0; j < 9; ++j) a(i, j) = u(rng);
    }
    if (trial % 3 == 0) a(0, 0) = 0;  // forces a pivot swap at the first column
    if (trial % 3 == 1) {
      a = a * a.transpose() + 0.5 * Mat9::Identity();  // SPD, like M
      a.bottomRows<6>() -= 0.01 * Eigen::Matrix<double, 6, 9>::Random();
    }
    const Vec9 expected = a.partialPivLu().solve(b);
    Mat9 work = a;
    Vec9 x = b;
    ASSERT_TRUE(solveLinearSystemInPlace(work, x)) << trial;
    const double residual = (a * x - b).norm() / (1.0 + b.norm());
    EXPECT_LT(residual, 1e-12) << trial;
    worst = std::max(worst, (x - expected).norm() / (1.0 + expected.norm()));
  }
  EXPECT_LT(worst, 1e-9);
}

TEST(SmallLu, ReportsASingularSystem) {
  Mat9 a = Mat9::Identity();
  a.row(4) = a.row(2);  // two equal rows
  Vec9 b = Vec9::Ones();
  EXPECT_FALSE(solveLinearSystemInPlace(a, b));
  Mat9 zero = Mat9::Zero();
  Vec9 c = Vec9::Ones();
  EXPECT_FALSE(solveLinearSystemInPlace(zero, c));
}
