// L1 plasticity unit (models/chip/plastic/plasticity_l1): the order of docs/plasticity.md,
// rounding, saturation, groups, epochs and the column table, on hand-computed values and
// on generated recurrent networks.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <random>

#include "l1/chip_l1.hpp"
#include "plastic_rules.hpp"

using namespace nmx;
using namespace nmx::test;
using plastic::Event, plastic::Source, plastic::Target, plastic::Rounding;

namespace {

// Every synapse code of every plastic row: (core, axon, position) in order.
std::vector<int32_t> plastic_codes(const ChipL1& chip) {
  std::vector<int32_t> codes;
  for (uint32_t c = 0; c < chip.image().cores.size(); ++c) {
    const plastic::PlasticityL1* p = chip.plasticity(c);
    if (!p) continue;
    for (const uint32_t a : p->plastic_axons())
      for (uint32_t k = 0; k < chip.image().cores[c].axons[a].length; ++k) codes.push_back(p->code(a, k));
  }
  return codes;
}

// Every spike as core << 16 | neuron, steps separated by ~0u.
std::vector<uint32_t> run(ChipL1& chip, const std::vector<std::vector<uint32_t>>& raster) {
  std::vector<uint32_t> all;
  for (const auto& in : raster) {
    std::vector<CoreSpike> out;
    chip.step(in, out);
    for (const CoreSpike& s : out) all.push_back(uint32_t{s.core} << 16 | s.neuron);
    all.push_back(~0u);
  }
  return all;
}

// Makes every projection of a generated network plastic with `g`.
Network with_rule(Network net, const plastic::GroupMicrocode& g) {
  for (Projection& pr : net.projections) make_plastic(pr, g);
  return net;
}

}  // namespace

TEST_CASE("plasticity L1: two-input pair STDP matches hand-computed traces and codes", "[plasticity]") {
  // input 0 (code 0) is the pre synapse, input 1 (code 100) the teacher that makes the
  // out neuron fire (theta 50, v = this step's input).
  const auto g = pair_stdp(4, 3, {1024, 1000}, {2048, 2000});
  const Network net = plastic_pair_network(2, 1, {0, 100}, 8, g, 50);
  const ChipImage img = build_chip_image(net, plastic_hw(), "test");
  ChipL1 chip(img);
  const plastic::PlasticityL1& p = *chip.plasticity(0);
  std::vector<CoreSpike> out;
  const std::vector<std::vector<uint32_t>> raster = {{}, {}, {0}, {}, {}, {1}, {}, {0}};
  std::vector<int32_t> x0, y, w0, w1;
  for (const auto& in : raster) {
    out.clear();
    chip.step(in, out);
    x0.push_back(p.x1(0));
    y.push_back(p.y1(0, 0));
    w0.push_back(p.code(0, 0));
    w1.push_back(p.code(1, 0));
  }
  // x of axon 0: +1000 at step 2, then x - round(x / 4): 750, 562, 421.
  CHECK(x0 == std::vector<int32_t>{0, 0, 1000, 750, 562, 421, 316, 1237});
  // y: +2000 at the post spike of step 5 (after the events), then halved.
  CHECK(y == std::vector<int32_t>{0, 0, 0, 0, 0, 2000, 1000, 500});
  // Step 5: potentiation round(421 / 16) = 26 on w0; w1 has its pre event and the post
  // spike in the same step: potentiation only (round-half-up 1000 / 16 = 62.5 -> 63,
  // saturating at 127), its depression saw y = 0. Step 7: w0 -= round(500 / 8) = -62
  // (-62.5 rounds half up).
  CHECK(w0 == std::vector<int32_t>{0, 0, 0, 0, 0, 26, 26, -36});
  CHECK(w1 == std::vector<int32_t>{100, 100, 100, 100, 100, 127, 127, 127});
  CHECK(out.empty());  // step 7: w0 was 26 at the synaptic phase, below theta
}

