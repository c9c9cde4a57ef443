// retrogait-viewer: the walker, its loads and its muscles, live; forward vs backward, level vs
// incline side by side. See docs/viewer.md.
// Exit codes: 0 success, 2 bad input (options, preset, model files; ffmpeg missing for --record),
// 3 no display or no OpenGL 3.3, 1 an output (screenshot, video, PNG sequence) not written.

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
  CLI::Option* screenshot =
      cli.add_option("--screenshot", options.screenshotFile,
                     "render --frames frames without user input, write this PNG and exit");
  cli.add_option("--frames", options.frames, "frames before the screenshot (default 90 = 1.5 s)")
      ->check(CLI::Range(2, 100000));
  CLI::Option* bench =
      cli.add_option("--bench-frames", options.benchFrames,
                     "render N frames and print the mean frame time (default scenario: two "
                     "walkers, all overlays, all plots)");
  bench->check(CLI::Range(1, 100000));
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
  CLI::Option* record = cli.add_option(
      "--record", options.recordFile,
      "record --record-seconds of simulated time to this MP4 (H.264, with the ffmpeg program: "
      "apt-get install ffmpeg) and exit; one frame per 1/fps of simulated time whatever the "
      "machine's speed; odd window sizes are padded to even");
  CLI::Option* recordPng =
      cli.add_option("--record-png", options.recordPngDir,
                     "write the same frames as DIR/frame_00000.png, ... (created if missing) and "
                     "exit; with or without --record");
  CLI::Option* recordSeconds =
      cli.add_option("--record-seconds", options.recordSeconds,
                     "simulated seconds to record, 0.1 to 3600 (default 10): round(S x fps) frames")
          ->check(CLI::Validator(
              [](std::string& value) -> std::string {
                using namespace retrogait::viewer;
                double seconds = 0;
                if (CLI::detail::lexical_cast(value, seconds) && seconds >= kMinRecordSeconds &&
                    seconds <= kMaxRecordSeconds)
                  return {};
                return "'" + value + "' is not allowed: simulated seconds from 0.1 to 3600";
              },
              "0.1-3600"));
  cli.add_option("--record-fps", options.recordFps,
                 "video frames per simulated second: 30 or 60 (default 30; also for the "
                 "Record button, V)")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return value == "30" || value == "60"
                       ? std::string()
                       : "'" + value + "' is not allowed: 30 or 60 frames per second";
          },
          "30|60"));
  for (CLI::Option* o : {record, recordPng}) o->excludes(screenshot)->excludes(bench);
  // Bad options exit 2 like every other bad input (help exits 0).
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);
    return 2;
  }
  if (recordSeconds->count() > 0 && record->count() == 0 && recordPng->count() == 0) {
    std::fprintf(stderr,
                 "retrogait-viewer: --record-seconds needs --record FILE.mp4 or --record-png DIR "
                 "(the Record button, V, records until it is pressed again)\n");
    return 2;
  }

  retrogait::setLogHook([](retrogait::LogLevel level, const std::string& message) {
    const char* prefix = level == retrogait::LogLevel::kError     ? "error: "
                         : level == retrogait::LogLevel::kWarning ? "warning: "
                                                                  : "";
    std::fprintf(stderr, "retrogait-viewer: %s%s\n", prefix, message.c_str());
  });
  retrogait::viewer::ViewerApp app(options);
  return app.run();
}
