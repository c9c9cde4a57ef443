#include "app.h"

// GL loader first, then GLFW without its own GL header.
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

#include "retrogait/io/atomic_file.h"
#include "retrogait/model/kinematics.h"
#include "retrogait/scene/palette.h"
#include "retrogait/scene/scene_builder.h"

namespace retrogait::viewer {

namespace {

std::string g_glfwError;
void onGlfwError(int code, const char* description) {
  g_glfwError = "GLFW error " + std::to_string(code) + ": " + (description ? description : "");
}

ViewerApp* g_app = nullptr;

// Ctrl-C or SIGTERM closes the window as its close button does, so a recording ends properly
// (--record: its temporary file deleted; a live recording: saved). A second one kills at once.
volatile std::sig_atomic_t g_stopRequested = 0;
void onStopSignal(int signal) {
  if (g_stopRequested) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
  g_stopRequested = signal;
}

// CPU time used by all threads of the process so far [ms] (llvmpipe renders in threads).
double processCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return 1e3 * static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_nsec);
}

constexpr int kMaxStepsPerFrame = 60;  // per walker; beyond this the viewer drops time
// Live recording: at most this many video frames per loop iteration; beyond it the simulated
// clock falls behind wall time (the video stays exact: every frame is still 1/fps apart).
constexpr int kMaxVideoFramesPerLoop = 4;
constexpr double kHeadlessFrameS = 1.0 / 60.0;
constexpr double kFollowLagS = 0.3;  // time constant of the follow camera
constexpr double kPushForceN = 120.0, kStrongPushForceN = 250.0, kPushDurationS = 0.2;
constexpr double kDragStiffnessNpm = 500.0, kMaxDragForceN = 400.0;

std::string shaderDirectory() {
  if (const char* dir = std::getenv("RETROGAIT_SHADERS")) return dir;
  return RETROGAIT_SHADER_DIR;
}

// First existing file among the candidates, or empty.
std::string firstExisting(const std::vector<std::string>& files) {
  for (const std::string& f : files) {
    if (std::filesystem::exists(f)) return f;
  }
  return {};
}

}  // namespace

bool applyOverlayList(const std::string& list, ViewOptions& v, std::string& error) {
  struct Flag {
    const char* name;
    bool ViewOptions::*member;
  };
  const Flag flags[] = {{"bodies", &ViewOptions::showBodies},
                        {"grf", &ViewOptions::showGrf},
                        {"com", &ViewOptions::showCom},
                        {"muscles", &ViewOptions::showMuscles},
                        {"joint_contact", &ViewOptions::showJointContact},
                        {"joint_moments", &ViewOptions::showJointMoments},
                        {"phase_bar", &ViewOptions::showPhaseBar},
                        {"labels", &ViewOptions::showLabels},
                        {"slope_reference", &ViewOptions::showSlopeReference}};
  const bool all = list == "all";
  for (const Flag& f : flags) v.*(f.member) = all;
  if (all || list == "none") return true;
  std::stringstream s(list);
  std::string name;
  while (std::getline(s, name, ',')) {
    bool found = false;
    for (const Flag& f : flags) {
      if (name == f.name) {
        v.*(f.member) = true;
        found = true;
      }
    }
    if (!found) {
      error = "--overlays: unknown overlay '" + name +
              "' (allowed: all, none, bodies, grf, com, muscles, joint_contact, joint_moments, "
              "phase_bar, labels, slope_reference)";
      return false;
    }
  }
  return true;
}

ViewerApp::ViewerApp(AppOptions options) : m_options(std::move(options)) {
  g_app = this;
}

ViewerApp::~ViewerApp() {
  m_walkers.clear();
  m_renderer.reset();
  if (ImGui::GetCurrentContext()) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (m_window) glfwDestroyWindow(m_window);
  glfwTerminate();
  g_app = nullptr;
}

