// The GEM learning signal in fixed point (docs/gem.md, "On-chip learning"): per step and
// compartment the visible log-likelihood from a -log sigmoid LUT, the decayed signal v_k,
// and the importance weights sigma = softmax_k(v) through a base-2 exponential LUT and one
// division, as the 16-bit learning signal l (Q1.15). Integer-only and deterministic; the
// widths are in fixed/fixed_point.hpp ("GEM"). The L1 engine that would use it is not
// implemented yet; tests/unit/test_gem.cpp checks it against the float computation.
#pragma once

#include <cstdint>
#include <vector>

namespace nmx::gem {

// Entry i = round(-log sigmoid(v_i) * 2^8) (clamped to 16 bits), v_i the real membrane at
// the centre of sigmoid-LUT bin i: ((i - 128) + 0.5) * 2^shift * lsb (as make_sigmoid_lut).
std::vector<uint16_t> make_log_sigmoid_lut(double lsb, int shift);

// round(2^15 * 2^(-f/256)), f = 0..255.
const std::vector<uint16_t>& exp2_lut();

// log p(s | v) in Q.8 nats (<= 0): -lut[index(v)] for a spike, -lut[index(-v)] otherwise.
int32_t log_likelihood_q8(const std::vector<uint16_t>& lut, int32_t v, int shift, bool spike);

// v <- sat24(decay(v, d) + ll): the learning signal's step, d the 12-bit decay (0 = none).
int32_t signal_step(int32_t v, int32_t d, int32_t ll_q8);

// Importance weights in Q1.15 from the signals v_k (Q.8): m = max v, x_k = (m - v_k) * log2(e)
// in Q.8 (rounded), E_k = exp2_lut[x_k mod 256] >> (x_k / 256) (0 from a shift of 16),
// sigma_k = min(2^15 - 1, round(E_k 2^15 / sum E)).
std::vector<int32_t> importance_weights(const std::vector<int32_t>& v);

}  // namespace nmx::gem
