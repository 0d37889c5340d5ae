// Data augmentation for delay training: each training sample of each epoch is shifted by a
// whole number of pixels, (dx, dy) in [-max, max]^2, drawn from a hash of (seed, epoch,
// sample index) alone — so it does not depend on thread count or processing order. The
// shift is applied to the latency code (spike step per pixel), which equals shifting the
// image before encoding because the latency code is per pixel; pixels shifted out are
// lost, pixels shifted in are silent.
#pragma once

#include <cstdint>

#include "delay/delay_model.hpp"

namespace nmx::delay {

struct Shift {
  int dx = 0, dy = 0;
};

// The shift of sample `index` in epoch `epoch` (0-based) of a run with `seed`.
Shift sample_shift(uint64_t seed, uint32_t epoch, uint64_t index, uint32_t max_shift);

// `in` (rows x cols, row-major) moved by `s` into `out` (resized to match).
void shift_times(const InputTimes& in, uint32_t rows, uint32_t cols, Shift s, InputTimes& out);

}  // namespace nmx::delay
