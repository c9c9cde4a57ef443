#include "retrogait/analysis/gait_events.h"

#include <algorithm>

namespace retrogait {

namespace {

struct Contact {
  std::size_t on = 0, off = 0;  // samples; off == series.size() while still loaded
};

// One foot's contacts with hysteresis; a flight shorter than minFlightS joins its two contacts.
std::vector<Contact> footContacts(const TimeSeries& series, const Ground& ground, Side side,
                                  const GaitEventSpec& spec) {
  const int i = static_cast<int>(side);
  std::vector<Contact> contacts;
  bool loaded = false;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const double load = series[k].grf_W[i].dot(ground.normal());
    if (!loaded && load > spec.onThresholdN) {
      loaded = true;
      const bool rejoin = !contacts.empty() &&
                          series[k].timeS - series[contacts.back().off].timeS < spec.minFlightS;
      if (rejoin) {
        contacts.back().off = series.size();
      } else {
        contacts.push_back({k, series.size()});
      }
    } else if (loaded && load < spec.offThresholdN) {
      loaded = false;
      contacts.back().off = k;
    }
  }
  return contacts;
}

// A contact still loaded at the end counts from its onset to the last sample.
double contactDurationS(const TimeSeries& series, const Contact& c) {
  const bool open = c.off == series.size();
  return (open ? series.back().timeS : series[c.off].timeS) - series[c.on].timeS;
}

}  // namespace

std::vector<GaitEvent> detectGaitEvents(const TimeSeries& series, const Ground& ground,
                                        const GaitEventSpec& spec) {
  std::vector<GaitEvent> events;
  if (series.empty()) return events;
  for (Side side : kSides) {
    // Contacts shorter than minContactS are bounces, not steps.
    for (const Contact& c : footContacts(series, ground, side, spec)) {
      if (contactDurationS(series, c) < spec.minContactS) continue;
      events.push_back({series[c.on].timeS, c.on, side, true});
      if (c.off != series.size()) events.push_back({series[c.off].timeS, c.off, side, false});
    }
  }
  std::sort(events.begin(), events.end(),
            [](const GaitEvent& a, const GaitEvent& b) { return a.sample < b.sample; });
  return events;
}

std::vector<double> detectShortContacts(const TimeSeries& series, const Ground& ground,
                                        const GaitEventSpec& spec) {
  std::vector<double> onsetsS;
  if (series.empty()) return onsetsS;
  for (Side side : kSides) {
    for (const Contact& c : footContacts(series, ground, side, spec)) {
      if (c.off != series.size() && contactDurationS(series, c) < spec.minContactS)
        onsetsS.push_back(series[c.on].timeS);
    }
  }
  std::sort(onsetsS.begin(), onsetsS.end());
  return onsetsS;
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
