#pragma once
// Parameters of the gait controller, one set per walking direction, read from
// models/controller.json. Gains are dimensionless so one set serves subjects of any size:
//   kp [N·m/rad]   = kpHat · m g L
//   kd [N·m·s/rad] = kdHat · m g L · sqrt(L / g)
// with m the body mass and L the leg length (hip joint centre to sole). Angles are in degrees in
// the file and radians in the struct.

#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "retrogait/core/result.h"

namespace retrogait {

struct GaitParams {
  // Joint tracking gains (dimensionless, see above).
  double torsoKp = 0, torsoKd = 0;        ///< virtual torso PD through the stance hip(s)
  double swingHipKp = 0, swingHipKd = 0;  ///< swing thigh, world-frame target
  double swingKneeKp = 0, swingKneeKd = 0;
  double swingAnkleKp = 0, swingAnkleKd = 0;
  double stanceKneeKp = 0, stanceKneeKd = 0;
  double stanceAnkleKp = 0, stanceAnkleKd = 0;
  double gravityCompensation = 0;  ///< share of the swing leg's weight torque fed forward [0..1]
  // Balance and speed feedback.
  double swingHipVelocityGainRadPerMps = 0;     ///< swing thigh target += g (v - v_cmd) [rad/(m/s)]
  double stanceAnkleVelocityGainRadPerMps = 0;  ///< stance ankle target -= g (v - v_cmd)
  double swingHipPositionGainRadPerM = 0;       ///< swing thigh target += g (d - d_nominal) [rad/m]
  // Virtual forces at the hip through the stance leg(s), by Jacobian transpose (GBWC).
  double speedForceGainPerS = 0;     ///< horizontal: m k (v_cmd - v) [1/s]
  double maxSpeedForceBw = 0;        ///< clamp of the horizontal force [body weights]
  double stanceSupportFraction = 0;  ///< vertical: this share of body weight, fed forward [-]
  double roleBlendS = 0;  ///< torques blend over this time after a stance/swing switch [s]
  /// Per stride: reference speed / v_cmd += gain (v_cmd - v_stride) / v_cmd [-]
  double speedAdaptationGain = 0;
  // Style (deviations from the normative trajectories).
  double strideTimeScale = 1;       ///< × the normative stride time at this speed [-]
  double hipAmplitudeScale = 1;     ///< × the hip excursion about its cycle mean [-]
  double hipOffsetRad = 0;          ///< added hip flexion [rad]
  double stanceKneeFlexionRad = 0;  ///< added knee flexion in stance [rad]
  double ankleOffsetRad = 0;        ///< added dorsiflexion [rad]
  /// After initial contact the stance ankle target moves from the ankle's angle at contact to
  /// the reference in proportion to the foot's load, reaching it at this load [BW] (0 = no hold)
  double stanceAnkleLoadHoldBw = 0;
  double torsoLeanRad = 0;  ///< anterior trunk lean [rad]
  double footOffShift = 0;  ///< added to the normative foot-off fraction [-]
  // Incline adaptation (α = ground angle, + rising toward +X; αT = α along travel, + uphill).
  double inclineHipGain = 0;    ///< hip flexion += gain · α [-]
  double inclineTorsoGain = 0;  ///< anterior lean += gain · α [-]
  double inclineAnkleGain = 0;  ///< dorsiflexion += gain · α [-] (1 = foot parallel to slope)
  double uphillKneeGain = 0;    ///< knee flexion += gain · max(αT, 0) [-]
  double downhillKneeGain = 0;  ///< knee flexion += gain · max(-αT, 0) [-]
  // Gait events.
  double minSwingFraction = 0.5;   ///< share of swing before a touchdown counts as initial contact
  double landingWaitPhase = 0.95;  ///< a swing leg waits for contact at this phase [0..1)
  double contactThresholdBw = 0.05;  ///< foot load that counts as contact [body weights]
};

struct ControllerParams {
  GaitParams forward;
  GaitParams backward;
};

/// One parameter's name in the JSON, its place in GaitParams, allowed range and meaning.
struct GaitParamInfo {
  const char* key;
  double GaitParams::*member;
  double minValue, maxValue;  ///< in file units
  bool degrees;               ///< stored in degrees in the file, radians in the struct
  const char* unit;
  const char* meaning;
};

std::span<const GaitParamInfo> gaitParamTable();

Result<ControllerParams> loadControllerParams(const std::string& file);
Result<ControllerParams> parseControllerParams(const nlohmann::json& doc, const std::string& file);
nlohmann::json controllerParamsToJson(const ControllerParams& params);
/// models/controller.json next to the default model.
std::string defaultControllerFile();

}  // namespace retrogait
