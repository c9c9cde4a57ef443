#include "retrogait/analysis/gait_events.h"

#include <algorithm>

namespace retrogait {

std::vector<GaitEvent> detectGaitEvents(const TimeSeries& series, const Ground& ground,
                                        const GaitEventSpec& spec) {
  std::vector<GaitEvent> events;
  for (Side side : kSides) {
    const int i = static_cast<int>(side);
    bool loaded = false;
    std::size_t onsetIndex = 0;
    for (std::size_t k = 0; k < series.size(); ++k) {
      const double load = series[k].grf_W[i].dot(ground.normal());
      if (!loaded && load > spec.onThresholdN) {
        loaded = true;
        onsetIndex = k;
      } else if (loaded && load < spec.offThresholdN) {
        loaded = false;
        if (series[k].timeS - series[onsetIndex].timeS >= spec.minContactS) {
          events.push_back({series[onsetIndex].timeS, onsetIndex, side, true});
          events.push_back({series[k].timeS, k, side, false});
        }
      }
    }
    if (loaded && !series.empty() &&
        series.back().timeS - series[onsetIndex].timeS >= spec.minContactS) {
      events.push_back({series[onsetIndex].timeS, onsetIndex, side, true});
    }
  }
  std::sort(events.begin(), events.end(),
            [](const GaitEvent& a, const GaitEvent& b) { return a.sample < b.sample; });
  return events;
}

std::vector<GaitCycle> cutCycles(const TimeSeries& series, const std::vector<GaitEvent>& events,
                                 const Ground& ground, const GaitEventSpec& spec) {
  std::vector<std::size_t> rightContacts;
  for (const auto& e : events) {
    if (e.side == Side::kRight && e.initialContact) rightContacts.push_back(e.sample);
  }
  std::vector<GaitCycle> cycles;
  for (std::size_t c = 0; c + 1 < rightContacts.size(); ++c) {
    GaitCycle cycle;
    cycle.begin = rightContacts[c];
    cycle.end = rightContacts[c + 1];
    cycle.startS = series[cycle.begin].timeS;
    cycle.endS = series[cycle.end].timeS;
    for (const auto& e : events) {
      if (e.side == Side::kRight && !e.initialContact && e.sample > cycle.begin &&
          e.sample < cycle.end) {
        cycle.rightFootOffS = e.timeS;
        break;
      }
    }
    for (std::size_t e = 0; e < events.size(); ++e) {
      const GaitEvent& on = events[e];
      if (on.side != Side::kLeft || !on.initialContact || on.sample < cycle.begin ||
          on.sample >= cycle.end)
        continue;
      for (std::size_t f = e + 1; f < events.size(); ++f) {
        if (events[f].side == Side::kLeft && !events[f].initialContact) {
          cycle.leftStanceS = events[f].timeS - on.timeS;
          break;
        }
      }
      break;
    }
    for (std::size_t k = cycle.begin; k < cycle.end; ++k) {
      const double dt = series[k + 1].timeS - series[k].timeS;
      const bool both = series[k].grf_W[0].dot(ground.normal()) > spec.offThresholdN &&
                        series[k].grf_W[1].dot(ground.normal()) > spec.offThresholdN;
      if (both) cycle.doubleSupportS += dt;
    }
    cycles.push_back(cycle);
  }
  return cycles;
}

}  // namespace retrogait
