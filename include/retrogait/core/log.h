#pragma once
// The core never prints: it reports through one hook that the executables install.

#include <functional>
#include <string>

namespace retrogait {

enum class LogLevel { kInfo, kWarning, kError };

using LogHook = std::function<void(LogLevel, const std::string&)>;

/// Installs the hook that receives every log line (replaces the previous one; empty = discard).
void setLogHook(LogHook hook);

void logMessage(LogLevel level, const std::string& message);
inline void logInfo(const std::string& m) {
  logMessage(LogLevel::kInfo, m);
}
inline void logWarning(const std::string& m) {
  logMessage(LogLevel::kWarning, m);
}

}  // namespace retrogait
