#include "retrogait/scene/viewer_preset.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "retrogait/core/json_view.h"

namespace retrogait {

namespace {

// Fails on keys that are not in `allowed`, so a typo in a lesson file is reported, not ignored.
void checkKeys(const JsonView& v, const std::vector<std::string>& allowed) {
  if (!v.node().is_object()) v.fail("expected an object");
  for (const auto& item : v.node().items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      v.failAt(item.key(), "unknown key (allowed: " + list + ")");
    }
  }
}

bool boolOr(const JsonView& v, const std::string& key, bool fallback) {
  if (!v.has(key)) return fallback;
  const JsonView b = v.at(key);
  if (!b.node().is_boolean()) b.fail("expected true or false");
  return b.node().get<bool>();
}

WalkerPreset readWalker(const JsonView& v) {
  checkKeys(v, {"label", "direction", "speed_mps", "incline_pct", "subject", "push", "duration_s"});
  WalkerPreset w;
  ScenarioSpec& s = w.scenario;
  s.command.direction = v.choice("direction", {"forward", "backward"}) == "forward"
                            ? Direction::kForward
                            : Direction::kBackward;
  const bool forward = s.command.direction == Direction::kForward;
  s.command.speedMps = v.number("speed_mps", forward ? kMinForwardSpeedMps : kMinBackwardSpeedMps,
                                forward ? kMaxForwardSpeedMps : kMaxBackwardSpeedMps);
  s.inclinePct = v.numberOr("incline_pct", 0.0, -kMaxGradePct, kMaxGradePct);
  s.durationS = v.numberOr("duration_s", kViewerRunDurationS, 1.0, 600.0);
  if (v.has("subject")) {
    const JsonView sub = v.at("subject");
    checkKeys(sub, {"height_m", "mass_kg", "sex"});
    SubjectSpec subject;
    subject.heightM = sub.numberOr("height_m", subject.heightM, 1.2, 2.2);
    subject.massKg = sub.numberOr("mass_kg", subject.massKg, 30.0, 150.0);
    if (sub.has("sex")) {
      subject.sex = sub.choice("sex", {"male", "female"}) == "male" ? Sex::kMale : Sex::kFemale;
    }
    s.subject = subject;
  }
  if (v.has("push")) {
    const JsonView p = v.at("push");
    checkKeys(p, {"force_n", "start_s", "duration_s"});
    PushSpec push;
    push.forceN = p.number("force_n", -1000, 1000);
    push.startS = p.number("start_s", 0, s.durationS);
    push.durationS = p.numberOr("duration_s", push.durationS, 0.01, 5.0);
    s.push = push;
  }
  char speed[32];
  std::snprintf(speed, sizeof speed, "%.1f m/s", s.command.speedMps);
  w.label = v.stringOr("label", std::string(directionName(s.command.direction)) + " " + speed);
  return w;
}

ViewerPreset readPreset(const JsonView& root) {
  checkKeys(root, {"schema", "title", "description", "walkers", "layout", "overlays", "scales",
                   "plots", "playback", "camera"});
  if (root.string("schema") != "retrogait.viewer_preset/1") {
    root.failAt("schema", "expected \"retrogait.viewer_preset/1\"");
  }
  ViewerPreset p;
  p.title = root.string("title");
  p.description = root.stringOr("description", "");
  const JsonView walkers = root.at("walkers");
  if (walkers.size() < 1 || walkers.size() > 2) walkers.fail("expected 1 or 2 walkers");
  for (std::size_t i = 0; i < walkers.size(); ++i) p.walkers.push_back(readWalker(walkers.at(i)));
  if (root.has("layout")) {
    p.layout = root.choice("layout", {"stacked", "side_by_side"}) == "stacked"
                   ? CompareLayout::kStacked
                   : CompareLayout::kSideBySide;
  }
  if (root.has("overlays")) {
    const JsonView o = root.at("overlays");
    checkKeys(o, {"bodies", "grf", "com", "muscles", "joint_contact", "joint_moments", "phase_bar",
                  "labels", "slope_reference"});
    ViewOptions& v = p.view;
    v.showBodies = boolOr(o, "bodies", v.showBodies);
    v.showGrf = boolOr(o, "grf", v.showGrf);
    v.showCom = boolOr(o, "com", v.showCom);
    v.showMuscles = boolOr(o, "muscles", v.showMuscles);
    v.showJointContact = boolOr(o, "joint_contact", v.showJointContact);
    v.showJointMoments = boolOr(o, "joint_moments", v.showJointMoments);
    v.showPhaseBar = boolOr(o, "phase_bar", v.showPhaseBar);
    v.showLabels = boolOr(o, "labels", v.showLabels);
    v.showSlopeReference = boolOr(o, "slope_reference", v.showSlopeReference);
  }
  if (root.has("scales")) {
    const JsonView s = root.at("scales");
    checkKeys(s, {"grf_m_per_bw", "leg_spread", "moment_deg_per_nm_per_kg"});
    p.view.grfMetersPerBw = s.numberOr("grf_m_per_bw", p.view.grfMetersPerBw, 0.05, 2.0);
    p.view.legSpread = s.numberOr("leg_spread", p.view.legSpread, 1.0, 3.0);
    p.view.momentRadPerNmPerKg = degToRad(
        s.numberOr("moment_deg_per_nm_per_kg", radToDeg(p.view.momentRadPerNmPerKg), 10, 300));
  }
  if (root.has("plots")) {
    const JsonView pl = root.at("plots");
    checkKeys(pl, {"group", "normative_band"});
    if (pl.has("group")) {
      const std::string g =
          pl.choice("group", {"angles", "moments", "grf", "muscles", "joint_contact", "all"});
      for (PlotGroup candidate : {PlotGroup::kAngles, PlotGroup::kMoments, PlotGroup::kGrf,
                                  PlotGroup::kMuscles, PlotGroup::kJointContact, PlotGroup::kAll}) {
        if (g == plotGroupName(candidate)) p.plotGroup = candidate;
      }
    }
    p.normativeBand = boolOr(pl, "normative_band", p.normativeBand);
  }
  if (root.has("playback")) {
    const JsonView pb = root.at("playback");
    checkKeys(pb, {"time_scale", "paused", "auto_reset_after_fall"});
    p.timeScale = pb.numberOr("time_scale", p.timeScale, 0.05, 2.0);
    p.paused = boolOr(pb, "paused", p.paused);
    p.autoResetAfterFall = boolOr(pb, "auto_reset_after_fall", p.autoResetAfterFall);
  }
  if (root.has("camera")) {
    const JsonView c = root.at("camera");
    checkKeys(c, {"yaw_deg", "pitch_deg", "distance_m"});
    p.camera.yawDeg = c.numberOr("yaw_deg", p.camera.yawDeg, -180, 180);
    p.camera.pitchDeg = c.numberOr("pitch_deg", p.camera.pitchDeg, -10, 85);
    p.camera.distanceM = c.numberOr("distance_m", p.camera.distanceM, 1.0, 20.0);
  }
  return p;
}

}  // namespace

