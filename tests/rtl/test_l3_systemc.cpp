// L2 and L3 side by side in one SystemC simulation: the Verilated chip clocked by a
// SystemC thread next to the SystemC model, on one timeline. Each step takes the same
// simulated time at both levels, and both match L1.
#include <catch2/catch.hpp>

#include "l1/chip_l1.hpp"
#include "l2/chip_model_l2.hpp"
#include "l2_harness.hpp"
#include "l3/chip_l3_sc.hpp"

using namespace nmx;

TEST_CASE("L2 and L3 in one sc_main: same spikes, same simulated time per step", "[l3][systemc]") {
  GenerateOptions g;
  g.layers = {128, 96, 10};
  g.weight_gain = 2.0;
  g.seed = 29;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 32;
  const ChipImage chip = build_chip_image(test::generated(g), hw, "test");
  l2::L2Options o;
  o.compare_state = true;  // L2 checks itself against L1 every step
  l2::ChipModelL2 l2(chip, o);
  l3::ChipL3Sc l3("l3", chip);
  LockstepChecker vs_l3(true);
  ChipL1 l1(chip);
  const auto raster = test::random_raster(128, 20, 0.15, 3);
  l1.reset(), l2.reset(), l3.reset();
  static const std::vector<uint32_t> none;
  uint64_t spikes = 0;
  for (uint32_t t = 0; t < raster.size(); ++t) {
    const auto& next = t + 1 < raster.size() ? raster[t + 1] : none;
    std::vector<CoreSpike> s1, s2, s3;
    l1.step(raster[t], s1);
    const sc_core::sc_time t0 = sc_core::sc_time_stamp();
    l2.step(raster[t], next, s2);
    const sc_core::sc_time t1 = sc_core::sc_time_stamp();
    l3.step(raster[t], next, s3);
    const sc_core::sc_time t2 = sc_core::sc_time_stamp();
    const auto m = vs_l3.compare(t, l1, s1, l3, s3);
    if (m) FAIL(m->line("L1", "L3"));
    INFO("step " << t);
    // L3's time for the step (preload included at t = 0) equals L2's.
    CHECK(t2 - t1 == t1 - t0);
    CHECK(l3.rtl().last_step().cycles == l2.chip().last_step().cycles);
    spikes += s1.size();
  }
  CHECK(spikes > 50);
}
