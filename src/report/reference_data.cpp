#include "retrogait/report/reference_data.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "retrogait/core/math.h"

namespace retrogait {

namespace {
constexpr const char* kGroupNames[] = {"Very Slow", "Slow", "Free", "Fast", "Very Fast"};

bool parseNumber(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end != text.c_str() && *end == '\0' && std::isfinite(out);
}

Result<CsvTable> readTable(const std::string& directory, const std::string& file,
                           const std::vector<std::string>& requiredColumns) {
  auto table = readCsvFile(directory + "/" + file);
  if (!table) return table;
  for (const std::string& c : requiredColumns) {
    if (table->column(c) < 0) return Error{directory + "/" + file + ": no column '" + c + "'"};
  }
  return table;
}
}  // namespace

bool MeanSd::available() const {
  return std::isfinite(mean);
}

const ReferenceCurve* SpeedGroupNorms::curve(const std::string& variable) const {
  for (const ReferenceCurve& c : curves) {
    if (c.variable == variable) return &c;
  }
  return nullptr;
}

double HofScaling::speedMps(double dimensionless) const {
  return dimensionless * std::sqrt(kGravityMps2 * legLengthM);
}

double HofScaling::cadenceStepsPerMin(double dimensionless) const {
  return 60.0 * dimensionless * std::sqrt(kGravityMps2 / legLengthM);
}

double HofScaling::lengthM(double dimensionless) const {
  return dimensionless * legLengthM;
}

double HofScaling::dimensionlessSpeed(double speed) const {
  return speed / std::sqrt(kGravityMps2 * legLengthM);
}

const SpeedGroupNorms* ReferenceData::group(const std::string& name) const {
  for (const SpeedGroupNorms& g : groups) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

const SpeedGroupNorms& ReferenceData::nearestGroup(double dimensionlessSpeed) const {
  const SpeedGroupNorms* best = &groups.front();
  for (const SpeedGroupNorms& g : groups) {
    if (std::abs(g.dimensionlessSpeed.mean - dimensionlessSpeed) <
        std::abs(best->dimensionlessSpeed.mean - dimensionlessSpeed)) {
      best = &g;
    }
  }
  return *best;
}

std::string defaultReferenceDirectory() {
  if (const char* dir = std::getenv("RETROGAIT_DATA")) return std::string(dir) + "/reference";
  return std::string(RETROGAIT_DATA_DIR) + "/reference";
}

Result<ReferenceData> loadReferenceData(const std::string& directory) {
  ReferenceData data;
  data.directory = directory;

  // ---- curves, long format: variable, units, sign_convention, speed_group, pct, mean, sd ----
  const std::string curveFile = "forward_normative_by_speed_schwartz2008.csv";
  auto curves = readTable(
      directory, curveFile,
      {"variable", "units", "sign_convention", "speed_group", "gait_cycle_pct", "mean", "sd"});
  if (!curves) return Error{curves.error()};
  struct Samples {
    std::string units, sign;
    std::vector<double> pct, mean, sd;
  };
  // Ordered maps keep the curve order deterministic (alphabetical by variable).
  std::map<std::string, std::map<std::string, Samples>> byGroup;
  for (std::size_t r = 0; r < curves->rows.size(); ++r) {
    double pct = 0, mean = 0, sd = 0;
    if (!parseNumber(curves->cell(r, "gait_cycle_pct"), pct) ||
        !parseNumber(curves->cell(r, "mean"), mean) || !parseNumber(curves->cell(r, "sd"), sd)) {
      return Error{directory + "/" + curveFile + ": row " + std::to_string(r + 2) +
                   ": gait_cycle_pct, mean or sd is not a number"};
    }
    Samples& s = byGroup[curves->cell(r, "speed_group")][curves->cell(r, "variable")];
    if (!s.pct.empty() && pct <= s.pct.back()) {
      return Error{directory + "/" + curveFile + ": row " + std::to_string(r + 2) +
                   ": gait_cycle_pct must increase within a variable and group"};
    }
    s.units = curves->cell(r, "units");
    s.sign = curves->cell(r, "sign_convention");
    s.pct.push_back(pct);
    s.mean.push_back(mean);
    s.sd.push_back(std::abs(sd));
  }

  // ---- spatio-temporal values: parameter, units, speed_group, n, mean, sd ----
  const std::string peakFile = "forward_normative_peaks_schwartz2008.csv";
  auto peaks = readTable(directory, peakFile, {"parameter", "speed_group", "mean", "sd"});
  if (!peaks) return Error{peaks.error()};
  auto peak = [&](const std::string& parameter, const std::string& group) {
    MeanSd v;
    for (std::size_t r = 0; r < peaks->rows.size(); ++r) {
      if (peaks->cell(r, "parameter") == parameter && peaks->cell(r, "speed_group") == group) {
        double m = 0, s = 0;
        if (parseNumber(peaks->cell(r, "mean"), m)) v.mean = m;
        if (parseNumber(peaks->cell(r, "sd"), s)) v.sd = s;
        break;
      }
    }
    return v;
  };

  for (const char* name : kGroupNames) {
    SpeedGroupNorms g;
    g.name = name;
    g.dimensionlessSpeed = peak("Dimensionless Speed", name);
    g.dimensionlessCadence = peak("Dimensionless Cadence", name);
    g.dimensionlessStepLength = peak("Dimensionless Step Length", name);
    g.footOffFraction = peak("Ipsilateral Foot Off", name);
    g.doubleSupportFraction = peak("Double Support", name);
    if (!g.dimensionlessSpeed.available() || !g.footOffFraction.available()) {
      return Error{directory + "/" + peakFile + ": speed group '" + name +
                   "' lacks 'Dimensionless Speed' or 'Ipsilateral Foot Off'"};
    }
    const auto it = byGroup.find(name);
    if (it == byGroup.end()) {
      return Error{directory + "/" + curveFile + ": no curves for speed group '" + name + "'"};
    }
    for (const auto& [variable, s] : it->second) {
      if (s.pct.size() < 2) continue;
      ReferenceCurve c;
      c.variable = variable;
      c.units = s.units;
      c.signConvention = s.sign;
      c.mean = resampleToCycle(s.pct, s.mean);
      c.sd = resampleToCycle(s.pct, s.sd);
      g.curves.push_back(std::move(c));
    }
    data.groups.push_back(std::move(g));
  }

  // ---- literature summaries ----
  auto backward = readTable(directory, "backward_vs_forward_summary.csv",
                            {"quantity", "forward", "backward", "ratio", "source"});
  if (!backward) return Error{backward.error()};
  data.backwardVsForward = std::move(backward.value());
  auto incline = readTable(directory, "incline_walking_summary.csv",
                           {"quantity", "condition", "value", "source"});
  if (!incline) return Error{incline.error()};
  data.inclineWalking = std::move(incline.value());
  auto metabolic = readTable(directory, "metabolic_reference.csv", {"quantity", "value", "source"});
  if (!metabolic) return Error{metabolic.error()};
  data.metabolic = std::move(metabolic.value());
  return data;
}

std::optional<LiteratureRow> findLiterature(const CsvTable& table, const std::string& prefix,
                                            const std::vector<std::string>& findingColumns) {
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (table.cell(r, "quantity").rfind(prefix, 0) != 0) continue;
    LiteratureRow row;
    row.quantity = table.cell(r, "quantity");
    for (const std::string& c : findingColumns) {
      const std::string& v = table.cell(r, c);
      if (v.empty()) continue;
      if (!row.finding.empty()) row.finding += "; ";
      row.finding += findingColumns.size() > 1 ? c + ": " + v : v;
    }
    row.condition = table.cell(r, "condition");
    row.source = table.cell(r, "source");
    row.notes = table.cell(r, "notes");
    return row;
  }
  return std::nullopt;
}

}  // namespace retrogait
