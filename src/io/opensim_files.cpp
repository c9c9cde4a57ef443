#include "retrogait/io/opensim_files.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "retrogait/io/atomic_file.h"

namespace retrogait {

namespace {

void appendNumber(std::string& out, double v) {
  char buffer[32];
  const int n = std::snprintf(buffer, sizeof buffer, "%.12g", v);
  out.append(buffer, static_cast<std::size_t>(n > 0 ? n : 0));
}

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string> splitFields(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == '\t' || line[i] == ' ' || line[i] == '\r')) ++i;
    if (i >= line.size()) break;
    std::size_t j = i;
    while (j < line.size() && line[j] != '\t' && line[j] != ' ' && line[j] != '\r') ++j;
    fields.push_back(line.substr(i, j - i));
    i = j;
  }
  return fields;
}

}  // namespace

std::string formatOpenSimTable(const OpenSimTable& table) {
  std::string out;
  out += table.name.empty() ? std::string("retrogait") : table.name;
  out += "\nversion=1\nnRows=" + std::to_string(table.rows.size()) +
         "\nnColumns=" + std::to_string(table.labels.size()) +
         "\ninDegrees=" + (table.inDegrees ? "yes" : "no") + "\nendheader\n";
  for (std::size_t c = 0; c < table.labels.size(); ++c) {
    if (c > 0) out += '\t';
    out += table.labels[c];
  }
  out += '\n';
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += '\t';
      appendNumber(out, row[c]);
    }
    out += '\n';
  }
  return out;
}

Status writeOpenSimTable(const std::string& path, const OpenSimTable& table) {
  if (table.labels.empty() || table.labels.front() != "time") {
    return Error{path + ": the first column must be 'time'"};
  }
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (table.rows[r].size() != table.labels.size()) {
      return Error{path + ": row " + std::to_string(r) + " has " +
                   std::to_string(table.rows[r].size()) + " values for " +
                   std::to_string(table.labels.size()) + " columns"};
    }
  }
  const std::string text = formatOpenSimTable(table);
  return writeFileAtomically(path, [&](std::ostream& out) { out << text; });
}

Result<OpenSimTable> parseOpenSimTable(const std::string& text, const std::string& sourceName) {
  std::istringstream in(text);
  std::string line;
  int lineNo = 0;
  auto fail = [&](const std::string& what) {
    return Error{sourceName + ": line " + std::to_string(lineNo) + ": " + what};
  };
  OpenSimTable table;
  long nRows = -1, nColumns = -1;
  bool sawVersion = false, sawEnd = false;
  // Header: name line, key=value lines, free text, up to "endheader".
  while (std::getline(in, line)) {
    ++lineNo;
    const std::string t = trim(line);
    if (lineNo == 1) {
      table.name = t;
      continue;
    }
    if (t == "endheader") {
      sawEnd = true;
      break;
    }
    const auto eq = t.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = t.substr(0, eq), value = t.substr(eq + 1);
    if (key == "version") {
      sawVersion = true;
      if (value != "1") return fail("version=" + value + " is not supported (allowed: 1)");
    } else if (key == "nRows" || key == "nColumns") {
      long v = -1;
      const auto res = std::from_chars(value.data(), value.data() + value.size(), v);
      if (res.ec != std::errc() || v < 0) return fail(key + " is not a count: '" + value + "'");
      (key == "nRows" ? nRows : nColumns) = v;
    } else if (key == "inDegrees") {
      if (value != "yes" && value != "no") return fail("inDegrees must be yes or no");
      table.inDegrees = value == "yes";
    }
  }
  if (!sawEnd) return fail("no 'endheader' line");
  if (!sawVersion) return fail("header has no version=1 line");
  if (!std::getline(in, line)) return fail("no column labels after endheader");
  ++lineNo;
  if (line.find('\t') == std::string::npos && splitFields(line).size() > 1) {
    return fail("column labels are not tab separated");
  }
  table.labels = splitFields(line);
  if (table.labels.empty() || table.labels.front() != "time") {
    return fail("first column label must be 'time'");
  }
  for (std::size_t a = 0; a < table.labels.size(); ++a) {
    for (std::size_t b = a + 1; b < table.labels.size(); ++b) {
      if (table.labels[a] == table.labels[b]) {
        return fail("column label '" + table.labels[a] + "' appears twice (columns " +
                    std::to_string(a + 1) + " and " + std::to_string(b + 1) + ")");
      }
    }
  }
  while (std::getline(in, line)) {
    ++lineNo;
    if (trim(line).empty()) continue;
    const std::vector<std::string> fields = splitFields(line);
    if (fields.size() != table.labels.size()) {
      return fail(std::to_string(fields.size()) + " values for " +
                  std::to_string(table.labels.size()) + " columns");
    }
    std::vector<double> row(fields.size());
    for (std::size_t c = 0; c < fields.size(); ++c) {
      const std::string& f = fields[c];
      const auto res = std::from_chars(f.data(), f.data() + f.size(), row[c]);
      if (res.ec != std::errc() || res.ptr != f.data() + f.size()) {
        return fail("column '" + table.labels[c] + "': '" + f + "' is not a number");
      }
      if (!std::isfinite(row[c])) {
        return fail("column '" + table.labels[c] + "': '" + f + "' is not a finite number");
      }
    }
    if (!table.rows.empty() && !(row[0] > table.rows.back()[0])) {
      return fail("time " + fields[0] + " does not increase (previous row " +
                  std::to_string(table.rows.back()[0]) + ")");
    }
    table.rows.push_back(std::move(row));
  }
  if (nColumns >= 0 && static_cast<std::size_t>(nColumns) != table.labels.size()) {
    return Error{sourceName + ": nColumns=" + std::to_string(nColumns) + " but " +
                 std::to_string(table.labels.size()) + " labels"};
  }
  if (nRows >= 0 && static_cast<std::size_t>(nRows) != table.rows.size()) {
    return Error{sourceName + ": nRows=" + std::to_string(nRows) + " but " +
                 std::to_string(table.rows.size()) + " data rows"};
  }
  return table;
}

