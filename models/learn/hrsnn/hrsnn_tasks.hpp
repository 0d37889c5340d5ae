// The reservoir's tasks, every sequence generated here (no data files): a random input for
// memory capacity, the Mackey-Glass (tau = 17) and Lorenz series for prediction, and a set
// of noisy temporal patterns for classification. Deterministic for a seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nmx::hrsnn {

// n values uniform in [-1, 1].
std::vector<double> uniform_input(size_t n, uint64_t seed);

// dx/dt = 0.2 x(t - tau) / (1 + x(t - tau)^10) - 0.1 x, Euler with dt = 0.01 from x = 1.2
// (history 1.2), sampled every time unit after 500 units of transient, scaled to [-1, 1].
std::vector<double> mackey_glass(size_t n, double tau = 17);

// The x coordinate of Lorenz (sigma 10, rho 28, beta 8/3), RK4 with dt = 0.01, sampled
// every 0.02 time units after 20 units of transient from (1, 1, 1), scaled to [-1, 1].
std::vector<double> lorenz_x(size_t n);

// `classes` templates, each a smoothed random walk of `length` steps in [-1, 1]; a sample
// is its template plus Gaussian noise (sd `noise`), clipped to [-1, 1], shifted by up to
// 2 steps. Samples interleave the classes (label = index mod classes).
struct PatternSet {
  std::vector<std::vector<double>> samples;
  std::vector<int> labels;
};
PatternSet temporal_patterns(size_t classes, size_t per_class, size_t length, double noise, uint64_t template_seed,
                             uint64_t sample_seed);

}  // namespace nmx::hrsnn
