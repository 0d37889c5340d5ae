// L1's clamp-free synaptic phase (CoreL1::synaptic_phase): taken when the headroom bound
// proves no accumulator can saturate, bit-identical to the saturating path, and refused
// when a step could saturate, also through a bound carried over from earlier steps.
#include <catch2/catch.hpp>

#include <random>

#include "gen/generate.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "quant/quantize.hpp"
#include "test_networks.hpp"

using namespace nmx;

namespace {

// Runs `steps` random steps through a fast-path chip and a saturating-only chip; checks
// spikes, neuron states and every accumulator slot after every step.
void expect_identical(const ChipImage& chip, double rate, uint32_t steps, ChipL1& fast, ChipL1& slow) {
  slow.set_fast_path(false);
  const uint32_t inputs = static_cast<uint32_t>(chip.route_ptr[chip.input_population].size() - 1);
  std::mt19937_64 rng(11);
  std::bernoulli_distribution fire(rate);
  std::vector<CoreSpike> out_fast, out_slow;
  for (uint32_t t = 0; t < steps; ++t) {
    std::vector<uint32_t> in;
    for (uint32_t i = 0; i < inputs; ++i)
      if (fire(rng)) in.push_back(i);
    out_fast.clear();
    out_slow.clear();
    fast.step(in, out_fast);
    slow.step(in, out_slow);
    REQUIRE(out_fast.size() == out_slow.size());
    for (size_t k = 0; k < out_fast.size(); ++k) {
      REQUIRE(out_fast[k].core == out_slow[k].core);
      REQUIRE(out_fast[k].neuron == out_slow[k].neuron);
    }
    for (uint32_t c = 0; c < chip.cores.size(); ++c) {
      for (uint32_t i = 0; i < chip.cores[c].neurons; ++i) {
        REQUIRE(fast.neuron(c, i).u == slow.neuron(c, i).u);
        REQUIRE(fast.neuron(c, i).v == slow.neuron(c, i).v);
        for (uint32_t s = 0; s < chip.hw.core.delay_slots; ++s)
          REQUIRE(fast.accumulator(c, i, s) == slow.accumulator(c, i, s));
      }
    }
  }
}

// input(pre) -> `post` probe neurons (threshold never reached) on one core, ternary weights
// of 2^19 LSBs (16 of them exceed the 24-bit range by one), code and delay per synapse.
template <typename CodeFn, typename DelayFn>
ChipImage probe_chip(uint32_t pre, uint32_t post, CodeFn code_of, DelayFn delay_of) {
  Network net;
  net.populations.push_back(test::input_population(pre));
  net.populations.push_back(test::uniform_population("probe", post, 4096, 0, fx::kStateMax));
  Projection pr = test::dense_projection(0, 1, pre, post, 1, {128, 12}, [](uint32_t) { return 0; });
  for (uint32_t i = 0; i < pre; ++i) {
    for (uint32_t j = 0; j < post; ++j) {
      const size_t s = size_t{i} * post + j;
      pr.code[s] = static_cast<int8_t>(code_of(i, j));
      pr.weight[s] = pr.code[s] * 524288.0;
      pr.delay[s] = static_cast<uint8_t>(delay_of(i, j));
    }
  }
  net.projections.push_back(pr);
  net.readout = {ReadoutKind::MaxMembrane, 1};
  validate(net, "test");
  return build_chip_image(net, default_hw_config(), "test");
}

constexpr int32_t kW = 1 << 19;

}  // namespace

TEST_CASE("L1 clamp-free synaptic phases are taken on a generated network and match the saturating path bit for bit",
          "[l1][fast]") {
  GenerateOptions g;
  g.layers = {120, 64, 16};
  g.max_delay = 15;
  g.weight_gain = 2.0;
  g.seed = 21;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 32;  // 2 + 1 cores: spikes routed between cores
  const ChipImage chip = build_chip_image(quantize(generate_network(g), {}), hw, "test");
  ChipL1 fast(chip), slow(chip);
  expect_identical(chip, 0.3, 60, fast, slow);
  CHECK(fast.fast_phases() == 60 * chip.cores.size());
  CHECK(fast.saturating_phases() == 0);
  CHECK(slow.fast_phases() == 0);
}

