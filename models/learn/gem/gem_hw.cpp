#include "gem/gem_hw.hpp"

#include <cmath>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"

namespace nmx::gem {

bool trace_fits(int32_t d) {
  if (d < 1 || d > fx::kDecayOne) return false;
  int32_t x = 0;
  for (int t = 0; t < 4 * fx::kDecayOne; ++t) {  // converges well within 4096 steps for d >= 1
    const int64_t next = int64_t{fx::decay(x, d)} + fx::kGemTraceOne;
    if (next > fx::kTraceMax) return false;
    if (next == x) return true;
    x = static_cast<int32_t>(next);
  }
  return true;
}

double max_kernel_tau() {
  // smallest d that fits, then the tau at its rounding boundary
  int32_t d = 1;
  while (!trace_fits(d)) ++d;
  return -1.0 / std::log(1.0 - (d - 0.5) / fx::kDecayOne);
}

int32_t kernel_decay(double tau, const std::string& field) {
  const std::string allowed = "(0, " + shortest_text(std::floor(max_kernel_tau() * 100) / 100) +
                              "] steps (a 16-bit trace, one spike = 2^" + std::to_string(fx::kGemTraceOneBits) +
                              ", must not saturate)";
  if (!(tau > 0) || !std::isfinite(tau)) throw_field_error("gem kernels", field, shortest_text(tau), allowed);
  const auto d = static_cast<int32_t>(std::lround(fx::kDecayOne * (1.0 - std::exp(-1.0 / tau))));
  if (!trace_fits(d)) throw_field_error("gem kernels", field, shortest_text(tau), allowed);
  return d;
}

void check_compartments(uint32_t k, const std::string& field) {
  if (k < 1 || k > static_cast<uint32_t>(fx::kGemMaxCompartments))
    throw_field_error("gem", field, std::to_string(k),
                      "1.." + std::to_string(fx::kGemMaxCompartments) + " (the chip's compartments per hidden neuron)");
}

void check_basis(uint32_t basis) {
  if (basis < 1 || basis > kMaxBasis)
    throw_field_error("gem", "basis", std::to_string(basis), "1.." + std::to_string(kMaxBasis) + " (pre traces x1, x2)");
}

}  // namespace nmx::gem