bool ViewerApp::initWindow() {
  glfwSetErrorCallback(onGlfwError);
  if (!glfwInit()) {
    std::fprintf(
        stderr,
        "retrogait-viewer: cannot open a display (%s).\n"
        "  The viewer needs an X11 display. Without one, run it under a virtual display:\n"
        "    xvfb-run -a -s \"-screen 0 1280x720x24\" retrogait-viewer --screenshot out.png\n"
        "  or use the command line for a headless comparison: retrogait compare\n",
        g_glfwError.empty() ? "glfwInit failed" : g_glfwError.c_str());
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  glfwWindowHint(GLFW_STENCIL_BITS, 8);
  glfwWindowHint(GLFW_DEPTH_BITS, 24);
  // A recording keeps its frame size.
  glfwWindowHint(GLFW_RESIZABLE, recordingToFiles() ? GLFW_FALSE : GLFW_TRUE);
  m_window =
      glfwCreateWindow(m_options.width, m_options.height, "retrogait viewer", nullptr, nullptr);
  if (!m_window) {
    std::fprintf(stderr,
                 "retrogait-viewer: cannot create an OpenGL 3.3 core window (%s).\n"
                 "  The viewer needs OpenGL 3.3; with Mesa, software rendering (llvmpipe) works.\n",
                 g_glfwError.c_str());
    return false;
  }
  glfwMakeContextCurrent(m_window);
  const int version = gladLoadGL(glfwGetProcAddress);
  if (version == 0 || GLAD_VERSION_MAJOR(version) < 3 ||
      (GLAD_VERSION_MAJOR(version) == 3 && GLAD_VERSION_MINOR(version) < 3)) {
    std::fprintf(stderr, "retrogait-viewer: OpenGL 3.3 is not available (got %d.%d).\n",
                 GLAD_VERSION_MAJOR(version), GLAD_VERSION_MINOR(version));
    return false;
  }
  glfwSwapInterval(headless() ? 0 : 1);
  glfwSetWindowSizeLimits(m_window, 640, 400, GLFW_DONT_CARE, GLFW_DONT_CARE);
  glfwSetWindowContentScaleCallback(m_window, [](GLFWwindow*, float, float) {
    if (g_app) g_app->m_fontsDirty = true;
  });
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(m_window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  rebuildFonts();

  // Multisampling doubles llvmpipe's frame time; on a GPU it is nearly free.
  int samples = m_options.msaa;
  if (samples < 0) {
    const std::string renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const bool software = renderer.find("llvmpipe") != std::string::npos ||
                          renderer.find("softpipe") != std::string::npos ||
                          renderer.find("SWR") != std::string::npos;
    samples = software ? 0 : 4;
  }
  std::string error;
  m_renderer = Renderer::create(shaderDirectory(), samples, error);
  if (!m_renderer) {
    std::fprintf(stderr, "retrogait-viewer: %s\n", error.c_str());
    return false;
  }
  return true;
}

void ViewerApp::rebuildFonts() {
  // UI scale: the monitor's content scale (high-DPI), times the user's --ui-scale.
  float sx = 1, sy = 1;
  if (m_window) glfwGetWindowContentScale(m_window, &sx, &sy);
  m_uiScale = std::clamp(std::max(sx, sy) * static_cast<float>(m_options.uiScale), 0.75f, 4.0f);
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0394, 0x0394, 0x03A3, 0x03A3, 0x03B1,
                                   0x03C9, 0x2010, 0x2027, 0x2190, 0x2193, 0x2212, 0x2212,
                                   0x2248, 0x2248, 0x25B2, 0x25BC, 0};
  const std::string regular = firstExisting({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
  const std::string bold = firstExisting({"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"});
  const float size = std::round(15.0f * m_uiScale);
  m_bodyFont = regular.empty()
                   ? nullptr
                   : io.Fonts->AddFontFromFileTTF(regular.c_str(), size, nullptr, ranges);
  if (!m_bodyFont) {
    static bool warned = false;
    if (!warned) {
      std::fprintf(stderr,
                   "retrogait-viewer: DejaVu Sans not found (Debian package fonts-dejavu-core); "
                   "using ImGui's built-in font\n");
      warned = true;
    }
    ImFontConfig config;
    config.SizePixels = std::round(13.0f * m_uiScale);
    m_bodyFont = io.Fonts->AddFontDefault(&config);
  }
  m_headingFont = bold.empty() ? m_bodyFont
                               : io.Fonts->AddFontFromFileTTF(
                                     bold.c_str(), std::round(16.0f * m_uiScale), nullptr, ranges);
  if (!m_headingFont) m_headingFont = m_bodyFont;
  io.FontDefault = m_bodyFont;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  applyStyle();
  m_fontsDirty = false;
}

void ViewerApp::applyStyle() {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowRounding = 0;
  style.FrameRounding = 4;
  style.GrabRounding = 4;
  style.TabRounding = 4;
  style.WindowBorderSize = 0;
  style.FrameBorderSize = 1;
  style.WindowPadding = ImVec2(12, 10);
  style.ItemSpacing = ImVec2(8, 6);
  ImVec4* c = style.Colors;
  const ImVec4 accent(0.06f, 0.48f, 0.54f, 1.0f);
  c[ImGuiCol_WindowBg] = ImVec4(0.965f, 0.969f, 0.976f, 1.0f);
  c[ImGuiCol_Text] = ImVec4(0.12f, 0.14f, 0.16f, 1.0f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.45f, 0.47f, 0.50f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.80f, 0.82f, 0.85f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.90f, 0.95f, 0.96f, 1);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.84f, 0.92f, 0.93f, 1);
  c[ImGuiCol_Header] = ImVec4(0.88f, 0.92f, 0.94f, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.80f, 0.89f, 0.91f, 1);
  c[ImGuiCol_HeaderActive] = ImVec4(0.72f, 0.85f, 0.88f, 1);
  c[ImGuiCol_Button] = ImVec4(0.89f, 0.92f, 0.94f, 1);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.78f, 0.88f, 0.90f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.68f, 0.83f, 0.86f, 1);
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = accent;
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.04f, 0.38f, 0.43f, 1);
  c[ImGuiCol_Tab] = ImVec4(0.88f, 0.91f, 0.93f, 1);
  c[ImGuiCol_TabHovered] = ImVec4(0.78f, 0.88f, 0.90f, 1);
  c[ImGuiCol_TabActive] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.90f, 0.92f, 0.94f, 1);
  c[ImGuiCol_Separator] = ImVec4(0.82f, 0.84f, 0.87f, 1);
  style.ScaleAllSizes(m_uiScale);
  ImGui::GetStyle() = style;
}

Status ViewerApp::loadPreset(const ViewerPreset& preset) {
  std::vector<std::unique_ptr<WalkerSession>> walkers;
  for (const WalkerPreset& w : preset.walkers) {
    auto session = WalkerSession::create(w);
    if (!session) return Error{session.error()};
    walkers.push_back(std::move(session.value()));
  }
  m_preset = preset;
  m_walkers = std::move(walkers);
  m_edits = preset.walkers;
  m_simDebtS.assign(m_walkers.size(), 0.0);
  m_recordSteps.clear();  // a recording goes on from its current frame
  m_views.assign(m_walkers.size(), View{});
  m_paused = preset.paused;
  m_timeScale = preset.timeScale;
  m_autoReset = preset.autoResetAfterFall;
  m_cameraAngles.yawRad = degToRad(preset.camera.yawDeg);
  m_cameraAngles.pitchRad = degToRad(preset.camera.pitchDeg);
  m_cameraAngles.distanceM = preset.camera.distanceM;
  m_cameraAngles.panOffset = Vec3::Zero();
  m_cameraInitialized = false;
  m_drag = Drag{};
  m_plotTabFramesToForce = 2;
  m_presetIndex = -1;
  for (std::size_t i = 0; i < m_presetFiles.size(); ++i) {
    std::error_code ec;
    if (!preset.file.empty() &&
        std::filesystem::equivalent(m_presetFiles[i].file, preset.file, ec)) {
      m_presetIndex = static_cast<int>(i);
    }
  }
  return Ok{};
}

ViewOptions ViewerApp::viewOptionsFor(int walker) const {
  ViewOptions v = m_preset.view;
  v.accent = walker == 0 ? palette::kWalkerA : palette::kWalkerB;
  return v;
}

