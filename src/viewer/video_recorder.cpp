#include "video_recorder.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stb_image_write.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "retrogait/io/atomic_file.h"

extern char** environ;

namespace retrogait::viewer {

namespace {

std::string errnoText(int error) {
  return std::strerror(error);
}

// The last lines of a program's stderr (at most ~600 characters), one line.
std::string tailOf(const std::string& text) {
  std::string t = text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  if (t.size() > 600) t = "…" + t.substr(t.size() - 600);
  std::replace(t.begin(), t.end(), '\n', ' ');
  return t;
}

}  // namespace

std::string findOnPath(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    return access(program.c_str(), X_OK) == 0 ? program : std::string();
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return {};
}

std::string ffmpegMissingMessage(const std::string& what) {
  return what +
         " needs the ffmpeg program, which is not on PATH. Install it (Debian/Ubuntu: "
         "sudo apt-get install ffmpeg, or scripts/install-deps.sh), or write a PNG sequence "
         "with --record-png DIR instead.";
}

std::string temporaryVideoName(const std::string& file) {
  const std::filesystem::path p(file);
  std::filesystem::path tmp = p.parent_path();
  tmp /= p.stem().string() + ".tmp-" + std::to_string(getpid()) + p.extension().string();
  return tmp.string();
}

Status checkVideoWritable(const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) return Error{file + ": is a directory"};
  const std::string tmp = temporaryVideoName(file);
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error{file + ": cannot write (" + errnoText(errno) + ")"};
  close(fd);
  unlink(tmp.c_str());
  return Ok{};
}

// ---- VideoEncoder -----------------------------------------------------------------------------

Result<std::unique_ptr<VideoEncoder>> VideoEncoder::start(const std::string& ffmpegPath,
                                                          const std::string& file, int width,
                                                          int height, int fps) {
  std::unique_ptr<VideoEncoder> e(new VideoEncoder());
  e->m_file = file;
  e->m_temporary = temporaryVideoName(file);
  e->m_width = width;
  e->m_height = height;
  e->m_fps = fps;
  if (Status s = checkVideoWritable(file); !s) return Error{s.error()};

  // ffmpeg's stderr goes to an unlinked temporary file, read when it fails (a pipe nobody
  // reads could fill up and block it).
  std::string stderrTemplate = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
                               "/retrogait-ffmpeg-XXXXXX";
  e->m_stderrFd = mkostemp(stderrTemplate.data(), O_CLOEXEC);
  if (e->m_stderrFd >= 0) unlink(stderrTemplate.c_str());

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    unlink(e->m_temporary.c_str());
    return Error{file + ": cannot create a pipe to ffmpeg (" + errnoText(errno) + ")"};
  }
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  const std::string rate = std::to_string(fps);
  std::vector<std::string> args{ffmpegPath};
  auto add = [&args](std::initializer_list<std::string> more) { args.insert(args.end(), more); };
  add({"-hide_banner", "-nostdin", "-loglevel", "error", "-y"});
  // Input: raw RGBA frames on stdin, bottom row first (glReadPixels), so flip them. H.264 in
  // yuv420p needs even sizes: an odd width or height is padded by one pixel.
  add({"-f", "rawvideo", "-pix_fmt", "rgba", "-s", size, "-r", rate, "-i", "pipe:0"});
  add({"-vf", "vflip,pad=ceil(iw/2)*2:ceil(ih/2)*2"});
  add({"-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"});
  // The index at the front, so a player can start before the whole file is loaded.
  add({"-movflags", "+faststart", "-f", "mp4", e->m_temporary});
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (e->m_stderrFd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, e->m_stderrFd, 2);
  } else {
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  }
  // Its own process group: a Ctrl-C in the terminal reaches only the viewer, which then ends
  // the recording itself (ffmpeg interrupted on its own would cut the video short).
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = -1;
  const int spawned =
      posix_spawn(&pid, ffmpegPath.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[0]);
  if (spawned != 0) {
    close(fds[1]);
    unlink(e->m_temporary.c_str());
    return Error{ffmpegPath + ": cannot start (" + errnoText(spawned) + ")"};
  }
  e->m_pid = pid;
  e->m_pipe = fds[1];
  // A write to a pipe whose reader has gone raises SIGPIPE, which would kill the viewer: ignore
  // it while recording, and handle the EPIPE error instead.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  e->m_sigpipeSaved = sigaction(SIGPIPE, &ignore, &e->m_oldSigpipe) == 0;
  return e;
}

VideoEncoder::~VideoEncoder() {
  abort();
  if (m_stderrFd >= 0) close(m_stderrFd);
}

