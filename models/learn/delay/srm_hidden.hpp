// The SRM-alpha hidden layer of the delay trainer (docs/delay.md, "SRM-alpha hidden
// neurons"), forward and backward through time. With a1(t) the input current integrated
// at step t (the datapath's, same delay rule), per hidden neuron
//   u(t) = sum_{n>=1} eps(n) a1(t - n) + theta sum_{m>=1} nu(m) s(t - m),
//   s(t) = H(u(t) - theta) (Hard) or sigmoid(gain (u(t) - theta) / theta) (Smooth),
// eps = srm::psp, nu = srm::refractory (neuron/srm_kernel.hpp; eps(0) = nu(0) = 0). No reset:
// the refractory kernel is the reset. T is small (10), so the kernel sums are direct sums
// over tables eps[0..T], nu[0..T].
//
// Backward. s(t) reaches the loss through the output layer (dL/ds(t) of the output path,
// `dlds`) and through u(t') for every t' > t (coefficient theta nu(t' - t)); u(t) reaches it
// only through s(t). So, from t = T - 1 down to 0, with delta(t) = dL/du(t):
//   delta(t) = s'(t) [dlds(t) + theta sum_{t'>t} nu(t' - t) delta(t')],
// and a1(t) reaches u(t') for t' > t with coefficient eps(t' - t):
//   g(t) = dL/da1(t) = sum_{t'>t} eps(t' - t) delta(t').
// s'(t) is spike_slope (the surrogate in Hard mode, the exact derivative in Smooth mode).
#pragma once

#include <cstdint>
#include <vector>

#include "delay/delay_model.hpp"

namespace nmx::delay::srm_hidden {

// eps[n] = srm::psp(p, n) and nu[m] = srm::refractory(p, m) for n, m in 0..steps.
void tables(const SrmParams& p, uint32_t steps, std::vector<double>& eps, std::vector<double>& nu);

// Arrays are [t][hidden], `steps` x `hidden`. Writes u and s; returns the spikes (s >= 0.5).
uint64_t forward(const std::vector<double>& eps, const std::vector<double>& nu, const NeuronConfig& c, Mode mode,
                 uint32_t steps, uint32_t hidden, const double* a1, double* u, double* s);

// Writes delta = dL/du and g = dL/da1 from u, s and dlds (dL/ds through the output layer).
void backward(const std::vector<double>& eps, const std::vector<double>& nu, const NeuronConfig& c, Mode mode,
              uint32_t steps, uint32_t hidden, const double* u, const double* s, const double* dlds, double* delta,
              double* g);

}  // namespace nmx::delay::srm_hidden
