#include "retrogait/io/recorded_walk_reader.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "retrogait/core/cubic_spline.h"
#include "retrogait/core/lowpass_filter.h"
#include "retrogait/io/external_loads.h"
#include "retrogait/io/opensim_files.h"
#include "retrogait/model/kinematics.h"

namespace retrogait {

namespace {

// The coordinates a gait10dof18musc motion must have, in our Dof order from kPelvisTilt on.
constexpr const char* kMotionColumns[] = {"pelvis_tilt",   "pelvis_tx",    "pelvis_ty",
                                          "hip_flexion_r", "knee_angle_r", "ankle_angle_r",
                                          "hip_flexion_l", "knee_angle_l", "ankle_angle_l"};

// Load on a foot above which it is in stance for the speed estimate [N] (as the gait events).
constexpr double kStanceThresholdN = 20.0;
// Below this filtered vertical force the point of application is not defined by the moment
// (division by a vanishing force); the force then acts at the ankle [N].
constexpr double kPointForceThresholdN = 5.0;

std::string joinColumns() {
  std::string s;
  for (const char* c : kMotionColumns) s += (s.empty() ? "" : ", ") + std::string(c);
  return s;
}

std::string text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// One column of a table.
std::vector<double> column(const OpenSimTable& t, std::size_t c) {
  std::vector<double> v(t.rows.size());
  for (std::size_t r = 0; r < t.rows.size(); ++r) v[r] = t.rows[r][c];
  return v;
}

int findColumn(const OpenSimTable& t, const std::string& label) {
  const auto it = std::find(t.labels.begin(), t.labels.end(), label);
  return it == t.labels.end() ? -1 : static_cast<int>(it - t.labels.begin());
}

// Sample rate of a table sampled at a constant rate. Files print their times rounded (the
// subject01 GRF file to 0.1 ms at 600 Hz: steps of 1.6 and 1.7 ms), so a step may differ from
// the mean by up to a fifth of it; the samples are then taken as uniform at the mean rate.
Result<double> uniformRate(const OpenSimTable& t, const std::string& file) {
  if (t.rows.size() < 4) return Error{file + ": only " + std::to_string(t.rows.size()) + " rows"};
  const double span = t.rows.back()[0] - t.rows.front()[0];
  const double dt = span / static_cast<double>(t.rows.size() - 1);
  for (std::size_t r = 1; r < t.rows.size(); ++r) {
    const double step = t.rows[r][0] - t.rows[r - 1][0];
    if (!(std::abs(step - dt) <= 0.2 * dt)) {
      return Error{file + ": time is not sampled at a constant rate (step " + text(step) +
                   " s at t = " + text(t.rows[r][0]) + " s, mean step " + text(dt) +
                   " s): the low-pass filter needs one"};
    }
  }
  return 1.0 / dt;
}

// The rate of a table that will be low-passed at `cutoffHz` (0 = not at all), which must lie
// below its Nyquist frequency; `option` names the option that set the cutoff.
Result<double> filterableRate(const OpenSimTable& t, const std::string& file, double cutoffHz,
                              const std::string& option) {
  auto rate = uniformRate(t, file);
  if (!rate) return rate;
  if (cutoffHz >= 0.5 * *rate) {
    return Error{option + " " + text(cutoffHz) + " Hz must be below half the sample rate of " +
                 file + " (" + text(*rate) + " Hz)"};
  }
  return rate;
}

// Mean of a motion's lumbar_extension column [rad]; 0 when the column is absent.
double meanLumbarExtensionRad(const OpenSimTable& motion) {
  const int c = findColumn(motion, "lumbar_extension");
  if (c < 0 || motion.rows.empty()) return 0.0;
  const std::vector<double> v = column(motion, static_cast<std::size_t>(c));
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  return motion.inDegrees ? degToRad(mean) : mean;
}

Result<std::vector<double>> filtered(std::vector<double> v, double rateHz, double cutoffHz,
                                     const std::string& what) {
  if (cutoffHz <= 0) return v;
  auto f = lowpassZeroPhase(v, rateHz, cutoffHz);
  if (!f) return Error{what + ": " + f.error()};
  return std::move(f.value());
}

// One force plate's columns, and the foot it acts on (0 right, 1 left, −1 not yet known).
struct ForceColumns {
  std::string name;
  int fx = -1, fy = -1, px = -1, py = -1, tz = -1;
  int side = -1;
};

int sideOfBody(const std::string& body) {
  if (body.ends_with("_r")) return 0;
  if (body.ends_with("_l")) return 1;
  return -1;
}

Result<ForceColumns> columnsFor(const OpenSimTable& grf, const std::string& grfFile,
                                const std::string& name, const std::string& forceId,
                                const std::string& pointId, const std::string& torqueId) {
  ForceColumns c;
  c.name = name;
  auto need = [&](const std::string& label, int& index) -> Status {
    index = findColumn(grf, label);
    if (index < 0) {
      return Error{grfFile + ": column '" + label + "' is missing (needed by the force '" + name +
                   "')"};
    }
    return Ok{};
  };
  for (auto [suffix, index] : {std::pair{"x", &c.fx}, std::pair{"y", &c.fy}}) {
    if (Status st = need(forceId + suffix, *index); !st) return Error{st.error()};
  }
  for (auto [suffix, index] : {std::pair{"x", &c.px}, std::pair{"y", &c.py}}) {
    if (Status st = need(pointId + suffix, *index); !st) return Error{st.error()};
  }
  if (!torqueId.empty()) c.tz = findColumn(grf, torqueId + "z");
  return c;
}

// Force sets named by an ExternalLoads file.
Result<std::vector<ForceColumns>> forcesFromSetup(const OpenSimTable& grf,
                                                  const std::string& grfFile,
                                                  const std::string& setupFile) {
  auto setup = readExternalLoads(setupFile);
  if (!setup) return Error{setup.error()};
  std::vector<ForceColumns> out;
  for (const ExternalForceSpec& f : setup->forces) {
    if (!f.enabled) continue;
    const int side = sideOfBody(f.appliedToBody);
    if (side < 0) {
      return Error{setupFile + ": ExternalForce '" + f.name + "': applied_to_body '" +
                   f.appliedToBody + "' is not a body of a foot (allowed: calcn_r, calcn_l, " +
                   "talus_r, talus_l, toes_r, toes_l)"};
    }
    if (f.forceExpressedIn != "ground" || f.pointExpressedIn != "ground") {
      return Error{setupFile + ": ExternalForce '" + f.name +
                   "': force and point must be expressed in ground (found '" + f.forceExpressedIn +
                   "' and '" + f.pointExpressedIn + "')"};
    }
    auto c =
        columnsFor(grf, grfFile, f.name, f.forceIdentifier, f.pointIdentifier, f.torqueIdentifier);
    if (!c) return Error{c.error()};
    c->side = side;
    out.push_back(*c);
  }
  if (out.empty()) return Error{setupFile + ": no enabled ExternalForce"};
  return out;
}

// Force sets found by their column names: every "<id>vx" with "<id>vy" and a matching point
// "<id with force_v → force_p>x/y"; the side from an r_/l_ prefix or _r/_l in the name, else
// unknown (decided by position later).
Result<std::vector<ForceColumns>> forcesFromColumns(const OpenSimTable& grf,
                                                    const std::string& grfFile) {
  std::vector<ForceColumns> out;
  for (const std::string& label : grf.labels) {
    if (!label.ends_with("vx")) continue;
    const std::string forceId = label.substr(0, label.size() - 1);  // "...v"
    if (findColumn(grf, forceId + "y") < 0) continue;
    std::string pointId = forceId, torqueId;
    if (const auto at = forceId.rfind("force_v"); at != std::string::npos) {
      pointId.replace(at, 7, "force_p");
      torqueId = forceId.substr(0, at) + "torque_";
    } else {
      pointId.back() = 'p';
    }
    auto c = columnsFor(grf, grfFile, forceId, forceId, pointId, torqueId);
    if (!c) return Error{c.error()};
    const std::string lower = forceId;
    if (lower.starts_with("r_") || lower.find("_r_") != std::string::npos) c->side = 0;
    if (lower.starts_with("l_") || lower.find("_l_") != std::string::npos) c->side = 1;
    out.push_back(*c);
  }
  if (out.empty()) {
    return Error{grfFile +
                 ": no ground reaction columns found (expected e.g. ground_force_vx, "
                 "ground_force_vy, ground_force_px, ground_force_py per plate; or give "
                 "--grf-setup with an ExternalLoads file)"};
  }
  return out;
}

// Linear interpolation of uniformly sampled `v` (first sample at t0, rate) at time t.
double sampleAt(const std::vector<double>& v, double t0, double rateHz, double t) {
  const double s = (t - t0) * rateHz;
  if (s <= 0) return v.front();
  const auto i = static_cast<std::size_t>(s);
  if (i + 1 >= v.size()) return v.back();
  const double f = s - static_cast<double>(i);
  return v[i] + f * (v[i + 1] - v[i]);
}

}  // namespace

Result<double> readMeanLumbarExtensionRad(const std::string& motionFile) {
  auto motion = readOpenSimTable(motionFile);
  if (!motion) return Error{motion.error()};
  return meanLumbarExtensionRad(*motion);
}

Result<RecordedWalk> readRecordedWalk(const Model& model, const RecordingFiles& files,
                                      const RecordingOptions& options) {
  RecordedWalk walk;
  if (options.speedMps && !(*options.speedMps > 0 && *options.speedMps < 10)) {
    return Error{"--speed " + text(*options.speedMps) + " m/s is out of range (allowed 0 to 10)"};
  }
  const double forceCutoffHz = options.forceCutoffHz.value_or(options.coordinateCutoffHz);
  walk.coordinateCutoffHz = std::max(0.0, options.coordinateCutoffHz);
  walk.forceCutoffHz = std::max(0.0, forceCutoffHz);

  // ---- coordinates: read, filter, convert to our root, spline ----
  auto motion = readOpenSimTable(files.motionFile);
  if (!motion) return Error{motion.error()};
  auto motionRate =
      filterableRate(*motion, files.motionFile, walk.coordinateCutoffHz, "--filter-hz");
  if (!motionRate) return Error{motionRate.error()};
  walk.motionRateHz = *motionRate;
  std::array<std::vector<double>, 9> coord;  // kMotionColumns order, SI
  for (std::size_t k = 0; k < coord.size(); ++k) {
    const int c = findColumn(*motion, kMotionColumns[k]);
    if (c < 0) {
      return Error{files.motionFile + ": column '" + kMotionColumns[k] +
                   "' is missing (a gait10dof18musc motion needs " + joinColumns() + ")"};
    }
    std::vector<double> v = column(*motion, static_cast<std::size_t>(c));
    const bool translation = k == 1 || k == 2;
    if (motion->inDegrees && !translation) {
      for (double& x : v) x = degToRad(x);
    }
    auto f = filtered(std::move(v), walk.motionRateHz, walk.coordinateCutoffHz,
                      files.motionFile + ": " + kMotionColumns[k]);
    if (!f) return Error{f.error()};
    coord[k] = std::move(f.value());
  }
  walk.lumbarExtensionRad = meanLumbarExtensionRad(*motion);
  const std::vector<double> motionTime = column(*motion, 0);
  // Our root is the hip centre: pelvis origin + R(tilt) · hip offset.
  std::array<CubicSpline, kNumDof> spline;
  {
    std::array<std::vector<double>, kNumDof> ours;
    for (auto& o : ours) o.resize(motionTime.size());
    for (std::size_t r = 0; r < motionTime.size(); ++r) {
      const double tilt = coord[0][r];
      const Vec2 hip =
          Vec2(coord[1][r], coord[2][r]) + rotation2d(tilt) * model.hipFromPelvisOrigin_S;
      ours[kPelvisTx][r] = hip.x();
      ours[kPelvisTy][r] = hip.y();
      ours[kPelvisTilt][r] = tilt;
      for (int d = kHipR; d < kNumDof; ++d) ours[d][r] = coord[static_cast<std::size_t>(d)][r];
    }
    for (int d = 0; d < kNumDof; ++d) spline[d] = CubicSpline(motionTime, ours[d]);
  }

  // ---- ground reactions: read, map to the feet ----
  auto grf = readOpenSimTable(files.grfFile);
  if (!grf) return Error{grf.error()};
  auto grfRate =
      filterableRate(*grf, files.grfFile, walk.forceCutoffHz, "the ground reactions' cutoff");
  if (!grfRate) return Error{grfRate.error()};
  walk.forceRateHz = *grfRate;
  auto plates = files.grfSetupFile.empty()
                    ? forcesFromColumns(*grf, files.grfFile)
                    : forcesFromSetup(*grf, files.grfFile, files.grfSetupFile);
  if (!plates) return Error{plates.error()};

  // Common time span, on the faster file's grid.
  const double t0 = std::max(motionTime.front(), grf->rows.front()[0]);
  const double t1 = std::min(motionTime.back(), grf->rows.back()[0]);
  if (!(t1 - t0 > 0.5)) {
    return Error{files.motionFile + " and " + files.grfFile + " overlap for " +
                 text(std::max(0.0, t1 - t0)) + " s only (need at least 0.5 s)"};
  }
  walk.sampleRateHz = std::max(walk.motionRateHz, walk.forceRateHz);
  const auto n = static_cast<std::size_t>(std::floor((t1 - t0) * walk.sampleRateHz + 1e-9)) + 1;
  walk.samples.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    RecordedSample& s = walk.samples[i];
    s.timeS = t0 + static_cast<double>(i) / walk.sampleRateHz;
    for (int d = 0; d < kNumDof; ++d) {
      s.q[d] = spline[d].value(s.timeS);
      s.qd[d] = spline[d].derivative(s.timeS);
      s.qdd[d] = spline[d].secondDerivative(s.timeS);
    }
  }