TEST_CASE("plasticity L1: a weight changed in step t is used from step t + 1", "[plasticity]") {
  // Potentiation by a constant 60 at every post spike: out fires at step 0 on the teacher;
  // at step 1 input 0 alone (code 0 -> 60) reaches theta 50.
  plastic::GroupMicrocode g;
  g.rounding = Rounding::Nearest;
  add_term(g, Event::Post, Target::W, term(false, 0, {constant(60)}));
  const Network net = plastic_pair_network(2, 1, {0, 100}, 8, g, 50);
  const ChipImage img = build_chip_image(net, plastic_hw(), "test");
  ChipL1 chip(img);
  std::vector<CoreSpike> out;
  chip.step({1}, out);
  REQUIRE(out.size() == 1);
  CHECK(chip.plasticity(0)->code(0, 0) == 60);
  out.clear();
  chip.step({0}, out);
  CHECK(out.size() == 1);
}

TEST_CASE("plasticity L1: potentiation only never lowers a weight, depression only never raises one", "[plasticity]") {
  const Network base = recurrent_network(64, 96, 0.2, 8);
  const auto raster = random_raster(64, 60, 0.2, 5);
  plastic::GroupMicrocode up, down;
  add_term(up, Event::Post, Target::W, term(false, 8, {factor(Source::X1)}));
  up.x1 = {512, 4000};
  add_term(down, Event::Pre, Target::W, term(true, 8, {factor(Source::Y1)}));
  down.y1 = {512, 4000};
  for (const bool potentiate : {true, false}) {
    const Network net = with_rule(base, potentiate ? up : down);
    const ChipImage img = build_chip_image(net, plastic_hw(32), "test");
    ChipL1 chip(img);
    const std::vector<int32_t> before = plastic_codes(chip);
    run(chip, raster);
    const std::vector<int32_t> after = plastic_codes(chip);
    REQUIRE(before.size() == after.size());
    size_t moved = 0;
    for (size_t s = 0; s < before.size(); ++s) {
      if (potentiate) CHECK(after[s] >= before[s]);
      else CHECK(after[s] <= before[s]);
      moved += after[s] != before[s];
    }
    CHECK(moved > before.size() / 20);
  }
}

TEST_CASE("plasticity L1: weights saturate at both ends of the code range, ternary and 8-bit", "[plasticity]") {
  for (const int wb : {2, 8}) {
    for (const bool up : {true, false}) {
      // +-200 per pre event: past either bound at once.
      plastic::GroupMicrocode g;
      g.rounding = Rounding::Nearest;
      add_term(g, Event::Pre, Target::W, term(!up, 0, {constant(200)}));
      const Network net = plastic_pair_network(1, 3, {0, 1, -1}, wb, g, fx::kStateMax);
      const ChipImage img = build_chip_image(net, plastic_hw(), "test");
      REQUIRE(img.cores[0].axons[0].packed == (wb == 2));
      ChipL1 chip(img);
      std::vector<CoreSpike> out;
      for (int t = 0; t < 3; ++t) chip.step({0}, out);
      for (uint32_t k = 0; k < 3; ++k)
        CHECK(chip.plasticity(0)->code(0, k) == (up ? fx::weight_code_max(wb) : fx::weight_code_min(wb)));
      if (wb == 2)
        for (const uint8_t b : chip.plasticity(0)->packed()) CHECK((b & 3u) != 2u);  // 0b10 never stored
    }
  }
}

TEST_CASE("plasticity L1: stochastic rounding follows the LFSR sequence and its fraction", "[plasticity]") {
  // Per pre event: w gets a zero program (still one LFSR draw), e gets 3/4 (fraction
  // 49152 of 2^16): e counts the E draws r <= 49152. Targets draw in order W, E.
  plastic::GroupMicrocode g;
  g.rounding = Rounding::Stochastic;
  add_term(g, Event::Pre, Target::W, term(false, 16, {constant(0)}));
  add_term(g, Event::Pre, Target::E, term(false, 2, {constant(3)}));
  const Network net = plastic_pair_network(1, 1, {0}, 8, g, fx::kStateMax);
  const ChipImage img = build_chip_image(net, plastic_hw(), "test");
  REQUIRE(img.cores[0].plastic_lfsr_seed == fx::plastic_lfsr_seed(net.populations[1].lfsr_seed[0]));
  ChipL1 chip(img);
  const int n = 20000;
  uint16_t r = img.cores[0].plastic_lfsr_seed;
  int expected = 0;
  std::vector<CoreSpike> out;
  for (int t = 0; t < n; ++t) {
    chip.step({0}, out);
    r = fx::lfsr_next(r);  // W
    r = fx::lfsr_next(r);  // E
    expected += r <= 49152 ? 1 : 0;
    if (t < 50) {
      REQUIRE(chip.plasticity(0)->lfsr() == r);
      REQUIRE(chip.plasticity(0)->e(0, 0) == expected);
    }
  }
  CHECK(chip.plasticity(0)->last_counts().lfsr_draws == 2);
  const int e = chip.plasticity(0)->e(0, 0);
  CHECK(e == expected);
  CHECK(chip.plasticity(0)->lfsr() == r);
  // Binomial(n, 49152 / 65535): within 4 standard deviations of the mean.
  const double p = 49152.0 / 65535.0, mean = n * p, sd = std::sqrt(n * p * (1 - p));
  CHECK(std::abs(e - mean) < 4 * sd);
}

