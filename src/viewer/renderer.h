#pragma once
// Draws a DrawList with OpenGL 3.3 core: instanced unit meshes (sphere, cylinder, cone, box)
// with soft hemisphere + wrapped key lighting, an inclined ground with a procedural,
// anti-aliased grid, planar projected shadows and soft contact shading under the feet, and an
// "x-ray" pass that shows overlays faintly where bodies hide them. The 3D part renders into a
// multisampled framebuffer that is resolved into the window. Labels and HUD items are drawn by
// hud.h with ImGui; this file does no UI.

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "camera.h"
#include "retrogait/scene/draw_list.h"

namespace retrogait::viewer {

/// A rectangle in framebuffer pixels, origin at the bottom left (GL convention).
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
  double aspect() const { return height > 0 ? static_cast<double>(width) / height : 1.0; }
};

/// What the last frame cost, for the bench and the status line.
struct RenderStats {
  int triangles = 0;
  int drawCalls = 0;
};

class Renderer {
 public:
  /// Compiles the shaders from `shaderDir` and builds the meshes; `samples` is the MSAA sample
  /// count (0 = none). On failure returns null and sets `error`.
  static std::unique_ptr<Renderer> create(const std::string& shaderDir, int samples,
                                          std::string& error);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  /// Starts a frame of the given framebuffer size: (re)allocates the offscreen target.
  void beginFrame(int framebufferWidth, int framebufferHeight);
  /// Draws one view into a rectangle of the frame.
  void drawView(const DrawList& list, const OrbitCamera& camera, const PixelRect& rect);
  /// Resolves the 3D views into the window's framebuffer (call before the UI is drawn).
  void endFrame();

  int samples() const { return m_samples; }
  const RenderStats& stats() const { return m_stats; }

 private:
  Renderer() = default;
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  int m_samples = 0;
  RenderStats m_stats;
};

}  // namespace retrogait::viewer
