#include "retrogait/model/model_loader.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "retrogait/core/json_view.h"
#include "retrogait/model/opensim_geometry.h"

namespace retrogait {

const char* sexName(Sex sex) {
  return sex == Sex::kMale ? "male" : "female";
}

Status validateSubject(const SubjectSpec& s) {
  auto outside = [](double v, double lo, double hi) { return !(v >= lo && v <= hi); };
  auto text = [](double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  };
  if (outside(s.heightM, kMinHeightM, kMaxHeightM)) {
    return Error{"height " + text(s.heightM) + " m is out of range (allowed 1.2 to 2.2 m)"};
  }
  if (outside(s.massKg, kMinMassKg, kMaxMassKg)) {
    return Error{"mass " + text(s.massKg) + " kg is out of range (allowed 30 to 150 kg)"};
  }
  return Ok{};
}

std::string defaultModelFile() {
  if (const char* dir = std::getenv("RETROGAIT_MODELS")) {
    return (std::filesystem::path(dir) / "walker9dof.json").string();
  }
  return std::string(RETROGAIT_MODELS_DIR) + "/walker9dof.json";
}

namespace {

struct SegmentFractions {
  double mass, com, rg;
};

SegmentFractions readFractions(const JsonView& v) {
  return {v.number("mass_fraction", 0.001, 0.9), v.number("com_fraction", 0.0, 1.0),
          v.number("rg_fraction", 0.01, 1.0)};
}

// OpenSim body name → body (the reference geometry has no talus and toes points).
OpenSimBody bodyForName(const JsonView& point, const std::string& body) {
  const std::optional<OpenSimBody> b = openSimBodyFromName(body);
  if (!b || *b == OpenSimBody::kTalus || *b == OpenSimBody::kToes) {
    point.failAt(
        "body",
        "'" + body + "' is not a body of this model (allowed: pelvis, femur, tibia, calcn)");
  }
  return *b;
}

int dofForCoordinate(const JsonView& where, const std::string& key, const std::string& coord,
                     Side side) {
  if (coord == "hip_flexion") return dofOf(side, JointType::kHip);
  if (coord == "knee_angle") return dofOf(side, JointType::kKnee);
  if (coord == "ankle_angle") return dofOf(side, JointType::kAnkle);
  where.failAt(
      key, "'" + coord + "' is not a coordinate (allowed: hip_flexion, knee_angle, ankle_angle)");
}

// Maps points given in the OpenSim gait10dof18musc body frames to our segment frames
// (opensim_geometry.h), then scales them to the subject. z (lateral, for drawing only) is measured
// from the hip centre's sagittal plane like the femur's and tibia's: pelvis points relative to the
// hip centre, calcaneus points with the talus → calcaneus offset.
struct PathMapper {
  Vec3 hipInPelvis;   // OpenSim pelvis frame → hip centre
  Vec3 calcnInTalus;  // OpenSim talus (ankle) frame → calcaneus frame origin
  double pelvisScale, thighScale, shankScale, footScaleX, footScaleY, zScale;

