// Static optimization: optimality (KKT) conditions, agreement with Ipopt (the reference solver
// OpenSim uses) on the same problems, analytic cases, reserves, and no heap allocation.

#include <gtest/gtest.h>

#include <IpIpoptApplication.hpp>
#include <IpTNLP.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "retrogait/analysis/hill_muscle.h"
#include "retrogait/analysis/muscle_geometry.h"
#include "retrogait/analysis/muscle_load_estimator.h"
#include "retrogait/analysis/static_optimization.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/model/model_loader.h"

// ---- Allocation counter (catches new, Eigen and vector) ----
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
void countAllocation() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
}
}  // namespace
#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer the malloc family is ASan's own: replacing it crashes the runtime's
// start-up, so the count comes from its allocation hooks instead (declared here: GCC ships the
// runtime's interface without its header, <sanitizer/allocator_interface.h>).
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*)(const volatile void*,
                                                                  std::size_t),
                                                         void (*)(const volatile void*));
namespace {
void onMalloc(const volatile void*, std::size_t) {
  countAllocation();
}
void onFree(const volatile void*) {}
[[maybe_unused]] const int g_hooksInstalled =
    __sanitizer_install_malloc_and_free_hooks(onMalloc, onFree);
}  // namespace
#else
// glibc's malloc family, forwarded.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
}
extern "C" {
void* malloc(std::size_t n) {
  countAllocation();
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
  countAllocation();
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
  countAllocation();
  return __libc_realloc(p, n);
}
void* memalign(std::size_t alignment, std::size_t n) {
  countAllocation();
  return __libc_memalign(alignment, n);
}
void* aligned_alloc(std::size_t alignment, std::size_t n) {
  countAllocation();
  return __libc_memalign(alignment, n);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t n) {
  countAllocation();
  *out = __libc_memalign(alignment, n);
  return *out ? 0 : 12;  // ENOMEM
}
}
#endif

using namespace retrogait;

namespace {

const Model& testModel() {
  static const Model model = [] {
    auto m = loadModel(defaultModelFile());
    EXPECT_TRUE(m) << m.error();
    return m.value();
  }();
  return model;
}

// A recruitment problem of the real right leg at a random walking configuration and velocity,
// with a random target moment of walking magnitude (hip ±90, knee ±70, ankle −150..+30 N·m,
// OpenSim sign) scaled by `scale`.
LegRecruitmentProblem realisticProblem(std::mt19937& rng, double scale = 1.0) {
  const Model& model = testModel();
  std::uniform_real_distribution<double> u(0.0, 1.0);
  VecQ q = VecQ::Zero(), qd = VecQ::Zero();
  q[kPelvisTy] = 0.9;
  q[kHipR] = degToRad(-20 + 55 * u(rng));
  q[kKneeR] = degToRad(-65 * u(rng));
  q[kAnkleR] = degToRad(-25 + 40 * u(rng));
  for (int dof = kHipR; dof <= kAnkleR; ++dof) qd[dof] = 6.0 * (u(rng) - 0.5);
  const SegmentPoses poses = computePoses(model, q);
  LegRecruitmentProblem p;
  for (const MuscleSpec& m : model.muscles) {
    if (m.side != Side::kRight) continue;
    const MuscleGeometry g = computeMuscleGeometry(model, m, poses, q, qd);
    const MuscleForceCoefficients k =
        computeForceCoefficients(m, computeFiberState(m, g.lengthM, g.velocityMps));
    for (int j = 0; j < 3; ++j) p.momentArmM(j, p.muscleCount) = g.momentArmM[j];
    p.activeForceN[p.muscleCount] = k.activeN;
    p.passiveForceN[p.muscleCount] = k.passiveN;
    ++p.muscleCount;
  }
  p.targetMomentNm =
      scale * Eigen::Vector3d(90 * (2 * u(rng) - 1), 70 * (2 * u(rng) - 1), -150 + 180 * u(rng));
  return p;
}

// ---- Ipopt reference: the original constrained problem with reserves as variables ----
// x = (a_1..a_n, ρ_1..ρ_3[, t]); Σ_i B_ji a_i + ρ_j = c_j; for min/max also a_i − t ≤ 0.
class RecruitmentNlp : public Ipopt::TNLP {
 public:
  RecruitmentNlp(const LegRecruitmentProblem& p, const StaticOptimizationSpec& spec)
      : m_n(p.muscleCount),
        m_spec(spec),
        m_minMax(spec.criterion == RecruitmentCriterion::kMinMax) {
    m_B = Eigen::MatrixXd(3, m_n);
    m_c = p.targetMomentNm;
    for (int i = 0; i < m_n; ++i) {
      m_B.col(i) = p.momentArmM.col(i) * p.activeForceN[i];
      m_c -= p.momentArmM.col(i) * p.passiveForceN[i];
    }
    m_w = 1.0 / (spec.reserveOptimalMomentNm * spec.reserveOptimalMomentNm);
    m_p = spec.criterion == RecruitmentCriterion::kSumCubes ? 3.0 : 2.0;
  }
  Eigen::VectorXd solution;
  bool ok = false;

