#include "retrogait/analysis/static_optimization.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>

namespace retrogait {

namespace {

constexpr int kMaxVars = kMaxLegMuscles;
// The min/max criterion's ε is raised to this: the dual method needs ‖a‖² to have some weight.
constexpr double kMinMinMaxQuadraticWeight = 1e-9;
using MatN =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMaxVars, kMaxVars>;
using VecN = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxVars, 1>;
using MatB = Eigen::Matrix<double, 3, Eigen::Dynamic, Eigen::ColMajor, 3, kMaxLegMuscles>;

// The problem after eliminating the reserves: residual ρ(a) = c − B a, reserve cost
// w ‖ρ‖² with w = 1/ρ_opt².
struct Reduced {
  int n = 0;
  MatB B;             // B_ji = r_ji A_i [N·m per unit activation]
  Eigen::Vector3d c;  // τ − Σ r_ji P_i [N·m]
  double w = 1;       // 1/ρ_opt² [1/(N·m)²]
  MatN BtB;           // Bᵀ B (Σ a³ only)
};

Reduced reduce(const LegRecruitmentProblem& p, const StaticOptimizationSpec& spec) {
  Reduced r;
  r.n = std::clamp(p.muscleCount, 0, kMaxLegMuscles);
  r.B.resize(3, r.n);
  r.c = p.targetMomentNm;
  for (int i = 0; i < r.n; ++i) {
    r.B.col(i) = p.momentArmM.col(i) * p.activeForceN[i];
    r.c -= p.momentArmM.col(i) * p.passiveForceN[i];
  }
  const double rho = spec.reserveOptimalMomentNm > 0 ? spec.reserveOptimalMomentNm : 1.0;
  r.w = 1.0 / (rho * rho);
  // Bᵀ B by hand: for these small sizes Eigen's dynamic-size product goes through its general
  // matrix kernels, several times slower than the plain loops. Only Σ a³ needs it (the dual
  // solvers of Σ a² and min/max work on the 3 × 3 matrix B Bᵀ instead).
  if (spec.criterion != RecruitmentCriterion::kSumCubes) return r;
  r.BtB.resize(r.n, r.n);
  for (int i = 0; i < r.n; ++i) {
    for (int k = 0; k <= i; ++k) {
      const double v = r.B(0, i) * r.B(0, k) + r.B(1, i) * r.B(1, k) + r.B(2, i) * r.B(2, k);
      r.BtB(i, k) = v;
      r.BtB(k, i) = v;
    }
  }
  return r;
}

// c − B a (the reserve moments at activations a).
Eigen::Vector3d residualAt(const Reduced& r, const VecN& a) {
  Eigen::Vector3d res = r.c;
  for (int i = 0; i < r.n; ++i) res -= r.B.col(i) * a[i];
  return res;
}

// Solves S x = v for a symmetric positive definite 3 × 3 S by Cholesky, written out (Eigen's
// LLT at this size goes through a loop with runtime checks). Returns false if S is not
// numerically positive definite.
bool solveSpd3(const Eigen::Matrix3d& S, const Eigen::Vector3d& v, Eigen::Vector3d& x) {
  const double d0 = S(0, 0);
  if (!(d0 > 0)) return false;
  const double l00 = std::sqrt(d0), l10 = S(1, 0) / l00, l20 = S(2, 0) / l00;
  const double d1 = S(1, 1) - l10 * l10;
  if (!(d1 > 0)) return false;
  const double l11 = std::sqrt(d1), l21 = (S(2, 1) - l20 * l10) / l11;
  const double d2 = S(2, 2) - l20 * l20 - l21 * l21;
  if (!(d2 > 0)) return false;
  const double l22 = std::sqrt(d2);
  const double z0 = v[0] / l00, z1 = (v[1] - l10 * z0) / l11,
               z2 = (v[2] - l20 * z0 - l21 * z1) / l22;
  x[2] = z2 / l22;
  x[1] = (z1 - l21 * x[2]) / l11;
  x[0] = (z0 - l10 * x[1] - l20 * x[2]) / l00;
  return x.allFinite();
}

// The minimiser of (1/k) ‖a‖² + w ‖c − B a‖² with no bounds, in its dual form: a = k Bᵀ y with
// y = (I/w + k B Bᵀ)⁻¹ c (3 × 3; the push-through identity). It starts the dual Newton when no
// guess is given (exact when no bound is active) and, clamped, the Σ a³ projected Newton.
Eigen::Vector3d unsaturatedDual(const Reduced& r, double k) {
  const Eigen::Matrix3d S = Eigen::Matrix3d::Identity() / r.w + k * r.B * r.B.transpose();
  Eigen::Vector3d y;
  if (!solveSpd3(S, r.c, y)) y.setZero();
  return y;
}

// Dense Cholesky factorisation L Lᵀ = M of a small SPD matrix, in place (lower triangle), and
// the solve with it: hand-written for the at most 12 × 12 systems here (same algorithm as
// Eigen's unblocked LLT, without its dynamic-size dispatch). Returns false if M is not
// numerically positive definite.
bool choleskyInPlace(MatN& m) {
  const int n = static_cast<int>(m.rows());
  for (int j = 0; j < n; ++j) {
    double d = m(j, j);
    for (int k = 0; k < j; ++k) d -= m(j, k) * m(j, k);
    if (!(d > 0)) return false;
    const double ljj = std::sqrt(d);
    m(j, j) = ljj;
    for (int i = j + 1; i < n; ++i) {
      double v = m(i, j);
      for (int k = 0; k < j; ++k) v -= m(i, k) * m(j, k);
      m(i, j) = v / ljj;
    }
  }
  return true;
}

void choleskySolveInPlace(const MatN& l, VecN& x) {
  const int n = static_cast<int>(l.rows());
  for (int i = 0; i < n; ++i) {
    double v = x[i];
    for (int k = 0; k < i; ++k) v -= l(i, k) * x[k];
    x[i] = v / l(i, i);
  }
  for (int i = n - 1; i >= 0; --i) {
    double v = x[i];
    for (int k = i + 1; k < n; ++k) v -= l(k, i) * x[k];
    x[i] = v / l(i, i);
  }
}

double criterionExponent(RecruitmentCriterion c) {
  return c == RecruitmentCriterion::kSumCubes ? 3.0 : 2.0;
}

// ---- Projected Newton for f(a) = Σ a³ + w ‖c − B a‖² on [0, 1]^n ----

double powerCost(const VecN& a, double p) {
  double f = 0;
  for (int i = 0; i < a.size(); ++i) f += p == 2.0 ? a[i] * a[i] : a[i] * a[i] * a[i];
  return f;
}

// f(b) − f(a) without cancellation: the residual term as (ρ_b − ρ_a)·(ρ_b + ρ_a), which stays
// accurate when the reserves (and so f) are large and the step is small.
double objectiveChangeP3(const Reduced& r, const VecN& a, const Eigen::Vector3d& resA,
                         const VecN& b) {
  Eigen::Vector3d dRes = Eigen::Vector3d::Zero();
  for (int i = 0; i < r.n; ++i) dRes -= r.B.col(i) * (b[i] - a[i]);
  double change = r.w * dRes.dot(2.0 * resA + dRes);
  for (int i = 0; i < a.size(); ++i) {
    change += (b[i] - a[i]) * (b[i] * b[i] + b[i] * a[i] + a[i] * a[i]);
  }
  return change;
}

void solveProjectedNewtonP3(const Reduced& r, const StaticOptimizationSpec& spec, VecN& a,
                            int& iterations, bool& converged) {
  const int n = r.n;
  VecN g(n), d(n), trial(n), hdiag(n);
  MatN Hff;
  Eigen::Matrix<int, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxLegMuscles, 1> freeIdx(n);
  std::array<bool, kMaxLegMuscles> held{};

  // Start: the unconstrained Σ a² minimiser clamped to the box (a good guess).
  const Eigen::Vector3d y0 = unsaturatedDual(r, 1.0);
  for (int i = 0; i < n; ++i) a[i] = std::clamp(r.B.col(i).dot(y0), 0.0, 1.0);

  converged = false;
  for (iterations = 0; iterations < spec.maxIterations; ++iterations) {
    const Eigen::Vector3d res = residualAt(r, a);
    for (int i = 0; i < n; ++i) g[i] = -2.0 * r.w * r.B.col(i).dot(res);
    // Projected-gradient optimality measure (0 exactly at a KKT point), per component relative
    // to the size of the reserve term in it, which sets the round-off of g_i.
    bool optimal = true;
    double pg = 0;
    for (int i = 0; i < n; ++i) {
      const double roundoffScale = 1.0 + std::abs(g[i]);
      g[i] += 3.0 * a[i] * a[i];
      hdiag[i] = 2.0 * r.w * r.BtB(i, i) + std::max(6.0 * a[i], 1e-9);
      const double pgi = std::abs(a[i] - std::clamp(a[i] - g[i], 0.0, 1.0));
      pg = std::max(pg, pgi);
      optimal = optimal && pgi <= spec.tolerance * roundoffScale;
    }
    if (optimal) {
      converged = true;
      break;
    }
    // Bounds held this iteration: at (or within eps of) a bound with the gradient pushing out.
    const double eps = std::min(1e-3, pg);
    int nf = 0;
    for (int i = 0; i < n; ++i) {
      held[static_cast<std::size_t>(i)] =
          (a[i] <= eps && g[i] > 0) || (a[i] >= 1.0 - eps && g[i] < 0);
      if (!held[static_cast<std::size_t>(i)]) freeIdx[nf++] = i;
    }
    // Newton step on the free variables, scaled gradient step on the held ones.
    VecN df(nf);
    Hff.resize(nf, nf);
    for (int u = 0; u < nf; ++u) {
      df[u] = -g[freeIdx[u]];
      for (int v = 0; v < u; ++v) Hff(u, v) = 2.0 * r.w * r.BtB(freeIdx[u], freeIdx[v]);
      Hff(u, u) = hdiag[freeIdx[u]];
    }
    bool solved = choleskyInPlace(Hff);
    if (solved) choleskySolveInPlace(Hff, df);
    solved = solved && df.allFinite();
    if (!solved) {
      for (int u = 0; u < nf; ++u) df[u] = -g[freeIdx[u]] / hdiag[freeIdx[u]];
    }
    // Held variables: a scaled gradient step that reaches the bound at full step (a diagonal
    // scaling, as Bertsekas allows), so they land on it instead of creeping towards it.
    for (int i = 0; i < n; ++i) {
      d[i] = -g[i] / hdiag[i];
      if (held[static_cast<std::size_t>(i)])
        d[i] = g[i] > 0 ? std::min(d[i], -a[i]) : std::max(d[i], 1.0 - a[i]);
    }
    for (int u = 0; u < nf; ++u) d[freeIdx[u]] = df[u];

    // Armijo search along the projection arc (Bertsekas 1982, eq. 31).
    double step = 1.0;
    bool accepted = false;
    for (int k = 0; k < 40; ++k) {
      double predicted = 0;
      for (int i = 0; i < n; ++i) {
        trial[i] = std::clamp(a[i] + step * d[i], 0.0, 1.0);
        predicted +=
            held[static_cast<std::size_t>(i)] ? g[i] * (a[i] - trial[i]) : -step * g[i] * d[i];
      }
      if (-objectiveChangeP3(r, a, res, trial) >= 1e-4 * predicted) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;  // no further progress possible in double precision
    a = trial;
  }
}

// ---- Σ a² and min/max: semismooth Newton on the 3-dimensional dual ----
// Both criteria come down to box problems of the form
//     min (1/k) ‖a‖² + w ‖c − B a‖²   on [0, cap]^n
// (Σ a²: k = 1, cap = 1; min/max for a fixed bound t: k = 1/ε, cap = t). Their KKT conditions say
// a_i = clamp(k b_iᵀ y, 0, cap) with y = w (c − B a) (half the moment multiplier), so the whole
// problem is the 3-vector y solving F(y) = y / w + B clamp(k Bᵀ y, 0, cap) − c = 0, the gradient
// of a strongly convex, piecewise quadratic D(y). Its generalised Jacobian is
// J = I / w + k Σ_{0 < k b_iᵀy < cap} b_i b_iᵀ (3 × 3, positive definite), so a Newton step
// costs one 3 × 3 solve whatever n is, and within one piece (one set of unsaturated muscles) D is
// quadratic: the step that finds the right set lands on the optimum.

struct BoxProblem {
  double k = 1;    // activation per unit b_iᵀy (1 / the weight of ‖a‖²)
  double cap = 1;  // upper bound of every activation
};

// F(y); a receives clamp(k Bᵀ y, 0, cap) and J (if given) the Jacobian.
Eigen::Vector3d dualResidual(const Reduced& r, const BoxProblem& box, const Eigen::Vector3d& y,
                             VecN& a, Eigen::Matrix3d* J) {
  Eigen::Vector3d F = y / r.w - r.c;
  double j00 = 0, j11 = 0, j22 = 0, j10 = 0, j20 = 0, j21 = 0;
  for (int i = 0; i < r.n; ++i) {
    const double b0 = r.B(0, i), b1 = r.B(1, i), b2 = r.B(2, i);
    const double s = box.k * (b0 * y[0] + b1 * y[1] + b2 * y[2]);
    a[i] = std::clamp(s, 0.0, box.cap);
    F[0] += b0 * a[i];
    F[1] += b1 * a[i];
    F[2] += b2 * a[i];
    if (J != nullptr && s > 0.0 && s < box.cap) {
      j00 += b0 * b0;
      j11 += b1 * b1;
      j22 += b2 * b2;
      j10 += b1 * b0;
      j20 += b2 * b0;
      j21 += b2 * b1;
    }
  }
  if (J != nullptr) {
    const double d = 1.0 / r.w, k = box.k;
    *J << d + k * j00, k * j10, k * j20, k * j10, d + k * j11, k * j21, k * j20, k * j21,
        d + k * j22;
  }
  return F;
}

// Whether a satisfies the primal optimality conditions to the tolerance: the projected gradient
// (in activation units, g_i = 2 (a_i − k b_iᵀ w res)), per component relative to the size of the
// reserve term in it (which sets its round-off). res = c − B a.
bool primalOptimal(const Reduced& r, const BoxProblem& box, const VecN& a,
                   const Eigen::Vector3d& res, double tol) {
  for (int i = 0; i < r.n; ++i) {
    const double reserveTerm = 2.0 * box.k * r.w * r.B.col(i).dot(res);
    const double g = 2.0 * a[i] - reserveTerm;
    if (std::abs(a[i] - std::clamp(a[i] - g, 0.0, box.cap)) > tol * (1.0 + std::abs(reserveTerm)))
      return false;
  }
  return true;
}

// The minimiser over α ∈ [0, 1] of D(y + α d), for a descent direction d (slope0 = F(y)ᵀd < 0).
// Along the line D is convex and piecewise quadratic: its slope F(y + α d)ᵀd is continuous,
// piecewise linear and non-decreasing, with a kink wherever a muscle's k b_iᵀ(y + α d) crosses 0
// or cap. Walks those breakpoints in order until the slope reaches zero.
double exactStep(const Reduced& r, const BoxProblem& box, const Eigen::Vector3d& y,
                 const Eigen::Vector3d& d, double slope0) {
  struct Breakpoint {
    double alpha;
    double curvature;  // (b_iᵀd)² k, what the muscle adds to the slope's rate while unsaturated
    int muscle;
  };
  std::array<Breakpoint, 2 * kMaxLegMuscles> breaks;
  std::array<bool, kMaxLegMuscles> unsaturated{};
  const double minCurvature = d.squaredNorm() / r.w;
  double curvature = minCurvature;
  int count = 0;
  for (int i = 0; i < r.n; ++i) {
    const double bd = r.B.col(i).dot(d);
    const double s = box.k * r.B.col(i).dot(y), delta = box.k * bd;
    const auto k = static_cast<std::size_t>(i);
    // Unsaturated just after α = 0 (a muscle on a bound counts by where d takes it).
    unsaturated[k] =
        (s > 0 || (s == 0 && delta > 0)) && (s < box.cap || (s == box.cap && delta < 0));
    if (unsaturated[k]) curvature += bd * delta;
    if (delta == 0) continue;
    for (const double bound : {0.0, box.cap}) {
      const double alpha = (bound - s) / delta;
      if (alpha > 0 && alpha < 1)
        breaks[static_cast<std::size_t>(count++)] = {alpha, bd * delta, i};
    }
  }
  std::sort(breaks.begin(), breaks.begin() + count,
            [](const Breakpoint& x, const Breakpoint& z) { return x.alpha < z.alpha; });
  double slope = slope0, from = 0;
  for (int b = 0; b <= count; ++b) {
    const double to = b < count ? breaks[static_cast<std::size_t>(b)].alpha : 1.0;
    const double slopeAtTo = slope + curvature * (to - from);
    if (slopeAtTo >= 0) return from - slope / curvature;
    if (b == count) break;
    slope = slopeAtTo;
    from = to;
    const Breakpoint& bp = breaks[static_cast<std::size_t>(b)];
    const auto k = static_cast<std::size_t>(bp.muscle);
    unsaturated[k] = !unsaturated[k];
    curvature = std::max(curvature + (unsaturated[k] ? bp.curvature : -bp.curvature), minCurvature);
  }
  return 1.0;
}

// Newton from y (updated in place) to the box problem's optimum a; `steps` counts the Newton
// steps taken. With needDualAtOptimum, y and J (the Jacobian) on return are those of a.
bool solveBoxDual(const Reduced& r, const BoxProblem& box, const StaticOptimizationSpec& spec,
                  Eigen::Vector3d& y, VecN& a, Eigen::Matrix3d& J, int& steps,
                  bool needDualAtOptimum) {
  Eigen::Vector3d d;
  double bestNorm = std::numeric_limits<double>::infinity();
  int stalled = 0;
  for (int it = 0; it < spec.maxIterations; ++it) {
    const Eigen::Vector3d F = dualResidual(r, box, y, a, &J);
    const Eigen::Vector3d res = y / r.w - F;  // c − B a
    if (primalOptimal(r, box, a, res, spec.tolerance)) {
      // a is optimal; y may lag where a is held at a bound (a started there): if asked, take
      // y (and J) from a, keeping a itself (y = w res carries the round-off of res, which the
      // activations implied by it would multiply by k |b_i|).
      if (needDualAtOptimum) {
        y = r.w * res;
        VecN scratch(r.n);
        dualResidual(r, box, y, scratch, &J);
      }
      return true;
    }
    // Converged to round-off, which the projected gradient above cannot always see: it
    // multiplies an error in a by the Hessian, 2 (I + k w Bᵀ B), up to 1e5 k here, so with a
    // strong muscle near its optimum it can stay above the tolerance while y is as exact as F
    // allows. Then F is at the round-off of its own terms (y/w, B a and c), or stops falling
    // while already tiny (a Newton step on the right piece leaves it at round-off), or the step
    // is below y's resolution.
    double termScale = r.c.lpNorm<1>() + y.lpNorm<1>() / r.w;
    for (int i = 0; i < r.n; ++i) termScale += r.B.col(i).lpNorm<1>() * a[i];
    const double fNorm = F.lpNorm<Eigen::Infinity>();
    if (fNorm <= 64 * std::numeric_limits<double>::epsilon() * termScale) return true;
    stalled = fNorm > 0.5 * bestNorm ? stalled + 1 : 0;
    bestNorm = std::min(bestNorm, fNorm);
    if (stalled >= 2 && fNorm <= 1e-9 * termScale) return true;
    if (!solveSpd3(J, -F, d)) return false;
    if (d.lpNorm<Eigen::Infinity>() <=
        4 * std::numeric_limits<double>::epsilon() * y.lpNorm<Eigen::Infinity>())
      return true;
    // Exact line search: lands past the kink where the step of the current piece overshoots
    // (a backtracking search would stop short of it, and every later step with it).
    y += exactStep(r, box, y, d, F.dot(d)) * d;
    ++steps;
  }
  dualResidual(r, box, y, a, &J);
  return false;
}

void solveDualNewtonP2(const Reduced& r, const StaticOptimizationSpec& spec,
                       const std::optional<Eigen::Vector3d>& multiplierGuess, VecN& a,
                       int& iterations, bool& converged) {
  Eigen::Vector3d y = multiplierGuess && multiplierGuess->allFinite()
                          ? Eigen::Vector3d(0.5 * *multiplierGuess)
                          : unsaturatedDual(r, 1.0);
  Eigen::Matrix3d J;
  iterations = 0;
  converged = solveBoxDual(r, BoxProblem{}, spec, y, a, J, iterations, false);
}

// The bound t at which 1 = 2ε Σ (k b_iᵀy − t)⁺ (the min/max slope is zero for this y), in
// (0, 1]; 1 if that t is above 1 or there is none.
double boundFromDual(const Reduced& r, double k, double eps, const Eigen::Vector3d& y) {
  std::array<double, kMaxLegMuscles> s{};
  for (int i = 0; i < r.n; ++i) s[static_cast<std::size_t>(i)] = k * r.B.col(i).dot(y);
  std::sort(s.begin(), s.begin() + r.n, std::greater<>());
  const double target = 0.5 / eps;
  double sum = 0;
  for (int m = 0; m < r.n; ++m) {
    sum += s[static_cast<std::size_t>(m)];
    const double t = (sum - target) / (m + 1);  // with the m + 1 largest above t
    const double next = m + 1 < r.n ? s[static_cast<std::size_t>(m + 1)] : -1.0;
    if (t >= next && t <= s[static_cast<std::size_t>(m)]) return t > 0 && t < 1 ? t : 1.0;
  }
  return 1.0;
}

// Min/max: min over t ∈ [0, 1] of φ(t) = t + V(t), V(t) the optimum of the box problem with
// k = 1/ε and cap t. V is convex, so φ′(t) = 1 − Σ μ_i(t) (μ_i = 2ε (k b_iᵀy − t) ≥ 0, the
// multipliers of the muscles held at t) is non-decreasing, and piecewise linear: a safeguarded
// Newton search on it, inside a bracket, with a warm-started inner solve per trial t. Its slope
// comes from the inner Jacobian: with u = Σ_{held} b_i, φ″ = 2 uᵀ J⁻¹ u + 2 ε |held|.
void solveMinMaxDual(const Reduced& r, const StaticOptimizationSpec& spec,
                     const std::optional<Eigen::Vector3d>& multiplierGuess, VecN& a,
                     int& iterations, bool& converged) {
  const double eps = std::max(spec.minMaxQuadraticWeight, kMinMinMaxQuadraticWeight);
  BoxProblem box{1.0 / eps, 1.0};
  Eigen::Vector3d y = multiplierGuess && multiplierGuess->allFinite()
                          ? Eigen::Vector3d(0.5 * *multiplierGuess)
                          : unsaturatedDual(r, box.k);
  Eigen::Matrix3d J;
  iterations = 0;
  converged = false;
  // φ′(t) at the inner optimum for cap t (a, y, J current). Muscles at t (to 1e-9) count
  // as held, so that the slope is the one for lowering t: `held` receives Σ_{held} b_i and
  // `Jheld` the Jacobian with them held.
  Eigen::Matrix3d Jheld;
  const auto slopeOfPhi = [&](Eigen::Vector3d& held, int& heldCount) {
    double sum = 0;
    held.setZero();
    heldCount = 0;
    Jheld = J;
    for (int i = 0; i < r.n; ++i) {
      const Eigen::Vector3d b = r.B.col(i);
      const double s = box.k * b.dot(y);
      if (s < box.cap * (1 - 1e-9)) continue;
      if (s < box.cap) Jheld -= box.k * b * b.transpose();  // free in J, held from here down
      sum += std::max(0.0, s - box.cap);
      held += b;
      ++heldCount;
    }
    return 1.0 - 2.0 * eps * sum;
  };
  // t = 0 is optimal when even the first unit of t buys less than it costs.
  {
    const Eigen::Vector3d y0 = r.w * r.c;  // all activations 0
    double sum = 0;
    for (int i = 0; i < r.n; ++i) sum += std::max(0.0, box.k * r.B.col(i).dot(y0));
    if (1.0 - 2.0 * eps * sum >= 0) {
      a.setZero();
      converged = true;
      return;
    }
  }
  // Start t where the guess (the previous sample's optimum) had it: there 1 = 2ε Σ (s_i − t)⁺
  // with s_i = k b_iᵀy, a piecewise-linear equation in t solved over the s_i sorted.
  if (multiplierGuess && multiplierGuess->allFinite()) box.cap = boundFromDual(r, box.k, eps, y);
  const double tolerance = 1e-3 * spec.tolerance;
  double lo = 0, hi = 1;
  bool triedOne = box.cap >= 1.0;
  Eigen::Vector3d held;
  int heldCount = 0;
  for (int outer = 0; outer < spec.maxIterations; ++outer) {
    if (!solveBoxDual(r, box, spec, y, a, J, iterations, true)) return;
    ++iterations;
    const double h = slopeOfPhi(held, heldCount);
    if (std::abs(h) <= tolerance || (h < 0 && box.cap >= 1.0)) {
      converged = true;  // stationary, or t = 1 with φ still falling: the reserves carry the rest
      return;
    }
    (h > 0 ? hi : lo) = box.cap;
    if (hi - lo <= 4 * std::numeric_limits<double>::epsilon()) {
      converged = true;
      return;
    }
    double next;
    if (heldCount == 0) {
      next = a.head(r.n).maxCoeff();  // no muscle at the bound: lower it to the largest one
    } else {
      Eigen::Vector3d v;
      const double curvature =
          solveSpd3(Jheld, held, v) ? 2.0 * held.dot(v) + 2.0 * eps * heldCount : 0;
      next = curvature > 0 ? box.cap - h / curvature : 0.5 * (lo + hi);
    }
    if (heldCount > 0 &&
        std::abs(next - box.cap) <= 4 * std::numeric_limits<double>::epsilon() * box.cap) {
      converged = true;  // the Newton step in t is below t's resolution: h is at its round-off
      return;
    }
    if (!(next > lo && next < hi)) {
      // Past the bracket: try t = 1 once (the optimum when the muscles saturate), else bisect.
      next = next >= hi && hi >= 1.0 && !triedOne ? 1.0 : 0.5 * (lo + hi);
    }
    triedOne = triedOne || next >= 1.0;
    box.cap = next;
  }
}

// The criterion with the reserve cost, at activations a with reserves res = c − B a.
double objectiveAt(const Reduced& r, const StaticOptimizationSpec& spec, const VecN& a,
                   const Eigen::Vector3d& res) {
  double f = r.w * res.squaredNorm();
  if (spec.criterion == RecruitmentCriterion::kMinMax) {
    f += (r.n > 0 ? a.maxCoeff() : 0.0) + spec.minMaxQuadraticWeight * a.squaredNorm();
  } else {
    f += powerCost(a, criterionExponent(spec.criterion));
  }
  return f;
}

}  // namespace

const char* criterionName(RecruitmentCriterion criterion) {
  switch (criterion) {
    case RecruitmentCriterion::kSumSquares:
      return "sum_squares";
    case RecruitmentCriterion::kSumCubes:
      return "sum_cubes";
    case RecruitmentCriterion::kMinMax:
      return "min_max";
  }
  return "?";
}

LegRecruitmentSolution solveLegRecruitment(const LegRecruitmentProblem& problem,
                                           const StaticOptimizationSpec& spec) {
  LegRecruitmentSolution out;
  const Reduced r = reduce(problem, spec);
  VecN a(r.n);
  if (r.n > 0) {
    if (spec.criterion == RecruitmentCriterion::kMinMax) {
      solveMinMaxDual(r, spec, problem.multiplierGuessPerNm, a, out.iterations, out.converged);
    } else {
      if (spec.criterion == RecruitmentCriterion::kSumSquares) {
        solveDualNewtonP2(r, spec, problem.multiplierGuessPerNm, a, out.iterations, out.converged);
      } else {
        solveProjectedNewtonP3(r, spec, a, out.iterations, out.converged);
      }
    }
  } else {
    out.converged = true;
  }
  out.activation.head(r.n) = a;
  out.reserveMomentNm = residualAt(r, a);
  out.multiplierPerNm = 2.0 * r.w * out.reserveMomentNm;
  out.objective = objectiveAt(r, spec, a, out.reserveMomentNm);
  return out;
}

double evaluateRecruitmentObjective(const LegRecruitmentProblem& problem,
                                    const StaticOptimizationSpec& spec,
                                    const LegVector& activation) {
  const Reduced r = reduce(problem, spec);
  const VecN a = activation.head(r.n);
  return objectiveAt(r, spec, a, residualAt(r, a));
}

}  // namespace retrogait
