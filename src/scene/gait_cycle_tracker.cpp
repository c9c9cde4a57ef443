#include "retrogait/scene/gait_cycle_tracker.h"

#include <algorithm>
#include <cmath>
#include <limits>

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
    {"Hip angle", "deg", "flexion", "hip_angle_deg", -25, 45, nullptr},
    {"Knee angle", "deg", "flexion", "knee_angle_deg", -10, 75, nullptr},
    {"Ankle angle", "deg", "dorsiflexion", "ankle_angle_deg", -30, 25, nullptr},
    {"Hip moment", "N\xC2\xB7m/kg", "extensor", "hip_moment_Nm_per_kg", -1.2, 1.5, nullptr},
    {"Knee moment", "N\xC2\xB7m/kg", "extensor", "knee_moment_Nm_per_kg", -0.8, 1.0, nullptr},
    {"Ankle moment", "N\xC2\xB7m/kg", "plantarflexor", "ankle_moment_Nm_per_kg", -0.3, 1.8,
     nullptr},
    {"Vertical GRF", "BW", "up", "grf_vertical_BW", 0, 1.4, nullptr},
    {"A-P GRF", "BW", "along travel", "grf_ap_BW", -0.3, 0.3, nullptr},
    {"Hip power", "W/kg", "generation", "hip_power_W_per_kg", -1.0, 1.2, nullptr},
    {"Knee power", "W/kg", "generation", "knee_power_W_per_kg", -1.2, 0.8, nullptr},
    {"Ankle power", "W/kg", "generation", "ankle_power_W_per_kg", -0.8, 3.0, nullptr},
    {"Hip contact", "BW", "", nullptr, 0, 4, nullptr},
    {"Knee contact", "BW", "", nullptr, 0, 4, nullptr},
    {"Patellofemoral", "BW", "", nullptr, 0, 1, nullptr},
    {"Ankle contact", "BW", "", nullptr, 0, 5, nullptr},
    {"Gluteus maximus", "", "", nullptr, 0, 0.5, "glut_max_r"},
    {"Iliopsoas", "", "", nullptr, 0, 0.5, "iliopsoas_r"},
    {"Hamstrings", "", "", nullptr, 0, 0.5, "hamstrings_r"},
    {"Biceps femoris (short head)", "", "", nullptr, 0, 0.5, "bifemsh_r"},
    {"Rectus femoris", "", "", nullptr, 0, 0.5, "rect_fem_r"},
    {"Vasti (quadriceps)", "", "", nullptr, 0, 0.5, "vasti_r"},
    {"Gastrocnemius (calf)", "", "", nullptr, 0, 0.5, "gastroc_r"},
    {"Soleus (calf)", "", "", nullptr, 0, 0.5, "soleus_r"},
    {"Tibialis anterior", "", "", nullptr, 0, 0.5, "tib_ant_r"},
    {"Metabolic power", "W/kg", "", nullptr, 0, 6, nullptr},
}};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// An analysis channel's value; `muscle` is the channel's muscle index (or −1).
double analysisValue(PlotChannel channel, const Model& model, const AnalysisSample& x, int muscle) {
  const double mass = model.totalMassKg();
  const auto joint = [](JointType j) { return actuatedIndex(Side::kRight, j); };
  const auto contact = [&](ContactJoint c) { return x.contactBw[0][static_cast<std::size_t>(c)]; };
  switch (channel) {
    case PlotChannel::kHipMoment:
      return x.jointMomentNm[joint(JointType::kHip)] / mass;
    case PlotChannel::kKneeMoment:
      return x.jointMomentNm[joint(JointType::kKnee)] / mass;
    case PlotChannel::kAnkleMoment:
      return x.jointMomentNm[joint(JointType::kAnkle)] / mass;
    case PlotChannel::kHipPower:
      return x.jointPowerW[joint(JointType::kHip)] / mass;
    case PlotChannel::kKneePower:
      return x.jointPowerW[joint(JointType::kKnee)] / mass;
    case PlotChannel::kAnklePower:
      return x.jointPowerW[joint(JointType::kAnkle)] / mass;
    case PlotChannel::kHipContact:
      return contact(ContactJoint::kHip);
    case PlotChannel::kKneeContact:
      return contact(ContactJoint::kTibiofemoral);
    case PlotChannel::kPatellofemoralContact:
      return contact(ContactJoint::kPatellofemoral);
    case PlotChannel::kAnkleContact:
      return contact(ContactJoint::kAnkle);
    case PlotChannel::kMetabolicPower:
      return x.metabolicPowerWPerKg;
    default:
      break;
  }
  if (plotChannelInfo(channel).muscle != nullptr) {
    return muscle >= 0 && muscle < kMaxMuscles ? x.activation[static_cast<std::size_t>(muscle)]
                                               : kNaN;
  }
  return kNaN;  // angles and GRF: physics only
}
}  // namespace

