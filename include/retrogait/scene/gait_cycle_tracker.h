#pragma once
// Live gait-cycle curves for the viewer's plots and phase bar: follows a growing TimeSeries,
// cuts it at right-foot initial contacts with the same load thresholds as gait_events.h (a
// force plate's 20 N on, 10 N off, contacts shorter than 50 ms ignored), and resamples each
// cycle to 0..100 % like cycle_curves.h. Keeps the last few complete cycles and the one in
// progress, whose x axis is scaled by the previous cycle's duration.
//
// Channels follow the normative reference (data/reference/forward_normative_sagittal.csv) and its
// conventions: angles in degrees (hip flexion +, knee flexion +, dorsiflexion +); net joint
// moments in N·m/kg (hip and knee extensor +, ankle plantarflexor +); joint powers in W/kg
// (+ generation); GRF in body weights (vertical +up, anterior-posterior + in the direction of
// travel). Then the estimator's channels, which have no normative curve: joint contact forces in
// BW (magnitude of the resultant on the distal segment; patellofemoral F_PF), the activations
// of the nine right-leg muscles of gait10dof18musc (0..1) and the whole-body metabolic power in
// W/kg. Right leg only, as the cycle is the right leg's.
//
// Sources: angles and GRF come from the physics samples (TimeSeries, every step). Powers,
// contact forces, activations and metabolic power come from the analysis samples
// (AnalysisSeries, at the estimator's rate); so do the moments when the tracker is given the
// analysis series (inverse dynamics), otherwise they are the actuator plus passive joint-limit
// torque of the physics samples (the same net moment for this torque-driven walker). Points of
// an analysis channel that the analysis samples do not cover are NaN.

#include <array>
#include <deque>
#include <vector>

#include "retrogait/analysis/analysis_series.h"
#include "retrogait/analysis/cycle_curves.h"
#include "retrogait/analysis/gait_events.h"
#include "retrogait/analysis/time_series.h"
#include "retrogait/model/model.h"
#include "retrogait/physics/ground.h"
#include "retrogait/scene/scene_input.h"

namespace retrogait {

enum class PlotChannel : int {
  kHipAngle = 0,
  kKneeAngle,
  kAnkleAngle,
  kHipMoment,
  kKneeMoment,
  kAnkleMoment,
  kGrfVertical,
  kGrfAp,
  // From the muscle-load estimator (analysis samples).
  kHipPower,
  kKneePower,
  kAnklePower,
  kHipContact,
  kKneeContact,  ///< tibiofemoral
  kPatellofemoralContact,
  kAnkleContact,
  kGlutMax,  ///< muscle activations, gait10dof18musc's right-leg muscles
  kIliopsoas,
  kHamstrings,
  kBifemsh,
  kRectFem,
  kVasti,
  kGastroc,
  kSoleus,
  kTibAnt,
  kMetabolicPower,  ///< whole body, basal included
};
inline constexpr int kNumPlotChannels = 26;
/// The channels before this one come from the physics samples alone.
inline constexpr PlotChannel kFirstEstimatorChannel = PlotChannel::kHipPower;

struct PlotChannelInfo {
  const char* title;     ///< "Knee angle"
  const char* unit;      ///< "deg"; "" for activations (0..1)
  const char* positive;  ///< meaning of +, e.g. "flexion"; "" when all values are ≥ 0
  /// Column of the normative CSV (mean; "<column>_sd" is the SD), or nullptr (no norm).
  const char* csvColumn;
  double defaultMin, defaultMax;  ///< y range that fits normal walking
  const char* muscle;             ///< Model::muscles name for activations, else nullptr
};

const PlotChannelInfo& plotChannelInfo(PlotChannel channel);

/// Whether a channel comes from the estimator only (powers, contact, activations, metabolic).
constexpr bool isEstimatorChannel(PlotChannel channel) {
  return static_cast<int>(channel) >= static_cast<int>(kFirstEstimatorChannel);
}
/// Whether a channel is a net joint moment (from the analysis samples when the tracker has them).
constexpr bool isMomentChannel(PlotChannel channel) {
  return channel == PlotChannel::kHipMoment || channel == PlotChannel::kKneeMoment ||
         channel == PlotChannel::kAnkleMoment;
}

/// Value of a physics channel (angles, moments, GRF) for the right leg at one sample
/// (conventions above); NaN for the estimator's channels.
double plotChannelValue(PlotChannel channel, const Model& model, const Sample& sample,
                        double travelSign);

/// Value of a channel from one analysis sample (moments, powers, contact, activations,
/// metabolic power; conventions above); NaN for angles and GRF, and for an activation whose
/// muscle the model lacks.
double analysisChannelValue(PlotChannel channel, const Model& model, const AnalysisSample& sample);

/// One gait cycle of every channel resampled to kCyclePoints points (0, 1, ..., 100 %).
struct CycleTrace {
  std::array<std::array<float, kCyclePoints>, kNumPlotChannels> values{};
  int points = 0;            ///< valid points from 0 % (kCyclePoints when complete)
  double startS = 0;         ///< right initial contact [s]
  double durationS = 0;      ///< cycle duration (estimated while in progress) [s]
  double rightFootOff = -1;  ///< right foot off as a fraction of the cycle, or −1
};

class GaitCycleTracker {
 public:
  /// `expectedStrideS` scales the first cycle in progress (e.g. the controller's reference
  /// stride time); later ones use the previous cycle's duration.
  GaitCycleTracker(const Model& model, const Ground& ground, double travelSign,
                   double expectedStrideS, int keepCycles = 6, const GaitEventSpec& events = {});

