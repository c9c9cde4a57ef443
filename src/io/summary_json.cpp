#include "retrogait/io/summary_json.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "retrogait/analysis/muscle_metabolics.h"
#include "retrogait/model/model_loader.h"

namespace retrogait {

namespace {

using nlohmann::json;

json valueOrNull(bool valid, double v) {
  return valid ? json(v) : json(nullptr);
}

// The blocks a simulated and a recorded walk share: gait, grf, joints, muscles, joint_contact,
// energy. `analysed`: the estimator ran; `gradeFraction`: for the ACSM prediction.
// `acsmGradeFraction`: the grade for the ACSM prediction, or nullopt where the equation does not
// apply (it is for forward walking, level or uphill).
void addWalkBlocks(json& j, const Model& model, const GaitSummary& g, const LoadSummary& load,
                   bool analysed, std::optional<double> acsmGradeFraction,
                   const MetabolicSpec& metabolics) {
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
  };
  j["grf"] = {
      {"peak_vertical_bw", g.peakVerticalBw},
      {"peak_braking_bw", g.peakBrakingBw},
      {"peak_propulsive_bw", g.peakPropulsiveBw},
  };
  // Joint and muscle demand (right leg, per stride, mean over the analysed cycles); null when
  // no cycle was analysed (a fall before the end of the start-up transient, or the estimator off).
  const bool haveCycles = analysed && load.cycles > 0;
  j["joints"] = json::object();
  for (JointType jt : kJointTypes) {
    const JointDemand& d = load.joints[static_cast<std::size_t>(jt)];
    j["joints"][jointName(jt)] = {
        {"rom_deg", g.romDeg[static_cast<int>(jt)]},
        {"peak_extensor_moment_nm_per_kg", valueOrNull(haveCycles, d.peakExtensorMomentNmPerKg)},
        {"peak_flexor_moment_nm_per_kg", valueOrNull(haveCycles, d.peakFlexorMomentNmPerKg)},
        {"positive_work_j_per_kg", valueOrNull(haveCycles, d.positiveWorkJPerKg)},
        {"negative_work_j_per_kg", valueOrNull(haveCycles, d.negativeWorkJPerKg)},
    };
  }
  j["muscles"] = json::object();
  for (std::size_t i = 0; i < model.muscles.size(); ++i) {
    if (model.muscles[i].side != Side::kRight) continue;
    const auto it = std::find_if(load.muscles.begin(), load.muscles.end(),
                                 [&](const MuscleDemand& m) { return m.muscle == int(i); });
    const bool valid = haveCycles && it != load.muscles.end();
    j["muscles"][model.muscles[i].name] = {
        {"peak_activation", valueOrNull(valid, valid ? it->peakActivation : 0.0)},
        {"mean_activation", valueOrNull(valid, valid ? it->meanActivation : 0.0)},
        {"peak_force_bw", valueOrNull(valid, valid ? it->peakForceBw : 0.0)},
        {"metabolic_power_w_per_kg", valueOrNull(valid, valid ? it->metabolicPowerWPerKg : 0.0)},
    };
  }
  auto contact = [&](ContactJoint c) {
    return valueOrNull(haveCycles, load.contactPeakBw[static_cast<std::size_t>(c)]);
  };
  j["joint_contact"] = {
      {"hip_peak_bw", contact(ContactJoint::kHip)},
      {"knee_peak_bw", contact(ContactJoint::kTibiofemoral)},
      {"patellofemoral_peak_bw", contact(ContactJoint::kPatellofemoral)},
      {"ankle_peak_bw", contact(ContactJoint::kAnkle)},
  };
  // Who makes the knee contact at its peak (the parts add up to knee_peak_bw at that sample).
  json shares = json::object();
  shares["intersegmental"] = valueOrNull(haveCycles, load.kneePeakNetShareBw);
  for (std::size_t m = 0; m < load.muscles.size() && m < load.kneePeakMuscleShareBw.size(); ++m) {
    const auto k = static_cast<std::size_t>(load.muscles[m].muscle);
    if (load.kneePeakMuscleShareBw[m] == 0.0) continue;  // does not cross the knee
    shares[model.muscles[k].name] = valueOrNull(haveCycles, load.kneePeakMuscleShareBw[m]);
  }
  j["joint_contact"]["knee_peak_parts_bw"] = shares;
  const double speed = std::abs(g.meanSpeedMps);
  const EnergyTerms& e = load.energyWPerKg;
  double muscleMassKg = 0;
  for (const MuscleSpec& m : model.muscles) {
    muscleMassKg += makeMuscleMetabolicParams(m, metabolics, model.subject).massKg;
  }
  j["energy"] = {
      {"metabolic_power_w_per_kg", valueOrNull(haveCycles, load.metabolicPowerWPerKg)},
      {"cost_of_transport_j_per_kg_per_m",
       valueOrNull(haveCycles && g.meanSpeedMps > 0, load.costOfTransportJPerKgM)},
      {"terms_w_per_kg",
       {{"activation_maintenance", valueOrNull(haveCycles, e.activationMaintenance)},
        {"shortening_lengthening", valueOrNull(haveCycles, e.shorteningLengthening)},
        {"heat_floor", valueOrNull(haveCycles, e.heatFloor)},
        {"work", valueOrNull(haveCycles, e.work)},
        {"basal", valueOrNull(haveCycles, e.basal)}}},
      {"muscle_mass_kg", muscleMassKg},
      // What people spend at this speed and grade (gross, ACSM walking equation).
      {"acsm_cost_of_transport_j_per_kg_per_m",
       valueOrNull(acsmGradeFraction && speed > 0.1,
                   acsmGradeFraction && speed > 0.1
                       ? computeAcsmWalkingPowerWPerKg(speed, *acsmGradeFraction) / speed
                       : 0.0)},
  };
}

}  // namespace

