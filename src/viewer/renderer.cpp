#include "renderer.h"

// The loader's header must come before anything that might pull in GL headers.
#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <Eigen/Geometry>
#include <Eigen/LU>

#include "retrogait/scene/palette.h"

namespace retrogait::viewer {

namespace {

// ---- unit meshes ----

struct Vertex {
  float px, py, pz, nx, ny, nz;
};

struct MeshData {
  std::vector<Vertex> vertices;
  std::vector<unsigned> indices;
  void tri(unsigned a, unsigned b, unsigned c) { indices.insert(indices.end(), {a, b, c}); }
  unsigned add(const Vec3& p, const Vec3& n) {
    vertices.push_back({static_cast<float>(p.x()), static_cast<float>(p.y()),
                        static_cast<float>(p.z()), static_cast<float>(n.x()),
                        static_cast<float>(n.y()), static_cast<float>(n.z())});
    return static_cast<unsigned>(vertices.size() - 1);
  }
};

// Unit sphere (or its +Y half); counter-clockwise seen from outside.
MeshData makeSphere(int slices, int stacks, bool hemisphere = false) {
  MeshData m;
  const double extent = hemisphere ? 0.5 * kPi : kPi;
  for (int i = 0; i <= stacks; ++i) {
    const double theta = extent * i / stacks;  // from +Y down
    for (int j = 0; j <= slices; ++j) {
      const double phi = 2 * kPi * j / slices;
      const Vec3 p(std::sin(theta) * std::cos(phi), std::cos(theta),
                   -std::sin(theta) * std::sin(phi));
      m.add(p, p);
    }
  }
  const unsigned row = static_cast<unsigned>(slices + 1);
  for (unsigned i = 0; i < static_cast<unsigned>(stacks); ++i) {
    for (unsigned j = 0; j < static_cast<unsigned>(slices); ++j) {
      const unsigned a = i * row + j, b = a + row, c = b + 1, d = a + 1;
      m.tri(a, b, c);
      m.tri(a, c, d);
    }
  }
  return m;
}

// Unit cylinder along +Y from 0 to 1, radius 1, with or without caps.
MeshData makeCylinder(int slices, bool caps) {
  MeshData m;
  for (int j = 0; j <= slices; ++j) {
    const double phi = 2 * kPi * j / slices;
    const Vec3 n(std::cos(phi), 0, -std::sin(phi));
    m.add(n, n);
    m.add(n + Vec3(0, 1, 0), n);
  }
  for (unsigned j = 0; j < static_cast<unsigned>(slices); ++j) {
    const unsigned a = 2 * j, b = a + 1, c = a + 3, d = a + 2;
    m.tri(a, d, c);
    m.tri(a, c, b);
  }
  for (int cap = 0; caps && cap < 2; ++cap) {
    const double y = cap;
    const Vec3 n(0, cap ? 1 : -1, 0);
    const unsigned center = m.add(Vec3(0, y, 0), n);
    const unsigned first = static_cast<unsigned>(m.vertices.size());
    for (int j = 0; j <= slices; ++j) {
      const double phi = 2 * kPi * j / slices;
      m.add(Vec3(std::cos(phi), y, -std::sin(phi)), n);
    }
    for (unsigned j = 0; j < static_cast<unsigned>(slices); ++j) {
      if (cap) {
        m.tri(center, first + j, first + j + 1);
      } else {
        m.tri(center, first + j + 1, first + j);
      }
    }
  }
  return m;
}

// Unit cone: base radius 1 at y = 0, tip at y = 1, with a base cap.
MeshData makeCone(int slices) {
  MeshData m;
  for (int j = 0; j < slices; ++j) {
    const double phi0 = 2 * kPi * j / slices, phi1 = 2 * kPi * (j + 1) / slices;
    const double mid = 0.5 * (phi0 + phi1);
    const Vec3 b0(std::cos(phi0), 0, -std::sin(phi0)), b1(std::cos(phi1), 0, -std::sin(phi1));
    const Vec3 n0 = Vec3(b0.x(), 1, b0.z()).normalized(), n1 = Vec3(b1.x(), 1, b1.z()).normalized();
    const Vec3 nt = Vec3(std::cos(mid), 1, -std::sin(mid)).normalized();
    const unsigned a = m.add(b0, n0), b = m.add(b1, n1), t = m.add(Vec3(0, 1, 0), nt);
    m.tri(a, b, t);
  }
  const Vec3 down(0, -1, 0);
  const unsigned center = m.add(Vec3::Zero(), down);
  const unsigned first = static_cast<unsigned>(m.vertices.size());
  for (int j = 0; j <= slices; ++j) {
    const double phi = 2 * kPi * j / slices;
    m.add(Vec3(std::cos(phi), 0, -std::sin(phi)), down);
  }
  for (unsigned j = 0; j < static_cast<unsigned>(slices); ++j) {
    m.tri(center, first + j + 1, first + j);
  }
  return m;
}

// Cube [−1, 1]³ with flat faces.
MeshData makeBox() {
  MeshData m;
  for (int axis = 0; axis < 3; ++axis) {
    for (int sign = -1; sign <= 1; sign += 2) {
      Vec3 n = Vec3::Zero();
      n[axis] = sign;
      Vec3 u = Vec3::Zero(), v = Vec3::Zero();
      u[(axis + 1) % 3] = 1;
      v[(axis + 2) % 3] = 1;
      if (sign < 0) std::swap(u, v);
      const unsigned a = m.add(n - u - v, n), b = m.add(n + u - v, n), c = m.add(n + u + v, n),
                     d = m.add(n - u + v, n);
      m.tri(a, b, c);
      m.tri(a, c, d);
    }
  }
  return m;
}

// ---- batched geometry ----
//
// Every primitive is expanded on the CPU into world-space triangles of one big vertex buffer per
// draw group: llvmpipe (Mesa's software rasterizer) pays a large fixed cost per instance of an
// instanced draw, and a few thousand transformed vertices cost far less than that.

struct GpuVertex {
  float px, py, pz, nx, ny, nz;
  unsigned char r, g, b, a;
};

enum MeshId {
  kSphere = 0,
  kSphereMid,  // small spheres (joints, contact points): a dozen pixels on screen
  kSphereLow,
  kHemisphere,    // capsule ends (half the triangles of a sphere)
  kCylinder,      // with caps
  kCylinderOpen,  // capsule bodies
  kTube,          // thin, open
  kCone,
  kBox,
  kMeshCount
};
// Draw groups: bodies (cast shadows); overlays that are also drawn faintly where bodies hide
// them (arrows, COM, moment arcs); other opaque items; transparent items.
enum Group { kBodies = 0, kXray, kOpaque, kTransparent, kGroupCount };
constexpr double kThinTubeM = 0.012;    // thinner tubes use the low-resolution meshes
constexpr double kSmallSphereM = 0.05;  // smaller spheres use the middle-resolution mesh

// (Joint contact rings and arrows are drawn in front of the limb, toward the viewer: they need
// no second pass.)
bool xray(DrawTag tag) {
  return tag == DrawTag::kGrf || tag == DrawTag::kCom || tag == DrawTag::kJointMoment ||
         tag == DrawTag::kPush;
}

// A unit vector perpendicular to `axis` (unit).
Vec3 perpendicular(const Vec3& axis) {
  const Vec3 helper = std::abs(axis.y()) < 0.9 ? Vec3::UnitY() : Vec3::UnitX();
  return axis.cross(helper).normalized();
}

unsigned char toByte(float v) {
  return static_cast<unsigned char>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
}

struct Batches {
  const std::array<MeshData, kMeshCount>* meshes = nullptr;
  std::array<std::vector<GpuVertex>, kGroupCount> vertices;
  std::array<std::vector<unsigned>, kGroupCount> indices;

