// The GEM-on-chip test network: inputs -> hidden -> visible, every neuron stochastic with
// no refractory period (a clamped visible neuron spikes every step), 8-bit weights, both
// projections learning GEM's eligibility rule with the factor p (docs/gem.md): the same
// network `nmx generate --stochastic 1` and `nmx plasticity set` build on the command line.
#pragma once

#include <algorithm>

#include "gen/generate.hpp"
#include "net/network.hpp"
#include "net/plasticity_edit.hpp"
#include "plastic/rule_params.hpp"
#include "quant/quantize.hpp"

namespace nmx::test {

inline constexpr const char* kGemChipRule = "de = x1*post - 2^-16*p*x1 - 2^-3*e; dw = 2^-16*e*l";
inline constexpr const char* kGemChipParams = R"({"x1": {"tau": 4, "amp": 256}, "epoch": 1})";

inline Network gem_chip_base(uint32_t inputs, uint32_t hidden, uint32_t visible, uint64_t seed) {
  GenerateOptions g;
  g.layers = {inputs, hidden, visible};
  g.ternary = false;
  g.weight_gain = 1.0;
  g.max_delay = 1;
  g.refrac = 0;
  g.stochastic_fraction = 1.0;
  g.seed = seed;
  QuantizeOptions q;
  q.weight_bits = 8;
  Network gen = generate_network(g);
  // GLM neurons: v = u each step (no membrane memory), u a one-step-ish synaptic kernel.
  for (Population& p : gen.populations)
    if (!p.is_input()) std::fill(p.real.dv.begin(), p.real.dv.end(), 1.0), std::fill(p.real.du.begin(), p.real.du.end(), 0.5);
  Network net = quantize(gen, q);
  const plastic::RuleParams params = plastic::parse_rule_params(kGemChipParams, "test");
  for (const Projection& pr : Network(net).projections) set_plasticity(net, pr.name, kGemChipRule, params, "test");
  return net;
}

}  // namespace nmx::test
