// Learning rules in common use, each written as rule text + trace parameters and compiled
// through compile_rule like any other rule (docs/plasticity.md, "Presets"). Amplitudes
// are in weight-code units per spike pair at zero lag; time constants in steps.
#pragma once

#include <string>
#include <vector>

#include "plastic/rule_params.hpp"

namespace nmx::plastic {

struct RuleSpec {
  std::string rule;
  RuleParams params;
};

// Pair STDP: on a post spike w += A+ * x1, on a pre event w -= A- * y1, with x1 and y1
// decaying with tau+ and tau-. A group on its own (heterogeneous STDP: each plastic
// projection its own A+, A-, tau+, tau-, as the traces are per group).
struct StdpParams {
  double a_plus = 1, a_minus = 1;       // codes, 2^-17 .. 4095
  double tau_plus = 20, tau_minus = 20; // steps, or infinity
};
RuleSpec stdp(const StdpParams& p);

// Three-factor learning: e accumulates the pair-STDP term of `stdp`; at every epoch
// w += eta * l * e and e is reset (de = -e).
struct ThreeFactorParams {
  StdpParams stdp;
  double eta = 1.0 / 256;  // (0, 32767], codes per unit of l * e
  uint32_t epoch = 100;    // [1, 65535] steps
};
RuleSpec three_factor(const ThreeFactorParams& p);

// ODIN's spike-driven synaptic plasticity. At a pre event, with calcium c = y1 (the post
// neuron's spike trace): w += 1 if v >= theta_m and theta_1 <= c < theta_up; w -= 1 if
// v < theta_m and theta_1 <= c < theta_up (ODIN's theta_2 and theta_3 are one threshold,
// as its two windows with both would need 5 terms). Every epoch, bistable drift:
// w += 1 if w >= theta_w, else w -= 1.
struct SdspParams {
  int v_threshold = 64;   // theta_m as the test constant: v >= v_threshold * 2^8
  int ca_low = 512;       // theta_1, a y1 value (ca_amp per post spike, decaying)
  int ca_high = 3072;     // theta_up, > ca_low
  int32_t ca_amp = 1024;  // y1 increment per post spike, [1, 65535]
  double ca_tau = 20;     // steps
  int w_threshold = 0;    // theta_w (a weight code)
  uint32_t epoch = 100;   // drift period, [1, 65535] steps
};
RuleSpec sdsp(const SdspParams& p);

// "stdp", "three-factor", "sdsp".
std::vector<std::string> preset_names();

// 2^-s * amp with amp a whole number in [1, kTraceAmpMax / 16], the largest s <= 16:
// how `a` (codes) is written as a trace amplitude with headroom for 16 spikes.
struct ScaledAmp {
  int shift;
  int32_t amp;
};
ScaledAmp scaled_amp(double a, const std::string& where, const std::string& field);

}  // namespace nmx::plastic
