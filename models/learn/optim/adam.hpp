// The optimiser the gradient trainers share (delay, smnn): Adam with bias correction,
// optional decoupled weight decay (AdamW) and clamping, and the cosine learning-rate schedule.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace nmx::optim {

struct Adam {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  // One step (`step` counts from 1) of x against gradient g, moments m and v; then
  // x -= lr * decay * x and x clamped to [lo, hi].
  void update(std::vector<double>& x, const std::vector<double>& g, std::vector<double>& m, std::vector<double>& v,
              uint64_t step, double lr, double lo = -std::numeric_limits<double>::infinity(),
              double hi = std::numeric_limits<double>::infinity(), double decay = 0.0) const {
    const double c1 = 1.0 - std::pow(beta1, static_cast<double>(step));
    const double c2 = 1.0 - std::pow(beta2, static_cast<double>(step));
    for (size_t k = 0; k < x.size(); ++k) {
      m[k] = beta1 * m[k] + (1 - beta1) * g[k];
      v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
      x[k] -= lr * (m[k] / c1) / (std::sqrt(v[k] / c2) + eps) + lr * decay * x[k];
      x[k] = std::clamp(x[k], lo, hi);
    }
  }
};

// The learning rate of Adam step `step` (from 1) of `total`: `base` throughout, or with
// `cosine` annealed from base to 0 along half a cosine.
inline double scheduled_lr(double base, uint64_t step, uint64_t total, bool cosine) {
  constexpr double kPi = 3.14159265358979323846;
  return cosine ? base * 0.5 * (1 + std::cos(kPi * double(step - 1) / double(total))) : base;
}

}  // namespace nmx::optim
