#pragma once
// Pieces both reports share: the curves compared with the normative data and their reference
// names, the runs table and JSON, curve CSVs, curve figures, and the statement of what the
// controller was tuned to (agreement by construction).

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "retrogait/report/curve_metrics.h"
#include "retrogait/report/run_set.h"
#include "retrogait/report/svg_plot.h"

namespace retrogait {

/// A simulated gait-cycle curve and its normative counterpart.
struct CurveInfo {
  const char* simName;      ///< NamedCycleCurve name, e.g. "knee_flexion_deg"
  const char* refVariable;  ///< Schwartz variable, e.g. "knee_flexion_angle"
  const char* title;        ///< e.g. "Knee flexion"
  const char* unit;         ///< e.g. "deg"
  /// Sign of the curve under time reversal: +1 for angles, moments and vertical force; −1 for
  /// powers (ω changes sign) and the A-P force along the direction of travel.
  double reversalSign;
  /// In the controller's tuning objective for forward level walking (angles, GRF).
  bool tunedForward;
  /// In the tuning objective for backward walking (its time-reversed angles).
  bool tunedBackward;
};

/// Hip/knee/ankle angles, moments, powers, vertical and A-P GRF (11 curves).
std::span<const CurveInfo> comparedCurves();

/// What the controller was tuned to, and so which agreement is by construction
/// (docs/controller.md), as a Markdown paragraph.
std::string tuningStatement();

/// "forward" / "backward".
std::string directionWord(Direction d);

/// "walked 30 s, 23 cycles" or "FELL at 6.49 s (pelvis low)".
std::string outcomeText(const RunResult& r);

/// Header and one row per run for the runs table (no wall-clock times).
std::vector<std::string> runTableHeader();
std::vector<std::string> runTableRow(const RunResult& r);

/// Every number of a run the reports use, as JSON (no wall-clock times).
nlohmann::json runJson(const RunResult& r);

/// The "model" and "controller" blocks both reports start their JSON with.
nlohmann::json provenanceJson(const ReportInputs& in);

/// One named curve for plots and CSVs: mean and SD over the cycle (NaN when absent).
struct CurveSeries {
  std::string label;
  CyclePoints mean{}, sd{};
  bool available = false;
  std::string color = kColorSimulated;
  bool dashed = false;
  bool band = true;
};

/// A CurveSeries from a run's curve (unavailable if the run is not usable or lacks it).
CurveSeries seriesFromRun(const RunResult& r, const std::string& curveName,
                          const std::string& label, const std::string& color);
/// A curve as a plot series (mean ± SD); not available (NaN) when `curve` is null or empty.
CurveSeries seriesFromCurve(const CycleCurve* curve, const std::string& label,
                            const std::string& color);

/// A LinePanel over 0..100 % of the gait cycle.
LinePanel cyclePanel(const std::string& title, const std::string& yLabel,
                     const std::vector<CurveSeries>& series, std::vector<double> markersPct = {},
                     const std::string& markerLabel = "");

/// A CSV with gait_cycle_pct and, per series, "<key>_mean" and "<key>_sd" columns.
std::string curvesCsv(const std::vector<std::pair<std::string, CurveSeries>>& columns);

/// Lower-case, file-safe key from a label ("Hip flexion" → "hip_flexion").
std::string keyOf(const std::string& text);

/// Shared limits of the model, one sentence each, for the reports' "limits" sections.
std::vector<std::string> modelLimits();

}  // namespace retrogait
