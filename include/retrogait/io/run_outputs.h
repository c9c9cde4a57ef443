#pragma once
// Everything a run writes with `retrogait simulate --out DIR`, each file atomically
// (atomic_file.h):
//   timeseries.csv   physics samples (time_series_csv.h), one row per physics step
//   analysis.csv     estimator channels, one row per analysed step (analysis_csv.h)
//   cycles.csv       right-leg gait-cycle curves, mean and SD over the analysed cycles
//   kinematics.mot   OpenSim coordinates (degrees, OpenSim names and signs), physics rate
//   grf.mot          OpenSim ground reaction forces, physics rate
//   activations.sto  static-optimization activations (OpenSim StaticOptimization layout)
//   forces.sto       muscle (tendon) forces [N]
// analysis.csv, activations.sto and forces.sto are written only when the estimator ran.

#include <string>
#include <vector>

#include "retrogait/core/result.h"
#include "retrogait/sim/simulation.h"

namespace retrogait {

/// Writes the files above into `directory` (which must exist); returns the first error. On
/// success `written` (if given) receives the file names.
Status writeRunOutputs(const Simulation& sim, const std::string& directory,
                       std::vector<std::string>* written = nullptr);

/// The same files from the data of any walk, simulated or recorded (`analyze`): the physics-rate
/// series, the analysis series (when `analysed`), the right-leg cycles to average and the
/// direction of travel (+1 toward +X).
Status writeWalkOutputs(const Model& model, const TimeSeries& series, bool analysed,
                        const AnalysisSeries& analysis, const std::vector<GaitCycle>& cycles,
                        double travelSign, const std::string& directory,
                        std::vector<std::string>* written = nullptr);

}  // namespace retrogait
