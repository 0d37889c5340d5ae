// The delay-line arrival rule (docs/chip-spec.md §3) for every d in 0..D-1, at L1 and L0:
// external input for step t lands in t + d; a spike emitted at t lands in t + 1 + d;
// nothing aliases into another slot.
#include <catch2/catch.hpp>

#include "hw/hw_config.hpp"
#include "l0/network_l0.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "test_networks.hpp"

using namespace nmx;

TEST_CASE("delay rule: a spike emitted at t through delay d is integrated at t+1+d, for every d", "[delay]") {
  for (uint32_t d_slots : {1u, 4u, 16u, 64u}) {
    const Network net = test::delay_network(d_slots);
    HwConfig hw = default_hw_config();
    hw.core.delay_slots = d_slots;
    hw.core.neurons = 64;
    const ChipImage image = build_chip_image(net, hw, "test");
    ChipL1 l1(image);
    NetworkL0 l0(net);
    const uint32_t t_in = 3;  // input at step 3 -> relay integrates at 3 and fires at 3
    std::vector<CoreSpike> s1;
    std::vector<std::vector<uint32_t>> s0;
    for (uint32_t t = 0; t < t_in + 2 * d_slots + 2; ++t) {
      const std::vector<uint32_t> in = t == t_in ? std::vector<uint32_t>{0} : std::vector<uint32_t>{};
      s1.clear();
      l1.step(in, s1);
      l0.step(in, s0);
      // Relay fires exactly at t_in (input of step t lands in t with delay 0).
      CHECK((s0[1].size() == 1) == (t == t_in));
      for (uint32_t j = 0; j < d_slots; ++j) {
        const uint32_t core = image.cores.size() - 1;  // probes live on the last core
        const int32_t u1 = l1.neuron(core, j).u;
        const double u0 = l0.neuron(2, j).u;
        const bool arrival = t == t_in + 1 + j;
        INFO("D=" << d_slots << " t=" << t << " probe delay=" << j);
        CHECK(u1 == (arrival ? 1 : 0));
        CHECK(u0 == (arrival ? 1.0 : 0.0));
      }
    }
  }
}

TEST_CASE("delay rule: external input for step t with delay d lands in t+d", "[delay]") {
  const uint32_t d_slots = 16;
  Network net;
  net.populations.push_back(test::input_population(1));
  net.populations.push_back(test::uniform_population("probe", d_slots, 4096, 0, fx::kStateMax));
  net.projections.push_back(test::dense_projection(0, 1, 1, d_slots, -1, {3, 2}, [](uint32_t j) { return j; }));
  net.readout = {ReadoutKind::MaxMembrane, 1};
  HwConfig hw = default_hw_config();
  const ChipImage image = build_chip_image(net, hw, "test");
  ChipL1 l1(image);
  std::vector<CoreSpike> s;
  for (uint32_t t = 0; t < 40; ++t) {
    l1.step(t == 5 ? std::vector<uint32_t>{0} : std::vector<uint32_t>{}, s);
    for (uint32_t j = 0; j < d_slots; ++j) {
      INFO("t=" << t << " d=" << j);
      CHECK(l1.neuron(0, j).u == (t == 5 + j ? -12 : 0));
    }
  }
}

TEST_CASE("mapping rejects a delay that would alias (d >= D)", "[delay][mapping]") {
  const Network net = test::delay_network(16);
  HwConfig hw = default_hw_config();
  hw.core.delay_slots = 8;
  REQUIRE_THROWS_WITH(build_chip_image(net, hw, "net.h5"),
                      Catch::Contains("delay[8] = 8 is out of range") && Catch::Contains("0..7"));
}