int ViewerApp::run() {
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
  // The preset first: a bad file is reported before a window opens.
  ViewerPreset preset = makeDefaultViewerPreset();
  if (!m_options.scenarioFile.empty()) {
    auto loaded = loadViewerPreset(m_options.scenarioFile);
    if (!loaded) {
      std::fprintf(stderr, "retrogait-viewer: %s\n", loaded.error().c_str());
      return 2;
    }
    preset = std::move(loaded.value());
  } else if (m_options.benchFrames > 0) {
    // The benchmark's worst case: two walkers, every overlay and every plot.
    const std::string compare = defaultPresetDirectory() + "/compare_forward_backward_level.json";
    auto loaded = loadViewerPreset(compare);
    if (!loaded) {
      std::fprintf(stderr, "retrogait-viewer: %s\n", loaded.error().c_str());
      return 2;
    }
    preset = std::move(loaded.value());
    std::string unused;
    applyOverlayList("all", preset.view, unused);
    preset.plotGroup = PlotGroup::kAll;
  }
  if (m_options.overlays) {
    std::string error;
    if (!applyOverlayList(*m_options.overlays, preset.view, error)) {
      std::fprintf(stderr, "retrogait-viewer: %s\n", error.c_str());
      return 2;
    }
  }
  if (m_options.plotGroup) {
    bool found = false;
    for (PlotGroup g : {PlotGroup::kAngles, PlotGroup::kMoments, PlotGroup::kGrf,
                        PlotGroup::kMuscles, PlotGroup::kJointContact, PlotGroup::kAll}) {
      if (*m_options.plotGroup == plotGroupName(g)) {
        preset.plotGroup = g;
        found = true;
      }
    }
    if (!found) {
      std::fprintf(stderr,
                   "retrogait-viewer: --plots '%s' (allowed: angles, moments, grf, muscles, "
                   "joint_contact, all)\n",
                   m_options.plotGroup->c_str());
      return 2;
    }
  }
  m_showUi = !m_options.hideUi;

  // Recording: ffmpeg and the outputs are checked before a window opens.
  m_ffmpeg = findOnPath("ffmpeg");
  if (!m_options.recordFile.empty()) {
    if (m_ffmpeg.empty()) {
      std::fprintf(stderr, "retrogait-viewer: %s\n", ffmpegMissingMessage("--record").c_str());
      return 2;
    }
    if (Status s = checkVideoWritable(m_options.recordFile); !s) {
      std::fprintf(stderr, "retrogait-viewer: %s\n", s.error().c_str());
      return 1;
    }
  }
  if (!m_options.recordPngDir.empty()) {
    auto writer = PngSequenceWriter::start(m_options.recordPngDir);
    if (!writer) {
      std::fprintf(stderr, "retrogait-viewer: %s\n", writer.error().c_str());
      return 1;
    }
    m_pngSequence = std::move(writer.value());
  }

  for (const std::string& f : listPresetFiles(defaultPresetDirectory())) {
    auto p = loadViewerPreset(f);
    if (p) m_presetFiles.push_back({f, p->title});
  }
  auto norms = loadNormativeCurves(defaultNormativeFile());
  if (norms) {
    m_norms = std::move(norms.value());
  } else {
    m_normError = norms.error();
    std::fprintf(stderr, "retrogait-viewer: no normative bands: %s\n", m_normError.c_str());
  }
  // The display next (a missing one is the most common problem of a classroom machine), then
  // the simulations (model and controller files).
  if (!initWindow()) return 3;
  if (Status s = loadPreset(preset); !s) {
    std::fprintf(stderr, "retrogait-viewer: %s\n", s.error().c_str());
    return 2;
  }
  const long recordTotal =
      recordingToFiles() ? std::max(1L, std::lround(m_options.recordSeconds * m_options.recordFps))
                         : 0;
  if (!m_options.recordFile.empty()) {
    glfwGetFramebufferSize(m_window, &m_fbW, &m_fbH);
    auto video =
        VideoEncoder::start(m_ffmpeg, m_options.recordFile, m_fbW, m_fbH, m_options.recordFps);
    if (!video) {
      std::fprintf(stderr, "retrogait-viewer: %s\n", video.error().c_str());
      return 1;
    }
    m_video = std::move(video.value());
  }

  using Clock = std::chrono::steady_clock;
  const bool bench = m_options.benchFrames > 0;
  const bool shot = !m_options.screenshotFile.empty();
  const int warmup = bench ? 10 : 0;
  const int totalFrames =
      bench ? warmup + m_options.benchFrames : (shot ? std::max(2, m_options.frames) : 0);
  std::vector<double> frameMs;
  double cpuMs = 0;
  Clock::time_point last = Clock::now();
  int exitCode = 0;
  while (!glfwWindowShouldClose(m_window)) {
    const Clock::time_point start = Clock::now();
    glfwPollEvents();
    if (g_stopRequested) break;
    if (m_fontsDirty) rebuildFonts();
    // Minimized or zero-sized: nothing to draw; wait instead of spinning (the simulation
    // pauses with the window).
    glfwGetFramebufferSize(m_window, &m_fbW, &m_fbH);
    if (!headless() &&
        (glfwGetWindowAttrib(m_window, GLFW_ICONIFIED) || m_fbW <= 0 || m_fbH <= 0)) {
      glfwWaitEventsTimeout(0.25);
      last = Clock::now();
      continue;
    }
    const double wallDt = std::chrono::duration<double>(start - last).count();
    last = start;
    const double dt = headless() ? kHeadlessFrameS : std::clamp(wallDt, 0.0, 0.1);
    const bool captureNow = shot && m_frame + 1 == totalFrames;
    bool recordDone = false;
    if (recordingToFiles()) {
      // --record / --record-png: every frame is the next video frame.
      ++m_recordFrames;
      frame(videoFrameS(), SimAdvance::kVideoFrame);
      if (Status s = recordFrame(); !s) {
        std::fprintf(stderr, "retrogait-viewer: %s\n", s.error().c_str());
        exitCode = 1;
        break;
      }
      recordDone = m_recordFrames >= recordTotal;
    } else if (m_video) {
      if (!liveRecordingFrames(dt)) continue;  // no video frame due: nothing new to show
    } else {
      frame(dt);
    }
    if (captureNow) {
      if (Status s = capture(m_options.screenshotFile); !s) {
        std::fprintf(stderr, "retrogait-viewer: %s\n", s.error().c_str());
        exitCode = 1;
      }
      if (!m_options.layoutFile.empty()) {
        if (Status s = writeLayout(m_options.layoutFile); !s) {
          std::fprintf(stderr, "retrogait-viewer: %s\n", s.error().c_str());
          exitCode = 1;
        }
      }
    }
    renderDeferredOverlay();
    glfwSwapBuffers(m_window);
    if (bench) glFinish();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    m_frameMs = m_frameMs <= 0 ? ms : 0.9 * m_frameMs + 0.1 * ms;
    ++m_frame;
    if (bench && m_frame > warmup) frameMs.push_back(ms);
    if (bench && m_frame == warmup) {
      m_stages = {};
      cpuMs = processCpuMs();
    }
    if (totalFrames > 0 && m_frame >= totalFrames) break;
    if (recordDone) break;
  }

  // The end of a recording: --record's video is complete only after all its frames; a live
  // recording is saved when the window closes.
  if (recordingToFiles() && exitCode == 0) {
    const double seconds = static_cast<double>(m_recordFrames) / m_options.recordFps;
    if (m_recordFrames < recordTotal) {
      if (m_video) m_video->abort();
      std::string what;
      if (!m_options.recordFile.empty()) what = m_options.recordFile + " was not written";
      if (m_pngSequence) {
        what += (what.empty() ? "the PNG sequence in " : "; the PNG sequence in ") +
                m_options.recordPngDir + " is incomplete";
      }
      std::fprintf(
          stderr,
          "retrogait-viewer: stopped (window closed or interrupted) after %ld of %ld frames: %s\n",
          m_recordFrames, recordTotal, what.c_str());
      exitCode = 1;
    } else if (m_video) {
      if (Status s = m_video->finish(); !s) {
        std::fprintf(stderr, "retrogait-viewer: %s\n", s.error().c_str());
        exitCode = 1;
      } else {
        std::printf("wrote %s: %ld frames, %.2f s of simulated time at %d fps, %dx%d\n",
                    m_options.recordFile.c_str(), m_recordFrames, seconds, m_options.recordFps,
                    m_video->width() + m_video->width() % 2,
                    m_video->height() + m_video->height() % 2);
      }
    }
    if (exitCode == 0 && m_pngSequence) {
      std::printf("wrote %ld PNG frames to %s (%.2f s of simulated time at %d fps)\n",
                  m_pngSequence->frames(), m_pngSequence->directory().c_str(), seconds,
                  m_options.recordFps);
    }
    m_video.reset();
  } else if (m_video && !recordingToFiles()) {
    stopRecording();
  }
  if (g_stopRequested && (!m_options.screenshotFile.empty() || bench) && exitCode == 0) {
    std::fprintf(stderr, "retrogait-viewer: interrupted\n");
    exitCode = 128 + g_stopRequested;
  }

  if (bench && !frameMs.empty()) {
    std::vector<double> sorted = frameMs;
    std::sort(sorted.begin(), sorted.end());
    const double mean = std::accumulate(frameMs.begin(), frameMs.end(), 0.0) / frameMs.size();
    std::printf("frame time: %.2f ms\n", mean);
    std::printf("  median %.2f ms, 95th percentile %.2f ms, %zu frames after %d warm-up\n",
                sorted[sorted.size() / 2],
                sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)], sorted.size(),
                warmup);
    const double n = std::max<long>(1, m_stages.frames);
    std::printf(
        "  viewer thread per frame: simulation %.2f, scene %.2f, 3D submit %.2f, UI build "
        "%.2f, UI submit %.2f ms; %.0f triangles, %.0f draw calls, %.0f UI vertices in %.0f "
        "draw calls\n",
        m_stages.simMs / n, m_stages.sceneMs / n, m_stages.renderMs / n, m_stages.uiMs / n,
        m_stages.uiRenderMs / n, m_stages.triangles / n, m_stages.drawCalls / n,
        m_stages.uiVertices / n, m_stages.uiDrawCalls / n);
    std::printf("  CPU time of all threads (viewer + llvmpipe): %.2f ms per frame\n",
                (processCpuMs() - cpuMs) / static_cast<double>(frameMs.size()));
    std::string overlays;
    const ViewOptions& v = m_preset.view;
    const std::pair<bool, const char*> shown[] = {{v.showGrf, "grf"},
                                                  {v.showCom, "com"},
                                                  {v.showMuscles, "muscles"},
                                                  {v.showJointContact, "joint_contact"},
                                                  {v.showJointMoments, "joint_moments"},
                                                  {v.showPhaseBar, "phase_bar"},
                                                  {v.showLabels, "labels"}};
    for (const auto& [on, name] : shown) {
      if (on) overlays += std::string(overlays.empty() ? "" : ",") + name;
    }
    std::printf(
        "  %dx%d framebuffer, %zu walker(s), overlays: %s, plots: %s, MSAA %dx, "
        "renderer: %s\n",
        m_fbW, m_fbH, m_walkers.size(), overlays.empty() ? "none" : overlays.c_str(),
        plotGroupName(m_preset.plotGroup), m_renderer->samples(),
        reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
  }
  return exitCode;
}

