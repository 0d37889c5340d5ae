// Continuous-time NIR neurons onto the chip's discrete neuron (docs/chip-spec.md §2), and
// back. The chip, per step t with input x_t (the weighted spikes arriving this step):
//     u_t = (1 - du) u_{t-1} + gain * x_t
//     v_t = (1 - dv) v_{t-1} + u_t + bias,   spike iff v_t >= theta
// gain is folded into the weights of every synapse onto the neuron. The NIR equations
// (time constants in the file's time unit, dt the step in the same unit; a spike is the
// value 1 held over the step it arrives in, so x_t = W s_t is held over step t):
//     CubaLIF  tau_syn I' = -I + w_in x,   tau_mem v' = (v_leak - v) + r I
//     LIF      tau v' = (v_leak - v) + r x
//     IF       v' = r x
// Exact (zero-order hold, the default): alpha = e^(-dt/tau_syn), beta = e^(-dt/tau_mem),
//     du = 1 - alpha, dv = 1 - beta, gain = (1 - alpha)(1 - beta) r w_in, bias = (1 - beta) v_leak
//   (CubaLIF: I is stepped first and held over the step for v; u = (1 - beta) r I).
// Forward Euler: du = dt/tau_syn, dv = dt/tau_mem, gain = (dt/tau_syn)(dt/tau_mem) r w_in,
//     bias = (dt/tau_mem) v_leak; needs dt <= tau.
// LIF: du = 1 (no synaptic memory), gain = dv r; IF: du = 1, dv = 0, gain = dt r, bias = 0.
// The non-spiking neurons are these with a threshold their input cannot reach (silent_theta):
// LI (tau v' = (v_leak - v) + r x) as LIF, Integrator (v' = r x) as IF. Threshold (z = 1
// iff x > threshold, no state) is du = 1, dv = 1 (v_t = x_t: nothing carries over), gain 1,
// theta = threshold: exact at any dt, but the chip fires at x = threshold too (v >= theta).
// An Affine bias b (a constant input) adds gain * b to the bias (not CubaLIF: through a
// synaptic filter a constant is not a constant from t = 0). docs/formats.md, "NIR graphs".
#pragma once

#include <cstdint>
#include <string>

namespace nmx::nir {

enum class Method { Exact, Euler };
const char* to_string(Method m);
Method parse_method(const std::string& name);  // "exact" | "euler"; InputError otherwise

enum class NeuronKind { IF, LIF, CubaLIF, LI, Integrator, Threshold };
const char* to_string(NeuronKind k);

// One neuron's continuous-time parameters (fields not used by the kind are ignored).
struct Continuous {
  NeuronKind kind = NeuronKind::LIF;
  double tau_syn = 0, tau_mem = 0;  // CubaLIF; LIF uses tau_mem as its tau
  double r = 1, v_leak = 0, w_in = 1;
};

// One neuron on the chip: decays, the gain folded into its input weights, the bias.
struct Discrete {
  double du = 1, dv = 0, gain = 1, bias = 0;
};

// The chip neuron for `c` at step dt. Empty string on success, else which field is out of
// range and why (the caller names the file and node).
std::string discretise(const Continuous& c, double dt, Method m, Discrete& out);

// The inverse for export: NIR parameters whose discretisation gives du, dv, gain 1 and
// `bias` (up to rounding). The kind follows du and dv: du = 1, dv = 0 -> IF (the bias then
// needs an Affine bias: returned in `input_bias`); du = dv = 1 -> Threshold (likewise);
// du = 1 -> LIF; else CubaLIF. The caller makes IF and LIF the non-spiking Integrator and
// LI when silent_theta says the threshold is out of reach. Empty string on success, else
// why no NIR neuron has these values.
std::string continuous(double du, double dv, double bias, double dt, Method m, Continuous& out, double& input_bias);

// A neuron with du = 1 starting from rest, input x_t = sum of its weights over the spikes
// arriving (|x_t| <= `abs_weights`, the sum of |w| onto it) and `bias`, stays within
// |v_t| <= B = (|bias| + abs_weights) * sum_{k < steps} (1 - dv)^k for `steps` steps (each
// step is at most a convex combination of |v| and the drive). Import gives LI and Integrator
// the threshold 2 B (1 if B = 0), twice out of reach, so the quantised chip keeps a margin
// for the rounding of weights; export calls a LIF or IF population whose every threshold
// exceeds B an LI or Integrator.
double silent_bound(double dv, double bias, double abs_weights, uint32_t steps);
double silent_theta(double dv, double bias, double abs_weights, uint32_t steps);

}  // namespace nmx::nir
