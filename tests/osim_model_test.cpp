// The .osim reader (io/osim_model.h) on OpenSim's subject01 model (data/opensim_subject01): what it
// loads, and, the key check, that our planar pin-knee Model gives the musculotendon lengths and
// moment arms of an independent 3-D forward-kinematics chain written here from the XML (OpenSim's
// joint and path-point definitions, SimmSpline re-derived from its end conditions) at every row
// of the subject's IK trial. Then the refusals of broken inputs, and the simulation-only constants
// that the reader borrows from models/walker9dof.json.

#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

#include "retrogait/analysis/muscle_geometry.h"
#include "retrogait/io/osim_model.h"
#include "retrogait/model/kinematics.h"
#include "test_support.h"

using namespace retrogait;
using namespace retrogait::test;
using tinyxml2::XMLElement;

namespace {

const char* const kOsimFile = "data/opensim_subject01/subject01.osim";
const char* const kIkFile = "data/opensim_subject01/subject01_walk_IK.mot";

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- XML access (test-side, independent of the reader) ----

const XMLElement* findNamed(const XMLElement* e, const std::string& tag, const std::string& name) {
  for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    const char* n = c->Attribute("name");
    if (n && name == n && (tag.empty() || tag == c->Name())) return c;
    if (const XMLElement* d = findNamed(c, tag, name)) return d;
  }
  return nullptr;
}

const XMLElement* sub(const XMLElement* e, const char* tag) {
  const XMLElement* c = e ? e->FirstChildElement(tag) : nullptr;
  if (!c) throw std::runtime_error(std::string("test: missing <") + tag + ">");
  return c;
}

std::vector<double> nums(const XMLElement* e) {
  std::istringstream in(e->GetText() ? e->GetText() : "");
  std::vector<double> v;
  for (double x; in >> x;) v.push_back(x);
  return v;
}

std::string text(const XMLElement* e) {
  std::istringstream in(e->GetText() ? e->GetText() : "");
  std::string s;
  in >> s;
  return s;
}

Eigen::Vector3d vec3(const XMLElement* e) {
  const auto v = nums(e);
  if (v.size() != 3) throw std::runtime_error("test: expected 3 numbers");
  return {v[0], v[1], v[2]};
}

