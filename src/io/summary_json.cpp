#include "retrogait/io/summary_json.h"

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
      {"double_support_fraction", g.doubleSupportFraction},
      {"cycles", g.cycles},
      {"analysed_from_s", g.analysedFromS},
      {"analysed_to_s", g.analysedToS},
  };
  j["grf"] = {
      {"peak_vertical_bw", g.peakVerticalBw},
      {"peak_braking_bw", g.peakBrakingBw},
      {"peak_propulsive_bw", g.peakPropulsiveBw},
  };
  j["joints"] = json::object();
  for (JointType jt : kJointTypes) {
    j["joints"][jointName(jt)] = {{"rom_deg", g.romDeg[static_cast<int>(jt)]}};
  }
  return j;
}

}  // namespace retrogait
