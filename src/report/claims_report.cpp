#include "retrogait/report/claims_report.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "retrogait/report/csv_table.h"
#include "retrogait/report/markdown.h"
#include "retrogait/report/reference_data.h"
#include "retrogait/report/report_common.h"
#include "retrogait/report/svg_plot.h"

namespace retrogait {

namespace {

constexpr double kSpeedTolerance = 0.15;   // runs further off their speed are excluded
constexpr double kClaimMargin = 0.10;      // a ratio beyond 1 ± 10 % counts as a difference
constexpr double kTenfoldThreshold = 7.0;  // claim 5: "near tenfold" starts here

std::string f2(double v) {
  return formatFixed(v, 2);
}

std::string speedLabel(double v) {
  return formatFixed(v, 2) + " m/s";
}

std::string ratioText(double r) {
  return std::isfinite(r) ? "×" + f2(r) : "–";
}

double round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

// ---- runs ----
struct RunKey {
  Direction direction;
  double speed;
  double grade;
};

std::string runId(const RunKey& k) {
  std::string id =
      std::string(k.direction == Direction::kForward ? "fwd-" : "bwd-") + formatFixed(k.speed, 2);
  if (std::abs(k.grade) < 1e-9) return id + "-level";
  return id + (k.grade > 0 ? "-up" : "-down") + formatFixed(std::abs(k.grade), 0);
}

std::string runLabel(const RunKey& k) {
  return directionWord(k.direction) + " " + speedLabel(k.speed) +
         (std::abs(k.grade) < 1e-9 ? ", level" : ", " + formatSigned(k.grade, 0) + " %");
}

// ---- quantities ----
struct Quantity {
  std::string name;  // e.g. "gross metabolic power"
  std::string unit;  // e.g. "W/kg"
  int digits = 2;
  std::function<double(const RunResult&)> get;
  std::string shortName;  // for figure labels; empty = name
};

double muscleMean(const RunResult& r, const char* name) {
  const MuscleDemand* m = r.muscle(name);
  return m ? m->meanActivation : kNaN;
}
double musclePeak(const RunResult& r, const char* name) {
  const MuscleDemand* m = r.muscle(name);
  return m ? m->peakActivation : kNaN;
}
double perStep(const RunResult& r, double powerWPerKg) {
  return r.gait.cadenceStepsPerMin > 0 ? powerWPerKg * 60.0 / r.gait.cadenceStepsPerMin : kNaN;
}

Quantity metabolicPower() {
  return {"gross metabolic power", "W/kg", 2,
          [](const RunResult& r) { return r.loads.metabolicPowerWPerKg; }, "metabolic power"};
}
Quantity costOfTransport() {
  return {"gross cost of transport", "J/(kg·m)", 2,
          [](const RunResult& r) {
            return r.gait.meanSpeedMps > 0 ? r.loads.metabolicPowerWPerKg / r.gait.meanSpeedMps
                                           : kNaN;
          },
          "cost of transport"};
}
Quantity energyPerStepGross() {
  return {"gross metabolic energy per step", "J/kg", 3,
          [](const RunResult& r) { return perStep(r, r.loads.metabolicPowerWPerKg); },
          "per step (gross)"};
}
Quantity energyPerStepNet() {
  return {
      "net metabolic energy per step (basal removed)", "J/kg", 3,
      [](const RunResult& r) { return perStep(r, r.loads.metabolicPowerWPerKg - r.basalWPerKg); },
      "per step (net)"};
}
Quantity meanActivation(const char* muscle, const char* label) {
  return {std::string(label) + " mean activation", "-", 3,
          [muscle](const RunResult& r) { return muscleMean(r, muscle); }, label};
}
Quantity peakActivation(const char* muscle, const char* label) {
  return {std::string(label) + " peak activation", "-", 3,
          [muscle](const RunResult& r) { return musclePeak(r, muscle); },
          std::string(label) + " peak"};
}
Quantity contactPeak(ContactJoint j, const std::string& label) {
  return {label + " peak contact force", "BW", 2,
          [j](const RunResult& r) { return r.loads.contactPeakBw[static_cast<std::size_t>(j)]; },
          label};
}
Quantity jointPeakExtensor(int joint, const std::string& label) {
  return {label, "N·m/kg", 2,
          [joint](const RunResult& r) {
            return r.loads.joints[static_cast<std::size_t>(joint)].peakExtensorMomentNmPerKg;
          },
          joint == 1 ? "knee ext. moment" : "plantarflexor moment"};
}

// ---- comparisons and claims ----
struct Comparison {
  std::string label;          // the condition, e.g. "equal speed 0.80 m/s, level"
  std::string tag;            // the condition in a few words, for figures and the summary
  std::string shortQuantity;  // the quantity in a few words
  std::string quantity;       // name [unit]
  std::string unit;
  int digits = 2;
  std::string baseId, testId;      // run ids (the ratio is test ÷ base)
  std::string baseName, testName;  // e.g. "forward", "backward"
  double base = kNaN, test = kNaN, ratio = kNaN;
  bool decisive = false;
  std::string missing;  // why the ratio is missing
};

struct Claim {
  int number = 0;
  std::string title;    // a few words, for the heading
  std::string text;     // the popular claim
  std::string measure;  // how it is measured here
  ClaimDirection direction = ClaimDirection::kMore;
  bool tenfold = false;  // claim 5: supports when ratio ≥ kTenfoldThreshold
  std::vector<Comparison> comparisons;
  std::string literature;  // what the reference summaries say
  std::string limits;      // one honest sentence
  std::string capReason;   // non-empty: the verdict is at most "partly" for this reason
  ClaimVerdict verdict = ClaimVerdict::kNotTestable;
  std::string verdictReason;
  std::vector<std::pair<std::string, std::string>> figures;  // path, caption
};

struct Builder {
  const ReportInputs& in;
  const ClaimsPlan& plan;
  const std::vector<RunResult>& results;
  std::vector<ReportFile> files;
  std::vector<std::pair<std::string, std::string>> tags;  // condition label → short tag

