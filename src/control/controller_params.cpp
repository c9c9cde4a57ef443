#include "retrogait/control/controller_params.h"

#include <filesystem>

#include "retrogait/core/json_view.h"
#include "retrogait/core/math.h"
#include "retrogait/model/model_loader.h"

namespace retrogait {

namespace {
using P = GaitParams;
constexpr GaitParamInfo kTable[] = {
    {"torso_kp", &P::torsoKp, 0.2, 10, false, "-", "torso PD stiffness (through the stance hips)"},
    {"torso_kd", &P::torsoKd, 0.05, 3, false, "-", "torso PD damping"},
    {"swing_hip_kp", &P::swingHipKp, 0.2, 5, false, "-",
     "swing thigh stiffness (world-frame target)"},
    {"swing_hip_kd", &P::swingHipKd, 0.02, 2, false, "-", "swing thigh damping"},
    {"swing_knee_kp", &P::swingKneeKp, 0.05, 3, false, "-", "swing knee stiffness"},
    {"swing_knee_kd", &P::swingKneeKd, 0.005, 0.5, false, "-", "swing knee damping"},
    {"swing_ankle_kp", &P::swingAnkleKp, 0.05, 5, false, "-", "swing ankle stiffness"},
    {"swing_ankle_kd", &P::swingAnkleKd, 0.0, 0.05, false, "-", "swing ankle damping"},
    {"stance_knee_kp", &P::stanceKneeKp, 0.2, 10, false, "-", "stance knee stiffness"},
    {"stance_knee_kd", &P::stanceKneeKd, 0.0, 1, false, "-", "stance knee damping"},
    {"stance_ankle_kp", &P::stanceAnkleKp, 0.2, 10, false, "-", "stance ankle stiffness"},
    {"stance_ankle_kd", &P::stanceAnkleKd, 0.0, 0.05, false, "-", "stance ankle damping"},
    {"gravity_compensation", &P::gravityCompensation, 0, 1, false, "-",
     "share of the swing leg's gravity torque fed forward"},
    {"swing_hip_velocity_gain", &P::swingHipVelocityGainRadPerMps, -0.2, 1, false, "rad/(m/s)",
     "swing thigh target += gain (v - v_cmd): faster than commanded, step further"},
    {"stance_ankle_velocity_gain", &P::stanceAnkleVelocityGainRadPerMps, -0.5, 1, false,
     "rad/(m/s)",
     "stance ankle target -= gain (v - v_cmd): faster than commanded, push the COP ahead"},
    {"swing_hip_position_gain", &P::swingHipPositionGainRadPerM, -0.5, 2, false, "rad/m",
     "swing thigh target += gain (d - d_nominal), d = COM ahead of the stance ankle along the "
     "ground"},
    {"speed_force_gain", &P::speedForceGainPerS, 0, 10, false, "1/s",
     "horizontal virtual force at the hip through the stance leg: m gain (v_cmd - v)"},
    {"max_speed_force_bw", &P::maxSpeedForceBw, 0, 0.3, false, "BW", "clamp of that force"},
    {"stance_support_fraction", &P::stanceSupportFraction, 0, 1.0, false, "-",
     "share of body weight supported by a vertical virtual force through the stance leg(s)"},
    {"role_blend_s", &P::roleBlendS, 0, 0.08, false, "s",
     "joint torques blend over this time after a leg switches between stance and swing"},
    {"speed_adaptation_gain", &P::speedAdaptationGain, 0, 1, false, "-",
     "per stride, the speed the reference gait is taken at moves by gain x the stride's speed "
     "error (0 = always the commanded speed)"},
    {"stride_time_scale", &P::strideTimeScale, 0.7, 1.25, false, "-",
     "stride time as a multiple of the normative one at this speed"},
    {"hip_amplitude_scale", &P::hipAmplitudeScale, 0.5, 1.3, false, "-",
     "hip excursion about its cycle mean, as a multiple of the normative one"},
    {"hip_offset_deg", &P::hipOffsetRad, -15, 15, true, "deg", "added hip flexion"},
    {"stance_knee_flexion_deg", &P::stanceKneeFlexionRad, -5, 15, true, "deg",
     "added knee flexion in stance"},
    {"ankle_offset_deg", &P::ankleOffsetRad, -10, 10, true, "deg", "added dorsiflexion"},
    {"stance_ankle_load_hold_bw", &P::stanceAnkleLoadHoldBw, 0, 1, false, "BW",
     "after initial contact the stance ankle target moves from its angle at contact to the "
     "reference in proportion to the foot's load, reaching it at this load (0 = no hold)"},
    {"torso_lean_deg", &P::torsoLeanRad, -10, 15, true, "deg", "anterior trunk lean"},
    {"foot_off_shift", &P::footOffShift, -0.06, 0.06, false, "-",
     "added to the normative foot-off fraction of the cycle"},
    {"incline_hip_gain", &P::inclineHipGain, -3, 3, false, "-",
     "hip flexion += gain x ground angle"},
    {"incline_torso_gain", &P::inclineTorsoGain, -2, 2, false, "-",
     "anterior trunk lean += gain x ground angle"},
    {"incline_ankle_gain", &P::inclineAnkleGain, -0.5, 1.5, false, "-",
     "dorsiflexion += gain x ground angle (1 keeps the foot parallel to the slope)"},
    {"uphill_knee_gain", &P::uphillKneeGain, -1, 2, false, "-",
     "knee flexion += gain x uphill angle along the path"},
    {"downhill_knee_gain", &P::downhillKneeGain, -1, 2, false, "-",
     "knee flexion += gain x downhill angle along the path"},
    {"min_swing_fraction", &P::minSwingFraction, 0.3, 0.95, false, "-",
     "share of the swing phase after which a touchdown counts as initial contact"},
    {"landing_wait_phase", &P::landingWaitPhase, 0.88, 0.999, false, "-",
     "gait phase at which a swing leg that has not touched down waits (and the other leg with it)"},
    {"contact_threshold_bw", &P::contactThresholdBw, 0.02, 0.2, false, "BW",
     "foot load that counts as contact"},
};

GaitParams readGaitParams(const JsonView& v) {
  GaitParams p;
  for (const GaitParamInfo& info : kTable) {
    const double value = v.number(info.key, info.minValue, info.maxValue);
    p.*info.member = info.degrees ? degToRad(value) : value;
  }
  for (const auto& [key, unused] : v.node().items()) {
    bool known = false;
    for (const GaitParamInfo& info : kTable) known = known || key == info.key;
    if (!known) v.failAt(key, "unknown parameter (see docs/controller.md for the list)");
  }
  return p;
}

nlohmann::json gaitParamsToJson(const GaitParams& p) {
  nlohmann::json j = nlohmann::json::object();
  for (const GaitParamInfo& info : kTable) {
    const double v = p.*info.member;
    j[info.key] = info.degrees ? radToDeg(v) : v;
  }
  return j;
}
}  // namespace

std::span<const GaitParamInfo> gaitParamTable() {
  return kTable;
}

std::string defaultControllerFile() {
  return (std::filesystem::path(defaultModelFile()).parent_path() / "controller.json").string();
}

Result<ControllerParams> parseControllerParams(const nlohmann::json& doc, const std::string& file) {
  try {
    JsonView root(doc, "");
    if (root.string("schema") != "retrogait.controller/1") {
      root.failAt("schema", "not supported (allowed: retrogait.controller/1)");
    }
    ControllerParams params;
    params.forward = readGaitParams(root.at("forward"));
    params.backward = readGaitParams(root.at("backward"));
    return params;
  } catch (const JsonError& e) {
    return Error{file + ": " + e.what()};
  }
}

Result<ControllerParams> loadControllerParams(const std::string& file) {
  try {
    return parseControllerParams(parseJsonFile(file), file);
  } catch (const JsonError& e) {
    return Error{file + ": " + (e.path().empty() ? std::string(e.what()).substr(2) : e.what())};
  }
}

nlohmann::json controllerParamsToJson(const ControllerParams& params) {
  return {{"schema", "retrogait.controller/1"},
          {"forward", gaitParamsToJson(params.forward)},
          {"backward", gaitParamsToJson(params.backward)}};
}

}  // namespace retrogait
