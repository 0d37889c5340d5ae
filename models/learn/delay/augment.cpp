#include "delay/augment.hpp"

#include "core/hash.hpp"

namespace nmx::delay {

Shift sample_shift(uint64_t seed, uint32_t epoch, uint64_t index, uint32_t max_shift) {
  if (max_shift == 0) return {};
  const uint64_t h = hash3(seed, epoch, index);
  const uint64_t span = 2 * uint64_t{max_shift} + 1;
  return {static_cast<int>((h & 0xFFFFFFFFu) % span) - static_cast<int>(max_shift),
          static_cast<int>((h >> 32) % span) - static_cast<int>(max_shift)};
}

void shift_times(const InputTimes& in, uint32_t rows, uint32_t cols, Shift s, InputTimes& out) {
  out.assign(in.size(), -1);
  for (uint32_t r = 0; r < rows; ++r) {
    const int r2 = static_cast<int>(r) + s.dy;
    if (r2 < 0 || r2 >= static_cast<int>(rows)) continue;
    for (uint32_t c = 0; c < cols; ++c) {
      const int c2 = static_cast<int>(c) + s.dx;
      if (c2 < 0 || c2 >= static_cast<int>(cols)) continue;
      out[size_t(r2) * cols + size_t(c2)] = in[size_t{r} * cols + c];
    }
  }
}

}  // namespace nmx::delay
