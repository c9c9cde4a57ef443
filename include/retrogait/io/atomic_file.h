#pragma once
// Output files are written to a temporary name next to the target and renamed into place, so
// a killed run never leaves a truncated file that looks complete.

#include <functional>
#include <ostream>
#include <string>

#include "retrogait/core/result.h"

namespace retrogait {

/// Calls `write` with a stream to "<path>.tmp-<pid>", then renames it to `path`.
Status writeFileAtomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write);

/// Creates a directory (and parents); error names the path.
Status ensureDirectory(const std::string& path);

}  // namespace retrogait
