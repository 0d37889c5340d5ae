// L1 = L2 bit for bit, every timestep: spike sets and u, v, ref, lfsr of every neuron
// (docs/chip-spec.md §7). One chip per test case; ctest runs each in its own process.
#include <catch2/catch.hpp>

#include "data/dataset.hpp"
#include "encode/encoder.hpp"
#include "case_chips.hpp"
#include "run/runner.hpp"
#include "test_networks.hpp"

using namespace nmx;
using test::random_raster;
using test::run_lockstep;

TEST_CASE("L2 lockstep: single core, generated ternary-delay network", "[l2][lockstep]") {
  const ChipImage chip = test::single_core_chip();
  REQUIRE(chip.cores.size() == 1);
  const auto r = run_lockstep(chip, {random_raster(64, 40, 0.2, 1), random_raster(64, 40, 0.05, 2)});
  CHECK(r.steps.size() == 80);
  CHECK(r.spikes > 100);  // active enough that agreement means something
  CHECK(r.totals.lockstep_words == 80 * 48 * 5);
}

TEST_CASE("L2 lockstep: 7 cores on a 784-120-40-10 network", "[l2][lockstep]") {
  const ChipImage chip = test::multicore_chip();
  REQUIRE(chip.cores.size() == 7);  // 4 + 2 + 1
  const auto r = run_lockstep(chip, {random_raster(784, 30, 0.05, 9)});
  CHECK(r.spikes > 100);
  uint64_t events = 0;
  for (const auto& s : r.steps)
    for (const auto& c : s.cores) events += c.activity.events_in;
  CHECK(events > 1000);  // spikes really cross the router between cores
}

TEST_CASE("L2 lockstep: every delay value 0..D-1 lands in t+1+d (D = 16)", "[l2][lockstep][delay]") {
  for (const uint32_t d_slots : {16u}) {
    const Network net = test::delay_network(d_slots);
    HwConfig hw = default_hw_config();
    hw.core.delay_slots = d_slots;
    hw.core.neurons = 64;
    const ChipImage chip = build_chip_image(net, hw, "test");
    const uint32_t t_in = 3, probes = static_cast<uint32_t>(chip.cores.size() - 1);
    test::Raster raster(t_in + 2 * d_slots + 2);
    raster[t_in] = {0};
    int arrivals = 0;
    run_lockstep(chip, {raster}, [&](const ChipModel& l2, uint32_t t) {
      for (uint32_t j = 0; j < d_slots; ++j) {
        const bool arrival = t == t_in + 1 + j;
        INFO("t=" << t << " d=" << j);
        CHECK(l2.neuron(probes, j).u == (arrival ? 1 : 0));
        arrivals += arrival;
      }
    });
    CHECK(arrivals == static_cast<int>(d_slots));
  }
}

TEST_CASE("L2 lockstep: maximum delay D = 64", "[l2][lockstep][delay]") {
  const Network net = test::delay_network(64);
  HwConfig hw = default_hw_config();
  hw.core.delay_slots = 64;
  hw.core.neurons = 64;
  const ChipImage chip = build_chip_image(net, hw, "test");
  test::Raster raster(140);
  raster[2] = raster[70] = {0};
  const uint32_t probes = static_cast<uint32_t>(chip.cores.size() - 1);
  int arrivals = 0;
  run_lockstep(chip, {raster}, [&](const ChipModel& l2, uint32_t) {
    for (uint32_t j = 0; j < 64; ++j) arrivals += l2.neuron(probes, j).u == 1;
  });
  CHECK(arrivals == 128);
}