std::string lastComponent(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// ---- OpenSim's SimmSpline, derived from its definition rather than its code: the cubic spline
// whose third derivative on the first and last intervals equals that of the cubic through the
// first and last four knots (a parabola for three knots), linear beyond the knots. Solved for
// the second derivatives M with a dense system. ----

struct RefSpline {
  std::vector<double> x, y, M;

  RefSpline(std::vector<double> xs, std::vector<double> ys) : x(std::move(xs)), y(std::move(ys)) {
    const int n = static_cast<int>(x.size());
    M.assign(x.size(), 0.0);
    if (n < 3) return;
    auto dd = [&](int i, int k) {  // divided difference f[x_i .. x_{i+k}]
      std::vector<double> f(y.begin() + i, y.begin() + i + k + 1);
      for (int level = 1; level <= k; ++level) {
        for (int j = 0; j + level <= k; ++j) {
          f[j] = (f[j + 1] - f[j]) / (x[i + j + level] - x[i + j]);
        }
      }
      return f[0];
    };
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(n, n);
    Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
    for (int i = 1; i < n - 1; ++i) {
      const double h0 = x[i] - x[i - 1], h1 = x[i + 1] - x[i];
      A(i, i - 1) = h0;
      A(i, i) = 2 * (h0 + h1);
      A(i, i + 1) = h1;
      b(i) = 6 * ((y[i + 1] - y[i]) / h1 - (y[i] - y[i - 1]) / h0);
    }
    // s''' on an end interval = (M_{k+1} − M_k)/h = 6 f[four end knots] (0 with three knots).
    const double h0 = x[1] - x[0], hn = x[n - 1] - x[n - 2];
    A(0, 0) = -1 / h0;
    A(0, 1) = 1 / h0;
    A(n - 1, n - 2) = -1 / hn;
    A(n - 1, n - 1) = 1 / hn;
    if (n > 3) {
      b(0) = 6 * dd(0, 3);
      b(n - 1) = 6 * dd(n - 4, 3);
    }
    const Eigen::VectorXd m = A.fullPivLu().solve(b);
    for (int i = 0; i < n; ++i) M[static_cast<std::size_t>(i)] = m(i);
  }

  double piece(std::size_t i, double t, bool derivative) const {
    const double h = x[i + 1] - x[i], a = x[i + 1] - t, c = t - x[i];
    if (derivative) {
      return -M[i] * a * a / (2 * h) + M[i + 1] * c * c / (2 * h) + (y[i + 1] - y[i]) / h -
             (M[i + 1] - M[i]) * h / 6;
    }
    return M[i] * a * a * a / (6 * h) + M[i + 1] * c * c * c / (6 * h) +
           (y[i] / h - M[i] * h / 6) * a + (y[i + 1] / h - M[i + 1] * h / 6) * c;
  }
  double value(double t) const {
    const std::size_t n = x.size();
    if (n == 2) return y[0] + (t - x[0]) * (y[1] - y[0]) / (x[1] - x[0]);
    if (t < x[0]) return y[0] + (t - x[0]) * piece(0, x[0], true);
    if (t > x[n - 1]) return y[n - 1] + (t - x[n - 1]) * piece(n - 2, x[n - 1], true);
    std::size_t i = 0;
    while (i + 2 < n && t > x[i + 1]) ++i;
    return piece(i, t, false);
  }
};

// The functions this model uses: Constant, LinearFunction, SimmSpline, MultiplierFunction.
std::function<double(double)> refFunction(const XMLElement* holder) {
  for (const XMLElement* f = holder->FirstChildElement(); f; f = f->NextSiblingElement()) {
    const std::string tag = f->Name();
    if (tag == "Constant") {
      const double v = nums(sub(f, "value"))[0];
      return [v](double) { return v; };
    }
    if (tag == "LinearFunction") {
      const auto c = nums(sub(f, "coefficients"));
      return [c](double q) { return c[0] * q + c[1]; };
    }
    if (tag == "SimmSpline") {
      auto s = std::make_shared<RefSpline>(nums(sub(f, "x")), nums(sub(f, "y")));
      return [s](double q) { return s->value(q); };
    }
    if (tag == "MultiplierFunction") {
      const double scale = nums(sub(f, "scale"))[0];
      auto inner = refFunction(sub(f, "function"));
      return [scale, inner](double q) { return scale * inner(q); };
    }
  }
  throw std::runtime_error("test: unsupported function");
}

// ---- 3-D forward kinematics straight from the JointSet ----

struct Xf {
  Eigen::Matrix3d R = Eigen::Matrix3d::Identity();
  Eigen::Vector3d p = Eigen::Vector3d::Zero();
  Xf operator*(const Xf& b) const { return {R * b.R, R * b.p + p}; }
  Eigen::Vector3d operator()(const Eigen::Vector3d& v) const { return R * v + p; }
};
Xf shift(const Eigen::Vector3d& t) {
  return {Eigen::Matrix3d::Identity(), t};
}
Xf rotate(const Eigen::Vector3d& axis, double angle) {
  return {Eigen::AngleAxisd(angle, axis.normalized()).toRotationMatrix(), Eigen::Vector3d::Zero()};
}

using Coordinates = std::map<std::string, double>;

struct JointDef {
  std::string parent, child;
  Xf parentFrame, childFrame;                    // the joint's frames in their bodies
  std::function<Xf(const Coordinates&)> motion;  // child joint frame in the parent joint frame
};

class Chain {
 public:
  explicit Chain(const XMLElement* model) {
    const XMLElement* joints = sub(sub(model, "JointSet"), "objects");
    for (const XMLElement* j = joints->FirstChildElement(); j; j = j->NextSiblingElement()) {
      m_joints.push_back(readJoint(j));
    }
  }

  // Every body's frame in ground.
  std::map<std::string, Xf> bodies(const Coordinates& q) const {
    std::map<std::string, Xf> x{{"ground", Xf{}}};
    for (std::size_t pass = 0; pass < m_joints.size(); ++pass) {
      for (const JointDef& j : m_joints) {
        if (x.count(j.child) || !x.count(j.parent)) continue;
        const Xf childFrameInverse{j.childFrame.R.transpose(),
                                   -(j.childFrame.R.transpose() * j.childFrame.p)};
        x[j.child] = x.at(j.parent) * j.parentFrame * j.motion(q) * childFrameInverse;
      }
    }
    return x;
  }

 private:
  static std::pair<std::string, Xf> frame(const XMLElement* joint, const char* socket) {
    const std::string name = text(sub(joint, socket));
    for (const XMLElement* f = sub(joint, "frames")->FirstChildElement(); f;
         f = f->NextSiblingElement()) {
      if (name != f->Attribute("name")) continue;
      const Eigen::Vector3d o = vec3(sub(f, "orientation"));
      EXPECT_EQ(o.norm(), 0.0) << "this chain assumes unrotated joint frames";
      return {lastComponent(text(sub(f, "socket_parent"))), shift(vec3(sub(f, "translation")))};
    }
    throw std::runtime_error("test: frame " + name + " not found");
  }

  static JointDef readJoint(const XMLElement* j) {
    JointDef d;
    std::tie(d.parent, d.parentFrame) = frame(j, "socket_parent_frame");
    std::tie(d.child, d.childFrame) = frame(j, "socket_child_frame");
    const std::string type = j->Name();
    if (type == "WeldJoint") {
      d.motion = [](const Coordinates&) { return Xf{}; };
    } else if (type == "PinJoint") {  // about the joint frames' common Z
      const std::string c = sub(sub(j, "coordinates"), "Coordinate")->Attribute("name");
      d.motion = [c](const Coordinates& q) { return rotate(Eigen::Vector3d::UnitZ(), q.at(c)); };
    } else if (type == "CustomJoint") {
      // OpenSim's SpatialTransform: rotations 1-3 body-fixed in sequence, then translations
      // 1-3 along axes of the parent frame; each axis value a function of its coordinate.
      struct Axis {
        Eigen::Vector3d axis;
        std::string coordinate;
        std::function<double(double)> f;
        bool rotation;
      };
      std::vector<Axis> axes;
      const XMLElement* st = sub(j, "SpatialTransform");
      for (const XMLElement* ta = st->FirstChildElement("TransformAxis"); ta;
           ta = ta->NextSiblingElement("TransformAxis")) {
        const std::string name = ta->Attribute("name");
        axes.push_back({vec3(sub(ta, "axis")), text(sub(ta, "coordinates")), refFunction(ta),
                        name.rfind("rotation", 0) == 0});
      }
      d.motion = [axes](const Coordinates& q) {
        Xf rot, tr;
        for (const Axis& a : axes) {
          const double v = a.f(a.coordinate.empty() ? 0.0 : q.at(a.coordinate));
          if (a.rotation) {
            rot = rot * rotate(a.axis, v);
          } else {
            tr.p += a.axis.normalized() * v;
          }
        }
        return tr * rot;
      };
    } else {
      throw std::runtime_error("test: joint type " + type);
    }
    return d;
  }

  std::vector<JointDef> m_joints;
};

// ---- Muscle paths as OpenSim defines them ----

struct RefPoint {
  std::string body;
  Eigen::Vector3d location = Eigen::Vector3d::Zero();
  std::string condition;  // ConditionalPathPoint coordinate
  double lo = 0, hi = 0;
  std::string moving;  // MovingPathPoint coordinate
  std::function<double(double)> fx, fy, fz;
};

struct RefMuscle {
  std::string name;
  double fmax, lopt, lts;
  std::vector<RefPoint> points;
};

std::vector<RefMuscle> refMuscles(const XMLElement* model) {
  std::vector<RefMuscle> out;
  const XMLElement* forces = sub(sub(model, "ForceSet"), "objects");
  for (const XMLElement* m = forces->FirstChildElement(); m; m = m->NextSiblingElement()) {
    if (!m->FirstChildElement("GeometryPath")) continue;
    RefMuscle r{m->Attribute("name"),
                nums(sub(m, "max_isometric_force"))[0],
                nums(sub(m, "optimal_fiber_length"))[0],
                nums(sub(m, "tendon_slack_length"))[0],
                {}};
    const XMLElement* pts = sub(sub(sub(m, "GeometryPath"), "PathPointSet"), "objects");
    for (const XMLElement* p = pts->FirstChildElement(); p; p = p->NextSiblingElement()) {
      RefPoint rp;
      rp.body = lastComponent(text(sub(p, "socket_parent_frame")));
      const std::string type = p->Name();
      if (type == "MovingPathPoint") {
        rp.moving = lastComponent(text(sub(p, "socket_x_coordinate")));
        EXPECT_EQ(rp.moving, lastComponent(text(sub(p, "socket_y_coordinate"))));
        rp.fx = refFunction(sub(p, "x_location"));
        rp.fy = refFunction(sub(p, "y_location"));
        rp.fz = refFunction(sub(p, "z_location"));
      } else {
        rp.location = vec3(sub(p, "location"));
      }
      if (type == "ConditionalPathPoint") {
        rp.condition = lastComponent(text(sub(p, "socket_coordinate")));
        const auto range = nums(sub(p, "range"));
        rp.lo = range[0];
        rp.hi = range[1];
      }
      r.points.push_back(std::move(rp));
    }
    out.push_back(std::move(r));
  }
  return out;
}

// Musculotendon length through the active points: in the sagittal plane (what our planar model
// computes) and in 3-D (for information).
std::pair<double, double> refLength(const RefMuscle& m, const std::map<std::string, Xf>& bodies,
                                    const Coordinates& q) {
  std::vector<Eigen::Vector3d> world;
  for (const RefPoint& p : m.points) {
    if (!p.condition.empty()) {
      const double v = q.at(p.condition);
      if (!(v >= p.lo && v <= p.hi)) continue;
    }
    Eigen::Vector3d local = p.location;
    if (!p.moving.empty()) {
      const double v = q.at(p.moving);
      local = {p.fx(v), p.fy(v), p.fz(v)};
    }
    world.push_back(bodies.at(p.body)(local));
  }
  double planar = 0, spatial = 0;
  for (std::size_t k = 1; k < world.size(); ++k) {
    planar += (world[k] - world[k - 1]).head<2>().norm();
    spatial += (world[k] - world[k - 1]).norm();
  }
  return {planar, spatial};
}

// The IK trial: coordinate values per row (angles converted to radians).
std::vector<Coordinates> readIkRows(const std::string& path) {
  std::istringstream in(readText(path));
  std::string line;
  bool degrees = false;
  while (std::getline(in, line) && line.rfind("endheader", 0) != 0) {
    if (line.rfind("inDegrees=yes", 0) == 0) degrees = true;
  }
  std::getline(in, line);
  std::istringstream header(line);
  std::vector<std::string> labels;
  for (std::string l; header >> l;) labels.push_back(l);
  std::vector<Coordinates> rows;
  while (std::getline(in, line)) {
    std::istringstream values(line);
    Coordinates row;
    double v = 0;
    for (std::size_t i = 0; i < labels.size() && values >> v; ++i) {
      const bool length = labels[i] == "time" || labels[i] == "pelvis_tx" ||
                          labels[i] == "pelvis_ty" || labels[i] == "pelvis_tz";
      row[labels[i]] = degrees && !length ? degToRad(v) : v;
    }
    if (row.size() == labels.size()) rows.push_back(row);
  }
  return rows;
}

VecQ ourQ(const Model& model, const Coordinates& c) {
  VecQ q = VecQ::Zero();
  const double tilt = c.at("pelvis_tilt");
  const Vec2 hip =
      Vec2(c.at("pelvis_tx"), c.at("pelvis_ty")) + rotation2d(tilt) * model.hipFromPelvisOrigin_S;
  q[kPelvisTx] = hip.x();
  q[kPelvisTy] = hip.y();
  q[kPelvisTilt] = tilt;
  const char* names[] = {"hip_flexion_r", "knee_angle_r", "ankle_angle_r",
                         "hip_flexion_l", "knee_angle_l", "ankle_angle_l"};
  for (int i = 0; i < kNumActuated; ++i) q[kHipR + i] = c.at(names[i]);
  return q;
}

struct Subject {
  std::string xml;
  tinyxml2::XMLDocument doc;
  const XMLElement* model = nullptr;
  Subject() : xml(readText(sourcePath(kOsimFile))) {
    doc.Parse(xml.c_str(), xml.size());
    model = doc.RootElement()->FirstChildElement("Model");
  }
};

Model loadSubject(double lumbarRad = 0) {
  OsimLoadOptions options;
  options.lumbarExtensionRad = lumbarRad;
  auto m = loadOsimModel(sourcePath(kOsimFile), options);
  EXPECT_TRUE(m) << m.error();
  return m.value();
}

}  // namespace

