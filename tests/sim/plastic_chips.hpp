// Learning networks for the plasticity lockstep tests: a generated recurrent network whose
// input and recurrent projections learn with pair STDP, a three-factor rule with epochs,
// or SDSP. The microcode is written out here term by term (docs/plasticity.md), so the
// tests do not depend on the rule parser.
#pragma once

#include <random>

#include "gen/generate.hpp"
#include "l2_harness.hpp"
#include "map/chip_image.hpp"
#include "net/network.hpp"
#include "plastic/microcode.hpp"

namespace nmx::test {

using plastic::Event;
using plastic::Factor;
using plastic::GroupMicrocode;
using plastic::Source;
using plastic::Target;
using plastic::Term;

inline Term term(bool negative, uint8_t shift, std::initializer_list<Factor> factors, bool needs_pre = false) {
  Term t;
  t.negative = negative;
  t.shift = shift;
  t.needs_pre = needs_pre;
  for (const Factor& f : factors) t.factor[t.factors++] = f;
  return t;
}
inline Factor val(Source s, int16_t c = 0) { return {s, false, c}; }
inline Factor test_ge(Source s, int16_t c) { return {s, true, c}; }
inline void add(GroupMicrocode& g, Event ev, Target tg, const Term& t) {
  plastic::Program& p = g.program[static_cast<size_t>(ev)][static_cast<size_t>(tg)];
  p.term[p.terms++] = t;
}

// dw = 2^-12 * x1 * post - 2^-13 * y1 * pre  (stochastic rounding)
inline GroupMicrocode pair_stdp() {
  GroupMicrocode g;
  g.x1 = {600, 12000};
  g.y1 = {700, 11000};
  add(g, Event::Post, Target::W, term(false, 12, {val(Source::X1)}));
  add(g, Event::Pre, Target::W, term(true, 13, {val(Source::Y1)}));
  return g;
}

// de = 2^-6 * x1 * post - 2^-8 * y2 * pre; at the epoch (every 5 steps):
// dw = 2^-14 * e * (l + 3), de = -2^-2 * e; nearest rounding. x2 traces too.
inline GroupMicrocode three_factor() {
  GroupMicrocode g;
  g.x1 = {400, 9000};
  g.x2 = {100, 3000};
  g.y2 = {900, 7000};
  g.rounding = plastic::Rounding::Nearest;
  g.epoch = 5;
  add(g, Event::Post, Target::E, term(false, 6, {val(Source::X1)}));
  add(g, Event::Post, Target::E, term(false, 9, {val(Source::X2), val(Source::W, 2)}, true));
  add(g, Event::Pre, Target::E, term(true, 8, {val(Source::Y2)}));
  add(g, Event::Epoch, Target::W, term(false, 14, {val(Source::E), val(Source::L, 3)}));
  add(g, Event::Epoch, Target::E, term(true, 2, {val(Source::E)}));
  return g;
}

// SDSP: at a pre event dw = 2 [v >= 2^8 * c] - 1 when the post trace is high enough,
// dd = 2^-15 * y1 (delays learn too); at the epoch, the bistable drift
// dw = 2^-1 ([w >= 0] * 2 - 1).
inline GroupMicrocode sdsp(int16_t v_threshold) {
  GroupMicrocode g;
  g.y1 = {300, 20000};
  g.epoch = 3;
  add(g, Event::Pre, Target::W, term(false, 0, {test_ge(Source::V, v_threshold), val(Source::Zero, 2), test_ge(Source::Y1, 1000)}));
  add(g, Event::Pre, Target::W, term(true, 0, {test_ge(Source::Y1, 1000)}));
  add(g, Event::Pre, Target::D, term(false, 15, {val(Source::Y1)}));
  add(g, Event::Epoch, Target::W, term(false, 1, {test_ge(Source::W, 0), val(Source::Zero, 2)}));
  add(g, Event::Epoch, Target::W, term(true, 1, {}));
  return g;
}

// GEM's eligibility (docs/gem.md), every step (epoch 1): de = x1 * post - 2^-16 * p * x1
// - 2^-3 * e, so e follows (post - p) * x1 with decay 7/8; dw = 2^-16 * e * l, the learning
// signal l written by the host (stochastic rounding). Needs stochastic post neurons.
inline GroupMicrocode gem_eligibility() {
  GroupMicrocode g;
  g.x1 = {1500, 4096};
  g.epoch = 1;
  add(g, Event::Post, Target::E, term(false, 0, {val(Source::X1)}));
  add(g, Event::Epoch, Target::E, term(true, 16, {val(Source::P), val(Source::X1)}));
  add(g, Event::Epoch, Target::E, term(true, 3, {val(Source::E)}));
  add(g, Event::Epoch, Target::W, term(false, 16, {val(Source::E), val(Source::L)}));
  return g;
}

// The teacher of the first 4 hidden neurons in the GEM tests (GEM clamps its visible
// neurons to their targets): spike in step t when (t + n) mod 3 = 0, else silent; the
// others free.
inline uint8_t gem_teacher(uint32_t t, uint32_t n) {
  if (n >= 4) return fx::kClampFree;
  return (t + n) % 3 == 0 ? fx::kClampSpike : fx::kClampSilent;
}

// input(inputs) -> hidden(hidden, recurrent) -> out(8), 8-bit weights on `neurons`-neuron
// cores; the input and the recurrent projection learn with `rule`. `stochastic`: the
// fraction of stochastic neurons (their sigmoid table is then every core's).
inline ChipImage plastic_recurrent_chip(const GroupMicrocode& rule, uint32_t inputs, uint32_t hidden, uint32_t neurons,
                                        uint64_t seed, double stochastic = 0.0) {
  GenerateOptions g;
  g.layers = {inputs, hidden, 8};
  g.ternary = false;
  g.connectivity = 0.5;
  g.weight_gain = 2.0;
  g.max_delay = 3;
  g.seed = seed;
  g.stochastic_fraction = stochastic;
  QuantizeOptions q;
  q.weight_bits = 8;
  Network net = generated(g, q);
  // The recurrent projection: hidden x hidden, a quarter of the pairs, CSR.
  Projection rec;
  rec.name = "recurrent";
  rec.pre = rec.post = 1;
  rec.layout = Layout::Sparse;
  rec.weight_bits = 8;
  rec.scale = net.projections[0].scale;
  std::mt19937_64 rng(seed * 7 + 1);
  rec.row_ptr.push_back(0);
  for (uint32_t i = 0; i < hidden; ++i) {
    for (uint32_t j = 0; j < hidden; ++j) {
      if (i == j || rng() % 4 != 0) continue;
      const auto code = static_cast<int8_t>(static_cast<int>(rng() % 61) - 30);
      rec.post_index.push_back(j);
      rec.code.push_back(code);
      rec.weight.push_back(code * double(rec.scale.mant) * double(1 << rec.scale.exp));
      rec.delay.push_back(static_cast<uint8_t>(rng() % 4));
    }
    rec.row_ptr.push_back(static_cast<uint32_t>(rec.post_index.size()));
  }
  net.projections.push_back(rec);
  net.projections[0].plasticity = ProjectionPlasticity{"(microcode)", rule};
  net.projections.back().plasticity = ProjectionPlasticity{"(microcode)", rule};
  HwConfig hw = default_hw_config();
  hw.core.neurons = neurons;
  hw.core.weight_bits = 8;
  hw.core.plasticity = true;
  hw.mesh_x = hw.mesh_y = 2;
  return build_chip_image(net, hw, "test");
}

}  // namespace nmx::test
