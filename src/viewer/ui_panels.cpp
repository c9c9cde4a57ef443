// The viewer's ImGui panels: controls (lessons, playback, scenario, overlays, estimator, view,
// help) on the left; gait-cycle plots and the headline comparison table on the right; badges
// over each 3D view. One function per panel.

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.h"
#include "plots.h"
#include "retrogait/analysis/load_summary.h"
#include "retrogait/model/model_loader.h"
#include "retrogait/scene/palette.h"

namespace retrogait::viewer {

namespace {

constexpr const char* kNoLoadCycles =
    "No complete gait cycle in the analysed window yet (after the first 3 s, before any fall) "
    "that the muscle-load estimator covers. No number is shown rather than a made-up one.";
constexpr const char* kEstimatorOff =
    "The muscle-load estimator is off for this walker (analysis rate 0).";

// Index in a LoadSummary's muscle list of a right-leg muscle ("vasti_r"), or -1.
const MuscleDemand* findMuscle(const Model& model, const LoadSummary& loads, const char* name) {
  const int index = model.muscleIndex(name);
  for (const MuscleDemand& m : loads.muscles) {
    if (m.muscle == index && index >= 0) return &m;
  }
  return nullptr;
}

// Largest per-cycle mean peak activation among the named muscles (-1 when none is found).
double peakActivation(const Model& model, const LoadSummary& loads,
                      std::initializer_list<const char*> names) {
  double best = -1;
  for (const char* n : names) {
    if (const MuscleDemand* m = findMuscle(model, loads, n))
      best = std::max(best, m->peakActivation);
  }
  return best;
}

const char* criterionLabel(RecruitmentCriterion c) {
  switch (c) {
    case RecruitmentCriterion::kSumSquares:
      return "p2: sum of squared activations";
    case RecruitmentCriterion::kSumCubes:
      return "p3: sum of cubed activations";
    case RecruitmentCriterion::kMinMax:
      return "min/max: smallest peak activation";
  }
  return "p2";
}

void helpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

ImVec4 toVec4(const Rgba& c) {
  return ImVec4(c.r, c.g, c.b, c.a);
}

// A small coloured chip with a letter, for walker A/B.
void walkerChip(int walker) {
  const Rgba c = walker == 0 ? palette::kWalkerA : palette::kWalkerB;
  ImGui::PushStyleColor(ImGuiCol_Button, toVec4(c));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, toVec4(c));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, toVec4(c));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  ImGui::SmallButton(walker == 0 ? "A" : "B");
  ImGui::PopStyleColor(4);
}

}  // namespace

void ViewerApp::drawPanels() {
  if (!m_showUi) return;
  drawControls();
  drawPlotsWindow();
}

