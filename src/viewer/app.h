#pragma once
// The viewer application: window, main loop, input, layout, and the ImGui panels. A thin layer:
// the walkers are Simulations (walker_session.h), what to draw comes from the scene builder,
// the renderer draws it.
//
// One frame: poll input → advance each walker by a capped number of fixed simulation steps
// (wall time × playback speed; a fixed 1/60 s per frame for --screenshot and --bench-frames)
// → build the draw lists → render the 3D views → panels, plots and HUD with ImGui → present.
//
// Recording (--record, --record-png, the Record button): every video frame is exactly 1/fps of
// simulated time after the previous one; each walker takes the whole physics steps that bring it
// to round(k / (fps · dt)) steps after the recording started (13 or 14 steps of 2.5 ms at 30 fps),
// whatever the machine's speed. Live, the simulated clock keeps running at wall time × playback
// speed and the video frames due in a loop iteration are rendered, read back and sent in turn.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "camera.h"
#include "hud.h"
#include "renderer.h"
#include "retrogait/scene/normative_curves.h"
#include "retrogait/scene/viewer_preset.h"
#include "video_recorder.h"
#include "walker_session.h"

struct GLFWwindow;
struct ImFont;
struct ImDrawList;

namespace retrogait::viewer {

struct AppOptions {
  std::string scenarioFile;    ///< preset JSON; empty = the built-in default
  std::string screenshotFile;  ///< write a PNG after `frames` frames, then exit
  int frames = 90;
  int benchFrames = 0;  ///< render this many frames and print the mean frame time
  int width = 1280, height = 720;
  int msaa = -1;  ///< samples; −1 = automatic (4 on a GPU, 0 on a software rasterizer)
  std::optional<std::string> overlays;  ///< "all", "none" or a comma list (overrides the preset)
  std::optional<std::string> plotGroup;
  bool hideUi = false;
  double uiScale = 1.0;         ///< × the monitor's content scale (text and panels)
  std::string layoutFile;       ///< write view rectangles and overlay boxes as JSON (for tests)
  std::string recordFile;       ///< --record: an MP4 of recordSeconds of simulated time, then exit
  std::string recordPngDir;     ///< --record-png: the same frames as numbered PNGs, then exit
  double recordSeconds = 10.0;  ///< simulated time to record [s]
  int recordFps = 30;           ///< video frames per simulated second (30 or 60; also live)
};

/// Applies an overlay list ("all", "none" or e.g. "grf,com,labels"); false on an unknown name.
bool applyOverlayList(const std::string& list, ViewOptions& view, std::string& error);

class ViewerApp {
 public:
  explicit ViewerApp(AppOptions options);
  ~ViewerApp();
  /// Runs until the window closes (or the screenshot/bench frames are done); the exit code.
  int run();

 private:
  struct View {
    UiRect ui;         // ImGui coordinates
    PixelRect pixels;  // framebuffer pixels, bottom-left origin
    OrbitCamera camera;
    DrawList list;
    std::vector<LabelBox> labelBoxes;
  };
  struct PresetEntry {
    std::string file, title;
  };
  struct Drag {
    int walker = -1;
    bool trunk = false;  // dragging the trunk (push) or orbiting
    bool pan = false;
    Vec2 grab_S = Vec2::Zero();  // grabbed point in the HAT frame
  };