TEST(OsimModel, LoadsSubject01WithTheFilesMassesAndMuscleParameters) {
  const Subject s;
  const Model m = loadSubject();
  double bodyMass = 0;
  const XMLElement* bodies = sub(sub(s.model, "BodySet"), "objects");
  for (const XMLElement* b = bodies->FirstChildElement("Body"); b;
       b = b->NextSiblingElement("Body")) {
    bodyMass += nums(sub(b, "mass"))[0];
  }
  EXPECT_NEAR(m.subject.massKg, bodyMass, 1e-9);
  EXPECT_NEAR(m.totalMassKg(), bodyMass, 1e-9);
  EXPECT_NEAR(bodyMass, 72.6, 0.05);

  // Same muscles, in the JSON model's order, with the file's parameters.
  const Model json = defaultModel();
  ASSERT_EQ(m.muscles.size(), json.muscles.size());
  for (std::size_t i = 0; i < m.muscles.size(); ++i) {
    EXPECT_EQ(m.muscles[i].name, json.muscles[i].name);
    EXPECT_EQ(m.muscles[i].side, json.muscles[i].side);
  }
  int checked = 0;
  for (const RefMuscle& r : refMuscles(s.model)) {
    const int i = m.muscleIndex(r.name);
    ASSERT_GE(i, 0) << r.name;
    const MuscleSpec& spec = m.muscles[static_cast<std::size_t>(i)];
    EXPECT_EQ(spec.maxIsometricForceN, r.fmax) << r.name;
    EXPECT_EQ(spec.optimalFiberLengthM, r.lopt) << r.name;
    EXPECT_EQ(spec.tendonSlackLengthM, r.lts) << r.name;
    ++checked;
  }
  EXPECT_EQ(checked, 18);
  auto muscle = [&](const char* name) { return m.muscles[m.muscleIndex(name)]; };
  EXPECT_NEAR(muscle("glut_max_r").tendonSlackLengthM, 0.0798, 0.0001);
  EXPECT_NEAR(muscle("vasti_l").optimalFiberLengthM, 0.1247, 0.0001);
  EXPECT_NEAR(muscle("gastroc_r").optimalFiberLengthM, 0.0901, 0.0001);
  EXPECT_NEAR(muscle("soleus_r").pennationAtOptimalRad, 0.43633231, 1e-12);
  EXPECT_EQ(muscle("tib_ant_l").deactivationTimeConstantS, 0.04);
  EXPECT_EQ(muscle("hamstrings_l").side, Side::kLeft);

  // Ranges from the coordinates (the file's left ankle range differs from the right's).
  EXPECT_NEAR(m.joint(Side::kRight, JointType::kKnee).minRad, -2.0943951, 1e-7);
  EXPECT_NEAR(m.joint(Side::kRight, JointType::kKnee).maxRad, 0.17453293, 1e-9);
  EXPECT_NEAR(m.joint(Side::kLeft, JointType::kAnkle).maxRad, 1.04719755, 1e-8);
  EXPECT_NEAR(m.hipFromPelvisOrigin_S.x(), -0.0724378, 1e-9);
  EXPECT_NEAR(m.hipFromPelvisOrigin_S.y(), -0.0677247, 1e-9);

  std::printf(
      "[ subject01 ] mass %.3f kg, height %.3f m (estimated), leg %.3f m, foot %.4f m, "
      "ankle height %.4f m\n",
      m.subject.massKg, m.subject.heightM, m.legLengthM, m.footLengthM, m.ankleHeightM);
  for (const Segment& g : m.segments) {
    std::printf(
        "    %-8s %7.3f kg  COM (%7.4f, %7.4f) m  Izz %.4f kg m2  joint (%7.4f, %7.4f) m  "
        "length %.4f m\n",
        g.name.c_str(), g.massKg, g.com_S.x(), g.com_S.y(), g.inertiaKgm2, g.jointInParent_P.x(),
        g.jointInParent_P.y(), g.lengthM);
  }
  for (const MuscleSpec& spec : m.muscles) {
    std::printf("    %-13s F_max %6.0f N  l_opt %.4f m  l_ts %.4f m\n", spec.name.c_str(),
                spec.maxIsometricForceN, spec.optimalFiberLengthM, spec.tendonSlackLengthM);
  }
}

