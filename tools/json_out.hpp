#pragma once

#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "output_paths.hpp"

namespace nmx::cli {

// With `--json -` the JSON is all that reaches standard output: from the moment the
// option is parsed, the text report goes to stderr, and write_json writes to this copy
// of the original standard output.
inline int& json_stdout_fd() {
  static int fd = -1;
  return fd;
}

// Adds `--json FILE|-`, checked when parsed (output_paths.hpp).
inline CLI::Option* add_json_option(CLI::App* sub, std::string& path, const std::string& what) {
  return sub->add_option("--json", path, what + " (- = standard output; the text report then goes to stderr)")
      ->check(OutputFileOrStdout)
      ->each([](const std::string& v) {
        if (v != "-" || json_stdout_fd() >= 0) return;
        std::fflush(stdout);
        json_stdout_fd() = ::dup(STDOUT_FILENO);
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
      });
}

// Writes `j` to `path` through a temp file, so a failed run leaves nothing behind; "-"
// writes it to standard output.
inline void write_json(const std::string& path, const nlohmann::json& j) {
  if (path == "-") {
    const std::string text = j.dump(2) + "\n";
    const int fd = json_stdout_fd() >= 0 ? json_stdout_fd() : STDOUT_FILENO;
    std::fflush(stdout);
    for (size_t off = 0; off < text.size();) {
      const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
      if (n <= 0) throw InputError("standard output: cannot write the JSON");
      off += static_cast<size_t>(n);
    }
    return;
  }
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp);
    out << j.dump(2) << "\n";
    if (!out) throw InputError(path + ": cannot write");
  });
}

}  // namespace nmx::cli