void ViewerApp::layout() {
  glfwGetWindowSize(m_window, &m_winW, &m_winH);
  glfwGetFramebufferSize(m_window, &m_fbW, &m_fbH);
  const float s = m_uiScale;
  float left = 0, right = 0;
  if (m_showUi) {
    left = std::min(270.0f * s, 0.25f * m_winW);
    right = std::min(410.0f * s, 0.34f * m_winW);
  }
  const float x0 = left, x1 = static_cast<float>(m_winW) - right;
  const float h = static_cast<float>(m_winH);
  const std::size_t n = m_views.size();
  const double fx = m_winW > 0 ? static_cast<double>(m_fbW) / m_winW : 1.0;
  const double fy = m_winH > 0 ? static_cast<double>(m_fbH) / m_winH : 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    UiRect r;
    if (n == 1) {
      r = {ImVec2(x0, 0), ImVec2(x1, h)};
    } else if (m_preset.layout == CompareLayout::kStacked) {
      const float mid = std::round(0.5f * h);
      r = i == 0 ? UiRect{ImVec2(x0, 0), ImVec2(x1, mid - 1)}
                 : UiRect{ImVec2(x0, mid + 1), ImVec2(x1, h)};
    } else {
      const float mid = std::round(0.5f * (x0 + x1));
      r = i == 0 ? UiRect{ImVec2(x0, 0), ImVec2(mid - 1, h)}
                 : UiRect{ImVec2(mid + 1, 0), ImVec2(x1, h)};
    }
    View& v = m_views[i];
    v.ui = r;
    const int px0 = static_cast<int>(std::lround(r.min.x * fx));
    const int px1 = static_cast<int>(std::lround(r.max.x * fx));
    const int py0 = static_cast<int>(std::lround(r.min.y * fy));
    const int py1 = static_cast<int>(std::lround(r.max.y * fy));
    v.pixels = {px0, m_fbH - py1, std::max(0, px1 - px0), std::max(0, py1 - py0)};
  }
}

