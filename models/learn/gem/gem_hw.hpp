// What of a GEM model the chip can hold (docs/gem.md, "On-chip learning"): at most
// fx::kGemMaxCompartments compartments, at most two basis kernels (the pre traces x1, x2)
// and kernels whose 16-bit traces (one spike = fx::kGemTraceOne) never saturate. The L0
// trainer enforces the same limits, so what it trains is what the chip can learn.
#pragma once

#include <cstdint>
#include <string>

#include "gem/gem_model.hpp"

namespace nmx::gem {

// The 12-bit decay fraction of an exponential kernel with time constant tau (steps):
// round(4096 (1 - e^(-1/tau))). InputError naming `field` unless the kernel fits the trace
// precision: d >= 1 (the kernel must decay) and a trace receiving a spike every step stays
// below 2^16 (tau up to about 15.5 steps).
int32_t kernel_decay(double tau, const std::string& field);

// The largest time constant kernel_decay accepts.
double max_kernel_tau();

// True iff a trace with decay d (one spike = kGemTraceOne) fed a spike every step never
// saturates (checked exactly with fx::trace_step).
bool trace_fits(int32_t d);

// InputError for K outside 1..kGemMaxCompartments or basis outside 1..kMaxBasis.
void check_compartments(uint32_t k, const std::string& field);
void check_basis(uint32_t basis);

}  // namespace nmx::gem