TEST_CASE("plasticity L1: nearest rounding is half up for both signs", "[plasticity]") {
  // Per pre event: e += 0.5 (-> +1) and w += -1.5 (-> -1); then e += -0.5 (-> 0).
  plastic::GroupMicrocode g;
  g.rounding = Rounding::Nearest;
  add_term(g, Event::Pre, Target::E, term(false, 1, {constant(1)}));
  add_term(g, Event::Pre, Target::W, term(true, 1, {constant(3)}));
  const Network net = plastic_pair_network(1, 1, {100}, 8, g, fx::kStateMax);
  const ChipImage img = build_chip_image(net, plastic_hw(), "test");
  ChipL1 chip(img);
  std::vector<CoreSpike> out;
  for (int t = 0; t < 5; ++t) chip.step({0}, out);
  CHECK(chip.plasticity(0)->e(0, 0) == 5);
  CHECK(chip.plasticity(0)->code(0, 0) == 95);
  CHECK(chip.plasticity(0)->last_counts().lfsr_draws == 0);
  // -0.5 rounds to 0: nothing moves.
  plastic::GroupMicrocode h;
  h.rounding = Rounding::Nearest;
  add_term(h, Event::Pre, Target::E, term(true, 1, {constant(1)}));
  const Network net2 = plastic_pair_network(1, 1, {100}, 8, h, fx::kStateMax);
  const ChipImage img2 = build_chip_image(net2, plastic_hw(), "test");
  ChipL1 chip2(img2);
  for (int t = 0; t < 5; ++t) chip2.step({0}, out);
  CHECK(chip2.plasticity(0)->e(0, 0) == 0);
}

TEST_CASE("plasticity L1: two groups with different trace decays on one core", "[plasticity]") {
  // input(2) -> out(1) through two plastic projections: group 0 decays y by 1/2, group 1
  // by 1/8; x likewise by 1/4 and 1/16.
  Network net;
  net.populations.push_back(input_population(2));
  net.populations.push_back(uniform_population("out", 1, 4096, 4096, 50));
  net.projections.push_back(coded_projection(0, 1, {100, 0}, 8));
  net.projections.push_back(coded_projection(0, 1, {0, 0}, 8));
  net.projections[1].name = "second";
  make_plastic(net.projections[0], pair_stdp(4, 4, {1024, 1000}, {2048, 1000}));
  make_plastic(net.projections[1], pair_stdp(4, 4, {256, 1000}, {512, 1000}));
  net.readout = {ReadoutKind::SpikeCount, 1};
  validate(net, "test");
  const ChipImage img = build_chip_image(net, plastic_hw(), "test");
  REQUIRE(img.cores[0].groups == std::vector<uint16_t>{0, 1});
  ChipL1 chip(img);
  const plastic::PlasticityL1& p = *chip.plasticity(0);
  REQUIRE(p.groups() == 2);
  REQUIRE(p.group_of_axon(0) == 0);
  REQUIRE(p.group_of_axon(2) == 1);
  std::vector<CoreSpike> out;
  chip.step({0}, out);  // input 0: axon 0 (group 0) and axon 2 (group 1); out fires (100 >= 50)
  REQUIRE(out.size() == 1);
  int32_t y0 = 1000, y1 = 1000, x0 = 1000, x2 = 1000;
  CHECK(p.y1(0, 0) == y0);
  CHECK(p.y1(1, 0) == y1);
  for (int t = 1; t < 6; ++t) {
    out.clear();
    chip.step({}, out);
    y0 = fx::decay(y0, 2048), y1 = fx::decay(y1, 512), x0 = fx::decay(x0, 1024), x2 = fx::decay(x2, 256);
    CHECK(p.y1(0, 0) == y0);
    CHECK(p.y1(1, 0) == y1);
    CHECK(p.x1(0) == x0);
    CHECK(p.x1(2) == x2);
  }
  CHECK(y0 != y1);
  CHECK(x0 != x2);
}