  bool get_nlp_info(Ipopt::Index& n, Ipopt::Index& m, Ipopt::Index& nnzJac, Ipopt::Index& nnzH,
                    IndexStyleEnum& style) override {
    n = vars();
    m = 3 + (m_minMax ? m_n : 0);
    nnzJac = 3 * (m_n + 1) + (m_minMax ? 2 * m_n : 0);
    nnzH = m_n + 3;
    style = C_STYLE;
    return true;
  }
  bool get_bounds_info(Ipopt::Index n, Ipopt::Number* xl, Ipopt::Number* xu, Ipopt::Index m,
                       Ipopt::Number* gl, Ipopt::Number* gu) override {
    for (int i = 0; i < n; ++i) {
      const bool activation = i < m_n || (m_minMax && i == m_n + 3);
      xl[i] = activation ? 0.0 : -1e19;
      xu[i] = activation ? 1.0 : 1e19;
    }
    for (int k = 0; k < m; ++k) {
      gl[k] = k < 3 ? m_c[k] : -1e19;
      gu[k] = k < 3 ? m_c[k] : 0.0;
    }
    return true;
  }
  bool get_starting_point(Ipopt::Index n, bool, Ipopt::Number* x, bool, Ipopt::Number*,
                          Ipopt::Number*, Ipopt::Index, bool, Ipopt::Number*) override {
    for (int i = 0; i < n; ++i) x[i] = i < m_n ? 0.1 : 0.0;
    if (m_minMax) x[m_n + 3] = 0.5;
    return true;
  }
  bool eval_f(Ipopt::Index, const Ipopt::Number* x, bool, Ipopt::Number& f) override {
    f = 0;
    for (int i = 0; i < m_n; ++i) {
      f += m_minMax ? m_spec.minMaxQuadraticWeight * x[i] * x[i] : std::pow(x[i], m_p);
    }
    for (int j = 0; j < 3; ++j) f += m_w * x[m_n + j] * x[m_n + j];
    if (m_minMax) f += x[m_n + 3];
    return true;
  }
  bool eval_grad_f(Ipopt::Index, const Ipopt::Number* x, bool, Ipopt::Number* g) override {
    for (int i = 0; i < m_n; ++i) {
      g[i] = m_minMax ? 2 * m_spec.minMaxQuadraticWeight * x[i] : m_p * std::pow(x[i], m_p - 1);
    }
    for (int j = 0; j < 3; ++j) g[m_n + j] = 2 * m_w * x[m_n + j];
    if (m_minMax) g[m_n + 3] = 1.0;
    return true;
  }
  bool eval_g(Ipopt::Index, const Ipopt::Number* x, bool, Ipopt::Index, Ipopt::Number* g) override {
    for (int j = 0; j < 3; ++j) {
      g[j] = x[m_n + j];
      for (int i = 0; i < m_n; ++i) g[j] += m_B(j, i) * x[i];
    }
    if (m_minMax) {
      for (int i = 0; i < m_n; ++i) g[3 + i] = x[i] - x[m_n + 3];
    }
    return true;
  }
  bool eval_jac_g(Ipopt::Index, const Ipopt::Number*, bool, Ipopt::Index, Ipopt::Index,
                  Ipopt::Index* row, Ipopt::Index* col, Ipopt::Number* v) override {
    int k = 0;
    for (int j = 0; j < 3; ++j) {
      for (int i = 0; i <= m_n; ++i) {
        if (v == nullptr) {
          row[k] = j;
          col[k] = i < m_n ? i : m_n + j;
        } else {
          v[k] = i < m_n ? m_B(j, i) : 1.0;
        }
        ++k;
      }
    }
    if (m_minMax) {
      for (int i = 0; i < m_n; ++i) {
        if (v == nullptr) {
          row[k] = 3 + i, col[k] = i;
          row[k + 1] = 3 + i, col[k + 1] = m_n + 3;
        } else {
          v[k] = 1.0;
          v[k + 1] = -1.0;
        }
        k += 2;
      }
    }
    return true;
  }
  bool eval_h(Ipopt::Index, const Ipopt::Number* x, bool, Ipopt::Number sigma, Ipopt::Index,
              const Ipopt::Number*, bool, Ipopt::Index, Ipopt::Index* row, Ipopt::Index* col,
              Ipopt::Number* v) override {
    for (int i = 0; i < m_n + 3; ++i) {
      if (v == nullptr) {
        row[i] = col[i] = i;
      } else if (i < m_n) {
        v[i] = sigma * (m_minMax ? 2 * m_spec.minMaxQuadraticWeight
                                 : m_p * (m_p - 1) * std::pow(x[i], m_p - 2));
      } else {
        v[i] = sigma * 2 * m_w;
      }
    }
    return true;
  }
  void finalize_solution(Ipopt::SolverReturn status, Ipopt::Index n, const Ipopt::Number* x,
                         const Ipopt::Number*, const Ipopt::Number*, Ipopt::Index,
                         const Ipopt::Number*, const Ipopt::Number*, Ipopt::Number,
                         const Ipopt::IpoptData*, Ipopt::IpoptCalculatedQuantities*) override {
    ok = status == Ipopt::SUCCESS;
    solution = Eigen::Map<const Eigen::VectorXd>(x, n);
  }

