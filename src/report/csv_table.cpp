#include "retrogait/report/csv_table.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace retrogait {

int CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

const std::string& CsvTable::cell(std::size_t row, const std::string& name) const {
  static const std::string kEmpty;
  const int c = column(name);
  if (c < 0 || row >= rows.size()) return kEmpty;
  return rows[row][static_cast<std::size_t>(c)];
}

Result<CsvTable> parseCsv(const std::string& text, const std::string& name) {
  // A state machine over the characters: inside or outside quotes; a record ends at an
  // unquoted line break.
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, fieldStarted = false;
  int line = 1;
  auto endField = [&] {
    record.push_back(field);
    field.clear();
    fieldStarted = false;
  };
  auto endRecord = [&] {
    endField();
    const bool blank = record.size() == 1 && record[0].empty();
    if (!blank) records.push_back(record);
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c == ',') {
      endField();
    } else if (c == '\n') {
      endRecord();
      ++line;
    } else if (c == '\r') {
      // CRLF line ends: the LF ends the record.
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) return Error{name + ": line " + std::to_string(line) + ": unterminated quote"};
  if (!field.empty() || !record.empty()) endRecord();
  if (records.empty()) return Error{name + ": no header row"};
  CsvTable table;
  table.header = records.front();
  for (std::size_t r = 1; r < records.size(); ++r) {
    std::vector<std::string>& row = records[r];
    if (row.size() > table.header.size()) {
      return Error{name + ": row " + std::to_string(r + 1) + " has " + std::to_string(row.size()) +
                   " fields, the header " + std::to_string(table.header.size())};
    }
    row.resize(table.header.size());
    table.rows.push_back(std::move(row));
  }
  return table;
}

Result<CsvTable> readCsvFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open"};
  std::ostringstream s;
  s << in.rdbuf();
  return parseCsv(s.str(), path);
}

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csvLine(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csvField(fields[i]);
  }
  out += '\n';
  return out;
}

std::string toCsv(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string out = csvLine(header);
  for (const auto& row : rows) out += csvLine(row);
  return out;
}

std::string csvNumber(double value) {
  if (!std::isfinite(value)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}

}  // namespace retrogait
