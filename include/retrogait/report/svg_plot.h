#pragma once
// Hand-written SVG figures for the reports (no dependencies; any browser shows them):
// - line figures: one or more panels of curves, each with an optional ±SD band, axes, ticks,
//   axis labels, optional vertical markers, and one legend for the figure;
// - grouped bar charts with value labels and dashed reference lines (e.g. a ratio of 1).
// Output is deterministic: coordinates are printed with one decimal, in a fixed order.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace retrogait {

/// A curve: y over x, optionally with a shaded band y ± sd (sd empty = no band). Non-finite
/// points break the line.
struct PlotSeries {
  std::string label;
  std::vector<double> x, y;
  std::vector<double> sd;
  std::string color = "#1f5fa8";  ///< CSS colour
  bool dashed = false;
  bool markers = false;  ///< a dot at every point
};

struct LinePanel {
  std::string title, xLabel, yLabel;
  std::vector<PlotSeries> series;
  std::optional<double> xMin, xMax;   ///< default: the data's range
  std::vector<double> markersX;       ///< dotted vertical lines (e.g. foot off)
  std::string markerLabel;            ///< text at the first marker
  std::string emptyText = "no data";  ///< shown when no series has a finite point
};

struct LineFigure {
  std::string title;
  std::string note;  ///< one small line under the title (e.g. the data source)
  std::vector<LinePanel> panels;
  int columns = 3;
  double panelWidth = 300, panelHeight = 210;  ///< [px]
};

/// The figure as a complete SVG document (legend from the distinct series labels).
std::string renderLineFigure(const LineFigure& figure);

struct BarSeries {
  std::string label;
  std::string color = "#1f5fa8";
  std::vector<double> values;  ///< one per category; NaN = missing (drawn as "n/a")
};

struct BarChart {
  std::string title, yLabel, note;
  std::vector<std::string> categories;
  std::vector<BarSeries> series;
  std::vector<std::pair<double, std::string>> referenceLines;  ///< y value, label
  double width = 680, height = 360;                            ///< [px]
  int valueDigits = 2;                                         ///< decimals of the bar labels
};

std::string renderBarChart(const BarChart& chart);

/// About `target` round tick values covering [lo, hi] (steps of 1, 2, 2.5 or 5 × 10^k).
std::vector<double> niceTicks(double lo, double hi, int target = 5);

/// Escapes &, <, >, " and ' for XML text and attributes.
std::string xmlEscape(const std::string& text);

/// Colours used by both reports.
inline constexpr const char* kColorSimulated = "#1f5fa8";  // blue
inline constexpr const char* kColorReference = "#6b6b6b";  // grey
inline constexpr const char* kColorBackward = "#c0392b";   // red
inline constexpr const char* kColorForward = "#1f5fa8";    // blue
inline constexpr const char* kColorThird = "#27864a";      // green
inline constexpr const char* kColorFourth = "#d4860b";     // orange

}  // namespace retrogait
