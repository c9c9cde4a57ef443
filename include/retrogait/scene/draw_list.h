#pragma once
// The draw list: what the viewer shows, as plain GL-free data in world coordinates, so tests can
// check overlays without a window. The scene builder (scene_builder.h) fills it from the model,
// the state and the view options; the renderer only draws it.
//
// Frame: the world frame of the simulation (X anterior, Y up, Z to the right) in metres. The
// planar walker lives in the XY plane; the scene spreads it along Z for drawing only (right leg
// at +Z, left leg at −Z, HAT in the middle). Colours are sRGB with straight alpha.
// Screen-space items (phase bar, legends, banners) are in `hud` and carry no coordinates: the
// renderer places them in the walker's viewport.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "retrogait/core/math.h"

namespace retrogait {

/// sRGB colour, components in [0, 1], straight alpha.
struct Rgba {
  float r = 1, g = 1, b = 1, a = 1;
  constexpr Rgba() = default;
  constexpr Rgba(float red, float green, float blue, float alpha = 1.0f)
      : r(red), g(green), b(blue), a(alpha) {}
  constexpr Rgba withAlpha(float alpha) const { return {r, g, b, alpha}; }
  bool operator==(const Rgba&) const = default;
};

/// Colour from 0xRRGGBB.
constexpr Rgba rgbHex(std::uint32_t hex, float alpha = 1.0f) {
  return {static_cast<float>((hex >> 16) & 0xff) / 255.0f,
          static_cast<float>((hex >> 8) & 0xff) / 255.0f, static_cast<float>(hex & 0xff) / 255.0f,
          alpha};
}

/// What a primitive shows. Tests find primitives by it; the renderer uses it for shadows.
enum class DrawTag : std::uint8_t {
  kBody,          ///< segment bodies (trunk, head, thighs, shanks, feet)
  kJoint,         ///< joint centres
  kContactPoint,  ///< heel and toe contact spheres (lit when touching)
  kReference,     ///< level line, slope label and other ground references
  kGrf,           ///< ground reaction force arrows
  kCenterOfPressure,
  kCom,            ///< whole-body centre of mass
  kComProjection,  ///< its vertical projection on the ground
  kMuscle,         ///< musculotendon paths
  kJointContact,   ///< joint contact (reaction) forces from the estimator
  kJointMoment,    ///< net joint moment arcs
  kPush,           ///< an external push on the trunk
  kCaption,        ///< walker captions and fall notices
};

/// Whether primitives with this tag cast a ground shadow.
constexpr bool castsShadow(DrawTag tag) {
  return tag == DrawTag::kBody || tag == DrawTag::kJoint;
}

struct SpherePrim {
  Vec3 center_W = Vec3::Zero();
  double radiusM = 0;
  Rgba color;
  DrawTag tag = DrawTag::kBody;
};

/// A cylinder with hemispherical ends from a to b.
struct CapsulePrim {
  Vec3 a_W = Vec3::Zero(), b_W = Vec3::Zero();
  double radiusM = 0;
  Rgba color;
  DrawTag tag = DrawTag::kBody;
};

/// An oriented box; the columns of `axes_W` are its unit axes.
struct BoxPrim {
  Vec3 center_W = Vec3::Zero();
  Eigen::Matrix3d axes_W = Eigen::Matrix3d::Identity();
  Vec3 halfExtentsM = Vec3::Zero();
  Rgba color;
  DrawTag tag = DrawTag::kBody;
};

/// A straight thin tube (drawn dashed when `dashed`).
struct LinePrim {
  Vec3 a_W = Vec3::Zero(), b_W = Vec3::Zero();
  double radiusM = 0.004;
  Rgba color;
  DrawTag tag = DrawTag::kReference;
  bool dashed = false;
};

/// A thin tube through points (muscle paths). `id` is the muscle index in Model::muscles.
struct PolylinePrim {
  std::vector<Vec3> points_W;
  double radiusM = 0.004;
  Rgba color;
  DrawTag tag = DrawTag::kMuscle;
  int id = -1;
};

/// An arrow from tail to head (shaft and cone); the length carries the magnitude.
struct ArrowPrim {
  Vec3 tail_W = Vec3::Zero(), head_W = Vec3::Zero();
  double radiusM = 0.01;
  Rgba color;
  DrawTag tag = DrawTag::kGrf;
  double length() const { return (head_W - tail_W).norm(); }
};

/// A torus of centre-line radius `radiusM` around `normal_W`.
struct RingPrim {
  Vec3 center_W = Vec3::Zero();
  Vec3 normal_W = Vec3::UnitZ();
  double radiusM = 0.05;
  double thicknessM = 0.008;  ///< tube radius [m]
  Rgba color;
  DrawTag tag = DrawTag::kJointContact;
};

/// A circular arc of a tube around `normal_W`, starting along `startDir_W` and sweeping
/// `sweepRad` (signed, right-handed about the normal), with an arrow head at its end.
struct ArcPrim {
  Vec3 center_W = Vec3::Zero();
  Vec3 normal_W = Vec3::UnitZ();
  Vec3 startDir_W = Vec3::UnitX();
  double sweepRad = 0;
  double radiusM = 0.07;
  double thicknessM = 0.007;
  bool arrowHead = true;
  Rgba color;
  DrawTag tag = DrawTag::kJointMoment;
};

/// A thin flat disc lying on a surface with the given normal.
struct DiscPrim {
  Vec3 center_W = Vec3::Zero();
  Vec3 normal_W = Vec3::UnitY();
  double radiusM = 0.03;
  Rgba color;
  DrawTag tag = DrawTag::kComProjection;
};

/// Text anchored at a world point (drawn in screen space, always facing the viewer).
struct LabelPrim {
  enum class Align : std::uint8_t { kCenter, kLeft, kRight };
  Vec3 anchor_W = Vec3::Zero();
  std::string text;
  Rgba color;
  DrawTag tag = DrawTag::kCaption;
  Align align = Align::kCenter;
  float sizeScale = 1.0f;  ///< × the UI font size
  bool background = true;  ///< a rounded plate behind the text for readability
};

/// The inclined ground plane with a grid fixed in the world (so it slides past a followed
/// walker and shows motion; the tilt against the horizon shows the slope).
struct GroundPrim {
  Vec3 center_W = Vec3::Zero();    ///< a point of the plane near the walker [m]
  Vec3 tangent_W = Vec3::UnitX();  ///< along the slope, toward +X
  Vec3 normal_W = Vec3::UnitY();
  Vec3 lateral_W = Vec3::UnitZ();
  double halfLengthM = 30, halfWidthM = 3;  ///< extent along the tangent and along Z [m]
  double gridSpacingM = 0.5;  ///< distance between grid lines, measured along the plane [m]
  int majorEvery = 2;         ///< every n-th line is a major line (1 m with the defaults)
  Rgba base, minorLine, majorLine;
};

// ---- screen-space items ----

/// Stance (foot loaded) and swing per foot over the current gait cycle.
struct PhaseBarRow {
  std::string label;  ///< "R", "L"
  Rgba color;
  std::vector<std::pair<double, double>> stance;  ///< intervals as fractions of the cycle [0, 1]
  bool loaded = false;                            ///< the foot bears load now
};

struct PhaseBarHud {
  std::string title;
  std::array<PhaseBarRow, 2> rows;  ///< right, left
  double cursor = -1;               ///< current fraction of the cycle; < 0 before the first cycle
  std::string note;                 ///< e.g. "waiting for right initial contact"
};

/// A colour-scale legend (e.g. muscle activation).
struct LegendHud {
  DrawTag tag = DrawTag::kMuscle;  ///< the overlay it belongs to
  std::string title;
  std::vector<Rgba> stops;  ///< evenly spaced along the scale; empty = no scale
  std::string lowLabel, highLabel;
  std::string note;       ///< shown under the scale (e.g. why data is not available)
  std::string shortNote;  ///< shown instead of `note` in a narrow view ("" = no note there)
};

/// A key: coloured swatches with a text each (e.g. moment arc colours).
struct KeyHud {
  DrawTag tag = DrawTag::kJointMoment;  ///< the overlay it belongs to
  std::string title;
  std::vector<std::pair<Rgba, std::string>> entries;
};

/// A prominent message across the viewport (e.g. a fall).
struct BannerHud {
  std::string text;
  Rgba color;
};

struct HudItems {
  std::optional<PhaseBarHud> phaseBar;
  std::vector<LegendHud> legends;
  std::vector<KeyHud> keys;
  std::vector<BannerHud> banners;
};

/// Everything to draw for one view.
struct DrawList {
  std::optional<GroundPrim> ground;
  std::vector<SpherePrim> spheres;
  std::vector<CapsulePrim> capsules;
  std::vector<BoxPrim> boxes;
  std::vector<LinePrim> lines;
  std::vector<PolylinePrim> polylines;
  std::vector<ArrowPrim> arrows;
  std::vector<RingPrim> rings;
  std::vector<ArcPrim> arcs;
  std::vector<DiscPrim> discs;
  std::vector<LabelPrim> labels;
  HudItems hud;

  void clear();
  /// Number of 3D primitives (labels included, ground and HUD excluded) with this tag.
  std::size_t count(DrawTag tag) const;
  /// Total number of 3D primitives (labels included, ground and HUD excluded).
  std::size_t size() const;
};

}  // namespace retrogait