const PlotChannelInfo& plotChannelInfo(PlotChannel channel) {
  return kInfo[static_cast<std::size_t>(channel)];
}

double analysisChannelValue(PlotChannel channel, const Model& model, const AnalysisSample& sample) {
  const char* muscle = plotChannelInfo(channel).muscle;
  return analysisValue(channel, model, sample, muscle ? model.muscleIndex(muscle) : -1);
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
    default:
      break;
  }
  return kNaN;  // the estimator's channels
}

GaitCycleTracker::GaitCycleTracker(const Model& model, const Ground& ground, double travelSign,
                                   double expectedStrideS, int keepCycles,
                                   const GaitEventSpec& events)
    : m_model(&model),
      m_ground(ground),
      m_travelSign(travelSign),
      m_expectedStrideS(expectedStrideS > 0 ? expectedStrideS : 1.0),
      m_keep(std::max(1, keepCycles)),
      m_events(events) {
  for (std::size_t c = 0; c < m_muscle.size(); ++c) {
    const char* name = plotChannelInfo(static_cast<PlotChannel>(c)).muscle;
    m_muscle[c] = name ? model.muscleIndex(name) : -1;
  }
}

void GaitCycleTracker::reset() {
  m_consumed = 0;
  m_analysisConsumed = 0;
  m_haveAnalysis = false;
  m_nowS = 0;
  m_buffer.clear();
  m_analysisBuffer.clear();
  m_feet = {};
  m_contacts = {};
  m_haveStart = false;
  m_startS = 0;
  m_rightFootOffS = -1;
  m_completed.clear();
  m_current = CycleTrace{};
  m_cycleCount = 0;
}

void GaitCycleTracker::update(const TimeSeries& series, const AnalysisSeries* analysis) {
  if (series.size() < m_consumed || (analysis && analysis->size() < m_analysisConsumed)) reset();
  if (series.size() == m_consumed) return;
  // Analysis samples first: a cycle that the physics samples complete is then covered.
  if (analysis) {
    m_haveAnalysis = true;
    for (std::size_t k = m_analysisConsumed; k < analysis->size(); ++k) {
      addAnalysisSample((*analysis)[k]);
    }
    m_analysisConsumed = analysis->size();
  }
  for (std::size_t k = m_consumed; k < series.size(); ++k) addSample(series[k]);
  m_consumed = series.size();
  refreshCurrent();
}

bool GaitCycleTracker::fromAnalysis(std::size_t channel) const {
  const auto c = static_cast<PlotChannel>(channel);
  return isEstimatorChannel(c) || (m_haveAnalysis && isMomentChannel(c));
}

void GaitCycleTracker::addAnalysisSample(const AnalysisSample& sample) {
  Entry e{};
  e.timeS = sample.timeS;
  for (std::size_t c = 0; c < e.value.size(); ++c) {
    const auto channel = static_cast<PlotChannel>(c);
    e.value[c] = isEstimatorChannel(channel) || isMomentChannel(channel)
                     ? static_cast<float>(analysisValue(channel, *m_model, sample, m_muscle[c]))
                     : std::numeric_limits<float>::quiet_NaN();
  }
  m_analysisBuffer.push_back(e);
}