Status VideoEncoder::writeFrame(const std::vector<unsigned char>& rgba) {
  if (!active()) return Error{m_file + ": not recording"};
  const std::size_t bytes = static_cast<std::size_t>(m_width) * m_height * 4;
  if (rgba.size() < bytes) return Error{m_file + ": frame smaller than the video"};
  const unsigned char* p = rgba.data();
  std::size_t left = bytes;
  while (left > 0) {
    const ssize_t n = write(m_pipe, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      closePipe();
      const Status exited = waitForExit();
      unlink(m_temporary.c_str());
      restoreSigpipe();
      const std::string why = error == EPIPE
                                  ? "ffmpeg stopped reading its input (broken pipe)"
                                  : "writing to ffmpeg failed (" + errnoText(error) + ")";
      return Error{m_file + ": " + why + (exited ? "" : "; " + exited.error()) +
                   "; nothing was written"};
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  ++m_frames;
  return Ok{};
}

Status VideoEncoder::finish() {
  if (!active()) return Error{m_file + ": not recording"};
  closePipe();
  const Status exited = waitForExit();
  restoreSigpipe();
  if (!exited) {
    unlink(m_temporary.c_str());
    return Error{m_file + ": " + exited.error() + "; nothing was written"};
  }
  if (m_frames == 0) {
    unlink(m_temporary.c_str());
    return Error{m_file + ": no frames were recorded; nothing was written"};
  }
  if (std::rename(m_temporary.c_str(), m_file.c_str()) != 0) {
    const int error = errno;
    unlink(m_temporary.c_str());
    return Error{m_file + ": cannot rename the finished video into place (" + errnoText(error) +
                 ")"};
  }
  return Ok{};
}

void VideoEncoder::abort() {
  if (m_pid > 0) {
    closePipe();
    kill(m_pid, SIGKILL);
    (void)waitForExit();
    unlink(m_temporary.c_str());
  }
  restoreSigpipe();
}

Status VideoEncoder::waitForExit() {
  if (m_pid <= 0) return Ok{};
  int status = 0;
  pid_t r;
  do {
    r = waitpid(m_pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  m_pid = -1;
  if (r > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) return Ok{};
  std::string message;
  if (m_stderrFd >= 0 && lseek(m_stderrFd, 0, SEEK_SET) == 0) {
    char buf[4096];
    ssize_t n;
    while ((n = read(m_stderrFd, buf, sizeof buf)) > 0)
      message.append(buf, static_cast<std::size_t>(n));
  }
  std::string how = r <= 0 ? "ffmpeg could not be waited for"
                    : WIFEXITED(status)
                        ? "ffmpeg failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")"
                    : WIFSIGNALED(status)
                        ? "ffmpeg was killed by signal " + std::to_string(WTERMSIG(status))
                        : "ffmpeg failed";
  message = tailOf(message);
  return Error{message.empty() ? how : how + ": " + message};
}

void VideoEncoder::closePipe() {
  if (m_pipe >= 0) close(m_pipe);
  m_pipe = -1;
}

void VideoEncoder::restoreSigpipe() {
  if (m_sigpipeSaved) sigaction(SIGPIPE, &m_oldSigpipe, nullptr);
  m_sigpipeSaved = false;
}

// ---- PngSequenceWriter ------------------------------------------------------------------------

Result<std::unique_ptr<PngSequenceWriter>> PngSequenceWriter::start(const std::string& directory) {
  if (Status s = ensureDirectory(directory); !s) return Error{s.error()};
  if (access(directory.c_str(), W_OK) != 0) {
    return Error{directory + ": cannot write (" + errnoText(errno) + ")"};
  }
  std::unique_ptr<PngSequenceWriter> w(new PngSequenceWriter());
  w->m_directory = directory;
  return w;
}

Status PngSequenceWriter::writeFrame(const std::vector<unsigned char>& rgba, int width,
                                     int height) {
  // Top row first and without alpha, as the screenshot writes them.
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  m_rgb.resize(row * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    const unsigned char* src = rgba.data() + static_cast<std::size_t>(height - 1 - y) * width * 4;
    unsigned char* dst = m_rgb.data() + static_cast<std::size_t>(y) * row;
    for (int x = 0; x < width; ++x) {
      dst[3 * x + 0] = src[4 * x + 0];
      dst[3 * x + 1] = src[4 * x + 1];
      dst[3 * x + 2] = src[4 * x + 2];
    }
  }
  char name[32];
  std::snprintf(name, sizeof name, "frame_%05ld.png", m_frames);
  const std::string file = (std::filesystem::path(m_directory) / name).string();
  std::string png;
  const int ok = stbi_write_png_to_func(
      [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
      },
      &png, width, height, 3, m_rgb.data(), static_cast<int>(row));
  if (!ok) return Error{file + ": PNG encoding failed"};
  if (Status s = writeFileAtomically(file, [&](std::ostream& out) { out << png; }); !s) return s;
  ++m_frames;
  return Ok{};
}

}  // namespace retrogait::viewer
