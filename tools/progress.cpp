#include "progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace nmx::cli {

Progress::Progress(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled), tty_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()) {}

void Progress::restart(std::string label) {
  label_ = std::move(label);
  last_decile_ = -1;
  start_ = std::chrono::steady_clock::now();
}

void Progress::operator()(size_t done, size_t total) {
  if (!enabled_ || total == 0) return;
  const double frac = static_cast<double>(done) / static_cast<double>(total);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double eta = done ? secs * (total - done) / done : 0.0;
  if (tty_) {
    const int width = 30, filled = static_cast<int>(frac * width);
    std::fprintf(stderr, "\r%s [%-*s] %zu/%zu %5.1f%%  %.1fs, eta %.1fs ", label_.c_str(), width,
                 std::string(filled, '#').c_str(), done, total, 100 * frac, secs, eta);
    if (done == total) std::fputc('\n', stderr);
  } else {
    const int decile = static_cast<int>(frac * 10);
    if (decile == last_decile_) return;
    last_decile_ = decile;
    std::fprintf(stderr, "%s %zu/%zu (%.0f%%) %.1fs\n", label_.c_str(), done, total, 100 * frac, secs);
  }
  std::fflush(stderr);
}

}  // namespace nmx::cli
