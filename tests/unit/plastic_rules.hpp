// Plasticity microcode written by hand for tests (independent of the rule compiler), and
// the small networks the plasticity tests run.
#pragma once

#include <initializer_list>
#include <vector>

#include "bench/paired_timing.hpp"
#include "gen/generate.hpp"
#include "hw/hw_config.hpp"
#include "map/chip_image.hpp"
#include "net/network.hpp"
#include "plastic/microcode.hpp"
#include "plastic/rule_compile.hpp"
#include "quant/quantize.hpp"
#include "test_networks.hpp"

namespace nmx::test {

inline plastic::Factor factor(plastic::Source s, int16_t c = 0, bool test = false) { return {s, test, c}; }
inline plastic::Factor constant(int16_t c) { return {plastic::Source::Zero, false, c}; }

inline plastic::Term term(bool negative, int shift, std::initializer_list<plastic::Factor> f, bool needs_pre = false) {
  plastic::Term t;
  t.negative = negative;
  t.shift = static_cast<uint8_t>(shift);
  t.needs_pre = needs_pre;
  for (const plastic::Factor& x : f) t.factor[t.factors++] = x;
  return t;
}

inline void add_term(plastic::GroupMicrocode& g, plastic::Event ev, plastic::Target z, const plastic::Term& t) {
  plastic::Program& p = g.program[static_cast<int>(ev)][static_cast<int>(z)];
  p.term[p.terms++] = t;
}

// Pair STDP: dw = 2^-sp * x1 * post - 2^-sm * y1 * pre.
inline plastic::GroupMicrocode pair_stdp(int sp, int sm, plastic::TraceParams x1, plastic::TraceParams y1,
                                         plastic::Rounding r = plastic::Rounding::Nearest) {
  using plastic::Event, plastic::Source, plastic::Target;
  plastic::GroupMicrocode g;
  g.x1 = x1;
  g.y1 = y1;
  g.rounding = r;
  add_term(g, Event::Post, Target::W, term(false, sp, {factor(Source::X1)}));
  add_term(g, Event::Pre, Target::W, term(true, sm, {factor(Source::Y1)}));
  return g;
}

// The rule text is the microcode written back, compiled again as validate() does (the
// compiler folds constant factors, so the stored programs may be shorter than g's).
inline void make_plastic(Projection& pr, const plastic::GroupMicrocode& g) {
  const std::string text = plastic::rule_text_of(g);
  pr.plasticity = ProjectionPlasticity{text, plastic::compile_rule(text, plastic::params_of(g), "test microcode")};
}

inline HwConfig plastic_hw(uint32_t neurons = 256, uint32_t axons = 1024) {
  HwConfig hw = default_hw_config();
  hw.core.plasticity = true;
  hw.core.weight_bits = 8;
  hw.core.neurons = neurons;
  hw.core.axons = axons;
  return hw;
}

// A dense projection with explicit codes (pre-major), WB-bit, delay 0, scale mant 2^exp.
inline Projection coded_projection(uint32_t pre, uint32_t post, std::vector<int8_t> codes, int wb, fx::Scale scale = {1, 0},
                                   uint8_t delay = 0) {
  Projection pr;
  pr.name = "p" + std::to_string(pre) + "_" + std::to_string(post);
  pr.pre = pre;
  pr.post = post;
  pr.weight_bits = wb;
  pr.scale = scale;
  for (const int8_t c : codes) {
    pr.code.push_back(c);
    pr.weight.push_back(c * double(scale.mant) * double(1 << scale.exp));
    pr.delay.push_back(delay);
  }
  return pr;
}

// input(inputs) -> out(outs), one dense plastic projection; out neurons see only this
// step's input (du = dv = 4096) and fire at `theta`.
inline Network plastic_pair_network(uint32_t inputs, uint32_t outs, std::vector<int8_t> codes, int wb,
                                    const plastic::GroupMicrocode& g, int32_t theta) {
  Network net;
  net.name = "plastic-pair";
  net.populations.push_back(input_population(inputs));
  net.populations.push_back(uniform_population("out", outs, 4096, 4096, theta));
  net.projections.push_back(coded_projection(0, 1, std::move(codes), wb));
  make_plastic(net.projections[0], g);
  net.readout = {ReadoutKind::SpikeCount, 1};
  validate(net, "test");
  return net;
}

// plastic_pair_network with stochastic out neurons, biases `bias` (one per out neuron, in
// LSBs: the membrane after a step), lsb 2^-8 and the sigmoid table of shift 4 (bins of
// 1/16 membrane units): for rules reading p.
inline Network stochastic_pair_network(uint32_t inputs, const std::vector<int32_t>& bias, const plastic::GroupMicrocode& g) {
  const auto outs = static_cast<uint32_t>(bias.size());
  Network net = plastic_pair_network(inputs, outs, std::vector<int8_t>(size_t{inputs} * outs, 0), 8, g, 50);
  Population& out = net.populations[1];
  out.spike.assign(outs, SpikeMode::Stochastic);
  out.lsb = 1.0 / 256;
  out.fixed.bias = bias;
  out.real.bias.clear();
  for (const int32_t b : bias) out.real.bias.push_back(b * out.lsb);
  out.sigmoid_shift = 4;
  out.sigmoid_lut = make_sigmoid_lut(out.lsb, out.sigmoid_shift);
  validate(net, "test");
  return net;
}

// A quantised generated network: input(in) -> hidden(n) with a sparse recurrent projection
// hidden -> hidden of density `density`, both WB-bit. Poisson input.
inline Network recurrent_network(uint32_t in, uint32_t n, double density, int wb, uint64_t seed = 3,
                                 double gain = 2.0) {
  GenerateOptions g;
  g.layers = {in, n};
  g.connectivity = 0.5;
  g.recurrent_connectivity = density;
  g.ternary = wb == 2;
  g.max_delay = 3;
  g.weight_gain = gain;
  g.seed = seed;
  g.encoder.kind = EncoderKind::Poisson;
  g.encoder.steps = 50;
  QuantizeOptions q;
  q.weight_bits = wb;
  return quantize(generate_network(g), q);
}

// Input spikes: each of `inputs` fires with probability `rate` every step.
inline std::vector<std::vector<uint32_t>> random_raster(uint32_t inputs, uint32_t steps, double rate, uint64_t seed) {
  return random_input_steps(inputs, rate, seed, steps);
}

}  // namespace nmx::test
