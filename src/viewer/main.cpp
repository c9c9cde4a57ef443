// retrogait-viewer: the walker, its loads and its muscles, live; forward vs backward, level vs
// incline side by side. See docs/viewer.md.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "app.h"
#include "retrogait/core/log.h"

int main(int argc, char** argv) {
  retrogait::viewer::AppOptions options;
  CLI::App cli{"retrogait-viewer: the walker, its loads and its muscles, live"};
  cli.add_option("--scenario", options.scenarioFile,
                 "viewer preset JSON (assets/presets/*.json); default: forward walking, level")
      ->check(CLI::ExistingFile);
  cli.add_option("--screenshot", options.screenshotFile,
                 "render --frames frames without user input, write this PNG and exit");
  cli.add_option("--frames", options.frames, "frames before the screenshot (default 90 = 1.5 s)")
      ->check(CLI::Range(2, 100000));
  cli.add_option("--bench-frames", options.benchFrames,
                 "render N frames and print the mean frame time (default scenario: two walkers, "
                 "all overlays, all plots)")
      ->check(CLI::Range(1, 100000));
  cli.add_option("--width", options.width, "window width (default 1280)")
      ->check(CLI::Range(640, 8192));
  cli.add_option("--height", options.height, "window height (default 720)")
      ->check(CLI::Range(400, 8192));
  cli.add_option("--msaa", options.msaa,
                 "multisample anti-aliasing samples, 0 = off (default: 4 on a GPU, 0 on Mesa's "
                 "software rasterizer, where it doubles the frame time)")
      ->check(CLI::Range(0, 16));
  cli.add_option("--overlays", options.overlays,
                 "overlays to show, overriding the preset: all, none, or a comma list of bodies, "
                 "grf, com, muscles, joint_contact, joint_moments, phase_bar, labels, "
                 "slope_reference");
  cli.add_option("--plots", options.plotGroup,
                 "plot group: angles, moments, grf, muscles, joint_contact, all");
  cli.add_flag("--hide-ui", options.hideUi, "start with the panels hidden (Tab shows them)");
  cli.add_option("--ui-scale", options.uiScale,
                 "text and panel size, x the monitor's high-DPI scale (default 1; e.g. 1.5 for a "
                 "projector at the back of a room)")
      ->check(CLI::Range(0.75, 3.0));
  cli.add_option("--dump-layout", options.layoutFile,
                 "with --screenshot: write the view rectangles and overlay screen boxes as JSON");
  CLI11_PARSE(cli, argc, argv);

  retrogait::setLogHook([](retrogait::LogLevel level, const std::string& message) {
    const char* prefix = level == retrogait::LogLevel::kError     ? "error: "
                         : level == retrogait::LogLevel::kWarning ? "warning: "
                                                                  : "";
    std::fprintf(stderr, "retrogait-viewer: %s%s\n", prefix, message.c_str());
  });
  retrogait::viewer::ViewerApp app(options);
  return app.run();
}