// The HAT holds the torso at the back angle it is given.
TEST(OsimModel, HatFusesTheTorsoAtTheGivenLumbarExtension) {
  const Model upright = loadSubject(0);
  const Model bent = loadSubject(degToRad(-26));
  EXPECT_NEAR(upright.segments[kHat].massKg, bent.segments[kHat].massKg, 1e-12);
  EXPECT_GT((upright.segments[kHat].com_S - bent.segments[kHat].com_S).norm(), 0.05);
  // Rotating the torso (lumbar −26°: flexion) moves the HAT COM forward.
  EXPECT_GT(bent.segments[kHat].com_S.x(), upright.segments[kHat].com_S.x());
  EXPECT_NEAR(bent.uprightPelvisTiltRad, degToRad(26), 1e-12);
}

// The key check: our Model against an independent 3-D chain of the XML over the whole trial.
TEST(OsimModel, LengthsAndMomentArmsMatchAnIndependentChainOverTheTrial) {
  const Subject s;
  const std::vector<Coordinates> rows = readIkRows(sourcePath(kIkFile));
  ASSERT_GT(rows.size(), 100u);
  double lumbar = 0;
  for (const auto& r : rows) lumbar += r.at("lumbar_extension") / static_cast<double>(rows.size());
  const Model m = loadSubject(lumbar);
  const Chain chain(s.model);
  const std::vector<RefMuscle> muscles = refMuscles(s.model);
  ASSERT_EQ(muscles.size(), 18u);

  double worstLength = 0, worstArm = 0, worst3d = 0, worstHip = 0;
  // OpenSim's vasti and rect_fem insertion SimmSplines have three knots 0.01° apart at knee 0:
  // their slope changes by ~1 % within 0.02°, which our 1° resampling smooths over. The error
  // away from there, for the record.
  double worstArmAway = 0;
  std::string worstLengthAt, worstArmAt;
  std::map<std::string, std::array<double, 3>> perMuscle;  // length, arm errors; 3-D − planar
  const double h = 1e-6;
  for (const Coordinates& c : rows) {
    const VecQ q = ourQ(m, c);
    const SegmentPoses poses = computePoses(m, q);
    const auto bodies = chain.bodies(c);
    // Hip centres: the femur origins of the chain.
    worstHip =
        std::max(worstHip, (bodies.at("femur_r").p.head<2>() - poses[kThighR].origin_W).norm());
    worstHip =
        std::max(worstHip, (bodies.at("femur_l").p.head<2>() - poses[kThighL].origin_W).norm());
    for (const RefMuscle& r : muscles) {
      const MuscleSpec& spec = m.muscles[static_cast<std::size_t>(m.muscleIndex(r.name))];
      const auto [planar, spatial] = refLength(r, bodies, c);
      const MuscleGeometry g = computeMuscleGeometry(m, spec, poses, q, VecQ::Zero());
      const double lengthError = std::abs(g.lengthM - planar);
      worst3d = std::max(worst3d, std::abs(spatial - planar));
      auto& pm = perMuscle[r.name];
      pm[0] = std::max(pm[0], lengthError);
      pm[2] = std::max(pm[2], spatial - planar);
      if (lengthError > worstLength) {
        worstLength = lengthError;
        worstLengthAt = r.name + " at t = " + std::to_string(c.at("time"));
      }
      const std::string sfx = r.name.substr(r.name.size() - 2);
      const std::array<std::string, 3> coords = {"hip_flexion" + sfx, "knee_angle" + sfx,
                                                 "ankle_angle" + sfx};
      for (int j = 0; j < 3; ++j) {
        Coordinates plus = c, minus = c;
        plus[coords[j]] += h;
        minus[coords[j]] -= h;
        const double arm = -(refLength(r, chain.bodies(plus), plus).first -
                             refLength(r, chain.bodies(minus), minus).first) /
                           (2 * h);
        const double armError = std::abs(g.momentArmM[j] - arm);
        pm[1] = std::max(pm[1], armError);
        if (std::abs(c.at("knee_angle" + sfx)) > 0.01)
          worstArmAway = std::max(worstArmAway, armError);
        if (armError > worstArm) {
          worstArm = armError;
          worstArmAt = r.name + " " + coords[j] + " at t = " + std::to_string(c.at("time"));
        }
      }
    }
  }
  std::printf(
      "[ subject01 vs 3-D chain, %zu rows x 18 muscles ] max |length error| %.2e m (%s), "
      "max |moment-arm error| %.2e m (%s); hip centres %.1e m; 3-D vs sagittal length "
      "up to %.2f mm\n",
      rows.size(), worstLength, worstLengthAt.c_str(), worstArm, worstArmAt.c_str(), worstHip,
      1000 * worst3d);
  std::printf("    max |moment-arm error| with the knee beyond ±0.01 rad of 0: %.2e m\n",
              worstArmAway);
  for (const auto& [name, e] : perMuscle) {
    std::printf("    %-13s length %.2e m  moment arm %.2e m  (3-D path longer by up to %.1f mm)\n",
                name.c_str(), e[0], e[1], 1000 * e[2]);
  }
  EXPECT_LT(worstHip, 1e-9);
  EXPECT_LT(worstLength, 0.5e-3);
  EXPECT_LT(worstArm, 1e-3);
}