void ViewerApp::frame(double dtS, SimAdvance advance) {
  // Stage timing for --bench-frames: time spent in this thread per stage (llvmpipe rasterizes in
  // its own threads when the frame is flushed, which only the frame time includes).
  const bool timing = m_options.benchFrames > 0;
  using Clock = std::chrono::steady_clock;
  Clock::time_point mark = Clock::now();
  auto stage = [&](double& accumulator) {
    if (!timing) return;
    const Clock::time_point now = Clock::now();
    accumulator += std::chrono::duration<double, std::milli>(now - mark).count();
    mark = now;
  };
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  layout();
  handleKeyboard();
  handleMouse();
  stage(m_stages.uiMs);
  stepWalkers(dtS, advance);
  stage(m_stages.simMs);
  // The follow camera moves with simulated time while recording, so the video does not depend
  // on how fast the machine renders.
  buildScenes(advance == SimAdvance::kVideoFrame ? videoFrameS()
              : advance == SimAdvance::kHold     ? 0.0
                                                 : dtS);
  stage(m_stages.sceneMs);
  m_statusAgeS += dtS;

  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, m_fbW, m_fbH);
  glClearColor(0.965f, 0.969f, 0.976f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
  m_renderer->beginFrame(m_fbW, m_fbH);
  for (std::size_t i = 0; i < m_views.size(); ++i) {
    m_renderer->drawView(m_views[i].list, m_views[i].camera, m_views[i].pixels);
  }
  m_renderer->endFrame();
  stage(m_stages.renderMs);
  m_stages.triangles += m_renderer->stats().triangles;
  m_stages.drawCalls += m_renderer->stats().drawCalls;

  ImDrawList* bg = ImGui::GetBackgroundDrawList();
  for (std::size_t i = 0; i < m_views.size(); ++i) {
    View& v = m_views[i];
    // The HUD is laid out first (labels keep clear of its legends where they can) but drawn
    // over the labels (channel 1 above channel 0).
    bg->ChannelsSplit(2);
    bg->ChannelsSetCurrent(1);
    const std::vector<LabelBox> hudBoxes = drawHud(bg, v.list.hud, v.ui, m_uiScale);
    bg->ChannelsSetCurrent(0);
    v.labelBoxes = drawLabels(bg, v.list, v.camera, v.ui, m_uiScale, hudBoxes);
    bg->ChannelsMerge();
    v.labelBoxes.insert(v.labelBoxes.end(), hudBoxes.begin(), hudBoxes.end());
    drawViewDecorations(static_cast<int>(i));
  }
  drawPanels();
  if (m_video || recordingToFiles() || !m_recordMessage.empty()) drawRecordIndicator();
  ImGui::Render();
  stage(m_stages.uiMs);
  // The foreground list (only the REC indicator draws there) is rendered after the frame has
  // been read back: renderDeferredOverlay().
  ImDrawData* drawData = ImGui::GetDrawData();
  m_deferredOverlay = nullptr;
  const ImDrawList* foreground = ImGui::GetForegroundDrawList();
  for (int i = 0; i < drawData->CmdListsCount; ++i) {
    if (drawData->CmdLists[i] != foreground) continue;
    m_deferredOverlay = drawData->CmdLists[i];
    for (int j = i; j + 1 < drawData->CmdListsCount; ++j)
      drawData->CmdLists[j] = drawData->CmdLists[j + 1];
    --drawData->CmdListsCount;
    drawData->TotalVtxCount -= m_deferredOverlay->VtxBuffer.Size;
    drawData->TotalIdxCount -= m_deferredOverlay->IdxBuffer.Size;
    break;
  }
  glViewport(0, 0, m_fbW, m_fbH);
  ImGui_ImplOpenGL3_RenderDrawData(drawData);
  if (timing) {
    const ImDrawData* ui = ImGui::GetDrawData();
    m_stages.uiVertices += ui->TotalVtxCount;
    for (int i = 0; i < ui->CmdListsCount; ++i)
      m_stages.uiDrawCalls += ui->CmdLists[i]->CmdBuffer.Size;
  }
  stage(m_stages.uiRenderMs);
  ++m_stages.frames;
}

void ViewerApp::stepWalkers(double dtS, SimAdvance advance) {
  if (advance == SimAdvance::kWallClock) m_behind = false;
  const double frameS = videoFrameS();
  const long videoFrame = m_recordFrames - 1;  // 0 = the first frame: the state at the start
  if (advance == SimAdvance::kVideoFrame && m_recordSteps.size() != m_walkers.size()) {
    // Recording started (frame 0 takes no step), or the walkers changed (a lesson was loaded:
    // one frame interval from the previous video frame).
    m_recordSteps.resize(m_walkers.size());
    for (std::size_t i = 0; i < m_walkers.size(); ++i) {
      m_recordSteps[i] = std::lround(static_cast<double>(std::max(0L, videoFrame - 1)) * frameS /
                                     m_walkers[i]->sim().scenario().timeStepS);
    }
  }
  for (std::size_t i = 0; i < m_walkers.size(); ++i) {
    WalkerSession& w = *m_walkers[i];
    // A run that reached its duration starts again; a fall waits for R (or auto-reset).
    if (w.finished() && !w.fell()) (void)w.reset();
    if (w.fell()) {
      w.addTimeSinceFall(advance == SimAdvance::kVideoFrame ? frameS
                         : advance == SimAdvance::kHold     ? 0.0
                                                            : dtS);
      if (m_autoReset && w.timeSinceFallS() > 2.0) (void)w.reset();
    }
    if (advance == SimAdvance::kVideoFrame) {
      // Video frame k (from 0) shows the walker round(k / (fps · dt)) steps after the recording
      // started: whole fixed steps, no drift, whatever the machine's speed (and whatever the
      // playback speed: a video plays in simulated time, its timestamp k / fps).
      const long target =
          std::lround(static_cast<double>(videoFrame) * frameS / w.sim().scenario().timeStepS);
      const long steps = std::max(0L, target - m_recordSteps[i]);
      m_recordSteps[i] = target;
      w.advance(static_cast<int>(steps));
      continue;
    }
    if (m_paused || advance == SimAdvance::kHold) continue;
    const double stepS = w.sim().scenario().timeStepS;
    m_simDebtS[i] += dtS * m_timeScale;
    int steps = static_cast<int>(std::floor(m_simDebtS[i] / stepS + 1e-9));
    if (steps > kMaxStepsPerFrame) {
      steps = kMaxStepsPerFrame;
      m_simDebtS[i] = 0;  // drop the time we cannot keep up with
      m_behind = true;
    } else {
      m_simDebtS[i] -= steps * stepS;
    }
    w.advance(steps);
  }
}

void ViewerApp::singleStep(int steps) {
  m_paused = true;
  for (auto& w : m_walkers) w->advance(steps);
}

void ViewerApp::resetAll() {
  for (std::size_t i = 0; i < m_walkers.size(); ++i) {
    if (Status s = m_walkers[i]->reset(); !s) m_status = s.error();
    m_simDebtS[i] = 0;
  }
  m_cameraInitialized = false;
}

void ViewerApp::pushAll(double forceN) {
  for (auto& w : m_walkers) w->pushFor(Vec2(forceN, 0), kPushDurationS);
}

void ViewerApp::buildScenes(double dtS) {
  for (std::size_t i = 0; i < m_walkers.size(); ++i) {
    WalkerSession& w = *m_walkers[i];
    View& v = m_views[i];
    const WalkerSceneInput input = w.sceneInput();
    ViewOptions options = viewOptionsFor(static_cast<int>(i));
    options.viewerSide = std::cos(m_cameraAngles.yawRad) >= 0 ? 1.0 : -1.0;
    v.list = buildWalkerScene(input, options);
    // Follow the walker: its COM along the ground, at a fixed height above the ground there,
    // led by the COM velocity times the follow lag so a steady walker stays centred.
    const Vec2 com = computeCom(w.sim().model(), computePoses(w.sim().model(), input.q));
    const double lead = w.sim().series().empty() || w.fell()
                            ? 0.0
                            : w.sim().series().back().comVel_W.x() * kFollowLagS;
    const double scale = w.sim().model().subject.heightM / 1.75;
    const Vec3 goal(com.x() + lead, w.sim().ground().surfaceY(com.x()) + 0.78 * scale, 0.0);
    OrbitCamera& cam = v.camera;
    cam.yawRad = m_cameraAngles.yawRad;
    cam.pitchRad = m_cameraAngles.pitchRad;
    cam.distanceM = m_cameraAngles.distanceM * scale;
    cam.panOffset = m_cameraAngles.panOffset;
    if (!m_cameraInitialized) {
      cam.target = goal;
    } else if (m_follow) {
      cam.follow(goal, dtS, kFollowLagS);
    }
  }
  m_cameraInitialized = true;
}

