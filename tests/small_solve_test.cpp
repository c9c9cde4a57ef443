// The fixed-size solver the implicit PD uses: it matches Eigen's full-pivoting LU on random
// systems, and it pivots (a zero on the diagonal is not a zero pivot).

#include <gtest/gtest.h>

#include <random>

#include <Eigen/LU>

#include "retrogait/core/small_solve.h"

using namespace retrogait;

TEST(SmallSolve, MatchesFullPivotLuOnRandomSystems) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int trial = 0; trial < 50; ++trial) {
    Eigen::Matrix<double, 9, 9> A;
    Eigen::Matrix<double, 9, 1> b;
    for (int r = 0; r < 9; ++r) {
      b[r] = u(rng);
      for (int c = 0; c < 9; ++c) A(r, c) = u(rng);
    }
    const Eigen::Matrix<double, 9, 1> expected = A.fullPivLu().solve(b);
    const Eigen::Matrix<double, 9, 1> x = solveWithPartialPivoting<9>(A, b);
    EXPECT_LT((A * x - b).cwiseAbs().maxCoeff(), 1e-10) << trial;
    EXPECT_LT((x - expected).cwiseAbs().maxCoeff(), 1e-8 * (1 + expected.norm())) << trial;
  }
}

TEST(SmallSolve, PivotsAroundAZeroDiagonal) {
  Eigen::Matrix3d A;
  A << 0, 2, 1,  //
      1, 0, 0,   //
      0, 1, 3;
  const Eigen::Vector3d x(1, -2, 0.5);
  const Eigen::Vector3d solved = solveWithPartialPivoting<3>(A, Eigen::Vector3d(A * x));
  EXPECT_LT((solved - x).cwiseAbs().maxCoeff(), 1e-14);
}
