// A random low-rank recurrence for generated networks (docs/chip-spec.md §6): a mode
// projection of P modes on one population, Gaussian factors, for the mode unit's tests.
#pragma once

#include <cstdint>
#include <random>

#include "net/network.hpp"

namespace nmx {

// xi_in, xi_out ~ N(0, 1/N); lambda_p = +-gain * theta * sqrt(N) / 10 times U(0.5, 1.5), so
// a population firing one step in ten feeds back about gain * theta / 10 per neuron.
ModeProjection random_mode_projection(uint32_t population, uint32_t size, uint32_t modes, double gain, double theta,
                                      double rate_decay, std::mt19937_64& rng);

}  // namespace nmx
