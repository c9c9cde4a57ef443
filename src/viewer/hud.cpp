#include "hud.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace retrogait::viewer {

namespace {
constexpr ImU32 kPanel = IM_COL32(255, 255, 255, 215);
constexpr ImU32 kPanelBorder = IM_COL32(0, 0, 0, 40);
constexpr ImU32 kText = IM_COL32(31, 35, 40, 255);
constexpr ImU32 kMutedText = IM_COL32(90, 96, 105, 255);

// Text wrapped to a width; returns its size.
ImVec2 wrappedSize(const std::string& text, float width) {
  return ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, width, text.c_str());
}
}  // namespace

ImU32 toImColor(const Rgba& c, float alphaScale) {
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a * alphaScale));
}

bool projectToScreen(const OrbitCamera& camera, const UiRect& rect, const Vec3& p_W, ImVec2& out) {
  const Eigen::Matrix4f m =
      camera.projection(rect.width() / std::max(1.0f, rect.height())) * camera.view();
  const Eigen::Vector4f c =
      m * Eigen::Vector4f(static_cast<float>(p_W.x()), static_cast<float>(p_W.y()),
                          static_cast<float>(p_W.z()), 1.0f);
  if (c.w() <= 1e-4f) return false;
  const float x = c.x() / c.w(), y = c.y() / c.w();
  out = ImVec2(rect.min.x + 0.5f * (x + 1.0f) * rect.width(),
               rect.min.y + 0.5f * (1.0f - y) * rect.height());
  return true;
}

std::vector<LabelBox> drawLabels(ImDrawList* dl, const DrawList& list, const OrbitCamera& camera,
                                 const UiRect& rect, float uiScale,
                                 const std::vector<LabelBox>& occupied) {
  std::vector<LabelBox> boxes;
  ImFont* font = ImGui::GetFont();
  dl->PushClipRect(rect.min, rect.max, true);
  for (const LabelPrim& l : list.labels) {
    ImVec2 p;
    if (!projectToScreen(camera, rect, l.anchor_W, p)) continue;
    const float size = ImGui::GetFontSize() * l.sizeScale;
    const ImVec2 textSize = font->CalcTextSizeA(size, FLT_MAX, 0.0f, l.text.c_str());
    const float pad = 4.0f * uiScale;
    ImVec2 topLeft(p.x - 0.5f * textSize.x, p.y - 0.5f * textSize.y);
    if (l.align == LabelPrim::Align::kLeft) topLeft.x = p.x + 6.0f * uiScale;
    if (l.align == LabelPrim::Align::kRight) topLeft.x = p.x - textSize.x - 6.0f * uiScale;
    ImVec2 boxMin(topLeft.x - pad, topLeft.y - 0.5f * pad);
    ImVec2 boxMax(topLeft.x + textSize.x + pad, topLeft.y + textSize.y + 0.5f * pad);
    // A label that would overlap an earlier one moves down or up by its height, or to the
    // other side of its anchor, if that frees it (further away it would seem to belong to
    // something else); otherwise it stays.
    const float stepY = boxMax.y - boxMin.y + 1.0f;
    const float width = boxMax.x - boxMin.x;
    const float flipX = l.align == LabelPrim::Align::kLeft    ? -(width + 12.0f * uiScale)
                        : l.align == LabelPrim::Align::kRight ? width + 12.0f * uiScale
                                                              : -0.5f * width;
    const auto overlaps = [&](float dx, float dy) {
      for (const std::vector<LabelBox>* taken : {&std::as_const(boxes), &occupied}) {
        for (const LabelBox& b : *taken) {
          if (boxMin.x + dx < b.max.x && boxMax.x + dx > b.min.x && boxMin.y + dy < b.max.y &&
              boxMax.y + dy > b.min.y) {
            return true;
          }
        }
      }
      return false;
    };
    const std::pair<float, float> moves[] = {{0.0f, 0.0f},  {0.0f, stepY},  {0.0f, -stepY},
                                             {flipX, 0.0f}, {flipX, stepY}, {flipX, -stepY}};
    for (const auto& [dx, dy] : moves) {
      if (!overlaps(dx, dy)) {
        boxMin = ImVec2(boxMin.x + dx, boxMin.y + dy);
        boxMax = ImVec2(boxMax.x + dx, boxMax.y + dy);
        topLeft = ImVec2(topLeft.x + dx, topLeft.y + dy);
        break;
      }
    }
    if (l.background) {
      dl->AddRectFilled(boxMin, boxMax, IM_COL32(255, 255, 255, 200), 4.0f * uiScale);
    }
    // Text in the label's colour, darkened a little for contrast on the light plate.
    Rgba c = l.color;
    c.r *= 0.85f;
    c.g *= 0.85f;
    c.b *= 0.85f;
    dl->AddText(font, size, topLeft, toImColor(c), l.text.c_str());
    boxes.push_back({l.tag, boxMin, boxMax});
  }
  dl->PopClipRect();
  return boxes;
}