nlohmann::json makeSummaryJson(const Simulation& sim) {
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
  const LoadSummary load = sim.summarizeLoads();
  const bool acsmApplies = spec.command.direction == Direction::kForward && spec.inclinePct >= 0;
  addWalkBlocks(j, model, g, load, sim.analysisEnabled(),
                acsmApplies ? std::optional<double>(spec.inclinePct / 100.0) : std::nullopt,
                sim.estimatorSpec().metabolics);
  j["gait"]["reference_speed_mps"] = sim.controller().telemetry().referenceSpeedMps;
  const bool haveWindow = sim.analysisEnabled() && load.windowSamples > 0;
  j["estimator"] = {
      {"criterion", criterionOptionName(spec.criterion)},
      {"reserve_peak_nm", valueOrNull(haveWindow, load.reservePeakNm)},
      {"residual_peak_nm", valueOrNull(haveWindow, load.residualPeakNm)},
      {"analysis_rate_hz", sim.analysisRateHz()},
  };
  return j;
}

nlohmann::json makeRecordingSummaryJson(const Model& model, const RecordedWalk& walk,
                                        const WalkAnalysis& analysis,
                                        const RecordingSummaryInfo& info) {
  json j;
  j["schema"] = kSummarySchema;
  j["recording"] = {
      {"motion_file", info.motionFile},
      {"grf_file", info.grfFile},
      {"grf_setup_file", info.grfSetupFile.empty() ? json(nullptr) : json(info.grfSetupFile)},
      {"model", model.sourceFile},
      {"mass_kg", model.totalMassKg()},
      {"height_m", model.subject.heightM},
      {"duration_s",
       walk.samples.empty() ? 0.0 : walk.samples.back().timeS - walk.samples.front().timeS},
      {"coordinate_cutoff_hz", walk.coordinateCutoffHz},
      {"force_cutoff_hz", walk.forceCutoffHz},
      {"motion_rate_hz", walk.motionRateHz},
      {"force_rate_hz", walk.forceRateHz},
      {"analysis_rate_hz", walk.sampleRateHz},
      {"lumbar_extension_deg", radToDeg(walk.lumbarExtensionRad)},
      {"frame_velocity_mps", walk.frameVelocityMps},
      {"wall_time_s", info.wallTimeS},
  };
  addWalkBlocks(j, model, analysis.gait, analysis.loads, true,
                walk.travelSign > 0 ? std::optional<double>(0.0) : std::nullopt, info.metabolics);
  j["gait"]["direction"] = walk.travelSign > 0 ? "forward" : "backward";
  j["gait"]["speed_source"] = speedSourceName(walk.speedSource);
  j["estimator"] = {
      {"criterion", criterionOptionName(info.criterion)},
      {"reserve_peak_nm",
       analysis.loads.windowSamples > 0 ? json(analysis.loads.reservePeakNm) : json(nullptr)},
      {"root_residual_force_peak_n", analysis.rootResidualForcePeakN},
      {"root_residual_moment_peak_nm", analysis.rootResidualMomentPeakNm},
      {"analysis_rate_hz", walk.sampleRateHz},
  };
  return j;
}

}  // namespace retrogait
