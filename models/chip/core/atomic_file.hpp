// Write-to-temp-then-rename, so a failed run never leaves a partial output file.
#pragma once

#include <functional>
#include <string>

namespace nmx {

// Calls write(tmp_path), then renames tmp_path to path. If write throws, the temp file
// is removed and the exception propagates; `path` is untouched.
void write_atomically(const std::string& path, const std::function<void(const std::string&)>& write);

}  // namespace nmx