 private:
  int vars() const { return m_n + 3 + (m_minMax ? 1 : 0); }
  int m_n;
  StaticOptimizationSpec m_spec;
  bool m_minMax;
  Eigen::MatrixXd m_B;
  Eigen::Vector3d m_c;
  double m_w = 1, m_p = 2;
};

// Solves with Ipopt; returns (a, ρ[, t]).
Eigen::VectorXd solveWithIpopt(const LegRecruitmentProblem& p, const StaticOptimizationSpec& spec) {
  Ipopt::SmartPtr<RecruitmentNlp> nlp = new RecruitmentNlp(p, spec);
  Ipopt::SmartPtr<Ipopt::IpoptApplication> app = IpoptApplicationFactory();
  app->Options()->SetIntegerValue("print_level", 0);
  app->Options()->SetStringValue("sb", "yes");
  app->Options()->SetNumericValue("tol", 1e-12);
  app->Options()->SetNumericValue("constr_viol_tol", 1e-12);
  app->Options()->SetIntegerValue("max_iter", 500);
  // A bound whose multiplier vanishes (a_i = 0 with zero marginal cost) is only approached as
  // sqrt(μ) by an interior point: let μ go below its default floor (1e-11 → a_i ≈ 3e-6) so that
  // Ipopt's answer is accurate enough to serve as the reference, and do not relax the bounds.
  app->Options()->SetNumericValue("mu_min", 1e-20);
  app->Options()->SetNumericValue("bound_relax_factor", 0.0);
  EXPECT_EQ(app->Initialize(), Ipopt::Solve_Succeeded);
  app->OptimizeTNLP(Ipopt::SmartPtr<Ipopt::TNLP>(GetRawPtr(nlp)));
  EXPECT_TRUE(nlp->ok);
  return nlp->solution;
}

// KKT conditions of min Σ a^p + w‖ρ‖² s.t. B a + ρ = c, 0 ≤ a ≤ 1, with λ = 2 w ρ:
// ∂/∂a_i: p a_i^{p−1} − (Bᵀλ)_i = 0 inside, ≥ 0 at a_i = 0, ≤ 0 at a_i = 1. Returns the worst
// violation scaled by 1 + max |Bᵀλ|.
double kktViolation(const LegRecruitmentProblem& p, const StaticOptimizationSpec& spec,
                    const LegRecruitmentSolution& s) {
  const double exponent = spec.criterion == RecruitmentCriterion::kSumCubes ? 3.0 : 2.0;
  const double w = 1.0 / (spec.reserveOptimalMomentNm * spec.reserveOptimalMomentNm);
  const Eigen::Vector3d lambda = 2 * w * s.reserveMomentNm;
  double worst = 0, scale = 1;
  for (int i = 0; i < p.muscleCount; ++i) {
    const double BtLambda = (p.momentArmM.col(i) * p.activeForceN[i]).dot(lambda);
    scale = std::max(scale, std::abs(BtLambda));
    const double a = s.activation[i];
    const double g = exponent * std::pow(a, exponent - 1) - BtLambda;
    double violation;
    if (a <= 1e-12) {
      violation = std::max(0.0, -g);
    } else if (a >= 1 - 1e-12) {
      violation = std::max(0.0, g);
    } else {
      violation = std::abs(g);
    }
    worst = std::max(worst, violation);
    // Bounds.
    EXPECT_GE(a, 0.0);
    EXPECT_LE(a, 1.0);
  }
  EXPECT_NEAR((s.multiplierPerNm - lambda).norm(), 0.0, 1e-12);
  return worst / scale;
}

}  // namespace