  const RunResult* run(const std::string& id) const {
    for (std::size_t i = 0; i < plan.runs.size() && i < results.size(); ++i)
      if (plan.runs[i].id == id) return &results[i];
    return nullptr;
  }
  // Usable for a claim: did not fall, enough cycles, within 15 % of its speed.
  std::string unusable(const RunResult* r) const {
    if (!r) return "run missing";
    if (!r->usable()) return r->request.id + " " + r->exclusionReason();
    const double e = r->speedError();
    if (!std::isfinite(e) || std::abs(e) > kSpeedTolerance) {
      return r->request.id + " missed its speed (" + f2(r->gait.meanSpeedMps) + " m/s for " +
             f2(r->request.spec.command.speedMps) + ")";
    }
    return "";
  }

  Comparison compare(const std::string& label, const Quantity& q, const std::string& baseId,
                     const std::string& testId, const std::string& baseName,
                     const std::string& testName, bool decisive) const {
    Comparison c;
    c.label = label;
    c.quantity = q.name + (q.unit == "-" ? "" : " [" + q.unit + "]");
    c.tag = label;
    for (const auto& [full, tag] : tags)
      if (full == label) c.tag = tag;
    c.shortQuantity = q.shortName.empty() ? q.name : q.shortName;
    c.unit = q.unit;
    c.digits = q.digits;
    c.baseId = baseId;
    c.testId = testId;
    c.baseName = baseName;
    c.testName = testName;
    c.decisive = decisive;
    const RunResult* b = run(baseId);
    const RunResult* t = run(testId);
    // Each side is shown when its own run is usable; the ratio needs both.
    const std::string whyB = unusable(b), whyT = unusable(t);
    if (whyB.empty()) c.base = q.get(*b);
    if (whyT.empty()) c.test = q.get(*t);
    std::string why = whyB;
    if (!whyT.empty()) why += (why.empty() ? "" : "; ") + whyT;
    if (!why.empty()) {
      c.missing = why;
      return c;
    }
    if (std::isfinite(c.base) && std::isfinite(c.test) && std::abs(c.base) > 1e-12) {
      c.ratio = c.test / c.base;
    } else {
      c.missing = "quantity undefined (zero or missing in a run)";
    }
    return c;
  }
};

bool supports(const Claim& claim, double ratio) {
  if (!std::isfinite(ratio)) return false;
  if (claim.tenfold) return ratio >= kTenfoldThreshold;
  return claim.direction == ClaimDirection::kMore ? ratio > 1.0 + kClaimMargin
                                                  : ratio < 1.0 - kClaimMargin;
}

void judgeClaim(Claim& claim) {
  std::vector<std::optional<bool>> evidence;
  for (const Comparison& c : claim.comparisons) {
    if (!c.decisive) continue;
    evidence.push_back(std::isfinite(c.ratio) ? std::optional<bool>(supports(claim, c.ratio))
                                              : std::nullopt);
  }
  claim.verdict = judgeEvidence(evidence);
  int supporting = 0, available = 0, missing = 0;
  std::vector<std::string> parts;
  for (const Comparison& c : claim.comparisons) {
    if (!c.decisive) continue;
    if (!std::isfinite(c.ratio)) {
      ++missing;
      continue;
    }
    ++available;
    if (supports(claim, c.ratio)) ++supporting;
    parts.push_back(c.quantity + ", " + c.label + ": " + ratioText(c.ratio));
  }
  std::string reason;
  if (available == 0) {
    reason =
        "None of the deciding comparisons could be made (their runs were excluded; see the "
        "table).";
  } else {
    reason = std::to_string(supporting) + " of " + std::to_string(available) +
             " deciding ratios point the claimed way" +
             (claim.tenfold ? " (≥ " + formatFixed(kTenfoldThreshold, 0) + ")"
                            : " (beyond 1 ± " + formatFixed(100 * kClaimMargin, 0) + " %)") +
             (missing > 0 ? ", " + std::to_string(missing) + " could not be made" : "") + ".";
  }
  if (!claim.capReason.empty() && claim.verdict == ClaimVerdict::kSupported) {
    claim.verdict = ClaimVerdict::kPartly;
    reason += " Capped at partly: " + claim.capReason;
  } else if (!claim.capReason.empty()) {
    reason += " Note: " + claim.capReason;
  }
  claim.verdictReason = reason;
}

// ---- figures ----
std::string barFigure(Builder& b, const std::string& file, const std::string& title,
                      const std::string& yLabel, const std::vector<Comparison>& comps,
                      const std::string& baseLabel, const std::string& testLabel, int digits) {
  BarChart chart;
  chart.title = title;
  chart.yLabel = yLabel;
  chart.note = "n/a: a run fell or missed its speed (excluded)";
  chart.valueDigits = digits;
  BarSeries base{baseLabel, kColorForward, {}};
  BarSeries test{testLabel, kColorBackward, {}};
  for (const Comparison& c : comps) {
    chart.categories.push_back(c.tag);
    base.values.push_back(c.base);
    test.values.push_back(c.test);
  }
  chart.series = {base, test};
  chart.width = std::max(640.0, 170.0 * static_cast<double>(comps.size()));
  const std::string path = "figures/" + file + ".svg";
  b.files.push_back({path, renderBarChart(chart)});
  return path;
}

std::string ratioFigure(Builder& b, const std::string& file, const std::string& title,
                        const std::vector<Comparison>& comps,
                        std::vector<std::pair<double, std::string>> refs, int digits = 2) {
  BarChart chart;
  chart.title = title;
  chart.yLabel = "ratio";
  chart.note = "n/a: a run fell or missed its speed (excluded)";
  chart.valueDigits = digits;
  BarSeries s{"ratio", kColorBackward, {}};
  for (const Comparison& c : comps) {
    chart.categories.push_back(c.shortQuantity + ", " + c.tag);
    s.values.push_back(c.ratio);
  }
  chart.series = {s};
  chart.referenceLines = std::move(refs);
  chart.width = std::max(640.0, 125.0 * static_cast<double>(comps.size()));
  chart.height = 400;
  const std::string path = "figures/" + file + ".svg";
  b.files.push_back({path, renderBarChart(chart)});
  return path;
}

std::string curveFigure(
    Builder& b, const std::string& file, const std::string& title,
    const std::vector<std::pair<std::string, std::string>>& curves,  // name, title+unit
    const std::vector<std::pair<std::string, std::string>>& runs,    // id, legend
    int columns) {
  static const char* kColors[] = {kColorForward, kColorBackward, kColorThird, kColorFourth,
                                  kColorReference};
  LineFigure fig;
  fig.title = title;
  fig.note =
      "simulated mean ± SD over cycles, 0–100 % from each direction's own initial contact "
      "(backward: forefoot); runs that fell are not drawn";
  fig.columns = columns;
  std::vector<std::pair<std::string, CurveSeries>> csv;
  for (const auto& [name, panelTitle] : curves) {
    std::vector<CurveSeries> ss;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const RunResult* r = b.run(runs[i].first);
      if (!r) continue;
      CurveSeries cs = seriesFromRun(*r, name, runs[i].second, kColors[i % 5]);
      if (!b.unusable(r).empty()) cs.available = false;
      ss.push_back(cs);
      csv.push_back({runs[i].first + "_" + name, cs});
    }
    const auto bracket = panelTitle.find(" [");
    std::string unit = bracket == std::string::npos
                           ? ""
                           : panelTitle.substr(bracket + 2, panelTitle.size() - bracket - 3);
    if (unit == "-") unit = "activation (0–1)";
    fig.panels.push_back(cyclePanel(panelTitle.substr(0, bracket), unit, ss));
  }
  // Nothing to draw (every run excluded): no figure; the section says so instead.
  if (std::none_of(csv.begin(), csv.end(), [](const auto& c) { return c.second.available; })) {
    return "";
  }
  const std::string path = "figures/" + file + ".svg";
  b.files.push_back({path, renderLineFigure(fig)});
  b.files.push_back({"data/curves/" + file + ".csv", curvesCsv(csv)});
  return path;
}

std::string literatureText(const ReferenceData& ref, const std::vector<std::string>& prefixes) {
  std::string out;
  for (const std::string& p : prefixes) {
    std::optional<LiteratureRow> row =
        findLiterature(ref.backwardVsForward, p, {"forward", "backward", "ratio"});
    if (!row) row = findLiterature(ref.inclineWalking, p, {"value"});
    if (!row) row = findLiterature(ref.metabolic, p, {"value"});
    if (!row) continue;
    out += "- *" + row->quantity + "*: " + row->finding + " (" + row->condition +
           "). Source: " + row->source + (row->notes.empty() ? "" : " — " + row->notes) + "\n";
  }
  return out;
}

}  // namespace

