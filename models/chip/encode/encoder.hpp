// Input encoders (docs/chip-spec.md §9): turn one image into the input population's spike
// raster. The raster is computed once on the host and fed identically to every level,
// so encoders never cause a disagreement between levels.
#pragma once

#include <cstdint>
#include <vector>

#include "net/network.hpp"

namespace nmx {

struct InputRaster {
  std::vector<std::vector<uint32_t>> steps;  // steps[t] = active input neurons, ascending
  size_t spike_count() const;
};

// Poisson: one 16-bit LFSR per pixel, seeded from (encoder seed, sample id, pixel); a pixel
//   of intensity x spikes in a step iff lfsr < round(x * max_rate * 65536).
// Latency: one spike at step round((1 - x) * (latency_steps - 1)) if x > min_intensity.
// Current: integrate-and-fire with 16-bit fractional charge round(x * gain * 65536) per step,
//   spike and subtract 65536 when the charge reaches 65536.
InputRaster encode(const Encoder& enc, const float* pixels, uint32_t n_inputs, uint64_t sample_id);

// The direct-current encoder with an intensity that changes every step (time-encoding
// inputs, tem/tem_chip.hpp): series[t * n_inputs + i] in [0, 1], enc.steps steps.
InputRaster encode_current_series(const Encoder& enc, const std::vector<double>& series, uint32_t n_inputs);

}  // namespace nmx
