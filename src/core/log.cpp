#include "retrogait/core/log.h"

#include <mutex>

namespace retrogait {
namespace {
std::mutex g_mutex;
LogHook g_hook;
}  // namespace

void setLogHook(LogHook hook) {
  std::lock_guard lock(g_mutex);
  g_hook = std::move(hook);
}

void logMessage(LogLevel level, const std::string& message) {
  std::lock_guard lock(g_mutex);
  if (g_hook) g_hook(level, message);
}

}  // namespace retrogait
