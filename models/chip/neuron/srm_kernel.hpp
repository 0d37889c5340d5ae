// The SRM-alpha model's kernels (net/network.hpp SrmParams), as functions of the step
// distance. The one definition the trainer (train/delay_model), L0 (neuron/neuron_srm.hpp) and
// the datapath mapping (quant/datapath_map) use, and the tests hold them against.
#pragma once

#include <cmath>

#include "net/network.hpp"

namespace nmx::srm {

// PSP of a unit weight integrated n steps ago: (n / tau) e^(1 - n / tau); 0 for n <= 0.
inline double psp(const SrmParams& p, int n) {
  if (n <= 0) return 0.0;
  const double x = n / p.tau;
  return x * std::exp(1.0 - x);
}

// Refractory kernel m steps after the neuron's own spike, in units of theta (negative);
// 0 for m <= 0 (a spike never changes the membrane of its own step).
inline double refractory(const SrmParams& p, int m) {
  if (m <= 0) return 0.0;
  const double x = m / p.tau_ref;
  return p.ref_kernel == RefractoryKernel::Alpha ? -p.ref_scale * x * std::exp(1.0 - x)
                                                 : -p.ref_scale * std::exp(-x);
}

// The datapath that reproduces the PSP (docs/delay.md): du = dv = 1 - e^(-1/tau) and
// a weight gain of e^(1 - 1/tau) / tau, one step later. eps(n + 1) = gain (n + 1) q^n.
inline double datapath_decay(double tau) { return 1.0 - std::exp(-1.0 / tau); }
inline double datapath_weight_gain(double tau) { return std::exp(1.0 - 1.0 / tau) / tau; }

}  // namespace nmx::srm
