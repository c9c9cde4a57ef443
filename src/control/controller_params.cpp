#include "retrogait/control/controller_params.h"

#include <filesystem>

#include "retrogait/core/json_view.h"
#include "retrogait/core/math.h"
#include "retrogait/model/model_loader.h"

namespace retrogait {

namespace {
using P = GaitParams;
constexpr GaitParamInfo kTable[] = {
    {"torso_kp", &P::torsoKp, 0, 20, false, "-", "torso PD stiffness (through the stance hips)"},
    {"torso_kd", &P::torsoKd, 0, 10, false, "-", "torso PD damping"},
    {"swing_hip_kp", &P::swingHipKp, 0, 10, false, "-",
     "swing thigh stiffness (world-frame target)"},
    {"swing_hip_kd", &P::swingHipKd, 0, 5, false, "-", "swing thigh damping"},
    {"swing_knee_kp", &P::swingKneeKp, 0, 10, false, "-", "swing knee stiffness"},
    {"swing_knee_kd", &P::swingKneeKd, 0, 5, false, "-", "swing knee damping"},
    {"swing_ankle_kp", &P::swingAnkleKp, 0, 10, false, "-", "swing ankle stiffness"},
    {"swing_ankle_kd", &P::swingAnkleKd, 0, 5, false, "-", "swing ankle damping"},
    {"stance_knee_kp", &P::stanceKneeKp, 0, 20, false, "-", "stance knee stiffness"},
    {"stance_knee_kd", &P::stanceKneeKd, 0, 5, false, "-", "stance knee damping"},
    {"stance_ankle_kp", &P::stanceAnkleKp, 0, 20, false, "-", "stance ankle stiffness"},
    {"stance_ankle_kd", &P::stanceAnkleKd, 0, 5, false, "-", "stance ankle damping"},
    {"gravity_compensation", &P::gravityCompensation, 0, 1, false, "-",
     "share of the swing leg's gravity torque fed forward"},
    {"swing_hip_velocity_gain", &P::swingHipVelocityGainRadPerMps, -1, 2, false, "rad/(m/s)",
     "swing thigh target += gain (v - v_cmd): faster than commanded, step further"},
    {"stance_ankle_velocity_gain", &P::stanceAnkleVelocityGainRadPerMps, -2, 2, false, "rad/(m/s)",
     "stance ankle target -= gain (v - v_cmd): faster than commanded, push the COP ahead"},
    {"stride_time_scale", &P::strideTimeScale, 0.6, 1.5, false, "-",
     "stride time as a multiple of the normative one at this speed"},
    {"hip_amplitude_scale", &P::hipAmplitudeScale, 0.3, 1.6, false, "-",
     "hip excursion about its cycle mean, as a multiple of the normative one"},
    {"hip_offset_deg", &P::hipOffsetRad, -30, 30, true, "deg", "added hip flexion"},
    {"stance_knee_flexion_deg", &P::stanceKneeFlexionRad, -10, 30, true, "deg",
     "added knee flexion in stance"},
    {"ankle_offset_deg", &P::ankleOffsetRad, -30, 30, true, "deg", "added dorsiflexion"},
    {"torso_lean_deg", &P::torsoLeanRad, -30, 30, true, "deg", "anterior trunk lean"},
    {"foot_off_shift", &P::footOffShift, -0.15, 0.15, false, "-",
     "added to the normative foot-off fraction of the cycle"},
    {"incline_hip_gain", &P::inclineHipGain, -3, 3, false, "-",
     "hip flexion += gain x ground angle"},
    {"incline_torso_gain", &P::inclineTorsoGain, -3, 3, false, "-",
     "anterior trunk lean += gain x ground angle"},
    {"incline_ankle_gain", &P::inclineAnkleGain, -2, 2, false, "-",
     "dorsiflexion += gain x ground angle (1 keeps the foot parallel to the slope)"},
    {"uphill_knee_gain", &P::uphillKneeGain, -3, 3, false, "-",
     "knee flexion += gain x uphill angle along the path"},
    {"downhill_knee_gain", &P::downhillKneeGain, -3, 3, false, "-",
     "knee flexion += gain x downhill angle along the path"},
    {"min_swing_fraction", &P::minSwingFraction, 0.1, 0.95, false, "-",
     "share of the swing phase after which a touchdown counts as initial contact"},
    {"contact_threshold_bw", &P::contactThresholdBw, 0.005, 0.5, false, "BW",
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
