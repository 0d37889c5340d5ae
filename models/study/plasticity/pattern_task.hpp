// Unsupervised STDP finds a repeating spike pattern hidden in Poisson noise (after
// Masquelier, Guyonneau and Thorpe 2008), on the chip at L1 (docs/plasticity.md, "Worked
// example").
//
// Input (pattern_input, seeded, deterministic): `afferents` inputs, each spiking with
// probability `rate` per step (Poisson noise). Time is cut into segments of `pattern_steps`
// steps; a segment is a copy of the pattern with probability `pattern_fraction` (never two
// copies in a row, never the first segment). The pattern is one frozen draw of the same
// noise for the first `pattern_afferents` inputs: during a copy they replay it, the others
// keep firing at random. So the pattern afferents' rate is the same inside and outside
// copies: only the spike timing repeats.
//
// Network (pattern_network): those inputs onto one LIF neuron (u = this step's input,
// v leaks with tau_m, refractory period), 8-bit weights starting at `w_init`, learning
// with additive pair STDP whose depression stops below code `floor` (weights stay >= 0
// up to one pair's depression):
//   dw = 2^-s*x1*post - 2^-s*y1*[w >= floor]*pre
// A− · tau− > A+ · tau+, so afferents uncorrelated with the neuron's spikes depress.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/network.hpp"
#include "plastic/rule_params.hpp"

namespace nmx::plastic_study {

struct PatternOptions {
  uint32_t afferents = 200, pattern_afferents = 100;
  uint32_t pattern_steps = 50;
  double rate = 0.025;            // spike probability per afferent per step
  double pattern_fraction = 0.25;
  uint32_t segments = 1000;       // run length: segments * pattern_steps steps
  uint64_t seed = 3;
  // The neuron and the rule.
  int32_t theta = 1200;           // membrane units (= weight codes)
  double tau_m = 5;              // steps
  uint8_t refrac = 5;
  int8_t w_init = 64;
  double a_plus = 4, a_minus = 2.6;      // codes per pair at zero lag
  double tau_plus = 17, tau_minus = 34;  // steps
  int floor = 4;                         // depression needs w >= floor
};

struct PatternInput {
  std::vector<std::vector<uint32_t>> raster;  // per step, the afferents that spike (ascending)
  std::vector<uint32_t> onsets;               // first step of each pattern copy
};

PatternInput pattern_input(const PatternOptions& opt);

// The rule text and its trace parameters (stochastic rounding).
std::string pattern_rule(const PatternOptions& opt);
plastic::RuleParams pattern_rule_params(const PatternOptions& opt);

// input(afferents) -> post(1), one plastic projection "input_post".
Network pattern_network(const PatternOptions& opt);

// The learning curve, in blocks of `block` pattern copies.
struct PatternBlock {
  uint32_t first_copy = 0, copies = 0;
  double hit_rate = 0;          // copies during which the neuron fired
  double mean_latency = 0;      // first spike − onset, over hits (steps; -1 without hits)
  double false_alarms = 0;      // spikes outside copies per 1,000 steps outside copies
};

struct PatternResult {
  std::vector<PatternBlock> blocks;
  std::vector<uint32_t> post_spikes;   // steps the neuron fired
  double final_hit_rate = 0, final_false_alarms = 0, final_latency = 0;  // the last block
  double mean_pattern_weight = 0, mean_other_weight = 0;  // codes, at the end
  uint64_t steps = 0;
};

// Runs the network at L1 on the input (one sample) and measures the curve.
PatternResult run_pattern_task(const Network& net, const PatternInput& in, const PatternOptions& opt, uint32_t block,
                               const std::string& source);

nlohmann::json to_json(const PatternResult& r, const PatternOptions& opt);

}  // namespace nmx::plastic_study
