// The mode unit (docs/chip-spec.md §6) in lockstep: L1 = L2 = L3 bit for bit, spikes, neuron
// state and the unit's r and m, and L2 = L3 cycle for cycle, mode phase included, on
// generated low-rank recurrent networks, one of them learning on the same core. Each test
// case runs in its own process.
#include <catch2/catch.hpp>

#include "check/level_check.hpp"
#include "case_chips.hpp"
#include "hw/microarch.hpp"
#include "map/cycle_estimate.hpp"
#include "plastic_chips.hpp"

using namespace nmx;
using test::random_raster;

namespace {

struct ModeCase {
  std::vector<uint32_t> layers;
  uint32_t modes, neurons_per_core;
  int mode_bits;
  double gain;
  uint64_t seed;
};

ChipImage mode_chip(const ModeCase& mc) {
  GenerateOptions g;
  g.layers = mc.layers;
  g.max_delay = 7;
  g.weight_gain = 2.0;
  g.modes = mc.modes;
  g.mode_gain = mc.gain;
  g.seed = mc.seed;
  HwConfig hw = default_hw_config();
  hw.core.neurons = mc.neurons_per_core;
  hw.core.delay_slots = 8;
  hw.core.modes = mc.modes;
  QuantizeOptions q;
  q.mode_bits = mc.mode_bits;
  return build_chip_image(quantize_for_chip(generate_network(g), q, hw), hw, "test");
}

// L1 = L2 = L3 with state (r and m included) over the samples; returns the check.
std::unique_ptr<LevelCheck> check_modes(const ChipImage& chip, const std::vector<test::Raster>& samples) {
  CheckOptions opt;
  opt.state = true;
  auto check = std::make_unique<LevelCheck>(chip, opt);
  for (const auto& raster : samples) {
    const auto failure = check->run_sample(raster);
    if (failure) FAIL(failure->line << " (sample " << failure->sample << ", last agreeing step "
                                   << failure->last_agreeing_step << ")");
  }
  return check;
}

// The core that runs the mode projection.
uint32_t mode_core(const ChipImage& chip) {
  for (uint32_t c = 0; c < chip.cores.size(); ++c)
    if (chip.cores[c].mode) return c;
  FAIL("no core has a mode projection");
  return 0;
}

}  // namespace

TEST_CASE("L3 modes: a hand-counted mode phase of N = 4, P = 1", "[l3][mode][cycles]") {
  GenerateOptions g;
  g.layers = {2, 4};
  g.modes = 1;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 4;
  hw.core.modes = 1;
  hw.mesh_x = hw.mesh_y = 1;
  const ChipImage chip = build_chip_image(quantize_for_chip(generate_network(g), {}, hw), hw, "test");
  l3::ChipL3 l3(chip);
  std::vector<CoreSpike> out;
  l3.step({}, {}, out);
  // 4 projection MACs, 1 drive, 4 feedback MACs, then the last MAC and its ring write.
  CHECK(l3.last_step().cores[0].mode == 4 + 1 + 4 + 2);
  CHECK(uarch::mode_cycles(4, 1) == 11);
  CHECK(l3.last_step().cores[0].neuron == 4 + 3);
  // scan 1 + pipeline 3, then the neuron and the mode phase, then the barrier
  CHECK(l3.last_step().cycles == 4 + 7 + 11 + 2);
  // The closed-form estimate from L1's activity counts the mode phase exactly.
  ChipL1 l1(chip);
  l1.record_activity(true);
  std::vector<CoreSpike> out1;
  l1.step({}, out1);
  const StepEstimate e = estimate_step(chip, l1.last_activity());
  CHECK(e.mode_cycles == std::vector<uint64_t>{11});
  CHECK(e.step_cycles == l3.last_step().cycles);
}

TEST_CASE("L3 modes: lockstep with r and m, P = 4, WM = 8, three cores", "[l3][mode][lockstep]") {
  const ChipImage chip = mode_chip({{48, 40, 30, 6}, 4, 64, 8, 2.0, 7});
  const uint32_t c = mode_core(chip);
  CHECK(chip.cores[c].mode->modes == 4);
  const auto check = check_modes(chip, {random_raster(48, 200, 0.15, 1), random_raster(48, 100, 0.05, 2)});
  CHECK(check->steps() == 300);
  CHECK(check->spikes() > 300);
}

TEST_CASE("L3 modes: lockstep, P = 16, WM = 12, strong feedback", "[l3][mode][lockstep]") {
  const ChipImage chip = mode_chip({{32, 24}, 16, 32, 12, 8.0, 3});
  const auto check = check_modes(chip, {random_raster(32, 200, 0.2, 4)});
  CHECK(check->steps() == 200);
  CHECK(check->spikes() > 200);
}

TEST_CASE("L3 modes: lockstep, P = 1, WM = 4, one neuron per lane bank", "[l3][mode][lockstep]") {
  const ChipImage chip = mode_chip({{16, 9}, 1, 16, 4, 4.0, 11});
  const auto check = check_modes(chip, {random_raster(16, 300, 0.3, 5)});
  CHECK(check->steps() == 300);
  CHECK(check->spikes() > 100);
}

TEST_CASE("L3 modes: a learning core with a mode projection runs both phases, L1 = L2 = L3", "[l3][mode][plasticity]") {
  // The hidden layer on one core: its input projection learns with pair STDP (plasticity
  // phase), then its mode projection feeds back (mode phase): SP + NP + PP + MP cycles.
  GenerateOptions g;
  g.layers = {24, 20, 6};
  g.ternary = false;
  g.weight_gain = 2.0;
  g.max_delay = 3;
  g.modes = 3;
  g.mode_gain = 4.0;
  g.seed = 9;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 20;
  hw.core.delay_slots = 4;
  hw.core.weight_bits = 8;
  hw.core.plasticity = true;
  hw.core.modes = 4;
  QuantizeOptions q;
  q.weight_bits = 8;
  Network net = quantize_for_chip(generate_network(g), q, hw);
  net.projections[0].plasticity = ProjectionPlasticity{"(microcode)", test::pair_stdp()};
  const ChipImage chip = build_chip_image(net, hw, "test");
  const uint32_t c = mode_core(chip);
  REQUIRE(chip.cores[c].groups.size() == 1);  // the same core learns
  CheckOptions opt;
  opt.state = true;
  LevelCheck check(chip, opt);
  for (const auto& raster : {random_raster(24, 60, 0.2, 6), random_raster(24, 40, 0.35, 7)}) {
    const auto failure = check.run_sample(raster);
    if (failure) FAIL(failure->line << " (sample " << failure->sample << ", last agreeing step "
                                   << failure->last_agreeing_step << ")");
  }
  CHECK(check.steps() == 100);
  CHECK(check.spikes() > 100);
  const CoreStepCycles& last = check.rtl()->last_step().cores[c];
  CHECK(last.mode == uarch::mode_cycles(20, 3));
  CHECK(last.plastic > 0);
  // The mode phase starts when the plasticity phase ends: the core is busy for all four.
  CHECK(last.synaptic + last.neuron + last.plastic + last.mode + last.idle == check.rtl()->last_step().cycles);
}
