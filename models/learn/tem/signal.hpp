// Input signals for time-encoding machines (docs/tem.md). A signal is C channels,
// piecewise linear between knots at t = 0, 1, ..., S (time in timesteps), so the
// continuous-time encoder (tem_encoder.hpp) and the chip's per-step input charge
// (tem_chip.hpp) see exactly the same function and every integral is exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nmx::tem {

class Signal {
 public:
  Signal() = default;
  // knots: (steps + 1) * channels values, row-major by knot.
  Signal(uint32_t channels, std::vector<double> knots);

  uint32_t channels() const { return channels_; }
  uint32_t steps() const { return steps_; }  // duration in timesteps
  double at(uint32_t knot, uint32_t c) const { return x_[static_cast<size_t>(knot) * channels_ + c]; }
  const std::vector<double>& knots() const { return x_; }

  // out[c] = integral of channel c over [a, b], 0 <= a <= b <= steps(); exact.
  void integral(double a, double b, double* out) const;
  // The mean of channel c over step t, i.e. the integral over [t, t + 1].
  double step_mean(uint32_t t, uint32_t c) const { return 0.5 * (at(t, c) + at(t + 1, c)); }

 private:
  double cumulative(uint32_t c, double t) const;  // integral of channel c over [0, t]
  uint32_t channels_ = 0, steps_ = 0;
  std::vector<double> x_;
  std::vector<double> prefix_;  // prefix_[k * C + c] = integral over [0, k]
};

// Band-limited test input: per channel a sum of `tones` sinusoids with frequencies uniform
// in (0, max_freq] cycles per step and random phases and amplitudes, scaled into
// [0.05, 0.95] (the chip's input encoder takes intensities in [0, 1]).
struct SignalSpec {
  uint32_t channels = 20;
  uint32_t steps = 200;
  uint32_t tones = 6;
  double max_freq = 0.02;
};

Signal bandlimited_signal(const SignalSpec& spec, uint64_t seed);

// The signal seed of example `example` of a run seeded `seed`: the learner, the study and
// every chip level draw example e of a seed from this, so they all see the same signal.
inline uint64_t example_seed(uint64_t seed, uint32_t example) { return seed * 1000003ull + example; }

// The same signal with independent Gaussian noise of standard deviation sigma added to
// every knot (what a learner observes through a noisy front end).
Signal with_noise(const Signal& s, double sigma, uint64_t seed);

}  // namespace nmx::tem
