// `retrogait analyze`: the estimator on a recorded walk (OpenSim IK and GRF files).

#include <chrono>
#include <cmath>
#include <iostream>

#include "cli_commands.h"
#include "retrogait/analysis/walk_analysis.h"
#include "retrogait/io/atomic_file.h"
#include "retrogait/io/id_comparison.h"
#include "retrogait/io/opensim_files.h"
#include "retrogait/io/osim_model.h"
#include "retrogait/io/recorded_walk_reader.h"
#include "retrogait/io/run_outputs.h"
#include "retrogait/io/summary_json.h"
#include "retrogait/model/model_loader.h"

namespace retrogait::cli {

namespace {

double nowS() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void Commands::registerAnalyzeCommand(CLI::App& app) {
  m_analyze = app.add_subcommand(
      "analyze",
      "run the estimator on a recorded walk (OpenSim IK .mot + GRF .mot) and print its summary");
  m_analyze->add_option("--motion", m_motionFile, "inverse-kinematics coordinates (.mot)")
      ->required()
      ->check(CLI::ExistingFile);
  m_analyze->add_option("--grf", m_grfFile, "ground reaction forces (.mot)")
      ->required()
      ->check(CLI::ExistingFile);
  m_analyze
      ->add_option("--grf-setup", m_grfSetupFile,
                   "ExternalLoads .xml mapping the GRF columns to the feet (default: by "
                   "column names, else by which foot stands over each force)")
      ->check(CLI::ExistingFile);
  m_analyze
      ->add_option("--model", m_subject.modelFile,
                   "the subject's model: a gait10dof18musc-family .osim, or a model JSON "
                   "(default models/walker9dof.json scaled to --mass/--height)")
      ->check(CLI::ExistingFile);
  m_analyze->add_option("--mass", m_subject.massKg,
                        "body mass [kg] (30-150) for the project's model; not with an .osim");
  m_analyze->add_option("--height", m_subject.heightM,
                        "height [m] (1.2-2.2) for the project's model; not with an .osim");
  m_analyze->add_option("--speed", m_analyzeSpeed,
                        "walking speed [m/s] (default: measured from the stance foot)");
  m_analyze->add_option("--filter-hz", m_filterHz,
                        "low-pass cutoff for the coordinates [Hz] (default 6, as OpenSim's ID "
                        "setup of the subject01 trial; 0 = none)");
  m_analyze->add_option("--force-filter-hz", m_forceFilterHz,
                        "low-pass cutoff for the ground reactions [Hz] (default: --filter-hz)");
  m_analyze->add_option("--criterion", m_criterion,
                        "static-optimization criterion: p2 (sum a^2), p3 (sum a^3), minmax");
  m_analyze
      ->add_option("--compare-id", m_compareIdFile,
                   "OpenSim inverse-dynamics result (.sto) to compare the joint moments with")
      ->check(CLI::ExistingFile);
  m_analyze->add_option("--out", m_outDir,
                        "folder for analysis.csv, cycles.csv, timeseries.csv and OpenSim files");
  m_analyze->add_option("--summary", m_summary, "summary JSON file, or - for stdout (default -)");
}

int Commands::runAnalyze() {
  const double start = nowS();
  const auto criterion = parseCriterionOption(m_criterion);
  if (!criterion) {
    std::cerr << "retrogait: --criterion '" << m_criterion
              << "' is not a criterion (allowed: p2, p3, minmax)\n";
    return 2;
  }
  if (!(m_filterHz >= 0) || !std::isfinite(m_filterHz)) {
    std::cerr << "retrogait: --filter-hz " << m_filterHz << " must be 0 (none) or positive\n";
    return 2;
  }
  if (m_forceFilterHz && !(*m_forceFilterHz >= 0)) {
    std::cerr << "retrogait: --force-filter-hz " << *m_forceFilterHz
              << " must be 0 (none) or positive\n";
    return 2;
  }
  // The model: the subject's .osim (its torso fused at the trial's mean back angle), or a model
  // JSON scaled to --mass/--height.
  const std::string& modelFile = m_subject.modelFile;
  const bool osim = modelFile.size() > 5 && modelFile.ends_with(".osim");
  Result<Model> model = Error{""};
  if (osim) {
    if (m_subject.massKg || m_subject.heightM) {
      std::cerr << "retrogait: --mass and --height scale the project's model; an .osim model ("
                << modelFile << ") carries its subject's own\n";
      return 2;
    }
    auto lumbar = readMeanLumbarExtensionRad(m_motionFile);
    if (!lumbar) {
      std::cerr << "retrogait: " << lumbar.error() << '\n';
      return 2;
    }
    OsimLoadOptions options;
    options.lumbarExtensionRad = *lumbar;
    model = loadOsimModel(modelFile, options);
  } else {
    const std::string file = modelFile.empty() ? defaultModelFile() : modelFile;
    auto base = loadModel(file);
    if (!base) {
      std::cerr << "retrogait: " << base.error() << '\n';
      return 2;
    }
    SubjectSpec subject = base->subject;
    if (m_subject.massKg) subject.massKg = *m_subject.massKg;
    if (m_subject.heightM) subject.heightM = *m_subject.heightM;
    if (Status st = validateSubject(subject); !st) {
      std::cerr << "retrogait: " << st.error() << '\n';
      return 2;
    }
    model = loadModel(file, subject);
  }
  if (!model) {
    std::cerr << "retrogait: " << model.error() << '\n';
    return 2;
  }

  RecordingFiles files{m_motionFile, m_grfFile, m_grfSetupFile};
  RecordingOptions options;
  options.coordinateCutoffHz = m_filterHz;
  options.forceCutoffHz = m_forceFilterHz;
  options.speedMps = m_analyzeSpeed;
  auto walk = readRecordedWalk(*model, files, options);
  if (!walk) {
    std::cerr << "retrogait: " << walk.error() << '\n';
    return 2;
  }
  EstimatorSpec spec;
  spec.optimization.criterion = *criterion;
  const WalkAnalysis analysis = analyzeRecordedWalk(*model, *walk, spec);
  if (analysis.cycles.empty()) {
    std::cerr << "retrogait: warning: no complete right-leg gait cycle in the recording; the "
                 "per-cycle loads are null\n";
  }
  RecordingSummaryInfo info{m_motionFile, m_grfFile,      m_grfSetupFile,
                            *criterion,   nowS() - start, spec.metabolics};
  nlohmann::json summary = makeRecordingSummaryJson(*model, *walk, analysis, info);
  if (!m_compareIdFile.empty()) {
    auto comparison = compareWithOpenSimId(m_compareIdFile, analysis.series);
    if (!comparison) {
      std::cerr << "retrogait: " << comparison.error() << '\n';
      return 2;
    }
    nlohmann::json coordinates = nlohmann::json::object();
    for (const CoordinateAgreement& c : *comparison) {
      coordinates[c.coordinate] = {{"r", c.r},
                                   {"rms_nm", c.rmsNm},
                                   {"rms_fraction_of_peak", c.rmsFractionOfPeak},
                                   {"samples", c.samples}};
    }
    summary["id_comparison"] = {{"file", m_compareIdFile}, {"coordinates", coordinates}};
  }
  if (!m_outDir.empty()) {
    if (Status st = ensureDirectory(m_outDir); !st) {
      std::cerr << "retrogait: " << st.error() << '\n';
      return 2;
    }
    Status st = writeWalkOutputs(*model, analysis.series, true, analysis.analysis, analysis.cycles,
                                 walk->travelSign, m_outDir);
    if (!st) {
      std::cerr << "retrogait: " << st.error() << '\n';
      return 1;
    }
  }
  return printSummary(summary, m_summary);
}

}  // namespace retrogait::cli
