#include "retrogait/report/report_common.h"

#include <cctype>
#include <cmath>

#include "retrogait/report/csv_table.h"
#include "retrogait/report/markdown.h"

namespace retrogait {

namespace {
constexpr CurveInfo kCurves[] = {
    {"hip_flexion_deg", "hip_flexion_angle", "Hip flexion", "deg", 1, true, true},
    {"knee_flexion_deg", "knee_flexion_angle", "Knee flexion", "deg", 1, true, true},
    {"ankle_dorsiflexion_deg", "ankle_dorsiflexion_angle", "Ankle dorsiflexion", "deg", 1, true,
     true},
    {"hip_extensor_moment_nm_per_kg", "hip_moment", "Hip extensor moment", "N·m/kg", 1, false,
     false},
    {"knee_extensor_moment_nm_per_kg", "knee_moment", "Knee extensor moment", "N·m/kg", 1, false,
     false},
    {"ankle_plantarflexor_moment_nm_per_kg", "ankle_moment", "Ankle plantarflexor moment", "N·m/kg",
     1, false, false},
    {"hip_power_w_per_kg", "hip_power", "Hip power", "W/kg", -1, false, false},
    {"knee_power_w_per_kg", "knee_power", "Knee power", "W/kg", -1, false, false},
    {"ankle_power_w_per_kg", "ankle_power", "Ankle power", "W/kg", -1, false, false},
    {"grf_vertical_bw", "grf_vertical", "Vertical GRF", "BW", 1, true, false},
    {"grf_ap_bw", "grf_anteroposterior", "A-P GRF (+ along travel)", "BW", -1, true, false},
};

nlohmann::json numberOrNull(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
}  // namespace

std::span<const CurveInfo> comparedCurves() {
  return kCurves;
}

std::string tuningStatement() {
  return "**What agreement is by construction.** The gait controller tracks the Schwartz et al. "
         "(2008) mean joint-angle curves for the commanded speed (backward walking plays them in "
         "reverse, aligned so that backward initial contact is forward toe-off), and its "
         "parameters were tuned (CMA-ES, docs/controller.md) to match forward level-walking "
         "speed, cadence, stance fraction, joint-angle curves and ground-reaction-force curves "
         "to the same normative data, and backward walking to the time-reversed angles and the "
         "forward cadence; on inclines, to keep speed, cadence and stance share near the level "
         "values. So for forward level walking the agreement of angles, GRF, cadence "
         "and stance is partly by construction, and for backward walking the similarity of its "
         "angles to time-reversed forward ones is built in. The metabolic cost of transport and "
         "the peak reserve torque enter the objective only as a small tie-breaker (lower is "
         "preferred); joint moments, powers, muscle activations and joint contact forces are not "
         "in it (docs/controller.md has the objective of the controller file in use): those "
         "numbers come out of the simulation.";
}

std::string directionWord(Direction d) {
  return d == Direction::kForward ? "forward" : "backward";
}

std::string outcomeText(const RunResult& r) {
  if (!r.error.empty()) return "could not start: " + r.error;
  if (r.outcome.fell) {
    return "FELL at " + formatFixed(r.outcome.fallTimeS, 2) + " s (" + r.outcome.fallReason + ")";
  }
  return "walked " + formatFixed(r.outcome.simTimeS, 0) + " s, " + std::to_string(r.curveCycles) +
         " cycles analysed";
}

std::vector<std::string> runTableHeader() {
  return {"run",     "direction",        "grade [%]",           "commanded [m/s]", "target [m/s]",
          "outcome", "mean speed [m/s]", "cadence [steps/min]", "stride [m]",      "stance [%]",
          "used"};
}

std::vector<std::string> runTableRow(const RunResult& r) {
  const ScenarioSpec& s = r.request.spec;
  // Runs excluded from the metrics show no gait numbers (a fall leaves a partial window).
  const bool cycles = r.usable() && r.gait.cycles > 0;
  return {r.request.id,
          directionWord(s.command.direction),
          formatSigned(s.inclinePct, 0),
          formatFixed(s.command.speedMps, 2),
          r.request.targetSpeedMps > 0 ? formatFixed(r.request.targetSpeedMps, 2) : "–",
          outcomeText(r),
          cycles ? formatFixed(r.gait.meanSpeedMps, 2) : "–",
          cycles ? formatFixed(r.gait.cadenceStepsPerMin, 1) : "–",
          cycles ? formatFixed(r.gait.strideLengthM, 2) : "–",
          cycles ? formatFixed(100 * r.gait.stanceFraction, 1) : "–",
          r.usable() ? "yes" : "no: " + r.exclusionReason()};
}

nlohmann::json runJson(const RunResult& r) {
  const ScenarioSpec& s = r.request.spec;
  nlohmann::json j;
  j["id"] = r.request.id;
  j["label"] = r.request.label;
  j["scenario"] = {
      {"direction", directionWord(s.command.direction)},
      {"speed_mps", s.command.speedMps},
      {"target_speed_mps", r.request.targetSpeedMps > 0 ? nlohmann::json(r.request.targetSpeedMps)
                                                        : nlohmann::json(nullptr)},
      {"incline_pct", s.inclinePct},
      {"duration_s", s.durationS},
      {"time_step_s", s.timeStepS},
      {"analysis_rate_hz", s.analysisRateHz}};
  j["used_in_metrics"] = r.usable();
  j["excluded_because"] =
      r.usable() ? nlohmann::json(nullptr) : nlohmann::json(r.exclusionReason());
  if (!r.error.empty()) {
    j["error"] = r.error;
    return j;
  }
  j["outcome"] = {{"fell", r.outcome.fell},
                  {"fall_time_s",
                   r.outcome.fell ? nlohmann::json(r.outcome.fallTimeS) : nlohmann::json(nullptr)},
                  {"fall_reason",
                   r.outcome.fell ? nlohmann::json(r.outcome.fallReason) : nlohmann::json(nullptr)},
                  {"sim_time_s", r.outcome.simTimeS},
                  {"cycles_analysed", r.curveCycles},
                  {"nan_steps", r.outcome.diagnostics.nanSteps},
                  {"joint_limit_overshoot_steps", r.outcome.diagnostics.limitOvershoots}};
  // An excluded run contributes no numbers to any metric, so none are listed for it.
  if (!r.usable()) return j;
  j["gait"] = {{"mean_speed_mps", r.gait.meanSpeedMps},
               {"cadence_steps_per_min", r.gait.cadenceStepsPerMin},
               {"stride_length_m", r.gait.strideLengthM},
               {"stance_fraction", r.gait.stanceFraction},
               {"double_support_fraction", r.gait.doubleSupportFraction},
               {"cycles", r.gait.cycles},
               {"peak_vertical_grf_bw", r.gait.peakVerticalBw},
               {"peak_braking_grf_bw", r.gait.peakBrakingBw},
               {"peak_propulsive_grf_bw", r.gait.peakPropulsiveBw},
               {"analysed_from_s", r.gait.analysedFromS},
               {"analysed_to_s", r.gait.analysedToS}};
  static constexpr const char* kJoints[3] = {"hip", "knee", "ankle"};
  nlohmann::json joints;
  for (int i = 0; i < 3; ++i) {
    const JointDemand& d = r.loads.joints[static_cast<std::size_t>(i)];
    joints[kJoints[i]] = {{"rom_deg", r.gait.romDeg[static_cast<std::size_t>(i)]},
                          {"peak_extensor_moment_nm_per_kg", d.peakExtensorMomentNmPerKg},
                          {"peak_flexor_moment_nm_per_kg", d.peakFlexorMomentNmPerKg},
                          {"positive_work_j_per_kg", d.positiveWorkJPerKg},
                          {"negative_work_j_per_kg", d.negativeWorkJPerKg}};
  }
  j["joints"] = joints;
  nlohmann::json contact;
  for (ContactJoint cj : kContactJointList) {
    contact[std::string(contactJointName(cj)) + "_peak_bw"] =
        r.loads.contactPeakBw[static_cast<std::size_t>(cj)];
  }
  j["joint_contact"] = contact;
  nlohmann::json muscles = nlohmann::json::object();
  for (std::size_t k = 0; k < r.loads.muscles.size() && k < r.muscleNames.size(); ++k) {
    const MuscleDemand& m = r.loads.muscles[k];
    muscles[r.muscleNames[k]] = {{"peak_activation", m.peakActivation},
                                 {"mean_activation", m.meanActivation},
                                 {"peak_force_bw", m.peakForceBw}};
  }
  j["muscles"] = muscles;
  j["energy"] = {
      {"metabolic_power_w_per_kg", r.loads.metabolicPowerWPerKg},
      {"cost_of_transport_j_per_kg_per_m",
       numberOrNull(r.loads.costOfTransportJPerKgM > 0 ? r.loads.costOfTransportJPerKgM : kNaN)},
      {"basal_w_per_kg", r.basalWPerKg}};
  j["estimator"] = {{"cycles", r.loads.cycles},
                    {"reserve_peak_nm", r.loads.reservePeakNm},
                    {"residual_peak_nm", r.loads.residualPeakNm}};
  j["model"] = {{"mass_kg", r.massKg}, {"leg_length_m", r.legLengthM}};
  return j;
}

CurveSeries seriesFromRun(const RunResult& r, const std::string& curveName,
                          const std::string& label, const std::string& color) {
  return seriesFromCurve(r.usable() ? r.curve(curveName) : nullptr, label, color);
}

CurveSeries seriesFromCurve(const CycleCurve* c, const std::string& label,
                            const std::string& color) {
  CurveSeries s;
  s.label = label;
  s.color = color;
  if (c && c->cycles > 0) {
    s.mean = c->mean;
    s.sd = c->sd;
    s.available = true;
  } else {
    s.mean.fill(kNaN);
    s.sd.fill(kNaN);
  }
  return s;
}

LinePanel cyclePanel(const std::string& title, const std::string& yLabel,
                     const std::vector<CurveSeries>& series, std::vector<double> markersPct,
                     const std::string& markerLabel) {
  LinePanel p;
  p.title = title;
  p.yLabel = yLabel;
  p.xLabel = "gait cycle [%]";
  p.xMin = 0;
  p.xMax = 100;
  p.markersX = std::move(markersPct);
  p.markerLabel = markerLabel;
  for (const CurveSeries& s : series) {
    if (!s.available) continue;
    PlotSeries ps;
    ps.label = s.label;
    ps.color = s.color;
    ps.dashed = s.dashed;
    for (int i = 0; i < kCyclePoints; ++i) {
      ps.x.push_back(i);
      ps.y.push_back(s.mean[static_cast<std::size_t>(i)]);
      if (s.band) ps.sd.push_back(s.sd[static_cast<std::size_t>(i)]);
    }
    p.series.push_back(std::move(ps));
  }
  return p;
}

std::string curvesCsv(const std::vector<std::pair<std::string, CurveSeries>>& columns) {
  std::vector<std::string> header = {"gait_cycle_pct"};
  for (const auto& [key, s] : columns) {
    header.push_back(key + "_mean");
    header.push_back(key + "_sd");
  }
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < kCyclePoints; ++i) {
    std::vector<std::string> row = {std::to_string(i)};
    for (const auto& [key, s] : columns) {
      row.push_back(s.available ? csvNumber(s.mean[static_cast<std::size_t>(i)]) : "");
      row.push_back(s.available ? csvNumber(s.sd[static_cast<std::size_t>(i)]) : "");
    }
    rows.push_back(std::move(row));
  }
  return toCsv(header, rows);
}

std::string keyOf(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::vector<std::string> modelLimits() {
  return {
      "Planar (sagittal) model: no frontal-plane balance, no hip abductors, no pelvis rotation; "
      "9 degrees of freedom, rigid feet with heel and toe contact spheres.",
      "Rigid tendons (no elastic energy storage or Achilles recoil), Hill muscles of "
      "gait10dof18musc, 9 per leg.",
      "Muscle forces by static optimization (Σ a², each instant independent): no co-contraction "
      "beyond what the moment balance forces, so joint contact forces are lower bounds of that "
      "effect, and no activation dynamics.",
      "The walker is driven by joint torques from a controller that tracks normative forward "
      "kinematics (played in reverse for backward walking); muscles are estimated afterwards "
      "from the motion, they do not drive it.",
      "Normative curves are from typically developing children and adolescents (Schwartz et al. "
      "2008), scaled to the model's leg length with Hof's (1996) dimensionless speed; the model "
      "is an adult (1.75 m, 70 kg).",
      "Metabolic cost from the Umberger (2010) muscle model plus a basal 1.2 W/kg: a model "
      "estimate, not a measured oxygen uptake."};
}

nlohmann::json provenanceJson(const ReportInputs& in) {
  return {{"model",
           {{"file", in.modelFile},
            {"height_m", in.model.subject.heightM},
            {"mass_kg", in.model.totalMassKg()},
            {"leg_length_m", in.model.legLengthM}}},
          {"controller", {{"file", in.controllerFile}, {"digest", in.controllerDigest}}}};
}

}  // namespace retrogait
