#pragma once
// The run summary, schema "retrogait.summary/1" (every field documented in
// docs/summary-schema.md with its unit).

#include <nlohmann/json.hpp>

#include "retrogait/sim/simulation.h"

namespace retrogait {

inline constexpr const char* kSummarySchema = "retrogait.summary/1";

nlohmann::json makeSummaryJson(const Simulation& sim);

}  // namespace retrogait
