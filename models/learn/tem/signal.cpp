#include "tem/signal.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace nmx::tem {

Signal::Signal(uint32_t channels, std::vector<double> knots) : channels_(channels), x_(std::move(knots)) {
  if (channels_ == 0 || x_.size() % channels_ != 0 || x_.size() / channels_ < 2)
    throw std::invalid_argument("Signal: need channels > 0 and at least two knots per channel");
  steps_ = static_cast<uint32_t>(x_.size() / channels_ - 1);
  prefix_.assign(x_.size(), 0.0);
  for (uint32_t k = 1; k <= steps_; ++k)
    for (uint32_t c = 0; c < channels_; ++c)
      prefix_[k * channels_ + c] = prefix_[(k - 1) * channels_ + c] + step_mean(k - 1, c);
}

double Signal::cumulative(uint32_t c, double t) const {
  const auto k = std::min<uint32_t>(static_cast<uint32_t>(t), steps_ - 1);
  const double s = t - k;  // in [0, 1] within segment k
  const double x0 = at(k, c), x1 = at(k + 1, c);
  return prefix_[static_cast<size_t>(k) * channels_ + c] + x0 * s + 0.5 * (x1 - x0) * s * s;
}

void Signal::integral(double a, double b, double* out) const {
  if (!(a >= 0 && a <= b && b <= steps_)) throw std::out_of_range("Signal::integral: interval outside the signal");
  for (uint32_t c = 0; c < channels_; ++c) out[c] = cumulative(c, b) - cumulative(c, a);
}

Signal bandlimited_signal(const SignalSpec& spec, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> x(static_cast<size_t>(spec.steps + 1) * spec.channels);
  for (uint32_t c = 0; c < spec.channels; ++c) {
    std::vector<double> f(spec.tones), ph(spec.tones), amp(spec.tones);
    for (uint32_t k = 0; k < spec.tones; ++k) {
      f[k] = spec.max_freq * (1.0 - unit(rng));  // (0, max_freq]
      ph[k] = 2 * M_PI * unit(rng);
      amp[k] = 0.2 + unit(rng);
    }
    double peak = 0;
    for (uint32_t t = 0; t <= spec.steps; ++t) {
      double s = 0;
      for (uint32_t k = 0; k < spec.tones; ++k) s += amp[k] * std::sin(2 * M_PI * f[k] * t + ph[k]);
      x[static_cast<size_t>(t) * spec.channels + c] = s;
      peak = std::max(peak, std::abs(s));
    }
    for (uint32_t t = 0; t <= spec.steps; ++t) {
      double& v = x[static_cast<size_t>(t) * spec.channels + c];
      v = 0.5 + 0.45 * v / peak;
    }
  }
  return Signal(spec.channels, std::move(x));
}

Signal with_noise(const Signal& s, double sigma, uint64_t seed) {
  if (sigma == 0) return s;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n(0.0, sigma);
  std::vector<double> x = s.knots();
  for (double& v : x) v += n(rng);
  return Signal(s.channels(), std::move(x));
}

}  // namespace nmx::tem