void ViewerApp::drawControls() {
  const float s = m_uiScale;
  const float width = m_views.empty() ? 300.0f * s : m_views.front().ui.min.x;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(width, static_cast<float>(m_winH)));
  // No background: the frame is cleared to the panel colour (saves filling the panel each frame).
  ImGui::Begin("Controls", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoBackground);
  ImGui::PushFont(m_headingFont);
  ImGui::TextWrapped("%s", m_preset.title.c_str());
  ImGui::PopFont();
  if (!m_preset.description.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", m_preset.description.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();

  // Lessons.
  if (ImGui::CollapsingHeader("Lessons", ImGuiTreeNodeFlags_DefaultOpen)) {
    const char* current =
        m_presetIndex >= 0
            ? m_presetFiles[static_cast<std::size_t>(m_presetIndex)].title.c_str()
            : (m_preset.file.empty() ? "(built-in default)" : m_preset.title.c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##preset", current)) {
      for (std::size_t i = 0; i < m_presetFiles.size(); ++i) {
        if (ImGui::Selectable(m_presetFiles[i].title.c_str(),
                              static_cast<int>(i) == m_presetIndex)) {
          auto p = loadViewerPreset(m_presetFiles[i].file);
          if (!p) {
            m_status = p.error();  // keep the current lesson
          } else if (Status st = loadPreset(p.value()); !st) {
            m_status = st.error();
          }
          m_statusAgeS = 0;
        }
      }
      if (m_presetFiles.empty())
        ImGui::TextDisabled("no presets in %s", defaultPresetDirectory().c_str());
      ImGui::EndCombo();
    }
  }

  // Playback.
  if (ImGui::CollapsingHeader("Playback", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (ImGui::Button(m_paused ? "Play" : "Pause", ImVec2(70 * s, 0))) m_paused = !m_paused;
    ImGui::SameLine();
    if (ImGui::Button("Step")) singleStep(1);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("one physics step (%.0f ms); S: 1/60 s",
                        1000 * m_walkers.front()->sim().scenario().timeStepS);
    ImGui::SameLine();
    if (ImGui::Button("Reset")) resetAll();
    ImGui::SameLine();
    ImGui::TextDisabled("t = %.2f s", m_walkers.front()->sim().timeS());
    float scale = static_cast<float>(m_timeScale);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##speed", &scale, 0.05f, 2.0f, "playback %.2f\xC3\x97",
                           ImGuiSliderFlags_Logarithmic)) {
      m_timeScale = scale;
    }
    ImGui::Checkbox("Reset 2 s after a fall", &m_autoReset);
    if (m_behind) {
      ImGui::TextColored(ImVec4(0.8f, 0.3f, 0.1f, 1),
                         "slower than real time: the simulation cannot keep up");
    }
  }

  // Scenario.
  if (ImGui::CollapsingHeader("Scenario")) {
    if (m_walkers.size() == 2 && ImGui::BeginTabBar("walkers")) {
      for (int i = 0; i < 2; ++i) {
        if (ImGui::BeginTabItem(i == 0 ? "Walker A" : "Walker B")) {
          drawScenarioEditor(i);
          ImGui::EndTabItem();
        }
      }
      ImGui::EndTabBar();
    } else {
      drawScenarioEditor(0);
    }
    bool compare = m_walkers.size() == 2;
    if (ImGui::Checkbox("Compare with a second walker", &compare)) {
      ViewerPreset p = m_preset;
      p.walkers = m_edits;
      if (compare) {
        WalkerPreset b = p.walkers.front();
        ScenarioSpec& sc = b.scenario;
        sc.command.direction = sc.command.direction == Direction::kForward ? Direction::kBackward
                                                                           : Direction::kForward;
        const bool fwd = sc.command.direction == Direction::kForward;
        sc.command.speedMps =
            std::clamp(sc.command.speedMps, fwd ? kMinForwardSpeedMps : kMinBackwardSpeedMps,
                       fwd ? kMaxForwardSpeedMps : kMaxBackwardSpeedMps);
        b.label = directionName(sc.command.direction);
        p.walkers.push_back(b);
      } else {
        p.walkers.resize(1);
      }
      p.file.clear();
      if (Status st = loadPreset(p); !st) m_status = st.error();
    }
    helpMarker(
        "Runs a second simulation next to the first (the other direction by default); the plots "
        "overlay both and the table lists the differences.");
  }

  // Overlays.
  if (ImGui::CollapsingHeader("Overlays", ImGuiTreeNodeFlags_DefaultOpen)) {
    ViewOptions& v = m_preset.view;
    ImGui::Checkbox("Ground reaction force", &v.showGrf);
    helpMarker(
        "One arrow per loaded foot from its centre of pressure; length = force in body weights "
        "(BW) x the scale below.");
    ImGui::Checkbox("Centre of mass", &v.showCom);
    helpMarker("Whole-body COM, a dashed line straight down and a disc where it meets the ground.");
    ImGui::Checkbox("Net joint moments", &v.showJointMoments);
    helpMarker(
        "Arcs around hip, knee and ankle: sweep proportional to the moment per body mass; purple = "
        "extensor/plantarflexor, green = flexor/dorsiflexor. For this torque-driven walker the net "
        "moment is the actuator torque plus the passive joint-limit torque.");
    ImGui::Checkbox("Muscles", &v.showMuscles);
    helpMarker(
        "The 18 musculotendon paths (OpenSim gait10dof18musc), coloured by the activation the "
        "muscle-load estimator computes for the latest analysed step: grey-blue relaxed, amber "
        "half, red fully active (legend in the view).");
    ImGui::Checkbox("Joint contact forces", &v.showJointContact);
    helpMarker(
        "Bone-on-bone forces from the muscle-load estimator: a ring around hip, knee and ankle "
        "whose radius grows with the force in body weights (BW), an arrow pressing on the distal "
        "bone, and the patellofemoral force pressing the patella (small sphere in front of the "
        "knee) onto the femur. Muscle pulls add to the joint reaction force: contact forces are "
        "several BW.");
    ImGui::Checkbox("Stance / swing bar", &v.showPhaseBar);
    ImGui::Checkbox("Labels", &v.showLabels);
    ImGui::SameLine();
    ImGui::Checkbox("Slope reference", &v.showSlopeReference);
    float grf = static_cast<float>(v.grfMetersPerBw);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##grf", &grf, 0.1f, 1.5f, "GRF arrow %.2f m per BW"))
      v.grfMetersPerBw = grf;
    float spread = static_cast<float>(v.legSpread);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##spread", &spread, 1.0f, 3.0f,
                           "leg spread %.1f\xC3\x97 (drawing only)")) {
      v.legSpread = spread;
    }
  }

  // Estimator criterion: how static optimization shares each joint moment among the muscles.
  // Changing it restarts the walks (the same path as the scenario's Apply).
  if (ImGui::CollapsingHeader("Muscle-load estimator")) {
    const ScenarioSpec& running = m_walkers.front()->preset().scenario;
    int criterion = static_cast<int>(running.criterion);
    ImGui::TextUnformatted("Recruitment criterion");
    ImGui::SetNextItemWidth(-1);
    const char* names[] = {criterionLabel(RecruitmentCriterion::kSumSquares),
                           criterionLabel(RecruitmentCriterion::kSumCubes),
                           criterionLabel(RecruitmentCriterion::kMinMax)};
    if (ImGui::Combo("##criterion", &criterion, names, 3)) {
      applyCriterion(static_cast<RecruitmentCriterion>(criterion));
    }
    helpMarker(
        "Static optimization finds, at every analysed step, the muscle activations that produce "
        "the net joint moments and minimise the criterion: p2 (sum of a^2, the usual choice) "
        "shares the load, p3 (sum of a^3) relates to endurance, min/max keeps the largest "
        "activation as small as possible. Changing it restarts the walk(s).");
    const Simulation& sim = m_walkers.front()->sim();
    if (sim.analysisEnabled()) {
      ImGui::TextDisabled("%.0f Hz (every %d%s physics step), restarts the walk",
                          sim.analysisRateHz(), sim.analysisEverySteps(),
                          sim.analysisEverySteps() == 1   ? "st"
                          : sim.analysisEverySteps() == 2 ? "nd"
                          : sim.analysisEverySteps() == 3 ? "rd"
                                                          : "th");
      if (sim.hasEstimate()) {
        const MuscleLoadEstimate& e = sim.lastEstimate();
        ImGui::TextDisabled("latest step: %s, reserve %.1f N\xC2\xB7m",
                            e.converged ? "converged" : "NOT converged", e.reservePeakNm);
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip(
              "Reserve actuators make up any moment the muscles cannot produce; a few N\xC2\xB7m "
              "at most means the muscles carry the load.");
        }
      }
    } else {
      ImGui::TextDisabled("%s", kEstimatorOff);
    }
  }

  // View.
  if (ImGui::CollapsingHeader("View")) {
    ImGui::Checkbox("Follow the walker (F)", &m_follow);
    if (m_walkers.size() == 2) {
      int layout = m_preset.layout == CompareLayout::kStacked ? 0 : 1;
      ImGui::RadioButton("stacked", &layout, 0);
      ImGui::SameLine();
      ImGui::RadioButton("side by side", &layout, 1);
      m_preset.layout = layout == 0 ? CompareLayout::kStacked : CompareLayout::kSideBySide;
    }
    if (ImGui::Button("Reset camera (C)")) {
      m_cameraAngles.yawRad = degToRad(m_preset.camera.yawDeg);
      m_cameraAngles.pitchRad = degToRad(m_preset.camera.pitchDeg);
      m_cameraAngles.distanceM = m_preset.camera.distanceM;
      m_cameraAngles.panOffset = Vec3::Zero();
      m_follow = true;
    }
    ImGui::SameLine();
    if (ImGui::Button("Screenshot (P)")) {
      const std::string file = screenshotName();
      const Status st = capture(file);
      m_status = st ? "saved " + file : st.error();
      m_statusAgeS = 0;
    }
    // Record: a video of the window (views, overlays, panels, plots) in simulated time.
    if (!recordingToFiles()) {
      if (m_video) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.84f, 0.15f, 0.16f, 1));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.72f, 0.11f, 0.12f, 1));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
      }
      if (ImGui::Button(m_video ? "Stop recording (V)" : "Record video (V)")) toggleRecording();
      if (m_video) ImGui::PopStyleColor(3);
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(
            "Records the window (walkers, overlays, panels and plots) to "
            "retrogait_YYYYMMDD_HHMMSS.mp4 in the working directory with ffmpeg (H.264).\n"
            "One video frame per 1/%d s of simulated time: the video plays at the simulated\n"
            "speed whatever the playback speed or the machine; a pause is not in the video.",
            m_options.recordFps);
      }
      if (m_ffmpeg.empty() && !m_video) {
        ImGui::SameLine();
        ImGui::TextDisabled("needs ffmpeg");
      }
    }
    ImGui::TextDisabled("%.1f ms per frame, MSAA %dx", m_frameMs, m_renderer->samples());
  }

  if (ImGui::CollapsingHeader("Keys and mouse")) {
    ImGui::TextWrapped(
        "Space pause  \xC2\xB7  . one step  \xC2\xB7  S 1/60 s  \xC2\xB7  R reset\n"
        "\xE2\x86\x90 \xE2\x86\x92 push backward / forward (Shift: harder)\n"
        "[ ] slower / faster  \xC2\xB7  F follow  \xC2\xB7  C camera  \xC2\xB7  Tab panels  "
        "\xC2\xB7  P screenshot  \xC2\xB7  V record video\n"
        "Left-drag the trunk: push or pull it in the drag direction at the grabbed point. "
        "Left-drag elsewhere: orbit. Right-drag: pan. Wheel: zoom.");
  }

  if (!m_status.empty() && m_statusAgeS < 8.0) {
    ImGui::Separator();
    ImGui::TextWrapped("%s", m_status.c_str());
  }
  ImGui::End();
}