TEST_CASE("plasticity L1: three-factor rule changes weights only at learning epochs", "[plasticity]") {
  // e += x1 at post events; every 4 steps: w += 2^-10 * e * l, then e -= e.
  plastic::GroupMicrocode g;
  g.rounding = Rounding::Nearest;
  g.x1 = {0, 1000};  // non-decaying
  g.epoch = 4;
  add_term(g, Event::Post, Target::E, term(false, 0, {factor(Source::X1)}));
  add_term(g, Event::Epoch, Target::W, term(false, 10, {factor(Source::E), factor(Source::L)}));
  add_term(g, Event::Epoch, Target::E, term(true, 0, {factor(Source::E)}));
  const Network net = plastic_pair_network(2, 1, {0, 100}, 8, g, 50);
  const ChipImage img = build_chip_image(net, plastic_hw(), "test");
  for (const int32_t l : {0, 3, -2}) {
    ChipL1 chip(img);
    plastic::PlasticityL1& p = *chip.plasticity(0);
    std::vector<CoreSpike> out;
    chip.set_learning_signal(1, 0, l);
    REQUIRE(p.l(0) == l);
    chip.step({0}, out);  // t = 0: x1 of axon 0 = 1000
    chip.step({1}, out);  // t = 1: post spike: e(axon 0) = 1000, e(axon 1) = 1000
    CHECK(p.e(0, 0) == 1000);
    chip.step({1}, out);  // t = 2: e(axon 0) = 2000, e(axon 1) = 2000
    CHECK(p.code(0, 0) == 0);
    CHECK(p.e(0, 0) == 2000);
    chip.step({}, out);  // t = 3: epoch: w += round(2000 * l / 1024), e -> 0
    CHECK(p.code(0, 0) == fx::rule_round_nearest(int64_t{2000} * l * 64));
    CHECK(p.e(0, 0) == 0);
    CHECK(p.last_counts().epoch_synapses == 2);
  }
}

TEST_CASE("plasticity L1: SDSP tests the post membrane against c * 2^8", "[plasticity]") {
  // dw = pre * (2 [v >= 4 * 2^8] - 1): out 0 sits at v = 1200 (>= 1024), out 1 at 900.
  plastic::GroupMicrocode g;
  g.rounding = Rounding::Nearest;
  add_term(g, Event::Pre, Target::W, term(false, 0, {factor(Source::V, 4, true), constant(2)}));
  add_term(g, Event::Pre, Target::W, term(true, 0, {constant(1)}));
  Network net = plastic_pair_network(1, 2, {0, 0}, 4, g, fx::kStateMax);
  net.populations[1].fixed.bias = {1200, 900};
  net.populations[1].real.bias = {1200, 900};
  const ChipImage img = build_chip_image(net, plastic_hw(), "test");
  ChipL1 chip(img);
  std::vector<CoreSpike> out;
  for (int t = 0; t < 3; ++t) chip.step({0}, out);
  CHECK(chip.neuron(0, 0).v >= 1024);
  CHECK(chip.neuron(0, 1).v < 1024);
  CHECK(chip.plasticity(0)->code(0, 0) == 3);
  CHECK(chip.plasticity(0)->code(0, 1) == -3);
}