const char* plotGroupName(PlotGroup group) {
  switch (group) {
    case PlotGroup::kAngles:
      return "angles";
    case PlotGroup::kMoments:
      return "moments";
    case PlotGroup::kGrf:
      return "grf";
    case PlotGroup::kMuscles:
      return "muscles";
    case PlotGroup::kJointContact:
      return "joint_contact";
    case PlotGroup::kAll:
      return "all";
  }
  return "angles";
}

ViewerPreset makeDefaultViewerPreset() {
  ViewerPreset p;
  p.title = "Forward walking, level ground";
  p.description = "One walker at 1.2 m/s. Open a preset or change the scenario on the left.";
  WalkerPreset w;
  w.label = "forward 1.2 m/s";
  w.scenario.command = {Direction::kForward, 1.2};
  w.scenario.durationS = kViewerRunDurationS;
  p.walkers.push_back(w);
  return p;
}

Result<ViewerPreset> loadViewerPreset(const std::string& file) {
  try {
    const nlohmann::json doc = parseJsonFile(file);
    ViewerPreset p = readPreset(JsonView(doc, ""));
    p.file = file;
    for (std::size_t i = 0; i < p.walkers.size(); ++i) {
      if (Status s = validateScenario(p.walkers[i].scenario); !s) {
        return Error{file + ": walkers[" + std::to_string(i) + "]: " + s.error()};
      }
    }
    return p;
  } catch (const JsonError& e) {
    return Error{file + ": " + e.what()};
  }
}

std::string defaultPresetDirectory() {
  if (const char* dir = std::getenv("RETROGAIT_ASSETS")) return std::string(dir) + "/presets";
  return (std::filesystem::path(RETROGAIT_MODELS_DIR).parent_path() / "assets" / "presets")
      .string();
}

std::vector<std::string> listPresetFiles(const std::string& directory) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace retrogait
