#pragma once
// Static optimization (muscle recruitment) for one leg at one instant, with reserve actuators.
//
// Unknowns: activations a_i ∈ [0, 1] of the leg's n muscles and one reserve moment ρ_j per joint.
// Muscle tension is affine in activation (hill_muscle.h): F_i = A_i a_i + P_i. Constraints, one
// per joint j (hip, knee, ankle; generalized forces in OpenSim sign, see inverse_dynamics.h):
//     Σ_i r_ji (A_i a_i + P_i) + ρ_j = τ_j.
// Criteria (minimised):
//   kSumSquares  Σ a_i²                     (Crowninshield & Brand 1981; OpenSim's default)
//   kSumCubes    Σ a_i³                     (Crowninshield & Brand 1981, J Biomech 14:793–801)
//   kMinMax      max_i a_i + ε Σ a_i²       (Rasmussen, Damsgaard, Voigt 2001, J Biomech
//                34:409–415, as in AnyBody; the small ε term is ours and only selects one of the
//                many minimisers of max a_i)
// plus, for every criterion, the reserve cost Σ (ρ_j / ρ_opt)² with ρ_opt = 1 N·m (OpenSim's
// reserve actuators with optimal force 1 N·m): reserves carry what the muscles cannot, at a high
// price, and are reported, so the problem is always feasible and never fails silently.
//
// Eliminating ρ = τ − R(A a + P) leaves a smooth convex problem in a over the box [0, 1]^n:
//   p = 2:   semismooth Newton (Qi & Sun 1993, Math Program 58:353–367) on the 3-vector dual
//            y = w ρ: the optimum is a_i = clamp(b_iᵀy, 0, 1), so it solves
//            y/w + B clamp(Bᵀy, 0, 1) = c, the gradient of a strongly convex piecewise
//            quadratic; each step is one 3 × 3 solve and an exact line search along the
//            breakpoints, whatever n is;
//   p = 3:   projected Newton (Bertsekas 1982, SIAM J Control Optim 20:221–246) on the box;
//   min/max: the same dual Newton for the bound t held fixed (a_i = clamp(b_iᵀy/ε, 0, t)),
//            inside a safeguarded Newton search on t for the stationary point of the convex
//            t + V(t) (V the fixed-t optimum), whose slope is 1 − Σ (multipliers of a_i ≤ t).
//            ε must be positive (values below 1e-9 are raised to it).
// Everything is fixed-size Eigen on the stack: no heap allocation per call. The two legs are
// independent problems (the leg muscles cross only their own leg's joints).

#include <optional>

#include <Eigen/Core>

namespace retrogait {

inline constexpr int kMaxLegMuscles = 12;

enum class RecruitmentCriterion { kSumSquares, kSumCubes, kMinMax };

const char* criterionName(RecruitmentCriterion criterion);

struct StaticOptimizationSpec {
  RecruitmentCriterion criterion = RecruitmentCriterion::kSumSquares;  ///< default Σ a²
  double reserveOptimalMomentNm = 1.0;  ///< ρ_opt: reserve cost (ρ/ρ_opt)² [N·m]; default 1
  double minMaxQuadraticWeight = 1e-3;  ///< ε of the min/max criterion [-]; default 1e-3
  /// Stop when every projected-gradient component is below tolerance × (1 + its reserve term),
  /// or (p = 2, min/max) when the dual residual is at or stalls near its round-off, or the
  /// Newton step is below the dual's resolution; min/max also needs the slope in t below 1e-3 × it
  /// [-]; default 1e-9.
  double tolerance = 1e-9;
  int maxIterations = 60;  ///< Newton iterations (min/max: per t, and of the t search); default 60
};

using LegVector = Eigen::Matrix<double, kMaxLegMuscles, 1>;
using LegMomentArms = Eigen::Matrix<double, 3, kMaxLegMuscles>;

/// One leg's recruitment problem (entries beyond muscleCount are ignored).
struct LegRecruitmentProblem {
  int muscleCount = 0;                               ///< n ≤ kMaxLegMuscles
  LegMomentArms momentArmM = LegMomentArms::Zero();  ///< r_ji = −∂L_i/∂q_j, OpenSim sign [m]
  LegVector activeForceN = LegVector::Zero();        ///< A_i: tension per unit activation [N]
  LegVector passiveForceN = LegVector::Zero();       ///< P_i: passive tension [N]
  Eigen::Vector3d targetMomentNm = Eigen::Vector3d::Zero();  ///< τ_j to produce, OpenSim sign [N·m]
  /// A guess of the solution's multiplierPerNm (e.g. the previous sample's), where the Σ a² and
  /// min/max solvers start; the answer is the same to the tolerance, only found in fewer steps.
  /// Σ a³ ignores it.
  std::optional<Eigen::Vector3d> multiplierGuessPerNm;
};

struct LegRecruitmentSolution {
  LegVector activation = LegVector::Zero();                   ///< a_i [-]
  Eigen::Vector3d reserveMomentNm = Eigen::Vector3d::Zero();  ///< ρ_j = τ_j − Σ r_ji F_i [N·m]
  /// Lagrange multipliers of the moment constraints, λ_j = 2 ρ_j / ρ_opt² = ∂(optimal cost)/∂τ_j
  /// [1/(N·m)]: the marginal cost of joint moment.
  Eigen::Vector3d multiplierPerNm = Eigen::Vector3d::Zero();
  double objective = 0;  ///< criterion value including the reserve cost [-]
  int iterations = 0;    ///< Newton steps used (min/max: of the dual and of the t search)
  bool converged = false;
};

/// Solves one leg. Never throws; on non-convergence returns the last iterate with
/// converged = false (its reserves still close the moment balance exactly).
LegRecruitmentSolution solveLegRecruitment(const LegRecruitmentProblem& problem,
                                           const StaticOptimizationSpec& spec);

/// The criterion (with reserve cost) at activations `activation` (for checks) [-].
double evaluateRecruitmentObjective(const LegRecruitmentProblem& problem,
                                    const StaticOptimizationSpec& spec,
                                    const LegVector& activation);

}  // namespace retrogait
