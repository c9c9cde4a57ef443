#include "retrogait/io/run_outputs.h"

#include "retrogait/io/analysis_csv.h"
#include "retrogait/io/atomic_file.h"
#include "retrogait/io/opensim_files.h"
#include "retrogait/io/time_series_csv.h"

namespace retrogait {

Status writeRunOutputs(const Simulation& sim, const std::string& directory,
                       std::vector<std::string>* written) {
  return writeWalkOutputs(sim.model(), sim.series(), sim.analysisEnabled(), sim.analysis(),
                          sim.analysedCycles(), travelSign(sim.scenario().command.direction),
                          directory, written);
}

Status writeWalkOutputs(const Model& model, const TimeSeries& series, bool analysed,
                        const AnalysisSeries& analysis, const std::vector<GaitCycle>& cycles,
                        double travel, const std::string& directory,
                        std::vector<std::string>* written) {
  const std::string dir = directory.empty() ? std::string(".") : directory;
  std::vector<std::string> names;
  auto write = [&](const std::string& name, const std::function<void(std::ostream&)>& body) {
    Status st = writeFileAtomically(dir + "/" + name, body);
    if (st) names.push_back(name);
    return st;
  };
  auto writeTable = [&](const std::string& name, const OpenSimTable& table) {
    Status st = writeOpenSimTable(dir + "/" + name, table);
    if (st) names.push_back(name);
    return st;
  };

  if (Status st =
          write("timeseries.csv", [&](std::ostream& out) { writeTimeSeriesCsv(out, series); });
      !st) {
    return st;
  }
  if (analysed) {
    if (Status st = write("analysis.csv",
                          [&](std::ostream& out) { writeAnalysisCsv(out, model, analysis); });
        !st) {
      return st;
    }
  }
  const std::vector<NamedCycleCurve> curves =
      computeRightLegCycleCurves(model, series, analysis, cycles, travel);
  if (Status st = write("cycles.csv", [&](std::ostream& out) { writeCycleCurvesCsv(out, curves); });
      !st) {
    return st;
  }
  // OpenSim tables, one at a time (the physics-rate ones are large for long runs).
  if (Status st = writeTable("kinematics.mot", makeKinematicsTable(model, series)); !st) {
    return st;
  }
  if (Status st = writeTable("grf.mot", makeGroundReactionTable(series)); !st) return st;
  if (analysed) {
    const AnalysisSeries& a = analysis;
    const std::size_t n = model.muscles.size();
    std::vector<double> time, values;
    time.reserve(a.size());
    values.reserve(a.size() * n);
    for (const AnalysisSample& s : a) time.push_back(s.timeS);
    for (const AnalysisSample& s : a) {
      for (std::size_t i = 0; i < n; ++i) {
        values.push_back(i < s.activation.size() ? s.activation[i] : 0.0);
      }
    }
    if (Status st =
            writeTable("activations.sto",
                       makeMuscleTable(model, "StaticOptimization_activation", time, values));
        !st) {
      return st;
    }
    values.clear();
    for (const AnalysisSample& s : a) {
      for (std::size_t i = 0; i < n; ++i) {
        values.push_back(i < s.tendonForceN.size() ? s.tendonForceN[i] : 0.0);
      }
    }
    if (Status st = writeTable("forces.sto",
                               makeMuscleTable(model, "StaticOptimization_force", time, values));
        !st) {
      return st;
    }
  }
  if (written) *written = names;
  return Ok{};
}

}  // namespace retrogait