  void clear() {
    for (auto& v : vertices) v.clear();
    for (auto& i : indices) i.clear();
  }
  static Group groupOf(DrawTag tag, const Rgba& c) {
    if (c.a < 0.99f) return kTransparent;
    if (castsShadow(tag)) return kBodies;
    return xray(tag) ? kXray : kOpaque;
  }
  // Appends a unit mesh transformed by a matrix with orthogonal columns (any lengths); the
  // normals then transform with the columns divided by their squared lengths.
  void add(MeshId id, const Eigen::Matrix3d& axes, const Vec3& origin, const Rgba& color,
           DrawTag tag) {
    const MeshData& mesh = (*meshes)[id];
    const Group g = groupOf(tag, color);
    std::vector<GpuVertex>& out = vertices[g];
    std::vector<unsigned>& idx = indices[g];
    const unsigned base = static_cast<unsigned>(out.size());
    Eigen::Matrix3f m = axes.cast<float>();
    Eigen::Matrix3f n;
    for (int c = 0; c < 3; ++c) n.col(c) = m.col(c) / std::max(m.col(c).squaredNorm(), 1e-30f);
    const Eigen::Vector3f o = origin.cast<float>();
    const unsigned char r = toByte(color.r), gr = toByte(color.g), b = toByte(color.b),
                        a = toByte(color.a);
    for (const Vertex& v : mesh.vertices) {
      const Eigen::Vector3f p = m * Eigen::Vector3f(v.px, v.py, v.pz) + o;
      const Eigen::Vector3f nn = (n * Eigen::Vector3f(v.nx, v.ny, v.nz)).normalized();
      out.push_back({p.x(), p.y(), p.z(), nn.x(), nn.y(), nn.z(), r, gr, b, a});
    }
    for (unsigned i : mesh.indices) idx.push_back(base + i);
  }
  void sphere(const Vec3& c, double r, const Rgba& color, DrawTag tag) {
    const MeshId id = r < kThinTubeM ? kSphereLow : (r < kSmallSphereM ? kSphereMid : kSphere);
    add(id, Eigen::Matrix3d::Identity() * r, c, color, tag);
  }
  // A flat ring (annulus) of centre-line radius r and half-width w around the unit normal n,
  // both faces: far fewer triangles than a torus, and as wide on screen.
  void annulus(const Vec3& c, const Vec3& n, double r, double w, const Rgba& color, DrawTag tag,
               int segments) {
    const Vec3 u = perpendicular(n), t = n.cross(u);
    const Group g = groupOf(tag, color);
    std::vector<GpuVertex>& out = vertices[g];
    std::vector<unsigned>& idx = indices[g];
    const unsigned char cr = toByte(color.r), cg = toByte(color.g), cb = toByte(color.b),
                        ca = toByte(color.a);
    for (const double side : {1.0, -1.0}) {
      const unsigned base = static_cast<unsigned>(out.size());
      const Eigen::Vector3f nn = (side * n).cast<float>();
      for (int i = 0; i <= segments; ++i) {
        const double phi = 2 * kPi * i / segments;
        const Vec3 dir = std::cos(phi) * u + std::sin(phi) * t;
        for (const double rr : {r - w, r + w}) {
          const Eigen::Vector3f p = (c + rr * dir).cast<float>();
          out.push_back({p.x(), p.y(), p.z(), nn.x(), nn.y(), nn.z(), cr, cg, cb, ca});
        }
      }
      for (unsigned i = 0; i < static_cast<unsigned>(segments); ++i) {
        const unsigned a = base + 2 * i, b = a + 1, c2 = a + 3, d = a + 2;  // inner, outer
        if (side > 0) {
          idx.insert(idx.end(), {a, b, c2, a, c2, d});
        } else {
          idx.insert(idx.end(), {a, c2, b, a, d, c2});
        }
      }
    }
  }
  // Mesh along +Y from `a` to `b` (cylinder, tube, cone) with radius r.
  void along(MeshId id, const Vec3& a, const Vec3& b, double r, const Rgba& color, DrawTag tag) {
    const Vec3 axis = b - a;
    const double len = axis.norm();
    if (len < 1e-7) return;
    const Vec3 y = axis / len;
    const Vec3 x = perpendicular(y);
    const Vec3 z = x.cross(y);
    Eigen::Matrix3d m;
    m.col(0) = x * r;
    m.col(1) = axis;
    m.col(2) = z * r;
    add(id, m, a, color, tag);
  }
  void cylinder(const Vec3& a, const Vec3& b, double r, const Rgba& color, DrawTag tag) {
    along(r < kThinTubeM ? kTube : kCylinder, a, b, r, color, tag);
  }
  void cone(const Vec3& base, const Vec3& tip, double r, const Rgba& color, DrawTag tag) {
    along(kCone, base, tip, r, color, tag);
  }
  // A capsule: an open cylinder and two hemispheres.
  void capsule(const Vec3& a, const Vec3& b, double r, const Rgba& color, DrawTag tag) {
    const Vec3 axis = b - a;
    const double len = axis.norm();
    if (len < 1e-7 || r < kThinTubeM) {
      cylinder(a, b, r, color, tag);
      sphere(a, r, color, tag);
      sphere(b, r, color, tag);
      return;
    }
    along(kCylinderOpen, a, b, r, color, tag);
    const Vec3 y = axis / len;
    const Vec3 x = perpendicular(y);
    const Vec3 z = x.cross(y);
    Eigen::Matrix3d m;
    m.col(0) = x * r;
    m.col(1) = y * r;
    m.col(2) = z * r;
    add(kHemisphere, m, b, color, tag);
    m.col(1) = -m.col(1);  // the other end, flipped (two flips keep the winding)
    m.col(2) = -m.col(2);
    add(kHemisphere, m, a, color, tag);
  }
  void box(const BoxPrim& b) {
    Eigen::Matrix3d m;
    for (int c = 0; c < 3; ++c) m.col(c) = b.axes_W.col(c) * b.halfExtentsM[c];
    if (m.determinant() < 0) m.col(2) = -m.col(2);  // keep the winding (faces are symmetric)
    add(kBox, m, b.center_W, b.color, b.tag);
  }
  // A tube through points; round joints where the direction changes a lot (muscle paths),
  // none on smooth curves (arcs, rings), whose short segments already overlap.
  // `lowRes`: the thin-tube meshes whatever the radius (muscles: a few pixels wide on screen,
  // many segments and joints).
  void tube(const std::vector<Vec3>& points, double r, const Rgba& color, DrawTag tag,
            bool closed = false, bool roundJoints = true, bool lowRes = false) {
    const std::size_t n = points.size();
    auto segment = [&](const Vec3& a, const Vec3& b) {
      if (lowRes) {
        along(kTube, a, b, r, color, tag);
      } else {
        cylinder(a, b, r, color, tag);
      }
    };
    auto joint = [&](const Vec3& p) {
      if (lowRes) {
        add(kSphereLow, Eigen::Matrix3d::Identity() * r, p, color, tag);
      } else {
        sphere(p, r, color, tag);
      }
    };
    for (std::size_t i = 0; i + 1 < n; ++i) segment(points[i], points[i + 1]);
    if (closed && n > 2) segment(points[n - 1], points[0]);
    if (roundJoints) {
      for (const Vec3& p : points) joint(p);
    } else if (!closed && n >= 2) {
      joint(points.front());
    }
  }
  void arrow(const Vec3& tail, const Vec3& head, double r, const Rgba& color, DrawTag tag) {
    const Vec3 d = head - tail;
    const double len = d.norm();
    if (len < 1e-5) return;
    const double headLen = std::min(0.4 * len, 5.0 * r);
    const Vec3 neck = head - d / len * headLen;
    cylinder(tail, neck, r, color, tag);
    sphere(tail, r, color, tag);
    cone(neck, head, 2.4 * r, color, tag);
  }
};

// ---- GL helpers ----

std::string readFile(const std::string& path, bool& ok) {
  std::ifstream in(path);
  ok = static_cast<bool>(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

GLuint compile(GLenum type, const std::string& source, const std::string& name,
               std::string& error) {
  const GLuint s = glCreateShader(type);
  const char* src = source.c_str();
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    error = name + ": " + log;
    glDeleteShader(s);
    return 0;
  }
  return s;
}

GLuint loadProgram(const std::string& dir, const std::string& name, std::string& error) {
  bool okV = false, okF = false;
  const std::string vs = readFile(dir + "/" + name + ".vert", okV);
  const std::string fs = readFile(dir + "/" + name + ".frag", okF);
  if (!okV || !okF) {
    error = "cannot read shader " + dir + "/" + name +
            ".vert/.frag (set RETROGAIT_SHADERS to the "
            "directory with the viewer's shaders)";
    return 0;
  }
  const GLuint v = compile(GL_VERTEX_SHADER, vs, name + ".vert", error);
  if (!v) return 0;
  const GLuint f = compile(GL_FRAGMENT_SHADER, fs, name + ".frag", error);
  if (!f) {
    glDeleteShader(v);
    return 0;
  }
  const GLuint p = glCreateProgram();
  glAttachShader(p, v);
  glAttachShader(p, f);
  glLinkProgram(p);
  glDeleteShader(v);
  glDeleteShader(f);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetProgramInfoLog(p, sizeof log, nullptr, log);
    error = name + " (link): " + log;
    glDeleteProgram(p);
    return 0;
  }
  return p;
}

void setColor(GLint location, const Rgba& c) {
  glUniform3f(location, c.r, c.g, c.b);
}

constexpr Rgba kSkyTop = rgbHex(0xBFD3E6);
constexpr Rgba kHorizon = rgbHex(0xEEF1F3);

}  // namespace

struct Renderer::Impl {
  GLuint meshProgram = 0, groundProgram = 0, skyProgram = 0, blobProgram = 0;
  std::array<MeshData, kMeshCount> meshes;
  GLuint emptyVao = 0;
  GLuint batchVao = 0, batchVbo = 0, batchEbo = 0;
  GLuint groundVao = 0, groundVbo = 0;
  GLuint blobVao = 0, blobQuad = 0, blobInstances = 0;
  // Offscreen multisampled target (only with --msaa > 0).
  GLuint fbo = 0, colorRb = 0, depthRb = 0;
  int fbWidth = 0, fbHeight = 0;
  int samples = 0;
  std::vector<PixelRect> drawn;
  Batches batches;
  std::array<std::size_t, kGroupCount + 1> groupFirst{};  // first index of each group
  struct {
    GLint viewProj, shadow, shadowPass, eye, lightDir, fogColor, fogRange, alphaScale, shadowColor;
  } mu{};
  struct {
    GLint viewProj, eye, forward, tangent, lateral, spacing, majorEvery, base, minor, major,
        fogColor, fogRange;
  } gu{};
  struct {
    GLint viewProj, tangent, lateral, normal, color;
  } bu{};
  struct {
    GLint top, horizon;
  } su{};

