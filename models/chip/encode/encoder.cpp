#include "encode/encoder.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/hash.hpp"
#include "fixed/fixed_point.hpp"

namespace nmx {
namespace {

uint16_t pixel_seed(uint32_t seed, uint64_t sample, uint32_t pixel) {
  const uint64_t h = hash3(seed, sample, pixel);
  const uint16_t s = static_cast<uint16_t>(h & fx::kLfsrMax);
  return s ? s : 1;  // an LFSR seed is never zero
}

uint32_t fraction16(double x) {  // x in [0, 1] -> [0, 65536]
  return static_cast<uint32_t>(std::lround(std::clamp(x, 0.0, 1.0) * fx::kProbabilityOne));
}

void encode_poisson(const Encoder& enc, const float* px, uint32_t n, uint64_t sample, InputRaster& r) {
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t threshold = fraction16(px[i] * enc.max_rate);
    if (threshold == 0) continue;
    uint16_t lfsr = pixel_seed(enc.seed, sample, i);
    for (uint32_t t = 0; t < enc.steps; ++t) {
      lfsr = fx::lfsr_next(lfsr);
      if (lfsr < threshold) r.steps[t].push_back(i);
    }
  }
}

void encode_latency(const Encoder& enc, const float* px, uint32_t n, InputRaster& r) {
  for (uint32_t i = 0; i < n; ++i) {
    if (!(px[i] > enc.min_intensity)) continue;
    const double x = std::clamp<double>(px[i], 0.0, 1.0);
    const auto t = static_cast<uint32_t>(std::lround((1.0 - x) * (enc.latency_steps - 1)));
    r.steps[t].push_back(i);
  }
}

// Integrate-and-fire per input neuron; intensity(t, i) is the input's value in step t.
template <typename Intensity>
void encode_current(const Encoder& enc, uint32_t n, Intensity intensity, InputRaster& r) {
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t charge = 0;
    for (uint32_t t = 0; t < enc.steps; ++t) {
      charge += fraction16(intensity(t, i) * enc.current_gain);
      if (charge >= 65536u) {
        charge -= 65536u;
        r.steps[t].push_back(i);
      }
    }
  }
}

}  // namespace

size_t InputRaster::spike_count() const {
  size_t n = 0;
  for (const auto& s : steps) n += s.size();
  return n;
}

InputRaster encode(const Encoder& enc, const float* pixels, uint32_t n_inputs, uint64_t sample_id) {
  InputRaster r;
  r.steps.resize(enc.steps);
  switch (enc.kind) {
    case EncoderKind::Poisson: encode_poisson(enc, pixels, n_inputs, sample_id, r); break;
    case EncoderKind::Latency: encode_latency(enc, pixels, n_inputs, r); break;
    case EncoderKind::Current:
      encode_current(enc, n_inputs, [pixels](uint32_t, uint32_t i) { return double(pixels[i]); }, r);
      break;
  }
  return r;  // pixels are visited in ascending order, so each step is sorted already
}

InputRaster encode_current_series(const Encoder& enc, const std::vector<double>& series, uint32_t n_inputs) {
  if (series.size() != static_cast<size_t>(enc.steps) * n_inputs)
    throw std::invalid_argument("encode_current_series: need steps * inputs intensities");
  InputRaster r;
  r.steps.resize(enc.steps);
  encode_current(enc, n_inputs, [&](uint32_t t, uint32_t i) { return series[static_cast<size_t>(t) * n_inputs + i]; }, r);
  return r;
}

}  // namespace nmx