  bool initWindow();
  void rebuildFonts();
  void applyStyle();
  Status loadPreset(const ViewerPreset& preset);
  /// How a frame moves the simulation: by wall time × playback speed, by exactly one video frame
  /// (1/fps of simulated time), or not at all (live recording between two video frames).
  enum class SimAdvance { kWallClock, kVideoFrame, kHold };
  void frame(double dtS, SimAdvance advance = SimAdvance::kWallClock);
  void layout();
  void handleKeyboard();
  void handleMouse();
  void stepWalkers(double dtS, SimAdvance advance);
  void buildScenes(double dtS);
  void drawPanels();
  void drawControls();
  void drawScenarioEditor(int walker);
  /// Sets the estimator's criterion of every walker and restarts them (WalkerSession::
  /// applyScenario, as the scenario's Apply does).
  void applyCriterion(RecruitmentCriterion criterion);
  void drawPlotsWindow();
  void drawComparisonTable();
  void drawViewDecorations(int walker);
  void resetAll();
  void singleStep(int steps);
  void pushAll(double forceN);
  std::string screenshotName() const;
  Status capture(const std::string& file);
  Status writeLayout(const std::string& file) const;
  // Recording.
  bool recordingToFiles() const {
    return !m_options.recordFile.empty() || !m_options.recordPngDir.empty();
  }
  double videoFrameS() const { return 1.0 / m_options.recordFps; }
  /// Live: renders the video frames due after dtS of wall time (each read back and sent); when
  /// none is due, waits for the next one (false: nothing rendered) or, paused, renders the held
  /// state.
  bool liveRecordingFrames(double dtS);
  /// Reads the back buffer and sends it to the video and/or the PNG sequence.
  Status recordFrame();
  void toggleRecording();  // the Record button and V
  void stopRecording();
  void recordMessage(const std::string& message);
  void drawRecordIndicator();
  /// Renders what was drawn on ImGui's foreground list (the REC indicator) after the frame was
  /// read back, so it is on screen but not in the video or a screenshot.
  void renderDeferredOverlay();
  ViewOptions viewOptionsFor(int walker) const;
  bool headless() const {
    return !m_options.screenshotFile.empty() || m_options.benchFrames > 0 || recordingToFiles();
  }

  AppOptions m_options;
  GLFWwindow* m_window = nullptr;
  std::unique_ptr<Renderer> m_renderer;
  ImFont* m_bodyFont = nullptr;
  ImFont* m_headingFont = nullptr;
  float m_uiScale = 1.0f;
  bool m_fontsDirty = false;

  ViewerPreset m_preset;
  std::vector<std::unique_ptr<WalkerSession>> m_walkers;
  std::vector<WalkerPreset> m_edits;  // scenario editor state per walker
  std::vector<double> m_simDebtS;
  std::vector<View> m_views;
  std::optional<NormativeCurves> m_norms;
  std::string m_normError;
  std::vector<PresetEntry> m_presetFiles;
  int m_presetIndex = -1;
  int m_plotTabFramesToForce = 2;  // frames left in which the plot tabs follow the preset

  // Playback and view state.
  bool m_paused = false;
  double m_timeScale = 1.0;
  bool m_autoReset = false;
  bool m_follow = true;
  bool m_showUi = true;
  bool m_behind = false;       // the step cap was hit this frame
  OrbitCamera m_cameraAngles;  // shared yaw, pitch, distance and pan of all views
  Drag m_drag;
  bool m_cameraInitialized = false;

  int m_winW = 0, m_winH = 0, m_fbW = 0, m_fbH = 0;
  std::string m_status;  // last message for the status line (errors, screenshots)
  double m_statusAgeS = 0;
  long m_frame = 0;
  double m_frameMs = 0;  // smoothed, shown in the UI
  // Recording.
  std::string m_ffmpeg;  // ffmpeg's path; empty when it is not on PATH
  std::unique_ptr<VideoEncoder> m_video;
  std::unique_ptr<PngSequenceWriter> m_pngSequence;
  long m_recordFrames = 0;          // video frames taken since the recording started
  std::vector<long> m_recordSteps;  // per walker: physics steps taken since then
  double m_recordDebtS = 0;         // live: simulated time not yet in a video frame
  double m_recordWantedS = 0;       // live: wall time × playback speed since the start, unpaused
  std::chrono::steady_clock::time_point m_recordWallMark;
  std::vector<unsigned char> m_recordPixels;
  ImDrawList* m_deferredOverlay = nullptr;
  std::string m_recordMessage;  // shown under the REC badge until m_recordMessageUntilS
  double m_recordMessageUntilS = 0;
  struct StageTotals {
    double simMs = 0, sceneMs = 0, renderMs = 0, uiMs = 0, uiRenderMs = 0;
    double triangles = 0, drawCalls = 0, uiVertices = 0, uiDrawCalls = 0;
    long frames = 0;
  } m_stages;  // --bench-frames only
};

}  // namespace retrogait::viewer
