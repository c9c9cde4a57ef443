#pragma once
// Solves A x = b for a small fixed-size square A by Gaussian elimination with partial (row)
// pivoting, in place: the same algorithm as Eigen's PartialPivLU, written out for one
// right-hand side so that the controller's 9 × 9 solve skips Eigen's stride-generic kernels,
// permutation and separate triangular solves (callgrind: 47.2 k → 45.4 k instructions per
// simulation step; docs/physics.md), and updating column by column, where A's entries are
// contiguous (3.0 k → 2.6 k per solve), fully unrolled with a pivot swap of only the columns
// still in use (≈ 2.2 k → 1.5 k per solve; the same operations in the same order).

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <utility>

namespace retrogait {

/// On return `b` holds x and `a` is overwritten. Returns false (b unspecified) if a pivot is
/// zero or not finite, i.e. A is singular to working precision.
template <int N>
bool solveLinearSystemInPlace(Eigen::Matrix<double, N, N>& a, Eigen::Matrix<double, N, 1>& b) {
  // Fully unrolled (N is small and fixed): every trip count becomes a constant.
#pragma GCC unroll 16
  for (int k = 0; k < N; ++k) {
    int pivot = k;
    double largest = std::abs(a(k, k));
    for (int i = k + 1; i < N; ++i) {
      if (std::abs(a(i, k)) > largest) {
        largest = std::abs(a(i, k));
        pivot = i;
      }
    }
    if (!(largest > 0) || !std::isfinite(largest)) return false;
    if (pivot != k) {
      // Columns left of k hold multipliers that are never read again (b is updated as we go).
      for (int j = k; j < N; ++j) std::swap(a(k, j), a(pivot, j));
      std::swap(b[k], b[pivot]);
    }
    const double inversePivot = 1.0 / a(k, k);
    std::array<double, N> factor;
    for (int i = k + 1; i < N; ++i) {
      factor[i] = a(i, k) * inversePivot;
      b[i] -= factor[i] * b[k];
    }
    // Column by column: A is column-major, so the rows of a column are contiguous. Each entry
    // gets the same single update as row by row would give it (a zero factor leaves it as it
    // is, as long as the pivot row is finite; a non-finite one fails the final check anyway).
    for (int j = k + 1; j < N; ++j) {
      const double pivotRowEntry = a(k, j);
      for (int i = k + 1; i < N; ++i) a(i, j) -= factor[i] * pivotRowEntry;
    }
  }
  for (int i = N - 1; i >= 0; --i) {
    double v = b[i];
    for (int j = i + 1; j < N; ++j) v -= a(i, j) * b[j];
    b[i] = v / a(i, i);
  }
  return b.allFinite();
}

}  // namespace retrogait