  /// Consumes the samples appended to `series` (and to `analysis`, when given) since the last
  /// call (a shorter series than before, e.g. after a reset, restarts the tracker). Give the
  /// analysis series on every call or on none.
  void update(const TimeSeries& series, const AnalysisSeries* analysis = nullptr);
  void reset();

  /// Complete cycles, oldest first (at most keepCycles).
  const std::deque<CycleTrace>& completed() const { return m_completed; }
  /// The cycle in progress (points = 0 before the first right initial contact).
  const CycleTrace& current() const { return m_current; }
  /// Stance intervals of both feet over the cycle in progress and the cursor.
  GaitPhaseState phaseState() const;
  /// Complete cycles seen since the start (not only those kept).
  int cycleCount() const { return m_cycleCount; }
  std::size_t consumed() const { return m_consumed; }

 private:
  struct Entry {
    double timeS;
    std::array<float, kNumPlotChannels> value;
  };
  struct Contact {
    double onS, offS;  // offS < 0 while the foot is still loaded
  };
  void addSample(const Sample& sample);
  void addAnalysisSample(const AnalysisSample& sample);
  void startCycle(double timeS);
  void resample(double startS, double durationS, int points, CycleTrace& out) const;
  // Drops analysis entries before the last one at or before `timeS`.
  void trimAnalysis(double timeS);
  bool fromAnalysis(std::size_t channel) const;
  double estimatedDurationS() const;
  void refreshCurrent();

  const Model* m_model;
  std::array<int, kNumPlotChannels> m_muscle{};  // muscle index of activation channels, else −1
  Ground m_ground;
  double m_travelSign;
  double m_expectedStrideS;
  int m_keep;
  GaitEventSpec m_events;

  std::size_t m_consumed = 0;
  std::size_t m_analysisConsumed = 0;
  bool m_haveAnalysis = false;  // analysis samples were given: moments come from them
  double m_nowS = 0;
  std::vector<Entry> m_buffer;  // samples since the current cycle's start (or the last few s)
  std::vector<Entry> m_analysisBuffer;  // analysis samples from just before the cycle's start
  struct FootState {
    bool loaded = false;
    bool confirmed = false;  // loaded for at least minContactS
    double onsetS = 0;
    double offS = -1;  // the last unload, while the flight is shorter than minFlightS
  };
  std::array<FootState, 2> m_feet;
  std::array<std::vector<Contact>, 2> m_contacts;  // recent contacts per foot
  bool m_haveStart = false;
  double m_startS = 0;
  double m_rightFootOffS = -1;
  std::deque<CycleTrace> m_completed;
  CycleTrace m_current;
  int m_cycleCount = 0;
};

}  // namespace retrogait
