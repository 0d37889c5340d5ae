// The mode unit at L2 (docs/chip-spec.md §6, docs/cycle-model.md "Mode phase"): L1 in
// lockstep with r and m, the mode phase's cycles exactly 2NP + P + 2 on its core (none on
// the others), and the closed-form estimate counting it.
#include <catch2/catch.hpp>

#include "case_chips.hpp"
#include "hw/microarch.hpp"
#include "map/cycle_estimate.hpp"

using namespace nmx;
using test::random_raster;

TEST_CASE("L2 modes: lockstep with r and m, mode cycles per core, estimate", "[l2][mode]") {
  GenerateOptions g;
  g.layers = {40, 30, 20};
  g.max_delay = 3;
  g.weight_gain = 2.0;
  g.modes = 5;
  g.mode_gain = 3.0;
  g.seed = 12;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 32;
  hw.core.delay_slots = 4;
  hw.core.modes = 8;
  const ChipImage chip = build_chip_image(quantize_for_chip(generate_network(g), {}, hw), hw, "test");
  REQUIRE(chip.cores.size() == 2);
  REQUIRE(chip.cores[0].mode);
  REQUIRE_FALSE(chip.cores[1].mode);
  std::vector<uint64_t> estimates;
  ChipL1 l1(chip);
  l1.record_activity(true);
  const std::vector<test::Raster> samples = {random_raster(40, 120, 0.2, 3)};
  std::vector<CoreSpike> out1;
  uint32_t r_nonzero = 0;
  const auto r = test::run_lockstep(chip, samples, [&](const ChipModel& l2, uint32_t t) {
    out1.clear();
    l1.step(samples[0][t], out1);
    const StepEstimate e = estimate_step(chip, l1.last_activity());
    CHECK(e.mode_cycles == std::vector<uint64_t>{uarch::mode_cycles(30, 5), 0});
    estimates.push_back(e.step_cycles);
    for (uint32_t j = 0; j < 30; ++j) r_nonzero += l2.mode_rate(0, j) != 0;
  });
  REQUIRE(estimates.size() == r.steps.size());
  uint64_t estimate_error = 0;
  for (size_t k = 0; k < r.steps.size(); ++k) {
    const StepCycles& s = r.steps[k];
    estimate_error += estimates[k] > s.cycles ? estimates[k] - s.cycles : s.cycles - estimates[k];
    CHECK(s.cores[0].mode == 2 * 30 * 5 + 5 + 2);
    CHECK(s.cores[1].mode == 0);
    CHECK(s.cycles >= s.cores[0].synaptic + s.cores[0].neuron + s.cores[0].mode + uarch::kBarrierCycles);
  }
  CHECK(r.spikes > 100);
  CHECK(r_nonzero > 1000);  // the traces carry the spikes
  CHECK(estimate_error < r.steps.size() * 5);
}
