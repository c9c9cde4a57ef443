#include "retrogait/io/analysis_csv.h"

#include <algorithm>
#include <cstdio>

namespace retrogait {

namespace {

std::string jointLabel(Side side, JointType jt) {
  return std::string(jointName(jt)) + "_" + sideName(side);
}

}  // namespace

std::vector<std::string> analysisCsvColumns(const Model& model) {
  std::vector<std::string> c = {"time_s"};
  for (Side side : kSides) {
    for (JointType jt : kJointTypes) {
      c.push_back(jointLabel(side, jt) +
                  (jt == JointType::kAnkle ? "_plantarflexor_moment_nm" : "_extensor_moment_nm"));
    }
  }
  for (Side side : kSides) {
    for (JointType jt : kJointTypes) c.push_back(jointLabel(side, jt) + "_power_w");
  }
  // Residuals and reserves are generalized forces along the OpenSim coordinates.
  for (int a = 0; a < kNumActuated; ++a) {
    c.push_back(std::string(dofName(kHipR + a)) + "_residual_nm");
  }
  c.insert(c.end(), {"pelvis_tx_residual_n", "pelvis_ty_residual_n", "pelvis_tilt_residual_nm"});
  for (int a = 0; a < kNumActuated; ++a) {
    c.push_back(std::string(dofName(kHipR + a)) + "_reserve_nm");
  }
  const int muscleCount = std::min(static_cast<int>(model.muscles.size()), kMaxMuscles);
  for (int i = 0; i < muscleCount; ++i) {
    c.push_back(model.muscles[static_cast<std::size_t>(i)].name + "_activation");
  }
  for (int i = 0; i < muscleCount; ++i) {
    c.push_back(model.muscles[static_cast<std::size_t>(i)].name + "_force_n");
  }
  for (int i = 0; i < muscleCount; ++i) {
    c.push_back(model.muscles[static_cast<std::size_t>(i)].name + "_fiber_length_lopt");
  }
  for (int i = 0; i < muscleCount; ++i) {
    c.push_back(model.muscles[static_cast<std::size_t>(i)].name + "_fiber_velocity_vmax");
  }
  for (int i = 0; i < muscleCount; ++i) {
    c.push_back(model.muscles[static_cast<std::size_t>(i)].name + "_metabolic_w");
  }
  for (Side side : kSides) {
    for (ContactJoint cj : kContactJointList) {
      c.push_back(std::string(contactJointName(cj)) + "_contact_" + sideName(side) + "_bw");
    }
  }
  c.insert(c.end(), {"activation_maintenance_w_per_kg", "shortening_lengthening_w_per_kg",
                     "heat_floor_w_per_kg", "work_w_per_kg", "basal_w_per_kg"});
  c.push_back("metabolic_power_w_per_kg");
  c.push_back("converged");
  return c;
}

void writeAnalysisCsv(std::ostream& out, const Model& model, const AnalysisSeries& series) {
  const std::vector<std::string> columns = analysisCsvColumns(model);
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << '\n';
  const int muscleCount = std::min(static_cast<int>(model.muscles.size()), kMaxMuscles);
  char buf[64];
  auto put = [&](double v) {
    std::snprintf(buf, sizeof buf, ",%.7g", v);
    out << buf;
  };
  for (const AnalysisSample& s : series) {
    std::snprintf(buf, sizeof buf, "%.4f", s.timeS);
    out << buf;
    for (int a = 0; a < kNumActuated; ++a) put(s.jointMomentNm[a]);
    for (int a = 0; a < kNumActuated; ++a) put(s.jointPowerW[a]);
    for (int a = 0; a < kNumActuated; ++a) put(s.torqueResidualNm[a]);
    for (double r : s.rootResidual) put(r);
    for (int a = 0; a < kNumActuated; ++a) put(s.reserveMomentNm[a]);
    for (int i = 0; i < muscleCount; ++i) put(s.activation[static_cast<std::size_t>(i)]);
    for (int i = 0; i < muscleCount; ++i) put(s.tendonForceN[static_cast<std::size_t>(i)]);
    for (int i = 0; i < muscleCount; ++i) put(s.normFiberLength[static_cast<std::size_t>(i)]);
    for (int i = 0; i < muscleCount; ++i) put(s.normFiberVelocity[static_cast<std::size_t>(i)]);
    for (int i = 0; i < muscleCount; ++i) put(s.metabolicRateW[static_cast<std::size_t>(i)]);
    for (const auto& side : s.contactBw) {
      for (double v : side) put(v);
    }
    const EnergyTerms& e = s.energyWPerKg;
    for (double v :
         {e.activationMaintenance, e.shorteningLengthening, e.heatFloor, e.work, e.basal}) {
      put(v);
    }
    put(s.metabolicPowerWPerKg);
    out << (s.converged ? ",1\n" : ",0\n");
  }
}

void writeCycleCurvesCsv(std::ostream& out, const std::vector<NamedCycleCurve>& curves) {
  int cycles = 0;
  out << "gait_cycle_pct,cycles";
  for (const NamedCycleCurve& c : curves) {
    out << ',' << c.name << "_mean," << c.name << "_sd";
    cycles = std::max(cycles, c.curve.cycles);
  }
  out << '\n';
  char buf[64];
  for (int p = 0; p < kCyclePoints; ++p) {
    out << p << ',' << cycles;
    for (const NamedCycleCurve& c : curves) {
      std::snprintf(buf, sizeof buf, ",%.6g,%.6g", c.curve.mean[static_cast<std::size_t>(p)],
                    c.curve.sd[static_cast<std::size_t>(p)]);
      out << buf;
    }
    out << '\n';
  }
}

}  // namespace retrogait
