#pragma once
// `retrogait validate`'s section "Estimator on measured motion": the muscle-load estimator run on
// a walk no one in this project produced, OpenSim's subject01 trial (the gait10dof18musc example,
// data/opensim_subject01/, CC BY 3.0), on the subject's own .osim model.
//
// - Analysis (analyzeSubject01, when the validation is planned): the trial read and analysed
//   exactly as `retrogait analyze` does by default (coordinates and ground reactions low-passed
//   at 6 Hz, Σ a² recruitment); and read a second time as OpenSim's inverse-dynamics tool
//   processes it (forces unfiltered) to hold our joint moments against its result
//   (subject01_walk_ID.sto).
// - The walker at the subject's measured speed (measuredMotionWalkerRequest): forward, level,
//   scaled to the subject's height and mass, its command calibrated until it achieves the speed.
// - The section (measuredMotionSection): per leg coordinate r and RMS against OpenSim's ID with a
//   verdict (pass: r ≥ 0.99 and RMS ≤ 5 % of the peak, else fail); the subject's headline loads
//   (peak contact forces, metabolic power by term, cost of transport against the ACSM walking
//   equation at the measured speed) beside the walker's; figures of the right-leg cycle curves
//   (subject vs walker) and of the metabolic terms.
// Deterministic: the analysis is single-threaded and reads fixed files.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "retrogait/analysis/gait_summary.h"
#include "retrogait/analysis/load_summary.h"
#include "retrogait/io/id_comparison.h"
#include "retrogait/report/markdown.h"
#include "retrogait/report/report_files.h"
#include "retrogait/report/run_set.h"
#include "retrogait/report/verdict.h"

namespace retrogait {

/// Short name of the trial's source in the reports' tables, and its full credit
/// (data/opensim_subject01/README.md).
inline constexpr const char* kSubject01Source = "OpenSim subject01 (Seth et al. 2018)";
inline constexpr const char* kSubject01Credit =
    "OpenSim gait10dof18musc example, subject01 walking trial and scaled model (GitHub "
    "opensim-org/opensim-models, Pipelines/Gait10dof18musc/OutputReference, commit 20a888b), "
    "CC BY 3.0: Seth A, Hicks JL, Uchida TK, Habib A, Dembia CL, Dunne JJ, Ong CF, DeMers MS, "
    "Rajagopal A, Millard M, Hamner SR, Arnold EM, Yong JR, Lakshmikanth SK, Sherman MA, Ku JP, "
    "Delp SL (2018) OpenSim: Simulating musculoskeletal dynamics and neuromuscular control to "
    "study human and animal movement. PLoS Comput Biol 14:e1006223; muscle geometry after Delp "
    "et al. (1990)";

/// Inverse-dynamics agreement with OpenSim that passes: r ≥ this and RMS ≤ kIdMaxRmsOfPeak of the
/// peak |moment| (a project convention; measured on subject01: r ≥ 0.996, RMS ≤ 4.2 %).
inline constexpr double kIdMinCorrelation = 0.99;
inline constexpr double kIdMaxRmsOfPeak = 0.05;

/// The subject01 trial analysed (plain data; `error` says why not when it could not be).
struct MeasuredMotion {
  std::string directory;  ///< data/opensim_subject01
  std::string error;      ///< empty when the trial was read and analysed
  SubjectSpec subject;    ///< the .osim's mass and estimated height (loadOsimModel)
  double massKg = 0;
  double legLengthM = 0;
  double lumbarExtensionRad = 0;  ///< the trial's mean back angle (HAT fused at it)
  double trialStartS = 0, trialEndS = 0;
  double sampleRateHz = 0, coordinateCutoffHz = 0, forceCutoffHz = 0;
  double basalWPerKg = 0;
  GaitSummary gait;  ///< meanSpeedMps: the measured (belt) speed
  LoadSummary loads;
  std::vector<NamedCycleCurve> curves;    ///< computeRightLegCycleCurves over the cycles
  int cycles = 0;                         ///< complete right-leg cycles
  double cycleStartS = 0, cycleEndS = 0;  ///< the first cycle
  double rootResidualForcePeakN = 0, rootResidualMomentPeakNm = 0;
  /// Our joint moments against subject01_walk_ID.sto, processed as OpenSim's ID tool (forces
  /// unfiltered); empty with `idError` when the comparison could not be made.
  std::vector<CoordinateAgreement> idAgreement;
  std::string idError;

  /// Analysed, with at least one complete cycle.
  bool usable() const { return error.empty() && cycles > 0; }
  const CycleCurve* curve(const std::string& name) const;
};

/// The subject01 folder next to the reference data (`<reference>/../opensim_subject01`).
std::string subject01Directory(const ReferenceData& reference);

/// Reads and analyses the trial in `directory` (never throws; errors land in `error`).
MeasuredMotion analyzeSubject01(const std::string& directory);

/// The walker at the subject's measured speed: forward, level, the default model scaled to the
/// subject's height and mass, `targetSpeedMps` = the measured speed. Id "fwd-level-subject01".
RunRequest measuredMotionWalkerRequest(const ReportInputs& inputs, const MeasuredMotion& measured,
                                       double durationS);

/// Bands and sources the section shares with the rest of the validation report.
struct MeasuredMotionBands {
  Band costOfTransportToAcsm;       ///< the energy section's band for CoT ÷ ACSM
  std::string costOfTransportText;  ///< that band in words
  std::string acsmSource;           ///< its short source name
};

/// Where the section writes: the report's Markdown, checks and files.
struct ReportSectionOutput {
  MarkdownDoc& md;
  std::vector<Check>& checks;
  std::vector<ReportFile>& files;
};

/// Appends section `number` (heading "<number>. Estimator on measured motion"), its checks
/// (ids "subject01/...") and files (figures/measured_motion_*.svg, data/measured_motion*.csv,
/// data/curves/measured_motion.csv); returns its numbers for data/report.json. `walker` is the
/// walker's run at the subject's speed, or nullptr when it was not run.
nlohmann::json measuredMotionSection(int number, const MeasuredMotion& measured,
                                     const RunResult* walker, const MeasuredMotionBands& bands,
                                     ReportSectionOutput out);

}  // namespace retrogait
