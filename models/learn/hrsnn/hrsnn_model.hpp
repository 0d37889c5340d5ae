// A heterogeneous recurrent spiking reservoir (docs/hrsnn.md): an excitatory and an
// inhibitory population of LIF neurons, sparse E/I recurrent projections, an input
// population that codes a scalar u(t) in [-1, 1] as a signed thermometer (level i of the
// positive half fires iff u > i / L, of the negative half iff u < -i / L), so the drive of
// every neuron is proportional to u without sampling noise.
// Heterogeneous neurons: membrane time constants drawn per neuron from Gamma(shape, scale);
// homogeneous: every neuron at the distribution's mean, shape * scale. The four recurrent
// projections (EE, EI, IE, II) are the plasticity unit's synapse groups and learn by pair
// STDP: with heterogeneous STDP each its own A+, A-, tau+, tau- drawn from the ranges,
// otherwise all at the ranges' centres.
#pragma once

#include <cstdint>
#include <string>

#include "hw/hw_config.hpp"
#include "net/network.hpp"

namespace nmx::hrsnn {

struct ReservoirOptions {
  uint32_t neurons = 1000;      // E + I, [8, 100000]
  double exc_fraction = 0.8;    // share of excitatory neurons, (0, 1)
  double connectivity = 0.1;    // recurrent connection probability, (0, 1]
  uint32_t input_levels = 8;    // L: 2L input neurons, [1, 128]
  double input_scale = 10.0;     // membrane held by a constant |u| = 1, in thresholds (each neuron a random share and sign), (0, 100]
  double rec_gain = 1.0;        // excitatory weight theta * gain * du / sqrt(E fan-in), [0, 100]
  double inh_gain = 1.5;        // inhibition over excitation at equal rates (I weight = gain * E weight * E / I), [0, 100]
  bool hetero_neurons = true;   // tau_m ~ Gamma(shape, scale); else all shape * scale
  double gamma_shape = 3.0;     // (0, 100]
  double gamma_scale = 4.0;     // steps, (0, 1000]
  double bias = 0.9;            // resting membrane in thresholds (bias = bias * dv per neuron), [0, 2]
  double tau_syn = 2.0;         // synaptic current time constant, steps, [0.1, 1000]
  uint32_t refrac = 1;          // steps, [0, 15]
  uint32_t max_delay = 0;       // recurrent delays uniform in [0, max_delay], [0, 63]
  bool plastic = true;          // recurrent projections learn (pair STDP on the chip's unit)
  bool hetero_stdp = true;      // per-group STDP parameters drawn from the ranges below
  double a_plus = 0.5;          // centre of A+ (weight codes per pair), [2^-12, 64]
  double a_ratio = 1.05;        // A- = a_ratio * A+ at the centre, (0, 10]
  double tau_stdp = 10;         // centre of tau+ and tau-, steps, [1, 1000]
  double stdp_spread = 0.5;     // heterogeneous STDP: each parameter uniform in centre * [1 - s, 1 + s], [0, 0.95]
  bool stdp_balance = false;    // each group's A- raised to at least a_ratio * A+ * tau+ / tau- (depression wins)
  int weight_bits = 8;          // WB of every projection, {2, 4, 8}
  uint64_t seed = 1;
};

// Throws InputError naming the option ("--gamma-shape = -1 is out of range (allowed: ...)")
// for a value outside the ranges above. `where` starts each message.
void check_options(const ReservoirOptions& o, const std::string& where);

// The chip a reservoir runs on: 256 neurons per core, axons the power of two >= 2L + N (at
// least 1,024), D the power of two above max_delay, WB as asked, the plasticity unit on, and
// the smallest square mesh that holds the populations.
HwConfig reservoir_hw(const ReservoirOptions& o);

struct ReservoirReport {
  uint32_t excitatory = 0, inhibitory = 0, inputs = 0;
  double tau_mean = 0, tau_min = 0, tau_max = 0;  // membrane time constants as drawn (steps)
  uint32_t tau_clamped = 0;                        // drawn outside [0.5, 10000] steps and clamped
  std::string groups;                              // the four groups' STDP parameters, for people
  size_t synapses = 0;
};

// The float reservoir, quantised and mapped for `hw` (quantize_for_chip), with its four
// recurrent projections plastic when o.plastic. Population 0 is the input, 1 E, 2 I.
// A reservoir that does not fit `hw` is an InputError naming the limit.
Network build_reservoir(const ReservoirOptions& o, const HwConfig& hw, ReservoirReport* report = nullptr);

// The names of the recurrent projections, in order: "EE", "EI", "IE", "II".
extern const char* const kRecurrentNames[4];

}  // namespace nmx::hrsnn
