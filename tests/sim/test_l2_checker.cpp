// The lockstep checker can fail: a fault injected into one level is reported at the exact
// step, core, neuron and field (docs/chip-spec.md §8).
#include <catch2/catch.hpp>

#include "l1/chip_l1.hpp"
#include "l2_harness.hpp"
#include "test_networks.hpp"

using namespace nmx;

TEST_CASE("lockstep checker: a flipped weight in L2's synapse memory is found at its step and core and neuron and field",
          "[l2][checker]") {
  // Probe j of the delay network integrates the relay's spike at t_in + 1 + j. Flip the
  // sign of probe 5's weight in the image L2 runs: L1 expects u = 1 there, L2 has -1.
  const Network net = test::delay_network(16);
  HwConfig hw = default_hw_config();
  hw.core.neurons = 64;
  const ChipImage good = build_chip_image(net, hw, "test");
  ChipImage bad = good;
  const uint32_t probes = static_cast<uint32_t>(bad.cores.size() - 1);
  CoreImage& core = bad.cores[probes];
  uint8_t& syn = core.packed[core.axons[0].begin + 5];
  syn = pack_ternary(-1, syn >> 2);

  l2::L2Options opt;
  opt.lockstep_l1 = false;
  l2::ChipModelL2 dut(bad, opt);
  ChipL1 ref(good);
  LockstepChecker checker(true);
  const uint32_t t_in = 3;
  std::optional<Mismatch> found;
  dut.reset();
  ref.reset();
  for (uint32_t t = 0; t < 30 && !found; ++t) {
    const std::vector<uint32_t> in = t == t_in ? std::vector<uint32_t>{0} : std::vector<uint32_t>{};
    const std::vector<uint32_t> next = t + 1 == t_in ? std::vector<uint32_t>{0} : std::vector<uint32_t>{};
    std::vector<CoreSpike> a, b;
    ref.step(in, a);
    dut.step(in, next, b);
    found = checker.compare(t, ref, a, dut, b);
  }
  REQUIRE(found);
  CHECK(found->step == t_in + 1 + 5);
  CHECK(found->core == probes);
  CHECK(found->neuron == 5);
  CHECK(found->field == "u");
  CHECK(found->expected == 1);
  CHECK(found->got == -1);
  CHECK(found->line("L1", "L2") == "MISMATCH step=9 core=1 neuron=5 field=u L1=1 L2=-1");
  CHECK(checker.steps() == t_in + 1 + 5);  // every earlier step agreed
}

TEST_CASE("lockstep checker: a missing spike is reported as field=spike", "[l2][checker]") {
  const Network net = test::delay_network(4);
  HwConfig hw = default_hw_config();
  const ChipImage chip = build_chip_image(net, hw, "test");
  ChipL1 a(chip), b(chip);
  LockstepChecker checker(false);
  std::vector<CoreSpike> sa{{0, 0}}, sb{};
  const auto m = checker.compare(7, a, sa, b, sb);
  REQUIRE(m);
  CHECK(m->line("L1", "L2") == "MISMATCH step=7 core=0 neuron=0 field=spike L1=1 L2=0");
}