ClaimsPlan planClaims(const ReportInputs& in, const ClaimsOptions& options) {
  ClaimsPlan p;
  p.options = options;
  HofScaling hof{in.model.legLengthM};
  const SpeedGroupNorms* free = in.reference.group("Free");
  p.forwardPreferredMps =
      round2(std::clamp(hof.speedMps(free ? free->dimensionlessSpeed.mean : 0.43),
                        kMinForwardSpeedMps, kMaxForwardSpeedMps));
  const double v = p.equalSpeedMps;
  const RunKey keys[] = {
      {Direction::kForward, v, 0},
      {Direction::kBackward, v, 0},
      {Direction::kForward, p.forwardPreferredMps, 0},
      {Direction::kForward, v, 10},
      {Direction::kBackward, v, 10},
      {Direction::kForward, v, 7},
      {Direction::kBackward, v, 7},
  };
  for (const RunKey& k : keys) {
    p.runs.push_back({runId(k), runLabel(k),
                      makeReportScenario(in, k.direction, k.speed, k.grade, options.durationS)});
    // Equal speed means equal achieved speed: the command is calibrated to it.
    if (k.speed == v) p.runs.back().targetSpeedMps = v;
  }
  return p;
}

BuiltReport buildClaimsReport(const ReportInputs& in, const ClaimsPlan& plan,
                              const std::vector<RunResult>& results) {
  Builder b{in, plan, results, {}, {}};
  const double v = plan.equalSpeedMps;
  const std::string fwdEq = runId({Direction::kForward, v, 0});
  const std::string bwdEq = runId({Direction::kBackward, v, 0});
  const std::string fwdPref = runId({Direction::kForward, plan.forwardPreferredMps, 0});
  const std::string bwdPref = runId({Direction::kBackward, plan.backwardPreferredMps, 0});
  const std::string fwdUp10 = runId({Direction::kForward, v, 10});
  const std::string bwdUp10 = runId({Direction::kBackward, v, 10});
  const std::string fwdUp7 = runId({Direction::kForward, v, 7});
  const std::string bwdUp7 = runId({Direction::kBackward, v, 7});
  const std::string eqLabel = "equal speed " + speedLabel(v) + ", level";
  const std::string prefLabel = "preferred speeds (fwd " + speedLabel(plan.forwardPreferredMps) +
                                ", bwd " + speedLabel(plan.backwardPreferredMps) + "), level";
  const std::string up10Label = "equal speed " + speedLabel(v) + ", +10 %";
  b.tags = {{eqLabel, "equal speed"},
            {prefLabel, "preferred speeds"},
            {up10Label, "equal speed +10 %"},
            {"backward " + speedLabel(v) + ", +10 % vs level", "bwd +10 % vs level"},
            {"backward " + speedLabel(v) + ", +7 % vs level", "bwd +7 % vs level"},
            {"forward " + speedLabel(v) + ", +10 % vs level", "fwd +10 % vs level"},
            {"+7 %, " + speedLabel(v), "bwd ÷ fwd, +7 %"},
            {"+10 %, " + speedLabel(v), "bwd ÷ fwd, +10 %"}};
  auto fb = [&](const std::string& label, const Quantity& q, const std::string& f,
                const std::string& bw, bool decisive) {
    return b.compare(label, q, f, bw, "forward", "backward", decisive);
  };
  std::vector<Claim> claims;

  // ---- 1: calories ----
  {
    Claim c;
    c.number = 1;
    c.title = "more calories, and more again uphill";
    c.text = "Backward walking burns more calories than forward walking, and more again uphill.";
    c.measure =
        "Gross metabolic power [W/kg] (Umberger 2010 muscle energetics + basal 1.2 W/kg, "
        "mean over gait cycles): backward ÷ forward at equal speed, level and +10 %; "
        "backward +10 % ÷ backward level. Per metre (cost of transport) and at the "
        "preferred speeds as information.";
    c.direction = ClaimDirection::kMore;
    c.comparisons = {
        fb(eqLabel, metabolicPower(), fwdEq, bwdEq, true),
        fb(up10Label, metabolicPower(), fwdUp10, bwdUp10, true),
        b.compare("backward " + speedLabel(v) + ", +10 % vs level", metabolicPower(), bwdEq,
                  bwdUp10, "level", "+10 %", true),
        b.compare("forward " + speedLabel(v) + ", +10 % vs level", metabolicPower(), fwdEq, fwdUp10,
                  "level", "+10 %", false),
        fb(prefLabel, metabolicPower(), fwdPref, bwdPref, false),
        fb(eqLabel, costOfTransport(), fwdEq, bwdEq, false),
        fb(prefLabel, costOfTransport(), fwdPref, bwdPref, false),
    };
    c.literature =
        literatureText(in.reference, {"Backward vs forward walking metabolic",
                                      "VO2 vs backward walking speed", "ACSM predicted gross VO2"});
    c.limits =
        "The energy is a model estimate (muscle heat and work from static-optimization "
        "activations with rigid tendons, so no elastic recoil is credited in either "
        "direction, and no co-contraction for balance, which unfamiliar backward walking "
        "probably adds), not a measured oxygen uptake.";
    const std::vector<Comparison> fig = {c.comparisons[0], c.comparisons[4], c.comparisons[1]};
    c.figures.push_back({barFigure(b, "claim1_metabolic_power",
                                   "Claim 1: gross metabolic power, forward vs backward", "W/kg",
                                   fig, "forward", "backward", 2),
                         "Gross metabolic power, forward vs backward"});
    claims.push_back(c);
  }

  // ---- 2: quadriceps and calves ----
  {
    Claim c;
    c.number = 2;
    c.title = "the quadriceps and calves work harder";
    c.text = "Backward walking works the quadriceps and calves harder.";
    c.measure =
        "Mean activation over the gait cycle (static optimization, Σ a²) of the right "
        "vasti and rectus femoris (quadriceps) and gastrocnemius and soleus (calves): "
        "backward ÷ forward at equal speed and at the preferred speeds; peak activation "
        "as information.";
    c.direction = ClaimDirection::kMore;
    const std::pair<const char*, const char*> muscles[] = {{"vasti_r", "vasti"},
                                                           {"rect_fem_r", "rectus femoris"},
                                                           {"gastroc_r", "gastrocnemius"},
                                                           {"soleus_r", "soleus"}};
    for (const auto& [m, label] : muscles) {
      c.comparisons.push_back(fb(eqLabel, meanActivation(m, label), fwdEq, bwdEq, true));
      c.comparisons.push_back(fb(prefLabel, meanActivation(m, label), fwdPref, bwdPref, true));
    }
    for (const auto& [m, label] : muscles) {
      c.comparisons.push_back(fb(eqLabel, peakActivation(m, label), fwdEq, bwdEq, false));
    }
    c.literature = literatureText(
        in.reference, {"EMG rectus femoris", "EMG tibialis anterior", "EMG increase BW on 15%"});
    c.limits =
        "Activations are static-optimization estimates that share out the controller's "
        "net joint moments with the least Σ a²: they follow the moments, with no "
        "co-contraction, so EMG changes from co-activation or unfamiliarity cannot "
        "appear, and EMG amplitude is not activation.";
    std::vector<Comparison> ratios(c.comparisons.begin(), c.comparisons.begin() + 8);
    c.figures.push_back(
        {ratioFigure(b, "claim2_activation_ratios", "Claim 2: mean activation, backward ÷ forward",
                     ratios, {{1.0, "same as forward"}}),
         "Mean activation ratios backward ÷ forward"});
    c.figures.push_back(
        {curveFigure(b, "claim2_activation_curves",
                     "Claim 2: activation over the gait cycle at " + speedLabel(v),
                     {{"vasti_r_activation", "Vasti [-]"},
                      {"rect_fem_r_activation", "Rectus femoris [-]"},
                      {"gastroc_r_activation", "Gastrocnemius [-]"},
                      {"soleus_r_activation", "Soleus [-]"}},
                     {{fwdEq, "forward " + speedLabel(v)}, {bwdEq, "backward " + speedLabel(v)}},
                     2),
         "Activation curves, forward vs backward at equal speed"});
    claims.push_back(c);
  }

  // ---- 3: patellofemoral ----
  {
    Claim c;
    c.number = 3;
    c.title = "less stress on the patellofemoral joint";
    c.text = "Backward walking takes stress off the knee (the patellofemoral joint).";
    c.measure =
        "Peak patellofemoral contact force [BW] per gait cycle (quadriceps force × the "
        "van Eijden et al. 1986 ratio): backward ÷ forward at equal speed and at the "
        "preferred speeds; peak knee extensor moment and tibiofemoral contact as "
        "information.";
    c.direction = ClaimDirection::kLess;
    c.comparisons = {
        fb(eqLabel, contactPeak(ContactJoint::kPatellofemoral, "patellofemoral"), fwdEq, bwdEq,
           true),
        fb(prefLabel, contactPeak(ContactJoint::kPatellofemoral, "patellofemoral"), fwdPref,
           bwdPref, true),
        fb(eqLabel, jointPeakExtensor(1, "peak knee extensor moment"), fwdEq, bwdEq, false),
        fb(prefLabel, jointPeakExtensor(1, "peak knee extensor moment"), fwdPref, bwdPref, false),
        fb(eqLabel, contactPeak(ContactJoint::kTibiofemoral, "tibiofemoral"), fwdEq, bwdEq, false),
    };
    c.literature =
        literatureText(in.reference, {"Peak patellofemoral joint compressive force",
                                      "Timing of peak patellofemoral", "Vertical GRF peak"});
    c.limits =
        "The patellofemoral force is the estimated quadriceps force times a published "
        "force ratio (no patella body, no cartilage contact), and the only measured "
        "backward data are for running, not walking.";
    c.figures.push_back(
        {ratioFigure(b, "claim3_knee_ratios", "Claim 3: knee loading, backward ÷ forward",
                     c.comparisons, {{1.0, "same as forward"}}),
         "Knee loading ratios backward ÷ forward"});
    c.figures.push_back(
        {curveFigure(
             b, "claim3_knee", "Claim 3: knee loading over the gait cycle",
             {{"patellofemoral_contact_bw", "Patellofemoral contact [BW]"},
              {"knee_extensor_moment_nm_per_kg", "Knee extensor moment [N·m/kg]"}},
             {{fwdEq, "forward " + speedLabel(v)},
              {bwdEq, "backward " + speedLabel(v)},
              {fwdPref, "forward " + speedLabel(plan.forwardPreferredMps) + " (preferred)"}},
             2),
         "Patellofemoral contact force and knee extensor moment"});
    claims.push_back(c);
  }

  // ---- 4: backward uphill loads the ankle ----
  {
    Claim c;
    c.number = 4;
    c.title = "backward uphill loads the ankle in plantarflexion";
    c.text =
        "Backward walking on a 7–10 % incline loads the ankle in plantarflexion and "
        "strengthens it.";
    c.measure =
        "Backward walking up +7 % and +10 % (facing downhill) against backward level "
        "walking at " +
        speedLabel(v) +
        ": peak plantarflexor moment [N·m/kg] and mean "
        "soleus and gastrocnemius activation (deciding); against forward walking on the "
        "same grade, and the ankle angle in stance, as information.";
    c.direction = ClaimDirection::kMore;
    c.capReason =
        "'strengthens it' is a training adaptation over weeks, which no walking "
        "simulation can show; only the loading half is tested.";
    const Quantity pf = jointPeakExtensor(2, "peak plantarflexor moment");
    const Quantity sol = meanActivation("soleus_r", "soleus");
    const Quantity gas = meanActivation("gastroc_r", "gastrocnemius");
    const std::string l7 = "backward " + speedLabel(v) + ", +7 % vs level";
    const std::string l10 = "backward " + speedLabel(v) + ", +10 % vs level";
    c.comparisons = {
        b.compare(l7, pf, bwdEq, bwdUp7, "level", "+7 %", true),
        b.compare(l10, pf, bwdEq, bwdUp10, "level", "+10 %", true),
        b.compare(l7, sol, bwdEq, bwdUp7, "level", "+7 %", true),
        b.compare(l10, sol, bwdEq, bwdUp10, "level", "+10 %", true),
        b.compare(l7, gas, bwdEq, bwdUp7, "level", "+7 %", true),
        b.compare(l10, gas, bwdEq, bwdUp10, "level", "+10 %", true),
        fb("+7 %, " + speedLabel(v), pf, fwdUp7, bwdUp7, false),
        fb("+10 %, " + speedLabel(v), pf, fwdUp10, bwdUp10, false),
    };
    // Ankle angle in stance (information): peak dorsiflexion between initial contact and foot
    // off of the mean curve.
    const Quantity dorsi{"peak ankle dorsiflexion in stance", "deg", 1,
                         [](const RunResult& r) {
                           const CycleCurve* a = r.curve("ankle_dorsiflexion_deg");
                           return a ? maxOver(a->mean, 0, 100 * r.gait.stanceFraction) : kNaN;
                         },
                         "stance dorsiflexion"};
    c.comparisons.push_back(b.compare(l10, dorsi, bwdEq, bwdUp10, "level", "+10 %", false));
    c.comparisons.push_back(fb("+10 %, " + speedLabel(v), dorsi, fwdUp10, bwdUp10, false));
    c.literature =
        "No row of the reference data measures the ankle in backward uphill walking. Related "
        "rows:\n" +
        literatureText(in.reference, {"EMG increase at steep inclines", "EMG increase BW on 15%",
                                      "Joint power and muscle activity on slopes"});
    c.limits =
        "The plantarflexor moment is well determined by inverse dynamics of the simulated "
        "motion, but the motion comes from a controller tuned on level ground (on grades "
        "it only has to stay up and keep speed), with rigid feet and a planar ankle.";
    c.figures.push_back(
        {ratioFigure(b, "claim4_ankle_ratios",
                     "Claim 4: ankle loading, uphill ÷ level (and ÷ forward)",
                     std::vector<Comparison>(c.comparisons.begin(), c.comparisons.begin() + 8),
                     {{1.0, "no change"}}),
         "Ankle loading ratios: backward uphill ÷ backward level, and backward ÷ forward on the "
         "same grade"});
    c.figures.push_back(
        {curveFigure(b, "claim4_ankle", "Claim 4: the ankle walking backward uphill",
                     {{"ankle_dorsiflexion_deg", "Ankle dorsiflexion [deg]"},
                      {"ankle_plantarflexor_moment_nm_per_kg", "Plantarflexor moment [N·m/kg]"},
                      {"soleus_r_activation", "Soleus activation [-]"}},
                     {{bwdEq, "backward level"},
                      {bwdUp7, "backward +7 %"},
                      {bwdUp10, "backward +10 %"},
                      {fwdUp10, "forward +10 %"}},
                     3),
         "Ankle angle, plantarflexor moment and soleus activation, backward level and uphill"});
    claims.push_back(c);
  }

  // ---- 5: 100 backward steps = 1000 forward steps ----
  {
    Claim c;
    c.number = 5;
    c.title = "100 backward steps equal 1000 forward steps";
    c.text = "\"100 backward steps equal 1000 forward steps.\"";
    c.measure =
        "Metabolic energy per step [J/kg] = metabolic power ÷ step rate: backward ÷ "
        "forward at equal speed and at the preferred speeds. The claim holds if the "
        "ratio is near 10; a ratio of at least 7 counts as support. Gross (basal "
        "included) decides; net (basal 1.2 W/kg removed) is shown as information.";
    c.direction = ClaimDirection::kMore;
    c.tenfold = true;
    c.comparisons = {
        fb(eqLabel, energyPerStepGross(), fwdEq, bwdEq, true),
        fb(prefLabel, energyPerStepGross(), fwdPref, bwdPref, true),
        fb(eqLabel, energyPerStepNet(), fwdEq, bwdEq, false),
        fb(prefLabel, energyPerStepNet(), fwdPref, bwdPref, false),
    };
    c.literature =
        "No source in the reference data measures energy per step backward vs forward, and none "
        "reports anything near a tenfold difference. The closest rows:\n" +
        literatureText(in.reference,
                       {"Backward vs forward walking metabolic", "Effect of 6-week backward"});
    {
      double best = kNaN;
      for (const Comparison& k : c.comparisons)
        if (k.decisive && std::isfinite(k.ratio))
          best = std::isfinite(best) ? std::max(best, k.ratio) : k.ratio;
      c.limits =
          "Energy per step depends on the simulated step rate as much as on the metabolic "
          "model, and both are estimates" +
          (std::isfinite(best) && best > 0 && best < kTenfoldThreshold
               ? std::string(", but the larger simulated ratio would have to be wrong by a "
                             "factor of ") +
                     formatFixed(10.0 / best, 0) + " to reach ten."
               : std::string("."));
    }
    c.figures.push_back(
        {ratioFigure(b, "claim5_energy_per_step", "Claim 5: energy per step, backward ÷ forward",
                     c.comparisons, {{1.0, "same as forward"}, {10.0, "claim: 100 = 1000 (×10)"}}),
         "Energy per step, backward ÷ forward, against the claimed ×10"});
    claims.push_back(c);
  }

  // ---- 6: joints overall ----
  {
    Claim c;
    c.number = 6;
    c.title = "gentler on the joints overall";
    c.text = "Backward walking is gentler on the joints overall.";
    c.measure =
        "Peak contact force [BW] per gait cycle at the hip, tibiofemoral, patellofemoral "
        "and ankle joints: backward ÷ forward at equal speed and at the preferred speeds; "
        "peak vertical ground reaction force as information.";
    c.direction = ClaimDirection::kLess;
    const std::pair<ContactJoint, const char*> joints[] = {
        {ContactJoint::kHip, "hip"},
        {ContactJoint::kTibiofemoral, "tibiofemoral"},
        {ContactJoint::kPatellofemoral, "patellofemoral"},
        {ContactJoint::kAnkle, "ankle"}};
    for (const auto& [j, label] : joints) {
      c.comparisons.push_back(fb(eqLabel, contactPeak(j, label), fwdEq, bwdEq, true));
      c.comparisons.push_back(fb(prefLabel, contactPeak(j, label), fwdPref, bwdPref, true));
    }
    const Quantity vgrf{"peak vertical GRF", "BW", 2,
                        [](const RunResult& r) { return r.gait.peakVerticalBw; }, "vertical GRF"};
    c.comparisons.push_back(fb(eqLabel, vgrf, fwdEq, bwdEq, false));
    c.comparisons.push_back(fb(prefLabel, vgrf, fwdPref, bwdPref, false));
    c.literature = literatureText(
        in.reference, {"Vertical GRF peak", "Peak patellofemoral joint compressive force"});
    c.limits =
        "Contact forces of a planar rigid-body model with static optimization are lower "
        "bounds (no co-contraction), heel-strike transients depend on the compliant "
        "contact model, and 'gentle' also involves loading rates and tissue stresses the "
        "model does not compute.";
    std::vector<Comparison> ratios(c.comparisons.begin(), c.comparisons.begin() + 8);
    c.figures.push_back({ratioFigure(b, "claim6_contact_ratios",
                                     "Claim 6: peak joint contact force, backward ÷ forward",
                                     ratios, {{1.0, "same as forward"}}),
                         "Peak joint contact force ratios backward ÷ forward"});
    c.figures.push_back(
        {curveFigure(b, "claim6_contact_curves",
                     "Claim 6: joint contact forces over the gait cycle at " + speedLabel(v),
                     {{"hip_contact_bw", "Hip contact [BW]"},
                      {"tibiofemoral_contact_bw", "Tibiofemoral contact [BW]"},
                      {"patellofemoral_contact_bw", "Patellofemoral contact [BW]"},
                      {"ankle_contact_bw", "Ankle contact [BW]"}},
                     {{fwdEq, "forward " + speedLabel(v)}, {bwdEq, "backward " + speedLabel(v)}},
                     2),
         "Joint contact forces, forward vs backward at equal speed"});
    claims.push_back(c);
  }

  for (Claim& c : claims) judgeClaim(c);

  // ---- claim 5's direct answer ----
  const Claim& c5 = claims[4];
  const double eqRatio = c5.comparisons[0].ratio, prefRatio = c5.comparisons[1].ratio;
  std::string answer;
  if (!std::isfinite(eqRatio) && !std::isfinite(prefRatio)) {
    answer =
        "**Direct answer: cannot be computed from this run.** The backward (or forward) "
        "walks needed for the ratio were excluded (" +
        c5.comparisons[0].missing +
        "). The simulation therefore gives no number for \"100 backward steps = 1000 "
        "forward steps\"; the reference data have no per-step energy measurement either, "
        "so the claim stays untested here rather than guessed.";
  } else {
    auto stepsText = [](double r) {
      return std::isfinite(r) ? "100 backward steps ≈ " + formatFixed(100 * r, 0) +
                                    " forward steps (ratio " + f2(r) + ")"
                              : "not available";
    };
    const bool near10 = (std::isfinite(eqRatio) && eqRatio >= kTenfoldThreshold) ||
                        (std::isfinite(prefRatio) && prefRatio >= kTenfoldThreshold);
    answer = "**Direct answer: energy per step, backward ÷ forward** — at equal speed (" +
             speedLabel(v) + "): " + stepsText(eqRatio) +
             "; at the preferred speeds: " + stepsText(prefRatio) + ". " +
             (near10 ? "The simulated ratio is near 10, so in this model 100 backward steps do "
                       "cost about as much as 1000 forward steps."
                     : "The ratio is nowhere near 10: in this model 100 backward steps do **not** "
                       "equal 1000 forward steps.");
  }

  // ---- Markdown ----
  MarkdownDoc md;
  md.heading(1, "Backward walking: popular claims put to the test");
  md.paragraph(
      "Six claims from popular articles about backward (\"retro\") walking, each turned into a "
      "quantity the simulation can measure, simulated, compared with what the literature "
      "summaries in data/reference/ say, and given a verdict: **supported**, **partly "
      "supported**, **not supported** or **not testable with this model**. Generated by "
      "`retrogait claims`; every number is in data/ (CSV and JSON), every figure in figures/; "
      "deterministic (no wall-clock times).");
  md.bullets(
      {"Model: `" + in.modelFile + "` (" + formatFixed(in.model.subject.heightM, 2) + " m, " +
           formatFixed(in.model.totalMassKg(), 1) + " kg, leg length " +
           formatFixed(in.model.legLengthM, 3) + " m). Controller: `" + in.controllerFile +
           "`, digest `" + in.controllerDigest + "`.",
       "Equal speed: " + speedLabel(v) +
           " achieved in both directions: the commanded speed of those runs is calibrated "
           "(command × target ÷ achieved, up to " +
           std::to_string(kMaxSpeedCalibrations) + " reruns, kept within " +
           formatFixed(100 * kSpeedCalibrationTolerance, 0) +
           " % when it converges), as an experimenter sets a treadmill pace; the run table "
           "lists each run's command. Preferred speeds: forward " +
           speedLabel(plan.forwardPreferredMps) +
           " (the Schwartz 2008 Free group's dimensionless speed × √(g L)), backward " +
           speedLabel(plan.backwardPreferredMps) +
           " (an assumption of this project: the reference data give no backward preferred "
           "speed; people typically choose a markedly slower speed backward).",
       "Grades: +7 % and +10 % at " + speedLabel(v) +
           "; backward uphill means facing downhill "
           "and stepping up the slope, as on an inclined treadmill.",
       "Each run: " + formatFixed(plan.options.durationS, 0) +
           " s simulated, the first 3 s excluded; a run that falls or misses its speed by more "
           "than 15 % is excluded and its comparisons are reported as missing.",
       "A ratio supports a claim when it lies beyond 1 ± 10 % in the claimed direction (claim 5: "
       "≥ 7, near tenfold). Verdict: supported if every deciding ratio supports it, not "
       "supported if none does, partly otherwise (including when some could not be made)."});
  md.paragraph(tuningStatement());

  md.heading(2, "Summary");
  std::vector<std::vector<std::string>> summary;
  for (const Claim& c : claims) {
    std::string sim;
    for (const Comparison& k : c.comparisons) {
      if (!k.decisive) continue;
      if (!sim.empty()) sim += "; ";
      sim += k.shortQuantity + " (" + k.tag + ") " +
             (std::isfinite(k.ratio) ? ratioText(k.ratio) : "n/a");
    }
    std::string verdict = std::string("**") + claimVerdictName(c.verdict) + "**";
    if (c.verdict == ClaimVerdict::kNotTestable) verdict += " (its runs were excluded)";
    summary.push_back({std::to_string(c.number), c.text, sim, verdict});
  }
  md.table({"#", "claim", "simulated ratios (deciding)", "verdict"}, summary);
  {
    int usable = 0;
    std::string excluded;
    for (const RunResult& r : results) {
      const std::string why = b.unusable(&r);
      if (why.empty()) {
        ++usable;
      } else {
        excluded += (excluded.empty() ? "" : "; ") + why;
      }
    }
    md.paragraph(
        "Runs usable: " + std::to_string(usable) + " of " + std::to_string(results.size()) +
        (excluded.empty() ? "." : " (excluded: " + excluded + ").") + " Details in [Runs](#runs).");
  }
  md.paragraph(answer);

  std::vector<std::vector<std::string>> csvRows;
  nlohmann::json claimsJson = nlohmann::json::array();
  for (const Claim& c : claims) {
    md.heading(2, "Claim " + std::to_string(c.number) + ": " + c.title);
    md.paragraph("> " + c.text);
    md.paragraph("**Measured as:** " + c.measure);
    std::vector<std::vector<std::string>> rows;
    nlohmann::json comps = nlohmann::json::array();
    for (const Comparison& k : c.comparisons) {
      const bool ok = std::isfinite(k.ratio);
      rows.push_back(
          {k.quantity, k.label, ok ? formatFixed(k.base, k.digits) + " (" + k.baseName + ")" : "–",
           ok ? formatFixed(k.test, k.digits) + " (" + k.testName + ")" : "–",
           ok ? ratioText(k.ratio) : "n/a: " + k.missing,
           k.decisive
               ? (ok ? (supports(c, k.ratio) ? "yes: supports" : "yes: does not") : "yes: missing")
               : "no (information)"});
      csvRows.push_back({std::to_string(c.number), k.quantity, k.unit, k.label, k.baseId, k.testId,
                         csvNumber(k.base), csvNumber(k.test), csvNumber(k.ratio),
                         k.decisive ? "1" : "0", ok && supports(c, k.ratio) ? "1" : "0",
                         k.missing});
      comps.push_back(
          {{"quantity", k.quantity},
           {"unit", k.unit},
           {"condition", k.label},
           {"base_run", k.baseId},
           {"test_run", k.testId},
           {"base", std::isfinite(k.base) ? nlohmann::json(k.base) : nlohmann::json()},
           {"test", std::isfinite(k.test) ? nlohmann::json(k.test) : nlohmann::json()},
           {"ratio", ok ? nlohmann::json(k.ratio) : nlohmann::json()},
           {"deciding", k.decisive},
           {"supports", ok && supports(c, k.ratio)},
           {"missing_because", k.missing.empty() ? nlohmann::json() : nlohmann::json(k.missing)}});
    }
    md.table({"quantity", "condition", "reference run", "test run", "ratio (test ÷ reference)",
              "deciding"},
             rows);
    for (const auto& [path, caption] : c.figures) {
      if (path.empty()) {
        md.paragraph("*No curve figure (" + caption + "): every run it would draw was excluded.*");
      } else {
        md.figure(path, caption);
      }
    }
    md.paragraph("**Literature** (data/reference/):");
    md.raw(c.literature.empty() ? "No row of the reference summaries addresses this claim."
                                : c.literature);
    md.paragraph("**Verdict: " + std::string(claimVerdictName(c.verdict)) + ".** " +
                 c.verdictReason);
    if (c.number == 5) md.paragraph(answer);
    md.paragraph("**Model limits for this claim:** " + c.limits);
    claimsJson.push_back({{"number", c.number},
                          {"claim", c.text},
                          {"measured_as", c.measure},
                          {"verdict", claimVerdictName(c.verdict)},
                          {"verdict_reason", c.verdictReason},
                          {"limits", c.limits},
                          {"comparisons", comps}});
  }

  md.heading(2, "Runs");
  std::vector<std::vector<std::string>> runRows;
  nlohmann::json runsJson = nlohmann::json::array();
  for (const RunResult& r : results) {
    runRows.push_back(runTableRow(r));
    runsJson.push_back(runJson(r));
  }
  md.table(runTableHeader(), runRows);
  md.heading(2, "What this model cannot tell");
  md.bullets(modelLimits());
  md.heading(2, "Files");
  md.bullets(
      {"`data/claims.csv`: every comparison (quantity, condition, runs, values, ratio, "
       "deciding, supports, why missing).",
       "`data/claims.json`: the same with the claims, verdicts and reasons, and every "
       "run's numbers (`runs`).",
       "`data/curves/*.csv`: the curves drawn in the figures (mean and SD per % of cycle).",
       "`figures/*.svg`: the figures."});

  BuiltReport out;
  out.files = std::move(b.files);
  out.files.push_back({"report.md", md.str()});
  out.files.push_back(
      {"data/claims.csv",
       toCsv({"claim", "quantity", "unit", "condition", "reference_run", "test_run",
              "reference_value", "test_value", "ratio", "deciding", "supports", "missing_because"},
             csvRows)});
  nlohmann::json report = {{"schema", "retrogait.claims/1"},
                           {"duration_s", plan.options.durationS},
                           {"equal_speed_mps", plan.equalSpeedMps},
                           {"forward_preferred_mps", plan.forwardPreferredMps},
                           {"backward_preferred_mps", plan.backwardPreferredMps},
                           {"claim5_answer", answer},
                           {"claims", claimsJson},
                           {"runs", runsJson}};
  report.update(provenanceJson(in));
  out.files.push_back({"data/claims.json", report.dump(1) + "\n"});
  return out;
}

}  // namespace retrogait