void ViewerApp::drawScenarioEditor(int walker) {
  WalkerPreset& e = m_edits[static_cast<std::size_t>(walker)];
  WalkerSession& w = *m_walkers[static_cast<std::size_t>(walker)];
  ScenarioSpec& sc = e.scenario;
  ImGui::PushID(walker);
  int dir = sc.command.direction == Direction::kForward ? 0 : 1;
  ImGui::RadioButton("forward", &dir, 0);
  ImGui::SameLine();
  ImGui::RadioButton("backward", &dir, 1);
  sc.command.direction = dir == 0 ? Direction::kForward : Direction::kBackward;
  const bool fwd = sc.command.direction == Direction::kForward;
  const float lo = static_cast<float>(fwd ? kMinForwardSpeedMps : kMinBackwardSpeedMps);
  const float hi = static_cast<float>(fwd ? kMaxForwardSpeedMps : kMaxBackwardSpeedMps);
  float speed = std::clamp(static_cast<float>(sc.command.speedMps), lo, hi);
  ImGui::SetNextItemWidth(-1);
  const bool speedChanged = ImGui::SliderFloat("##v", &speed, lo, hi, "speed %.2f m/s");
  sc.command.speedMps = speed;
  // Speed applies live (at the next step boundary) when the direction is unchanged.
  if (speedChanged && sc.command.direction == w.preset().scenario.command.direction) {
    w.setSpeed(sc.command.speedMps);
  }
  float incline = static_cast<float>(sc.inclinePct);
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##incline", &incline, -static_cast<float>(kMaxGradePct),
                     static_cast<float>(kMaxGradePct), "incline %+.0f %% (+ uphill)");
  sc.inclinePct = std::round(incline);
  SubjectSpec subject = sc.subject.value_or(SubjectSpec{});
  float height = static_cast<float>(subject.heightM), mass = static_cast<float>(subject.massKg);
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##h", &height, static_cast<float>(kMinHeightM),
                     static_cast<float>(kMaxHeightM), "height %.2f m");
  ImGui::SetNextItemWidth(-1);
  ImGui::SliderFloat("##m", &mass, static_cast<float>(kMinMassKg), static_cast<float>(kMaxMassKg),
                     "mass %.0f kg");
  int sex = subject.sex == Sex::kMale ? 0 : 1;
  ImGui::RadioButton("male", &sex, 0);
  ImGui::SameLine();
  ImGui::RadioButton("female", &sex, 1);
  helpMarker("Selects the de Leva (1996) segment table.");
  subject.heightM = height;
  subject.massKg = mass;
  subject.sex = sex == 0 ? Sex::kMale : Sex::kFemale;
  sc.subject = subject;

  const ScenarioSpec& running = w.preset().scenario;
  const SubjectSpec runningSubject = running.subject.value_or(SubjectSpec{});
  const bool pending =
      running.command.direction != sc.command.direction || running.inclinePct != sc.inclinePct ||
      std::abs(runningSubject.heightM - subject.heightM) > 1e-6 ||
      std::abs(runningSubject.massKg - subject.massKg) > 1e-6 || runningSubject.sex != subject.sex;
  ImGui::BeginDisabled(!pending);
  if (ImGui::Button("Apply (restarts the walk)")) {
    e.label = std::string(directionName(sc.command.direction)) +
              (sc.inclinePct == 0 ? "" : (sc.inclinePct > 0 ? " uphill" : " downhill"));
    if (Status st = w.applyScenario(e); !st) {
      m_status = st.error();
      m_statusAgeS = 0;
    } else {
      m_preset.walkers[static_cast<std::size_t>(walker)] = e;
      m_simDebtS[static_cast<std::size_t>(walker)] = 0;
      m_cameraInitialized = false;
    }
  }
  ImGui::EndDisabled();
  if (pending) {
    ImGui::SameLine();
    ImGui::TextDisabled("pending");
  }
  ImGui::PopID();
}

