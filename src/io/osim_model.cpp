#include "retrogait/io/osim_model.h"

#include <tinyxml2.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "retrogait/analysis/muscle_geometry.h"
#include "retrogait/core/cubic_spline.h"
#include "retrogait/model/opensim_geometry.h"

namespace retrogait {
namespace {

using tinyxml2::XMLElement;

// ---------------------------------------------------------------------------------------------
// Family constants.

const std::array<const char*, 12> kFamilyBodies = {"pelvis",  "femur_r", "tibia_r", "talus_r",
                                                   "calcn_r", "toes_r",  "femur_l", "tibia_l",
                                                   "talus_l", "calcn_l", "toes_l",  "torso"};
const std::array<const char*, 11> kFamilyJoints = {
    "ground_pelvis", "hip_r",  "knee_r",  "ankle_r",    "subtalar_r", "mtp_r",
    "hip_l",         "knee_l", "ankle_l", "subtalar_l", "mtp_l"};  // and "back"
// Muscles per leg, in the JSON model's order (models/walker9dof.json muscles.list).
const std::array<const char*, 9> kFamilyMuscles = {"hamstrings", "bifemsh",  "glut_max",
                                                   "iliopsoas",  "rect_fem", "vasti",
                                                   "gastroc",    "soleus",   "tib_ant"};

// Simulation-only properties that .osim does not hold: models/walker9dof.json's values
// (joints.*.max_torque_nm_per_kg, limit_*; contact.*). tests/osim_model_test.cpp holds them
// against the JSON model.
constexpr std::array<double, 3> kMaxTorqueNmPerKg = {3.5, 3.5, 3.0};  // hip, knee, ankle
constexpr double kLimitStiffnessNmPerRad = 400.0, kLimitDampingNmsPerRad = 8.0;
constexpr double kContactStiffness = 5e5, kContactDissipationSpm = 1.0, kFriction = 0.9;
constexpr double kTangentialStiffnessNpm = 5e4, kTangentialDampingNspm = 200.0;
constexpr double kHeelRadiusM = 0.03, kToeRadiusM = 0.02;
constexpr double kHeelAheadOfCalcnFraction = 0.06;  // JSON: heel sphere −0.14 L, heel −0.20 L

// Drillis, Contini & Bluestein (1964) via Winter (2009) Fig. 4.1, fractions of height.
constexpr double kHipHeightFraction = 0.530;    // greater trochanter
constexpr double kAnkleHeightFraction = 0.039;  // lateral malleolus
constexpr double kHipToShoulderFraction = 0.288;
constexpr double kHipWidthFraction = 0.191;

constexpr double kZeroTolerance = 1e-12;

// ---------------------------------------------------------------------------------------------
// XML access with element paths for messages.

struct OsimFailure {
  std::string where, problem;
};

[[noreturn]] void failAt(const std::string& where, const std::string& problem) {
  throw OsimFailure{where, problem};
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

struct Node {
  const XMLElement* element = nullptr;
  std::string path;

  std::string tag() const { return element->Name(); }
  std::string name() const {
    const char* n = element->Attribute("name");
    return n ? n : "";
  }
  [[noreturn]] void fail(const std::string& problem) const { failAt(path, problem); }

  std::optional<Node> find(const char* childTag) const {
    const XMLElement* c = element->FirstChildElement(childTag);
    if (!c) return std::nullopt;
    return Node{c, path + "/" + childTag};
  }
  Node child(const char* childTag, const std::string& expected) const {
    if (auto c = find(childTag)) return *c;
    failAt(path + "/" + childTag, "missing (expected " + expected + ")");
  }
  // Element children, each named "Tag[name=...]" in its path.
  std::vector<Node> children() const {
    std::vector<Node> out;
    for (const XMLElement* c = element->FirstChildElement(); c; c = c->NextSiblingElement()) {
      const char* n = c->Attribute("name");
      out.push_back(
          {c, path + "/" + c->Name() + (n ? std::string("[name=") + n + "]" : std::string())});
    }
    return out;
  }
  std::string text() const {
    const char* t = element->GetText();
    std::string s = t ? t : "";
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
  }
  std::vector<std::string> words() const {
    std::istringstream in(text());
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
  }
  std::vector<double> numbers() const {
    std::vector<double> out;
    for (std::string w : words()) {
      const char* b = w.data() + (w[0] == '+' ? 1 : 0);
      double v = 0;
      const auto res = std::from_chars(b, w.data() + w.size(), v);
      if (res.ec == std::errc::result_out_of_range ||
          (res.ec == std::errc() && !std::isfinite(v))) {
        fail("'" + w + "' is not a finite number");
      }
      if (res.ec != std::errc() || res.ptr != w.data() + w.size()) {
        fail("'" + w + "' is not a number");
      }
      out.push_back(v);
    }
    return out;
  }
  double number() const {
    const std::vector<double> v = numbers();
    if (v.size() != 1) fail("expected one number, found " + std::to_string(v.size()));
    return v[0];
  }
  double number(double lo, double hi, const char* unit) const {
    const double v = number();
    if (!(v >= lo && v <= hi)) {
      std::ostringstream msg;
      msg << v << " is out of range (allowed " << lo << " to " << hi << " " << unit << ")";
      fail(msg.str());
    }
    return v;
  }
  Vec3 vec3() const {
    const std::vector<double> v = numbers();
    if (v.size() != 3) fail("expected 3 numbers (x y z), found " + std::to_string(v.size()));
    return {v[0], v[1], v[2]};
  }
};

// Last component of a socket path ("/jointset/knee_r/knee_angle_r" → "knee_angle_r") and the one
// before it ("knee_r"; "" if none).
std::pair<std::string, std::string> socketTail(const std::string& socket) {
  std::string s = socket;
  while (!s.empty() && s.back() == '/') s.pop_back();
  const auto slash = s.rfind('/');
  if (slash == std::string::npos) return {s, ""};
  const std::string last = s.substr(slash + 1);
  const std::string head = s.substr(0, slash);
  const auto slash2 = head.rfind('/');
  return {last, slash2 == std::string::npos ? head : head.substr(slash2 + 1)};
}

// OpenSim 3 wrote bodies and coordinates as child elements; OpenSim 4 uses sockets.
void refuseOpenSim3Spelling(const Node& n, std::initializer_list<const char*> tags,
                            const char* expected) {
  for (const char* t : tags) {
    if (auto c = n.find(t)) {
      c->fail(std::string("OpenSim 3 spelling (expected ") + expected +
              "; open and save the model in OpenSim 4 to convert it)");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// OpenSim functions.

// OpenSim's SimmSpline (Peter Loan's SIMM spline, OpenSim Common/SimmSpline.cpp): a cubic spline
// with the Forsythe, Malcolm & Moler (1977) end conditions (third derivatives at the ends from
// divided differences of the first and last four knots; with 3 knots a parabola), evaluated as a
// cubic inside the knots and linearly (the end slope) beyond them.
class SimmSpline {
 public:
  SimmSpline() = default;
  SimmSpline(std::vector<double> x, std::vector<double> y) : m_x(std::move(x)), m_y(std::move(y)) {
    const std::size_t n = m_x.size();
    m_b.assign(n, 0.0);
    m_c.assign(n, 0.0);
    m_d.assign(n, 0.0);
    if (n == 2) {
      m_b[0] = m_b[1] = (m_y[1] - m_y[0]) / (m_x[1] - m_x[0]);
      return;
    }
    const std::size_t nm1 = n - 1, nm2 = n - 2;
    // Tridiagonal system: b diagonal, d off-diagonal, c right-hand side.
    m_d[0] = m_x[1] - m_x[0];
    m_c[1] = (m_y[1] - m_y[0]) / m_d[0];
    for (std::size_t i = 1; i < nm1; ++i) {
      m_d[i] = m_x[i + 1] - m_x[i];
      m_b[i] = 2.0 * (m_d[i - 1] + m_d[i]);
      m_c[i + 1] = (m_y[i + 1] - m_y[i]) / m_d[i];
      m_c[i] = m_c[i + 1] - m_c[i];
    }
    m_b[0] = -m_d[0];
    m_b[nm1] = -m_d[nm2];
    m_c[0] = 0.0;
    m_c[nm1] = 0.0;
    if (n > 3) {
      const double d31 = m_x[3] - m_x[1], d20 = m_x[2] - m_x[0];
      const double d1 = m_x[nm1] - m_x[n - 3], d2 = m_x[nm2] - m_x[n - 4];
      const double d30 = m_x[3] - m_x[0], d3 = m_x[nm1] - m_x[n - 4];
      m_c[0] = m_c[2] / d31 - m_c[1] / d20;
      m_c[nm1] = m_c[nm2] / d1 - m_c[n - 3] / d2;
      m_c[0] = m_c[0] * m_d[0] * m_d[0] / d30;
      m_c[nm1] = -m_c[nm1] * m_d[nm2] * m_d[nm2] / d3;
    }
    for (std::size_t i = 1; i < n; ++i) {  // forward elimination
      const double t = m_d[i - 1] / m_b[i - 1];
      m_b[i] -= t * m_d[i - 1];
      m_c[i] -= t * m_c[i - 1];
    }
    m_c[nm1] /= m_b[nm1];  // back substitution
    for (std::size_t j = 0; j < nm1; ++j) {
      const std::size_t i = nm2 - j;
      m_c[i] = (m_c[i] - m_d[i] * m_c[i + 1]) / m_b[i];
    }
    m_b[nm1] = (m_y[nm1] - m_y[nm2]) / m_d[nm2] + m_d[nm2] * (m_c[nm2] + 2.0 * m_c[nm1]);
    for (std::size_t i = 0; i < nm1; ++i) {
      m_b[i] = (m_y[i + 1] - m_y[i]) / m_d[i] - m_d[i] * (m_c[i + 1] + 2.0 * m_c[i]);
      m_d[i] = (m_c[i + 1] - m_c[i]) / m_d[i];
      m_c[i] *= 3.0;
    }
    m_c[nm1] *= 3.0;
    m_d[nm1] = m_d[nm2];
  }

  double value(double x) const {
    const std::size_t n = m_x.size();
    if (x < m_x[0]) return m_y[0] + (x - m_x[0]) * m_b[0];
    if (x > m_x[n - 1]) return m_y[n - 1] + (x - m_x[n - 1]) * m_b[n - 1];
    const std::size_t k = std::min<std::size_t>(
        n - 2,
        static_cast<std::size_t>(std::upper_bound(m_x.begin(), m_x.end(), x) - m_x.begin()) - 1);
    const double dx = x - m_x[k];
    return m_y[k] + dx * (m_b[k] + dx * (m_c[k] + dx * m_d[k]));
  }

 private:
  std::vector<double> m_x, m_y, m_b, m_c, m_d;
};

// One function of one coordinate (or a constant).
struct Function {
  enum class Kind { kConstant, kLinear, kSimmSpline, kNaturalSpline, kPiecewiseLinear };
  Kind kind = Kind::kConstant;
  double scale = 1;  // product of enclosing MultiplierFunction scales
  double constant = 0, slope = 0, intercept = 0;
  SimmSpline simm;
  CubicSpline natural;
  std::vector<double> x, y;  // piecewise linear

  double value(double q) const {
    switch (kind) {
      case Kind::kConstant:
        return scale * constant;
      case Kind::kLinear:
        return scale * (slope * q + intercept);
      case Kind::kSimmSpline:
        return scale * simm.value(q);
      case Kind::kNaturalSpline:
        return scale * natural.value(q);
      case Kind::kPiecewiseLinear: {
        const std::size_t n = x.size();
        const std::size_t k =
            q <= x[0] ? 0
                      : std::min<std::size_t>(
                            n - 2, static_cast<std::size_t>(
                                       std::upper_bound(x.begin(), x.end(), q) - x.begin()) -
                                       1);
        return scale * (y[k] + (q - x[k]) * (y[k + 1] - y[k]) / (x[k + 1] - x[k]));
      }
    }
    return 0;
  }
  bool isConstant() const { return kind == Kind::kConstant; }
  bool isIdentity() const {
    return kind == Kind::kLinear && std::abs(scale * slope - 1.0) < kZeroTolerance &&
           std::abs(scale * intercept) < kZeroTolerance;
  }
};

bool isFunctionTag(const std::string& tag) {
  auto endsWith = [&](const char* s) {
    const std::string e = s;
    return tag.size() >= e.size() && tag.compare(tag.size() - e.size(), e.size(), e) == 0;
  };
  return tag == "Constant" || tag == "Sine" || endsWith("Function") || endsWith("Spline");
}

Function readFunctionElement(const Node& f);

// The function held by `holder` (a TransformAxis, x_location, MultiplierFunction's <function>).
Function readFunction(const Node& holder) {
  for (const Node& c : holder.children()) {
    if (isFunctionTag(c.tag())) return readFunctionElement(c);
  }
  if (auto wrapped = holder.find("function")) return readFunction(*wrapped);  // OpenSim 3 style
  holder.fail(
      "missing function (expected one of Constant, LinearFunction, SimmSpline, "
      "NaturalCubicSpline, PiecewiseLinearFunction, MultiplierFunction)");
}

std::pair<std::vector<double>, std::vector<double>> readKnots(const Node& f) {
  std::vector<double> x = f.child("x", "the knots").numbers();
  std::vector<double> y = f.child("y", "the values").numbers();
  if (x.size() != y.size() || x.size() < 2) {
    f.fail("x and y must have the same number of values, at least 2 (found " +
           std::to_string(x.size()) + " and " + std::to_string(y.size()) + ")");
  }
  for (std::size_t i = 1; i < x.size(); ++i) {
    if (!(x[i] > x[i - 1])) f.fail("the knots x must increase");
  }
  return {std::move(x), std::move(y)};
}

Function readFunctionElement(const Node& f) {
  const std::string tag = f.tag();
  Function fn;
  if (tag == "Constant") {
    fn.constant = f.child("value", "the constant's value").number();
  } else if (tag == "LinearFunction") {
    const std::vector<double> c = f.child("coefficients", "slope and intercept").numbers();
    if (c.size() != 2) f.fail("expected 2 coefficients (slope intercept)");
    fn.kind = Function::Kind::kLinear;
    fn.slope = c[0];
    fn.intercept = c[1];
  } else if (tag == "SimmSpline" || tag == "NaturalCubicSpline") {
    auto [x, y] = readKnots(f);
    if (tag == "SimmSpline") {
      fn.kind = Function::Kind::kSimmSpline;
      fn.simm = SimmSpline(std::move(x), std::move(y));
    } else {
      fn.kind = Function::Kind::kNaturalSpline;
      fn.natural = CubicSpline(std::move(x), std::move(y));
    }
  } else if (tag == "PiecewiseLinearFunction") {
    auto [x, y] = readKnots(f);
    fn.kind = Function::Kind::kPiecewiseLinear;
    fn.x = std::move(x);
    fn.y = std::move(y);
  } else if (tag == "MultiplierFunction") {
    fn = readFunction(f.child("function", "the function to scale"));
    if (auto s = f.find("scale")) fn.scale *= s->number();
  } else {
    f.fail(
        "function type not supported (allowed: Constant, LinearFunction, SimmSpline, "
        "NaturalCubicSpline, PiecewiseLinearFunction, MultiplierFunction)");
  }
  return fn;
}

// ---------------------------------------------------------------------------------------------
// Bodies and joints.

struct BodyInfo {
  Node node;
  double massKg = 0;
  Vec3 com = Vec3::Zero();
  double izz = 0;
};

// A joint as we use it: where its frames sit in the parent and child bodies, its coordinate and
// the translation of the child frame in the parent frame along the coordinate (CustomJoint;
// zero for PinJoint and WeldJoint).
struct JointInfo {
  Node node;
  std::string parentBody, childBody;
  Vec3 parentOffset = Vec3::Zero(), childOffset = Vec3::Zero();
  std::string coordinate;  // empty for a weld
  Node coordinateNode;
  double minRad = 0, maxRad = 0;
  std::vector<std::pair<Vec3, Function>> translation;  // axis × function of the coordinate

  Vec3 translationAt(double q) const {
    Vec3 t = Vec3::Zero();
    for (const auto& [axis, f] : translation) t += axis * f.value(q);
    return t;
  }
};

class OsimReader {
 public:
  OsimReader(const Node& model, const OsimLoadOptions& options)
      : m_model(model), m_options(options) {}

  Model read();

 private:
  void readBodies();
  JointInfo readJoint(const std::string& name, const std::string& parent, const std::string& child,
                      const std::string& coordinate, bool translationAllowed);
  std::pair<std::string, Vec3> resolveJointFrame(const Node& joint, const char* socket);
  Vec3 readAxis(const Node& axisNode) const;
  const BodyInfo& body(const std::string& name) const { return m_bodies.at(name); }
  MuscleSpec readMuscle(const Node& muscle, Side side, const OpenSimBodyOrigins& origins,
                        const JointInfo& knee);

  Node m_model;
  OsimLoadOptions m_options;
  std::map<std::string, BodyInfo> m_bodies;
  std::map<std::string, Node> m_joints;
  std::map<std::string, Node> m_forces;
};

void OsimReader::readBodies() {
  const Node set = m_model.child("BodySet", "the bodies").child("objects", "the bodies");
  std::vector<std::string> needed(kFamilyBodies.begin(), kFamilyBodies.end());
  for (const Node& b : set.children()) {
    if (b.tag() != "Body") continue;
    refuseOpenSim3Spelling(b, {"Joint", "inertia_xx", "mass_center_x"},
                           "a <JointSet> and <inertia>");
    BodyInfo info;
    info.node = b;
    info.massKg = b.child("mass", "the body's mass [kg]").number(0.0, 1e4, "kg");
    info.com = b.child("mass_center", "the centre of mass [m]").vec3();
    const Node inertia = b.child("inertia", "[Ixx Iyy Izz Ixy Ixz Iyz] [kg m^2]");
    const std::vector<double> in = inertia.numbers();
    if (in.size() != 6) inertia.fail("expected 6 numbers (Ixx Iyy Izz Ixy Ixz Iyz)");
    if (!(in[2] >= 0)) inertia.fail("Izz must not be negative");
    info.izz = in[2];
    const std::string name = b.name();
    if (std::find(needed.begin(), needed.end(), name) == needed.end() && info.massKg > 0) {
      b.fail("a body with mass outside the gait10dof18musc family (needs exactly the bodies " +
             list(needed) + "; its mass would be lost)");
    }
    m_bodies.emplace(name, info);
  }
  for (const auto& n : needed) {
    if (!m_bodies.count(n)) {
      failAt(set.path + "/Body[name=" + n + "]",
             "missing (a gait10dof18musc-family model needs bodies " + list(needed) + ")");
    }
  }
}

Vec3 OsimReader::readAxis(const Node& axisNode) const {
  const Vec3 a = axisNode.vec3();
  if (!(a.norm() > 1e-9)) axisNode.fail("the axis must not be zero");
  return a / a.norm();
}

// Body and offset of a joint's parent or child frame: a PhysicalOffsetFrame listed in the joint's
// <frames> (OpenSim 4's usual form), or a body directly.
std::pair<std::string, Vec3> OsimReader::resolveJointFrame(const Node& joint, const char* socket) {
  const Node s = joint.child(socket, "the name of a frame");
  const std::string value = s.text();
  const auto [last, before] = socketTail(value);
  if (before != "bodyset" && last != "ground") {
    if (auto frames = joint.find("frames")) {
      for (const Node& f : frames->children()) {
        if (f.name() != last) continue;
        if (f.tag() != "PhysicalOffsetFrame") {
          f.fail("frame type not supported (allowed: PhysicalOffsetFrame)");
        }
        const auto [bodyName, bodyBefore] =
            socketTail(f.child("socket_parent", "the frame's body").text());
        if (auto o = f.find("orientation")) {
          if (o->vec3().norm() > kZeroTolerance) {
            o->fail(
                "non-zero orientation (expected 0 0 0: a rotated joint frame tilts the joint "
                "axis out of the sagittal plane or moves the coordinate's zero)");
          }
        }
        const Vec3 t = f.find("translation") ? f.find("translation")->vec3() : Vec3::Zero();
        return {bodyName, t};
      }
    }
  }
  if (last == "ground" || m_bodies.count(last)) return {last, Vec3::Zero()};
  s.fail("'" + value + "' names no frame of this joint and no body");
}

JointInfo OsimReader::readJoint(const std::string& name, const std::string& parent,
                                const std::string& child, const std::string& coordinate,
                                bool translationAllowed) {
  const Node& j = m_joints.at(name);
  refuseOpenSim3Spelling(j, {"parent_body", "location_in_parent", "orientation_in_parent"},
                         "<socket_parent_frame> and <frames>");
  JointInfo info;
  info.node = j;
  std::tie(info.parentBody, info.parentOffset) = resolveJointFrame(j, "socket_parent_frame");
  std::tie(info.childBody, info.childOffset) = resolveJointFrame(j, "socket_child_frame");
  if (info.parentBody != parent || info.childBody != child) {
    j.fail("joins " + info.parentBody + " to " + info.childBody + " (expected " + parent + " to " +
           child + ")");
  }
  const std::string type = j.tag();
  if (coordinate.empty()) {
    if (type != "WeldJoint") j.fail(type + " not supported here (expected a WeldJoint)");
    return info;
  }
  if (type != "PinJoint" && type != "CustomJoint") {
    j.fail(type + " not supported here (expected a PinJoint or a CustomJoint about Z)");
  }
  // The coordinate and its range.
  std::vector<std::string> names;
  std::optional<Node> coord;
  if (auto cs = j.find("coordinates")) {
    for (const Node& c : cs->children()) {
      if (c.tag() != "Coordinate") continue;
      names.push_back(c.name());
      if (c.name() == coordinate) coord = c;
    }
  }
  if (!coord) {
    failAt(j.path + "/coordinates/Coordinate[name=" + coordinate + "]",
           "missing (a gait10dof18musc-family model has the coordinate " + coordinate +
               " in joint " + name + ")");
  }
  if (names.size() != 1) {
    j.fail("has the coordinates " + list(names) + " (expected only " + coordinate +
           ": our model is planar)");
  }
  info.coordinate = coordinate;
  info.coordinateNode = *coord;
  const Node range = coord->child("range", "the coordinate's range [rad]");
  const std::vector<double> r = range.numbers();
  if (r.size() != 2 || !(r[0] < r[1])) range.fail("expected 2 increasing numbers (min max) [rad]");
  info.minRad = r[0];
  info.maxRad = r[1];
  if (type == "PinJoint") return info;

  // CustomJoint: one rotation, about Z, equal to the coordinate; the other rotations zero;
  // translations constant or (where allowed) functions of the coordinate.
  const Node st = j.child("SpatialTransform", "the joint's transform axes");
  int rotations = 0;
  for (const Node& ta : st.children()) {
    if (ta.tag() != "TransformAxis") continue;
    const std::string axisName = ta.name();
    const bool isRotation = axisName.rfind("rotation", 0) == 0;
    const std::vector<std::string> coords = ta.child("coordinates", "its coordinates").words();
    const Function f = readFunction(ta);
    const Vec3 axis = readAxis(ta.child("axis", "the axis"));
    for (const auto& c : coords) {
      if (c != coordinate) {
        ta.fail("moves with '" + c + "' (expected only " + coordinate + ": our model is planar)");
      }
    }
    if (isRotation) {
      if (coords.empty()) {
        if (!f.isConstant() || std::abs(f.value(0)) > kZeroTolerance) {
          ta.fail("a constant rotation is not supported (expected 0)");
        }
        continue;
      }
      if ((axis - Vec3::UnitZ()).norm() > 1e-9) {
        ta.fail("rotation axis is not sagittal (expected 0 0 1: our model is planar)");
      }
      if (!f.isIdentity()) {
        ta.fail("rotation is not the coordinate itself (expected LinearFunction 1 0)");
      }
      ++rotations;
      continue;
    }
    if (!coords.empty() && !translationAllowed) {
      ta.fail("a translation that moves with " + coordinate +
              " is only supported at the knee (gait10dof18musc)");
    }
    if (coords.empty() && !f.isConstant()) ta.fail("a function without a coordinate");
    if (coords.empty()) {
      info.parentOffset += axis * f.value(0);  // a constant shift of the child frame
    } else {
      info.translation.emplace_back(axis, f);
    }
  }
  if (rotations != 1) {
    st.fail("expected exactly one rotation, about 0 0 1, with " + coordinate);
  }
  return info;
}

MuscleSpec OsimReader::readMuscle(const Node& m, Side side, const OpenSimBodyOrigins& origins,
                                  const JointInfo& knee) {
  MuscleSpec spec;
  spec.name = m.name();
  spec.side = side;
  const char* sfx = side == Side::kRight ? "_r" : "_l";
  auto prop = [&](const char* tag, const char* what, double lo, double hi, const char* unit) {
    return m.child(tag, what).number(lo, hi, unit);
  };
  spec.maxIsometricForceN = prop("max_isometric_force", "F_max [N]", 1e-6, 1e6, "N");
  spec.optimalFiberLengthM = prop("optimal_fiber_length", "l_opt [m]", 1e-4, 2, "m");
  spec.tendonSlackLengthM = prop("tendon_slack_length", "l_ts [m]", 0, 2, "m");
  spec.pennationAtOptimalRad =
      prop("pennation_angle_at_optimal", "the pennation at l_opt [rad]", 0, 1.5, "rad");
  spec.maxContractionVelocityLoptPerS =
      prop("max_contraction_velocity", "v_max [l_opt/s]", 1e-3, 100, "l_opt/s");
  spec.activationTimeConstantS =
      prop("activation_time_constant", "the activation time constant [s]", 1e-5, 10, "s");
  spec.deactivationTimeConstantS =
      prop("deactivation_time_constant", "the deactivation time constant [s]", 1e-5, 10, "s");

  const Node path = m.child("GeometryPath", "the muscle's path");
  if (auto wraps = path.find("PathWrapSet")) {
    if (auto objects = wraps->find("objects")) {
      if (!objects->children().empty()) {
        objects->fail("path wrapping is not supported (the path would not be OpenSim's)");
      }
    }
  }
  const Node points = path.child("PathPointSet", "the path points").child("objects", "points");
  const std::string hip = std::string("hip_flexion") + sfx, kneeC = std::string("knee_angle") + sfx,
                    ankle = std::string("ankle_angle") + sfx;
  auto dofOfCoordinate = [&](const Node& where, const std::string& socket) {
    const std::string c = socketTail(socket).first;
    if (c == hip) return dofOf(side, JointType::kHip);
    if (c == kneeC) return dofOf(side, JointType::kKnee);
    if (c == ankle) return dofOf(side, JointType::kAnkle);
    where.fail("'" + socket + "' is not a coordinate this muscle can follow (allowed: " + hip +
               ", " + kneeC + ", " + ankle + ")");
  };
  for (const Node& p : points.children()) {
    const std::string type = p.tag();
    if (type != "PathPoint" && type != "ConditionalPathPoint" && type != "MovingPathPoint") {
      p.fail(type + " not supported (allowed: PathPoint, ConditionalPathPoint, MovingPathPoint)");
    }
    refuseOpenSim3Spelling(p, {"body", "coordinate", "xCoordinate", "yCoordinate"},
                           "<socket_parent_frame> and <socket_*coordinate>");
    const Node frame = p.child("socket_parent_frame", "the point's body, e.g. /bodyset/tibia_r");
    const std::string frameName = socketTail(frame.text()).first;
    std::optional<OpenSimBody> body;
    if (frameName == "pelvis") {
      body = OpenSimBody::kPelvis;
    } else if (frameName.size() > 2 && frameName.substr(frameName.size() - 2) == sfx) {
      body = openSimBodyFromName(frameName.substr(0, frameName.size() - 2));
      if (body == OpenSimBody::kPelvis) body.reset();
    }
    if (!body ||
        (socketTail(frame.text()).second != "bodyset" && socketTail(frame.text()).second != "")) {
      frame.fail("'" + frame.text() + "' is not a body we can map (allowed: /bodyset/pelvis, " +
                 "femur" + sfx + ", tibia" + sfx + ", talus" + sfx + ", calcn" + sfx + ", toes" +
                 sfx + ")");
    }
    MusclePathPoint pt;
    pt.segment = segmentForOpenSimBody(*body, side);
    if (type == "MovingPathPoint") {
      const Node xs = p.child("socket_x_coordinate", "the coordinate of x_location");
      const Node ys = p.child("socket_y_coordinate", "the coordinate of y_location");
      const int dof = dofOfCoordinate(xs, xs.text());
      if (dofOfCoordinate(ys, ys.text()) != dof) {
        ys.fail("x and y must follow the same coordinate");
      }
      const Function fx = readFunction(p.child("x_location", "x as a function"));
      const Function fy = readFunction(p.child("y_location", "y as a function"));
      const std::optional<Node> zNode = p.find("z_location");
      const double z = zNode ? readFunction(*zNode).value(0) : 0.0;
      std::vector<double> knots;
      if (dof == dofOf(side, JointType::kKnee)) {
        knots = kneeFoldKnots();
      } else {
        for (int deg = -180; deg <= 180; ++deg) knots.push_back(degToRad(deg));
      }
      std::vector<double> vx, vy;
      for (double q : knots) {
        const Vec3 mapped = mapOpenSimPoint(*body, Vec3(fx.value(q), fy.value(q), z), origins);
        vx.push_back(mapped.x());
        vy.push_back(mapped.y());
      }
      pt.movingDof = dof;
      pt.movingX = CubicSpline(knots, vx);
      pt.movingY = CubicSpline(knots, vy);
      pt.point_S = Vec3(0, 0, mapOpenSimPoint(*body, Vec3(0, 0, z), origins).z());
    } else {
      pt.point_S = mapOpenSimPoint(*body, p.child("location", "the point [m]").vec3(), origins);
    }
    if (type == "ConditionalPathPoint") {
      const Node c = p.child("socket_coordinate", "the coordinate that switches the point");
      pt.conditionDof = dofOfCoordinate(c, c.text());
      const Node range = p.child("range", "the range in which the point is active [rad]");
      const std::vector<double> r = range.numbers();
      if (r.size() != 2 || !(r[0] < r[1])) {
        range.fail("expected 2 increasing numbers (min max) [rad]");
      }
      pt.conditionMinRad = r[0];
      pt.conditionMaxRad = r[1];
    }
    spec.path.push_back(std::move(pt));
  }
  if (spec.path.size() < 2 || spec.path.size() > static_cast<std::size_t>(kMaxPathPoints)) {
    points.fail("a path needs 2 to " + std::to_string(kMaxPathPoints) + " points (found " +
                std::to_string(spec.path.size()) + ")");
  }
  // The knee translation, relative to the pin at t(0), in the thigh frame.
  if (!knee.translation.empty()) {
    const Vec3 t0 = knee.translationAt(0);
    auto offset = [&](double q) { return Vec2((knee.translationAt(q) - t0).head<2>()); };
    if (Status folded = foldKneeTranslation(spec.path, offset, dofOf(side, JointType::kKnee));
        !folded) {
      points.fail(folded.error());
    }
  }
  return spec;
}

// Mass, COM and Izz of rigidly joined parts (COMs in one frame).
struct MassPart {
  double massKg;
  Vec2 com;
  double izz;
};
void combine(const std::vector<MassPart>& parts, Segment& seg) {
  double m = 0;
  Vec2 c = Vec2::Zero();
  for (const auto& p : parts) {
    m += p.massKg;
    c += p.massKg * p.com;
  }
  seg.massKg = m;
  seg.com_S = m > 0 ? Vec2(c / m) : Vec2::Zero();
  seg.inertiaKgm2 = 0;
  for (const auto& p : parts) {
    seg.inertiaKgm2 += p.izz + p.massKg * (p.com - seg.com_S).squaredNorm();
  }
}

Model OsimReader::read() {
  Model model;
  model.name = m_model.name();
  readBodies();

  // Joints by name.
  const Node jointSet =
      m_model.child("JointSet", "the joints (OpenSim 4)").child("objects", "the joints");
  for (const Node& j : jointSet.children()) m_joints.emplace(j.name(), j);
  std::vector<std::string> neededJoints(kFamilyJoints.begin(), kFamilyJoints.end());
  neededJoints.push_back("back");
  for (const auto& n : neededJoints) {
    if (!m_joints.count(n)) {
      failAt(jointSet.path + "/*[name=" + n + "]",
             "missing (a gait10dof18musc-family model needs joints " + list(neededJoints) + ")");
    }
  }

  // Root: pelvis_tilt about Z, pelvis_tx along X, pelvis_ty along Y of the ground.
  const Node& root = m_joints.at("ground_pelvis");
  if (root.tag() != "CustomJoint") root.fail(root.tag() + " not supported (expected CustomJoint)");
  refuseOpenSim3Spelling(root, {"parent_body", "location_in_parent"},
                         "<socket_parent_frame> and <frames>");
  const auto [groundName, groundOffset] = resolveJointFrame(root, "socket_parent_frame");
  const auto [pelvisName, pelvisOffset] = resolveJointFrame(root, "socket_child_frame");
  if (groundName != "ground" || pelvisName != "pelvis") {
    root.fail("joins " + groundName + " to " + pelvisName + " (expected ground to pelvis)");
  }
  if (groundOffset.norm() > kZeroTolerance) {
    root.child("socket_parent_frame", "the ground frame").fail("the ground frame must be at 0 0 0");
  }
  {
    std::map<std::string, bool> seen{
        {"pelvis_tilt", false}, {"pelvis_tx", false}, {"pelvis_ty", false}};
    const Node st = root.child("SpatialTransform", "the joint's transform axes");
    for (const Node& ta : st.children()) {
      if (ta.tag() != "TransformAxis") continue;
      const std::vector<std::string> coords = ta.child("coordinates", "its coordinates").words();
      const Function f = readFunction(ta);
      const Vec3 axis = readAxis(ta.child("axis", "the axis"));
      const bool isRotation = ta.name().rfind("rotation", 0) == 0;
      if (coords.empty()) {
        const bool lateralShift = !isRotation && (axis - Vec3::UnitZ()).norm() < 1e-9;
        if (!f.isConstant() || (!lateralShift && std::abs(f.value(0)) > kZeroTolerance)) {
          ta.fail(
              "expected a constant 0 (only pelvis_tilt, pelvis_tx, pelvis_ty move the pelvis "
              "in the sagittal plane)");
        }
        continue;
      }
      const Vec3 expectedAxis = coords[0] == "pelvis_tilt" ? Vec3::UnitZ()
                                : coords[0] == "pelvis_tx" ? Vec3::UnitX()
                                                           : Vec3::UnitY();
      const bool expectedKind = (coords[0] == "pelvis_tilt") == isRotation;
      if (coords.size() != 1 || !seen.count(coords[0]) || seen[coords[0]] || !expectedKind ||
          (axis - expectedAxis).norm() > 1e-9 || !f.isIdentity()) {
        ta.fail(
            "expected pelvis_tilt as a rotation about 0 0 1, pelvis_tx along 1 0 0 and "
            "pelvis_ty along 0 1 0, each with LinearFunction 1 0 (the sagittal plane)");
      }
      seen[coords[0]] = true;
    }
    for (const auto& [c, found] : seen) {
      if (!found) {
        failAt(root.path + "/coordinates/Coordinate[name=" + c + "]",
               "missing (a gait10dof18musc-family model needs pelvis_tilt, pelvis_tx, pelvis_ty)");
      }
    }
  }

  struct Leg {
    JointInfo hip, knee, ankle, subtalar, mtp;
  };
  std::array<Leg, 2> legs;
  for (Side side : kSides) {
    const std::string s = side == Side::kRight ? "_r" : "_l";
    Leg& leg = legs[static_cast<std::size_t>(side)];
    leg.hip = readJoint("hip" + s, "pelvis", "femur" + s, "hip_flexion" + s, false);
    leg.knee = readJoint("knee" + s, "femur" + s, "tibia" + s, "knee_angle" + s, true);
    leg.ankle = readJoint("ankle" + s, "tibia" + s, "talus" + s, "ankle_angle" + s, false);
    leg.subtalar = readJoint("subtalar" + s, "talus" + s, "calcn" + s, "", false);
    leg.mtp = readJoint("mtp" + s, "calcn" + s, "toes" + s, "", false);
  }
  const JointInfo back = readJoint("back", "pelvis", "torso", "lumbar_extension", false);

  // HAT: pelvis + torso at the given lumbar extension, origin at the right hip centre.
  const Vec3 hipR = legs[0].hip.parentOffset;
  const double lumbar = m_options.lumbarExtensionRad;
  if (!std::isfinite(lumbar)) failAt("options", "lumbarExtensionRad is not finite");
  {
    const BodyInfo& pelvis = body("pelvis");
    const BodyInfo& torso = body("torso");
    const Vec2 torsoCom = (back.parentOffset - hipR).head<2>() +
                          rotation2d(lumbar) * (torso.com - back.childOffset).head<2>();
    Segment& hat = model.segments[kHat];
    hat.name = "hat";
    hat.parent = -1;
    combine({{pelvis.massKg, (pelvis.com - hipR).head<2>(), pelvis.izz},
             {torso.massKg, torsoCom, torso.izz}},
            hat);
  }
  model.hipFromPelvisOrigin_S = (hipR - pelvisOffset).head<2>();
  model.uprightPelvisTiltRad = -lumbar;

  // Legs.
  std::array<OpenSimBodyOrigins, 2> origins;
  double hipToAnkleM = 0, footLengthM = 0;
  Vec2 heel_S = Vec2::Zero(), mtp_S = Vec2::Zero();
  for (Side side : kSides) {
    const std::string s = side == Side::kRight ? "_r" : "_l";
    const Leg& leg = legs[static_cast<std::size_t>(side)];
    OpenSimBodyOrigins& o = origins[static_cast<std::size_t>(side)];
    auto at = [&](OpenSimBody b) -> Vec3& { return o.origin_S[static_cast<std::size_t>(b)]; };
    // Pelvis: x, y from the HAT origin (right hip); z from this side's hip plane (drawing).
    const Vec3 hip = leg.hip.parentOffset;
    at(OpenSimBody::kPelvis) = Vec3(-hipR.x(), -hipR.y(), -hip.z());
    at(OpenSimBody::kFemur) = -leg.hip.childOffset;
    const Vec3 c = leg.knee.parentOffset + leg.knee.translationAt(0) - leg.hip.childOffset;
    at(OpenSimBody::kTibia) = -leg.knee.childOffset;
    const Vec3 ankle = leg.ankle.parentOffset - leg.knee.childOffset;  // in the shank frame
    at(OpenSimBody::kTalus) = -leg.ankle.childOffset;
    at(OpenSimBody::kCalcn) =
        at(OpenSimBody::kTalus) + leg.subtalar.parentOffset - leg.subtalar.childOffset;
    at(OpenSimBody::kToes) = at(OpenSimBody::kCalcn) + leg.mtp.parentOffset - leg.mtp.childOffset;

    const BodyInfo& femur = body("femur" + s);
    const BodyInfo& tibia = body("tibia" + s);
    Segment& thigh = model.segments[segmentOf(side, JointType::kHip)];
    thigh.name = "thigh" + s;
    thigh.parent = kHat;
    thigh.jointInParent_P = (hip - hipR).head<2>();
    combine({{femur.massKg, (femur.com + at(OpenSimBody::kFemur)).head<2>(), femur.izz}}, thigh);
    thigh.lengthM = c.head<2>().norm();

    Segment& shank = model.segments[segmentOf(side, JointType::kKnee)];
    shank.name = "shank" + s;
    shank.parent = segmentOf(side, JointType::kHip);
    shank.jointInParent_P = c.head<2>();
    combine({{tibia.massKg, (tibia.com + at(OpenSimBody::kTibia)).head<2>(), tibia.izz}}, shank);
    shank.lengthM = ankle.head<2>().norm();

    Segment& foot = model.segments[segmentOf(side, JointType::kAnkle)];
    foot.name = "foot" + s;
    foot.parent = segmentOf(side, JointType::kKnee);
    foot.jointInParent_P = ankle.head<2>();
    std::vector<MassPart> parts;
    for (OpenSimBody b : {OpenSimBody::kTalus, OpenSimBody::kCalcn, OpenSimBody::kToes}) {
      const BodyInfo& bi = body(std::string(openSimBodyName(b)) + s);
      parts.push_back({bi.massKg, (bi.com + at(b)).head<2>(), bi.izz});
    }
    combine(parts, foot);
    for (int seg : {segmentOf(side, JointType::kHip), segmentOf(side, JointType::kKnee),
                    segmentOf(side, JointType::kAnkle)}) {
      if (!(model.segments[static_cast<std::size_t>(seg)].massKg > 0)) {
        m_model.child("BodySet", "the bodies")
            .fail("segment " + model.segments[seg].name + " has no mass");
      }
    }

    if (side == Side::kRight) {
      hipToAnkleM = -(c.y() + ankle.y());
      heel_S = at(OpenSimBody::kCalcn).head<2>();
      mtp_S = at(OpenSimBody::kToes).head<2>();
      const double toesComX = body("toes_r").com.x();
      footLengthM = mtp_S.x() + 2.0 * std::max(toesComX, 0.0) - heel_S.x();
    }
  }
  if (!(hipToAnkleM > 0.2 && hipToAnkleM < 2.0)) {
    m_joints.at("knee_r").fail("the hip is " + std::to_string(hipToAnkleM) +
                               " m above the ankle at the zero pose (expected 0.2 to 2 m)");
  }
  if (!(footLengthM > 0.05 && footLengthM < 0.6)) {
    m_joints.at("mtp_r").fail("the foot would be " + std::to_string(footLengthM) +
                              " m long, heel (calcn origin) to toe tip (expected 0.05 to 0.6 m)");
  }

  // Subject, drawing and normalising lengths.
  double totalMass = 0;
  for (const auto& [name, b] : m_bodies) totalMass += b.massKg;
  const double H = hipToAnkleM / (kHipHeightFraction - kAnkleHeightFraction);
  model.subject.massKg = totalMass;
  model.subject.heightM = H;
  model.subject.sex = Sex::kMale;
  model.ankleHeightM = kAnkleHeightFraction * H;
  model.legLengthM = hipToAnkleM + model.ankleHeightM;
  model.footLengthM = footLengthM;
  model.segments[kHat].lengthM = kHipToShoulderFraction * H;
  model.segments[kHat].depthM = 0.5 * kHipWidthFraction * H;
  for (Side side : kSides) {
    model.segments[segmentOf(side, JointType::kHip)].depthM = 0.035 * H / 1.75;
    model.segments[segmentOf(side, JointType::kKnee)].depthM = 0.028 * H / 1.75;
    Segment& foot = model.segments[segmentOf(side, JointType::kAnkle)];
    foot.depthM = 0.045 * H / 1.75;
    foot.lengthM = footLengthM;
  }

  // Joints: ranges from the coordinates, strength and limits from the walker model.
  for (Side side : kSides) {
    const Leg& leg = legs[static_cast<std::size_t>(side)];
    for (JointType jt : kJointTypes) {
      const JointInfo& j = jt == JointType::kHip    ? leg.hip
                           : jt == JointType::kKnee ? leg.knee
                                                    : leg.ankle;
      JointSpec& spec = model.joints[actuatedIndex(side, jt)];
      spec.dof = dofOf(side, jt);
      spec.name = dofName(spec.dof);
      spec.minRad = j.minRad;
      spec.maxRad = j.maxRad;
      spec.maxTorqueNm = kMaxTorqueNmPerKg[static_cast<std::size_t>(jt)] * totalMass;
    }
  }
  model.jointLimits.stiffnessNmPerRad = kLimitStiffnessNmPerRad;
  model.jointLimits.dampingNmsPerRad = kLimitDampingNmsPerRad;

  // Contact: heel and toe spheres on the sole.
  for (Side side : kSides) {
    const char* sfx = side == Side::kRight ? "_r" : "_l";
    const int foot = footSegment(side);
    model.contacts.push_back({std::string("heel") + sfx, foot,
                              Vec2(heel_S.x() + kHeelAheadOfCalcnFraction * footLengthM,
                                   -model.ankleHeightM + kHeelRadiusM),
                              kHeelRadiusM});
    model.contacts.push_back({std::string("toe") + sfx, foot,
                              Vec2(mtp_S.x(), -model.ankleHeightM + kToeRadiusM), kToeRadiusM});
  }
  model.contact.stiffness = kContactStiffness;
  model.contact.dissipationSpm = kContactDissipationSpm;
  model.contact.frictionCoefficient = kFriction;
  model.contact.tangentialStiffnessNpm = kTangentialStiffnessNpm;
  model.contact.tangentialDampingNspm = kTangentialDampingNspm;

  // Muscles, placed by name in the JSON model's order.
  const Node forces = m_model.child("ForceSet", "the muscles").child("objects", "the muscles");
  for (const Node& f : forces.children()) m_forces.emplace(f.name(), f);
  std::vector<std::string> neededMuscles;
  for (Side side : kSides) {
    for (const char* m : kFamilyMuscles) {
      neededMuscles.push_back(std::string(m) + (side == Side::kRight ? "_r" : "_l"));
    }
  }
  for (const auto& n : neededMuscles) {
    if (!m_forces.count(n)) {
      failAt(forces.path + "/*[name=" + n + "]",
             "missing (a gait10dof18musc-family model needs muscles " + list(neededMuscles) + ")");
    }
  }
  for (std::size_t i = 0; i < neededMuscles.size(); ++i) {
    const Side side = i < kFamilyMuscles.size() ? Side::kRight : Side::kLeft;
    model.muscles.push_back(readMuscle(m_forces.at(neededMuscles[i]), side,
                                       origins[static_cast<std::size_t>(side)],
                                       legs[static_cast<std::size_t>(side)].knee));
  }
  return model;
}

}  // namespace

Result<Model> parseOsimModel(std::string_view xml, const std::string& file,
                             const OsimLoadOptions& options) {
  try {
    tinyxml2::XMLDocument doc;
    if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) {
      return Error{file + ": not XML (" + std::string(doc.ErrorStr()) + ")"};
    }
    const XMLElement* root = doc.RootElement();
    if (!root) return Error{file + ": not XML (no root element)"};
    const XMLElement* model = nullptr;
    if (std::string(root->Name()) == "OpenSimDocument") {
      if (const char* version = root->Attribute("Version")) {
        const int v = std::atoi(version);
        if (v < 40000) {
          return Error{file + ": /OpenSimDocument: Version=" + version +
                       " is OpenSim 3 format (expected 40000 or later; open and save the model "
                       "in OpenSim 4 to convert it)"};
        }
      }
      model = root->FirstChildElement("Model");
    } else if (std::string(root->Name()) == "Model") {
      model = root;
    }
    if (!model) {
      return Error{file + ": /" + root->Name() +
                   ": no <Model> (expected an OpenSim model: <OpenSimDocument><Model ...>)"};
    }
    OsimReader reader(Node{model, "/Model"}, options);
    Model m = reader.read();
    m.sourceFile = file;
    return m;
  } catch (const OsimFailure& f) {
    return Error{file + ": " + f.where + ": " + f.problem};
  } catch (const std::exception& e) {
    return Error{file + ": " + e.what()};
  }
}

Result<Model> loadOsimModel(const std::string& file, const OsimLoadOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{file + ": cannot open the file"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{file + ": cannot read the file"};
  return parseOsimModel(text.str(), file, options);
}

}  // namespace retrogait