TEST_CASE("L2 lockstep: saturation at both rails", "[l2][lockstep][saturation]") {
  const ChipImage chip = test::saturation_chip();
  bool top_u = false, bottom_u = false, bottom_v = false;
  const auto r = run_lockstep(chip, {random_raster(8, 30, 0.7, 4)}, [&](const ChipModel& l2, uint32_t) {
    for (uint32_t j = 0; j < 4; ++j) {
      top_u |= l2.neuron(0, j).u == fx::kStateMax;
      bottom_u |= l2.neuron(1, j).u == fx::kStateMin;
      bottom_v |= l2.neuron(1, j).v == fx::kStateMin;
    }
  });
  CHECK(top_u);
  CHECK(r.spikes > 0);  // theta is the top rail: a spike means v reached it
  CHECK(bottom_u);
  CHECK(bottom_v);
}

TEST_CASE("L2 lockstep: refractory periods", "[l2][lockstep][refractory]") {
  const ChipImage chip = test::refractory_chip();
  int in_refractory = 0;
  const auto r = run_lockstep(chip, {random_raster(16, 60, 0.5, 8)}, [&](const ChipModel& l2, uint32_t) {
    for (uint32_t j = 0; j < 32; ++j) in_refractory += l2.neuron(0, j).ref > 0;
  });
  CHECK(r.spikes > 50);
  CHECK(in_refractory > 200);
}

TEST_CASE("L2 lockstep: stochastic neurons (LFSR and sigmoid table)", "[l2][lockstep][stochastic]") {
  const ChipImage chip = test::stochastic_chip();
  const auto r = run_lockstep(chip, {random_raster(100, 40, 0.2, 21)});
  CHECK(r.spikes > 100);
}

TEST_CASE("L2 lockstep: 8-bit weights on sparse rows", "[l2][lockstep][weights]") {
  const ChipImage chip = test::sparse_8bit_chip();
  REQUIRE(chip.cores.size() == 3);
  REQUIRE_FALSE(chip.cores[0].axons[0].dense);
  const auto r = run_lockstep(chip, {random_raster(200, 40, 0.15, 22)});
  CHECK(r.spikes > 100);
}

TEST_CASE("L2 lockstep: heavy fan-in stalls the router", "[l2][lockstep][router]") {
  const ChipImage chip = test::fan_in_chip();
  REQUIRE(chip.cores.size() == 17);
  const auto r = run_lockstep(chip, {random_raster(128, 30, 0.3, 31)});
  CHECK(r.totals.route_stall_cycles > 100);
  // Where the router is the bottleneck the step lasts longer than the core phases.
  bool router_bound = false;
  for (const auto& s : r.steps) {
    uint64_t phases = 0;
    for (const auto& c : s.cores) phases = std::max(phases, c.synaptic + c.neuron);
    router_bound |= s.cycles > phases + 20;
  }
  CHECK(router_bound);
}

TEST_CASE("L2 lockstep: the 784-800-10 network (4+1 cores) on Fashion-MNIST through the runner", "[l2][lockstep][data]") {
  GenerateOptions g;
  g.encoder.steps = 20;
  const Network net = test::generated(g);
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  REQUIRE(chip.cores.size() == 5);
  const Dataset data = load_dataset("fashion-mnist", Split::Test, 4);
  RunOptions l1_opt;
  const RunReport l1 = run_dataset(net, &chip, data, l1_opt);
  RunOptions opt;
  opt.level = Level::SystemC;
  opt.single_instance = true;
  std::shared_ptr<l2::ChipModelL2> model;
  opt.make_chip = [&](const ChipImage& image) {
    l2::L2Options o;
    o.compare_state = true;
    model = std::make_shared<l2::ChipModelL2>(image, o);
    return model;
  };
  RunReport l2;
  try {
    l2 = run_dataset(net, &chip, data, opt);
  } catch (const LockstepError& e) {
    FAIL(e.what());
  }
  REQUIRE(model != nullptr);
  CHECK(l2.predictions == l1.predictions);
  CHECK(l2.synaptic_events_per_sample == l1.synaptic_events_per_sample);
  CHECK(l2.populations[0].spikes_per_sample == l1.populations[0].spikes_per_sample);
  CHECK(l2.populations[0].spikes_per_sample > 100);
  CHECK(model->totals().lockstep_steps == 4 * 20);
  CHECK(model->totals().samples == 4);
}
