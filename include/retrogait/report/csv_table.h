#pragma once
// A small CSV reader and writer for the reports: RFC 4180 quoting (fields with commas, quotes or
// line breaks are quoted, quotes doubled), one header row, cells kept as text.

#include <string>
#include <vector>

#include "retrogait/core/result.h"

namespace retrogait {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  ///< each padded to the header's width

  /// Index of a header column, or -1.
  int column(const std::string& name) const;
  /// Cell text, or "" when the column does not exist.
  const std::string& cell(std::size_t row, const std::string& name) const;
};

/// Parses CSV text; `name` only labels error messages. Rows wider than the header are an error.
Result<CsvTable> parseCsv(const std::string& text, const std::string& name);

/// Reads and parses a CSV file; errors name the file.
Result<CsvTable> readCsvFile(const std::string& path);

/// Quotes a field when it needs it (comma, quote, CR or LF).
std::string csvField(const std::string& text);

/// One CSV line (fields quoted as needed, "\n" at the end).
std::string csvLine(const std::vector<std::string>& fields);

/// A whole table as CSV text.
std::string toCsv(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows);

/// A number for data files: 10 significant digits, "" for NaN or infinity.
std::string csvNumber(double value);

}  // namespace retrogait
