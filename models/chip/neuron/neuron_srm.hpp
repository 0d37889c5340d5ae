// SRM-alpha neuron (L0 only): the spike response model of docs/delay.md, with the same
// structure and method names as neuron_float.hpp (subthreshold dynamics, activation,
// reset), so the two read side by side. The kernel sums of srm_kernel.hpp are computed by
// their exact two-stage recursions (an alpha kernel n q^n is two cascaded first-order
// filters), so the model runs in O(1) per step over any number of steps, with no
// truncated history; tests hold it against the direct sums.
#pragma once

#include <cmath>

#include "neuron/srm_kernel.hpp"
#include "net/network.hpp"

namespace nmx::neuron_srm {

struct Params {
  double theta = 1;        // > 0
  double q = 0, q_ref = 0;  // e^(-1/tau), e^(-1/tau_ref)
  double psp_gain = 0;     // e / tau: eps(n) = psp_gain n q^n
  double ref_gain = 0;     // alpha: ref_scale theta e / tau_ref; exponential: ref_scale theta
  RefractoryKernel ref_kernel = RefractoryKernel::Alpha;

  static Params of(const SrmParams& s, double theta) {
    Params p;
    p.theta = theta;
    p.q = std::exp(-1.0 / s.tau), p.q_ref = std::exp(-1.0 / s.tau_ref);
    p.psp_gain = std::exp(1.0) / s.tau;
    p.ref_kernel = s.ref_kernel;
    p.ref_gain = s.ref_scale * theta * (s.ref_kernel == RefractoryKernel::Alpha ? std::exp(1.0) / s.tau_ref : 1.0);
    return p;
  }
};

struct State {
  double x1 = 0, x2 = 0;  // input filter stages: x2(t) = sum_k n q^n a(t - n)
  double r1 = 0, r2 = 0;  // refractory stages, driven by the neuron's own spikes
  double u = 0;           // membrane
};

// Advances the kernels one step with this step's input a and forms the membrane.
inline void subthreshold_dynamics(State& s, const Params& p, double a) {
  s.x2 = p.q * (s.x2 + s.x1);  // n q^n: the second stage sees the first one step late
  s.x1 = p.q * s.x1 + a;
  s.r2 = p.q_ref * (s.r2 + s.r1);
  s.r1 = p.q_ref * s.r1;
  const double ref = p.ref_kernel == RefractoryKernel::Alpha ? s.r2 : s.r1;
  s.u = p.psp_gain * s.x2 - p.ref_gain * ref;
}

inline bool activation(const State& s, const Params& p) { return s.u >= p.theta; }

// No reset of u: the spike enters the refractory kernel, felt from the next step on.
inline void reset(State& s, const Params&) { s.r1 += 1.0; }

// clamp: fx::kClamp*, as neuron_fixed::step.
inline bool step(State& s, const Params& p, double a, uint8_t clamp = fx::kClampFree) {
  subthreshold_dynamics(s, p, a);
  const bool spike = fx::clamped(activation(s, p), clamp);
  if (spike) reset(s, p);
  return spike;
}

}  // namespace nmx::neuron_srm