// One muscle, one joint: min a² + (τ − r A a)² (ρ_opt = 1 N·m) has a = r A τ / (1 + (r A)²).
TEST(StaticOptimization, SingleMuscleHasClosedFormSolution) {
  LegRecruitmentProblem p;
  p.muscleCount = 1;
  p.momentArmM(1, 0) = 0.05;
  p.activeForceN[0] = 1000;
  p.targetMomentNm = Eigen::Vector3d(0, 25, 0);
  const LegRecruitmentSolution s = solveLegRecruitment(p, StaticOptimizationSpec{});
  ASSERT_TRUE(s.converged);
  const double rA = 50;
  EXPECT_NEAR(s.activation[0], rA * 25 / (1 + rA * rA), 1e-12);
  EXPECT_NEAR(s.reserveMomentNm[1], 25 - rA * s.activation[0], 1e-12);
  // The reserve is small but never hides the moment balance: Σ r F + ρ = τ exactly.
  EXPECT_LT(std::abs(s.reserveMomentNm[1]), 0.01);
}

// Two identical muscles share equally under Σ a² and Σ a³; under min/max too.
TEST(StaticOptimization, IdenticalMusclesShareEqually) {
  LegRecruitmentProblem p;
  p.muscleCount = 2;
  p.momentArmM.col(0) = Eigen::Vector3d(0, 0, -0.05);
  p.momentArmM.col(1) = Eigen::Vector3d(0, 0, -0.05);
  p.activeForceN.head(2).setConstant(3000);
  p.passiveForceN[0] = p.passiveForceN[1] = 20;
  p.targetMomentNm = Eigen::Vector3d(0, 0, -120);
  for (auto criterion : {RecruitmentCriterion::kSumSquares, RecruitmentCriterion::kSumCubes,
                         RecruitmentCriterion::kMinMax}) {
    StaticOptimizationSpec spec;
    spec.criterion = criterion;
    const LegRecruitmentSolution s = solveLegRecruitment(p, spec);
    ASSERT_TRUE(s.converged) << criterionName(criterion);
    EXPECT_NEAR(s.activation[0], s.activation[1], 1e-7) << criterionName(criterion);
    // 2 × 0.05 × (3000 a + 20) ≈ 120 → a ≈ 0.393 (minus the tiny reserve share).
    EXPECT_NEAR(s.activation[0], (120.0 / 0.1 - 20) / 3000, 1e-4) << criterionName(criterion);
  }
}