void ViewerApp::handleKeyboard() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureKeyboard) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) m_paused = !m_paused;
  if (ImGui::IsKeyPressed(GLFW_KEY_PERIOD)) singleStep(1);
  if (ImGui::IsKeyPressed(GLFW_KEY_S)) {
    const double stepS = m_walkers.front()->sim().scenario().timeStepS;
    singleStep(std::max(1, static_cast<int>(std::lround(kHeadlessFrameS / stepS))));
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) resetAll();
  const double force = io.KeyShift ? kStrongPushForceN : kPushForceN;
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT, false)) pushAll(force);
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT, false)) pushAll(-force);
  if (ImGui::IsKeyPressed(GLFW_KEY_F, false)) m_follow = !m_follow;
  if (ImGui::IsKeyPressed(GLFW_KEY_C, false)) {
    m_cameraAngles.yawRad = degToRad(m_preset.camera.yawDeg);
    m_cameraAngles.pitchRad = degToRad(m_preset.camera.pitchDeg);
    m_cameraAngles.distanceM = m_preset.camera.distanceM;
    m_cameraAngles.panOffset = Vec3::Zero();
    m_follow = true;
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_TAB, false) || ImGui::IsKeyPressed(GLFW_KEY_H, false)) {
    m_showUi = !m_showUi;
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT_BRACKET)) m_timeScale = std::max(0.05, m_timeScale / 1.5);
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT_BRACKET)) m_timeScale = std::min(2.0, m_timeScale * 1.5);
  if (ImGui::IsKeyPressed(GLFW_KEY_V, false) && !recordingToFiles()) toggleRecording();
  if (ImGui::IsKeyPressed(GLFW_KEY_P, false) || ImGui::IsKeyPressed(GLFW_KEY_F12, false)) {
    const std::string file = screenshotName();
    const Status s = capture(file);
    m_status = s ? "saved " + file : s.error();
    m_statusAgeS = 0;
  }
}

void ViewerApp::handleMouse() {
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 mouse = io.MousePos;
  // Releasing ends any drag, wherever the mouse is.
  if (m_drag.walker >= 0 && !io.MouseDown[0] && !io.MouseDown[1] && !io.MouseDown[2]) {
    if (m_drag.trunk)
      m_walkers[static_cast<std::size_t>(m_drag.walker)]->setDragForce(std::nullopt);
    m_drag = Drag{};
  }
  int hovered = -1;
  for (std::size_t i = 0; i < m_views.size(); ++i) {
    if (m_views[i].ui.contains(mouse)) hovered = static_cast<int>(i);
  }
  if (m_drag.walker < 0) {
    if (io.WantCaptureMouse || hovered < 0) return;
    View& v = m_views[static_cast<std::size_t>(hovered)];
    if (io.MouseWheel != 0) m_cameraAngles.zoom(io.MouseWheel);
    const bool left = io.MouseClicked[0], other = io.MouseClicked[1] || io.MouseClicked[2];
    if (!left && !other) return;
    m_drag.walker = hovered;
    m_drag.pan = other;
    if (left) {
      // Did the click hit the trunk? Intersect with the sagittal plane and test the trunk's
      // outline there.
      const WalkerSession& w = *m_walkers[static_cast<std::size_t>(hovered)];
      const Model& model = w.sim().model();
      const SegmentPoses poses = computePoses(model, w.sim().physics().q());
      const Ray ray =
          v.camera.rayThrough((mouse.x - v.ui.min.x) / v.ui.width(),
                              (mouse.y - v.ui.min.y) / v.ui.height(), v.ui.width() / v.ui.height());
      Vec3 hit;
      if (intersectPlaneZ(ray, 0.0, hit)) {
        const Vec2 p = hit.head<2>();
        const Vec2 hip = poses[kHat].origin_W;
        const Vec2 c = model.segments[kHat].com_S;
        const Vec2 axis = poses[kHat].dirToWorld(c.norm() > 0 ? Vec2(c.normalized()) : Vec2(0, 1));
        const double along = std::clamp((p - hip).dot(axis), 0.0, model.segments[kHat].lengthM);
        const double dist = (p - (hip + along * axis)).norm();
        if (dist < 0.14 * model.subject.heightM / 1.75) {
          m_drag.trunk = true;
          m_drag.grab_S = poses[kHat].rotation.transpose() * (p - hip);
        }
      }
    }
    return;
  }
  // Dragging.
  View& v = m_views[static_cast<std::size_t>(m_drag.walker)];
  if (m_drag.trunk) {
    WalkerSession& w = *m_walkers[static_cast<std::size_t>(m_drag.walker)];
    const SegmentPoses poses = computePoses(w.sim().model(), w.sim().physics().q());
    const Vec2 grab = poses[kHat].toWorld(m_drag.grab_S);
    const Ray ray =
        v.camera.rayThrough((mouse.x - v.ui.min.x) / v.ui.width(),
                            (mouse.y - v.ui.min.y) / v.ui.height(), v.ui.width() / v.ui.height());
    Vec3 hit;
    if (intersectPlaneZ(ray, 0.0, hit)) {
      Vec2 f = kDragStiffnessNpm * (hit.head<2>() - grab);
      if (f.norm() > kMaxDragForceN) f *= kMaxDragForceN / f.norm();
      w.setDragForce(PushInput{f, grab});
    }
  } else if (m_drag.pan) {
    m_cameraAngles.pan(io.MouseDelta.x / v.ui.width(), io.MouseDelta.y / v.ui.height(),
                       v.ui.width() / v.ui.height());
  } else {
    m_cameraAngles.orbit(-io.MouseDelta.x * 0.008, io.MouseDelta.y * 0.006);
  }
}

std::string ViewerApp::screenshotName() const {
  char buf[64];
  const std::time_t t = std::time(nullptr);
  std::strftime(buf, sizeof buf, "retrogait_%Y%m%d_%H%M%S.png", std::localtime(&t));
  return buf;
}

Status ViewerApp::capture(const std::string& file) {
  // Read the back buffer (everything is drawn, nothing presented yet), flip rows for PNG.
  std::vector<unsigned char> pixels(static_cast<std::size_t>(m_fbW) * m_fbH * 3);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, m_fbW, m_fbH, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  const std::size_t row = static_cast<std::size_t>(m_fbW) * 3;
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < m_fbH; ++y) {
    std::copy_n(pixels.data() + static_cast<std::size_t>(m_fbH - 1 - y) * row, row,
                flipped.data() + static_cast<std::size_t>(y) * row);
  }
  std::string png;
  const int ok = stbi_write_png_to_func(
      [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
      },
      &png, m_fbW, m_fbH, 3, flipped.data(), static_cast<int>(row));
  if (!ok) return Error{file + ": PNG encoding failed"};
  if (Status s = writeFileAtomically(file, [&](std::ostream& out) { out << png; }); !s) {
    return Error{file + ": " + s.error()};
  }
  return Ok{};
}