void ViewerApp::applyCriterion(RecruitmentCriterion criterion) {
  for (std::size_t i = 0; i < m_walkers.size(); ++i) {
    WalkerPreset running = m_walkers[i]->preset();
    if (running.scenario.criterion == criterion) continue;
    running.scenario.criterion = criterion;
    if (Status st = m_walkers[i]->applyScenario(running); !st) {
      m_status = st.error();
      m_statusAgeS = 0;
      continue;
    }
    m_preset.walkers[i] = running;
    m_edits[i].scenario.criterion = criterion;  // pending scenario edits stay pending
    m_simDebtS[i] = 0;
  }
  m_cameraInitialized = false;
}

void ViewerApp::drawPlotsWindow() {
  const float s = m_uiScale;
  const float x0 = m_views.empty() ? m_winW - 440.0f * s : m_views.back().ui.max.x;
  const float width = static_cast<float>(m_winW) - x0;
  if (width < 50) return;
  ImGui::SetNextWindowPos(ImVec2(x0, 0));
  ImGui::SetNextWindowSize(ImVec2(width, static_cast<float>(m_winH)));
  ImGui::Begin("Plots", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoBackground);
  ImGui::PushFont(m_headingFont);
  ImGui::TextUnformatted("Over the gait cycle");
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextDisabled("right leg, from right initial contact");

  // Legend: walkers, faded cycles, band.
  for (std::size_t i = 0; i < m_walkers.size(); ++i) {
    if (i) ImGui::SameLine();
    walkerChip(static_cast<int>(i));
    ImGui::SameLine();
    ImGui::TextUnformatted(m_walkers[i]->preset().label.c_str());
  }
  ImGui::SameLine();
  ImGui::TextDisabled("bold: now, faded: previous cycles");
  const bool anyBackward = std::any_of(m_walkers.begin(), m_walkers.end(), [](const auto& w) {
    return w->preset().scenario.command.direction == Direction::kBackward;
  });
  ImGui::Checkbox("Normative band", &m_preset.normativeBand);
  if (m_norms) {
    helpMarker(
        (m_norms->source + (anyBackward ? ". There are no published backward-walking curves in the "
                                          "reference data (data/reference/README.md), so a "
                                          "backward walker is shown against this forward norm."
                                        : ""))
            .c_str());
  } else {
    ImGui::SameLine();
    ImGui::TextDisabled("unavailable: %s", m_normError.c_str());
  }
  if (m_preset.normativeBand && anyBackward) {
    ImGui::SameLine();
    ImGui::TextDisabled("(forward norm)");
  }

  // Group tabs.
  struct Tab {
    PlotGroup group;
    const char* name;
  };
  const Tab tabs[] = {{PlotGroup::kAngles, "Angles"},
                      {PlotGroup::kMoments, "Moments"},
                      {PlotGroup::kGrf, "GRF"},
                      {PlotGroup::kMuscles, "Muscles"},
                      {PlotGroup::kJointContact, "Contact"},
                      {PlotGroup::kAll, "All"}};
  // A newly loaded lesson selects its plot group (for two frames: a tab bar applies a forced
  // selection once it exists); afterwards the user's tab choice is kept.
  PlotGroup shown = m_preset.plotGroup;
  const bool force = m_plotTabFramesToForce > 0;
  if (ImGui::BeginTabBar("groups")) {
    for (const Tab& t : tabs) {
      const ImGuiTabItemFlags flags =
          force && t.group == m_preset.plotGroup ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(t.name, nullptr, flags)) {
        shown = t.group;
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  if (force) {
    --m_plotTabFramesToForce;
  } else {
    m_preset.plotGroup = shown;
  }

  const float lineH = ImGui::GetTextLineHeightWithSpacing();
  const bool compare = m_walkers.size() == 2;
  const float tableH = (compare ? 11.5f : 10.5f) * (lineH + 2.0f * s) + 8.0f * s;
  const float plotsH = std::max(120.0f * s, ImGui::GetContentRegionAvail().y - tableH);
  std::vector<PlotCurves> curves;
  for (std::size_t i = 0; i < m_walkers.size(); ++i) {
    curves.push_back({&m_walkers[i]->tracker(), i == 0 ? palette::kWalkerA : palette::kWalkerB,
                      m_walkers[i]->preset().label, m_walkers[i]->sim().analysisEnabled()});
  }
  auto bandFor = [&](PlotChannel c) -> const NormativeBand* {
    return m_preset.normativeBand && m_norms ? &m_norms->band(c) : nullptr;
  };
  ImGui::BeginChild("plots", ImVec2(0, plotsH), false);
  const float w = ImGui::GetContentRegionAvail().x;
  const float gap = ImGui::GetStyle().ItemSpacing.y;
  const float half = 0.5f * (w - ImGui::GetStyle().ItemSpacing.x);
  // Plots share the height but stay legible (the area scrolls in small windows).
  const float avail = ImGui::GetContentRegionAvail().y;
  auto column = [&](std::initializer_list<PlotChannel> channels, float minHeight) {
    const float n = static_cast<float>(channels.size());
    const float h = std::max(minHeight, avail / n - gap);
    for (PlotChannel c : channels) drawCyclePlot(c, curves, bandFor(c), ImVec2(w, h), s);
  };
  // Two plots a row; a missing second one (odd count) leaves the cell empty.
  auto grid = [&](std::initializer_list<PlotChannel> channels, float minHeight) {
    const std::vector<PlotChannel> list(channels);
    const float rows = std::ceil(0.5f * static_cast<float>(list.size()));
    const float h = std::max(minHeight, avail / rows - gap);
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i % 2 == 1) ImGui::SameLine();
      drawCyclePlot(list[i], curves, bandFor(list[i]), ImVec2(half, h), s);
    }
  };
  switch (m_preset.plotGroup) {
    case PlotGroup::kAngles:
      column({PlotChannel::kHipAngle, PlotChannel::kKneeAngle, PlotChannel::kAnkleAngle},
             100.0f * s);
      break;
    case PlotGroup::kMoments:  // moments beside the powers, per joint
      grid({PlotChannel::kHipMoment, PlotChannel::kHipPower, PlotChannel::kKneeMoment,
            PlotChannel::kKneePower, PlotChannel::kAnkleMoment, PlotChannel::kAnklePower},
           100.0f * s);
      break;
    case PlotGroup::kGrf:
      column({PlotChannel::kGrfVertical, PlotChannel::kGrfAp}, 100.0f * s);
      break;
    case PlotGroup::kMuscles:  // hip, thigh, calf and shin muscles, then the whole body
      ImGui::TextDisabled("activation: 0 = relaxed, 1 = maximal (muscle-load estimator)");
      grid(
          {PlotChannel::kGlutMax, PlotChannel::kIliopsoas, PlotChannel::kHamstrings,
           PlotChannel::kBifemsh, PlotChannel::kRectFem, PlotChannel::kVasti, PlotChannel::kGastroc,
           PlotChannel::kSoleus, PlotChannel::kTibAnt, PlotChannel::kMetabolicPower},
          90.0f * s);
      break;
    case PlotGroup::kJointContact:
      grid({PlotChannel::kHipContact, PlotChannel::kKneeContact,
            PlotChannel::kPatellofemoralContact, PlotChannel::kAnkleContact},
           100.0f * s);
      break;
    case PlotGroup::kAll:
      grid({PlotChannel::kHipAngle, PlotChannel::kHipMoment, PlotChannel::kKneeAngle,
            PlotChannel::kKneeMoment, PlotChannel::kAnkleAngle, PlotChannel::kAnkleMoment,
            PlotChannel::kGrfVertical, PlotChannel::kGrfAp, PlotChannel::kKneeContact,
            PlotChannel::kVasti},
           110.0f * s);
      break;
  }
  ImGui::EndChild();
  drawComparisonTable();
  ImGui::End();
}

