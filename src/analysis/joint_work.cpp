#include "retrogait/analysis/joint_work.h"

#include <algorithm>

namespace retrogait {

JointWork computeJointWork(std::span<const double> timeS, std::span<const double> powerW) {
  JointWork work;
  const std::size_t n = std::min(timeS.size(), powerW.size());
  for (std::size_t i = 1; i < n; ++i) {
    const double dt = timeS[i] - timeS[i - 1];
    if (!(dt > 0)) continue;
    const double p0 = powerW[i - 1], p1 = powerW[i];
    if ((p0 >= 0) == (p1 >= 0)) {
      // One sign over the interval: plain trapezoid.
      const double area = 0.5 * (p0 + p1) * dt;
      (area >= 0 ? work.positiveJ : work.negativeJ) += area;
    } else {
      // Linear P crosses zero at t0 + s dt with s = p0 / (p0 − p1): two triangles.
      const double s = p0 / (p0 - p1);
      const double first = 0.5 * p0 * s * dt, second = 0.5 * p1 * (1.0 - s) * dt;
      (first >= 0 ? work.positiveJ : work.negativeJ) += first;
      (second >= 0 ? work.positiveJ : work.negativeJ) += second;
    }
  }
  return work;
}

}  // namespace retrogait
