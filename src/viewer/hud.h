#pragma once
// Screen-space parts of a view, drawn with ImGui draw lists over the 3D image: world labels
// projected to the screen, the gait phase bar, colour legends, keys and banners.

#include <string>
#include <vector>

#include <imgui.h>

#include "camera.h"
#include "retrogait/scene/draw_list.h"

namespace retrogait::viewer {

/// A view's rectangle in ImGui (window) coordinates, origin top left.
struct UiRect {
  ImVec2 min, max;
  float width() const { return max.x - min.x; }
  float height() const { return max.y - min.y; }
  bool contains(const ImVec2& p) const {
    return p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y;
  }
};

ImU32 toImColor(const Rgba& c, float alphaScale = 1.0f);

/// Projects a world point into the rect; false when behind the camera.
bool projectToScreen(const OrbitCamera& camera, const UiRect& rect, const Vec3& p_W, ImVec2& out);

/// Screen box of a label as drawLabels would draw it (for tests of where pixels change).
struct LabelBox {
  DrawTag tag;
  ImVec2 min, max;
};

/// Draws the labels of a list; returns their boxes. A label that would overlap an earlier one
/// or a box of `occupied` (e.g. the legends) moves a little if that frees it.
std::vector<LabelBox> drawLabels(ImDrawList* dl, const DrawList& list, const OrbitCamera& camera,
                                 const UiRect& rect, float uiScale,
                                 const std::vector<LabelBox>& occupied = {});

/// Phase bar (bottom left), legends and keys (top right) and banners (top centre); returns the
/// boxes of the legends and keys (tagged with their overlay).
std::vector<LabelBox> drawHud(ImDrawList* dl, const HudItems& hud, const UiRect& rect,
                              float uiScale);

}  // namespace retrogait::viewer
