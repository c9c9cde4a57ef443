#include "retrogait/io/time_series_csv.h"

#include <cstdio>

namespace retrogait {

void writeTimeSeriesCsv(std::ostream& out, const TimeSeries& series) {
  out << "time_s";
  for (int d = 0; d < kNumDof; ++d) out << ',' << dofName(d) << (d < kPelvisTilt ? "_m" : "_rad");
  for (int d = 0; d < kNumDof; ++d)
    out << ',' << dofName(d) << (d < kPelvisTilt ? "_vel_mps" : "_vel_radps");
  for (int j = 0; j < kNumActuated; ++j) out << ',' << dofName(kHipR + j) << "_torque_nm";
  for (const char* side : {"r", "l"}) {
    out << ",grf_x_" << side << "_n,grf_y_" << side << "_n,cop_x_" << side << "_m,cop_y_" << side
        << "_m";
  }
  out << ",com_x_m,com_y_m,com_vel_x_mps,com_vel_y_mps,gait_phase";
  for (int j = 0; j < kNumActuated; ++j) out << ',' << dofName(kHipR + j) << "_target_rad";
  out << '\n';
  char buf[64];
  auto put = [&](double v) {
    std::snprintf(buf, sizeof buf, ",%.6g", v);
    out << buf;
  };
  for (const Sample& s : series) {
    std::snprintf(buf, sizeof buf, "%.4f", s.timeS);
    out << buf;
    for (int d = 0; d < kNumDof; ++d) put(s.q[d]);
    for (int d = 0; d < kNumDof; ++d) put(s.qd[d]);
    for (int j = 0; j < kNumActuated; ++j) put(s.torqueNm[j]);
    for (int i = 0; i < 2; ++i) {
      put(s.grf_W[i].x());
      put(s.grf_W[i].y());
      put(s.cop_W[i].x());
      put(s.cop_W[i].y());
    }
    put(s.com_W.x());
    put(s.com_W.y());
    put(s.comVel_W.x());
    put(s.comVel_W.y());
    put(s.phase);
    for (int j = 0; j < kNumActuated; ++j) put(s.targetRad[j]);
    out << '\n';
  }
}

}  // namespace retrogait
