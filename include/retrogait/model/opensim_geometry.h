#pragma once
// How the bodies of OpenSim's gait10dof18musc sit on our planar segments, and the fold of its
// translating knee into the muscle paths that cross the knee. Shared by the JSON model loader
// (model_loader.cpp: the generic model's paths from data/reference, scaled to a subject) and the
// .osim reader (io/osim_model.cpp: a subject's own scaled model).
//
// - Body → segment: pelvis → HAT, femur → thigh, tibia → shank, talus, calcn and toes → foot (the
//   subtalar and mtp joints of gait10dof18musc are welds). Our segment frames are parallel to the
//   OpenSim body frames at the zero pose, so a point fixed in a body maps to its segment by a
//   translation: p_S = p_body + (origin of the body's frame in the segment frame).
// - Knee fold (docs/estimator.md, "Muscle geometry"): OpenSim's knee (knee_r CustomJoint) moves
//   the tibia origin with knee angle, t(θ) in the thigh frame; our knee is a pin at c. A point
//   p_T fixed in the tibia is at t(θ) + R(θ) p_T in OpenSim and at c + R(θ) p_S with us; both
//   agree when p_S(θ) = p_T + R(θ)ᵀ (t(θ) − c). So each tibia point of a muscle that crosses the
//   knee becomes a moving point (a knee-angle spline), which keeps OpenSim's musculotendon
//   lengths and moment arms without changing the skeleton. A muscle that crosses the knee without
//   a tibia point (gastrocnemius: femur → calcaneus) gets the opposite shift on its femur points,
//   p_F(θ) = p_F − (t(θ) − c): only the vector across the knee matters.

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "retrogait/core/result.h"
#include "retrogait/model/model.h"

namespace retrogait {

/// The gait10dof18musc bodies that carry muscle path points (the pelvis serves both legs).
enum class OpenSimBody { kPelvis = 0, kFemur, kTibia, kTalus, kCalcn, kToes };
inline constexpr int kNumOpenSimBodies = 6;

/// The body of a name without its side suffix ("pelvis", "femur", "tibia", "talus", "calcn",
/// "toes"), or nothing.
std::optional<OpenSimBody> openSimBodyFromName(std::string_view name);
const char* openSimBodyName(OpenSimBody body);

/// Our segment for a body on one side (the pelvis is the HAT for both sides).
int segmentForOpenSimBody(OpenSimBody body, Side side);

/// Where the frame origin of each OpenSim body sits in the frame of its segment [m], indexed by
/// OpenSimBody; x, y sagittal, z lateral (+ right; drawing only).
struct OpenSimBodyOrigins {
  std::array<Vec3, kNumOpenSimBodies> origin_S{Vec3::Zero(), Vec3::Zero(), Vec3::Zero(),
                                               Vec3::Zero(), Vec3::Zero(), Vec3::Zero()};
};

/// A point fixed in an OpenSim body, in its segment's frame [m] (not scaled).
Vec3 mapOpenSimPoint(OpenSimBody body, const Vec3& point_B, const OpenSimBodyOrigins& origins);

/// Knee angles at which folded points are resampled [rad]: 1° steps over −150° … +20° (the
/// joint range with margin); uniform knots keep the spline lookup O(1).
std::vector<double> kneeFoldKnots();

/// t(θ) − c at knee angle θ [rad → m, thigh frame]: where OpenSim's tibia origin is relative to
/// our pin knee.
using KneeOffsetFunction = std::function<Vec2(double kneeAngleRad)>;

/// Folds the knee translation into one muscle's path (points already in our segment frames; a
/// moving point there must move with `kneeDof`). A path that does not cross the knee is left
/// as it is. Error (path unchanged) when a point moved with the knee neighbours a point on a
/// segment that does not move with it.
Status foldKneeTranslation(std::vector<MusclePathPoint>& path, const KneeOffsetFunction& offset_F,
                           int kneeDof);

}  // namespace retrogait
