#pragma once

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace nmx::cli {

// Writes `j` to `path` through a temp file, so a failed run leaves nothing behind.
inline void write_json(const std::string& path, const nlohmann::json& j) {
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp);
    out << j.dump(2) << "\n";
    if (!out) throw InputError(path + ": cannot write");
  });
}

}  // namespace nmx::cli