bool ViewerApp::liveRecordingFrames(double dtS) {
  if (m_video->width() != m_fbW || m_video->height() != m_fbH) {
    stopRecording();
    recordMessage("The window size changed, so the recording stopped. " + m_status);
    frame(dtS);
    return true;
  }
  // The simulated clock runs at wall time × playback speed (paused: not at all); each 1/fps of
  // it is one video frame.
  const double frameS = videoFrameS();
  const auto now = std::chrono::steady_clock::now();
  if (!m_paused) {
    m_recordDebtS += dtS * m_timeScale;
    m_recordWantedS += std::chrono::duration<double>(now - m_recordWallMark).count() * m_timeScale;
  }
  m_recordWallMark = now;
  long due = static_cast<long>(std::floor(m_recordDebtS / frameS + 1e-9));
  m_recordDebtS -= static_cast<double>(due) * frameS;
  m_behind = due > kMaxVideoFramesPerLoop;
  if (m_behind) {
    due = kMaxVideoFramesPerLoop;  // drop the simulated time we cannot keep up with
    m_recordDebtS = 0;
  }
  if (due == 0) {
    if (m_paused) {
      frame(dtS, SimAdvance::kHold);  // keeps the panels responsive; the video waits
      return true;
    }
    // The state on screen is the last video frame until the next one is due: wait for it (or
    // for input) rather than render the same state again, which would take the time the video
    // frames need on a slow machine.
    glfwWaitEventsTimeout(std::clamp((frameS - m_recordDebtS) / m_timeScale, 0.001, 0.1));
    return false;
  }
  for (long k = 0; k < due && m_video; ++k) {
    ++m_recordFrames;
    frame(k == 0 ? dtS : 0.0, SimAdvance::kVideoFrame);
    if (Status s = recordFrame(); !s) {
      recordMessage(s.error());
      glfwSetWindowAttrib(m_window, GLFW_RESIZABLE, GLFW_TRUE);
    }
  }
  return true;
}

Status ViewerApp::recordFrame() {
  // The back buffer as the screenshot reads it (everything drawn but the REC indicator), RGBA,
  // bottom row first: ffmpeg flips it, the PNG writer flips it.
  m_recordPixels.resize(static_cast<std::size_t>(m_fbW) * m_fbH * 4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, m_fbW, m_fbH, GL_RGBA, GL_UNSIGNED_BYTE, m_recordPixels.data());
  Status status = Ok{};
  if (m_video) {
    if (m_video->width() != m_fbW || m_video->height() != m_fbH) {
      status = Error{m_video->file() + ": the window size changed while recording (" +
                     std::to_string(m_video->width()) + "x" + std::to_string(m_video->height()) +
                     " to " + std::to_string(m_fbW) + "x" + std::to_string(m_fbH) +
                     "); nothing was written"};
    } else {
      status = m_video->writeFrame(m_recordPixels);
    }
  }
  if (status && m_pngSequence) status = m_pngSequence->writeFrame(m_recordPixels, m_fbW, m_fbH);
  if (!status) {
    if (m_video) m_video->abort();
    m_video.reset();
    m_pngSequence.reset();
  }
  return status;
}

void ViewerApp::toggleRecording() {
  if (m_video) {
    stopRecording();
    return;
  }
  if (m_ffmpeg.empty()) m_ffmpeg = findOnPath("ffmpeg");  // installed in the meantime?
  if (m_ffmpeg.empty()) {
    recordMessage(ffmpegMissingMessage("Recording a video"));
    return;
  }
  char name[64];
  const std::time_t t = std::time(nullptr);
  std::strftime(name, sizeof name, "retrogait_%Y%m%d_%H%M%S.mp4", std::localtime(&t));
  auto video = VideoEncoder::start(m_ffmpeg, name, m_fbW, m_fbH, m_options.recordFps);
  if (!video) {
    recordMessage(video.error());
    return;
  }
  m_video = std::move(video.value());
  m_recordFrames = 0;
  m_recordDebtS = videoFrameS();  // the first frame (the current state) is due at once
  m_recordWantedS = 0;
  m_recordWallMark = std::chrono::steady_clock::now();
  m_recordSteps.clear();
  glfwSetWindowAttrib(m_window, GLFW_RESIZABLE, GLFW_FALSE);  // the video keeps its size
  recordMessage(std::string("recording ") + name + " (V or the button stops)");
}

void ViewerApp::stopRecording() {
  if (!m_video) return;
  const long frames = m_video->frames();
  const std::string file = m_video->file();
  const Status s = m_video->finish();
  m_video.reset();
  m_recordSteps.clear();
  std::fill(m_simDebtS.begin(), m_simDebtS.end(), 0.0);
  glfwSetWindowAttrib(m_window, GLFW_RESIZABLE, GLFW_TRUE);
  char text[64];
  const long seconds = frames / m_options.recordFps;
  std::snprintf(text, sizeof text, " (%02ld:%02ld, %ld frames)", seconds / 60, seconds % 60,
                frames);
  recordMessage(s ? "saved " + file + text : s.error());
}

void ViewerApp::recordMessage(const std::string& message) {
  // In the status line, on the terminal, and for a few seconds under the REC badge (the status
  // line may be scrolled out of the left panel).
  m_status = message;
  m_statusAgeS = 0;
  m_recordMessage = message;
  m_recordMessageUntilS = ImGui::GetTime() + 6.0;
  std::fprintf(stderr, "retrogait-viewer: %s\n", message.c_str());
}

