#include "retrogait/report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace retrogait {

namespace {
constexpr double kFontPx = 11;
constexpr double kCharPx = 6.2;  // average glyph width at 11 px (sans-serif), for layout only

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::abs(v) < 0.05 ? 0.0 : v);
  return buf;
}

std::string tickLabel(double v, double step) {
  int digits = 0;
  if (step > 0) digits = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
  if (step > 0 &&
      std::abs(std::round(step * std::pow(10.0, digits)) - step * std::pow(10.0, digits)) > 1e-6) {
    ++digits;  // 2.5 × 10^k needs one more decimal
  }
  digits = std::min(digits, 6);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, std::abs(v) < step * 1e-6 ? 0.0 : v);
  return buf;
}

double textWidth(const std::string& s) {
  std::size_t glyphs = 0;
  for (unsigned char c : s) glyphs += (c & 0xC0) != 0x80;
  return kCharPx * static_cast<double>(glyphs);
}

void text(std::ostream& out, double x, double y, const std::string& s, const char* anchor = "start",
          double size = kFontPx, const std::string& extra = "") {
  out << "<text x=\"" << num(x) << "\" y=\"" << num(y) << "\" font-size=\"" << num(size)
      << "\" text-anchor=\"" << anchor << "\"" << extra << ">" << xmlEscape(s) << "</text>\n";
}

void line(std::ostream& out, double x1, double y1, double x2, double y2, const std::string& color,
          double width, const std::string& dash = "") {
  out << "<line x1=\"" << num(x1) << "\" y1=\"" << num(y1) << "\" x2=\"" << num(x2) << "\" y2=\""
      << num(y2) << "\" stroke=\"" << color << "\" stroke-width=\"" << num(width) << "\"";
  if (!dash.empty()) out << " stroke-dasharray=\"" << dash << "\"";
  out << "/>\n";
}

void header(std::ostream& out, double w, double h) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(w) << "\" height=\"" << num(h)
      << "\" viewBox=\"0 0 " << num(w) << " " << num(h)
      << "\" font-family=\"Helvetica, Arial, sans-serif\">\n"
      << "<rect x=\"0\" y=\"0\" width=\"" << num(w) << "\" height=\"" << num(h)
      << "\" fill=\"#ffffff\"/>\n";
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool valid() const { return lo <= hi; }
};

// Legend entries: distinct labels in order of appearance, with colour, dash and band.
struct LegendEntry {
  std::string label, color;
  bool dashed = false, band = false;
};

std::vector<LegendEntry> legendOf(const std::vector<LinePanel>& panels) {
  std::vector<LegendEntry> out;
  for (const LinePanel& p : panels) {
    for (const PlotSeries& s : p.series) {
      if (s.label.empty()) continue;
      const bool seen = std::any_of(out.begin(), out.end(),
                                    [&](const LegendEntry& e) { return e.label == s.label; });
      if (!seen) out.push_back({s.label, s.color, s.dashed, !s.sd.empty()});
    }
  }
  return out;
}

// Lays out legend entries in rows within `width`; returns the height used.
double drawLegend(std::ostream& out, const std::vector<LegendEntry>& entries, double x0, double y0,
                  double width, bool draw) {
  double x = x0, y = y0;
  const double rowH = 16;
  for (const LegendEntry& e : entries) {
    const double w = 30 + textWidth(e.label) + 18;
    if (x > x0 && x + w > x0 + width) {
      x = x0;
      y += rowH;
    }
    if (draw) {
      if (e.band) {
        out << "<rect x=\"" << num(x) << "\" y=\"" << num(y - 5) << "\" width=\"24\" height=\"10\" "
            << "fill=\"" << e.color << "\" fill-opacity=\"0.18\"/>\n";
      }
      line(out, x, y, x + 24, y, e.color, 2, e.dashed ? "6 3" : "");
      text(out, x + 30, y + 4, e.label);
    }
    x += w;
  }
  return entries.empty() ? 0 : y - y0 + rowH;
}