  ~Impl() {
    glDeleteVertexArrays(1, &emptyVao);
    glDeleteVertexArrays(1, &batchVao);
    glDeleteBuffers(1, &batchVbo);
    glDeleteBuffers(1, &batchEbo);
    glDeleteVertexArrays(1, &groundVao);
    glDeleteBuffers(1, &groundVbo);
    glDeleteVertexArrays(1, &blobVao);
    glDeleteBuffers(1, &blobQuad);
    glDeleteBuffers(1, &blobInstances);
    releaseTarget();
    glDeleteProgram(meshProgram);
    glDeleteProgram(groundProgram);
    glDeleteProgram(skyProgram);
    glDeleteProgram(blobProgram);
  }

  void releaseTarget() {
    if (fbo) glDeleteFramebuffers(1, &fbo);
    if (colorRb) glDeleteRenderbuffers(1, &colorRb);
    if (depthRb) glDeleteRenderbuffers(1, &depthRb);
    fbo = colorRb = depthRb = 0;
  }

  bool allocateTarget(int w, int h) {
    releaseTarget();
    fbWidth = w;
    fbHeight = h;
    if (samples <= 0) return true;
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glGenRenderbuffers(1, &colorRb);
    glBindRenderbuffer(GL_RENDERBUFFER, colorRb);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, w, h);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colorRb);
    glGenRenderbuffers(1, &depthRb);
    glBindRenderbuffer(GL_RENDERBUFFER, depthRb);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_DEPTH24_STENCIL8, w, h);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              depthRb);
    const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (!ok) {
      releaseTarget();
      samples = 0;  // fall back to drawing straight into the window
    }
    return ok;
  }

  void fill(const DrawList& d) {
    batches.clear();
    for (const SpherePrim& p : d.spheres) batches.sphere(p.center_W, p.radiusM, p.color, p.tag);
    for (const CapsulePrim& c : d.capsules)
      batches.capsule(c.a_W, c.b_W, c.radiusM, c.color, c.tag);
    for (const BoxPrim& b : d.boxes) batches.box(b);
    for (const LinePrim& l : d.lines) {
      if (!l.dashed) {
        batches.cylinder(l.a_W, l.b_W, l.radiusM, l.color, l.tag);
        continue;
      }
      const Vec3 dir = l.b_W - l.a_W;
      const double len = dir.norm();
      const double dash = 0.045, gap = 0.03;
      for (double t = 0; t < len; t += dash + gap) {
        batches.cylinder(l.a_W + dir * (t / len), l.a_W + dir * (std::min(t + dash, len) / len),
                         l.radiusM, l.color, l.tag);
      }
    }
    // Polylines (muscle paths, 1-4 px wide): low-resolution tubes without round joints (at
    // that width the bends show no gaps; llvmpipe pays per triangle).
    for (const PolylinePrim& p : d.polylines) {
      batches.tube(p.points_W, p.radiusM, p.color, p.tag, false, false, true);
    }
    for (const ArrowPrim& a : d.arrows)
      batches.arrow(a.tail_W, a.head_W, a.radiusM, a.color, a.tag);
    for (const RingPrim& r : d.rings) {
      batches.annulus(r.center_W, r.normal_W.normalized(), r.radiusM, r.thicknessM, r.color, r.tag,
                      28);
    }
    for (const ArcPrim& a : d.arcs) {
      const Vec3 n = a.normal_W.normalized();
      const Vec3 u = a.startDir_W.normalized(), t = n.cross(u);
      const double sign = a.sweepRad >= 0 ? 1.0 : -1.0;
      const double headLen =
          a.arrowHead ? std::min(0.5 * std::abs(a.sweepRad) * a.radiusM, 4.5 * a.thicknessM) : 0.0;
      const double bodySweep = a.sweepRad - sign * headLen / a.radiusM;
      const int segments = std::max(2, static_cast<int>(std::abs(bodySweep) / degToRad(12)) + 1);
      auto at = [&](double phi) {
        return Vec3(a.center_W + a.radiusM * (std::cos(phi) * u + std::sin(phi) * t));
      };
      std::vector<Vec3> pts;
      for (int i = 0; i <= segments; ++i) pts.push_back(at(bodySweep * i / segments));
      batches.tube(pts, a.thicknessM, a.color, a.tag, false, false);
      if (a.arrowHead && headLen > 0) {
        batches.cone(at(bodySweep), at(a.sweepRad), 2.3 * a.thicknessM, a.color, a.tag);
      }
    }
    for (const DiscPrim& c : d.discs) {
      const Vec3 n = c.normal_W.normalized();
      batches.along(kCylinder, c.center_W - n * 0.001, c.center_W + n * 0.001, c.radiusM, c.color,
                    c.tag);
    }
  }

  // Uploads all groups into one vertex and one index buffer.
  void upload() {
    std::vector<GpuVertex> all;
    std::vector<unsigned> indices;
    for (int g = 0; g < kGroupCount; ++g) {
      groupFirst[g] = indices.size();
      const unsigned base = static_cast<unsigned>(all.size());
      all.insert(all.end(), batches.vertices[g].begin(), batches.vertices[g].end());
      for (unsigned i : batches.indices[g]) indices.push_back(base + i);
    }
    groupFirst[kGroupCount] = indices.size();
    glBindVertexArray(batchVao);
    glBindBuffer(GL_ARRAY_BUFFER, batchVbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(all.size() * sizeof(GpuVertex)),
                 all.empty() ? nullptr : all.data(), GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(indices.size() * sizeof(unsigned)),
                 indices.empty() ? nullptr : indices.data(), GL_STREAM_DRAW);
  }

  void drawGroup(int group, RenderStats& stats) {
    const std::size_t first = groupFirst[group], count = groupFirst[group + 1] - first;
    if (count == 0) return;
    glBindVertexArray(batchVao);
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(count), GL_UNSIGNED_INT,
                   reinterpret_cast<void*>(first * sizeof(unsigned)));
    ++stats.drawCalls;
    stats.triangles += static_cast<int>(count / 3);
  }
};

