#pragma once
// Viewer presets for lessons: one or two walkers (two = side-by-side comparison), overlays,
// plots, playback and camera, from a JSON file in assets/presets/ (schema
// "retrogait.viewer_preset/1"; see docs/viewer.md for every field). Loading checks ranges and
// unknown keys and reports "file: json.path: problem".

#include <string>
#include <vector>

#include "retrogait/core/result.h"
#include "retrogait/scene/view_options.h"
#include "retrogait/sim/scenario.h"

namespace retrogait {

/// Duration given to the viewer's simulations when a preset does not set one [s]. The viewer
/// restarts a run that reaches it (a run keeps its whole time series in memory).
inline constexpr double kViewerRunDurationS = 300.0;

struct WalkerPreset {
  std::string label;      ///< shown in captions, plots and the comparison table
  ScenarioSpec scenario;  ///< direction, speed, incline, subject, push; duration 300 s
};

enum class PlotGroup { kAngles, kMoments, kGrf, kMuscles, kJointContact, kAll };
const char* plotGroupName(PlotGroup group);

enum class CompareLayout { kStacked, kSideBySide };

struct CameraPreset {
  double yawDeg = 15;      ///< 0 = from the right side (+Z) toward −Z; + turns toward the front
                           ///< (+X) [deg]; default 15 (a slight three-quarter view)
  double pitchDeg = 8;     ///< camera elevation above the horizontal [deg]; default 8
  double distanceM = 4.2;  ///< from the followed point, for a 1.75 m walker [m]; default 4.2
};

struct ViewerPreset {
  std::string file;  ///< where it was loaded from (empty for the built-in default)
  std::string title;
  std::string description;            ///< the lesson's point, shown in the viewer
  std::vector<WalkerPreset> walkers;  ///< 1 or 2
  CompareLayout layout = CompareLayout::kStacked;
  ViewOptions view;
  PlotGroup plotGroup = PlotGroup::kAngles;
  bool normativeBand = true;  ///< show the forward-walking norm behind the curves
  double timeScale = 1.0;     ///< playback speed, 0.05 to 2 [×]; default 1
  bool paused = false;
  bool autoResetAfterFall = false;  ///< restart 2 s after a fall; default off
  CameraPreset camera;
};

/// One forward walker at 1.2 m/s on level ground.
ViewerPreset makeDefaultViewerPreset();

Result<ViewerPreset> loadViewerPreset(const std::string& file);

/// $RETROGAIT_ASSETS/presets or the source tree's assets/presets.
std::string defaultPresetDirectory();

/// Preset files (*.json) in a directory, sorted by name.
std::vector<std::string> listPresetFiles(const std::string& directory);

}  // namespace retrogait
