#include "retrogait/scene/scene_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "retrogait/scene/palette.h"

namespace retrogait {

namespace {

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

double sideSign(Side side) {
  return side == Side::kRight ? 1.0 : -1.0;
}

// Body proportions for drawing, × height / 1.75 m (the model has masses and lengths; widths
// are only for looks).
struct BodyLook {
  double scale;
  double trunkRadius() const { return 0.085 * scale; }
  double shoulderHalfWidth() const { return 0.17 * scale; }
  double shoulderRadius() const { return 0.05 * scale; }
  double headRadius() const { return 0.095 * scale; }
  double neckLength() const { return 0.07 * scale; }
};

// The trunk axis in world coordinates: the HAT's COM direction from the hip centre (upright
// when the pelvis has its upright tilt).
Vec2 trunkAxis_W(const Model& model, const SegmentPose& hat) {
  const Vec2 c = model.segments[kHat].com_S;
  const Vec2 axis_S = c.norm() > 1e-9 ? Vec2(c / c.norm()) : Vec2(0, 1);
  return hat.dirToWorld(axis_S);
}

// Colour of a body part: desaturated toward grey after a fall.
Rgba bodyColor(const Rgba& c, bool fell) {
  return fell ? palette::mix(c, rgbHex(0x9A9A9A), 0.45) : c;
}

}  // namespace

double bodyWeightN(const Model& model) {
  return model.totalMassKg() * kGravityMps2;
}

double legPlaneZ(const Model& model, Side side, const ViewOptions& options) {
  return sideSign(side) * hipHalfWidthM(model.subject.heightM) * options.legSpread;
}

double segmentPlaneZ(const Model& model, int segment, const ViewOptions& options) {
  if (segment == kHat) return 0.0;
  return legPlaneZ(model, segment <= kFootR ? Side::kRight : Side::kLeft, options);
}

double comPlaneZ(const Model& model, const ViewOptions& options) {
  const double toward = options.viewerSide >= 0 ? 1.0 : -1.0;
  return toward * (legPlaneZ(model, Side::kRight, options) + 0.06 * model.subject.heightM / 1.75);
}

double grfPlaneZ(const Model& model, Side side, const ViewOptions& options) {
  const double toward = options.viewerSide >= 0 ? 1.0 : -1.0;
  return legPlaneZ(model, side, options) +
         toward * (model.segments[footSegment(side)].depthM + 0.02);
}

double musclePlaneZ(const Model& model, Side side, const ViewOptions& options) {
  const double toward = options.viewerSide >= 0 ? 1.0 : -1.0;
  const double scale = model.subject.heightM / 1.75;
  return legPlaneZ(model, side, options) +
         toward * (model.segments[segmentOf(side, JointType::kHip)].depthM +
                   kMaxMuscleRadiusM * scale + 0.002);
}

double jointContactPlaneZ(const Model& model, Side side, const ViewOptions& options) {
  const double toward = options.viewerSide >= 0 ? 1.0 : -1.0;
  const double scale = model.subject.heightM / 1.75;
  return musclePlaneZ(model, side, options) + toward * (kMaxMuscleRadiusM * scale + 0.012);
}

double muscleRadiusM(const Model& model, double activation) {
  const double a = std::isfinite(activation) ? std::clamp(activation, 0.0, 1.0) : 0.0;
  return (kMinMuscleRadiusM + a * (kMaxMuscleRadiusM - kMinMuscleRadiusM)) * model.subject.heightM /
         1.75;
}

double clinicalMomentNm(JointType joint, double openSimMomentNm) {
  // OpenSim: hip + flexor, knee + extensor, ankle + dorsiflexor.
  return joint == JointType::kKnee ? openSimMomentNm : -openSimMomentNm;
}

DrawList buildWalkerScene(const WalkerSceneInput& input, const ViewOptions& options) {
  DrawList out;
  if (input.model == nullptr) return out;
  const SegmentPoses poses = computePoses(*input.model, input.q);
  appendGround(input, options, out);
  if (options.showBodies) appendBodies(input, poses, options, out);
  if (options.showGrf) appendGrf(input, options, out);
  if (options.showCom) appendCom(input, poses, options, out);
  if (options.showMuscles) appendMuscles(input, poses, options, out);
  if (options.showJointContact) appendJointContact(input, poses, options, out);
  if (options.showJointMoments) appendJointMoments(input, poses, options, out);
  if (options.showPhaseBar) appendPhaseBar(input, out);
  appendPush(input, options, out);

  // Caption above the head and the fall notice.
  const Model& model = *input.model;
  const Vec2 top = poses[kHat].origin_W +
                   trunkAxis_W(model, poses[kHat]) *
                       (model.segments[kHat].lengthM + 0.36 * model.subject.heightM / 1.75);
  if (!input.fallText.empty()) {
    out.hud.banners.push_back({input.fallText, palette::kFall});
    if (options.showLabels) {
      LabelPrim l;
      l.anchor_W = lift(top, 0) + Vec3(0, 0.12, 0);
      l.text = "fell";
      l.color = palette::kFall;
      l.sizeScale = 1.2f;
      out.labels.push_back(l);
    }
  }
  if (options.showLabels && !input.caption.empty()) {
    LabelPrim l;
    l.anchor_W = lift(top, 0);
    l.text = input.caption;
    l.color = options.accent;
    out.labels.push_back(l);
  }
  return out;
}

void setEstimatorInput(const Model& model, const MuscleLoadEstimate& estimate,
                       WalkerSceneInput& input) {
  const std::size_t muscles = model.muscles.size();
  MuscleActivationInput a;
  a.activation.assign(muscles, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < muscles && i < static_cast<std::size_t>(estimate.muscleCount); ++i) {
    a.activation[i] = estimate.muscles[i].activation;
  }
  input.muscles = std::move(a);
  JointContactInput c;
  c.force_W = estimate.contact.force_W;
  c.patellofemoralN = estimate.contact.patellofemoralN;
  input.jointContact = c;
}

void appendGround(const WalkerSceneInput& input, const ViewOptions& options, DrawList& out) {
  const Ground& ground = input.ground;
  const Vec2 t = ground.tangent(), n = ground.normal();
  const Vec2 hip(input.q[kPelvisTx], input.q[kPelvisTy]);
  const double along = ground.along(hip);
  GroundPrim g;
  g.center_W = lift(t * along, 0);
  g.tangent_W = lift(t, 0);
  g.normal_W = lift(n, 0);
  g.lateral_W = Vec3::UnitZ();
  g.halfLengthM = options.groundHalfLengthM;
  g.halfWidthM = options.groundHalfWidthM;
  g.gridSpacingM = options.gridSpacingM;
  g.majorEvery = std::max(1, static_cast<int>(std::lround(1.0 / options.gridSpacingM)));
  g.base = palette::kGround;
  g.minorLine = palette::kGridMinor;
  g.majorLine = palette::kGridMajor;
  out.ground = g;

  // On a slope: a level (horizontal) line from the downhill side, the slope line beside it and
  // an angle arc between them (a protractor), with the grade in % and degrees.
  if (!options.showSlopeReference || std::abs(ground.angleRad()) < 1e-6) return;
  const double z = -(legPlaneZ(*input.model, Side::kRight, options) + 0.35);
  const double reach = 1.2;
  const double x0 = hip.x();
  // The downhill end: where the ground is lower.
  const double dir = ground.angleRad() > 0 ? 1.0 : -1.0;  // toward uphill along X
  const double downhillX = x0 - dir * reach;
  const double uphillX = x0 + dir * reach;
  const double y = ground.surfaceY(downhillX);
  LinePrim level;
  level.a_W = Vec3(downhillX, y, z);
  level.b_W = Vec3(uphillX, y, z);
  level.radiusM = 0.007;
  level.color = palette::kReference;
  level.tag = DrawTag::kReference;
  level.dashed = true;
  out.lines.push_back(level);
  LinePrim slope;
  slope.a_W = Vec3(downhillX, y, z);
  slope.b_W = Vec3(uphillX, ground.surfaceY(uphillX), z);
  slope.radiusM = 0.009;
  slope.color = palette::kReference;
  slope.tag = DrawTag::kReference;
  out.lines.push_back(slope);
  ArcPrim angle;
  angle.center_W = Vec3(downhillX, y, z);
  angle.normal_W = Vec3::UnitZ();
  angle.startDir_W = Vec3(dir, 0, 0);
  angle.sweepRad = ground.angleRad();  // from the level line up to the slope, either way
  angle.radiusM = 0.9;
  angle.thicknessM = 0.006;
  angle.arrowHead = false;
  angle.color = palette::kReference;
  angle.tag = DrawTag::kReference;
  out.arcs.push_back(angle);
  if (options.showLabels) {
    LabelPrim l;
    l.anchor_W = Vec3(x0, y - 0.1, z);
    const double grade = std::abs(std::tan(ground.angleRad())) * 100.0;
    const char* kind = input.gradePct > 0 ? "uphill" : "downhill";
    l.text = format("%.0f %% ", grade) +
             format("(%.1f\xC2\xB0) ", radToDeg(std::abs(ground.angleRad()))) + kind +
             (input.travelSign > 0 ? ", walking forward" : ", walking backward");
    l.color = palette::kReference;
    l.tag = DrawTag::kReference;
    l.align = LabelPrim::Align::kCenter;
    out.labels.push_back(l);
  }
}

void appendBodies(const WalkerSceneInput& input, const SegmentPoses& poses,
                  const ViewOptions& options, DrawList& out) {
  const Model& model = *input.model;
  const bool fell = !input.fallText.empty();
  const BodyLook look{model.subject.heightM / 1.75};

  // HAT: pelvis block, trunk, shoulders, neck, head and nose.
  const SegmentPose& hat = poses[kHat];
  const Vec2 up = trunkAxis_W(model, hat);
  const Vec2 front(up.y(), -up.x());  // anterior, perpendicular to the trunk
  const Vec2 hip = hat.origin_W;
  const double legZ = legPlaneZ(model, Side::kRight, options);
  const Rgba trunk = bodyColor(palette::kTrunk, fell);
  {
    BoxPrim pelvis;
    pelvis.center_W = lift(hip + up * 0.05 * look.scale, 0);
    pelvis.axes_W.col(0) = lift(front, 0);
    pelvis.axes_W.col(1) = lift(up, 0);
    pelvis.axes_W.col(2) = Vec3::UnitZ();
    pelvis.halfExtentsM = Vec3(0.085 * look.scale, 0.075 * look.scale, legZ + 0.03 * look.scale);
    pelvis.color = trunk;
    out.boxes.push_back(pelvis);
  }
  const Vec2 shoulder = hip + up * model.segments[kHat].lengthM;
  out.capsules.push_back({lift(hip + up * 0.14 * look.scale, 0),
                          lift(shoulder - up * 0.04 * look.scale, 0), look.trunkRadius(), trunk,
                          DrawTag::kBody});
  out.capsules.push_back({lift(shoulder - up * 0.05 * look.scale, -look.shoulderHalfWidth()),
                          lift(shoulder - up * 0.05 * look.scale, look.shoulderHalfWidth()),
                          look.shoulderRadius(), trunk, DrawTag::kBody});
  const Vec2 headCenter = shoulder + up * (look.neckLength() + look.headRadius());
  out.capsules.push_back(
      {lift(shoulder, 0), lift(headCenter, 0), 0.035 * look.scale, trunk, DrawTag::kBody});
  out.spheres.push_back(
      {lift(headCenter, 0), look.headRadius(), bodyColor(palette::kHead, fell), DrawTag::kBody});
  out.spheres.push_back({lift(headCenter + front * look.headRadius() * 0.95, 0), 0.022 * look.scale,
                         bodyColor(palette::kFace, fell), DrawTag::kBody});

  // Legs.
  for (Side side : kSides) {
    const double z = legPlaneZ(model, side, options);
    const Rgba color = bodyColor(palette::side(side), fell);
    const int thigh = segmentOf(side, JointType::kHip);
    const int shank = segmentOf(side, JointType::kKnee);
    const int foot = segmentOf(side, JointType::kAnkle);
    const Vec2 knee = poses[shank].origin_W, ankle = poses[foot].origin_W;
    const double thighR = model.segments[thigh].depthM, shankR = model.segments[shank].depthM;
    out.capsules.push_back(
        {lift(poses[thigh].origin_W, z), lift(knee, z), thighR, color, DrawTag::kBody});
    out.capsules.push_back({lift(knee, z), lift(ankle, z), shankR, color, DrawTag::kBody});

    // Foot: a box from the heel to the toe tip, from the sole up to below the ankle.
    double heelX = 0, lowest = 1e9;
    for (const ContactSphere& c : model.contacts) {
      if (c.segment != foot) continue;
      heelX = std::min(heelX, c.center_S.x() - c.radiusM);
      lowest = std::min(lowest, c.center_S.y() - c.radiusM);
    }
    if (lowest > 1e8) lowest = -model.ankleHeightM;
    const double toeX = heelX + model.footLengthM;
    const double top = lowest + 0.7 * model.ankleHeightM;
    BoxPrim box;
    box.center_W = lift(poses[foot].toWorld(Vec2(0.5 * (heelX + toeX), 0.5 * (lowest + top))), z);
    box.axes_W.col(0) = lift(poses[foot].dirToWorld(Vec2(1, 0)), 0);
    box.axes_W.col(1) = lift(poses[foot].dirToWorld(Vec2(0, 1)), 0);
    box.axes_W.col(2) = Vec3::UnitZ();
    box.halfExtentsM =
        Vec3(0.5 * (toeX - heelX), 0.5 * (top - lowest), model.segments[foot].depthM);
    box.color = color;
    out.boxes.push_back(box);

    // Joint centres.
    const Rgba jointColor = bodyColor(palette::kJoint, fell);
    out.spheres.push_back(
        {lift(poses[thigh].origin_W, z), thighR * 1.08, jointColor, DrawTag::kJoint});
    out.spheres.push_back(
        {lift(knee, z), std::max(thighR, shankR) * 1.02, jointColor, DrawTag::kJoint});
    out.spheres.push_back({lift(ankle, z), shankR * 1.1, jointColor, DrawTag::kJoint});
  }

  // Contact spheres, lit while they touch the ground.
  for (std::size_t i = 0; i < model.contacts.size(); ++i) {
    const ContactSphere& c = model.contacts[i];
    const bool active = input.contacts && static_cast<int>(i) < input.contacts->sphereCount &&
                        input.contacts->spheres[i].active;
    out.spheres.push_back(
        {lift(poses[c.segment].toWorld(c.center_S), segmentPlaneZ(model, c.segment, options)),
         c.radiusM * 0.8, active ? palette::kContactActive : palette::kContactIdle,
         DrawTag::kContactPoint});
  }
}

std::optional<ArrowPrim> makeGrfArrow(const Model& model, const FootContact& foot, Side side,
                                      const ViewOptions& options) {
  const double bw = bodyWeightN(model);
  const double forceBw = foot.force_W.norm() / bw;
  if (!foot.active || !(forceBw >= options.minGrfDrawBw)) return std::nullopt;
  // Drawn beside the foot on the viewer's side (the force acts in the sagittal plane; there it is
  // not hidden inside the shank, which it often passes through).
  const double z = grfPlaneZ(model, side, options);
  ArrowPrim a;
  a.tail_W = lift(foot.cop_W, z);
  // Impacts of a stumble can reach many BW: the arrow is capped (its label keeps the value).
  const double drawnBw = std::min(forceBw, options.maxGrfDrawBw);
  a.head_W =
      lift(foot.cop_W + foot.force_W / foot.force_W.norm() * drawnBw * options.grfMetersPerBw, z);
  a.radiusM = 0.015 * model.subject.heightM / 1.75;
  a.color = side == Side::kRight ? palette::kRightGrf : palette::kLeftGrf;
  a.tag = DrawTag::kGrf;
  return a;
}

void appendGrf(const WalkerSceneInput& input, const ViewOptions& options, DrawList& out) {
  if (!input.contacts) return;
  const Model& model = *input.model;
  for (Side side : kSides) {
    const FootContact& foot = input.contacts->feet[static_cast<int>(side)];
    const std::optional<ArrowPrim> arrow = makeGrfArrow(model, foot, side, options);
    if (!arrow) continue;
    out.arrows.push_back(*arrow);
    DiscPrim cop;
    cop.center_W = arrow->tail_W + lift(input.ground.normal(), 0) * 0.002;
    cop.normal_W = lift(input.ground.normal(), 0);
    cop.radiusM = 0.022;
    cop.color = palette::kCop;
    cop.tag = DrawTag::kCenterOfPressure;
    out.discs.push_back(cop);
    if (options.showLabels) {
      LabelPrim l;
      const Vec3 dir = (arrow->head_W - arrow->tail_W).normalized();
      l.anchor_W = arrow->head_W + dir * 0.06;
      const double forceBw = foot.force_W.norm() / bodyWeightN(model);
      l.text = std::string(side == Side::kRight ? "R " : "L ") + format("%.2f BW", forceBw) +
               (forceBw > options.maxGrfDrawBw
                    ? format(" (arrow capped at %.0f BW)", options.maxGrfDrawBw)
                    : std::string());
      l.color = arrow->color;
      l.tag = DrawTag::kGrf;
      out.labels.push_back(l);
    }
  }
}

void appendCom(const WalkerSceneInput& input, const SegmentPoses& poses, const ViewOptions& options,
               DrawList& out) {
  const Model& model = *input.model;
  const Vec2 com = computeCom(model, poses);
  const double scale = model.subject.heightM / 1.75;
  // The planar model's COM has no lateral position; it is drawn just outside the pelvis on the
  // viewer's side, where the body does not hide it: a dark sphere in a white ring.
  const double z = comPlaneZ(model, options);
  out.spheres.push_back({lift(com, z), 0.03 * scale, palette::kCom, DrawTag::kCom});
  RingPrim ring;
  ring.center_W = lift(com, z);
  ring.normal_W = Vec3::UnitZ();
  ring.radiusM = 0.042 * scale;
  ring.thicknessM = 0.007 * scale;
  ring.color = rgbHex(0xFFFFFF);
  ring.tag = DrawTag::kCom;
  out.rings.push_back(ring);
  const Vec2 foot(com.x(), input.ground.surfaceY(com.x()));  // vertical projection
  LinePrim drop;
  drop.a_W = lift(com, z);
  drop.b_W = lift(foot, z);
  drop.radiusM = 0.004;
  drop.color = palette::kComProjection;
  drop.tag = DrawTag::kComProjection;
  drop.dashed = true;
  out.lines.push_back(drop);
  DiscPrim disc;
  disc.center_W = lift(foot + Vec2(0, 0.003), z);  // just above the surface, straight below
  disc.normal_W = lift(input.ground.normal(), 0);
  disc.radiusM = 0.045 * scale;
  disc.color = palette::kComProjection;
  disc.tag = DrawTag::kComProjection;
  out.discs.push_back(disc);
  if (options.showLabels) {
    LabelPrim l;
    l.anchor_W = lift(com, z) + Vec3(0.05 * scale, 0, 0);
    l.text = "COM";
    l.color = palette::kCom;
    l.tag = DrawTag::kCom;
    l.align = LabelPrim::Align::kLeft;
    l.sizeScale = 0.85f;
    out.labels.push_back(l);
  }
}

std::vector<Vec3> computeMusclePath3d(const Model& model, const SegmentPoses& poses, const VecQ& q,
                                      int muscle, const ViewOptions& options) {
  std::vector<Vec3> points;
  if (muscle < 0 || muscle >= static_cast<int>(model.muscles.size())) return points;
  const MuscleSpec& m = model.muscles[static_cast<std::size_t>(muscle)];
  const double planeZ = musclePlaneZ(model, m.side, options);
  // Muscles that share a line in the side view (vasti and rectus femoris, gastrocnemius and
  // soleus) are staggered a little in Z so they do not flicker through each other.
  const double toward = options.viewerSide >= 0 ? 1.0 : -1.0;
  int rank = 0;  // index among the muscles of its leg
  for (int i = 0; i < muscle; ++i)
    rank += model.muscles[static_cast<std::size_t>(i)].side == m.side;
  const double stagger = toward * 0.0015 * rank;
  for (const MusclePathPoint& pt : m.path) {
    if (pt.conditionDof) {
      const double v = q[*pt.conditionDof];
      if (v < pt.conditionMinRad || v > pt.conditionMaxRad) continue;
    }
    const Vec2 local =
        pt.movingDof ? Vec2(pt.movingX.value(q[*pt.movingDof]), pt.movingY.value(q[*pt.movingDof]))
                     : Vec2(pt.point_S.head<2>());
    // Drawn on the limb's surface toward the viewer: the sagittal path is exact, the lateral
    // offsets of the model (MusclePathPoint::point_S.z, ±3 cm) are left out, since inside the
    // drawn limbs they would hide most muscles.
    points.push_back(lift(poses[pt.segment].toWorld(local), planeZ + stagger));
  }
  return points;
}

void appendMuscles(const WalkerSceneInput& input, const SegmentPoses& poses,
                   const ViewOptions& options, DrawList& out) {
  const Model& model = *input.model;
  const bool haveActivation =
      input.muscles && input.muscles->activation.size() == model.muscles.size();
  for (std::size_t i = 0; i < model.muscles.size(); ++i) {
    PolylinePrim p;
    p.points_W = computeMusclePath3d(model, poses, input.q, static_cast<int>(i), options);
    if (p.points_W.size() < 2) continue;
    const double a = haveActivation ? input.muscles->activation[i] : 0.0;
    p.radiusM = muscleRadiusM(model, a);  // thicker when active
    p.color = haveActivation ? palette::activationColor(a) : palette::kMuscleUnknown;
    p.tag = DrawTag::kMuscle;
    p.id = static_cast<int>(i);
    out.polylines.push_back(std::move(p));
  }
  LegendHud legend;
  legend.tag = DrawTag::kMuscle;
  legend.title = "Muscle activation";
  if (haveActivation) {
    legend.stops.assign(palette::kActivationStops.begin(), palette::kActivationStops.end());
    legend.lowLabel = "0 (relaxed)";
    legend.highLabel = "1 (maximal)";
    legend.note = "thicker = more active";
    legend.shortNote = legend.note;
  } else {
    legend.note = "not available (needs the muscle-load estimator; none has run yet): paths only";
    legend.shortNote = "not available";
  }
  out.hud.legends.push_back(std::move(legend));
}

void appendJointContact(const WalkerSceneInput& input, const SegmentPoses& poses,
                        const ViewOptions& options, DrawList& out) {
  const Model& model = *input.model;
  LegendHud legend;
  legend.tag = DrawTag::kJointContact;
  legend.title = "Joint contact force";
  if (!input.jointContact) {
    legend.note = "not available (needs the muscle-load estimator; none has run yet)";
    legend.shortNote = "not available";
    out.hud.legends.push_back(std::move(legend));
    return;
  }
  const double bw = bodyWeightN(model);
  const double scale = model.subject.heightM / 1.75;
  // Values are written for the leg on the viewer's side only (both would overlap).
  const Side near = options.viewerSide >= 0 ? Side::kRight : Side::kLeft;
  for (Side side : kSides) {
    const int s = static_cast<int>(side);
    const bool labelled = options.showLabels && side == near;
    // In front of the limb and its muscles, so that the limb does not hide ring and arrow.
    const double z = jointContactPlaneZ(model, side, options);
    for (JointType joint : kJointTypes) {
      const Vec2 f =
          input.jointContact->force_W[static_cast<std::size_t>(s)][static_cast<std::size_t>(joint)];
      const double forceBw = f.norm() / bw;
      const Vec2 center = poses[segmentOf(side, joint)].origin_W;
      RingPrim ring;
      ring.center_W = lift(center, z);
      ring.normal_W = Vec3::UnitZ();
      ring.radiusM = 0.035 + forceBw * options.jointContactRingMetersPerBw;
      ring.thicknessM = 0.006;
      ring.color = palette::kJointContact;
      ring.tag = DrawTag::kJointContact;
      out.rings.push_back(ring);
      if (forceBw > 1e-3) {
        ArrowPrim a;
        a.head_W = lift(center, z);
        a.tail_W = lift(center - f / bw * options.jointContactArrowMetersPerBw, z);
        a.radiusM = 0.008;
        a.color = palette::kJointContact;
        a.tag = DrawTag::kJointContact;
        out.arrows.push_back(a);
      }
      if (labelled) {
        LabelPrim l;
        l.anchor_W = lift(center + Vec2(ring.radiusM, 0), z);
        l.text = format("%.1f BW", forceBw);
        l.color = palette::kJointContact;
        l.tag = DrawTag::kJointContact;
        l.align = LabelPrim::Align::kLeft;
        l.sizeScale = 0.8f;
        out.labels.push_back(l);
      }
    }
    // Patellofemoral compression: the patella (a small sphere in front of the knee, where the
    // thigh's and the shank's anterior directions meet) and an arrow pressing it onto the femur.
    const double pfN = input.jointContact->patellofemoralN[static_cast<std::size_t>(s)];
    const int thigh = segmentOf(side, JointType::kHip), shank = segmentOf(side, JointType::kKnee);
    Vec2 front = poses[thigh].dirToWorld(Vec2(1, 0)) + poses[shank].dirToWorld(Vec2(1, 0));
    front = front.norm() > 1e-9 ? Vec2(front.normalized()) : Vec2(1, 0);
    const double patellaR = 0.011 * scale;
    const Vec2 patella =
        poses[shank].origin_W +
        front * (std::max(model.segments[thigh].depthM, model.segments[shank].depthM) + patellaR);
    out.spheres.push_back(
        {lift(patella, z), patellaR, palette::kPatellofemoral, DrawTag::kJointContact});
    const double pfBw = pfN / bw;
    if (pfBw > 1e-3) {
      ArrowPrim a;
      a.head_W = lift(patella + front * patellaR, z);
      a.tail_W = a.head_W + lift(front, 0) * (pfBw * options.jointContactArrowMetersPerBw);
      a.radiusM = 0.007;
      a.color = palette::kPatellofemoral;
      a.tag = DrawTag::kJointContact;
      out.arrows.push_back(a);
    }
    if (labelled) {
      LabelPrim l;
      l.anchor_W =
          lift(patella + front * (patellaR + pfBw * options.jointContactArrowMetersPerBw), z);
      l.text = format("PF %.1f BW", pfBw);
      l.color = palette::kPatellofemoral;
      l.tag = DrawTag::kJointContact;
      l.align = front.x() >= 0 ? LabelPrim::Align::kLeft : LabelPrim::Align::kRight;
      l.sizeScale = 0.8f;
      out.labels.push_back(l);
    }
  }
  legend.shortNote = "ring " + format("+%.0f mm/BW", 1000 * options.jointContactRingMetersPerBw);
  legend.note = legend.shortNote + ", arrow onto the lower bone; PF = patellofemoral";
  out.hud.legends.push_back(std::move(legend));
}

void appendJointMoments(const WalkerSceneInput& input, const SegmentPoses& poses,
                        const ViewOptions& options, DrawList& out) {
  if (!input.netMomentNm) return;
  const Model& model = *input.model;
  const double mass = model.totalMassKg();
  const double scale = model.subject.heightM / 1.75;
  for (Side side : kSides) {
    for (JointType joint : kJointTypes) {
      const int segment = segmentOf(side, joint);
      const double m = (*input.netMomentNm)[actuatedIndex(side, joint)];  // OpenSim sign
      const double perKg = m / mass;
      if (std::abs(perKg) < 0.02) continue;
      const double sweep = std::copysign(
          std::min(std::abs(perKg) * options.momentRadPerNmPerKg, options.maxMomentSweepRad),
          perKg);
      // Centre the arc on the distal segment's axis (pointing away from the joint); at the
      // ankle, between the foot and the shin (the foot's axis points into the ground).
      const Vec2 axis_S =
          joint == JointType::kAnkle ? Vec2(std::sqrt(0.5), std::sqrt(0.5)) : Vec2(0, -1);
      const Vec2 distal = poses[segment].dirToWorld(axis_S);
      const Vec2 start = rotation2d(-0.5 * sweep) * distal;
      ArcPrim arc;
      const double outward =
          model.segments[segment].depthM + 0.015;  // in front of the limb, toward its side
      arc.center_W =
          lift(poses[segment].origin_W, legPlaneZ(model, side, options) + sideSign(side) * outward);
      arc.normal_W = Vec3::UnitZ();
      arc.startDir_W = lift(start, 0);
      arc.sweepRad = sweep;
      arc.radiusM = (joint == JointType::kHip ? 0.13 : 0.11) * scale;
      arc.thicknessM = 0.011 * scale;
      arc.arrowHead = true;
      arc.color =
          clinicalMomentNm(joint, m) >= 0 ? palette::kExtensorMoment : palette::kFlexorMoment;
      arc.tag = DrawTag::kJointMoment;
      out.arcs.push_back(arc);
    }
  }
  KeyHud key;
  key.tag = DrawTag::kJointMoment;
  key.title =
      format("Joint moment: %.0f\xC2\xB0 = 1 N\xC2\xB7m/kg", radToDeg(options.momentRadPerNmPerKg));
  key.entries = {{palette::kExtensorMoment, "extensor / plantarflexor"},
                 {palette::kFlexorMoment, "flexor / dorsiflexor"}};
  out.hud.keys.push_back(std::move(key));
}

void appendPush(const WalkerSceneInput& input, const ViewOptions& options, DrawList& out) {
  if (!input.push) return;
  const double forceN = input.push->force_W.norm();
  if (forceN < 1.0) return;
  const double scale = input.model->subject.heightM / 1.75;
  const Vec2 dir = input.push->force_W / forceN;
  // The arrow ends on the trunk's surface, its length grows with the force (0.3 m at 100 N).
  const double length = std::clamp(0.15 + 0.0015 * forceN, 0.15, 0.9);
  ArrowPrim a;
  a.head_W = lift(input.push->point_W - dir * BodyLook{scale}.trunkRadius(), 0);
  a.tail_W = a.head_W - lift(dir, 0) * length;
  a.radiusM = 0.016 * scale;
  a.color = palette::kPush;
  a.tag = DrawTag::kPush;
  out.arrows.push_back(a);
  if (options.showLabels) {
    LabelPrim l;
    l.anchor_W = a.tail_W - lift(dir, 0) * 0.05;
    l.text = format("push %.0f N", forceN);
    l.color = palette::kPush;
    l.tag = DrawTag::kPush;
    l.align = dir.x() > 0 ? LabelPrim::Align::kRight : LabelPrim::Align::kLeft;
    out.labels.push_back(l);
  }
}

void appendPhaseBar(const WalkerSceneInput& input, DrawList& out) {
  PhaseBarHud bar;
  bar.title = "stance";
  // (Rows are built whole: assigning short literals to the labels trips GCC 12's bogus
  // -Wrestrict, GCC bug 105329.)
  bar.rows[0] = PhaseBarRow{std::string(1, 'R'), palette::kRightLeg, {}, false};
  bar.rows[1] = PhaseBarRow{std::string(1, 'L'), palette::kLeftLeg, {}, false};
  if (input.phase && input.phase->valid) {
    bar.cursor = std::clamp(input.phase->cursor, 0.0, 1.0);
    for (int i = 0; i < 2; ++i) {
      bar.rows[i].stance = input.phase->stance[i];
      bar.rows[i].loaded = input.phase->loaded[i];
    }
  } else {
    bar.note = "waiting for the first right initial contact";
    if (input.phase) {
      for (int i = 0; i < 2; ++i) bar.rows[i].loaded = input.phase->loaded[i];
    }
  }
  out.hud.phaseBar = std::move(bar);
}

// ---- draw list and palette ----

void DrawList::clear() {
  *this = DrawList{};
}

std::size_t DrawList::count(DrawTag tag) const {
  auto n = [tag](const auto& v) {
    return static_cast<std::size_t>(
        std::count_if(v.begin(), v.end(), [tag](const auto& p) { return p.tag == tag; }));
  };
  return n(spheres) + n(capsules) + n(boxes) + n(lines) + n(polylines) + n(arrows) + n(rings) +
         n(arcs) + n(discs) + n(labels);
}

std::size_t DrawList::size() const {
  return spheres.size() + capsules.size() + boxes.size() + lines.size() + polylines.size() +
         arrows.size() + rings.size() + arcs.size() + discs.size() + labels.size();
}

namespace palette {

Rgba mix(const Rgba& a, const Rgba& b, double t) {
  const float s = static_cast<float>(t);
  return {a.r + s * (b.r - a.r), a.g + s * (b.g - a.g), a.b + s * (b.b - a.b),
          a.a + s * (b.a - a.a)};
}

Rgba activationColor(double activation) {
  if (std::isnan(activation)) return kMuscleUnknown;
  const double a = std::clamp(activation, 0.0, 1.0);
  const double x = a * (kActivationStops.size() - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(x), kActivationStops.size() - 2);
  return mix(kActivationStops[i], kActivationStops[i + 1], x - static_cast<double>(i));
}

}  // namespace palette

}  // namespace retrogait
