#include "retrogait/io/id_comparison.h"

#include <algorithm>
#include <cmath>

#include "retrogait/io/opensim_files.h"

namespace retrogait {

Result<std::vector<CoordinateAgreement>> compareWithOpenSimId(const std::string& idFile,
                                                              const TimeSeries& series) {
  auto id = readOpenSimTable(idFile);
  if (!id) return Error{id.error()};
  if (series.size() < 2) return Error{"no analysed samples to compare with " + idFile};
  std::vector<CoordinateAgreement> out;
  for (int dof = kHipR; dof < kNumDof; ++dof) {
    const std::string label = std::string(dofName(dof)) + "_moment";
    const auto it = std::find(id->labels.begin(), id->labels.end(), label);
    if (it == id->labels.end()) {
      return Error{idFile + ": column '" + label +
                   "' is missing (an OpenSim inverse-dynamics result has <coordinate>_moment "
                   "columns)"};
    }
    const auto c = static_cast<std::size_t>(it - id->labels.begin());
    const int j = dof - kHipR;
    std::vector<double> ours, theirs;
    std::size_t k = 0;
    for (const auto& row : id->rows) {
      const double t = row[0];
      if (t < series.front().timeS || t > series.back().timeS) continue;
      while (k + 2 < series.size() && series[k + 1].timeS < t) ++k;
      const Sample& a = series[k];
      const Sample& b = series[k + 1];
      const double f = (t - a.timeS) / (b.timeS - a.timeS);
      ours.push_back(a.torqueNm[j] + f * (b.torqueNm[j] - a.torqueNm[j]));
      theirs.push_back(row[c]);
    }
    if (ours.size() < 3) return Error{idFile + ": fewer than 3 of its times lie in the recording"};
    const double n = static_cast<double>(ours.size());
    double meanOurs = 0, meanTheirs = 0, peak = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      meanOurs += ours[i] / n;
      meanTheirs += theirs[i] / n;
      peak = std::max(peak, std::abs(theirs[i]));
    }
    double sab = 0, saa = 0, sbb = 0, se = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      const double a = ours[i] - meanOurs, b = theirs[i] - meanTheirs;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
      se += (ours[i] - theirs[i]) * (ours[i] - theirs[i]);
    }
    CoordinateAgreement agreement;
    agreement.coordinate = dofName(dof);
    agreement.r = saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
    agreement.rmsNm = std::sqrt(se / n);
    agreement.rmsFractionOfPeak = peak > 0 ? agreement.rmsNm / peak : 0.0;
    agreement.samples = static_cast<int>(ours.size());
    out.push_back(agreement);
  }
  return out;
}

}  // namespace retrogait
