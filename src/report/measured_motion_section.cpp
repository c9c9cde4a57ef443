#include "retrogait/report/measured_motion_section.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "retrogait/analysis/muscle_metabolics.h"
#include "retrogait/analysis/walk_analysis.h"
#include "retrogait/control/gait_controller.h"
#include "retrogait/io/osim_model.h"
#include "retrogait/io/recorded_walk_reader.h"
#include "retrogait/report/csv_table.h"
#include "retrogait/report/report_common.h"
#include "retrogait/report/svg_plot.h"

namespace retrogait {

namespace {

constexpr const char* kWalkerRunId = "fwd-level-subject01";
constexpr const char* kCondition = "subject01 (measured motion)";
constexpr const char* kColorSubject = kColorFourth;  // orange: the recorded walk

// The ACSM walking equation is meant for 50–100 m/min (as in the energy section).
bool acsmApplies(double speedMps) {
  return speedMps * 60 >= 50 - 1e-9 && speedMps * 60 <= 100 + 1e-9;
}

std::string f2(double v) {
  return formatFixed(v, 2);
}

// Cost of transport of a run as the energy section computes it [J/(kg·m)].
double walkerCot(const RunResult& r) {
  return r.gait.meanSpeedMps > 0 ? r.loads.metabolicPowerWPerKg / r.gait.meanSpeedMps : kNaN;
}

nlohmann::json numberOrNull(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

// The energy terms in the order they are shown, with their names.
struct TermInfo {
  const char* key;
  const char* label;
  double EnergyTerms::*member;
};
constexpr TermInfo kTerms[] = {
    {"activation_maintenance", "activation-maintenance heat", &EnergyTerms::activationMaintenance},
    {"shortening_lengthening", "shortening-lengthening heat", &EnergyTerms::shorteningLengthening},
    {"heat_floor", "heat floor (minimum heat rate)", &EnergyTerms::heatFloor},
    {"work", "mechanical work (positive)", &EnergyTerms::work},
    {"basal", "basal", &EnergyTerms::basal},
};

// The curves of the figure: name, panel title, unit.
struct PanelInfo {
  const char* curve;
  const char* title;
  const char* unit;
};
constexpr PanelInfo kPanels[] = {
    {"tibiofemoral_contact_bw", "Knee (tibiofemoral) contact", "BW"},
    {"hip_extensor_moment_nm_per_kg", "Hip moment (extensor +)", "N·m/kg"},
    {"knee_extensor_moment_nm_per_kg", "Knee moment (extensor +)", "N·m/kg"},
    {"ankle_plantarflexor_moment_nm_per_kg", "Ankle moment (plantarflexor +)", "N·m/kg"},
    {"metabolic_power_w_per_kg", "Metabolic power (whole body)", "W/kg"},
    {"grf_vertical_bw", "Vertical GRF, right foot", "BW"},
};

}  // namespace

const CycleCurve* MeasuredMotion::curve(const std::string& name) const {
  for (const NamedCycleCurve& c : curves) {
    if (c.name == name) return &c.curve;
  }
  return nullptr;
}

std::string subject01Directory(const ReferenceData& reference) {
  std::filesystem::path dir(reference.directory);
  if (!dir.has_filename()) dir = dir.parent_path();  // ".../reference/"
  return (dir.parent_path() / "opensim_subject01").string();
}

MeasuredMotion analyzeSubject01(const std::string& directory) {
  MeasuredMotion m;
  m.directory = directory;
  const std::string motion = directory + "/subject01_walk_IK.mot";
  const RecordingFiles files{motion, directory + "/subject01_walk_grf.mot",
                             directory + "/subject01_walk_grf.xml"};
  // The model as `retrogait analyze --model subject01.osim` loads it: the torso fused to the
  // pelvis at the trial's mean back angle.
  auto lumbar = readMeanLumbarExtensionRad(motion);
  if (!lumbar) {
    m.error = lumbar.error();
    return m;
  }
  OsimLoadOptions osim;
  osim.lumbarExtensionRad = *lumbar;
  auto model = loadOsimModel(directory + "/subject01.osim", osim);
  if (!model) {
    m.error = model.error();
    return m;
  }
  // analyze's defaults: coordinates and ground reactions at 6 Hz, speed from the stance foot.
  auto walk = readRecordedWalk(*model, files, RecordingOptions{});
  if (!walk) {
    m.error = walk.error();
    return m;
  }
  if (walk->samples.empty()) {
    m.error = motion + ": no samples";
    return m;
  }
  const EstimatorSpec spec;
  const WalkAnalysis a = analyzeRecordedWalk(*model, *walk, spec);
  m.subject = model->subject;
  m.massKg = model->totalMassKg();
  m.legLengthM = model->legLengthM;
  m.lumbarExtensionRad = *lumbar;
  m.trialStartS = walk->samples.front().timeS;
  m.trialEndS = walk->samples.back().timeS;
  m.sampleRateHz = walk->sampleRateHz;
  m.coordinateCutoffHz = walk->coordinateCutoffHz;
  m.forceCutoffHz = walk->forceCutoffHz;
  m.basalWPerKg = spec.metabolics.basalWPerKg;
  m.gait = a.gait;
  m.loads = a.loads;
  m.cycles = static_cast<int>(a.cycles.size());
  if (!a.cycles.empty()) {
    m.cycleStartS = a.cycles.front().startS;
    m.cycleEndS = a.cycles.front().endS;
  }
  m.curves = computeRightLegCycleCurves(*model, a.series, a.analysis, a.cycles, walk->travelSign);
  m.rootResidualForcePeakN = a.rootResidualForcePeakN;
  m.rootResidualMomentPeakNm = a.rootResidualMomentPeakNm;

  // Inverse dynamics as OpenSim's ID tool computes it for this trial (walk_Setup_ID.xml): the
  // coordinates low-passed at 6 Hz, the ground reactions unfiltered.
  RecordingOptions asOpenSim;
  asOpenSim.forceCutoffHz = 0.0;
  auto idWalk = readRecordedWalk(*model, files, asOpenSim);
  if (!idWalk) {
    m.idError = idWalk.error();
    return m;
  }
  const WalkAnalysis ida = analyzeRecordedWalk(*model, *idWalk, spec);
  auto agreement = compareWithOpenSimId(directory + "/subject01_walk_ID.sto", ida.series);
  if (!agreement) {
    m.idError = agreement.error();
    return m;
  }
  m.idAgreement = std::move(agreement.value());
  return m;
}

RunRequest measuredMotionWalkerRequest(const ReportInputs& inputs, const MeasuredMotion& measured,
                                       double durationS) {
  const double target = measured.gait.meanSpeedMps;
  const double command = std::clamp(target, kMinForwardSpeedMps, kMaxForwardSpeedMps);
  ScenarioSpec spec = makeReportScenario(inputs, Direction::kForward, command, 0, durationS);
  spec.subject = measured.subject;
  RunRequest r;
  r.id = kWalkerRunId;
  r.label = "forward, level, at subject01's speed " + formatFixed(target, 2) + " m/s (scaled to " +
            formatFixed(measured.subject.heightM, 2) + " m, " +
            formatFixed(measured.subject.massKg, 1) + " kg)";
  r.spec = spec;
  r.targetSpeedMps = target;
  return r;
}

nlohmann::json measuredMotionSection(int number, const MeasuredMotion& m, const RunResult* walker,
                                     const MeasuredMotionBands& bands, ReportSectionOutput out) {
  MarkdownDoc& md = out.md;
  auto add = [&](const std::string& id, const std::string& name, double value,
                 const std::string& valueText, const std::string& band, const std::string& source,
                 Verdict verdict, const std::string& note = "") {
    Check c;
    c.id = id;
    c.condition = kCondition;
    c.name = name;
    c.value = value;
    c.valueText = valueText;
    c.band = band;
    c.source = source;
    c.verdict = verdict;
    c.note = note;
    out.checks.push_back(c);
  };
  nlohmann::json j;
  j["directory"] = "data/opensim_subject01";
  j["source"] = kSubject01Credit;

  md.heading(2, std::to_string(number) + ". Estimator on measured motion");
  md.paragraph(
      "**What this section shows.** The muscle-load estimator that runs on every simulated walk "
      "of this report, run on one stride of a person's recorded walking (OpenSim's subject01 "
      "example) instead of the walker's. Two things can be read from it. First, whether its "
      "first stage, inverse dynamics, computes the joint moments that OpenSim computes from the "
      "same recording: r near 1 means the moment curves have the same shape, and the RMS "
      "difference, as a share of the largest moment, says how far apart they lie. Second, what "
      "the later stages (muscle forces, joint contact forces, metabolic power) give for this "
      "person, next to what they give for the walker at the same speed and body mass: the "
      "estimator is the same, so differences between the two columns and curves come from the "
      "motion and ground reactions it is fed. The cost of transport beside the ACSM walking "
      "equation compares the metabolic model with a population prediction at the measured "
      "speed. The subject's numbers come from a single stride (no cycle-to-cycle spread), and "
      "the contact forces and metabolic power are model estimates for both: nothing here was "
      "measured inside a joint or from oxygen uptake.");

  if (!m.error.empty()) {
    md.paragraph("**Not available:** the trial could not be read or analysed: " + m.error + ".");
    add("subject01/analysis", "subject01 trial analysed", kNaN, "n/a: " + m.error, "–",
        kSubject01Source, Verdict::kNotEvaluated);
    j["error"] = m.error;
    return j;
  }

  const double speed = m.gait.meanSpeedMps;
  const bool walkerOk = walker && walker->usable();
  std::string walkerText;
  if (!walker) {
    walkerText = "The walker at the subject's speed was not run (see the run table).";
  } else if (!walkerOk) {
    walkerText = "The walker's run at the subject's speed (`" + walker->request.id +
                 "`) is excluded: " + walker->exclusionReason() +
                 "; its column and curves are left empty.";
  } else {
    walkerText = "The walker: run `" + walker->request.id +
                 "`, forward, level, the walker's model scaled to the subject's height and "
                 "mass (" +
                 formatFixed(walker->massKg, 1) +
                 " kg), its command calibrated until it walks the subject's speed (commanded " +
                 f2(walker->commandedSpeedMps()) + " m/s, achieved " +
                 f2(walker->gait.meanSpeedMps) + " m/s); mean ± SD over " +
                 std::to_string(walker->curveCycles) + " cycles after the start-up transient.";
  }
  md.paragraph(
      "**Data.** OpenSim's gait10dof18musc example, subject01 (`data/opensim_subject01/`, "
      "files copied unchanged from opensim-org/opensim-models; CC BY 3.0, credit: Seth et al. "
      "2018, OpenSim, PLoS Comput Biol 14:e1006223, and Delp et al. 1990 for the muscle "
      "geometry): treadmill walking, " +
      formatFixed(m.trialEndS - m.trialStartS, 2) + " s recorded, one complete right stride (" +
      formatFixed(m.cycleStartS, 3) + "–" + formatFixed(m.cycleEndS, 3) + " s), " +
      formatFixed(m.massKg, 1) +
      " kg, analysed on its own scaled model `subject01.osim` (pelvis "
      "and torso one rigid body at the trial's mean lumbar extension, " +
      formatSigned(m.lumbarExtensionRad * 180.0 / 3.14159265358979323846, 1) +
      "°; height estimated from the leg, " + formatFixed(m.subject.heightM, 2) +
      " m). **Processing** as `retrogait analyze` does by default: coordinates and ground "
      "reactions low-passed at " +
      formatFixed(m.coordinateCutoffHz, 0) +
      " Hz (zero-phase Butterworth), the estimator at every "
      "sample (" +
      formatFixed(m.sampleRateHz, 0) +
      " Hz), Σ a² recruitment; speed measured from the stance foot (the belt): **" + f2(speed) +
      " m/s**. For the comparison with OpenSim's inverse dynamics the trial is processed as "
      "OpenSim's ID tool does (walk_Setup_ID.xml: coordinates at 6 Hz, ground reactions "
      "unfiltered) and compared with its result `subject01_walk_ID.sto`. " +
      walkerText);
  j["trial"] = {{"mass_kg", m.massKg},
                {"height_m_estimated", m.subject.heightM},
                {"leg_length_m", m.legLengthM},
                {"lumbar_extension_rad", m.lumbarExtensionRad},
                {"start_s", m.trialStartS},
                {"end_s", m.trialEndS},
                {"cycles", m.cycles},
                {"cycle_start_s", m.cycleStartS},
                {"cycle_end_s", m.cycleEndS},
                {"sample_rate_hz", m.sampleRateHz},
                {"coordinate_cutoff_hz", m.coordinateCutoffHz},
                {"force_cutoff_hz", m.forceCutoffHz},
                {"speed_mps", speed},
                {"stance_fraction_right", m.gait.stanceFractionRight},
                {"root_residual_force_peak_n", m.rootResidualForcePeakN},
                {"root_residual_moment_peak_nm", m.rootResidualMomentPeakNm}};
  j["walker_run"] = walker ? nlohmann::json(walker->request.id) : nlohmann::json(nullptr);

  // ---- inverse dynamics against OpenSim's ----
  const std::string idBand = "r ≥ " + f2(kIdMinCorrelation) + " and RMS ≤ " +
                             formatFixed(100 * kIdMaxRmsOfPeak, 0) + " % of the peak";
  const std::string idSource = std::string(kSubject01Source) + ", OpenSim ID tool";
  md.paragraph(
      "**Inverse dynamics against OpenSim's own result** (the same trial, processed as "
      "OpenSim's ID tool does; our joint moments interpolated to its times). Verdict: "
      "pass when " +
      idBand + " (a retrogait convention), fail otherwise.");
  nlohmann::json idJson = nlohmann::json::array();
  if (!m.idError.empty() || m.idAgreement.empty()) {
    const std::string why = m.idError.empty() ? "no coordinate compared" : m.idError;
    md.paragraph("Not available: " + why + ".");
    add("subject01/id", "joint moments vs OpenSim ID", kNaN, "n/a: " + why, idBand, idSource,
        Verdict::kNotEvaluated);
  } else {
    std::vector<std::vector<std::string>> rows, csvRows;
    for (const CoordinateAgreement& c : m.idAgreement) {
      const bool pass = c.r >= kIdMinCorrelation && c.rmsFractionOfPeak <= kIdMaxRmsOfPeak;
      const Verdict v = std::isfinite(c.r) && std::isfinite(c.rmsFractionOfPeak)
                            ? (pass ? Verdict::kPass : Verdict::kFail)
                            : Verdict::kNotEvaluated;
      const std::string rmsPct = formatFixed(100 * c.rmsFractionOfPeak, 1);
      rows.push_back({"`" + c.coordinate + "`", formatFixed(c.r, 4), formatFixed(c.rmsNm, 2),
                      rmsPct, std::to_string(c.samples), verdictName(v)});
      csvRows.push_back({c.coordinate, csvNumber(c.r), csvNumber(c.rmsNm),
                         csvNumber(100 * c.rmsFractionOfPeak), std::to_string(c.samples),
                         verdictName(v)});
      add("subject01/id/" + c.coordinate, "joint moment vs OpenSim ID, " + c.coordinate, c.r,
          "r " + formatFixed(c.r, 4) + ", RMS " + formatFixed(c.rmsNm, 2) + " N·m (" + rmsPct +
              " % of peak)",
          idBand, idSource, v, "a retrogait convention");
      idJson.push_back({{"coordinate", c.coordinate},
                        {"r", numberOrNull(c.r)},
                        {"rms_nm", numberOrNull(c.rmsNm)},
                        {"rms_fraction_of_peak", numberOrNull(c.rmsFractionOfPeak)},
                        {"samples", c.samples},
                        {"verdict", verdictName(v)}});
    }
    md.table({"coordinate", "r", "RMS [N·m]", "RMS [% of peak]", "samples", "verdict"}, rows,
             {false, true, true, true, true, false});
    out.files.push_back(
        {"data/measured_motion_id.csv",
         toCsv({"coordinate", "r", "rms_nm", "rms_pct_of_peak", "samples", "verdict"}, csvRows)});
  }
  j["id_comparison"] = idJson;

  // ---- headline loads: subject vs walker ----
  const double acsmW = computeAcsmWalkingPowerWPerKg(speed, 0);
  const bool acsmOk = acsmApplies(speed) && speed > 0;
  const double acsmCot = acsmOk ? acsmW / speed : kNaN;
  const double subjectCot =
      m.loads.costOfTransportJPerKgM > 0 ? m.loads.costOfTransportJPerKgM : kNaN;
  const double cotRatio = acsmOk ? subjectCot / acsmCot : kNaN;
  const double wCot = walkerOk ? walkerCot(*walker) : kNaN;
  const double wAcsmCot =
      walkerOk && walker->gait.meanSpeedMps > 0
          ? computeAcsmWalkingPowerWPerKg(walker->gait.meanSpeedMps, 0) / walker->gait.meanSpeedMps
          : kNaN;
  auto walkerValue = [&](double v, int digits) {
    return walkerOk ? formatFixed(v, digits) : std::string("–");
  };
  std::vector<std::vector<std::string>> rows, csvRows;
  auto row = [&](const std::string& quantity, const std::string& unit, double subject,
                 double walkerNumber, int digits, const std::string& reference,
                 const std::string& verdict) {
    rows.push_back({unit.empty() ? quantity : quantity + " [" + unit + "]",
                    formatFixed(subject, digits), walkerValue(walkerNumber, digits), reference,
                    verdict});
    csvRows.push_back({quantity, unit, csvNumber(subject), walkerOk ? csvNumber(walkerNumber) : "",
                       reference, verdict});
  };
  row("mean speed", "m/s", speed, walkerOk ? walker->gait.meanSpeedMps : kNaN, 2,
      "walker's target: the subject's speed", "info");
  row("cadence", "steps/min", m.gait.cadenceStepsPerMin,
      walkerOk ? walker->gait.cadenceStepsPerMin : kNaN, 1, "–", "info");
  row("right stance", "% of cycle", 100 * m.gait.stanceFractionRight,
      walkerOk ? 100 * walker->gait.stanceFractionRight : kNaN, 1, "–", "info");
  auto contact = [](const LoadSummary& l, ContactJoint cj) {
    return l.contactPeakBw[static_cast<std::size_t>(cj)];
  };
  const std::string noBand =
      "no band: the project's reference data hold no in-vivo (instrumented-implant) contact "
      "forces";
  const double knee = contact(m.loads, ContactJoint::kTibiofemoral);
  row("peak knee (tibiofemoral) contact", "BW", knee,
      walkerOk ? contact(walker->loads, ContactJoint::kTibiofemoral) : kNaN, 2, noBand, "info");
  add("subject01/knee-contact", "peak knee (tibiofemoral) contact, measured motion", knee,
      f2(knee) + " BW", "none (no in-vivo instrumented-implant values in data/reference/)",
      kSubject01Source, Verdict::kInfo,
      "reported without a band; a model estimate (static optimization, no co-contraction)");
  row("peak patellofemoral contact", "BW", contact(m.loads, ContactJoint::kPatellofemoral),
      walkerOk ? contact(walker->loads, ContactJoint::kPatellofemoral) : kNaN, 2, "–", "info");
  row("peak hip contact", "BW", contact(m.loads, ContactJoint::kHip),
      walkerOk ? contact(walker->loads, ContactJoint::kHip) : kNaN, 2, "–", "info");
  row("peak ankle contact", "BW", contact(m.loads, ContactJoint::kAnkle),
      walkerOk ? contact(walker->loads, ContactJoint::kAnkle) : kNaN, 2, "–", "info");
  row("gross metabolic power", "W/kg", m.loads.metabolicPowerWPerKg,
      walkerOk ? walker->loads.metabolicPowerWPerKg : kNaN, 2,
      acsmOk ? "ACSM at " + f2(speed) + " m/s: " + f2(acsmW) : "ACSM: outside 50–100 m/min",
      "info");
  const Verdict cotVerdict = judge(cotRatio, bands.costOfTransportToAcsm);
  row("gross cost of transport", "J/(kg·m)", subjectCot, wCot, 2,
      acsmOk ? "ACSM at " + f2(speed) + " m/s: " + f2(acsmCot) : "ACSM: outside 50–100 m/min",
      "info");
  row("cost of transport ÷ ACSM (each at its own speed)", "", cotRatio,
      walkerOk ? wCot / wAcsmCot : kNaN, 2, bands.costOfTransportText + ", " + bands.acsmSource,
      verdictName(cotVerdict) + std::string(" (subject01)"));
  add("subject01/cot-acsm", "gross cost of transport vs ACSM, measured motion", cotRatio,
      acsmOk ? f2(subjectCot) + " vs " + f2(acsmCot) + " J/(kg·m) (×" + f2(cotRatio) + ")"
             : "n/a: " + f2(speed) + " m/s is outside the equation's 50–100 m/min",
      bands.costOfTransportText, bands.acsmSource, cotVerdict,
      "ACSM at the trial's measured speed; 20.1 J per ml O₂ assumed");
  if (walker) {
    const bool fell = !walker->error.empty() || walker->outcome.fell;
    add(walker->request.id + "/no-fall", "walker at the subject's speed walks without falling",
        fell ? 1.0 : 0.0, fell ? outcomeText(*walker) : "no fall", "no fall",
        "retrogait convention", fell ? Verdict::kFail : Verdict::kPass);
  }
  md.paragraph(
      "**Headline loads** (right leg, per gait cycle: the subject's one stride; the "
      "walker's mean over its cycles). Peak contact forces are the largest resultant "
      "joint reaction of the cycle in body weights; metabolic power is the whole body's "
      "gross rate (Umberger 2010 muscle energetics plus basal), its cost of transport "
      "that power over the speed.");
  md.table(
      {"quantity", "subject01 (measured motion)", "walker, same speed", "reference", "verdict"},
      rows, {false, true, true, false, false});

  // ---- curves: subject vs walker ----
  LineFigure fig;
  fig.title = "subject01 (measured motion) vs the walker at " + f2(speed) + " m/s";
  fig.note = "subject01: its one recorded right stride on its own model; " +
             (walkerOk ? "walker: mean ± SD over " + std::to_string(walker->curveCycles) + " cycles"
                       : std::string("walker: not available")) +
             ". Dotted: right foot off (subject01 " +
             formatFixed(100 * m.gait.stanceFractionRight, 0) + " %" +
             (walkerOk ? ", walker " + formatFixed(100 * walker->gait.stanceFractionRight, 0) + " %"
                       : std::string()) +
             ").";
  fig.columns = 3;
  std::vector<double> footOff = {100 * m.gait.stanceFractionRight};
  if (walkerOk) footOff.push_back(100 * walker->gait.stanceFractionRight);
  std::vector<std::pair<std::string, CurveSeries>> csv;
  for (const PanelInfo& p : kPanels) {
    CurveSeries s =
        seriesFromCurve(m.curve(p.curve), "subject01 (one measured stride)", kColorSubject);
    s.band = false;
    CurveSeries w =
        walker ? seriesFromRun(*walker, p.curve, "walker, same speed (mean ± SD)", kColorSimulated)
               : CurveSeries{};
    if (!walker) {
      w.mean.fill(kNaN);
      w.sd.fill(kNaN);
    }
    fig.panels.push_back(cyclePanel(p.title, p.unit, {s, w}, footOff, "foot off"));
    csv.push_back({std::string("subject01_") + p.curve, s});
    csv.push_back({std::string("walker_") + p.curve, w});
  }
  out.files.push_back({"figures/measured_motion_curves.svg", renderLineFigure(fig)});
  out.files.push_back({"data/curves/measured_motion.csv", curvesCsv(csv)});
  md.figure("figures/measured_motion_curves.svg",
            "Right-leg cycle curves: subject01 (measured motion, orange) vs the walker at the same "
            "speed and body mass (blue, mean ± SD)");

  // ---- metabolic power by term ----
  std::vector<std::vector<std::string>> termRows;
  BarChart chart;
  chart.title = "Metabolic power by term: subject01 vs the walker at " + f2(speed) + " m/s";
  chart.yLabel = "W/kg";
  chart.note =
      "Umberger 2010 terms, both legs, mean over the cycle; dashed: ACSM gross power at "
      "the subject's speed (compare with the total)";
  BarSeries subjectBars{"subject01 (measured motion)", kColorSubject, {}};
  BarSeries walkerBars{"walker, same speed", kColorSimulated, {}};
  nlohmann::json terms = nlohmann::json::object();
  const double subjectTotal = m.loads.energyWPerKg.total();
  const double walkerTotal = walkerOk ? walker->loads.energyWPerKg.total() : kNaN;
  auto share = [](double part, double total) {
    return total > 0 ? formatFixed(100 * part / total, 0) + " %" : std::string("–");
  };
  for (const TermInfo& t : kTerms) {
    const double s = m.loads.energyWPerKg.*t.member;
    const double w = walkerOk ? walker->loads.energyWPerKg.*t.member : kNaN;
    termRows.push_back({t.label, f2(s), share(s, subjectTotal), walkerValue(w, 2),
                        walkerOk ? share(w, walkerTotal) : "–"});
    csvRows.push_back({std::string("metabolic power: ") + t.label, "W/kg", csvNumber(s),
                       walkerOk ? csvNumber(w) : "", "–", "info"});
    chart.categories.push_back(t.label);
    subjectBars.values.push_back(s);
    walkerBars.values.push_back(w);
    terms[t.key] = {{"subject01", s}, {"walker", numberOrNull(w)}};
  }
  termRows.push_back({"**total**", f2(subjectTotal), "100 %", walkerValue(walkerTotal, 2),
                      walkerOk ? "100 %" : "–"});
  chart.categories.push_back("total");
  subjectBars.values.push_back(subjectTotal);
  walkerBars.values.push_back(walkerTotal);
  terms["total"] = {{"subject01", subjectTotal}, {"walker", numberOrNull(walkerTotal)}};
  chart.series = {subjectBars, walkerBars};
  if (acsmOk) chart.referenceLines.push_back({acsmW, "ACSM gross, " + f2(speed) + " m/s"});
  chart.width = 760;
  out.files.push_back({"figures/measured_motion_energy.svg", renderBarChart(chart)});
  md.paragraph(
      "**Metabolic power by term** [W/kg] (LoadSummary energy terms: heat of "
      "activation and maintenance, heat of shortening and lengthening, what the "
      "per-muscle minimum heat rate adds, positive mechanical work of the fibres, "
      "basal rate):");
  md.table({"term", "subject01 [W/kg]", "share", "walker [W/kg]", "share"}, termRows,
           {false, true, true, true, true});
  md.figure("figures/measured_motion_energy.svg",
            "Metabolic power by term, subject01 (measured motion) vs the walker at the same "
            "speed");
  out.files.push_back(
      {"data/measured_motion.csv",
       toCsv({"quantity", "unit", "subject01", "walker", "reference", "verdict"}, csvRows)});

  j["loads"] = {
      {"subject01",
       {{"knee_contact_peak_bw", knee},
        {"patellofemoral_contact_peak_bw", contact(m.loads, ContactJoint::kPatellofemoral)},
        {"hip_contact_peak_bw", contact(m.loads, ContactJoint::kHip)},
        {"ankle_contact_peak_bw", contact(m.loads, ContactJoint::kAnkle)},
        {"metabolic_power_w_per_kg", m.loads.metabolicPowerWPerKg},
        {"cost_of_transport_j_per_kg_per_m", numberOrNull(subjectCot)},
        {"reserve_peak_nm", m.loads.reservePeakNm}}},
      {"walker",
       walkerOk
           ? nlohmann::json{{"knee_contact_peak_bw",
                             contact(walker->loads, ContactJoint::kTibiofemoral)},
                            {"patellofemoral_contact_peak_bw",
                             contact(walker->loads, ContactJoint::kPatellofemoral)},
                            {"hip_contact_peak_bw", contact(walker->loads, ContactJoint::kHip)},
                            {"ankle_contact_peak_bw", contact(walker->loads, ContactJoint::kAnkle)},
                            {"metabolic_power_w_per_kg", walker->loads.metabolicPowerWPerKg},
                            {"cost_of_transport_j_per_kg_per_m", numberOrNull(wCot)}}
           : nlohmann::json(nullptr)},
      {"acsm",
       {{"speed_mps", speed},
        {"gross_power_w_per_kg", numberOrNull(acsmOk ? acsmW : kNaN)},
        {"cost_of_transport_j_per_kg_per_m", numberOrNull(acsmCot)},
        {"subject_ratio", numberOrNull(cotRatio)}}}};
  j["energy_terms_w_per_kg"] = terms;
  md.paragraph("Estimator quality on the recorded stride: largest reserve moment " +
               formatFixed(m.loads.reservePeakNm, 1) +
               " N·m; largest root residual (the mismatch between the recorded motion, the "
               "model's inertia and the measured forces, OpenSim's pelvis residuals) " +
               formatFixed(m.rootResidualForcePeakN, 0) + " N and " +
               formatFixed(m.rootResidualMomentPeakNm, 0) + " N·m.");
  return j;
}

}  // namespace retrogait