std::vector<LabelBox> drawHud(ImDrawList* dl, const HudItems& hud, const UiRect& rect,
                              float uiScale) {
  std::vector<LabelBox> boxes;
  const float s = uiScale;
  const float margin = 10.0f * s;
  const float lineH = ImGui::GetTextLineHeight();
  dl->PushClipRect(rect.min, rect.max, true);

  // Phase bar, bottom left: one row per foot (filled = stance), cycle ticks and the cursor.
  if (hud.phaseBar) {
    const PhaseBarHud& bar = *hud.phaseBar;
    ImFont* font = ImGui::GetFont();
    const float small = ImGui::GetFontSize() * 0.85f;
    const float width = std::min(300.0f * s, rect.width() - 2 * margin);
    const float rowH = 10.0f * s, gap = 4.0f * s, labelW = 16.0f * s;
    const float height = 6.0f * s + 2 * rowH + gap + small + 6.0f * s;
    const ImVec2 p0(rect.min.x + margin, rect.max.y - margin - height);
    dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), kPanel, 6.0f * s);
    dl->AddRect(p0, ImVec2(p0.x + width, p0.y + height), kPanelBorder, 6.0f * s);
    const float x0 = p0.x + 8.0f * s + labelW, x1 = p0.x + width - 10.0f * s;
    float y = p0.y + 6.0f * s;
    for (const PhaseBarRow& row : bar.rows) {
      dl->AddText(font, small, ImVec2(p0.x + 8.0f * s, y + 0.5f * (rowH - small)),
                  toImColor(row.color), row.label.c_str());
      dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, y + rowH), IM_COL32(226, 228, 232, 255),
                        2.0f * s);
      for (const auto& [a, b] : row.stance) {
        dl->AddRectFilled(ImVec2(x0 + static_cast<float>(a) * (x1 - x0), y),
                          ImVec2(x0 + static_cast<float>(b) * (x1 - x0), y + rowH),
                          toImColor(row.color), 2.0f * s);
      }
      y += rowH + gap;
    }
    const float ticksY = y - gap + 2.0f * s;
    const std::string caption =
        bar.cursor >= 0 || bar.note.empty() ? "filled: " + bar.title + " (load > 20 N)" : bar.note;
    const float cw = font->CalcTextSizeA(small, FLT_MAX, 0, caption.c_str()).x;
    dl->AddText(font, small, ImVec2(0.5f * (x0 + x1) - 0.5f * cw, ticksY), kMutedText,
                caption.c_str());
    dl->AddText(font, small, ImVec2(x0, ticksY), kMutedText, "0");
    const float hw = font->CalcTextSizeA(small, FLT_MAX, 0, "100").x;
    dl->AddText(font, small, ImVec2(x1 - hw, ticksY), kMutedText, "100");
    if (bar.cursor >= 0) {
      const float x = x0 + static_cast<float>(bar.cursor) * (x1 - x0);
      dl->AddLine(ImVec2(x, p0.y + 3.0f * s), ImVec2(x, ticksY), IM_COL32(20, 20, 20, 255),
                  2.0f * s);
    }
  }

  // Legends and keys, top right below the view's badge row, stacked downward (the walker stays
  // in the middle).
  const float badgeRow = 36.0f * s;
  const float boxW = std::min(225.0f * s, rect.width() * 0.4f);
  const float x0 = rect.max.x - margin - boxW;
  const float inner = boxW - 16.0f * s;
  float y = rect.min.y + margin + badgeRow;
  const bool narrow = boxW < 180.0f * s;  // e.g. side by side: short notes only
  for (const LegendHud& legend : hud.legends) {
    const std::string& note = narrow ? legend.shortNote : legend.note;
    float h = 8.0f * s + lineH;
    if (!legend.stops.empty()) h += 14.0f * s + lineH + 2.0f * s;
    if (!note.empty()) h += wrappedSize(note, inner).y + 2.0f * s;
    dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + boxW, y + h), kPanel, 6.0f * s);
    dl->AddRect(ImVec2(x0, y), ImVec2(x0 + boxW, y + h), kPanelBorder, 6.0f * s);
    float cy = y + 4.0f * s;
    dl->AddText(ImVec2(x0 + 8.0f * s, cy), kText, legend.title.c_str());
    cy += lineH + 2.0f * s;
    if (legend.stops.size() >= 2) {
      const std::size_t n = legend.stops.size() - 1;
      for (std::size_t i = 0; i < n; ++i) {
        const float a = x0 + 8.0f * s + inner * static_cast<float>(i) / static_cast<float>(n);
        const float b = x0 + 8.0f * s + inner * static_cast<float>(i + 1) / static_cast<float>(n);
        const ImU32 ca = toImColor(legend.stops[i]), cb = toImColor(legend.stops[i + 1]);
        dl->AddRectFilledMultiColor(ImVec2(a, cy), ImVec2(b, cy + 12.0f * s), ca, cb, cb, ca);
      }
      cy += 14.0f * s;
      // In a narrow view only the numbers ("0 (relaxed)" → "0").
      std::string low = legend.lowLabel, high = legend.highLabel;
      if (ImGui::CalcTextSize(low.c_str()).x + ImGui::CalcTextSize(high.c_str()).x + 8.0f * s >
          inner) {
        low = low.substr(0, low.find(' '));
        high = high.substr(0, high.find(' '));
      }
      dl->AddText(ImVec2(x0 + 8.0f * s, cy), kMutedText, low.c_str());
      const float hw = ImGui::CalcTextSize(high.c_str()).x;
      dl->AddText(ImVec2(x0 + 8.0f * s + inner - hw, cy), kMutedText, high.c_str());
      cy += lineH + 2.0f * s;
    }
    if (!note.empty()) {
      dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x0 + 8.0f * s, cy), kMutedText,
                  note.c_str(), nullptr, inner);
    }
    boxes.push_back({legend.tag, ImVec2(x0, y), ImVec2(x0 + boxW, y + h)});
    y += h + 6.0f * s;
  }
  for (const KeyHud& key : hud.keys) {
    const float titleH = wrappedSize(key.title, inner).y;
    const float sw = lineH * 0.7f;
    const float textW = inner - sw - 6.0f * s;  // entries wrap in a narrow view
    float h = 8.0f * s + titleH + 2.0f * s;
    for (const auto& entry : key.entries) h += wrappedSize(entry.second, textW).y + 1.0f * s;
    dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + boxW, y + h), kPanel, 6.0f * s);
    dl->AddRect(ImVec2(x0, y), ImVec2(x0 + boxW, y + h), kPanelBorder, 6.0f * s);
    float cy = y + 4.0f * s;
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x0 + 8.0f * s, cy), kText,
                key.title.c_str(), nullptr, inner);
    cy += titleH + 2.0f * s;
    for (const auto& [color, text] : key.entries) {
      dl->AddRectFilled(ImVec2(x0 + 8.0f * s, cy + 0.15f * lineH),
                        ImVec2(x0 + 8.0f * s + sw, cy + 0.15f * lineH + sw), toImColor(color),
                        2.0f * s);
      dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x0 + 14.0f * s + sw, cy), kText,
                  text.c_str(), nullptr, textW);
      cy += wrappedSize(text, textW).y + 1.0f * s;
    }
    boxes.push_back({key.tag, ImVec2(x0, y), ImVec2(x0 + boxW, y + h)});
    y += h + 6.0f * s;
  }

  // Banners, top left under the badge (clear of the legends on the right).
  float by = rect.min.y + margin + badgeRow;
  for (const BannerHud& b : hud.banners) {
    const float maxW = std::max(120.0f * s, x0 - rect.min.x - 2 * margin);
    const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX,
                                                      maxW - 24.0f * s, b.text.c_str());
    const float w = ts.x + 24.0f * s, h = ts.y + 12.0f * s;
    const float bx = rect.min.x + margin;
    dl->AddRectFilled(ImVec2(bx, by), ImVec2(bx + w, by + h), toImColor(b.color), 8.0f * s);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(bx + 12.0f * s, by + 6.0f * s),
                IM_COL32(255, 255, 255, 255), b.text.c_str(), nullptr, maxW - 24.0f * s);
    by += h + 6.0f * s;
  }
  dl->PopClipRect();
  return boxes;
}

}  // namespace retrogait::viewer