// ---- Refusals ----

namespace {

std::string edited(const std::function<void(tinyxml2::XMLDocument&, XMLElement*)>& edit) {
  Subject s;
  XMLElement* model = s.doc.RootElement()->FirstChildElement("Model");
  edit(s.doc, model);
  tinyxml2::XMLPrinter printer;
  s.doc.Print(&printer);
  return printer.CStr();
}

XMLElement* named(XMLElement* model, const std::string& tag, const std::string& name) {
  auto* e = const_cast<XMLElement*>(findNamed(model, tag, name));
  if (!e) throw std::runtime_error("test: no " + tag + " " + name);
  return e;
}

void expectRefused(const std::string& xml, std::initializer_list<const char*> words) {
  const Result<Model> m = parseOsimModel(xml, "subject.osim");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().rfind("subject.osim: ", 0), 0u) << m.error();
  for (const char* w : words) EXPECT_NE(m.error().find(w), std::string::npos) << m.error();
  std::printf("    refused: %s\n", m.error().substr(0, 240).c_str());
}

}  // namespace

TEST(OsimModel, RefusesBrokenInputsWithAMessageThatNamesTheProblem) {
  // The unedited round trip loads (so each refusal below is due to its edit).
  ASSERT_TRUE(parseOsimModel(edited([](auto&, auto*) {}), "subject.osim"));

  expectRefused(R"(<OpenSimDocument Version="40000"><Model name="x"></Model></OpenSimDocument>)",
                {"/Model/BodySet", "missing"});
  expectRefused("<OpenSimDocument Version=\"40000\"></OpenSimDocument>", {"no <Model>"});
  expectRefused("this is not XML <", {"not XML"});
  expectRefused("", {"not XML"});
  expectRefused(readText(sourcePath(kOsimFile)).substr(0, 100000), {"not XML"});
  expectRefused(edited([](auto&, XMLElement* m) {
                  XMLElement* muscle = named(m, "", "vasti_l");
                  muscle->Parent()->DeleteChild(muscle);
                }),
                {"[name=vasti_l]: missing", "needs muscles hamstrings_r"});
  expectRefused(edited([](auto&, XMLElement* m) {
                  XMLElement* body = named(m, "Body", "femur_r");
                  body->Parent()->DeleteChild(body);
                }),
                {"/Model/BodySet/objects/Body[name=femur_r]: missing", "needs bodies pelvis"});
  expectRefused(edited([](auto&, XMLElement* m) {
                  XMLElement* joint = named(m, "CustomJoint", "knee_l");
                  joint->Parent()->DeleteChild(joint);
                }),
                {"[name=knee_l]: missing", "needs joints"});
  expectRefused(edited([](auto&, XMLElement* m) {
                  named(m, "Coordinate", "ankle_angle_r")->SetAttribute("name", "ankle_r_angle");
                }),
                {"Coordinate[name=ankle_angle_r]: missing"});
  expectRefused(edited([](tinyxml2::XMLDocument&, XMLElement* m) {
                  m->Parent()->ToElement()->SetAttribute("Version", "30000");
                }),
                {"OpenSim 3"});
  // OpenSim 3 spelling of a path point's body.
  expectRefused(edited([](tinyxml2::XMLDocument& d, XMLElement* m) {
                  XMLElement* p = named(m, "PathPoint", "glut_max_r-P1");
                  XMLElement* body = d.NewElement("body");
                  body->SetText("pelvis");
                  p->InsertFirstChild(body);
                }),
                {"PathPoint[name=glut_max_r-P1]/body", "OpenSim 3"});
  // A rotated joint frame; a rotation about a non-sagittal axis.
  expectRefused(edited([](auto&, XMLElement* m) {
                  named(named(m, "PinJoint", "hip_r"), "PhysicalOffsetFrame", "pelvis_offset")
                      ->FirstChildElement("orientation")
                      ->SetText("0 0.1 0");
                }),
                {"hip_r", "orientation"});
  expectRefused(edited([](auto&, XMLElement* m) {
                  named(named(m, "CustomJoint", "knee_r"), "TransformAxis", "rotation1")
                      ->FirstChildElement("axis")
                      ->SetText("1 0 0");
                }),
                {"knee_r", "not sagittal"});
  expectRefused(edited([](auto&, XMLElement* m) {
                  named(m, "WeldJoint", "subtalar_r")->SetName("PinJoint");
                }),
                {"subtalar_r", "expected a WeldJoint"});
  // A path point on a body we do not map; wrapping; a non-finite number; a function we do not
  // evaluate.
  expectRefused(edited([](auto&, XMLElement* m) {
                  named(m, "PathPoint", "bifemlh_r-P1")
                      ->FirstChildElement("socket_parent_frame")
                      ->SetText("/bodyset/torso");
                }),
                {"bifemlh_r-P1", "not a body we can map"});
  expectRefused(edited([](tinyxml2::XMLDocument& d, XMLElement* m) {
                  XMLElement* wraps = named(m, "", "glut_max_r")
                                          ->FirstChildElement("GeometryPath")
                                          ->FirstChildElement("PathWrapSet")
                                          ->FirstChildElement("objects");
                  XMLElement* w = d.NewElement("PathWrap");
                  w->SetAttribute("name", "glut_wrap");
                  wraps->InsertEndChild(w);
                }),
                {"glut_max_r", "wrapping"});
  expectRefused(edited([](auto&, XMLElement* m) {
                  named(m, "Body", "tibia_l")->FirstChildElement("mass")->SetText("nan");
                }),
                {"Body[name=tibia_l]/mass", "not a finite number"});
  expectRefused(
      edited([](auto&, XMLElement* m) {
        named(m, "", "soleus_r")->FirstChildElement("optimal_fiber_length")->SetText("-1");
      }),
      {"soleus_r]/optimal_fiber_length", "out of range"});
  expectRefused(edited([](auto&, XMLElement* m) {
                  named(named(m, "CustomJoint", "knee_r"), "TransformAxis", "translation1")
                      ->FirstChildElement("MultiplierFunction")
                      ->FirstChildElement("function")
                      ->FirstChildElement("SimmSpline")
                      ->SetName("GCVSpline");
                }),
                {"GCVSpline", "not supported"});
  expectRefused(edited([](auto&, XMLElement* m) {
                  named(m, "ConditionalPathPoint", "psoas_r-P3")
                      ->FirstChildElement("socket_coordinate")
                      ->SetText("/jointset/back/lumbar_extension");
                }),
                {"psoas_r-P3", "not a coordinate this muscle can follow"});
}