void drawPanel(std::ostream& out, const LinePanel& p, double x0, double y0, double w, double h) {
  const double left = 52, right = 10, top = 22, bottom = 36;
  const double px0 = x0 + left, px1 = x0 + w - right, py0 = y0 + top, py1 = y0 + h - bottom;
  text(out, x0 + left + (w - left - right) / 2, y0 + 14, p.title, "middle", 12,
       " font-weight=\"bold\"");

  Range xr, yr;
  for (const PlotSeries& s : p.series) {
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      xr.add(s.x[i]);
      const double sd = i < s.sd.size() && std::isfinite(s.sd[i]) ? std::abs(s.sd[i]) : 0.0;
      yr.add(s.y[i] - sd);
      yr.add(s.y[i] + sd);
    }
  }
  out << "<rect x=\"" << num(px0) << "\" y=\"" << num(py0) << "\" width=\"" << num(px1 - px0)
      << "\" height=\"" << num(py1 - py0) << "\" fill=\"none\" stroke=\"#999999\"/>\n";
  if (!xr.valid() || !yr.valid()) {
    text(out, (px0 + px1) / 2, (py0 + py1) / 2, p.emptyText, "middle", kFontPx,
         " fill=\"#888888\"");
    return;
  }
  if (p.xMin) xr.lo = *p.xMin;
  if (p.xMax) xr.hi = *p.xMax;
  if (xr.hi - xr.lo < 1e-12) {
    xr.lo -= 0.5;
    xr.hi += 0.5;
  }
  if (yr.hi - yr.lo < 1e-9 * std::max(1.0, std::abs(yr.hi))) {
    const double pad = std::max(1e-3, 0.1 * std::abs(yr.hi));
    yr.lo -= pad;
    yr.hi += pad;
  }
  const std::vector<double> yt = niceTicks(yr.lo, yr.hi, 5);
  const std::vector<double> xt = niceTicks(xr.lo, xr.hi, 5);
  const double ylo = std::min(yr.lo, yt.front()), yhi = std::max(yr.hi, yt.back());
  auto X = [&](double v) { return px0 + (v - xr.lo) / (xr.hi - xr.lo) * (px1 - px0); };
  auto Y = [&](double v) { return py1 - (v - ylo) / (yhi - ylo) * (py1 - py0); };
  const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1.0;
  const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1.0;

  // Grid, ticks and tick labels.
  for (double v : yt) {
    if (v < ylo - 1e-12 || v > yhi + 1e-12) continue;
    line(out, px0, Y(v), px1, Y(v), std::abs(v) < ystep * 1e-6 ? "#9a9a9a" : "#e4e4e4", 1);
    line(out, px0 - 4, Y(v), px0, Y(v), "#555555", 1);
    text(out, px0 - 6, Y(v) + 4, tickLabel(v, ystep), "end", 10);
  }
  for (double v : xt) {
    if (v < xr.lo - 1e-12 || v > xr.hi + 1e-12) continue;
    line(out, X(v), py1, X(v), py1 + 4, "#555555", 1);
    text(out, X(v), py1 + 15, tickLabel(v, xstep), "middle", 10);
  }
  text(out, (px0 + px1) / 2, y0 + h - 6, p.xLabel, "middle", 10.5);
  const double ly = (py0 + py1) / 2, lx = x0 + 11;
  text(out, lx, ly, p.yLabel, "middle", 10.5,
       " transform=\"rotate(-90 " + num(lx) + " " + num(ly) + ")\"");

  // Markers.
  for (std::size_t i = 0; i < p.markersX.size(); ++i) {
    const double v = p.markersX[i];
    if (!std::isfinite(v) || v < xr.lo || v > xr.hi) continue;
    line(out, X(v), py0, X(v), py1, "#888888", 1, "2 3");
    if (i == 0 && !p.markerLabel.empty()) {
      text(out, X(v) + 3, py0 + 11, p.markerLabel, "start", 9, " fill=\"#666666\"");
    }
  }

  // Bands first (under every line), then the lines.
  for (const PlotSeries& s : p.series) {
    if (s.sd.empty()) continue;
    // One polygon per run of finite points: upper edge forward, lower edge back.
    std::size_t i = 0;
    const std::size_t n = std::min({s.x.size(), s.y.size(), s.sd.size()});
    while (i < n) {
      while (i < n && !(std::isfinite(s.x[i]) && std::isfinite(s.y[i]) && std::isfinite(s.sd[i])))
        ++i;
      std::size_t j = i;
      while (j < n && std::isfinite(s.x[j]) && std::isfinite(s.y[j]) && std::isfinite(s.sd[j])) ++j;
      if (j - i >= 2) {
        out << "<polygon fill=\"" << s.color
            << "\" fill-opacity=\"0.18\" stroke=\"none\" points=\"";
        for (std::size_t k = i; k < j; ++k)
          out << num(X(s.x[k])) << "," << num(Y(s.y[k] + std::abs(s.sd[k]))) << " ";
        for (std::size_t k = j; k-- > i;)
          out << num(X(s.x[k])) << "," << num(Y(s.y[k] - std::abs(s.sd[k]))) << " ";
        out << "\"/>\n";
      }
      i = j;
    }
  }
  for (const PlotSeries& s : p.series) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    std::size_t i = 0;
    while (i < n) {
      while (i < n && !(std::isfinite(s.x[i]) && std::isfinite(s.y[i]))) ++i;
      std::size_t j = i;
      while (j < n && std::isfinite(s.x[j]) && std::isfinite(s.y[j])) ++j;
      if (j - i >= 2) {
        out << "<polyline fill=\"none\" stroke=\"" << s.color << "\" stroke-width=\"1.8\"";
        if (s.dashed) out << " stroke-dasharray=\"6 3\"";
        out << " points=\"";
        for (std::size_t k = i; k < j; ++k) out << num(X(s.x[k])) << "," << num(Y(s.y[k])) << " ";
        out << "\"/>\n";
      }
      if (s.markers || j - i == 1) {
        for (std::size_t k = i; k < j; ++k) {
          out << "<circle cx=\"" << num(X(s.x[k])) << "\" cy=\"" << num(Y(s.y[k]))
              << "\" r=\"3\" fill=\"" << s.color << "\"/>\n";
        }
      }
      i = j;
    }
  }
}
}  // namespace

