// The report module on small synthetic inputs with known answers: curve metrics (RMSE,
// correlation, % in band, time reversal), verdict logic (bands, curve rule, claim rule), CSV and
// Markdown builders, well-formed SVG, the reference data loader, and both report builders fed
// with made-up run results (a run on the normative mean passes, runs that fall are excluded and
// fail the required no-fall checks, claim 5 answers with the per-step energy ratio), and the
// validation's section on measured motion (OpenSim's subject01 trial).

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "retrogait/report/claims_report.h"
#include "retrogait/report/csv_table.h"
#include "retrogait/report/curve_metrics.h"
#include "retrogait/report/markdown.h"
#include "retrogait/report/reference_data.h"
#include "retrogait/report/report_common.h"
#include "retrogait/report/svg_plot.h"
#include "retrogait/report/validation_report.h"
#include "retrogait/report/verdict.h"

using namespace retrogait;

namespace {

CyclePoints sine(double amplitude, double offset, double phasePct = 0) {
  CyclePoints c{};
  for (int i = 0; i < kCyclePoints; ++i) {
    c[static_cast<std::size_t>(i)] =
        offset + amplitude * std::sin(2 * std::numbers::pi * (i + phasePct) / 100.0);
  }
  return c;
}

CyclePoints constant(double v) {
  CyclePoints c{};
  c.fill(v);
  return c;
}

// A small XML well-formedness check: balanced tags, quoted attributes, escaped text, one root.
// Returns "" when well formed, else what is wrong.
std::string xmlProblem(const std::string& xml) {
  std::vector<std::string> stack;
  std::size_t i = 0;
  int roots = 0;
  auto isName = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':';
  };
  auto entityOk = [&](std::size_t at) {
    for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"}) {
      if (xml.compare(at, std::string(e).size(), e) == 0) return true;
    }
    return false;
  };
  while (i < xml.size()) {
    if (xml[i] == '&') {
      if (!entityOk(i)) return "bad entity at " + std::to_string(i);
      ++i;
      continue;
    }
    if (xml[i] == '>') return "stray '>' at " + std::to_string(i);
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    if (xml.compare(i, 5, "<?xml") == 0) {
      const auto end = xml.find("?>", i);
      if (end == std::string::npos) return "unterminated declaration";
      i = end + 2;
      continue;
    }
    const bool closing = i + 1 < xml.size() && xml[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    std::string name;
    while (j < xml.size() && isName(xml[j])) name += xml[j++];
    if (name.empty()) return "tag without a name at " + std::to_string(i);
    if (closing) {
      while (j < xml.size() && xml[j] == ' ') ++j;
      if (j >= xml.size() || xml[j] != '>') return "bad closing tag " + name;
      if (stack.empty() || stack.back() != name) return "mismatched </" + name + ">";
      stack.pop_back();
      i = j + 1;
      continue;
    }
    // Attributes: name="value" separated by spaces.
    bool selfClosing = false;
    while (true) {
      while (j < xml.size() && (xml[j] == ' ' || xml[j] == '\n')) ++j;
      if (j >= xml.size()) return "unterminated tag " + name;
      if (xml[j] == '>') break;
      if (xml.compare(j, 2, "/>") == 0) {
        selfClosing = true;
        ++j;
        break;
      }
      std::string attr;
      while (j < xml.size() && isName(xml[j])) attr += xml[j++];
      if (attr.empty() || j >= xml.size() || xml[j] != '=' || j + 1 >= xml.size() ||
          xml[j + 1] != '"')
        return "bad attribute in <" + name + "> at " + std::to_string(j);
      j += 2;
      while (j < xml.size() && xml[j] != '"') {
        if (xml[j] == '<') return "'<' in an attribute of <" + name + ">";
        if (xml[j] == '&' && !entityOk(j)) return "bad entity in an attribute of <" + name + ">";
        ++j;
      }
      if (j >= xml.size()) return "unterminated attribute in <" + name + ">";
      ++j;
    }
    if (stack.empty()) ++roots;
    if (!selfClosing) stack.push_back(name);
    i = j + 1;
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  if (roots != 1) return "expected one root element, found " + std::to_string(roots);
  return "";
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const ReportFile* file(const BuiltReport& r, const std::string& path) {
  for (const ReportFile& f : r.files)
    if (f.path == path) return &f;
  return nullptr;
}

ReportInputs defaultInputs() {
  auto in = loadReportInputs("", "", "");
  EXPECT_TRUE(in) << in.error();
  return in.value();
}

// A run result that walked at its commanded speed with the given cadence and stance.
RunResult walked(const RunRequest& request, double cadence, double stance) {
  RunResult r;
  r.request = request;
  r.outcome.simTimeS = request.spec.durationS;
  r.gait.meanSpeedMps = request.spec.command.speedMps;
  r.gait.cadenceStepsPerMin = cadence;
  r.gait.strideLengthM = request.spec.command.speedMps / (cadence / 120.0);
  r.gait.stanceFraction = stance;
  r.gait.doubleSupportFraction = 2 * stance - 1;
  r.gait.cycles = 10;
  r.gait.peakVerticalBw = 1.1;
  r.curveCycles = 10;
  r.loads.cycles = 10;
  r.massKg = 70;
  r.legLengthM = 0.93;
  r.basalWPerKg = 1.2;
  return r;
}

RunResult fell(const RunRequest& request, double atS) {
  RunResult r;
  r.request = request;
  r.outcome.fell = true;
  r.outcome.fallTimeS = atS;
  r.outcome.fallReason = "trunk tilt";
  r.outcome.simTimeS = atS;
  return r;
}

}  // namespace

// ---------------------------------------------------------------- curve metrics
TEST(CurveMetrics, IdenticalCurvesAgreePerfectly) {
  const CyclePoints a = sine(20, 10);
  EXPECT_DOUBLE_EQ(curveRmse(a, a), 0.0);
  EXPECT_NEAR(curveCorrelation(a, a), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(percentInBand(a, a, constant(1.0)), 100.0);
  EXPECT_EQ(judgeCurve(compareWithReference(a, a, constant(5.0))), Verdict::kPass);
}

TEST(CurveMetrics, KnownOffsetGivesKnownRmseAndBand) {
  const CyclePoints ref = sine(20, 10);
  CyclePoints shifted = ref;
  for (double& v : shifted) v += 3.0;
  EXPECT_NEAR(curveRmse(shifted, ref), 3.0, 1e-12);
  EXPECT_NEAR(curveCorrelation(shifted, ref), 1.0, 1e-12);
  // Inside a ±4 band everywhere: pass; outside a ±1 band everywhere: fail.
  EXPECT_DOUBLE_EQ(percentInBand(shifted, ref, constant(4.0)), 100.0);
  EXPECT_EQ(judgeCurve(compareWithReference(shifted, ref, constant(4.0))), Verdict::kPass);
  EXPECT_DOUBLE_EQ(percentInBand(shifted, ref, constant(1.0)), 0.0);
  EXPECT_EQ(judgeCurve(compareWithReference(shifted, ref, constant(1.0))), Verdict::kFail);
  // RMSE of a sine of amplitude A against zero is A / √2 (over a whole period, 101 points
  // sharing the endpoint: within 1 %).
  EXPECT_NEAR(curveRmse(sine(2.0, 0), constant(0.0)), 2.0 / std::sqrt(2.0), 0.02);
}

TEST(CurveMetrics, OppositeShapeFailsAndHalfInsideIsCounted) {
  const CyclePoints ref = sine(10, 0);
  const CyclePoints inverted = sine(-10, 0);
  EXPECT_NEAR(curveCorrelation(inverted, ref), -1.0, 1e-12);
  EXPECT_EQ(judgeCurve(compareWithReference(inverted, ref, constant(1.0))), Verdict::kFail);
  // First 51 points on the mean, the rest 10 SD off: 51 % inside.
  CyclePoints half = ref;
  for (int i = 51; i < kCyclePoints; ++i) half[static_cast<std::size_t>(i)] += 10.0;
  EXPECT_NEAR(percentInBand(half, ref, constant(1.0)), 100.0 * 51 / 101, 1e-9);
  // A constant curve has no correlation: n/a, never a made-up number.
  EXPECT_TRUE(std::isnan(curveCorrelation(constant(2.0), ref)));
  EXPECT_EQ(judgeCurve(compareWithReference(constant(2.0), ref, constant(1.0))),
            Verdict::kNotEvaluated);
}

TEST(CurveMetrics, TimeReversalAndAlignmentRecoverAKnownShift) {
  const CyclePoints f = sine(15, 5, 7.0);
  EXPECT_EQ(timeReversed(timeReversed(f)), f);
  const CyclePoints backward = circularShift(timeReversed(f), 37);
  const ReversalAlignment a = alignReversed(backward, f);
  EXPECT_EQ(a.shiftPct, 37);
  EXPECT_NEAR(a.correlation, 1.0, 1e-12);
  EXPECT_NEAR(a.rmse, 0.0, 1e-12);
  // Powers change sign under time reversal: the sign is applied after alignment.
  CyclePoints negated = backward;
  for (double& v : negated) v = -v;
  EXPECT_NEAR(alignReversedAt(negated, f, -1.0, 37).correlation, 1.0, 1e-12);
  // reverseAtFootOff: out(φ) = c(s − φ), so out(0) = c(s) and out(s) = c(0).
  CyclePoints ramp{};
  for (int i = 0; i < kCyclePoints; ++i) ramp[static_cast<std::size_t>(i)] = i;
  const CyclePoints r = reverseAtFootOff(ramp, 0.6);
  EXPECT_NEAR(r[0], 60.0, 1e-12);
  EXPECT_NEAR(r[60], 0.0, 1e-12);
  EXPECT_NEAR(r[10], 50.0, 1e-12);
}

TEST(CurveMetrics, ResampleAndStanceReductions) {
  const CyclePoints c = resampleToCycle({0, 50, 100}, {0, 10, 0});
  EXPECT_NEAR(c[25], 5.0, 1e-12);
  EXPECT_NEAR(c[75], 5.0, 1e-12);
  EXPECT_NEAR(maxOver(c, 0, 60), 10.0, 1e-12);
  EXPECT_NEAR(minOver(c, 40, 60), 8.0, 1e-12);
  EXPECT_NEAR(meanOver(c, 0, 100), 5.0, 0.05);
  EXPECT_TRUE(std::isnan(maxOver(c, 101, 200)));
}

// ---------------------------------------------------------------- verdicts
TEST(Verdicts, BandsGivePassNearFail) {
  const Band b = bandAround(100, 10, 1.5);
  EXPECT_EQ(judge(105, b), Verdict::kPass);
  EXPECT_EQ(judge(112, b), Verdict::kNear);
  EXPECT_EQ(judge(80, b), Verdict::kFail);
  EXPECT_EQ(judge(std::nan(""), b), Verdict::kNotEvaluated);
  EXPECT_EQ(judge(0.95, bandAtLeast(0.9, 0.75)), Verdict::kPass);
  EXPECT_EQ(judge(0.8, bandAtLeast(0.9, 0.75)), Verdict::kNear);
  EXPECT_EQ(judge(0.12, bandAtMost(0.15, 0.25)), Verdict::kPass);
  EXPECT_EQ(judge(0.3, bandAtMost(0.15, 0.25)), Verdict::kFail);
  EXPECT_EQ(worse(Verdict::kPass, Verdict::kNear), Verdict::kNear);
  EXPECT_EQ(worse(Verdict::kInfo, Verdict::kFail), Verdict::kFail);
  EXPECT_STREQ(verdictName(Verdict::kNotEvaluated), "n/a");
}

TEST(Verdicts, TallyCountsRequiredFailuresOnly) {
  std::vector<Check> checks(4);
  checks[0].verdict = Verdict::kFail;
  checks[0].required = true;
  checks[1].verdict = Verdict::kNear;
  checks[1].required = true;  // near never fails a required check
  checks[2].verdict = Verdict::kFail;
  checks[3].verdict = Verdict::kPass;
  const CheckTally t = tallyChecks(checks);
  EXPECT_EQ(t.fail, 2);
  EXPECT_EQ(t.near, 1);
  EXPECT_EQ(t.pass, 1);
  EXPECT_EQ(t.required, 2);
  EXPECT_EQ(t.requiredFailed, 1);
}

TEST(Verdicts, ClaimRatiosFollowTheRule) {
  using R = std::vector<std::optional<double>>;
  EXPECT_EQ(judgeRatios(R{1.5, 1.3}, ClaimDirection::kMore), ClaimVerdict::kSupported);
  EXPECT_EQ(judgeRatios(R{1.5, 1.05}, ClaimDirection::kMore), ClaimVerdict::kPartly);
  EXPECT_EQ(judgeRatios(R{0.95, 0.7}, ClaimDirection::kMore), ClaimVerdict::kNotSupported);
  EXPECT_EQ(judgeRatios(R{0.7, 0.8}, ClaimDirection::kLess), ClaimVerdict::kSupported);
  EXPECT_EQ(judgeRatios(R{std::nullopt, std::nullopt}, ClaimDirection::kLess),
            ClaimVerdict::kNotTestable);
  // Everything available supports, but part of the evidence is missing: only partly.
  EXPECT_EQ(judgeRatios(R{1.5, std::nullopt}, ClaimDirection::kMore), ClaimVerdict::kPartly);
  EXPECT_EQ(judgeRatios(R{1.09}, ClaimDirection::kMore), ClaimVerdict::kNotSupported);
  EXPECT_STREQ(claimVerdictName(ClaimVerdict::kNotTestable), "not testable with this model");
}

// ---------------------------------------------------------------- CSV, Markdown, SVG
TEST(ReportText, CsvRoundTripsQuotesAndCommas) {
  const std::vector<std::string> header = {"a", "b,c", "d"};
  const std::vector<std::vector<std::string>> rows = {{"1", "say \"hi\", then go", ""},
                                                      {"x\ny", "2", "3"}};
  auto parsed = parseCsv(toCsv(header, rows), "test");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->header, header);
  EXPECT_EQ(parsed->rows, rows);
  EXPECT_EQ(parsed->cell(0, "b,c"), "say \"hi\", then go");
  EXPECT_FALSE(parseCsv("a,b\n\"open", "bad"));
  EXPECT_EQ(csvNumber(std::nan("")), "");
  EXPECT_EQ(csvNumber(0.25), "0.25");
}

TEST(ReportText, MarkdownTablesAnchorsAndNumbers) {
  MarkdownDoc md;
  EXPECT_EQ(md.heading(2, "3. Forward, level, Free speed group (1.25 m/s)"),
            "#3-forward-level-free-speed-group-125-ms");
  md.table({"x", "y"}, {{"a|b", "1"}}, {false, true});
  md.figure("figures/a.svg", "A figure");
  EXPECT_NE(md.str().find("| a\\|b | 1 |"), std::string::npos);
  EXPECT_NE(md.str().find("|---|---:|"), std::string::npos);
  EXPECT_NE(md.str().find("![A figure](figures/a.svg)"), std::string::npos);
  EXPECT_EQ(formatFixed(std::nan(""), 2), "–");
  EXPECT_EQ(formatFixed(-0.001, 2), "0.00");
  EXPECT_EQ(formatSigned(10, 0), "+10");
  EXPECT_EQ(formatSigned(-1.5, 1),
            "\xE2\x88\x92"
            "1.5");
}

TEST(ReportText, SvgLineFigureIsWellFormed) {
  LineFigure f;
  f.title = "Knee <flexion> & friends";
  f.note = "a \"note\"";
  PlotSeries ref{"reference", {}, {}, {}, kColorReference, false, false};
  PlotSeries sim{"simulated", {}, {}, {}, kColorSimulated, true, true};
  for (int i = 0; i <= 100; ++i) {
    ref.x.push_back(i);
    ref.y.push_back(30 * std::sin(i / 16.0));
    ref.sd.push_back(5);
    sim.x.push_back(i);
    sim.y.push_back(i == 50 ? std::nan("") : 28 * std::sin(i / 16.0));  // a gap
  }
  LinePanel p;
  p.title = "Knee";
  p.yLabel = "deg";
  p.xLabel = "gait cycle [%]";
  p.series = {ref, sim};
  p.markersX = {60};
  p.markerLabel = "foot off";
  LinePanel empty;
  empty.title = "Nothing";
  f.panels = {p, empty};
  const std::string svg = renderLineFigure(f);
  EXPECT_EQ(xmlProblem(svg), "") << svg.substr(0, 400);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(svg.find("Knee &lt;flexion&gt; &amp; friends"), std::string::npos);
  EXPECT_EQ(count(svg, "<polygon"), 1u);   // one band
  EXPECT_EQ(count(svg, "<polyline"), 3u);  // the reference and the two pieces of the gap
  EXPECT_NE(svg.find("no data"), std::string::npos);
  EXPECT_NE(svg.find("foot off"), std::string::npos);
}

TEST(ReportText, SvgBarChartIsWellFormedAndMarksMissingValues) {
  BarChart b;
  b.title = "Ratios";
  b.yLabel = "ratio";
  b.categories = {"vasti, equal speed", "soleus, a very long category label that must rotate"};
  b.series = {{"backward ÷ forward", kColorBackward, {1.3, std::nan("")}}};
  b.referenceLines = {{1.0, "same as forward"}};
  b.width = 400;  // too narrow for the long label: it is rotated
  const std::string svg = renderBarChart(b);
  EXPECT_EQ(xmlProblem(svg), "");
  EXPECT_NE(svg.find(">n/a<"), std::string::npos);
  EXPECT_NE(svg.find(">1.30<"), std::string::npos);
  EXPECT_NE(svg.find("rotate(-35"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
  const std::vector<double> t = niceTicks(-0.37, 2.1, 5);
  EXPECT_LE(t.front(), -0.37);
  EXPECT_GE(t.back(), 2.1);
  EXPECT_NEAR(t[1] - t[0], 0.5, 1e-12);
}

// ---------------------------------------------------------------- reference data
TEST(ReferenceData, LoadsTheFiveSpeedGroupsAndLiterature) {
  auto ref = loadReferenceData(defaultReferenceDirectory());
  ASSERT_TRUE(ref) << ref.error();
  ASSERT_EQ(ref->groups.size(), 5u);
  const SpeedGroupNorms* free = ref->group("Free");
  ASSERT_NE(free, nullptr);
  EXPECT_NEAR(free->dimensionlessSpeed.mean, 0.4294, 1e-9);
  EXPECT_NEAR(free->footOffFraction.mean, 0.59, 1e-9);
  const ReferenceCurve* knee = free->curve("knee_flexion_angle");
  ASSERT_NE(knee, nullptr);
  EXPECT_NEAR(knee->mean[0], 5.5537, 1e-3);  // = forward_normative_sagittal.csv at 0 %
  EXPECT_NEAR(knee->mean[2], 7.9412, 1e-3);  // its 2 % row (resampled to 1 % steps)
  for (const CurveInfo& c : comparedCurves()) {
    EXPECT_NE(free->curve(c.refVariable), nullptr) << c.refVariable;
  }
  // Hof scaling: the README's example, 0.43 with L = 0.90 m ≈ 1.28 m/s.
  EXPECT_NEAR(HofScaling{0.9}.speedMps(0.43), 1.28, 0.01);
  EXPECT_EQ(ref->nearestGroup(0.3).name, "Slow");
  auto row = findLiterature(ref->backwardVsForward, "Joint angle patterns", {"backward"});
  ASSERT_TRUE(row);
  EXPECT_NE(row->source.find("Winter"), std::string::npos);
  EXPECT_FALSE(loadReferenceData("/nonexistent"));
}

// ---------------------------------------------------------------- report builders
TEST(ValidationReport, RunOnTheNormativeMeanPassesAndFallsAreExcluded) {
  const ReportInputs in = defaultInputs();
  ValidationOptions options;
  options.durationS = 10;
  const ValidationPlan plan = planValidation(in, options);
  ASSERT_GE(plan.conditions.size(), 12u);
  std::vector<RunResult> results;
  for (const ValidationCondition& c : plan.conditions) {
    if (c.kind != ValidationKind::kForwardLevel || c.groupName != "Free") {
      results.push_back(fell(c.run, 2.5));
      continue;
    }
    // The Free group run "walks" exactly on the normative curves and timing.
    const SpeedGroupNorms& g = *in.reference.group("Free");
    RunResult r = walked(c.run, plan.hof.cadenceStepsPerMin(g.dimensionlessCadence.mean),
                         g.footOffFraction.mean);
    r.gait.strideLengthM = 2 * plan.hof.lengthM(g.dimensionlessStepLength.mean);
    r.gait.doubleSupportFraction = g.doubleSupportFraction.mean;
    for (const CurveInfo& info : comparedCurves()) {
      NamedCycleCurve nc;
      nc.name = info.simName;
      nc.curve.mean = g.curve(info.refVariable)->mean;
      nc.curve.sd.fill(0.0);
      nc.curve.cycles = 10;
      r.curves.push_back(nc);
    }
    results.push_back(r);
  }
  const BuiltReport report = buildValidationReport(in, plan, results);
  auto checkOf = [&](const std::string& id) -> const Check* {
    for (const Check& c : report.checks)
      if (c.id == id) return &c;
    return nullptr;
  };
  for (const char* id : {"fwd-level-free/cadence", "fwd-level-free/stance", "fwd-level-free/speed",
                         "fwd-level-free/no-fall", "fwd-level-free/curve/knee_flexion_deg",
                         "fwd-level-free/curve/grf_vertical_bw"}) {
    const Check* c = checkOf(id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_EQ(c->verdict, Verdict::kPass) << id << ": " << c->valueText;
  }
  EXPECT_TRUE(checkOf("fwd-level-free/cadence")->required);
  // Fallen runs: no-fall fails (required), their metrics are n/a, never numbers.
  const Check* slowFall = checkOf("fwd-level-slow/no-fall");
  ASSERT_NE(slowFall, nullptr);
  EXPECT_EQ(slowFall->verdict, Verdict::kFail);
  EXPECT_TRUE(slowFall->required);
  EXPECT_EQ(checkOf("fwd-level-slow/cadence")->verdict, Verdict::kNotEvaluated);
  EXPECT_EQ(checkOf("bwd-level-0.80/curves")->verdict, Verdict::kNotEvaluated);
  EXPECT_GT(report.tally.requiredFailed, 0);
  const ReportFile* md = file(report, "report.md");
  ASSERT_NE(md, nullptr);
  EXPECT_NE(md->content.find("FELL at 2.50 s (trunk tilt)"), std::string::npos);
  EXPECT_NE(md->content.find("Verdict table"), std::string::npos);
  std::size_t svgs = 0;
  for (const ReportFile& f : report.files) {
    if (f.path.size() > 4 && f.path.substr(f.path.size() - 4) == ".svg") {
      ++svgs;
      EXPECT_EQ(xmlProblem(f.content), "") << f.path;
    }
  }
  EXPECT_GE(svgs, 3u);
  const ReportFile* json = file(report, "data/report.json");
  ASSERT_NE(json, nullptr);
  const auto j = nlohmann::json::parse(json->content);
  EXPECT_EQ(j["tally"]["required_failed"].get<int>(), report.tally.requiredFailed);
  // A fallen run lists its fall, not partial gait numbers.
  for (const auto& run : j["runs"]) {
    if (run["id"] == "fwd-level-slow") {
      EXPECT_FALSE(run["used_in_metrics"].get<bool>());
      EXPECT_FALSE(run.contains("gait"));
    }
  }
}

// The estimator on measured motion: planValidation analyses OpenSim's subject01 trial and plans
// the walker at its speed and mass; the section has its tables, figures, data and verdict rows,
// and our inverse dynamics passes against OpenSim's (measured: r ≥ 0.996, RMS ≤ 4.2 % of peak).
TEST(ValidationReport, EstimatorOnMeasuredMotion) {
  const ReportInputs in = defaultInputs();
  ValidationOptions options;
  options.durationS = 10;
  const ValidationPlan plan = planValidation(in, options);
  ASSERT_TRUE(plan.measured.usable()) << plan.measured.error;
  EXPECT_EQ(plan.measured.cycles, 1);
  EXPECT_NEAR(plan.measured.massKg, 72.6, 0.1);
  ASSERT_TRUE(plan.measuredWalker.has_value());
  EXPECT_EQ(plan.requests().size(), plan.conditions.size() + 1);
  EXPECT_EQ(plan.requests().back().id, plan.measuredWalker->id);
  EXPECT_NEAR(plan.measuredWalker->targetSpeedMps, plan.measured.gait.meanSpeedMps, 1e-12);
  ASSERT_TRUE(plan.measuredWalker->spec.subject.has_value());
  EXPECT_NEAR(plan.measuredWalker->spec.subject->massKg, plan.measured.subject.massKg, 1e-9);
  EXPECT_EQ(plan.measuredWalker->spec.inclinePct, 0.0);

  auto build = [&](bool withWalker) {
    std::vector<RunResult> results;
    for (const ValidationCondition& c : plan.conditions) results.push_back(fell(c.run, 2.5));
    if (withWalker) {
      // The walker "walks" the subject's curves and loads at its speed.
      RunResult w = walked(*plan.measuredWalker, 105, 0.62);
      w.gait.meanSpeedMps = plan.measured.gait.meanSpeedMps;
      w.gait.stanceFractionRight = 0.62;
      w.loads = plan.measured.loads;
      w.curves = plan.measured.curves;
      for (NamedCycleCurve& c : w.curves) c.curve.cycles = 10;
      results.push_back(w);
    }
    return buildValidationReport(in, plan, results);
  };
  const BuiltReport report = build(true);
  auto checkOf = [&](const std::string& id) -> const Check* {
    for (const Check& c : report.checks)
      if (c.id == id) return &c;
    return nullptr;
  };
  const std::string& md = file(report, "report.md")->content;
  EXPECT_NE(md.find(". Estimator on measured motion"), std::string::npos);
  EXPECT_NE(md.find("| coordinate | r | RMS [N·m] | RMS [% of peak] |"), std::string::npos);
  EXPECT_NE(md.find("peak knee (tibiofemoral) contact [BW]"), std::string::npos);
  EXPECT_NE(md.find("gross cost of transport [J/(kg·m)]"), std::string::npos);
  EXPECT_NE(md.find("activation-maintenance heat"), std::string::npos);
  EXPECT_NE(md.find("CC BY 3.0"), std::string::npos);
  for (const char* figure :
       {"figures/measured_motion_curves.svg", "figures/measured_motion_energy.svg"}) {
    const ReportFile* f = file(report, figure);
    ASSERT_NE(f, nullptr) << figure;
    EXPECT_EQ(xmlProblem(f->content), "") << figure;
    EXPECT_NE(md.find(std::string("(") + figure + ")"), std::string::npos) << figure;
  }
  EXPECT_NE(file(report, "figures/measured_motion_curves.svg")->content.find("walker, same speed"),
            std::string::npos);
  for (const char* data : {"data/measured_motion.csv", "data/measured_motion_id.csv",
                           "data/curves/measured_motion.csv"}) {
    EXPECT_NE(file(report, data), nullptr) << data;
  }
  // One inverse-dynamics verdict per leg coordinate, all pass.
  ASSERT_EQ(plan.measured.idAgreement.size(), 6u) << plan.measured.idError;
  for (const CoordinateAgreement& a : plan.measured.idAgreement) {
    const Check* c = checkOf("subject01/id/" + a.coordinate);
    ASSERT_NE(c, nullptr) << a.coordinate;
    EXPECT_EQ(c->verdict, Verdict::kPass) << a.coordinate << ": " << c->valueText;
    EXPECT_GE(a.r, 0.99) << a.coordinate;
    EXPECT_LE(a.rmsFractionOfPeak, 0.05) << a.coordinate;
  }
  // Knee contact is reported without a band (the project holds none); CoT is judged against ACSM.
  ASSERT_NE(checkOf("subject01/knee-contact"), nullptr);
  EXPECT_EQ(checkOf("subject01/knee-contact")->verdict, Verdict::kInfo);
  ASSERT_NE(checkOf("subject01/cot-acsm"), nullptr);
  EXPECT_NE(checkOf("subject01/cot-acsm")->verdict, Verdict::kNotEvaluated);
  const auto j = nlohmann::json::parse(file(report, "data/report.json")->content);
  EXPECT_EQ(j["measured_motion"]["id_comparison"].size(), 6u);
  EXPECT_TRUE(j["measured_motion"]["loads"]["walker"].is_object());
  // The walker run is in the run table.
  EXPECT_NE(md.find(plan.measuredWalker->id), std::string::npos);

  // Without the walker's run the subject is still shown, the walker's column left empty.
  const BuiltReport alone = build(false);
  const std::string& text = file(alone, "report.md")->content;
  EXPECT_NE(text.find("was not run"), std::string::npos);
  const ReportFile* curves = file(alone, "figures/measured_motion_curves.svg");
  ASSERT_NE(curves, nullptr);
  EXPECT_EQ(xmlProblem(curves->content), "");
  EXPECT_EQ(curves->content.find("walker, same speed"), std::string::npos);
}

TEST(ClaimsReport, EnergyPerStepAnswersClaimFiveAndFallsAreNotTestable) {
  const ReportInputs in = defaultInputs();
  ClaimsOptions options;
  options.durationS = 10;
  const ClaimsPlan plan = planClaims(in, options);
  auto build = [&](bool backwardFalls) {
    std::vector<RunResult> results;
    for (const RunRequest& req : plan.runs) {
      const bool backward = req.spec.command.direction == Direction::kBackward;
      if (backward && backwardFalls) {
        results.push_back(fell(req, 4.0));
        continue;
      }
      // Forward 4 W/kg at 100 steps/min; backward 6 W/kg at 100 steps/min → per step ×1.5.
      RunResult r = walked(req, 100, 0.6);
      r.loads.metabolicPowerWPerKg = backward ? 6.0 : 4.0;
      results.push_back(r);
    }
    return buildClaimsReport(in, plan, results);
  };
  const BuiltReport ok = build(false);
  const ReportFile* md = file(ok, "report.md");
  ASSERT_NE(md, nullptr);
  EXPECT_NE(md->content.find("100 backward steps ≈ 150 forward steps (ratio 1.50)"),
            std::string::npos);
  EXPECT_NE(md->content.find("do **not** equal 1000 forward steps"), std::string::npos);
  const auto j = nlohmann::json::parse(file(ok, "data/claims.json")->content);
  ASSERT_EQ(j["claims"].size(), 6u);
  EXPECT_EQ(j["claims"][4]["verdict"], "not supported");
  EXPECT_NEAR(j["claims"][4]["comparisons"][0]["ratio"].get<double>(), 1.5, 1e-12);
  // Claim 1 at equal speed: ×1.5 on level and +10 %, and uphill = level here (×1.0): partly.
  EXPECT_EQ(j["claims"][0]["verdict"], "partly supported");

  const BuiltReport none = build(true);
  const auto jn = nlohmann::json::parse(file(none, "data/claims.json")->content);
  for (const auto& c : jn["claims"]) {
    EXPECT_EQ(c["verdict"], "not testable with this model") << c["claim"];
  }
  const std::string& text = file(none, "report.md")->content;
  EXPECT_NE(text.find("cannot be computed from this run"), std::string::npos);
  EXPECT_NE(text.find("1000"), std::string::npos);
  std::size_t svgs = 0;
  for (const ReportFile& f : none.files) {
    if (f.path.size() > 4 && f.path.substr(f.path.size() - 4) == ".svg") {
      ++svgs;
      EXPECT_EQ(xmlProblem(f.content), "") << f.path;
    }
  }
  EXPECT_GE(svgs, 3u);
}

TEST(RunSet, EqualSpeedRunsAreCalibratedToTheirTargetSpeed) {
  // Forward walking commanded at 0.8 m/s overshoots it; with a target the command is lowered
  // until the walk achieves 0.8 m/s within the calibration tolerance, and the result says so.
  const ReportInputs in = defaultInputs();
  RunRequest plain{"fwd", "forward", makeReportScenario(in, Direction::kForward, 0.8, 0, 12)};
  RunRequest matched = plain;
  matched.targetSpeedMps = 0.8;
  const auto results = runReportScenarios({plain, matched}, 2);
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[0].usable()) << results[0].exclusionReason();
  ASSERT_TRUE(results[1].usable()) << results[1].exclusionReason();
  EXPECT_DOUBLE_EQ(results[0].commandedSpeedMps(), 0.8);
  if (std::abs(results[0].speedError()) > kSpeedCalibrationTolerance) {
    EXPECT_NE(results[1].commandedSpeedMps(), 0.8);  // it had to be recalibrated
  }
  EXPECT_LE(std::abs(results[1].speedError()), kSpeedCalibrationTolerance)
      << "walked " << results[1].gait.meanSpeedMps << " m/s commanded at "
      << results[1].commandedSpeedMps();
  EXPECT_LE(std::abs(results[1].speedError()), std::abs(results[0].speedError()));
}
