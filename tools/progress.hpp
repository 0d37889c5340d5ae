// A progress bar on stderr for long runs: redrawn in place on a terminal, a line every
// 10% otherwise (CI logs stay short).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace nmx::cli {

class Progress {
 public:
  explicit Progress(std::string label, bool enabled = true);
  void operator()(size_t done, size_t total);
  // A new phase (an epoch): a new label, the clock and the 10% steps start again.
  void restart(std::string label);

 private:
  std::string label_;
  bool enabled_, tty_;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace nmx::cli
