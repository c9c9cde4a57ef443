#pragma once
// Muscle energy expenditure after Umberger BR (2010) "Stance and swing phase costs in human
// walking", J R Soc Interface 7:1329–1340, which modifies Umberger BR, Gerritsen KGM, Martin PE
// (2003) "A model of human muscle energy expenditure", Comput Methods Biomech Biomed Engin
// 6:99–111. The equations are those documented for OpenSim's Umberger2010MuscleMetabolicsProbe
// with its switches set to the published 2010 model (no Bhargava recruitment, negative work
// excluded, α_L = 0.3 α_S,slow). Per muscle of mass m, slow-twitch fraction r, activation
// A = a (static optimization gives a steady state, so excitation = activation), aerobic factor S,
// normalized fiber length l̃, fiber velocity ṽ = v_M / l_opt [l_opt/s] (+ = lengthening):
//   activation + maintenance  ḣ_AM = (128 (1 − r) + 25) A^0.6 S           [W/kg], l̃ ≤ 1
//                                   ×(0.4 + 0.6 f_L(l̃))                   when l̃ > 1
//   shortening (ṽ ≤ 0)       ḣ_SL = −(α_S,slow r + α_S,fast (1 − r)) ṽ A² S
//   lengthening (ṽ > 0)      ḣ_SL = α_L ṽ A S        (both × f_L(l̃) when l̃ > 1)
//   α_S,fast = 153 / v_max, α_S,slow = 100 / (v_max / 2.5), α_L = 0.3 α_S,slow, v_max [l_opt/s]
//   heat ḣ_AM + ḣ_SL is held ≥ 1.0 W/kg (Umberger et al. 2003, p. 104)
//   mechanical work rate ẇ = max(0, −F_CE v_M) [W], F_CE = a f_L f_V F_max (active fiber force)
//   muscle rate Ė = m (ḣ_AM + ḣ_SL) + ẇ [W]
// Whole body: Σ Ė + basal 1.2 W/kg × body mass (OpenSim's default basal_coefficient).
// Muscle mass m = ρ l_opt F_max / σ with σ = 0.25 MPa, ρ = 1059.7 kg/m³ (OpenSim defaults).
// Slow-twitch fractions per gait10dof18musc muscle: Uchida TK, Hicks JL, Dembia CL, Delp SL
// (2016) PLoS ONE 11:e0150378 as tabulated for these muscle groups in Falisse et al.'s
// 2-D predictive simulations (hamstrings 0.5425, bifemsh 0.529, glut_max 0.55, iliopsoas 0.50,
// rect_fem 0.3865, vasti 0.543, gastroc 0.566, soleus 0.803, tib_ant 0.70); 0.5 otherwise.

#include <optional>
#include <string_view>

#include "retrogait/analysis/hill_muscle.h"
#include "retrogait/model/model.h"