TEST_CASE("L1 clamp-free path on sparse 8-bit rows matches the saturating path bit for bit", "[l1][fast]") {
  GenerateOptions g;
  g.layers = {100, 48, 12};
  g.ternary = false;
  g.connectivity = 0.3;
  g.weight_gain = 2.0;
  g.seed = 17;
  QuantizeOptions q;
  q.weight_bits = 8;
  HwConfig hw = default_hw_config();
  hw.core.weight_bits = 8;
  hw.core.neurons = 24;
  const ChipImage chip = build_chip_image(quantize(generate_network(g), q), hw, "test");
  ChipL1 fast(chip), slow(chip);
  expect_identical(chip, 0.3, 40, fast, slow);
  CHECK(fast.fast_phases() > 0);
}

TEST_CASE("L1 takes the clamp-free path up to the 24-bit limit and saturates in axon order past it", "[l1][fast]") {
  // Axons 0..15 add +2^19 and axon 16 adds -2^19 to every probe, all with delay 0.
  const ChipImage chip = probe_chip(17, 4, [](uint32_t i, uint32_t) { return i < 16 ? 1 : -1; },
                                    [](uint32_t, uint32_t) { return 0; });
  CoreL1 core(chip, 0), ref(chip, 0);
  ref.set_fast_path(false);
  const auto run_step = [&](uint32_t t, uint32_t first, uint32_t last) {
    for (CoreL1* c : {&core, &ref}) {
      for (uint32_t a = first; a <= last; ++a) c->post_event(a, true);
      c->synaptic_phase(t);
    }
    for (uint32_t j = 0; j < 4; ++j) REQUIRE(core.accumulator(j, t) == ref.accumulator(j, t));
    const int32_t a0 = core.accumulator(0, t);
    for (CoreL1* c : {&core, &ref}) {
      c->neuron_phase(t, [](uint32_t) {});
      c->end_step();
    }
    return a0;
  };
  // 15 rows: at most 15 * 2^19 = 2^23 - 2^19 <= 2^23 - 1, so the clamp cannot act.
  CHECK(run_step(0, 0, 14) == 15 * kW);
  CHECK(core.fast_phases() == 1);
  // 16 rows could reach 2^23, one past the range: refused, and the sum saturates.
  CHECK(run_step(1, 0, 15) == fx::kStateMax);
  CHECK(core.saturating_phases() == 1);
  // 16 positive rows then the negative one: saturation, then -2^19 (the plain sum, in any
  // order, would be 15 * 2^19, one more).
  CHECK(run_step(2, 0, 16) == fx::kStateMax - kW);
  CHECK(core.saturating_phases() == 2);
  // The slots were cleared by the neuron phases: the bound is back to 0, fast again.
  CHECK(run_step(3, 1, 15) == 15 * kW);
  CHECK(core.fast_phases() == 2);
}

TEST_CASE("L1 carries the headroom bound of a delayed slot over steps and refuses the clamp-free path", "[l1][fast]") {
  // Probe 0: axons 0..9 with delay 1, axons 10..19 with delay 0. Ten rows in step 0 put
  // 10 * 2^19 into slot 1; ten more in step 1 would take it to 20 * 2^19 > 2^23 - 1.
  const ChipImage chip = probe_chip(20, 2, [](uint32_t, uint32_t) { return 1; },
                                    [](uint32_t i, uint32_t) { return i < 10 ? 1 : 0; });
  CoreL1 core(chip, 0), ref(chip, 0);
  ref.set_fast_path(false);
  for (uint32_t t = 0; t < 2; ++t) {
    for (CoreL1* c : {&core, &ref}) {
      for (uint32_t a = 10 * t; a < 10 * (t + 1); ++a) c->post_event(a, true);
      c->synaptic_phase(t);
    }
    for (uint32_t s = 0; s < chip.hw.core.delay_slots; ++s)
      for (uint32_t j = 0; j < 2; ++j) REQUIRE(core.accumulator(j, s) == ref.accumulator(j, s));
    CHECK(core.accumulator(0, 1) == (t == 0 ? 10 * kW : fx::kStateMax));
    for (CoreL1* c : {&core, &ref}) {
      c->neuron_phase(t, [](uint32_t) {});
      c->end_step();
    }
  }
  // Step 0 alone fits (10 rows); step 1 alone would too, but not on top of slot 1's bound.
  CHECK(core.fast_phases() == 1);
  CHECK(core.saturating_phases() == 1);
}
