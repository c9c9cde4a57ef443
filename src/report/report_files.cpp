#include "retrogait/report/report_files.h"

#include <algorithm>

#include "retrogait/io/atomic_file.h"

namespace retrogait {

Status writeReportFiles(const std::vector<ReportFile>& files, const std::string& directory) {
  if (Status st = ensureDirectory(directory); !st) return st;
  std::vector<const ReportFile*> order;
  for (const ReportFile& f : files) order.push_back(&f);
  auto isMarkdown = [](const ReportFile* f) {
    return f->path.size() >= 3 && f->path.compare(f->path.size() - 3, 3, ".md") == 0;
  };
  std::stable_partition(order.begin(), order.end(),
                        [&](const ReportFile* f) { return !isMarkdown(f); });
  for (const ReportFile* f : order) {
    const std::string path = directory + "/" + f->path;
    const auto slash = f->path.rfind('/');
    if (slash != std::string::npos) {
      if (Status st = ensureDirectory(directory + "/" + f->path.substr(0, slash)); !st) return st;
    }
    Status st = writeFileAtomically(path, [&](std::ostream& out) { out << f->content; });
    if (!st) return st;
  }
  return Ok{};
}

}  // namespace retrogait
