// L1 = L2 = L3 bit for bit, and L2 = L3 cycle for cycle (docs/cycle-model.md), on the
// cases of the L2 issue. Each test case runs in its own process (one SystemC elaboration).
#include <catch2/catch.hpp>

#include "check/level_check.hpp"
#include "data/dataset.hpp"
#include "encode/encoder.hpp"
#include "l3/rtl_image.hpp"
#include "case_chips.hpp"

using namespace nmx;
using test::random_raster;

namespace {

// Runs the samples through L1, L2 and L3 with state comparison; a divergence fails with
// the checker's MISMATCH line.
LevelCheck* check_all(const ChipImage& chip, const std::vector<test::Raster>& samples, CheckOptions opt = {}) {
  opt.state = true;
  static std::unique_ptr<LevelCheck> check;
  check = std::make_unique<LevelCheck>(chip, opt);
  for (const auto& raster : samples) {
    const auto failure = check->run_sample(raster);
    if (failure) FAIL(failure->line << " (sample " << failure->sample << ", last agreeing step "
                                   << failure->last_agreeing_step << ")");
  }
  return check.get();
}

}  // namespace

TEST_CASE("L3: a tiny chip counted by hand", "[l3][cycles]") {
  const ChipImage chip = test::tiny_hand_chip(8);
  l3::ChipL3 l3(chip);
  std::vector<CoreSpike> out;
  l3.step({0, 1}, {}, out);
  CHECK(l3.last_preload().cycles == 6);
  CHECK(l3.last_step().cores[0].synaptic == 1 + 2 * (1 + 1) + 3);  // L = 8: one beat per row
  CHECK(l3.last_step().cores[0].neuron == 7);
  CHECK(l3.last_step().cores[0].spike_exit == std::vector<uint32_t>{11, 12, 13, 14});
  CHECK(l3.last_step().cycles == 18);
  CHECK(out.size() == 4);
  out.clear();
  l3.step({}, {}, out);
  CHECK(l3.last_step().cycles == 13);
}

TEST_CASE("L3 lockstep: single core generated ternary-delay network", "[l3][lockstep]") {
  const ChipImage chip = test::single_core_chip();
  const LevelCheck* c = check_all(chip, {random_raster(64, 30, 0.2, 1), random_raster(64, 30, 0.05, 2)});
  CHECK(c->steps() == 60);
  CHECK(c->spikes() > 100);
}

TEST_CASE("L3 lockstep: 7 cores on a 784-120-40-10 network", "[l3][lockstep]") {
  const ChipImage chip = test::multicore_chip();
  REQUIRE(chip.cores.size() == 7);
  const LevelCheck* c = check_all(chip, {random_raster(784, 25, 0.05, 9)});
  CHECK(c->spikes() > 100);
}

// Two relay spikes (steps 2 and 40 of the input); probe j integrates them at 3 + j and 41 + j.
void check_every_delay(uint32_t d_slots) {
  const Network net = test::delay_network(d_slots);
  HwConfig hw = default_hw_config();
  hw.core.delay_slots = d_slots;
  hw.core.neurons = 64;
  const ChipImage chip = build_chip_image(net, hw, "test");
  test::Raster raster(2 * d_slots + 44);
  raster[2] = raster[40] = {0};
  const LevelCheck* c = check_all(chip, {raster});
  CHECK(c->steps() == raster.size());
  CHECK(c->spikes() == 2);  // the relay, twice
}

TEST_CASE("L3 lockstep: every delay value 0..D-1 (D = 16)", "[l3][lockstep][delay]") { check_every_delay(16); }

TEST_CASE("L3 lockstep: every delay value 0..D-1 at the maximum D = 64", "[l3][lockstep][delay]") { check_every_delay(64); }

TEST_CASE("L3 lockstep: saturation at both rails", "[l3][lockstep][saturation]") {
  const ChipImage chip = test::saturation_chip();
  LevelCheck* c = check_all(chip, {random_raster(8, 30, 0.7, 4)});
  CHECK(c->spikes() > 0);
  CHECK(c->rtl()->neuron(1, 0).v == fx::kStateMin);
}

TEST_CASE("L3 lockstep: refractory periods", "[l3][lockstep][refractory]") {
  const ChipImage chip = test::refractory_chip();
  CHECK(check_all(chip, {random_raster(16, 60, 0.5, 8)})->spikes() > 50);
}

TEST_CASE("L3 lockstep: stochastic neurons", "[l3][lockstep][stochastic]") {
  const ChipImage chip = test::stochastic_chip();
  CHECK(check_all(chip, {random_raster(100, 40, 0.2, 21)})->spikes() > 100);
}

TEST_CASE("L3 lockstep: 8-bit weights on sparse rows", "[l3][lockstep][weights]") {
  const ChipImage chip = test::sparse_8bit_chip();
  CHECK(check_all(chip, {random_raster(200, 30, 0.15, 22)})->spikes() > 100);
}

TEST_CASE("L3 lockstep: heavy fan-in stalls the router (17 cores into one)", "[l3][lockstep][router]") {
  const ChipImage chip = test::fan_in_chip();
  REQUIRE(chip.cores.size() == 17);
  LevelCheck* c = check_all(chip, {random_raster(128, 20, 0.3, 31)});
  CHECK(c->spikes() > 100);
  // 17 sources into one destination that accepts one event per cycle: the router must
  // refuse some (every step's stall counts were also compared with L2's).
  CHECK(c->l3_route_stalls() > 5000);  // 10272 measured
  CHECK(c->l2_cycles() == c->l3_cycles());
}

TEST_CASE("L3 lockstep: the 784-800-10 network (4+1 cores) on Fashion-MNIST", "[l3][lockstep][data]") {
  GenerateOptions g;
  g.encoder.steps = 20;
  const Network net = test::generated(g);
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  REQUIRE(chip.cores.size() == 5);
  // Every row is dense ternary: the RTL holds them all in its packed memory (one word of
  // 8 synapses per beat, as the general memory would), none in general slots.
  const l3::RtlImage img = l3::build_rtl_image(chip, l3::rtl_limits());
  for (uint32_t c = 0; c < 5; ++c) {
    CHECK(img.synapse_words_used[c] == 0);
    CHECK(img.ternary_words_used[c] == chip.cores[c].axons.size() * ((chip.cores[c].neurons + 7) / 8));
  }
  const Dataset data = load_dataset("fashion-mnist", Split::Test, 3);
  std::vector<test::Raster> samples;
  for (size_t i = 0; i < data.size(); ++i) samples.push_back(encode(net.encoder, data.image(i), 784, i).steps);
  const LevelCheck* c = check_all(chip, samples);
  CHECK(c->steps() == 60);
  CHECK(c->spikes() > 1000);
  CHECK(c->l3_cycles() > 10000);
}
