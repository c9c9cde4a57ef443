#pragma once
// A report is a set of files (report.md, figures/*.svg, data/*.csv|json) built in memory and
// written together: each file atomically (temporary name, then rename; io/atomic_file.h), the
// Markdown last, so a report.md on disk always comes with its figures and data.

#include <string>
#include <vector>

#include "retrogait/core/result.h"
#include "retrogait/report/verdict.h"

namespace retrogait {

struct ReportFile {
  std::string path;  ///< relative to the report directory, '/'-separated
  std::string content;
};

/// A report built in memory: its files, and for `validate` its checks and their tally.
struct BuiltReport {
  std::vector<ReportFile> files;
  std::vector<Check> checks;
  CheckTally tally;
};

/// Writes every file under `directory` (created with its subdirectories), files whose name ends
/// in ".md" last. Stops at the first error, which names the file.
Status writeReportFiles(const std::vector<ReportFile>& files, const std::string& directory);

}  // namespace retrogait