  // Feet of plates whose side the names did not tell: the foot whose ankle is nearer the
  // plate's centre of pressure while it is loaded.
  const double grfT0 = grf->rows.front()[0];
  for (ForceColumns& p : *plates) {
    if (p.side >= 0) continue;
    std::array<double, 2> distance{0, 0};
    int loaded = 0;
    for (const auto& row : grf->rows) {
      if (row[p.fy] <= kStanceThresholdN || row[0] < t0 || row[0] > t1) continue;
      VecQ q;
      for (int d = 0; d < kNumDof; ++d) q[d] = spline[d].value(row[0]);
      const SegmentPoses poses = computePoses(model, q);
      for (Side side : kSides) {
        distance[static_cast<std::size_t>(side)] +=
            std::abs(poses[footSegment(side)].origin_W.x() - row[p.px]);
      }
      ++loaded;
    }
    if (loaded == 0) {
      return Error{files.grfFile + ": force '" + p.name +
                   "' never carries load; cannot tell which foot it belongs to (give --grf-setup)"};
    }
    p.side = distance[0] <= distance[1] ? 0 : 1;
  }

  // Per foot: measured force and centre of pressure, and the filtered wrench for the ID.
  for (Side side : kSides) {
    const int f = static_cast<int>(side);
    const std::size_t m = grf->rows.size();
    std::vector<double> fx(m, 0.0), fy(m, 0.0), mz(m, 0.0), copX(m, 0.0);
    std::vector<double> plateY;
    for (const ForceColumns& p : *plates) {
      if (p.side != f) continue;
      for (std::size_t r = 0; r < m; ++r) {
        const auto& row = grf->rows[r];
        const double x = row[p.fx], y = row[p.fy], px = row[p.px], py = row[p.py];
        const double tz = p.tz >= 0 ? row[p.tz] : 0.0;
        fx[r] += x;
        fy[r] += y;
        mz[r] += px * y - py * x + tz;  // moment about the lab origin
        if (y > kStanceThresholdN) plateY.push_back(py);
      }
    }
    // Plane of the centre of pressure: the median height of the loaded samples.
    double planeY = 0;
    if (!plateY.empty()) {
      std::nth_element(plateY.begin(), plateY.begin() + plateY.size() / 2, plateY.end());
      planeY = plateY[plateY.size() / 2];
    }
    for (std::size_t r = 0; r < m; ++r) {
      copX[r] = std::abs(fy[r]) > 1e-9 ? (mz[r] + planeY * fx[r]) / fy[r] : 0.0;
    }
    const std::string what = files.grfFile + ": " + (f == 0 ? "right" : "left") + " foot";
    auto fxF = filtered(fx, walk.forceRateHz, walk.forceCutoffHz, what);
    auto fyF = filtered(fy, walk.forceRateHz, walk.forceCutoffHz, what);
    auto mzF = filtered(mz, walk.forceRateHz, walk.forceCutoffHz, what);
    if (!fxF || !fyF || !mzF) return Error{!fxF ? fxF.error() : !fyF ? fyF.error() : mzF.error()};
    for (RecordedSample& s : walk.samples) {
      const double t = s.timeS;
      const double rawY = sampleAt(fy, grfT0, walk.forceRateHz, t);
      const double rawX = sampleAt(fx, grfT0, walk.forceRateHz, t);
      if (rawY > 0) {
        s.grf_W[f] = Vec2(rawX, rawY);
        s.cop_W[f] = Vec2(sampleAt(copX, grfT0, walk.forceRateHz, t), planeY);
      }
      const Vec2 force(sampleAt(*fxF, grfT0, walk.forceRateHz, t),
                       sampleAt(*fyF, grfT0, walk.forceRateHz, t));
      const double moment = sampleAt(*mzF, grfT0, walk.forceRateHz, t);
      s.idForce_W[f] = force;
      if (std::abs(force.y()) > kPointForceThresholdN) {
        s.idPoint_W[f] = Vec2((moment + planeY * force.x()) / force.y(), planeY);
      } else {
        s.idPoint_W[f] = computePoses(model, s.q)[footSegment(side)].origin_W;
      }
    }
  }

