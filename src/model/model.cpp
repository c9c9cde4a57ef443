#include "retrogait/model/model.h"

namespace retrogait {

const char* dofName(int dof) {
  static constexpr const char* kNames[kNumDof] = {"pelvis_tx",     "pelvis_ty",    "pelvis_tilt",
                                                  "hip_flexion_r", "knee_angle_r", "ankle_angle_r",
                                                  "hip_flexion_l", "knee_angle_l", "ankle_angle_l"};
  return (dof >= 0 && dof < kNumDof) ? kNames[dof] : "?";
}

const char* jointName(JointType joint) {
  switch (joint) {
    case JointType::kHip:
      return "hip";
    case JointType::kKnee:
      return "knee";
    case JointType::kAnkle:
      return "ankle";
  }
  return "?";
}

const char* sideName(Side side) {
  return side == Side::kRight ? "r" : "l";
}

double Model::totalMassKg() const {
  double m = 0;
  for (const auto& s : segments) m += s.massKg;
  return m;
}

int Model::muscleIndex(const std::string& muscleName) const {
  for (std::size_t i = 0; i < muscles.size(); ++i) {
    if (muscles[i].name == muscleName) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace retrogait