void ViewerApp::drawComparisonTable() {
  const bool compare = m_walkers.size() == 2;
  ImGui::PushFont(m_headingFont);
  ImGui::TextUnformatted(compare ? "Headline differences" : "Gait summary");
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Means over the complete gait cycles after the first 3 s and before any\n"
        "fall, computed exactly as 'retrogait simulate' reports them.");
  }
  std::vector<const GaitSummary*> sums;
  for (auto& w : m_walkers) sums.push_back(&w->summary());
  struct Row {
    const char* name;
    const char* unit;
    const char* format;
    double (*value)(const GaitSummary&);
  };
  const Row rows[] = {
      {"Walking speed", "m/s", "%.2f", [](const GaitSummary& g) { return g.meanSpeedMps; }},
      {"Cadence", "steps/min", "%.0f", [](const GaitSummary& g) { return g.cadenceStepsPerMin; }},
      {"Stride length", "m", "%.2f", [](const GaitSummary& g) { return g.strideLengthM; }},
      {"Peak vertical GRF", "BW", "%.2f", [](const GaitSummary& g) { return g.peakVerticalBw; }},
  };
  const int columns = compare ? 4 : 2;
  if (!ImGui::BeginTable("table", columns,
                         ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                             ImGuiTableFlags_SizingStretchProp)) {
    return;
  }
  ImGui::TableSetupColumn("quantity", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  for (std::size_t i = 0; i < m_walkers.size(); ++i) {
    ImGui::TableSetupColumn(m_walkers[i]->preset().label.c_str(),
                            ImGuiTableColumnFlags_WidthStretch, compare ? 0.8f : 1.2f);
  }
  if (compare) ImGui::TableSetupColumn("B / A", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  ImGui::TableSetColumnIndex(0);
  ImGui::TextDisabled("quantity");
  for (std::size_t i = 0; i < m_walkers.size(); ++i) {
    ImGui::TableSetColumnIndex(static_cast<int>(i) + 1);
    walkerChip(static_cast<int>(i));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", m_walkers[i]->caption().c_str());
  }
  if (compare) {
    ImGui::TableSetColumnIndex(3);
    ImGui::TextDisabled("B / A");
  }
  auto dash = [](const char* why) {
    ImGui::TextDisabled("\xE2\x80\x94");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", why);
  };
  const char* noCycles =
      "No complete gait cycle in the analysed window yet (after the first 3 s, before any fall).";
  for (const Row& r : rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::Text("%s [%s]", r.name, r.unit);
    for (std::size_t i = 0; i < sums.size(); ++i) {
      ImGui::TableSetColumnIndex(static_cast<int>(i) + 1);
      if (sums[i]->cycles > 0) {
        ImGui::Text(r.format, r.value(*sums[i]));
      } else {
        dash(noCycles);
      }
    }
    if (compare) {
      ImGui::TableSetColumnIndex(3);
      const double a = r.value(*sums[0]), b = r.value(*sums[1]);
      if (sums[0]->cycles > 0 && sums[1]->cycles > 0 && std::abs(a) > 1e-9) {
        ImGui::Text("%.2f\xC3\x97", b / a);
      } else {
        dash(noCycles);
      }
    }
  }
  // The estimator's rows: right leg, means over the analysed cycles of the per-cycle peaks
  // (Simulation::summarizeLoads(), the numbers of retrogait simulate's summary).
  struct LoadRow {
    const char* name;
    const char* unit;
    const char* format;
    const char* tooltip;
    double (*value)(const Model&, const LoadSummary&);  // < 0: not available
  };
  const LoadRow loadRows[] = {
      {"Peak knee contact force", "BW", "%.2f",
       "Tibiofemoral contact force, right knee: mean over the cycles of each cycle's peak.",
       [](const Model&, const LoadSummary& l) {
         return l.contactPeakBw[static_cast<std::size_t>(ContactJoint::kTibiofemoral)];
       }},
      {"Peak patellofemoral force", "BW", "%.2f",
       "Patellofemoral compression, right knee (quadriceps force x the van Eijden ratio): mean "
       "over the cycles of each cycle's peak.",
       [](const Model&, const LoadSummary& l) {
         return l.contactPeakBw[static_cast<std::size_t>(ContactJoint::kPatellofemoral)];
       }},
      {"Peak quadriceps activation", "", "%.2f",
       "Right leg, the larger of vasti and rectus femoris: mean over the cycles of each cycle's "
       "peak activation (0 = relaxed, 1 = maximal).",
       [](const Model& m, const LoadSummary& l) {
         return peakActivation(m, l, {"vasti_r", "rect_fem_r"});
       }},
      {"Peak calf activation", "", "%.2f",
       "Right leg, the larger of gastrocnemius and soleus: mean over the cycles of each cycle's "
       "peak activation (0 = relaxed, 1 = maximal).",
       [](const Model& m, const LoadSummary& l) {
         return peakActivation(m, l, {"gastroc_r", "soleus_r"});
       }},
      {"Metabolic power", "W/kg", "%.2f",
       "Whole body, basal included (Umberger 2010 muscle model): mean over the cycles.",
       [](const Model&, const LoadSummary& l) { return l.metabolicPowerWPerKg; }},
  };
  std::vector<const LoadSummary*> loads;
  std::vector<bool> estimatorOn;
  for (auto& w : m_walkers) {
    loads.push_back(&w->loads());
    estimatorOn.push_back(w->sim().analysisEnabled());
  }
  for (const LoadRow& r : loadRows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    if (r.unit[0] != '\0') {
      ImGui::Text("%s [%s]", r.name, r.unit);
    } else {
      ImGui::TextUnformatted(r.name);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.tooltip);
    std::vector<double> values;
    for (std::size_t i = 0; i < loads.size(); ++i) {
      ImGui::TableSetColumnIndex(static_cast<int>(i) + 1);
      const double v = loads[i]->cycles > 0 ? r.value(m_walkers[i]->sim().model(), *loads[i]) : -1;
      values.push_back(v);
      if (v >= 0) {
        ImGui::Text(r.format, v);
      } else {
        dash(estimatorOn[i] ? kNoLoadCycles : kEstimatorOff);
      }
    }
    if (compare) {
      ImGui::TableSetColumnIndex(3);
      if (values[0] > 1e-9 && values[1] >= 0) {
        ImGui::Text("%.2f\xC3\x97", values[1] / values[0]);
      } else {
        dash(values[0] >= 0 && values[1] >= 0 ? "A is zero: no ratio." : kNoLoadCycles);
      }
    }
  }
  ImGui::EndTable();
}

void ViewerApp::drawViewDecorations(int walker) {
  const View& v = m_views[static_cast<std::size_t>(walker)];
  WalkerSession& w = *m_walkers[static_cast<std::size_t>(walker)];
  const float s = m_uiScale;
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  dl->PushClipRect(v.ui.min, v.ui.max, true);
  // Badge: walker letter, scenario, time and playback state.
  char text[200];
  std::snprintf(text, sizeof text, "%s   t = %.1f s%s%s", w.caption().c_str(), w.sim().timeS(),
                m_paused ? "   paused" : "", m_timeScale < 0.999 || m_timeScale > 1.001 ? "" : "");
  std::string line = text;
  if (!m_paused && (m_timeScale < 0.999 || m_timeScale > 1.001)) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "   %.2f\xC3\x97", m_timeScale);
    line += rate;
  }
  const ImVec2 p(v.ui.min.x + 10 * s, v.ui.min.y + 10 * s);
  ImFont* font = m_headingFont;
  const float size = font->FontSize;
  const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, line.c_str());
  const bool two = m_walkers.size() == 2;
  const float chip = two ? size + 8 * s : 0;
  dl->AddRectFilled(p, ImVec2(p.x + ts.x + chip + 16 * s, p.y + ts.y + 10 * s),
                    IM_COL32(255, 255, 255, 225), 6 * s);
  if (two) {
    const Rgba c = walker == 0 ? palette::kWalkerA : palette::kWalkerB;
    dl->AddRectFilled(ImVec2(p.x + 5 * s, p.y + 5 * s),
                      ImVec2(p.x + 5 * s + size, p.y + 5 * s + size), toImColor(c), 4 * s);
    const char* letter = walker == 0 ? "A" : "B";
    const float lw = font->CalcTextSizeA(size, FLT_MAX, 0, letter).x;
    dl->AddText(font, size, ImVec2(p.x + 5 * s + 0.5f * (size - lw), p.y + 5 * s),
                IM_COL32(255, 255, 255, 255), letter);
  }
  dl->AddText(font, size, ImVec2(p.x + 8 * s + chip, p.y + 5 * s), IM_COL32(31, 35, 40, 255),
              line.c_str());
  if (!m_showUi && walker == 0) {
    const char* hint = "Tab: panels";
    const ImVec2 hs = ImGui::CalcTextSize(hint);
    dl->AddText(ImVec2(v.ui.max.x - hs.x - 10 * s, v.ui.max.y - hs.y - 8 * s),
                IM_COL32(90, 96, 105, 255), hint);
  }
  dl->PopClipRect();
}

}  // namespace retrogait::viewer