  // ---- speed: the body relative to the stance foot ----
  std::vector<double> footVelocity;
  for (Side side : kSides) {
    const int f = static_cast<int>(side);
    std::size_t start = 0;
    bool loaded = walk.samples.front().grf_W[f].y() > kStanceThresholdN;
    for (std::size_t i = 1; i < n; ++i) {
      const bool now = walk.samples[i].grf_W[f].y() > kStanceThresholdN;
      if (now && !loaded) start = i;
      if (!now && loaded && start > 0) {  // a complete stance [start, i)
        const std::size_t a = start + (i - start) * 2 / 10, b = start + (i - start) * 5 / 10;
        double sum = 0;
        for (std::size_t k = a; k < b; ++k) {
          const RecordedSample& s = walk.samples[k];
          const SegmentPoses poses = computePoses(model, s.q);
          sum += computeTwists(model, poses, s.qd)[footSegment(side)].originVelocity_W.x();
        }
        if (b > a) footVelocity.push_back(sum / static_cast<double>(b - a));
      }
      loaded = now;
    }
  }
  auto comAt = [&](const RecordedSample& s) { return computeCom(model, computePoses(model, s.q)); };
  const double duration = walk.samples.back().timeS - walk.samples.front().timeS;
  const double comVelocity =
      (comAt(walk.samples.back()).x() - comAt(walk.samples.front()).x()) / duration;
  double frameVelocity = 0;
  if (!footVelocity.empty()) {
    frameVelocity = std::accumulate(footVelocity.begin(), footVelocity.end(), 0.0) /
                    static_cast<double>(footVelocity.size());
  } else if (!options.speedMps) {
    return Error{files.grfFile +
                 ": no complete stance of either foot, so the walking speed cannot be measured "
                 "(give --speed)"};
  }
  walk.travelSign = comVelocity - frameVelocity >= 0 ? 1.0 : -1.0;
  if (options.speedMps) {
    walk.speedSource = SpeedSource::kOption;
    walk.speedMps = *options.speedMps;
    frameVelocity = comVelocity - walk.travelSign * walk.speedMps;
  } else {
    walk.speedSource = SpeedSource::kStanceFoot;
    walk.speedMps = std::abs(comVelocity - frameVelocity);
  }
  walk.frameVelocityMps = frameVelocity;
  // Into the stance foot's frame: x' = x − v t (velocities − v; accelerations unchanged).
  for (RecordedSample& s : walk.samples) {
    const double shift = frameVelocity * s.timeS;
    s.q[kPelvisTx] -= shift;
    s.qd[kPelvisTx] -= frameVelocity;
    for (int f = 0; f < 2; ++f) {
      if (s.grf_W[f].y() > 0) s.cop_W[f].x() -= shift;
      s.idPoint_W[f].x() -= shift;
    }
  }
  return walk;
}

}  // namespace retrogait