TEST_CASE("plasticity L1: the factor p is the sigmoid table at the post membrane after the neuron phase", "[plasticity][gem]") {
  // de = 2^-4 * p at each pre event: e of synapse (axon 0, out k) is round(lut[idx(v_k)] / 16)
  // after one step, v_k = bias_k (lsb 1, no input weight: every code 0).
  plastic::GroupMicrocode g;
  g.rounding = Rounding::Nearest;
  add_term(g, Event::Pre, Target::E, term(false, 4, {factor(Source::P)}));
  const Network net = stochastic_pair_network(1, {1200, -900, 0, 40}, g);
  const ChipImage img = build_chip_image(net, plastic_hw(), "test");
  ChipL1 chip(img);
  std::vector<CoreSpike> out;
  chip.step({0}, out);
  const Population& pop = net.populations[1];
  for (uint32_t k = 0; k < 4; ++k) {
    INFO("out neuron " << k);
    const int32_t v = chip.neuron(0, k).v;
    CHECK(v == pop.fixed.bias[k]);  // a stochastic neuron does not reset
    const int32_t p = pop.sigmoid_lut[fx::sigmoid_index(v, pop.sigmoid_shift)];
    CHECK(chip.plasticity(0)->e(0, k) == fx::rule_round_nearest(int64_t{p} << 12));
  }
  // v = 1200 / 256: p ~ 0.99; -900 / 256: ~ 0.03; 0: the bin [0, 1/16) at its centre, ~ 0.508
  CHECK(chip.plasticity(0)->e(0, 0) > 4000);
  CHECK(chip.plasticity(0)->e(0, 1) < 150);
  CHECK(chip.plasticity(0)->e(0, 2) == 2080);
}

TEST_CASE("plasticity L1: a rule reading p needs stochastic post neurons", "[plasticity][gem]") {
  plastic::GroupMicrocode g;
  add_term(g, Event::Pre, Target::E, term(false, 4, {factor(Source::P)}));
  const Network net = plastic_pair_network(1, 2, {0, 0}, 8, g, 50);
  CHECK_THROWS_WITH(build_chip_image(net, plastic_hw(), "net.h5"),
                    Catch::Contains("reads p, the post neuron's spike probability") &&
                        Catch::Contains("population 'out' has no sigmoid table"));
}

TEST_CASE("plasticity L1: the column table lists each neuron's plastic synapses in ascending (axon, position)", "[plasticity]") {
  const Network net = with_rule(recurrent_network(40, 70, 0.3, 4), pair_stdp(4, 4, {1024, 1000}, {1024, 1000}));
  const ChipImage img = build_chip_image(net, plastic_hw(32), "test");
  REQUIRE(img.cores.size() == 3);
  ChipL1 chip(img);
  for (uint32_t c = 0; c < img.cores.size(); ++c) {
    const plastic::PlasticityL1& p = *chip.plasticity(c);
    size_t listed = 0, synapses = 0;
    for (const AxonRow& row : img.cores[c].axons) synapses += row.length;
    for (uint32_t j = 0; j < img.cores[c].neurons; ++j) {
      const plastic::ColumnEntry* prev = nullptr;
      for (const plastic::ColumnEntry* e = p.column_begin(j); e != p.column_end(j); ++e, ++listed) {
        CHECK(p.post(e->axon, e->position) == j);
        if (prev) CHECK((prev->axon < e->axon || (prev->axon == e->axon && prev->position < e->position)));
        prev = e;
      }
    }
    CHECK(listed == synapses);  // every synapse is plastic here, each listed once
  }
}

TEST_CASE("plasticity L1: the clamp-free path stays exact while weights learn", "[plasticity]") {
  // Strong STDP on a generated recurrent network (ternary and 8-bit): fast path on and
  // off give the same spikes and the same learned weights.
  for (const int wb : {2, 8}) {
    const Network net = with_rule(recurrent_network(64, 96, 0.2, wb, 7, 4.0),
                                  pair_stdp(2, 3, {1024, 2000}, {1024, 2000}, Rounding::Stochastic));
    const ChipImage img = build_chip_image(net, plastic_hw(48), "test");
    ChipL1 fast(img), slow(img);
    slow.set_fast_path(false);
    const auto raster = random_raster(64, 80, 0.3, 11);
    const auto a = run(fast, raster), b = run(slow, raster);
    CHECK(a == b);
    CHECK(plastic_codes(fast) == plastic_codes(slow));
    CHECK(fast.fast_phases() > 0);
    CHECK(plastic_codes(fast) != plastic_codes(ChipL1(img)));  // it learned
  }
}

