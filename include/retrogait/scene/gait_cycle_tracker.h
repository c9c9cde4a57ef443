#pragma once
// Live gait-cycle curves for the viewer's plots and phase bar: follows a growing TimeSeries,
// cuts it at right-foot initial contacts with the same load thresholds as gait_events.h (a
// force plate's 20 N on, 10 N off, contacts shorter than 50 ms ignored), and resamples each
// cycle to 0..100 % like cycle_curves.h. Keeps the last few complete cycles and the one in
// progress, whose x axis is scaled by the previous cycle's duration.
//
// Channels are those of the normative reference (data/reference/forward_normative_sagittal.csv)
// in its conventions: angles in degrees (hip flexion +, knee flexion +, dorsiflexion +); net joint
// moments in N·m/kg (hip and knee extensor +, ankle plantarflexor +; actuator plus passive
// joint-limit torque, which is the net moment of this torque-driven walker); GRF in body weights
// (vertical +up, anterior-posterior + in the direction of travel). Right leg only, as the cycle
// is the right leg's.

#include <array>
#include <deque>
#include <vector>

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
};
inline constexpr int kNumPlotChannels = 8;

struct PlotChannelInfo {
  const char* title;              ///< "Knee angle"
  const char* unit;               ///< "deg"
  const char* positive;           ///< meaning of +, e.g. "flexion"
  const char* csvColumn;          ///< column of the normative CSV (mean; "<column>_sd" is the SD)
  double defaultMin, defaultMax;  ///< y range that fits normal walking
};

const PlotChannelInfo& plotChannelInfo(PlotChannel channel);

/// Value of a channel for the right leg at one sample (conventions above).
double plotChannelValue(PlotChannel channel, const Model& model, const Sample& sample,
                        double travelSign);

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

  /// Consumes the samples appended to `series` since the last call (a shorter series than
  /// before, e.g. after a reset, restarts the tracker).
  void update(const TimeSeries& series);
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
  void startCycle(double timeS);
  void resample(double startS, double durationS, int points, CycleTrace& out) const;
  double estimatedDurationS() const;
  void refreshCurrent();

  const Model* m_model;
  Ground m_ground;
  double m_travelSign;
  double m_expectedStrideS;
  int m_keep;
  GaitEventSpec m_events;

  std::size_t m_consumed = 0;
  double m_nowS = 0;
  std::vector<Entry> m_buffer;  // samples since the current cycle's start (or the last few s)
  struct FootState {
    bool loaded = false;
    bool confirmed = false;  // loaded for at least minContactS
    double onsetS = 0;
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
