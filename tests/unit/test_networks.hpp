// Small networks built in code for tests: every parameter explicit.
#pragma once

#include "net/network.hpp"

namespace nmx::test {

// A neuron population with identical parameters in both real and fixed form
// (lsb = 1, so fixed == real numerically).
inline Population uniform_population(const std::string& name, uint32_t size, int32_t du, int32_t dv, int32_t theta,
                                     uint8_t refrac = 0, ResetMode reset = ResetMode::Zero) {
  Population p;
  p.name = name;
  p.size = size;
  for (uint32_t n = 0; n < size; ++n) {
    p.real.du.push_back(du / 4096.0);
    p.real.dv.push_back(dv / 4096.0);
    p.real.theta.push_back(theta);
    p.real.bias.push_back(0);
    p.fixed.du.push_back(du);
    p.fixed.dv.push_back(dv);
    p.fixed.theta.push_back(theta);
    p.fixed.bias.push_back(0);
    p.refrac.push_back(refrac);
    p.reset.push_back(reset);
    p.spike.push_back(SpikeMode::Deterministic);
    p.lfsr_seed.push_back(static_cast<uint16_t>(n + 1));
  }
  return p;
}

inline Population input_population(uint32_t size) {
  Population p;
  p.name = "input";
  p.kind = PopulationKind::Input;
  p.size = size;
  return p;
}

// Dense ternary projection with one code and per-post delays delay_of(j); scale mant 2^exp.
template <typename DelayFn>
Projection dense_projection(uint32_t pre, uint32_t post, uint32_t pre_size, uint32_t post_size, int8_t code,
                            fx::Scale scale, DelayFn delay_of) {
  Projection pr;
  pr.name = "p" + std::to_string(pre) + "_" + std::to_string(post);
  pr.pre = pre;
  pr.post = post;
  pr.weight_bits = 2;
  pr.scale = scale;
  for (uint32_t i = 0; i < pre_size; ++i) {
    for (uint32_t j = 0; j < post_size; ++j) {
      pr.code.push_back(code);
      pr.weight.push_back(code * double(scale.mant) * double(1 << scale.exp));
      pr.delay.push_back(static_cast<uint8_t>(delay_of(j)));
    }
  }
  return pr;
}

// input(1) -> relay(1, fires on any input, delay 0) -> probe(D neurons, probe j has delay j).
// Probes have du = 4096 (u = this step's input) and a threshold never reached.
inline Network delay_network(uint32_t d_slots) {
  Network net;
  net.name = "delay-rule";
  net.populations.push_back(input_population(1));
  net.populations.push_back(uniform_population("relay", 1, 4096, 4096, 1));
  net.populations.push_back(uniform_population("probe", d_slots, 4096, 0, fx::kStateMax));
  net.projections.push_back(dense_projection(0, 1, 1, 1, 1, {1, 0}, [](uint32_t) { return 0; }));
  net.projections.push_back(dense_projection(1, 2, 1, d_slots, 1, {1, 0}, [](uint32_t j) { return j; }));
  net.readout = {ReadoutKind::MaxMembrane, 2};
  validate(net, "test");
  return net;
}

}  // namespace nmx::test