// More moment than the muscles can give: they saturate at a = 1 and the reserve carries the
// rest, reported; the balance holds exactly.
TEST(StaticOptimization, ReservesCarryWhatMusclesCannot) {
  std::mt19937 rng(21);
  LegRecruitmentProblem p = realisticProblem(rng);
  p.targetMomentNm = Eigen::Vector3d(0, 3000, 0);  // far beyond the knee extensors
  for (auto criterion : {RecruitmentCriterion::kSumSquares, RecruitmentCriterion::kSumCubes,
                         RecruitmentCriterion::kMinMax}) {
    StaticOptimizationSpec spec;
    spec.criterion = criterion;
    const LegRecruitmentSolution s = solveLegRecruitment(p, spec);
    EXPECT_TRUE(s.converged) << criterionName(criterion);
    const Eigen::Vector3d produced =
        p.momentArmM.leftCols(p.muscleCount) *
        (p.activeForceN.head(p.muscleCount).cwiseProduct(s.activation.head(p.muscleCount)) +
         p.passiveForceN.head(p.muscleCount));
    EXPECT_NEAR((produced + s.reserveMomentNm - p.targetMomentNm).norm(), 0.0, 1e-9);
    EXPECT_GT(s.reserveMomentNm[1], 2000) << criterionName(criterion);
    const int vasti = 5;  // hamstrings, bifemsh, glut_max, iliopsoas, rect_fem, vasti, ...
    EXPECT_NEAR(s.activation[vasti], 1.0, 1e-6) << criterionName(criterion);
  }
}