std::string xmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<double> niceTicks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0.0, 1.0};
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-12) {
    lo -= 0.5;
    hi += 0.5;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  const double first = std::floor(lo / step + 1e-9) * step;
  for (double v = first; v <= hi + step * (1 - 1e-9) && ticks.size() < 50; v += step) {
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  if (ticks.size() < 2) ticks.push_back(first + step);
  return ticks;
}

std::string renderLineFigure(const LineFigure& f) {
  const int columns = std::max(1, f.columns);
  const int rows = std::max(1, (static_cast<int>(f.panels.size()) + columns - 1) / columns);
  const double width = columns * f.panelWidth + 20;
  std::ostringstream legendProbe;
  const std::vector<LegendEntry> entries = legendOf(f.panels);
  const double titleH = f.title.empty() ? 8 : 26;
  const double noteH = f.note.empty() ? 0 : 15;
  const double legendH = drawLegend(legendProbe, entries, 10, 0, width - 20, false);
  const double top = titleH + noteH + legendH + 6;
  const double height = top + rows * f.panelHeight + 6;

  std::ostringstream out;
  header(out, width, height);
  if (!f.title.empty()) text(out, 10, 19, f.title, "start", 14, " font-weight=\"bold\"");
  if (!f.note.empty()) text(out, 10, titleH + 10, f.note, "start", 10, " fill=\"#555555\"");
  drawLegend(out, entries, 12, titleH + noteH + 10, width - 24, true);
  for (std::size_t i = 0; i < f.panels.size(); ++i) {
    const int r = static_cast<int>(i) / columns, c = static_cast<int>(i) % columns;
    out << "<g>\n";
    drawPanel(out, f.panels[i], 10 + c * f.panelWidth, top + r * f.panelHeight, f.panelWidth,
              f.panelHeight);
    out << "</g>\n";
  }
  out << "</svg>\n";
  return out.str();
}

std::string renderBarChart(const BarChart& b) {
  std::ostringstream legendProbe;
  std::vector<LegendEntry> entries;
  for (const BarSeries& s : b.series) entries.push_back({s.label, s.color, false, false});
  const double titleH = b.title.empty() ? 8 : 26;
  const double noteH = b.note.empty() ? 0 : 15;
  const double legendH = drawLegend(legendProbe, entries, 10, 0, b.width - 20, false);
  const double top = titleH + noteH + legendH + 14;
  // Category labels: horizontal (wrapped once) when they fit their slot, else rotated by 35°.
  const std::size_t ncat = std::max<std::size_t>(1, b.categories.size());
  const double slotGuess = (b.width - 76) / static_cast<double>(ncat);
  double widest = 0;
  for (const std::string& c : b.categories) widest = std::max(widest, textWidth(c) * 0.9);
  const bool rotate = widest + 6 > slotGuess;
  // Rotated labels reach left of their bar by about 0.82 × their width: keep the first inside.
  const double firstLabel = b.categories.empty() ? 0 : textWidth(b.categories.front()) * 0.9;
  const double left =
      rotate ? std::max(60.0, std::min(260.0, firstLabel * 0.82 - slotGuess / 2 + 12)) : 60.0;
  const double right = 16;
  const double bottom = rotate ? std::min(200.0, 24 + widest * 0.574) : 58;
  const double height = rotate ? b.height + bottom - 58 : b.height;
  const double px0 = left, px1 = b.width - right, py0 = top, py1 = height - bottom;

  std::ostringstream out;
  header(out, b.width, height);
  if (!b.title.empty()) text(out, 10, 19, b.title, "start", 14, " font-weight=\"bold\"");
  if (!b.note.empty()) text(out, 10, titleH + 10, b.note, "start", 10, " fill=\"#555555\"");
  // Legend swatches are squares for bars.
  {
    double x = 12, y = titleH + noteH + 10;
    for (const LegendEntry& e : entries) {
      const double w = 30 + textWidth(e.label) + 18;
      if (x > 12 && x + w > b.width - 12) {
        x = 12;
        y += 16;
      }
      out << "<rect x=\"" << num(x + 6) << "\" y=\"" << num(y - 6) << "\" width=\"12\" "
          << "height=\"12\" fill=\"" << e.color << "\"/>\n";
      text(out, x + 30, y + 4, e.label);
      x += w;
    }
  }

  Range yr;
  yr.add(0.0);
  for (const BarSeries& s : b.series)
    for (double v : s.values) yr.add(v);
  for (const auto& [v, label] : b.referenceLines) yr.add(v);
  if (yr.hi - yr.lo < 1e-12) yr.hi = yr.lo + 1;
  yr.hi += 0.08 * (yr.hi - yr.lo);  // room for the value labels
  const std::vector<double> yt = niceTicks(yr.lo, yr.hi, 5);
  const double ylo = std::min(yr.lo, yt.front()), yhi = std::max(yr.hi, yt.back());
  const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1.0;
  auto Y = [&](double v) { return py1 - (v - ylo) / (yhi - ylo) * (py1 - py0); };

  for (double v : yt) {
    line(out, px0, Y(v), px1, Y(v), std::abs(v) < ystep * 1e-6 ? "#777777" : "#e4e4e4", 1);
    text(out, px0 - 6, Y(v) + 4, tickLabel(v, ystep), "end", 10);
  }
  out << "<rect x=\"" << num(px0) << "\" y=\"" << num(py0) << "\" width=\"" << num(px1 - px0)
      << "\" height=\"" << num(py1 - py0) << "\" fill=\"none\" stroke=\"#999999\"/>\n";
  const double ly = (py0 + py1) / 2;
  text(out, 16, ly, b.yLabel, "middle", 11, " transform=\"rotate(-90 16 " + num(ly) + ")\"");

  const std::size_t nc = b.categories.size();
  const std::size_t ns = std::max<std::size_t>(1, b.series.size());
  const double slot = nc > 0 ? (px1 - px0) / static_cast<double>(nc) : (px1 - px0);
  const double barW = std::min(48.0, 0.8 * slot / static_cast<double>(ns));
  for (std::size_t c = 0; c < nc; ++c) {
    const double cx = px0 + (static_cast<double>(c) + 0.5) * slot;
    const double start = cx - barW * static_cast<double>(ns) / 2;
    for (std::size_t s = 0; s < b.series.size(); ++s) {
      const double v = c < b.series[s].values.size() ? b.series[s].values[c] : std::nan("");
      const double x = start + static_cast<double>(s) * barW;
      if (!std::isfinite(v)) {
        text(out, x + barW / 2, Y(0) - 4, "n/a", "middle", 9, " fill=\"#888888\"");
        continue;
      }
      const double y0 = Y(std::max(0.0, v)), y1 = Y(std::min(0.0, v));
      out << "<rect x=\"" << num(x + 1) << "\" y=\"" << num(y0) << "\" width=\"" << num(barW - 2)
          << "\" height=\"" << num(std::max(0.5, y1 - y0)) << "\" fill=\"" << b.series[s].color
          << "\"/>\n";
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.*f", b.valueDigits, v);
      text(out, x + barW / 2, v >= 0 ? y0 - 3 : y1 + 11, buf, "middle", 9);
    }
    // Category label, split on " / " or at a space near the middle if long.
    const std::string& label = b.categories[c];
    if (rotate) {
      const double ty = py1 + 14;
      text(out, cx + 4, ty, label, "end", 10,
           " transform=\"rotate(-35 " + num(cx + 4) + " " + num(ty) + ")\"");
    } else if (textWidth(label) * 0.9 > slot && label.find(' ') != std::string::npos) {
      std::size_t cut = label.find(' ', label.size() / 2);
      if (cut == std::string::npos) cut = label.rfind(' ');
      text(out, cx, py1 + 16, label.substr(0, cut), "middle", 10);
      text(out, cx, py1 + 29, label.substr(cut + 1), "middle", 10);
    } else {
      text(out, cx, py1 + 16, label, "middle", 10);
    }
  }
  for (const auto& [v, label] : b.referenceLines) {
    line(out, px0, Y(v), px1, Y(v), "#333333", 1.2, "6 4");
    text(out, px1 - 4, Y(v) - 4, label, "end", 10, " fill=\"#333333\"");
  }
  out << "</svg>\n";
  return out.str();
}

}  // namespace retrogait
