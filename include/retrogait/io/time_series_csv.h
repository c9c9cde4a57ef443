#pragma once
// Time series CSV: one row per physics step; columns named with units.

#include <ostream>

#include "retrogait/analysis/time_series.h"
#include "retrogait/physics/ground.h"

namespace retrogait {

void writeTimeSeriesCsv(std::ostream& out, const TimeSeries& series);

}  // namespace retrogait
