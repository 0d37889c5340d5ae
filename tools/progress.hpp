// A progress bar on stderr for long runs: redrawn in place on a terminal, a line every
// 10% otherwise (CI logs stay short).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
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

// The trainers' progress callback: "epoch k/E, samples" with the clock restarted each epoch.
inline std::function<void(uint32_t, size_t, size_t)> epoch_progress(Progress& progress, uint32_t epochs) {
  return [&progress, epochs, shown = uint32_t{0}](uint32_t epoch, size_t done, size_t total) mutable {
    if (epoch != shown)
      shown = epoch, progress.restart("epoch " + std::to_string(epoch) + "/" + std::to_string(epochs) + ", samples");
    progress(done, total);
  };
}

}  // namespace nmx::cli