void ViewerApp::drawRecordIndicator() {
  // "● REC mm:ss" (simulated time recorded) at the top right of the first view, and below it the
  // latest recording message for a few seconds.
  if (m_views.empty()) return;
  const View& v = m_views.front();
  const float s = m_uiScale, pad = 6 * s;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  float y = v.ui.min.y + 10 * s;
  if (m_video || recordingToFiles()) {
    const long seconds = m_recordFrames / m_options.recordFps;
    char text[96];
    if (recordingToFiles()) {
      const long total = std::lround(m_options.recordSeconds);
      std::snprintf(text, sizeof text, "REC %02ld:%02ld / %02ld:%02ld", seconds / 60, seconds % 60,
                    total / 60, total % 60);
    } else {
      // A machine that cannot render and encode fps frames per second slows the simulated
      // clock (the video stays exact): say so.
      const double recordedS =
          static_cast<double>(std::max(0L, m_recordFrames - 1)) * videoFrameS();
      const double rate = m_recordWantedS > 1.0 ? recordedS / m_recordWantedS : 1.0;
      if (rate < 0.95) {
        std::snprintf(text, sizeof text, "REC %02ld:%02ld  (%.2f\xC3\x97 real time)", seconds / 60,
                      seconds % 60, rate * m_timeScale);
      } else {
        std::snprintf(text, sizeof text, "REC %02ld:%02ld", seconds / 60, seconds % 60);
      }
    }
    ImFont* font = m_headingFont;
    const float size = font->FontSize;
    const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, text);
    const float dot = 0.7f * size;
    const ImVec2 max(v.ui.max.x - 10 * s, y + ts.y + 2 * pad);
    const ImVec2 min(max.x - ts.x - dot - 3 * pad, y);
    dl->AddRectFilled(min, max, IM_COL32(255, 255, 255, 230), 6 * s);
    // Blinks once a second of wall time, as a camera's does.
    if (std::fmod(ImGui::GetTime(), 1.0) < 0.6 || recordingToFiles()) {
      dl->AddCircleFilled(ImVec2(min.x + pad + 0.5f * dot, 0.5f * (min.y + max.y)), 0.5f * dot,
                          IM_COL32(214, 39, 40, 255), 20);
    }
    dl->AddText(font, size, ImVec2(min.x + 2 * pad + dot, min.y + pad), IM_COL32(180, 30, 30, 255),
                text);
    y = max.y + pad;
  }
  if (m_recordMessage.empty()) return;
  if (ImGui::GetTime() > m_recordMessageUntilS) {
    m_recordMessage.clear();
    return;
  }
  ImFont* font = m_bodyFont;
  const float size = font->FontSize;
  const float wrap = std::min(0.5f * v.ui.width(), 480 * s);
  const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, wrap, m_recordMessage.c_str());
  const ImVec2 max(v.ui.max.x - 10 * s, y + ts.y + 2 * pad);
  const ImVec2 min(max.x - ts.x - 2 * pad, y);
  dl->AddRectFilled(min, max, IM_COL32(255, 255, 255, 235), 6 * s);
  dl->AddText(font, size, ImVec2(min.x + pad, min.y + pad), IM_COL32(31, 35, 40, 255),
              m_recordMessage.c_str(), nullptr, wrap);
}

void ViewerApp::renderDeferredOverlay() {
  if (!m_deferredOverlay) return;
  ImDrawData overlay = *ImGui::GetDrawData();
  ImDrawList* lists[] = {m_deferredOverlay};
  overlay.CmdLists = lists;
  overlay.CmdListsCount = 1;
  overlay.TotalVtxCount = m_deferredOverlay->VtxBuffer.Size;
  overlay.TotalIdxCount = m_deferredOverlay->IdxBuffer.Size;
  glViewport(0, 0, m_fbW, m_fbH);
  ImGui_ImplOpenGL3_RenderDrawData(&overlay);
  m_deferredOverlay = nullptr;
}

Status ViewerApp::writeLayout(const std::string& file) const {
  // For tests: where each view is and where each overlay's primitives and labels appear, in
  // framebuffer pixels with the origin at the top left (as in the PNG).
  const double fx = m_winW > 0 ? static_cast<double>(m_fbW) / m_winW : 1.0;
  const double fy = m_winH > 0 ? static_cast<double>(m_fbH) / m_winH : 1.0;
  std::ostringstream o;
  o << "{\"width\": " << m_fbW << ", \"height\": " << m_fbH << ", \"views\": [";
  for (std::size_t i = 0; i < m_views.size(); ++i) {
    const View& v = m_views[i];
    o << (i ? ", " : "") << "{\"rect\": [" << v.ui.min.x * fx << ", " << v.ui.min.y * fy << ", "
      << v.ui.max.x * fx << ", " << v.ui.max.y * fy << "], \"boxes\": {";
    // Screen boxes per tag: projected primitive points grown by their projected radius.
    std::map<int, std::array<double, 4>> boxes;
    auto add = [&](DrawTag tag, const Vec3& p, double radius) {
      ImVec2 s;
      if (!projectToScreen(v.camera, v.ui, p, s)) return;
      const double depth =
          (p - v.camera.eye()).dot((v.camera.lookAt() - v.camera.eye()).normalized());
      const double rPx =
          radius * v.ui.height() / (2.0 * std::tan(0.5 * v.camera.fovYRad) * std::max(depth, 0.05));
      auto [it, fresh] =
          boxes.try_emplace(static_cast<int>(tag), std::array<double, 4>{1e9, 1e9, -1e9, -1e9});
      auto& b = it->second;
      b[0] = std::min(b[0], (s.x - rPx) * fx);
      b[1] = std::min(b[1], (s.y - rPx) * fy);
      b[2] = std::max(b[2], (s.x + rPx) * fx);
      b[3] = std::max(b[3], (s.y + rPx) * fy);
      (void)fresh;
    };
    const DrawList& d = v.list;
    for (const auto& x : d.spheres) add(x.tag, x.center_W, x.radiusM);
    for (const auto& x : d.capsules) {
      add(x.tag, x.a_W, x.radiusM);
      add(x.tag, x.b_W, x.radiusM);
    }
    for (const auto& x : d.lines) {
      add(x.tag, x.a_W, x.radiusM);
      add(x.tag, x.b_W, x.radiusM);
    }
    for (const auto& x : d.polylines) {
      for (const Vec3& p : x.points_W) add(x.tag, p, x.radiusM);
    }
    for (const auto& x : d.arrows) {
      add(x.tag, x.tail_W, 2.4 * x.radiusM);
      add(x.tag, x.head_W, 2.4 * x.radiusM);
    }
    for (const auto& x : d.rings) add(x.tag, x.center_W, x.radiusM + x.thicknessM);
    for (const auto& x : d.arcs) add(x.tag, x.center_W, x.radiusM + 2.3 * x.thicknessM);
    for (const auto& x : d.discs) add(x.tag, x.center_W, x.radiusM);
    for (const LabelBox& l : v.labelBoxes) {
      auto [it, fresh] =
          boxes.try_emplace(static_cast<int>(l.tag), std::array<double, 4>{1e9, 1e9, -1e9, -1e9});
      auto& b = it->second;
      b[0] = std::min(b[0], l.min.x * fx);
      b[1] = std::min(b[1], l.min.y * fy);
      b[2] = std::max(b[2], l.max.x * fx);
      b[3] = std::max(b[3], l.max.y * fy);
      (void)fresh;
    }
    static const char* names[] = {"body",          "joint",
                                  "contact_point", "reference",
                                  "grf",           "center_of_pressure",
                                  "com",           "com_projection",
                                  "muscle",        "joint_contact",
                                  "joint_moment",  "push",
                                  "caption"};
    bool first = true;
    for (const auto& [tag, b] : boxes) {
      o << (first ? "" : ", ") << "\"" << names[tag] << "\": [" << b[0] << ", " << b[1] << ", "
        << b[2] << ", " << b[3] << "]";
      first = false;
    }
    o << "}}";
  }
  o << "]}\n";
  return writeFileAtomically(file, [&](std::ostream& out) { out << o.str(); });
}

}  // namespace retrogait::viewer
