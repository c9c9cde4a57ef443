#include "retrogait/io/summary_json.h"

#include <algorithm>

#include "retrogait/model/model_loader.h"

namespace retrogait {

nlohmann::json makeSummaryJson(const Simulation& sim) {
  using nlohmann::json;
  const ScenarioSpec& spec = sim.scenario();
  const Model& model = sim.model();
  const Outcome o = sim.outcome();
  const GaitSummary g = sim.summarizeGait();
  json j;
  j["schema"] = kSummarySchema;
  j["scenario"] = {
      {"direction", directionName(spec.command.direction)},
      {"speed_mps", spec.command.speedMps},
      {"incline_pct", spec.inclinePct},
      {"duration_s", spec.durationS},
      {"height_m", model.subject.heightM},
      {"mass_kg", model.subject.massKg},
      {"sex", sexName(model.subject.sex)},
      {"model", model.sourceFile},
      {"time_step_s", spec.timeStepS},
  };
  if (spec.push) {
    j["scenario"]["push"] = {{"force_n", spec.push->forceN},
                             {"start_s", spec.push->startS},
                             {"duration_s", spec.push->durationS}};
  }
  j["outcome"] = {
      {"fell", o.fell},
      {"fall_time_s", o.fell ? json(o.fallTimeS) : json(nullptr)},
      {"fall_reason", o.fell ? json(o.fallReason) : json(nullptr)},
      {"sim_time_s", o.simTimeS},
      {"wall_time_s", o.wallTimeS},
      {"realtime_factor", o.realtimeFactor},
      {"diagnostics",
       {{"nan_steps", o.diagnostics.nanSteps},
        {"joint_limit_overshoot_steps", o.diagnostics.limitOvershoots},
        {"deep_penetration_steps", o.diagnostics.deepPenetrations},
        {"max_penetration_m", o.diagnostics.maxPenetrationM},
        {"max_joint_limit_overshoot_deg", radToDeg(o.diagnostics.maxLimitOvershootRad)}}},
  };
  j["gait"] = {
      {"mean_speed_mps", g.meanSpeedMps},
      {"cadence_steps_per_min", g.cadenceStepsPerMin},
      {"stride_length_m", g.strideLengthM},
      {"stance_fraction", g.stanceFraction},
      {"stance_fraction_right", g.stanceFractionRight},
      {"stance_fraction_left", g.stanceFractionLeft},
      {"double_support_fraction", g.doubleSupportFraction},
      {"cycles", g.cycles},
      {"short_contacts_per_stride", g.shortContactsPerStride},
      {"analysed_from_s", g.analysedFromS},
      {"analysed_to_s", g.analysedToS},
      {"reference_speed_mps", sim.controller().telemetry().referenceSpeedMps},
  };
  j["grf"] = {
      {"peak_vertical_bw", g.peakVerticalBw},
      {"peak_braking_bw", g.peakBrakingBw},
      {"peak_propulsive_bw", g.peakPropulsiveBw},
  };
  // Joint and muscle demand (right leg, per stride, mean over the analysed cycles); null when
  // no cycle was analysed (a fall before the end of the start-up transient, or the estimator off).
  const LoadSummary load = sim.summarizeLoads();
  const bool haveCycles = sim.analysisEnabled() && load.cycles > 0;
  auto value = [](bool valid, double v) { return valid ? json(v) : json(nullptr); };
  j["joints"] = json::object();
  for (JointType jt : kJointTypes) {
    const JointDemand& d = load.joints[static_cast<std::size_t>(jt)];
    j["joints"][jointName(jt)] = {
        {"rom_deg", g.romDeg[static_cast<int>(jt)]},
        {"peak_extensor_moment_nm_per_kg", value(haveCycles, d.peakExtensorMomentNmPerKg)},
        {"peak_flexor_moment_nm_per_kg", value(haveCycles, d.peakFlexorMomentNmPerKg)},
        {"positive_work_j_per_kg", value(haveCycles, d.positiveWorkJPerKg)},
        {"negative_work_j_per_kg", value(haveCycles, d.negativeWorkJPerKg)},
    };
  }
  j["muscles"] = json::object();
  for (std::size_t i = 0; i < model.muscles.size(); ++i) {
    if (model.muscles[i].side != Side::kRight) continue;
    const auto it = std::find_if(load.muscles.begin(), load.muscles.end(),
                                 [&](const MuscleDemand& m) { return m.muscle == int(i); });
    const bool valid = haveCycles && it != load.muscles.end();
    j["muscles"][model.muscles[i].name] = {
        {"peak_activation", value(valid, valid ? it->peakActivation : 0.0)},
        {"mean_activation", value(valid, valid ? it->meanActivation : 0.0)},
        {"peak_force_bw", value(valid, valid ? it->peakForceBw : 0.0)},
    };
  }
  auto contact = [&](ContactJoint c) {
    return value(haveCycles, load.contactPeakBw[static_cast<std::size_t>(c)]);
  };
  j["joint_contact"] = {
      {"hip_peak_bw", contact(ContactJoint::kHip)},
      {"knee_peak_bw", contact(ContactJoint::kTibiofemoral)},
      {"patellofemoral_peak_bw", contact(ContactJoint::kPatellofemoral)},
      {"ankle_peak_bw", contact(ContactJoint::kAnkle)},
  };
  j["energy"] = {
      {"metabolic_power_w_per_kg", value(haveCycles, load.metabolicPowerWPerKg)},
      {"cost_of_transport_j_per_kg_per_m",
       value(haveCycles && g.meanSpeedMps > 0, load.costOfTransportJPerKgM)},
  };
  const bool haveWindow = sim.analysisEnabled() && load.windowSamples > 0;
  j["estimator"] = {
      {"criterion", criterionOptionName(spec.criterion)},
      {"reserve_peak_nm", value(haveWindow, load.reservePeakNm)},
      {"residual_peak_nm", value(haveWindow, load.residualPeakNm)},
      {"analysis_rate_hz", sim.analysisRateHz()},
  };
  return j;
}

}  // namespace retrogait