namespace retrogait {

/// How a muscle's mass m is found (it scales every heat rate).
enum class MuscleMassSource {
  /// ρ V, V from the MRI regressions of Handsfield et al. (2014) on height × mass, summed over
  /// the anatomical muscles a lumped muscle stands for (measuredMuscleVolumeM3).
  kMeasuredVolume,
  /// ρ F_max l_opt / σ (Umberger et al. 2003): the volume implied by the model's strength.
  kSpecificTension,
};

struct MetabolicSpec {
  double aerobicFactor = 1.5;  ///< S (1.5 primarily aerobic) [-]; default 1.5
  double basalWPerKg = 1.2;    ///< basal rate per body mass [W/kg]; default 1.2
  /// Where each muscle's mass comes from; default kMeasuredVolume.
  MuscleMassSource massSource = MuscleMassSource::kMeasuredVolume;
  /// σ for the muscle mass of kSpecificTension (and of muscles without a measured volume)
  /// [N/m²]; default 0.25e6 (Umberger et al. 2003)
  double specificTensionPa = 0.25e6;
  double muscleDensityKgPerM3 = 1059.7;  ///< ρ for the muscle mass [kg/m³]; default 1059.7
  double minimumHeatRateWPerKg = 1.0;  ///< floor of ḣ_AM + ḣ_SL [W/kg]; default 1.0 (≤0 off)
  bool includeNegativeWork = false;    ///< Umberger 2003 variant if true; default false (2010)
};

/// Per-muscle constants of the energy model.
struct MuscleMetabolicParams {
  double massKg = 0;                ///< m [kg]
  double slowTwitchFraction = 0.5;  ///< r [-]
  // Per-muscle constants of Umberger's rates, computed once (makeMuscleMetabolicParams):
  double activationHeatWPerKg = 0;        ///< 128 (1 − r) + 25, before the aerobic factor [W/kg]
  double shorteningHeatCoefficient = 0;   ///< α_S,slow r + α_S,fast (1 − r) [W/kg per l_opt/s]
  double lengtheningHeatCoefficient = 0;  ///< α_L = 0.3 α_S,slow [W/kg per l_opt/s]
  double inverseOptimalFiberLengthPerM = 0;  ///< 1 / l_opt [1/m]
};

/// r for a muscle name (side suffix ignored); 0.5 when not tabulated.
double slowTwitchFraction(std::string_view muscleName);
/// Volume of the muscles a gait10dof18musc muscle stands for (side suffix ignored) in a subject
/// of the given height and mass [m³]: Σ (slope · height · mass + intercept) over its anatomical
/// muscles, with the regression coefficients of Handsfield et al. (2014, J Biomech 47:631-638,
/// Supplementary Table 3; data/reference/muscle_volumes_handsfield2014.csv). hamstrings = biceps
/// femoris long head + semimembranosus + semitendinosus; bifemsh = biceps femoris short head;
/// glut_max = gluteus maximus; iliopsoas = iliacus + psoas; rect_fem; vasti = vastus
/// intermedius + lateralis + medialis; gastroc = both heads; soleus; tib_ant = tibialis anterior.
/// nullopt for other names.
std::optional<double> measuredMuscleVolumeM3(std::string_view muscleName, double heightM,
                                             double massKg);

MuscleMetabolicParams makeMuscleMetabolicParams(const MuscleSpec& muscle, const MetabolicSpec& spec,
                                                const SubjectSpec& subject);

/// Energy rate of one muscle, split into its terms [W].
struct MuscleEnergyRate {
  double activationMaintenanceW = 0;  ///< m ḣ_AM [W] (before the heat floor)
  double shorteningLengtheningW = 0;  ///< m ḣ_SL [W] (before the heat floor)
  double heatW = 0;                   ///< m max(ḣ_AM + ḣ_SL, floor) [W]
  double mechanicalWorkW = 0;         ///< ẇ [W]
  double totalW = 0;                  ///< heat + work [W]
};

/// The whole body's metabolic power split by term [W] (or [W/kg] when divided by body mass).
struct EnergyTerms {
  double activationMaintenance = 0;  ///< Σ m ḣ_AM
  double shorteningLengthening = 0;  ///< Σ m ḣ_SL (lengthening heat included)
  double heatFloor = 0;              ///< Σ what the per-muscle minimum heat rate adds
  double work = 0;   ///< Σ contractile-element work rate (positive only, Umberger 2010)
  double basal = 0;  ///< basal rate
  double total() const {
    return activationMaintenance + shorteningLengthening + heatFloor + work + basal;
  }
};

MuscleEnergyRate computeMuscleEnergyRate(const MuscleSpec& muscle,
                                         const MuscleMetabolicParams& params,
                                         const MetabolicSpec& spec, double activation,
                                         const MuscleFiberState& fiber);

/// Basal rate of the whole body [W].
double computeBasalRateW(const MetabolicSpec& spec, double bodyMassKg);

/// Gross metabolic power of walking predicted by the ACSM walking equation [W/kg]: VO₂ = 3.5 +
/// 0.1 S + 1.8 S G ml O₂/(kg·min), S in m/min, G the grade as a fraction (ACSM's Guidelines for
/// Exercise Testing and Prescription, 10th ed., as reproduced by Bushman 2020, ACSM Health Fit J
/// 24(3):6-10), with 1 ml O₂ ≈ 20.1 J (an assumption that depends on the respiratory exchange
/// ratio; data/reference/metabolic_reference.csv). Meant for about 50–100 m/min.
double computeAcsmWalkingPowerWPerKg(double speedMps, double grade);

/// Cost of transport: metabolic power per body mass over speed [J/(kg·m)]; 0 if speed ≤ 0.
double computeCostOfTransportJPerKgM(double metabolicPowerWPerKg, double speedMps);

}  // namespace retrogait