// Σ a² and Σ a³ on 200 realistic problems: KKT conditions to 1e-8 (relative), and the same
// activations as Ipopt to 1e-6.
TEST(StaticOptimization, PowerCriteriaSatisfyKktAndMatchIpopt) {
  for (auto criterion : {RecruitmentCriterion::kSumSquares, RecruitmentCriterion::kSumCubes}) {
    StaticOptimizationSpec spec;
    spec.criterion = criterion;
    std::mt19937 rng(criterion == RecruitmentCriterion::kSumSquares ? 31 : 32);
    double worstKkt = 0, worstIpopt = 0, worstObjective = 0;
    int iterations = 0, saturated = 0;
    for (int trial = 0; trial < 200; ++trial) {
      const LegRecruitmentProblem p = realisticProblem(rng, trial % 10 == 0 ? 4.0 : 1.0);
      const LegRecruitmentSolution s = solveLegRecruitment(p, spec);
      ASSERT_TRUE(s.converged) << trial;
      iterations = std::max(iterations, s.iterations);
      worstKkt = std::max(worstKkt, kktViolation(p, spec, s));
      const Eigen::VectorXd ref = solveWithIpopt(p, spec);
      const double diff =
          (s.activation.head(p.muscleCount) - ref.head(p.muscleCount)).cwiseAbs().maxCoeff();
      worstIpopt = std::max(worstIpopt, diff);
      EXPECT_LT(diff, 1e-6) << criterionName(criterion) << " trial " << trial;
      EXPECT_NEAR((s.reserveMomentNm - ref.segment<3>(p.muscleCount)).norm(), 0, 1e-4);
      // Our objective is never worse than Ipopt's point (both feasible by construction).
      LegVector refA = LegVector::Zero();
      refA.head(p.muscleCount) = ref.head(p.muscleCount).cwiseMax(0.0).cwiseMin(1.0);
      const double fRef = evaluateRecruitmentObjective(p, spec, refA);
      worstObjective = std::max(worstObjective, (s.objective - fRef) / (1 + std::abs(fRef)));
      saturated += (s.activation.head(p.muscleCount).array() > 1 - 1e-9).any() ? 1 : 0;
    }
    EXPECT_LT(worstKkt, 1e-8);
    EXPECT_LT(worstObjective, 1e-10);
    // Newton converges in a few steps; a line search that stops short of a kink would show here
    // as dozens of steps, each halving the distance to it.
    EXPECT_LE(iterations, criterion == RecruitmentCriterion::kSumSquares ? 12 : 30);
    EXPECT_GT(saturated, 5);  // the set includes problems with active upper bounds
    std::printf(
        "[ SO %s ] 200 problems: max KKT violation %.2e, max |a - a_ipopt| %.2e, "
        "objective excess %.2e, max iterations %d\n",
        criterionName(criterion), worstKkt, worstIpopt, worstObjective, iterations);
  }
}

// Min/max: same QP as Ipopt (with the small ε term), and its max activation equals the pure
// min/max value (ε = 0, a linear program solved by Ipopt) to 1e-3.
TEST(StaticOptimization, MinMaxMatchesIpoptAndThePureMinMaxValue) {
  StaticOptimizationSpec spec;
  spec.criterion = RecruitmentCriterion::kMinMax;
  StaticOptimizationSpec pure = spec;
  pure.minMaxQuadraticWeight = 0;
  std::mt19937 rng(41);
  double worstA = 0, worstMax = 0, worstGap = 0;
  int iterations = 0;
  for (int trial = 0; trial < 100; ++trial) {
    const LegRecruitmentProblem p = realisticProblem(rng);
    const LegRecruitmentSolution s = solveLegRecruitment(p, spec);
    ASSERT_TRUE(s.converged) << trial;
    iterations = std::max(iterations, s.iterations);
    const Eigen::VectorXd ref = solveWithIpopt(p, spec);
    const double diff =
        (s.activation.head(p.muscleCount) - ref.head(p.muscleCount)).cwiseAbs().maxCoeff();
    worstA = std::max(worstA, diff);
    LegVector refA = LegVector::Zero();
    refA.head(p.muscleCount) = ref.head(p.muscleCount).cwiseMax(0.0).cwiseMin(1.0);
    const double fRef = evaluateRecruitmentObjective(p, spec, refA);
    worstGap = std::max(worstGap, (s.objective - fRef) / (1 + std::abs(fRef)));
    EXPECT_LT(diff, 1e-5) << trial;
    const Eigen::VectorXd lp = solveWithIpopt(p, pure);
    const double maxA = s.activation.head(p.muscleCount).maxCoeff();
    const double lpMax = lp[p.muscleCount + 3];
    worstMax = std::max(worstMax, std::abs(maxA - lpMax));
    EXPECT_NEAR(maxA, lpMax, 1e-3) << trial;
  }
  EXPECT_LT(worstGap, 1e-10);
  EXPECT_LE(iterations, 40);  // dual Newton steps and t-search steps together
  std::printf(
      "[ SO min_max ] 100 problems: max |a - a_ipopt| %.2e, objective excess %.2e, "
      "max |max a - LP min/max| %.2e, max iterations %d\n",
      worstA, worstGap, worstMax, iterations);
}

