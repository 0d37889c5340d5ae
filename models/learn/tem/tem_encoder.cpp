#include "tem/tem_encoder.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace nmx::tem {
namespace {

// Smallest root s in (lo, 1] of a s^2 + b s + c = 0, or NaN. Uses the stable form of the
// quadratic formula so a nearly linear segment (a ~ 0) loses no precision.
double first_root(double a, double b, double c, double lo) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double r1 = nan, r2 = nan;
  if (std::abs(a) < 1e-15 * (std::abs(b) + std::abs(c) + 1e-300)) {
    if (b != 0) r1 = -c / b;
  } else {
    const double disc = b * b - 4 * a * c;
    if (disc < 0) return nan;
    const double q = -0.5 * (b + std::copysign(std::sqrt(disc), b));
    r1 = q / a;
    if (q != 0) r2 = c / q;
  }
  double best = nan;
  for (double r : {r1, r2})
    if (!std::isnan(r) && r > lo && r <= 1.0 && (std::isnan(best) || r < best)) best = r;
  return best;
}

}  // namespace

TemNeuron Layer::neuron(uint32_t j) const {
  TemNeuron n;
  for (Eigen::Index c = 0; c < w.cols(); ++c) n.w.push_back(w(j, c));
  n.bias = bias[j];
  n.theta = theta[j];
  return n;
}

std::vector<double> spike_times(const Signal& x, const TemNeuron& n) {
  if (n.w.size() != x.channels())
    throw std::invalid_argument("spike_times: " + std::to_string(n.w.size()) + " weights for a " +
                                std::to_string(x.channels()) + "-channel signal");
  if (!(n.theta > 0)) throw std::invalid_argument("spike_times: theta must be > 0");
  std::vector<double> out;
  double y0 = n.bias;
  for (uint32_t c = 0; c < x.channels(); ++c) y0 += n.w[c] * x.at(0, c);
  double v = 0;  // membrane at the start of the current segment (after any resets)
  for (uint32_t k = 0; k < x.steps(); ++k) {
    double y1 = n.bias;
    for (uint32_t c = 0; c < x.channels(); ++c) y1 += n.w[c] * x.at(k + 1, c);
    // Within the segment, V(s) = v + y0 s + (y1 - y0) s^2 / 2 for s in [0, 1].
    const double a = 0.5 * (y1 - y0);
    double s0 = 0;
    for (;;) {
      const double s = first_root(a, y0, v - n.theta, s0);
      if (std::isnan(s)) break;
      out.push_back(k + s);
      v -= n.theta;
      s0 = s;
    }
    v += y0 + a;  // V(1)
    y0 = y1;
  }
  return out;
}

}  // namespace nmx::tem