std::unique_ptr<Renderer> Renderer::create(const std::string& shaderDir, int samples,
                                           std::string& error) {
  std::unique_ptr<Renderer> r(new Renderer());
  r->m_impl = std::make_unique<Impl>();
  Impl& s = *r->m_impl;
  s.meshProgram = loadProgram(shaderDir, "mesh", error);
  if (!s.meshProgram) return nullptr;
  s.groundProgram = loadProgram(shaderDir, "ground", error);
  if (!s.groundProgram) return nullptr;
  s.skyProgram = loadProgram(shaderDir, "sky", error);
  if (!s.skyProgram) return nullptr;
  auto mloc = [&](const char* n) { return glGetUniformLocation(s.meshProgram, n); };
  s.mu = {mloc("u_viewProj"), mloc("u_shadow"),     mloc("u_shadowPass"),
          mloc("u_eye"),      mloc("u_lightDir"),   mloc("u_fogColor"),
          mloc("u_fogRange"), mloc("u_alphaScale"), mloc("u_shadowColor")};
  auto gloc = [&](const char* n) { return glGetUniformLocation(s.groundProgram, n); };
  s.gu = {gloc("u_viewProj"), gloc("u_eye"),     gloc("u_forward"),    gloc("u_tangent"),
          gloc("u_lateral"),  gloc("u_spacing"), gloc("u_majorEvery"), gloc("u_base"),
          gloc("u_minor"),    gloc("u_major"),   gloc("u_fogColor"),   gloc("u_fogRange")};
  s.su = {glGetUniformLocation(s.skyProgram, "u_top"),
          glGetUniformLocation(s.skyProgram, "u_horizon")};
  s.blobProgram = loadProgram(shaderDir, "blob", error);
  if (!s.blobProgram) return nullptr;
  auto bloc = [&](const char* n) { return glGetUniformLocation(s.blobProgram, n); };
  s.bu = {bloc("u_viewProj"), bloc("u_tangent"), bloc("u_lateral"), bloc("u_normal"),
          bloc("u_color")};
  glGenVertexArrays(1, &s.blobVao);
  glBindVertexArray(s.blobVao);
  const float corners[8] = {-1, -1, 1, -1, -1, 1, 1, 1};
  glGenBuffers(1, &s.blobQuad);
  glBindBuffer(GL_ARRAY_BUFFER, s.blobQuad);
  glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
  glGenBuffers(1, &s.blobInstances);
  glBindBuffer(GL_ARRAY_BUFFER, s.blobInstances);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, 5 * sizeof(float), nullptr);
  glVertexAttribDivisor(1, 1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, 5 * sizeof(float),
                        reinterpret_cast<void*>(4 * sizeof(float)));
  glVertexAttribDivisor(2, 1);
  glBindVertexArray(0);

  s.meshes[kSphere] = makeSphere(14, 8);
  s.meshes[kSphereMid] = makeSphere(10, 6);
  s.meshes[kSphereLow] = makeSphere(7, 4);
  s.meshes[kHemisphere] = makeSphere(14, 4, true);
  s.meshes[kCylinder] = makeCylinder(14, true);
  s.meshes[kCylinderOpen] = makeCylinder(14, false);
  s.meshes[kTube] = makeCylinder(6, false);
  s.meshes[kCone] = makeCone(10);
  s.meshes[kBox] = makeBox();
  s.batches.meshes = &s.meshes;
  glGenVertexArrays(1, &s.batchVao);
  glBindVertexArray(s.batchVao);
  glGenBuffers(1, &s.batchVbo);
  glBindBuffer(GL_ARRAY_BUFFER, s.batchVbo);
  glGenBuffers(1, &s.batchEbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, s.batchEbo);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(GpuVertex), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(GpuVertex),
                        reinterpret_cast<void*>(offsetof(GpuVertex, nx)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(GpuVertex),
                        reinterpret_cast<void*>(offsetof(GpuVertex, r)));
  glBindVertexArray(0);
  glGenVertexArrays(1, &s.emptyVao);
  glGenVertexArrays(1, &s.groundVao);
  glBindVertexArray(s.groundVao);
  glGenBuffers(1, &s.groundVbo);
  glBindBuffer(GL_ARRAY_BUFFER, s.groundVbo);
  glBufferData(GL_ARRAY_BUFFER, 4 * 3 * sizeof(float), nullptr, GL_DYNAMIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 3 * sizeof(float), nullptr);
  glBindVertexArray(0);

  GLint maxSamples = 0;
  glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
  s.samples = std::clamp(samples, 0, static_cast<int>(maxSamples));
  r->m_samples = s.samples;
  return r;
}