  Vec3 map(OpenSimBody body, const Vec3& p) const {
    OpenSimBodyOrigins origins;
    origins.origin_S[static_cast<std::size_t>(OpenSimBody::kPelvis)] = -hipInPelvis;
    origins.origin_S[static_cast<std::size_t>(OpenSimBody::kCalcn)] = calcnInTalus;
    const Vec3 u = mapOpenSimPoint(body, p, origins);
    switch (body) {
      case OpenSimBody::kPelvis:
        return {u.x() * pelvisScale, u.y() * pelvisScale, u.z() * zScale};
      case OpenSimBody::kFemur:
        return {u.x() * thighScale, u.y() * thighScale, u.z() * zScale};
      case OpenSimBody::kTibia:
        return {u.x() * shankScale, u.y() * shankScale, u.z() * zScale};
      default:
        return {u.x() * footScaleX, u.y() * footScaleY, u.z() * zScale};
    }
  }
};

// OpenSim's knee translation (opensim_geometry.h): the tibia origin in the femur frame vs knee
// angle, at the reference size; our knee is a pin at (0, −thigh length).
struct KneeTranslation {
  CubicSpline x, y;  // tibia origin in the femur frame vs knee angle [rad → m], reference size
  bool present = false;
};

void foldKneeTranslation(const JsonView& where, std::vector<MusclePathPoint>& path,
                         const KneeTranslation& knee, int kneeDof, double referenceThighM,
                         double femurScale) {
  if (!knee.present || path.empty()) return;
  // t(θ) − c in the femur frame, scaled with the femur (as OpenSim's Scale tool scales a joint's
  // translation with its parent body).
  auto offset_F = [&](double q) {
    return Vec2(femurScale * (Vec2(knee.x.value(q), knee.y.value(q)) - Vec2(0, -referenceThighM)));
  };
  if (Status folded = foldKneeTranslation(path, offset_F, kneeDof); !folded) {
    where.fail(folded.error());
  }
}

int segmentKind(int segment) {
  return segment == kHat ? 0 : (segment - 1) % 3 + 1;
}

// Musculotendon length with every coordinate at zero (all segment frames aligned), used to
// scale fibre and tendon lengths as OpenSim's Scale tool does (keeping their ratio to the path).
double pathLengthAtZeroPose(const std::vector<MusclePathPoint>& path, double thighLength,
                            double shankLength) {
  auto origin = [&](int segment) {
    switch (segmentKind(segment)) {
      case 0:
      case 1:
        return Vec2(0, 0);
      case 2:
        return Vec2(0, -thighLength);
      default:
        return Vec2(0, -thighLength - shankLength);
    }
  };
  double length = 0;
  bool first = true;
  Vec2 previous;
  for (const auto& pt : path) {
    if (pt.conditionDof && !(0.0 >= pt.conditionMinRad && 0.0 <= pt.conditionMaxRad)) continue;
    Vec2 local =
        pt.movingDof ? Vec2(pt.movingX.value(0), pt.movingY.value(0)) : Vec2(pt.point_S.head<2>());
    Vec2 world = origin(pt.segment) + local;
    if (!first) length += (world - previous).norm();
    previous = world;
    first = false;
  }
  return length;
}

std::vector<double> readArray(const JsonView& v, double lo, double hi) {
  std::vector<double> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.push_back(v.at(i).asNumber(lo, hi));
  return out;
}

Vec3 readVec3(const JsonView& v, double lo, double hi) {
  if (v.size() != 3) v.fail("expected 3 numbers [x, y, z]");
  return {v.at(0).asNumber(lo, hi), v.at(1).asNumber(lo, hi), v.at(2).asNumber(lo, hi)};
}

MusclePathPoint readPathPoint(const JsonView& v, Side side, const PathMapper& mapper, bool scaled) {
  MusclePathPoint pt;
  const OpenSimBody body = bodyForName(v, v.string("body"));
  pt.segment = segmentForOpenSimBody(body, side);
  const double zSign = side == Side::kRight ? 1.0 : -1.0;
  PathMapper identity{mapper.hipInPelvis, mapper.calcnInTalus, 1, 1, 1, 1, 1, 1};
  const PathMapper& m = scaled ? mapper : identity;
  if (v.has("moving")) {
    JsonView mv = v.at("moving");
    pt.movingDof = dofForCoordinate(mv, "coordinate", mv.string("coordinate"), side);
    std::vector<double> knots = readArray(mv.at("knots_deg"), -360, 360);
    std::vector<double> xs = readArray(mv.at("x_m"), -1, 1), ys = readArray(mv.at("y_m"), -1, 1);
    if (xs.size() != knots.size() || ys.size() != knots.size() || knots.size() < 2) {
      mv.fail("knots_deg, x_m and y_m must have the same length (at least 2)");
    }
    for (std::size_t i = 1; i < knots.size(); ++i) {
      if (!(knots[i] > knots[i - 1])) mv.at("knots_deg").fail("knots must increase");
    }
    for (auto& k : knots) k = degToRad(k);
    for (std::size_t i = 0; i < xs.size(); ++i) {
      Vec3 p = m.map(body, Vec3(xs[i], ys[i], 0));
      xs[i] = p.x();
      ys[i] = p.y();
    }
    pt.movingX = CubicSpline(knots, xs);
    pt.movingY = CubicSpline(knots, ys);
    pt.point_S = Vec3(0, 0, zSign * mv.number("z_m", -1, 1) * m.zScale);
  } else {
    Vec3 p = m.map(body, readVec3(v.at("point_m"), -1.0, 1.0));
    p.z() *= zSign;
    pt.point_S = p;
  }
  if (v.has("active_when")) {
    JsonView c = v.at("active_when");
    pt.conditionDof = dofForCoordinate(c, "coordinate", c.string("coordinate"), side);
    pt.conditionMinRad = degToRad(c.number("min_deg", -360, 360));
    pt.conditionMaxRad = degToRad(c.number("max_deg", -360, 360));
    if (pt.conditionMinRad >= pt.conditionMaxRad) c.fail("min_deg must be below max_deg");
  }
  return pt;
}

Model buildModelOrThrow(const nlohmann::json& doc, const std::string& file,
                        std::optional<SubjectSpec> subjectOverride) {
  JsonView root(doc, "");
  if (root.string("schema") != "retrogait.model/1") {
    root.failAt("schema",
                "'" + root.string("schema") + "' is not supported (allowed: retrogait.model/1)");
  }
  Model model;
  model.name = root.string("name");
  model.sourceFile = file;

  // Subject: defaults from the file, optionally overridden.
  JsonView subj = root.at("subject");
  SubjectSpec s;
  s.heightM = subj.number("height_m", kMinHeightM, kMaxHeightM);
  s.massKg = subj.number("mass_kg", kMinMassKg, kMaxMassKg);
  s.sex = subj.choice("sex", {"male", "female"}) == "male" ? Sex::kMale : Sex::kFemale;
  if (subjectOverride) {
    if (Status st = validateSubject(*subjectOverride); !st) throw JsonError("subject", st.error());
    s = *subjectOverride;
  }
  model.subject = s;
  const double H = s.heightM, M = s.massKg;

  // Anthropometry.
  JsonView anth = root.at("anthropometry");
  JsonView len = anth.at("length_fraction_of_height");
  const double thighL = len.number("thigh", 0.1, 0.4) * H;
  const double shankL = len.number("shank", 0.1, 0.4) * H;
  const double footL = len.number("foot", 0.05, 0.3) * H;
  const double ankleH = len.number("ankle_height", 0.01, 0.1) * H;
  const double hipToShoulder = len.number("hip_to_shoulder", 0.1, 0.5) * H;
  const double hipWidth = len.number("hip_width", 0.05, 0.4) * H;
  JsonView hat = anth.at("hat");
  const double hatCom = hat.number("com_fraction", 0.0, 1.0);
  const double hatRg = hat.number("rg_fraction", 0.01, 1.0);
  JsonView sexTable = anth.at(s.sex == Sex::kMale ? "male" : "female");
  JsonView parts = sexTable.at("hat_parts_mass_fraction");
  const double hatMassFraction =
      parts.number("head", 0, 0.2) + parts.number("trunk", 0, 0.7) +
      2.0 * (parts.number("upper_arm", 0, 0.1) + parts.number("forearm", 0, 0.1) +
             parts.number("hand", 0, 0.05));
  const SegmentFractions thighF = readFractions(sexTable.at("thigh"));
  const SegmentFractions shankF = readFractions(sexTable.at("shank"));
  const SegmentFractions footF = readFractions(sexTable.at("foot"));
  const double totalFraction = hatMassFraction + 2.0 * (thighF.mass + shankF.mass + footF.mass);
  if (std::abs(totalFraction - 1.0) > 0.005) {
    sexTable.fail("segment mass fractions sum to " + std::to_string(totalFraction) +
                  " (must be 1 within 0.005)");
  }

  JsonView pelvis = root.at("pelvis");
  model.uprightPelvisTiltRad = degToRad(pelvis.number("upright_pelvis_tilt_deg", -45, 45));
  const double heelBehind = root.at("foot").number("heel_behind_ankle_fraction", 0.0, 0.5) * footL;

  // HAT: origin at the hip joint centre; trunk upright when the pelvis has its upright tilt.
  Segment& hatSeg = model.segments[kHat];
  hatSeg.name = "hat";
  hatSeg.parent = -1;
  hatSeg.massKg = M * hatMassFraction / totalFraction;
  const Vec2 trunkAxis_S(std::sin(model.uprightPelvisTiltRad),
                         std::cos(model.uprightPelvisTiltRad));
  hatSeg.com_S = hatCom * hipToShoulder * trunkAxis_S;
  hatSeg.inertiaKgm2 = hatSeg.massKg * std::pow(hatRg * hipToShoulder, 2);
  hatSeg.lengthM = hipToShoulder;
  hatSeg.depthM = 0.5 * hipWidth;

  for (Side side : kSides) {
    const char* sfx = side == Side::kRight ? "_r" : "_l";
    Segment& thigh = model.segments[segmentOf(side, JointType::kHip)];
    thigh.name = std::string("thigh") + sfx;
    thigh.parent = kHat;
    thigh.massKg = M * thighF.mass / totalFraction;
    thigh.com_S = Vec2(0, -thighF.com * thighL);
    thigh.inertiaKgm2 = thigh.massKg * std::pow(thighF.rg * thighL, 2);
    thigh.jointInParent_P = Vec2::Zero();
    thigh.lengthM = thighL;
    thigh.depthM = 0.035 * H / 1.75;

    Segment& shank = model.segments[segmentOf(side, JointType::kKnee)];
    shank.name = std::string("shank") + sfx;
    shank.parent = segmentOf(side, JointType::kHip);
    shank.massKg = M * shankF.mass / totalFraction;
    shank.com_S = Vec2(0, -shankF.com * shankL);
    shank.inertiaKgm2 = shank.massKg * std::pow(shankF.rg * shankL, 2);
    shank.jointInParent_P = Vec2(0, -thighL);
    shank.lengthM = shankL;
    shank.depthM = 0.028 * H / 1.75;

    Segment& foot = model.segments[segmentOf(side, JointType::kAnkle)];
    foot.name = std::string("foot") + sfx;
    foot.parent = segmentOf(side, JointType::kKnee);
    foot.massKg = M * footF.mass / totalFraction;
    foot.com_S = Vec2(-heelBehind + footF.com * footL, -0.5 * ankleH);
    foot.inertiaKgm2 = foot.massKg * std::pow(footF.rg * footL, 2);
    foot.jointInParent_P = Vec2(0, -shankL);
    foot.lengthM = footL;
    foot.depthM = 0.045 * H / 1.75;
  }
  model.ankleHeightM = ankleH;
  model.footLengthM = footL;
  model.legLengthM = thighL + shankL + ankleH;

  // Joints.
  JsonView joints = root.at("joints");
  for (Side side : kSides) {
    for (JointType jt : kJointTypes) {
      JsonView j = joints.at(jointName(jt));
      JointSpec& spec = model.joints[actuatedIndex(side, jt)];
      spec.dof = dofOf(side, jt);
      spec.name = dofName(spec.dof);
      spec.minRad = degToRad(j.number("min_deg", -180, 180));
      spec.maxRad = degToRad(j.number("max_deg", -180, 180));
      if (spec.minRad >= spec.maxRad) j.fail("min_deg must be below max_deg");
      spec.maxTorqueNm = j.number("max_torque_nm_per_kg", 0.1, 10.0) * M;
    }
  }
  model.jointLimits.stiffnessNmPerRad = joints.number("limit_stiffness_nm_per_rad", 0, 1e5);
  model.jointLimits.dampingNmsPerRad = joints.number("limit_damping_nms_per_rad", 0, 1e3);

  // Contact.
  JsonView contact = root.at("contact");
  JsonView spheres = contact.at("spheres");
  if (spheres.size() < 2) spheres.fail("need at least 2 spheres per foot (heel and toe)");
  for (Side side : kSides) {
    for (std::size_t i = 0; i < spheres.size(); ++i) {
      JsonView sp = spheres.at(i);
      ContactSphere cs;
      cs.name = sp.string("name") + (side == Side::kRight ? "_r" : "_l");
      cs.segment = footSegment(side);
      cs.radiusM = sp.number("radius_m", 0.001, 0.1);
      cs.center_S = Vec2(sp.number("x_fraction_of_foot", -0.5, 1.0) * footL, -ankleH + cs.radiusM);
      model.contacts.push_back(cs);
    }
  }
  model.contact.stiffness = contact.number("stiffness_n_per_m1_5", 1e3, 1e9);
  model.contact.dissipationSpm = contact.number("dissipation_s_per_m", 0, 100);
  model.contact.frictionCoefficient = contact.number("friction_coefficient", 0, 3);
  model.contact.tangentialStiffnessNpm = contact.number("tangential_stiffness_n_per_m", 1e2, 1e8);
  model.contact.tangentialDampingNspm = contact.number("tangential_damping_ns_per_m", 0, 1e5);

  // Muscles (9 per leg, mapped from the OpenSim frames).
  JsonView muscles = root.at("muscles");
  JsonView ref = muscles.at("reference_geometry");
  const double refH = ref.number("height_m", 1.0, 2.5);
  const Vec3 hipInPelvis = readVec3(ref.at("hip_in_pelvis_m"), -1, 1);
  const Vec3 calcnInTalus = readVec3(ref.at("calcn_in_talus_m"), -1, 1);
  const double refThigh = ref.number("thigh_length_m", 0.1, 1.0);
  const double refShank = ref.number("shank_length_m", 0.1, 1.0);
  PathMapper mapper{hipInPelvis,
                    calcnInTalus,
                    H / refH,
                    thighL / refThigh,
                    shankL / refShank,
                    footL / ref.number("foot_length_m", 0.1, 0.5),
                    ankleH / ref.number("ankle_height_m", 0.01, 0.2),
                    H / refH};
  model.hipFromPelvisOrigin_S = Vec2(hipInPelvis.x(), hipInPelvis.y()) * mapper.pelvisScale;
  KneeTranslation knee;
  if (ref.has("tibia_origin_in_femur")) {
    JsonView t = ref.at("tibia_origin_in_femur");
    auto spline = [&](const char* axis) {
      JsonView a = t.at(axis);
      std::vector<double> knots = readArray(a.at("knots_deg"), -360, 360);
      const std::vector<double> values = readArray(a.at("values_m"), -1, 1);
      if (knots.size() != values.size() || knots.size() < 2) {
        a.fail("knots_deg and values_m must have the same length (at least 2)");
      }
      for (std::size_t i = 1; i < knots.size(); ++i) {
        if (!(knots[i] > knots[i - 1])) a.at("knots_deg").fail("knots must increase");
      }
      for (auto& k : knots) k = degToRad(k);
      return CubicSpline(knots, values);
    };
    knee.x = spline("x");
    knee.y = spline("y");
    knee.present = true;
  }
  JsonView list = muscles.at("list");
  if (list.size() == 0) list.fail("no muscles");
  for (Side side : kSides) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      JsonView mv = list.at(i);
      MuscleSpec m;
      m.name = mv.string("name") + (side == Side::kRight ? "_r" : "_l");
      m.side = side;
      m.maxIsometricForceN = mv.number("max_isometric_force_n", 1, 1e5);
      m.optimalFiberLengthM = mv.number("optimal_fiber_length_m", 0.005, 1.0);
      m.tendonSlackLengthM = mv.number("tendon_slack_length_m", 0.0, 1.0);
      m.pennationAtOptimalRad = degToRad(mv.number("pennation_at_optimal_deg", 0, 60));
      m.maxContractionVelocityLoptPerS = mv.number("max_contraction_velocity_lopt_per_s", 1, 30);
      m.activationTimeConstantS = mv.number("activation_time_constant_s", 1e-4, 1);
      m.deactivationTimeConstantS = mv.number("deactivation_time_constant_s", 1e-4, 1);
      JsonView path = mv.at("path");
      if (path.size() < 2) path.fail("a path needs at least 2 points");
      std::vector<MusclePathPoint> reference;
      for (std::size_t k = 0; k < path.size(); ++k) {
        m.path.push_back(readPathPoint(path.at(k), side, mapper, true));
        reference.push_back(readPathPoint(path.at(k), side, mapper, false));
      }
      const int kneeDof = dofOf(side, JointType::kKnee);
      foldKneeTranslation(path, m.path, knee, kneeDof, refThigh, mapper.thighScale);
      foldKneeTranslation(path, reference, knee, kneeDof, refThigh, 1.0);
      // Keep l_opt and l_ts in proportion to the scaled path, as OpenSim's Scale tool does (both
      // lengths with the knee translation folded in, i.e. OpenSim's own path length at the zero
      // pose for the reference).
      const double lengthRef = pathLengthAtZeroPose(reference, refThigh, refShank);
      const double lengthOurs = pathLengthAtZeroPose(m.path, thighL, shankL);
      if (lengthRef <= 1e-6) mv.fail("path has zero length");
      const double scale = lengthOurs / lengthRef;
      m.optimalFiberLengthM *= scale;
      m.tendonSlackLengthM *= scale;
      model.muscles.push_back(std::move(m));
    }
  }
  return model;
}

}  // namespace

Result<Model> buildModel(const nlohmann::json& document, const std::string& file,
                         std::optional<SubjectSpec> subject) {
  try {
    return buildModelOrThrow(document, file, subject);
  } catch (const JsonError& e) {
    return Error{file + ": " + e.what()};
  } catch (const nlohmann::json::exception& e) {
    return Error{file + ": " + e.what()};
  } catch (const std::invalid_argument& e) {
    return Error{file + ": " + e.what()};
  }
}

Result<Model> loadModel(const std::string& file, std::optional<SubjectSpec> subject) {
  try {
    return buildModel(parseJsonFile(file), file, subject);
  } catch (const JsonError& e) {
    return Error{file + ": " + (e.path().empty() ? std::string(e.what()).substr(2) : e.what())};
  }
}

}  // namespace retrogait
