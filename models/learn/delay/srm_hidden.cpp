#include "delay/srm_hidden.hpp"

#include <algorithm>

#include "neuron/srm_kernel.hpp"

namespace nmx::delay::srm_hidden {

void tables(const SrmParams& p, uint32_t steps, std::vector<double>& eps, std::vector<double>& nu) {
  eps.resize(size_t{steps} + 1), nu.resize(size_t{steps} + 1);
  for (uint32_t n = 0; n <= steps; ++n) {
    eps[n] = srm::psp(p, static_cast<int>(n));
    nu[n] = srm::refractory(p, static_cast<int>(n));
  }
}

// Loops run over the hidden neurons innermost (rows are contiguous).
uint64_t forward(const std::vector<double>& eps, const std::vector<double>& nu, const NeuronConfig& c, Mode mode,
                 uint32_t T, uint32_t H, const double* a1, double* u, double* s) {
  uint64_t spikes = 0;
  for (uint32_t t = 0; t < T; ++t) {
    double* ut = u + size_t{t} * H;
    std::fill_n(ut, H, 0.0);
    for (uint32_t n = 1; n <= t; ++n) {  // PSPs of the inputs integrated in steps 0..t-1
      const double e = eps[n];
      const double* a = a1 + size_t{t - n} * H;
      for (uint32_t j = 0; j < H; ++j) ut[j] += e * a[j];
    }
    for (uint32_t m = 1; m <= t; ++m) {  // refractory kernels of the spikes of steps 0..t-1
      const double r = c.theta * nu[m];
      const double* sp = s + size_t{t - m} * H;
      for (uint32_t j = 0; j < H; ++j) ut[j] += r * sp[j];
    }
    double* st = s + size_t{t} * H;
    for (uint32_t j = 0; j < H; ++j) {
      st[j] = spike_of(ut[j], c, mode);
      spikes += st[j] >= 0.5;
    }
  }
  return spikes;
}

void backward(const std::vector<double>& eps, const std::vector<double>& nu, const NeuronConfig& c, Mode mode,
              uint32_t T, uint32_t H, const double* u, const double* s, const double* dlds, double* delta, double* g) {
  // delta(t) = s'(t) [dlds(t) + theta sum_{t'>t} nu(t' - t) delta(t')], t = T-1 down to 0.
  for (int t = static_cast<int>(T) - 1; t >= 0; --t) {
    double* dt = delta + size_t(t) * H;
    std::copy_n(dlds + size_t(t) * H, H, dt);
    for (uint32_t m = 1; t + m < T; ++m) {
      const double r = c.theta * nu[m];
      const double* dn = delta + size_t(t + m) * H;
      for (uint32_t j = 0; j < H; ++j) dt[j] += r * dn[j];
    }
    const double* ut = u + size_t(t) * H;
    const double* st = s + size_t(t) * H;
    for (uint32_t j = 0; j < H; ++j) dt[j] *= spike_slope(ut[j], st[j], c, mode);
  }
  // g(t) = sum_{t'>t} eps(t' - t) delta(t').
  for (uint32_t t = 0; t < T; ++t) {
    double* gt = g + size_t{t} * H;
    std::fill_n(gt, H, 0.0);
    for (uint32_t n = 1; t + n < T; ++n) {
      const double e = eps[n];
      const double* dn = delta + size_t{t + n} * H;
      for (uint32_t j = 0; j < H; ++j) gt[j] += e * dn[j];
    }
  }
}

}  // namespace nmx::delay::srm_hidden