// Properties .osim does not hold come from models/walker9dof.json (per kg where they scale).
TEST(OsimModel, SimulationOnlyPropertiesAreTheWalkerModels) {
  const Model osim = loadSubject();
  const Model json = defaultModel();
  for (Side side : kSides) {
    for (JointType jt : kJointTypes) {
      EXPECT_NEAR(osim.joint(side, jt).maxTorqueNm / osim.totalMassKg(),
                  json.joint(side, jt).maxTorqueNm / json.subject.massKg, 1e-12);
    }
  }
  EXPECT_EQ(osim.jointLimits.stiffnessNmPerRad, json.jointLimits.stiffnessNmPerRad);
  EXPECT_EQ(osim.jointLimits.dampingNmsPerRad, json.jointLimits.dampingNmsPerRad);
  EXPECT_EQ(osim.contact.stiffness, json.contact.stiffness);
  EXPECT_EQ(osim.contact.dissipationSpm, json.contact.dissipationSpm);
  EXPECT_EQ(osim.contact.frictionCoefficient, json.contact.frictionCoefficient);
  EXPECT_EQ(osim.contact.tangentialStiffnessNpm, json.contact.tangentialStiffnessNpm);
  EXPECT_EQ(osim.contact.tangentialDampingNspm, json.contact.tangentialDampingNspm);
  ASSERT_EQ(osim.contacts.size(), json.contacts.size());
  for (std::size_t i = 0; i < osim.contacts.size(); ++i) {
    EXPECT_EQ(osim.contacts[i].name, json.contacts[i].name);
    EXPECT_EQ(osim.contacts[i].segment, json.contacts[i].segment);
    EXPECT_EQ(osim.contacts[i].radiusM, json.contacts[i].radiusM);
    // Resting on the sole.
    EXPECT_NEAR(osim.contacts[i].center_S.y() - osim.contacts[i].radiusM, -osim.ankleHeightM,
                1e-12);
  }
  // Leg length and the Drillis-Contini proportions it is built from.
  EXPECT_NEAR(osim.legLengthM / osim.subject.heightM, 0.530, 1e-12);
}
