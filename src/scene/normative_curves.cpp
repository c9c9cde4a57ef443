#include "retrogait/scene/normative_curves.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace retrogait {

namespace {
std::vector<std::string> splitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream s(line);
  while (std::getline(s, cell, ',')) {
    while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
    out.push_back(cell);
  }
  return out;
}

double interpolate(const std::vector<double>& x, const std::vector<double>& y, double at) {
  if (x.size() < 2) return 0.0;
  at = std::clamp(at, x.front(), x.back());
  const auto it = std::upper_bound(x.begin(), x.end(), at);
  const std::size_t i =
      std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - x.begin(), 1)), x.size() - 1);
  const double span = x[i] - x[i - 1];
  const double w = span > 0 ? (at - x[i - 1]) / span : 0.0;
  return y[i - 1] + w * (y[i] - y[i - 1]);
}
}  // namespace

double NormativeBand::meanAt(double f) const {
  return interpolate(fraction, mean, f);
}

double NormativeBand::sdAt(double f) const {
  return interpolate(fraction, sd, f);
}

std::string defaultNormativeFile() {
  if (const char* dir = std::getenv("RETROGAIT_DATA")) {
    return std::string(dir) + "/reference/forward_normative_sagittal.csv";
  }
  return std::string(RETROGAIT_DATA_DIR) + "/reference/forward_normative_sagittal.csv";
}

Result<NormativeCurves> loadNormativeCurves(const std::string& file) {
  std::ifstream in(file);
  if (!in) return Error{file + ": cannot open the normative curve file"};
  std::string line;
  if (!std::getline(in, line)) return Error{file + ": empty file"};
  const std::vector<std::string> header = splitCsv(line);
  auto column = [&](const std::string& name) -> int {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  const int pctColumn = column("gait_cycle_pct");
  if (pctColumn < 0) return Error{file + ": no column 'gait_cycle_pct'"};
  // Channels without a normative column (the estimator's contact forces and activations) keep
  // an empty band.
  std::array<int, kNumPlotChannels> meanColumn{}, sdColumn{};
  meanColumn.fill(-1);
  sdColumn.fill(-1);
  for (int c = 0; c < kNumPlotChannels; ++c) {
    const char* csvName = plotChannelInfo(static_cast<PlotChannel>(c)).csvColumn;
    if (csvName == nullptr) continue;
    const std::string name = csvName;
    meanColumn[static_cast<std::size_t>(c)] = column(name);
    sdColumn[static_cast<std::size_t>(c)] = column(name + "_sd");
    if (meanColumn[static_cast<std::size_t>(c)] < 0 || sdColumn[static_cast<std::size_t>(c)] < 0) {
      return Error{file + ": no columns '" + name + "' and '" + name + "_sd'"};
    }
  }
  NormativeCurves curves;
  curves.source =
      "Schwartz et al. 2008, free speed, children; forward level walking (mean \xC2\xB1 1 SD)";
  int row = 1;
  while (std::getline(in, line)) {
    ++row;
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> cells = splitCsv(line);
    auto number = [&](int col, double& out) -> bool {
      if (col >= static_cast<int>(cells.size())) return false;
      char* end = nullptr;
      out = std::strtod(cells[static_cast<std::size_t>(col)].c_str(), &end);
      return end != cells[static_cast<std::size_t>(col)].c_str() && std::isfinite(out);
    };
    double pct = 0;
    if (!number(pctColumn, pct)) {
      return Error{file + ": row " + std::to_string(row) + ": gait_cycle_pct is not a number"};
    }
    for (std::size_t c = 0; c < static_cast<std::size_t>(kNumPlotChannels); ++c) {
      if (meanColumn[c] < 0) continue;
      double m = 0, s = 0;
      if (!number(meanColumn[c], m) || !number(sdColumn[c], s)) {
        return Error{file + ": row " + std::to_string(row) + ": column '" +
                     plotChannelInfo(static_cast<PlotChannel>(c)).csvColumn +
                     "' or its SD is not a number"};
      }
      NormativeBand& b = curves.bands[c];
      if (!b.fraction.empty() && pct / 100.0 <= b.fraction.back()) {
        return Error{file + ": row " + std::to_string(row) + ": gait_cycle_pct must increase"};
      }
      b.fraction.push_back(pct / 100.0);
      b.mean.push_back(m);
      b.sd.push_back(std::abs(s));
    }
  }
  if (!curves.bands[0].available()) return Error{file + ": fewer than 2 data rows"};
  return curves;
}

}  // namespace retrogait
