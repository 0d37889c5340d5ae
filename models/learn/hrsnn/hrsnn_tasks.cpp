#include "hrsnn/hrsnn_tasks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

namespace nmx::hrsnn {
namespace {

std::vector<double> to_unit_range(std::vector<double> x) {
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  const double a = *lo, b = *hi;
  for (double& v : x) v = b > a ? 2 * (v - a) / (b - a) - 1 : 0;
  return x;
}

}  // namespace

std::vector<double> uniform_input(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> out(n);
  for (double& v : out) v = u(rng);
  return out;
}

std::vector<double> mackey_glass(size_t n, double tau) {
  constexpr double dt = 0.01;
  constexpr size_t per_sample = 100, transient = 500 * per_sample;
  const size_t lag = static_cast<size_t>(std::lround(tau / dt));
  std::vector<double> x(lag + 1, 1.2);  // history, then the integration
  x.reserve(lag + 1 + transient + n * per_sample);
  std::vector<double> out;
  out.reserve(n);
  for (size_t k = 0; out.size() < n; ++k) {
    const double now = x.back(), past = x[x.size() - 1 - lag];
    x.push_back(now + dt * (0.2 * past / (1 + std::pow(past, 10)) - 0.1 * now));
    if (k >= transient && (k - transient) % per_sample == 0) out.push_back(x.back());
  }
  return to_unit_range(out);
}

std::vector<double> lorenz_x(size_t n) {
  using V = std::array<double, 3>;
  auto f = [](const V& s) {
    return V{10 * (s[1] - s[0]), s[0] * (28 - s[2]) - s[1], s[0] * s[1] - 8.0 / 3.0 * s[2]};
  };
  constexpr double dt = 0.01;
  V s{1, 1, 1};
  auto rk4 = [&] {
    const V k1 = f(s);
    V t;
    for (int i = 0; i < 3; ++i) t[i] = s[i] + dt / 2 * k1[i];
    const V k2 = f(t);
    for (int i = 0; i < 3; ++i) t[i] = s[i] + dt / 2 * k2[i];
    const V k3 = f(t);
    for (int i = 0; i < 3; ++i) t[i] = s[i] + dt * k3[i];
    const V k4 = f(t);
    for (int i = 0; i < 3; ++i) s[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  };
  for (int k = 0; k < 2000; ++k) rk4();
  std::vector<double> out(n);
  for (double& v : out) rk4(), rk4(), v = s[0];
  return to_unit_range(out);
}

PatternSet temporal_patterns(size_t classes, size_t per_class, size_t length, double noise, uint64_t template_seed,
                             uint64_t sample_seed) {
  std::mt19937_64 rng(template_seed);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<std::vector<double>> templates(classes, std::vector<double>(length));
  for (auto& t : templates) {
    double x = 0, v = 0;
    for (double& y : t) {
      v = 0.7 * v + 0.3 * g(rng);
      x = std::clamp(x + 0.4 * v, -1.0, 1.0);
      y = x;
    }
  }
  std::mt19937_64 srng(sample_seed);
  std::uniform_int_distribution<int> shift(-2, 2);
  PatternSet set;
  for (size_t i = 0; i < classes * per_class; ++i) {
    const size_t c = i % classes;
    const int s = shift(srng);
    std::vector<double> x(length);
    for (size_t t = 0; t < length; ++t) {
      const long k = std::clamp<long>(static_cast<long>(t) - s, 0, static_cast<long>(length) - 1);
      x[t] = std::clamp(templates[c][static_cast<size_t>(k)] + noise * g(srng), -1.0, 1.0);
    }
    set.samples.push_back(std::move(x));
    set.labels.push_back(static_cast<int>(c));
  }
  return set;
}

}  // namespace nmx::hrsnn
