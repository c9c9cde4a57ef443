#include "retrogait/model/opensim_geometry.h"

namespace retrogait {

std::optional<OpenSimBody> openSimBodyFromName(std::string_view name) {
  for (int i = 0; i < kNumOpenSimBodies; ++i) {
    const auto body = static_cast<OpenSimBody>(i);
    if (name == openSimBodyName(body)) return body;
  }
  return std::nullopt;
}

const char* openSimBodyName(OpenSimBody body) {
  switch (body) {
    case OpenSimBody::kPelvis:
      return "pelvis";
    case OpenSimBody::kFemur:
      return "femur";
    case OpenSimBody::kTibia:
      return "tibia";
    case OpenSimBody::kTalus:
      return "talus";
    case OpenSimBody::kCalcn:
      return "calcn";
    case OpenSimBody::kToes:
      return "toes";
  }
  return "?";
}

int segmentForOpenSimBody(OpenSimBody body, Side side) {
  switch (body) {
    case OpenSimBody::kPelvis:
      return kHat;
    case OpenSimBody::kFemur:
      return segmentOf(side, JointType::kHip);
    case OpenSimBody::kTibia:
      return segmentOf(side, JointType::kKnee);
    default:
      return segmentOf(side, JointType::kAnkle);
  }
}

Vec3 mapOpenSimPoint(OpenSimBody body, const Vec3& point_B, const OpenSimBodyOrigins& origins) {
  return point_B + origins.origin_S[static_cast<std::size_t>(body)];
}

std::vector<double> kneeFoldKnots() {
  std::vector<double> knots;
  for (int deg = -150; deg <= 20; ++deg) knots.push_back(degToRad(deg));
  return knots;
}

Status foldKneeTranslation(std::vector<MusclePathPoint>& path, const KneeOffsetFunction& offset_F,
                           int kneeDof) {
  if (path.empty()) return Ok{};
  const Side side = kneeDof == kKneeR ? Side::kRight : Side::kLeft;
  const int thigh = segmentOf(side, JointType::kHip), shank = segmentOf(side, JointType::kKnee);
  auto proximal = [&](int seg) { return seg == kHat || seg == thigh; };
  bool hasProximal = false, hasDistal = false, hasTibia = false;
  for (const auto& pt : path) {
    (proximal(pt.segment) ? hasProximal : hasDistal) = true;
    hasTibia = hasTibia || pt.segment == shank;
  }
  if (!hasProximal || !hasDistal) return Ok{};  // does not cross the knee
  const int moved = hasTibia ? shank : thigh;
  for (std::size_t k = 0; k < path.size(); ++k) {
    if (path[k].segment != moved) continue;
    // Each neighbour of a moved point must sit across the knee or on the same segment.
    for (std::size_t n : {k - 1, k + 1}) {
      if (n >= path.size() || path[n].segment == moved) continue;
      const bool acrossKnee = hasTibia ? proximal(path[n].segment) : !proximal(path[n].segment);
      if (!acrossKnee) {
        return Error{
            "cannot fold the knee translation into this path: a point moved with the "
            "knee neighbours a point on a segment that does not move with it"};
      }
    }
    if (path[k].movingDof && *path[k].movingDof != kneeDof) {
      return Error{
          "cannot fold the knee translation into this path: a point moved with the knee "
          "already moves with another coordinate"};
    }
  }
  const std::vector<double> knots = kneeFoldKnots();
  for (auto& pt : path) {
    if (pt.segment != moved) continue;
    std::vector<double> xs, ys;
    for (double q : knots) {
      const Vec2 offset = offset_F(q);
      const Vec2 p = pt.movingDof ? Vec2(pt.movingX.value(q), pt.movingY.value(q))
                                  : Vec2(pt.point_S.head<2>());
      const Vec2 folded =
          hasTibia ? Vec2(p + rotation2d(q).transpose() * offset) : Vec2(p - offset);
      xs.push_back(folded.x());
      ys.push_back(folded.y());
    }
    pt.movingDof = kneeDof;
    pt.movingX = CubicSpline(knots, xs);
    pt.movingY = CubicSpline(knots, ys);
  }
  return Ok{};
}

}  // namespace retrogait