Result<OpenSimTable> readOpenSimTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open"};
  std::ostringstream text;
  text << in.rdbuf();
  return parseOpenSimTable(text.str(), path);
}

OpenSimTable makeKinematicsTable(const Model& model, std::span<const Sample> samples,
                                 const OpenSimPelvisSpec& pelvis) {
  OpenSimTable t;
  t.name = "Coordinates";
  t.inDegrees = true;
  t.labels = {"time",          "pelvis_tilt",   "pelvis_tx",       "pelvis_ty",
              "hip_flexion_r", "knee_angle_r",  "ankle_angle_r",   "hip_flexion_l",
              "knee_angle_l",  "ankle_angle_l", "lumbar_extension"};
  const Vec2 hipInPelvis = pelvis.hipInPelvisM * (model.subject.heightM / pelvis.referenceHeightM);
  const double lumbarDeg = -radToDeg(model.uprightPelvisTiltRad);
  t.rows.reserve(samples.size());
  for (const Sample& s : samples) {
    const double tilt = s.q[kPelvisTilt];
    const Vec2 origin = Vec2(s.q[kPelvisTx], s.q[kPelvisTy]) - rotation2d(tilt) * hipInPelvis;
    std::vector<double> row = {s.timeS, radToDeg(tilt), origin.x(), origin.y()};
    for (int dof = kHipR; dof < kNumDof; ++dof) row.push_back(radToDeg(s.q[dof]));
    row.push_back(lumbarDeg);
    t.rows.push_back(std::move(row));
  }
  return t;
}

OpenSimTable makeGroundReactionTable(std::span<const Sample> samples) {
  OpenSimTable t;
  t.name = "GroundReactionForces";
  t.inDegrees = false;
  t.labels = {"time"};
  for (const char* prefix : {"", "1_"}) {
    for (const char* c : {"ground_force_vx", "ground_force_vy", "ground_force_vz",
                          "ground_force_px", "ground_force_py", "ground_force_pz",
                          "ground_torque_x", "ground_torque_y", "ground_torque_z"}) {
      t.labels.push_back(std::string(prefix) + c);
    }
  }
  t.rows.reserve(samples.size());
  for (const Sample& s : samples) {
    std::vector<double> row = {s.timeS};
    for (int side = 0; side < 2; ++side) {
      const Vec2& f = s.grf_W[static_cast<std::size_t>(side)];
      const bool loaded = f.squaredNorm() > 0;
      const Vec2 p = loaded ? s.cop_W[static_cast<std::size_t>(side)] : Vec2::Zero();
      row.insert(row.end(), {f.x(), f.y(), 0.0, p.x(), p.y(), 0.0, 0.0, 0.0, 0.0});
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

OpenSimTable makeMuscleTable(const Model& model, const std::string& name,
                             std::span<const double> timeS, std::span<const double> values) {
  OpenSimTable t;
  t.name = name;
  t.inDegrees = false;
  t.labels = {"time"};
  for (const MuscleSpec& m : model.muscles) t.labels.push_back(m.name);
  const std::size_t n = model.muscles.size();
  const std::size_t rows = n == 0 ? timeS.size() : std::min(timeS.size(), values.size() / n);
  t.rows.reserve(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<double> row = {timeS[r]};
    row.insert(row.end(), values.begin() + static_cast<std::ptrdiff_t>(r * n),
               values.begin() + static_cast<std::ptrdiff_t>((r + 1) * n));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace retrogait