Renderer::~Renderer() = default;

void Renderer::beginFrame(int framebufferWidth, int framebufferHeight) {
  Impl& s = *m_impl;
  m_stats = {};
  s.drawn.clear();
  if (framebufferWidth != s.fbWidth || framebufferHeight != s.fbHeight) {
    s.allocateTarget(framebufferWidth, framebufferHeight);
    m_samples = s.samples;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, s.fbo);
}

void Renderer::drawView(const DrawList& list, const OrbitCamera& camera, const PixelRect& rect) {
  Impl& s = *m_impl;
  if (rect.width <= 0 || rect.height <= 0) return;
  s.drawn.push_back(rect);
  glBindFramebuffer(GL_FRAMEBUFFER, s.fbo);
  glViewport(rect.x, rect.y, rect.width, rect.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(rect.x, rect.y, rect.width, rect.height);
  glDepthMask(GL_TRUE);
  glStencilMask(0xff);
  glClearDepth(1.0);
  glClearStencil(0);
  glClear(GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
  glDisable(GL_BLEND);
  glDisable(GL_CULL_FACE);

  // Sky.
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glUseProgram(s.skyProgram);
  setColor(s.su.top, kSkyTop);
  setColor(s.su.horizon, kHorizon);
  glBindVertexArray(s.emptyVao);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 6);
  ++m_stats.drawCalls;

  const Eigen::Matrix4f viewProj = camera.projection(rect.aspect()) * camera.view();
  const Vec3 eye = camera.eye();
  const Vec3 light = Vec3(0.35, 1.0, 0.55).normalized();
  const float fogStart = static_cast<float>(camera.distanceM + 6.0);
  const float fogEnd = static_cast<float>(camera.distanceM + 40.0);

  // Ground, marking its pixels in the stencil buffer for the shadows.
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  if (list.ground) {
    const GroundPrim& g = *list.ground;
    const Vec3 a = g.tangent_W * g.halfLengthM, b = g.lateral_W * g.halfWidthM;
    const Vec3 corners[4] = {g.center_W - a - b, g.center_W + a - b, g.center_W - a + b,
                             g.center_W + a + b};
    float quad[12];
    for (int i = 0; i < 4; ++i) {
      for (int k = 0; k < 3; ++k) quad[i * 3 + k] = static_cast<float>(corners[i][k]);
    }
    glBindBuffer(GL_ARRAY_BUFFER, s.groundVbo);
    glBufferSubData(GL_ARRAY_BUFFER, 0, sizeof quad, quad);
    glUseProgram(s.groundProgram);
    const Vec3 forward = (camera.lookAt() - eye).normalized();
    auto set3 = [](GLint location, const Vec3& v) {
      glUniform3f(location, static_cast<float>(v.x()), static_cast<float>(v.y()),
                  static_cast<float>(v.z()));
    };
    glUniformMatrix4fv(s.gu.viewProj, 1, GL_FALSE, viewProj.data());
    set3(s.gu.eye, eye);
    set3(s.gu.forward, forward);
    set3(s.gu.tangent, g.tangent_W);
    set3(s.gu.lateral, g.lateral_W);
    glUniform1f(s.gu.spacing, static_cast<float>(g.gridSpacingM));
    glUniform1f(s.gu.majorEvery, static_cast<float>(g.majorEvery));
    // The plane is flat: its lighting is one number, applied to its colours here.
    const float lit = static_cast<float>(0.82 + 0.18 * std::max(0.0, g.normal_W.dot(light)));
    auto setLit = [&](GLint location, const Rgba& c) {
      glUniform3f(location, c.r * lit, c.g * lit, c.b * lit);
    };
    setLit(s.gu.base, g.base);
    setLit(s.gu.minor, g.minorLine);
    setLit(s.gu.major, g.majorLine);
    setColor(s.gu.fogColor, kHorizon);
    glUniform2f(s.gu.fogRange, fogStart, fogEnd);
    glEnable(GL_STENCIL_TEST);
    glStencilFunc(GL_ALWAYS, 1, 0xff);
    glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
    glBindVertexArray(s.groundVao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    ++m_stats.drawCalls;
  }

  s.fill(list);
  s.upload();
  glUseProgram(s.meshProgram);
  glUniformMatrix4fv(s.mu.viewProj, 1, GL_FALSE, viewProj.data());
  glUniform3f(s.mu.eye, static_cast<float>(eye.x()), static_cast<float>(eye.y()),
              static_cast<float>(eye.z()));
  glUniform3f(s.mu.lightDir, static_cast<float>(light.x()), static_cast<float>(light.y()),
              static_cast<float>(light.z()));
  setColor(s.mu.fogColor, kHorizon);
  glUniform2f(s.mu.fogRange, fogStart, fogEnd);
  glUniform1f(s.mu.alphaScale, 1.0f);

  // Planar shadows of the bodies on the ground: projected along the light onto the plane
  // n·x = 3 mm, blended once per pixel (stencil 1 → 2).
  if (list.ground) {
    const Vec3 n = list.ground->normal_W;
    const Eigen::Vector4d plane(n.x(), n.y(), n.z(), -0.003);
    const Eigen::Vector4d l(light.x(), light.y(), light.z(), 0.0);
    const Eigen::Matrix4d shadow =
        plane.dot(l) * Eigen::Matrix4d::Identity() - l * plane.transpose();
    const Eigen::Matrix4f shadowF = shadow.cast<float>();
    glUniformMatrix4fv(s.mu.shadow, 1, GL_FALSE, shadowF.data());
    glUniform1i(s.mu.shadowPass, 1);
    glUniform4f(s.mu.shadowColor, 0.18f, 0.16f, 0.14f, 0.22f);
    glStencilFunc(GL_EQUAL, 1, 0xff);
    glStencilOp(GL_KEEP, GL_KEEP, GL_INCR);
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    glDepthMask(GL_FALSE);
    glDepthFunc(GL_LEQUAL);
    s.drawGroup(kBodies, m_stats);
    glDepthMask(GL_TRUE);
    glDisable(GL_BLEND);
    glUniform1i(s.mu.shadowPass, 0);
  }
  glDisable(GL_STENCIL_TEST);

  // Soft contact shadows: a blurred dark spot under each contact sphere and ankle near the
  // ground, darker and tighter the closer it is (a contact cue).
  if (list.ground) {
    const GroundPrim& g = *list.ground;
    std::vector<float> blobs;
    for (const SpherePrim& sp : list.spheres) {
      if (sp.tag != DrawTag::kContactPoint && sp.tag != DrawTag::kJoint) continue;
      const double height = std::max(0.0, g.normal_W.dot(sp.center_W - g.center_W));
      const double r = std::max(2.5 * sp.radiusM, 0.045);
      const double strength = 0.42 * std::clamp(1.0 - height / (6.0 * r + 0.05), 0.0, 1.0);
      if (strength <= 0.01) continue;
      const Vec3 foot = sp.center_W - height * g.normal_W;
      blobs.insert(
          blobs.end(),
          {static_cast<float>(foot.x()), static_cast<float>(foot.y()), static_cast<float>(foot.z()),
           static_cast<float>(r * (1.2 + 3.0 * height)), static_cast<float>(strength)});
    }
    if (!blobs.empty()) {
      glUseProgram(s.blobProgram);
      glUniformMatrix4fv(s.bu.viewProj, 1, GL_FALSE, viewProj.data());
      glUniform3f(s.bu.tangent, static_cast<float>(g.tangent_W.x()),
                  static_cast<float>(g.tangent_W.y()), static_cast<float>(g.tangent_W.z()));
      glUniform3f(s.bu.lateral, static_cast<float>(g.lateral_W.x()),
                  static_cast<float>(g.lateral_W.y()), static_cast<float>(g.lateral_W.z()));
      glUniform3f(s.bu.normal, static_cast<float>(g.normal_W.x()),
                  static_cast<float>(g.normal_W.y()), static_cast<float>(g.normal_W.z()));
      glUniform3f(s.bu.color, 0.16f, 0.14f, 0.12f);
      glBindVertexArray(s.blobVao);
      glBindBuffer(GL_ARRAY_BUFFER, s.blobInstances);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(blobs.size() * sizeof(float)),
                   blobs.data(), GL_STREAM_DRAW);
      glEnable(GL_BLEND);
      glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
      glDepthMask(GL_FALSE);
      glDepthFunc(GL_LEQUAL);
      glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(blobs.size() / 5));
      ++m_stats.drawCalls;
      glDepthMask(GL_TRUE);
      glDisable(GL_BLEND);
      glUseProgram(s.meshProgram);
    }
  }

  // Opaque bodies and overlays.
  glEnable(GL_CULL_FACE);
  glCullFace(GL_BACK);
  glFrontFace(GL_CCW);
  glDepthFunc(GL_LESS);
  s.drawGroup(kBodies, m_stats);
  s.drawGroup(kXray, m_stats);
  s.drawGroup(kOpaque, m_stats);

  // Transparent items, then the overlays again, faintly, where bodies hide them.
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glDepthMask(GL_FALSE);
  s.drawGroup(kTransparent, m_stats);
  glDepthFunc(GL_GREATER);
  glUniform1f(s.mu.alphaScale, 0.3f);
  s.drawGroup(kXray, m_stats);
  glUniform1f(s.mu.alphaScale, 1.0f);
  glDepthFunc(GL_LESS);
  glDepthMask(GL_TRUE);
  glDisable(GL_BLEND);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_SCISSOR_TEST);
  glBindVertexArray(0);
}

void Renderer::endFrame() {
  Impl& s = *m_impl;
  if (s.fbo) {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, s.fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    for (const PixelRect& r : s.drawn) {
      glBlitFramebuffer(r.x, r.y, r.x + r.width, r.y + r.height, r.x, r.y, r.x + r.width,
                        r.y + r.height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace retrogait::viewer
