#include "plots.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "hud.h"

namespace retrogait::viewer {

namespace {
constexpr ImU32 kFrame = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kBorder = IM_COL32(200, 204, 210, 255);
constexpr ImU32 kGrid = IM_COL32(232, 235, 239, 255);
constexpr ImU32 kZero = IM_COL32(170, 175, 182, 255);
constexpr ImU32 kBand = IM_COL32(60, 70, 90, 34);
constexpr ImU32 kBandMean = IM_COL32(110, 118, 130, 170);
constexpr ImU32 kText = IM_COL32(31, 35, 40, 255);
constexpr ImU32 kMuted = IM_COL32(105, 110, 118, 255);

double niceStep(double span, int targetTicks) {
  const double raw = span / std::max(1, targetTicks);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10 * mag;
}

std::string tickText(double v, double step) {
  char buf[32];
  if (step >= 1) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else if (step >= 0.1) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  }
  return buf;
}
}  // namespace

void drawCyclePlot(PlotChannel channel, const std::vector<PlotCurves>& curves,
                   const NormativeBand* band, const ImVec2& size, float uiScale) {
  const PlotChannelInfo& info = plotChannelInfo(channel);
  const std::size_t ch = static_cast<std::size_t>(channel);
  const float s = uiScale;
  ImGui::PushID(static_cast<int>(channel));
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("plot", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float lineH = ImGui::GetTextLineHeight();

  // Title with the sign convention; shorter when the plot is narrow, clipped only if still too
  // long (every clip rectangle is one more draw command).
  char title[128];
  const bool hasUnit = info.unit[0] != '\0', hasSign = info.positive[0] != '\0';
  if (!hasUnit) {  // an activation (0..1): the group's caption says so
    std::snprintf(title, sizeof title, "%s", info.title);
  } else {
    std::snprintf(title, sizeof title, hasSign ? "%s [%s], + %s" : "%s [%s]", info.title, info.unit,
                  info.positive);
    if (ImGui::CalcTextSize(title).x > size.x) {
      std::snprintf(title, sizeof title, "%s [%s]", info.title, info.unit);
    }
  }
  if (ImGui::CalcTextSize(title).x > size.x) {
    dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
    dl->AddText(p0, kText, title);
    dl->PopClipRect();
  } else {
    dl->AddText(p0, kText, title);
  }
  const float left = p0.x + 40.0f * s, right = p0.x + size.x - 6.0f * s;
  const float top = p0.y + lineH + 4.0f * s, bottom = p0.y + size.y - lineH - 2.0f * s;
  if (bottom - top < 20.0f * s) {
    ImGui::PopID();
    return;
  }
  dl->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom), kFrame, 3.0f * s);

  // Y range: the channel's usual range, widened to hold the band and the data.
  double lo = info.defaultMin, hi = info.defaultMax;
  if (band && band->available()) {
    for (std::size_t i = 0; i < band->mean.size(); ++i) {
      lo = std::min(lo, band->mean[i] - band->sd[i]);
      hi = std::max(hi, band->mean[i] + band->sd[i]);
    }
  }
  for (const PlotCurves& c : curves) {
    auto widen = [&](const CycleTrace& t) {
      for (int p = 0; p < t.points; ++p) {
        const double v = t.values[ch][static_cast<std::size_t>(p)];
        if (std::isfinite(v)) {
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
      }
    };
    for (const CycleTrace& t : c.tracker->completed()) widen(t);
    widen(c.tracker->current());
  }
  const double step = niceStep(hi - lo, 4);
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  if (hi - lo < 1e-9) hi = lo + 1;
  auto X = [&](double pct) { return left + static_cast<float>(pct / 100.0) * (right - left); };
  auto Y = [&](double v) {
    return bottom - static_cast<float>((v - lo) / (hi - lo)) * (bottom - top);
  };

  // Grid, ticks, zero line. (No clip rectangle: the y range holds all data by construction.)
  const int ticks = static_cast<int>(std::lround((hi - lo) / step));
  for (int k = 0; k <= ticks; ++k) {
    double v = lo + k * step;              // from an integer count: no accumulated rounding
    if (std::abs(v) < 1e-6 * step) v = 0;  // never "-0.0"
    const float y = Y(v);
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), std::abs(v) < 1e-9 ? kZero : kGrid,
                std::abs(v) < 1e-9 ? 1.5f * s : 1.0f);
    const std::string t = tickText(v, step);
    const float tw = ImGui::CalcTextSize(t.c_str()).x;
    dl->AddText(ImVec2(left - tw - 4.0f * s, y - 0.5f * lineH), kMuted, t.c_str());
  }
  const int pctStep = right - left < 240.0f * s ? 50 : 20;
  for (int pct = 0; pct <= 100; pct += pctStep) {
    dl->AddLine(ImVec2(X(pct), top), ImVec2(X(pct), bottom), kGrid);
    const std::string t = std::to_string(pct);
    const float tw = ImGui::CalcTextSize(t.c_str()).x;
    dl->AddText(ImVec2(std::min(X(pct) - 0.5f * tw, right - tw), bottom + 1.0f * s), kMuted,
                t.c_str());
  }

  // Normative band (without anti-aliased fringes: the quads abut, and fringes cost triangles).
  if (band && band->available()) {
    const ImDrawListFlags flags = dl->Flags;
    dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    const std::size_t n = band->fraction.size();
    for (std::size_t i = 0; i + 1 < n; ++i) {
      const float x0 = X(100 * band->fraction[i]), x1 = X(100 * band->fraction[i + 1]);
      dl->AddQuadFilled(ImVec2(x0, Y(band->mean[i] + band->sd[i])),
                        ImVec2(x1, Y(band->mean[i + 1] + band->sd[i + 1])),
                        ImVec2(x1, Y(band->mean[i + 1] - band->sd[i + 1])),
                        ImVec2(x0, Y(band->mean[i] - band->sd[i])), kBand);
    }
    dl->Flags = flags;
    std::vector<ImVec2> mean;
    for (std::size_t i = 0; i < n; ++i)
      mean.emplace_back(X(100 * band->fraction[i]), Y(band->mean[i]));
    dl->AddPolyline(mean.data(), static_cast<int>(mean.size()), kBandMean, 0, std::round(1.0f * s));
  }

  // Curves: faded previous cycles (every other point, thin), then the cycle in progress.
  // Integer line widths let ImGui use its textured anti-aliased lines (two triangles a segment).
  // Points that are not finite (an estimator channel where no analysis sample covers the cycle)
  // break the line.
  std::array<ImVec2, kCyclePoints> pts;
  bool anyData = false;
  auto polyline = [&](const CycleTrace& t, ImU32 color, float thickness, int stride) {
    const auto& v = t.values[ch];
    int n = 0;
    auto flush = [&]() {
      if (n >= 2) dl->AddPolyline(pts.data(), n, color, 0, thickness);
      n = 0;
    };
    for (int p = 0; p < t.points; p += stride) {
      // The last point is always drawn, whatever the stride.
      const int q = p + stride >= t.points ? t.points - 1 : p;
      const float y = v[static_cast<std::size_t>(q)];
      if (!std::isfinite(y)) {
        flush();
      } else {
        pts[static_cast<std::size_t>(n++)] = ImVec2(X(q), Y(y));
        anyData = true;
      }
      if (q == t.points - 1) break;
    }
    flush();
  };
  constexpr int kFadedCycles = 3;
  for (const PlotCurves& c : curves) {
    const auto& done = c.tracker->completed();
    const int n = static_cast<int>(done.size());
    for (int i = std::max(0, n - kFadedCycles); i < n; ++i) {
      const float age = static_cast<float>(n - i);  // 1 = the last complete cycle
      const float alpha = std::max(0.15f, 0.6f - 0.17f * (age - 1.0f));
      polyline(done[static_cast<std::size_t>(i)], toImColor(c.color, alpha), std::round(1.0f * s),
               right - left < 300.0f * s ? 4 : 2);
    }
    if (!done.empty() && done.back().rightFootOff > 0) {
      const float x = X(100 * done.back().rightFootOff);
      dl->AddLine(ImVec2(x, top), ImVec2(x, top + 7.0f * s), toImColor(c.color), 2.0f * s);
    }
  }
  for (const PlotCurves& c : curves) {
    const CycleTrace& cur = c.tracker->current();
    polyline(cur, toImColor(c.color), std::round(2.0f * s), 1);
    for (int last = cur.points - 1; last >= 0 && last >= cur.points - 3; --last) {
      const float y = cur.values[ch][static_cast<std::size_t>(last)];
      if (!std::isfinite(y)) continue;
      dl->AddCircleFilled(ImVec2(X(last), Y(y)), 3.5f * s, toImColor(c.color));
      break;
    }
  }
  dl->AddRect(ImVec2(left, top), ImVec2(right, bottom), kBorder, 3.0f * s);
  if (!anyData && isEstimatorChannel(channel)) {
    const char* note = curves.empty() || curves.front().estimatorOn
                           ? "no estimate yet: waits for the first right initial contact"
                           : "the muscle-load estimator is off";
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                ImVec2(left + 8.0f * s, 0.5f * (top + bottom) - 0.5f * lineH), kMuted, note,
                nullptr, right - left - 16.0f * s);
  }

  // Hover read-out.
  if (hovered) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (m.x >= left && m.x <= right) {
      const int pct =
          std::clamp(static_cast<int>(std::lround((m.x - left) / (right - left) * 100)), 0, 100);
      dl->AddLine(ImVec2(X(pct), top), ImVec2(X(pct), bottom), IM_COL32(0, 0, 0, 90));
      ImGui::BeginTooltip();
      ImGui::Text("%d %% of the gait cycle", pct);
      for (const PlotCurves& c : curves) {
        const CycleTrace& cur = c.tracker->current();
        const auto& done = c.tracker->completed();
        ImGui::TextColored(ImVec4(c.color.r, c.color.g, c.color.b, 1), "%s", c.label.c_str());
        if (pct < cur.points && std::isfinite(cur.values[ch][static_cast<std::size_t>(pct)])) {
          ImGui::SameLine();
          ImGui::Text(" now %.2f",
                      static_cast<double>(cur.values[ch][static_cast<std::size_t>(pct)]));
        }
        if (!done.empty() && std::isfinite(done.back().values[ch][static_cast<std::size_t>(pct)])) {
          ImGui::SameLine();
          ImGui::Text(" last cycle %.2f",
                      static_cast<double>(done.back().values[ch][static_cast<std::size_t>(pct)]));
        }
      }
      if (band && band->available()) {
        ImGui::Text("norm %.2f \xC2\xB1 %.2f %s", band->meanAt(pct / 100.0),
                    band->sdAt(pct / 100.0), info.unit);
      }
      ImGui::EndTooltip();
    }
  }
  ImGui::PopID();
}

}  // namespace retrogait::viewer