void GaitCycleTracker::trimAnalysis(double timeS) {
  // Keep the last entry at or before timeS (it interpolates the cycle's first point).
  auto it = std::find_if(m_analysisBuffer.begin(), m_analysisBuffer.end(),
                         [&](const Entry& x) { return x.timeS > timeS + 1e-9; });
  if (it != m_analysisBuffer.begin()) --it;
  m_analysisBuffer.erase(m_analysisBuffer.begin(), it);
}

void GaitCycleTracker::addSample(const Sample& sample) {
  m_nowS = sample.timeS;
  Entry e{};
  e.timeS = sample.timeS;
  for (std::size_t c = 0; c < static_cast<std::size_t>(kFirstEstimatorChannel); ++c) {
    e.value[c] = static_cast<float>(
        plotChannelValue(static_cast<PlotChannel>(c), *m_model, sample, m_travelSign));
  }
  m_buffer.push_back(e);

  // Foot contacts with hysteresis, as analysis/gait_events.h: a flight shorter than minFlightS
  // continues the contact, and a contact is confirmed (an initial contact) once it lasted
  // minContactS; shorter ones are bounces.
  for (int i = 0; i < 2; ++i) {
    FootState& f = m_feet[static_cast<std::size_t>(i)];
    auto& contacts = m_contacts[static_cast<std::size_t>(i)];
    const double load = sample.grf_W[static_cast<std::size_t>(i)].dot(m_ground.normal());
    if (!f.loaded && f.offS >= 0 && sample.timeS - f.offS >= m_events.minFlightS) {
      if (!f.confirmed && !contacts.empty()) contacts.pop_back();  // a bounce
      f.offS = -1;
    }
    if (!f.loaded && load > m_events.onThresholdN) {
      f.loaded = true;
      if (f.offS >= 0) {  // back within minFlightS: the same contact
        if (!contacts.empty()) contacts.back().offS = -1;
        if (i == 0 && f.confirmed) m_rightFootOffS = -1;  // that foot off was not one
      } else {
        f.confirmed = false;
        f.onsetS = sample.timeS;
        contacts.push_back({sample.timeS, -1});
      }
      f.offS = -1;
    } else if (f.loaded && load < m_events.offThresholdN) {
      f.loaded = false;
      f.offS = sample.timeS;
      if (!contacts.empty()) contacts.back().offS = sample.timeS;
      if (f.confirmed && i == 0 && m_haveStart) m_rightFootOffS = sample.timeS;
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
    trimAnalysis(keepFrom);
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
  trimAnalysis(timeS);
}

void GaitCycleTracker::resample(double startS, double durationS, int points,
                                CycleTrace& out) const {
  out.points = 0;
  for (auto& channel : out.values) channel.fill(std::numeric_limits<float>::quiet_NaN());
  if (m_buffer.empty() || durationS <= 0) return;
  // Physics channels: as far as the physics samples go (this sets the trace's points).
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
      if (fromAnalysis(c)) continue;
      out.values[c][static_cast<std::size_t>(p)] =
          static_cast<float>((1 - w) * a.value[c] + w * b.value[c]);
    }
    out.points = p + 1;
  }
  // Analysis channels: where an analysis sample lies at or before and at or after the point.
  const std::vector<Entry>& an = m_analysisBuffer;
  if (an.empty()) return;
  k = 0;
  for (int p = 0; p < out.points; ++p) {
    const double t = startS + durationS * p / (kCyclePoints - 1);
    if (t < an.front().timeS - 1e-9 || t > an.back().timeS + 1e-9) continue;
    while (k + 1 < an.size() && an[k + 1].timeS < t) ++k;
    const Entry& a = an[k];
    const Entry& b = an[std::min(k + 1, an.size() - 1)];
    const double span = b.timeS - a.timeS;
    const double w = span > 0 ? std::clamp((t - a.timeS) / span, 0.0, 1.0) : 0.0;
    for (std::size_t c = 0; c < static_cast<std::size_t>(kNumPlotChannels); ++c) {
      if (!fromAnalysis(c)) continue;
      out.values[c][static_cast<std::size_t>(p)] =
          static_cast<float>((1 - w) * a.value[c] + w * b.value[c]);
    }
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
