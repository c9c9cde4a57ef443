#pragma once
// Solving small dense systems of fixed size: Gaussian elimination with partial pivoting in plain
// loops. Eigen's PartialPivLU on a 9×9 matrix takes its blocked dynamic-size path (≈ 3.5k
// instructions a call); these loops are fully unrolled by the compiler for the fixed N.

#include <cmath>
#include <utility>

#include <Eigen/Core>

namespace retrogait {

/// x with A x = b, A square and non-singular (a zero pivot gives inf/NaN, which the caller's
/// NaN checks catch).
template <int N>
Eigen::Matrix<double, N, 1> solveWithPartialPivoting(const Eigen::Matrix<double, N, N>& matrix,
                                                     Eigen::Matrix<double, N, 1> b) {
  // Row-major: the elimination works on rows, which are then contiguous.
  Eigen::Matrix<double, N, N, Eigen::RowMajor> A = matrix;
  for (int k = 0; k < N; ++k) {
    int pivot = k;
    for (int r = k + 1; r < N; ++r) {
      if (std::abs(A(r, k)) > std::abs(A(pivot, k))) pivot = r;
    }
    if (pivot != k) {
      A.row(k).swap(A.row(pivot));
      std::swap(b[k], b[pivot]);
    }
    const double inversePivot = 1.0 / A(k, k);
    for (int r = k + 1; r < N; ++r) {
      const double f = A(r, k) * inversePivot;
      if (f == 0.0) continue;
      for (int c = k + 1; c < N; ++c) A(r, c) -= f * A(k, c);
      b[r] -= f * b[k];
    }
  }
  Eigen::Matrix<double, N, 1> x;
  for (int k = N - 1; k >= 0; --k) {
    double sum = b[k];
    for (int c = k + 1; c < N; ++c) sum -= A(k, c) * x[c];
    x[k] = sum / A(k, k);
  }
  return x;
}

}  // namespace retrogait