// A multiplier guess only changes where the Σ a² and min/max solvers start: from guesses near the
// answer, far from it (×1000, sign-flipped, zero) or not finite, they converge to the activations
// of a cold start.
TEST(StaticOptimization, AnyStartFindsTheSameOptimum) {
  std::mt19937 rng(61);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  double worst = 0;
  int steps = 0;
  for (auto criterion : {RecruitmentCriterion::kSumSquares, RecruitmentCriterion::kMinMax}) {
    StaticOptimizationSpec spec;
    spec.criterion = criterion;
    for (int trial = 0; trial < 50; ++trial) {
      LegRecruitmentProblem p = realisticProblem(rng, trial % 10 == 0 ? 4.0 : 1.0);
      const LegRecruitmentSolution cold = solveLegRecruitment(p, spec);
      ASSERT_TRUE(cold.converged);
      const Eigen::Vector3d lambda = cold.multiplierPerNm;
      const Eigen::Vector3d noise(u(rng), u(rng), u(rng));
      for (const Eigen::Vector3d& guess :
           {Eigen::Vector3d(lambda + 0.01 * lambda.norm() * noise), Eigen::Vector3d(1e3 * lambda),
            Eigen::Vector3d(-lambda), Eigen::Vector3d(Eigen::Vector3d::Zero()),
            Eigen::Vector3d(std::nan(""), 0, 0)}) {
        p.multiplierGuessPerNm = guess;
        const LegRecruitmentSolution warm = solveLegRecruitment(p, spec);
        ASSERT_TRUE(warm.converged) << criterionName(criterion) << " trial " << trial;
        steps = std::max(steps, warm.iterations);
        const double diff =
            (warm.activation - cold.activation).head(p.muscleCount).cwiseAbs().maxCoeff();
        worst = std::max(worst, diff);
        EXPECT_LT(diff, 1e-9) << criterionName(criterion) << " trial " << trial << " guess "
                              << guess.transpose();
      }
    }
  }
  std::printf("[ SO warm starts ] 500 solves: max |a - a_cold| %.2e, max steps %d\n", worst, steps);
}

// The hot path allocates nothing: the solver alone and the whole estimator on a sample.
TEST(StaticOptimization, SolverAndEstimatorDoNotAllocate) {
  const Model& model = testModel();
  std::mt19937 rng(51);
  const LegRecruitmentProblem p = realisticProblem(rng);
  EstimatorSpec spec;
  const EstimatorTables tables = buildEstimatorTables(model, spec);
  EstimatorInput input;
  input.q[kPelvisTy] = model.legLengthM;
  input.q[kPelvisTilt] = model.uprightPelvisTiltRad;
  input.q[kKneeR] = degToRad(-20);
  input.qd[kHipR] = 1.0;
  input.external.add({footSegment(Side::kRight), Vec2(50, 700), Vec2(0.05, 0)});
  MuscleLoadEstimate out;
  estimateMuscleLoad(model, tables, input, spec, out);  // warm-up (static locals)
  for (auto criterion : {RecruitmentCriterion::kSumSquares, RecruitmentCriterion::kSumCubes,
                         RecruitmentCriterion::kMinMax}) {
    StaticOptimizationSpec so;
    so.criterion = criterion;
    spec.optimization = so;
    g_allocations = 0;
    g_counting = true;
    const LegRecruitmentSolution s = solveLegRecruitment(p, so);
    estimateMuscleLoad(model, tables, input, spec, out);
    g_counting = false;
    EXPECT_TRUE(s.converged);
    EXPECT_EQ(g_allocations.load(), 0) << criterionName(criterion);
  }
  // The counter works: a vector allocates.
  g_allocations = 0;
  g_counting = true;
  std::vector<double>* v = new std::vector<double>(100);
  g_counting = false;
  delete v;
  EXPECT_GE(g_allocations.load(), 2);
}
