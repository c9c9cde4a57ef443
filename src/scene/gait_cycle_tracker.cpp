#include "retrogait/scene/gait_cycle_tracker.h"

#include <algorithm>
#include <cmath>

#include "retrogait/model/kinematics.h"
#include "retrogait/physics/physics_world.h"
#include "retrogait/scene/scene_builder.h"

namespace retrogait {

namespace {
// Without a right initial contact for this long the buffer keeps only its tail [s].
constexpr double kMaxBufferS = 6.0;
// Cycles longer than this are not cycles any more (standing, stumbling) [s].
constexpr double kMaxCycleS = 4.0;

const std::array<PlotChannelInfo, kNumPlotChannels> kInfo = {{
    {"Hip angle", "deg", "flexion", "hip_angle_deg", -25, 45},
    {"Knee angle", "deg", "flexion", "knee_angle_deg", -10, 75},
    {"Ankle angle", "deg", "dorsiflexion", "ankle_angle_deg", -30, 25},
    {"Hip moment", "N\xC2\xB7m/kg", "extensor", "hip_moment_Nm_per_kg", -1.2, 1.5},
    {"Knee moment", "N\xC2\xB7m/kg", "extensor", "knee_moment_Nm_per_kg", -0.8, 1.0},
    {"Ankle moment", "N\xC2\xB7m/kg", "plantarflexor", "ankle_moment_Nm_per_kg", -0.3, 1.8},
    {"Vertical GRF", "BW", "up", "grf_vertical_BW", 0, 1.4},
    {"A-P GRF", "BW", "along travel", "grf_ap_BW", -0.3, 0.3},
}};
}  // namespace

const PlotChannelInfo& plotChannelInfo(PlotChannel channel) {
  return kInfo[static_cast<std::size_t>(channel)];
}

double plotChannelValue(PlotChannel channel, const Model& model, const Sample& sample,
                        double travelSign) {
  const auto angle = [&](JointType j) {
    return clinicalAngleDeg(j, sample.q[dofOf(Side::kRight, j)]);
  };
  const auto moment = [&](JointType j) {
    const int dof = dofOf(Side::kRight, j);
    const JointSpec& spec = model.joint(Side::kRight, j);
    const double limit = computeJointLimitTorque(model.jointLimits, sample.q[dof], sample.qd[dof],
                                                 spec.minRad, spec.maxRad);
    const double net = sample.torqueNm[actuatedIndex(Side::kRight, j)] + limit;
    return clinicalMomentNm(j, net) / model.totalMassKg();
  };
  const double bw = bodyWeightN(model);
  switch (channel) {
    case PlotChannel::kHipAngle:
      return angle(JointType::kHip);
    case PlotChannel::kKneeAngle:
      return angle(JointType::kKnee);
    case PlotChannel::kAnkleAngle:
      return angle(JointType::kAnkle);
    case PlotChannel::kHipMoment:
      return moment(JointType::kHip);
    case PlotChannel::kKneeMoment:
      return moment(JointType::kKnee);
    case PlotChannel::kAnkleMoment:
      return moment(JointType::kAnkle);
    case PlotChannel::kGrfVertical:
      return sample.grf_W[0].y() / bw;
    case PlotChannel::kGrfAp:
      return travelSign * sample.grf_W[0].x() / bw;
  }
  return 0.0;
}

GaitCycleTracker::GaitCycleTracker(const Model& model, const Ground& ground, double travelSign,
                                   double expectedStrideS, int keepCycles,
                                   const GaitEventSpec& events)
    : m_model(&model),
      m_ground(ground),
      m_travelSign(travelSign),
      m_expectedStrideS(expectedStrideS > 0 ? expectedStrideS : 1.0),
      m_keep(std::max(1, keepCycles)),
      m_events(events) {}

void GaitCycleTracker::reset() {
  m_consumed = 0;
  m_nowS = 0;
  m_buffer.clear();
  m_feet = {};
  m_contacts = {};
  m_haveStart = false;
  m_startS = 0;
  m_rightFootOffS = -1;
  m_completed.clear();
  m_current = CycleTrace{};
  m_cycleCount = 0;
}

void GaitCycleTracker::update(const TimeSeries& series) {
  if (series.size() < m_consumed) reset();
  if (series.size() == m_consumed) return;
  for (std::size_t k = m_consumed; k < series.size(); ++k) addSample(series[k]);
  m_consumed = series.size();
  refreshCurrent();
}

void GaitCycleTracker::addSample(const Sample& sample) {
  m_nowS = sample.timeS;
  Entry e;
  e.timeS = sample.timeS;
  for (int c = 0; c < kNumPlotChannels; ++c) {
    e.value[static_cast<std::size_t>(c)] = static_cast<float>(
        plotChannelValue(static_cast<PlotChannel>(c), *m_model, sample, m_travelSign));
  }
  m_buffer.push_back(e);

  // Foot contacts with hysteresis; initial contact is confirmed once it lasted minContactS.
  for (int i = 0; i < 2; ++i) {
    FootState& f = m_feet[static_cast<std::size_t>(i)];
    auto& contacts = m_contacts[static_cast<std::size_t>(i)];
    const double load = sample.grf_W[static_cast<std::size_t>(i)].dot(m_ground.normal());
    if (!f.loaded && load > m_events.onThresholdN) {
      f.loaded = true;
      f.confirmed = false;
      f.onsetS = sample.timeS;
      contacts.push_back({sample.timeS, -1});
    } else if (f.loaded && load < m_events.offThresholdN) {
      f.loaded = false;
      if (!contacts.empty()) contacts.back().offS = sample.timeS;
      if (f.confirmed && i == 0 && m_haveStart) m_rightFootOffS = sample.timeS;
      if (!f.confirmed && !contacts.empty()) contacts.pop_back();  // a bounce
    }
    if (f.loaded && !f.confirmed && sample.timeS - f.onsetS >= m_events.minContactS) {
      f.confirmed = true;
      if (i == 0) startCycle(f.onsetS);
    }
    // Keep only contacts that can still show in the phase bar.
    const double horizon = (m_haveStart ? m_startS : sample.timeS) - 1.0;
    while (contacts.size() > 1 && contacts.front().offS >= 0 && contacts.front().offS < horizon) {
      contacts.erase(contacts.begin());
    }
  }

  // Bound the buffer when no cycle is in progress or the current one stalls.
  const double bufferStart = m_buffer.front().timeS;
  if ((!m_haveStart && sample.timeS - bufferStart > kMaxBufferS) ||
      (m_haveStart && sample.timeS - m_startS > kMaxCycleS + kMaxBufferS)) {
    m_haveStart = false;
    const double keepFrom = sample.timeS - 1.0;
    m_buffer.erase(m_buffer.begin(),
                   std::find_if(m_buffer.begin(), m_buffer.end(),
                                [&](const Entry& x) { return x.timeS >= keepFrom; }));
  }
}

void GaitCycleTracker::startCycle(double timeS) {
  if (m_haveStart) {
    const double duration = timeS - m_startS;
    if (duration > 0 && duration <= kMaxCycleS) {
      CycleTrace trace;
      resample(m_startS, duration, kCyclePoints, trace);
      trace.startS = m_startS;
      trace.durationS = duration;
      trace.rightFootOff = m_rightFootOffS > m_startS && m_rightFootOffS < timeS
                               ? (m_rightFootOffS - m_startS) / duration
                               : -1.0;
      m_completed.push_back(trace);
      while (static_cast<int>(m_completed.size()) > m_keep) m_completed.pop_front();
      ++m_cycleCount;
    }
  }
  m_haveStart = true;
  m_startS = timeS;
  m_rightFootOffS = -1;
  // The samples after the new start stay (the contact was confirmed with a small delay).
  m_buffer.erase(m_buffer.begin(),
                 std::find_if(m_buffer.begin(), m_buffer.end(),
                              [&](const Entry& x) { return x.timeS >= timeS - 1e-9; }));
}

void GaitCycleTracker::resample(double startS, double durationS, int points,
                                CycleTrace& out) const {
  out.points = 0;
  if (m_buffer.empty() || durationS <= 0) return;
  std::size_t k = 0;
  for (int p = 0; p < points && p < kCyclePoints; ++p) {
    const double t = startS + durationS * p / (kCyclePoints - 1);
    if (t > m_buffer.back().timeS + 1e-9) break;
    while (k + 1 < m_buffer.size() && m_buffer[k + 1].timeS < t) ++k;
    const Entry& a = m_buffer[k];
    const Entry& b = m_buffer[std::min(k + 1, m_buffer.size() - 1)];
    const double span = b.timeS - a.timeS;
    const double w = span > 0 ? std::clamp((t - a.timeS) / span, 0.0, 1.0) : 0.0;
    for (std::size_t c = 0; c < static_cast<std::size_t>(kNumPlotChannels); ++c) {
      out.values[c][static_cast<std::size_t>(p)] =
          static_cast<float>((1 - w) * a.value[c] + w * b.value[c]);
    }
    out.points = p + 1;
  }
}

double GaitCycleTracker::estimatedDurationS() const {
  return m_completed.empty() ? m_expectedStrideS : m_completed.back().durationS;
}

void GaitCycleTracker::refreshCurrent() {
  m_current = CycleTrace{};
  if (!m_haveStart) return;
  const double duration = estimatedDurationS();
  const double elapsed = m_nowS - m_startS;
  const int points = std::min(
      kCyclePoints, static_cast<int>(std::floor(elapsed / duration * (kCyclePoints - 1))) + 1);
  resample(m_startS, duration, points, m_current);
  m_current.startS = m_startS;
  m_current.durationS = duration;
  m_current.rightFootOff =
      m_rightFootOffS > m_startS ? (m_rightFootOffS - m_startS) / duration : -1.0;
}

GaitPhaseState GaitCycleTracker::phaseState() const {
  GaitPhaseState s;
  for (int i = 0; i < 2; ++i)
    s.loaded[static_cast<std::size_t>(i)] = m_feet[static_cast<std::size_t>(i)].loaded;
  if (!m_haveStart) return s;
  s.valid = true;
  const double duration = estimatedDurationS();
  s.cursor = std::clamp((m_nowS - m_startS) / duration, 0.0, 1.0);
  for (std::size_t i = 0; i < 2; ++i) {
    for (const Contact& c : m_contacts[i]) {
      const double off = c.offS < 0 ? m_nowS : c.offS;
      const double a = std::clamp((c.onS - m_startS) / duration, 0.0, 1.0);
      const double b = std::clamp((off - m_startS) / duration, 0.0, 1.0);
      if (b > a) s.stance[i].emplace_back(a, b);
    }
  }
  return s;
}

}  // namespace retrogait
