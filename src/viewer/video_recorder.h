#pragma once
// Recording the viewer: frames read back from the framebuffer go either to Debian's `ffmpeg`
// program (a separate process fed raw RGBA frames through a pipe, encoding H.264 in MP4) or to
// a numbered PNG sequence. The viewer decides when a frame is taken (one per 1/fps of simulated
// time, app.cpp); this file only moves pixels.
//
// A video is written to "<stem>.tmp-<pid>.mp4" next to the target and renamed into place only
// when ffmpeg exits 0; on any failure the temporary file is deleted, so a half-written video
// never looks complete.

#include <sys/types.h>

#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "retrogait/core/result.h"

namespace retrogait::viewer {

/// Frame rates a recording may use [frames per simulated second].
inline constexpr int kRecordFpsChoices[] = {30, 60};
/// Limits of --record-seconds [s of simulated time]; default 10 s.
inline constexpr double kMinRecordSeconds = 0.1, kMaxRecordSeconds = 3600.0;

/// The full path of `program` found on PATH (an executable regular file), or empty.
std::string findOnPath(const std::string& program);

/// The message shown when ffmpeg is missing: what needs it and how to install it.
std::string ffmpegMissingMessage(const std::string& what);

/// "<dir>/<stem>.tmp-<pid><ext>": where a video is written until ffmpeg has finished.
std::string temporaryVideoName(const std::string& file);

/// Checks that a video can be written to `file` (not a directory; its temporary file can be
/// created in its directory) without leaving anything behind; the error names the path.
Status checkVideoWritable(const std::string& file);

/// An H.264 MP4 written by an ffmpeg child process from raw frames sent through a pipe.
class VideoEncoder {
 public:
  /// Starts `ffmpegPath` writing `file` (through its temporary name) from frames of
  /// width × height RGBA pixels at `fps` frames per second. Fails (naming the path) when the
  /// temporary file cannot be created, or when ffmpeg cannot be started.
  static Result<std::unique_ptr<VideoEncoder>> start(const std::string& ffmpegPath,
                                                     const std::string& file, int width, int height,
                                                     int fps);
  ~VideoEncoder();  // aborts (kills ffmpeg, deletes the temporary file) unless finished
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;

  /// Sends one frame: width × height RGBA pixels, bottom row first (as glReadPixels returns
  /// them; ffmpeg flips them). On a write error (ffmpeg exited: broken pipe) the recording is
  /// aborted and the error carries ffmpeg's own message.
  Status writeFrame(const std::vector<unsigned char>& rgba);
  /// Closes the pipe, waits for ffmpeg and renames the video into place; on failure deletes the
  /// temporary file and returns ffmpeg's message.
  Status finish();
  /// Kills ffmpeg and deletes the temporary file.
  void abort();

  const std::string& file() const { return m_file; }
  int width() const { return m_width; }
  int height() const { return m_height; }
  int fps() const { return m_fps; }
  long frames() const { return m_frames; }
  bool active() const { return m_pid > 0; }

 private:
  VideoEncoder() = default;
  /// Waits for ffmpeg; ok when it exited 0, else its exit status and the end of its stderr.
  Status waitForExit();
  void closePipe();
  void restoreSigpipe();

  std::string m_file, m_temporary;
  int m_width = 0, m_height = 0, m_fps = 0;
  long m_frames = 0;
  pid_t m_pid = -1;
  int m_pipe = -1;      // write end of ffmpeg's stdin
  int m_stderrFd = -1;  // an unlinked temporary file holding ffmpeg's stderr
  struct sigaction m_oldSigpipe {};
  bool m_sigpipeSaved = false;
};

/// A numbered PNG sequence: DIR/frame_00000.png, DIR/frame_00001.png, … (each written
/// atomically).
class PngSequenceWriter {
 public:
  /// Creates `directory` (and its parents) when missing; fails naming it.
  static Result<std::unique_ptr<PngSequenceWriter>> start(const std::string& directory);

  /// Writes the next frame from width × height RGBA pixels, bottom row first.
  Status writeFrame(const std::vector<unsigned char>& rgba, int width, int height);

  const std::string& directory() const { return m_directory; }
  long frames() const { return m_frames; }

 private:
  PngSequenceWriter() = default;
  std::string m_directory;
  long m_frames = 0;
  std::vector<unsigned char> m_rgb;  // flipped, alpha dropped
};

}  // namespace retrogait::viewer
