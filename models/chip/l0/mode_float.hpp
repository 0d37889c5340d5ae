// The low-rank mode recurrence in double precision (docs/chip-spec.md §6): the one place
// its arithmetic is written, so that L0 (l0/network_l0.cpp) and the SMNN trainer
// (models/learn/smnn) compute the same bits. Per step, after the neuron phase:
//   r_i <- r_i (1 - rate_decay) + s_i                  (filtered spike trace)
//   m_p  = sum_i xi_out[i][p] r_i                      (i ascending, from 0)
//   c_i  = sum_p xi_in[i][p] (lambda_p m_p)            (p ascending, from 0)
// and c is added into the population's (zeroed) accumulator slot of the next step before
// that step's synaptic events.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nmx::mode_float {

// s: the step's spikes as 0/1 (or, in the trainer's smooth mode, a real value).
inline void filter(double* r, const double* s, size_t n, double rate_decay) {
  const double keep = 1.0 - rate_decay;
  for (size_t i = 0; i < n; ++i) r[i] = r[i] * keep + s[i];
}

// m (P) from r (N); q = lambda * m (P); c (N) from q. xi are N x P, row-major.
inline void project(const double* xi_in, const double* xi_out, const double* lambda, size_t n, uint32_t modes,
                    const double* r, double* m, double* q, double* c) {
  for (uint32_t p = 0; p < modes; ++p) m[p] = 0.0;
  for (size_t i = 0; i < n; ++i)
    for (uint32_t p = 0; p < modes; ++p) m[p] += xi_out[i * modes + p] * r[i];
  for (uint32_t p = 0; p < modes; ++p) q[p] = lambda[p] * m[p];
  for (size_t i = 0; i < n; ++i) {
    double sum = 0.0;
    for (uint32_t p = 0; p < modes; ++p) sum += xi_in[i * modes + p] * q[p];
    c[i] = sum;
  }
}

}  // namespace nmx::mode_float
