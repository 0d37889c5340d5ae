// Double-precision LIF neuron (L0): the network's own discrete equations, no quantisation.
// Same structure and method names as neuron/neuron_fixed.hpp.
#pragma once

#include <cmath>
#include <cstdint>

#include "fixed/fixed_point.hpp"
#include "net/network.hpp"

namespace nmx::neuron_float {

struct Params {
  double du = 0, dv = 0;  // decay fractions, [0, 1]
  double theta = 1;       // > 0
  double bias = 0;
  uint8_t refrac = 0;     // [0, 15] steps
  ResetMode reset = ResetMode::Zero;
  SpikeMode spike = SpikeMode::Deterministic;
};

struct State {
  double u = 0, v = 0;
  uint8_t ref = 0;
  uint16_t lfsr = 1;  // the chip's LFSR stream, consumed as lfsr / 2^16 (§4)
};

inline bool subthreshold_dynamics(State& s, const Params& p, double a) {
  s.u = s.u - s.u * p.du + a;
  if (s.ref > 0) {
    --s.ref;
    return false;
  }
  s.v = s.v - s.v * p.dv + s.u + p.bias;
  return true;
}

inline double sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

inline bool activation(State& s, const Params& p) {
  if (p.spike == SpikeMode::Deterministic) return s.v >= p.theta;
  s.lfsr = fx::lfsr_next(s.lfsr);
  return s.lfsr / fx::kProbabilityOne < sigmoid(s.v);
}

inline void reset(State& s, const Params& p) {
  if (p.spike == SpikeMode::Stochastic) return;
  s.v = p.reset == ResetMode::Zero ? 0.0 : s.v - p.theta;
  s.ref = p.refrac;
}

// clamp: fx::kClamp*, as neuron_fixed::step.
inline bool step(State& s, const Params& p, double a, uint8_t clamp = fx::kClampFree) {
  if (!subthreshold_dynamics(s, p, a)) return false;
  const bool spike = fx::clamped(activation(s, p), clamp);
  if (spike) reset(s, p);
  return spike;
}

}  // namespace nmx::neuron_float