TEST_CASE("plasticity L1: learning off runs exactly as the network without rules", "[plasticity]") {
  const Network plain = recurrent_network(64, 96, 0.2, 2, 7, 3.0);
  const Network net = with_rule(plain, pair_stdp(2, 3, {1024, 2000}, {1024, 2000}));
  const ChipImage img_plain = build_chip_image(plain, plastic_hw(48), "test");
  const ChipImage img = build_chip_image(net, plastic_hw(48), "test");
  ChipL1 a(img_plain), b(img), c(img);
  b.set_learning(false);
  CHECK_FALSE(b.learns());
  CHECK(c.learns());
  CHECK_FALSE(a.learns());
  const auto raster = random_raster(64, 60, 0.3, 13);
  const auto sa = run(a, raster), sb = run(b, raster), sc = run(c, raster);
  CHECK(sa == sb);
  CHECK(sa != sc);
}

TEST_CASE("plasticity L1: reset keeps learned weights, restore_weights unlearns", "[plasticity]") {
  const Network net = with_rule(recurrent_network(64, 96, 0.2, 8, 7, 3.0), pair_stdp(2, 3, {1024, 2000}, {1024, 2000}));
  const ChipImage img = build_chip_image(net, plastic_hw(48), "test");
  ChipL1 chip(img);
  const auto initial = plastic_codes(chip);
  const uint16_t seed = chip.plasticity(0)->lfsr();
  run(chip, random_raster(64, 40, 0.3, 17));
  const auto learned = plastic_codes(chip);
  REQUIRE(learned != initial);
  chip.reset();
  CHECK(plastic_codes(chip) == learned);
  CHECK(chip.plasticity(0)->x1(chip.plasticity(0)->plastic_axons()[0]) == 0);
  chip.restore_weights();
  CHECK(plastic_codes(chip) == initial);
  CHECK(chip.plasticity(0)->lfsr() == seed);
}

TEST_CASE("plasticity L1: recorded weight changes and counts describe the phase", "[plasticity]") {
  const Network net = with_rule(recurrent_network(64, 96, 0.2, 8, 7, 3.0), pair_stdp(2, 3, {1024, 2000}, {1024, 2000}));
  const ChipImage img = build_chip_image(net, plastic_hw(48), "test");
  ChipL1 chip(img), shadow(img);
  for (uint32_t c = 0; c < img.cores.size(); ++c) chip.plasticity(c)->record_changes(true);
  const auto raster = random_raster(64, 40, 0.3, 19);
  uint64_t changes = 0, walked = 0;
  std::vector<CoreSpike> out;
  for (const auto& in : raster) {
    chip.step(in, out);
    for (uint32_t c = 0; c < img.cores.size(); ++c) {
      const plastic::PlasticityL1& p = *chip.plasticity(c);
      const plastic::PlasticityL1& s = *shadow.plasticity(c);
      // Replaying the changes, in order, on the codes before the step gives the codes after.
      std::map<std::pair<uint32_t, uint32_t>, int32_t> replay;
      for (const uint32_t a : s.plastic_axons())
        for (uint32_t k = 0; k < img.cores[c].axons[a].length; ++k) replay[{a, k}] = s.code(a, k);
      for (const plastic::WeightChange& w : p.last_changes()) {
        CHECK(replay[{w.axon, w.position}] == w.old_code);
        CHECK(p.post(w.axon, w.position) == w.post);
        CHECK(w.old_code != w.new_code);
        replay[{w.axon, w.position}] = w.new_code;
      }
      for (const auto& [at, code] : replay) CHECK(p.code(at.first, at.second) == code);
      changes += p.last_changes().size();
      walked += p.last_counts().pre_rows + p.last_counts().post_entries;
      CHECK(p.last_counts().evaluations <= p.last_counts().post_entries + uint64_t{p.last_counts().pre_rows} * 96);
    }
    shadow.step(in, out);
  }
  CHECK(changes > 0);
  CHECK(walked > 0);
}
