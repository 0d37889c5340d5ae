// Bit-accurate LIF neuron (docs/chip-spec.md §2): the chip's one neuron datapath.
// Same structure and method names as neuron/neuron_float.hpp, so the two read side by side.
// L2 (sim/) calls these very functions; rtl/nmx_neuron.sv mirrors them.
#pragma once

#include <cstdint>

#include "fixed/fixed_point.hpp"
#include "net/network.hpp"

namespace nmx::neuron_fixed {

struct Params {
  int32_t du = 0, dv = 0;  // 12-bit decay fractions, [0, 4096]
  int32_t theta = 1;       // 24-bit, > 0
  int32_t bias = 0;        // 24-bit signed
  uint8_t refrac = 0;      // 4-bit, [0, 15]
  ResetMode reset = ResetMode::Zero;
  SpikeMode spike = SpikeMode::Deterministic;
};

struct State {
  int32_t u = 0, v = 0;  // 24-bit signed, saturating
  uint8_t ref = 0;       // 4-bit refractory counter
  uint16_t lfsr = 1;     // 16-bit Galois LFSR, never zero
};

// Stochastic firing table of a population: 256 x 16-bit probabilities.
struct Sigmoid {
  const uint16_t* lut = nullptr;
  int shift = 0;
};

// u integrates the slot's input; v integrates u unless refractory. Returns false while
// refractory (v held at its reset value, no activation this step).
inline bool subthreshold_dynamics(State& s, const Params& p, int32_t a) {
  s.u = fx::sat(int64_t{fx::decay(s.u, p.du)} + a);
  if (s.ref > 0) {
    --s.ref;
    return false;
  }
  s.v = fx::sat(int64_t{fx::decay(s.v, p.dv)} + s.u + p.bias);
  return true;
}

inline bool activation(State& s, const Params& p, const Sigmoid& sig) {
  if (p.spike == SpikeMode::Deterministic) return s.v >= p.theta;
  s.lfsr = fx::lfsr_next(s.lfsr);
  return fx::stochastic_fires(s.lfsr, sig.lut[fx::sigmoid_index(s.v, sig.shift)]);
}

// Stochastic neurons do not reset (§2).
inline void reset(State& s, const Params& p) {
  if (p.spike == SpikeMode::Stochastic) return;
  s.v = p.reset == ResetMode::Zero ? 0 : s.v - p.theta;
  s.ref = p.refrac;
}

// One timestep of one neuron with dendritic input a and clamp `clamp` (fx::kClamp*; a
// refractory neuron stays silent). Returns true on a spike.
inline bool step(State& s, const Params& p, const Sigmoid& sig, int32_t a, uint8_t clamp = fx::kClampFree) {
  if (!subthreshold_dynamics(s, p, a)) return false;
  const bool spike = fx::clamped(activation(s, p, sig), clamp);
  if (spike) reset(s, p);
  return spike;
}

}  // namespace nmx::neuron_fixed
