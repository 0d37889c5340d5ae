// Mapping onto cores and the chip image: balanced placement, axon/route tables, packed
// ternary memory of one byte per synapse, and clear errors naming the limit.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "gen/generate.hpp"
#include "hw/hw_config.hpp"
#include "map/chip_image.hpp"
#include "l1/core_l1.hpp"
#include "map/mapping.hpp"
#include "map/target_hw.hpp"
#include "net/plasticity_edit.hpp"
#include "quant/quantize.hpp"
#include "test_networks.hpp"

using namespace nmx;
using Catch::Contains;

namespace {
Network reference_net(double connectivity = 1.0) {
  GenerateOptions g;  // 784-800-10, the issue's reference network
  g.connectivity = connectivity;
  return quantize(generate_network(g), QuantizeOptions{});
}
}  // namespace

TEST_CASE("784-800-10 maps onto 4 + 1 balanced cores", "[mapping]") {
  const Network net = reference_net();
  const auto placement = map_network(net, default_hw_config(), "test");
  REQUIRE(placement.size() == 5);
  for (int c = 0; c < 4; ++c) {
    CHECK(placement[c].population == 1);
    CHECK(placement[c].count == 200);
    CHECK(placement[c].first_neuron == 200u * c);
  }
  CHECK(placement[4].population == 2);
  CHECK(placement[4].count == 10);
}

TEST_CASE("chip image: axons, routes and one byte per dense ternary synapse", "[mapping]") {
  const Network net = reference_net();
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  REQUIRE(chip.cores.size() == 5);
  CHECK(chip.synapse_count() == net.synapse_count());
  for (int c = 0; c < 4; ++c) {
    CHECK(chip.cores[c].axons.size() == 784);
    CHECK(chip.cores[c].packed.size() == 784u * 200u);  // 1 byte per synapse with its delay
    CHECK(chip.cores[c].entries.empty());
  }
  CHECK(chip.cores[4].axons.size() == 800);
  // Each input pixel reaches the four hidden cores; each hidden neuron the output core.
  CHECK(chip.route_ptr[0][784] == 784u * 4u);
  CHECK(chip.route_ptr[1][800] == 800u);
  CHECK(chip.memory_bits_per_synapse() == Approx(2 + 4));  // 2-bit code + log2(16) delay
}

TEST_CASE("sparse projections keep only the synapses that land on each core", "[mapping]") {
  const Network net = reference_net(0.1);
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  CHECK(chip.synapse_count() == net.synapse_count());
  CHECK(chip.memory_bits_per_synapse() > 6.0);  // sparse rows also store the post index
}

TEST_CASE("a network that does not fit names the limit", "[mapping]") {
  const Network net = reference_net();
  HwConfig hw = default_hw_config();
  hw.mesh_x = 2;
  hw.mesh_y = 2;
  hw.source = "hw.json";
  CHECK_THROWS_WITH(build_chip_image(net, hw, "net.h5"),
                    Catch::Contains("needs 5 cores") && Catch::Contains("hw.json: chip.mesh_x * chip.mesh_y"));
  hw = default_hw_config();
  hw.core.axons = 512;
  CHECK_THROWS_WITH(build_chip_image(net, hw, "net.h5"), Catch::Contains("more than 512 axons") && Catch::Contains("core.axons"));
  hw = default_hw_config();
  hw.core.stochastic = false;
  GenerateOptions g;
  g.layers = {784, 20};
  g.stochastic_fraction = 0.5;
  const Network stoch = quantize(generate_network(g), QuantizeOptions{});
  CHECK_THROWS_WITH(build_chip_image(stoch, hw, "net.h5"), Catch::Contains("no stochastic unit"));
  hw = default_hw_config();
  CHECK_THROWS_WITH(build_chip_image(generate_network(g), hw, "net.h5"), Catch::Contains("not quantised"));
}

TEST_CASE("hardware config: defaults, overrides and errors", "[hw]") {
  const HwConfig hw = parse_hw_config(R"({"core": {"neurons": 128, "delay_slots": 32}, "clock_mhz": 250})", "hw.json");
  CHECK(hw.core.neurons == 128);
  CHECK(hw.core.delay_slots == 32);
  CHECK(hw.delay_bits() == 5);
  CHECK(hw.core.axons == 1024);
  CHECK(hw.clock_mhz == 250);
  const HwConfig round = parse_hw_config(hw_config_to_json(hw), "again");
  CHECK(round.core.neurons == 128);
  CHECK(round.energy.spike_route == hw.energy.spike_route);
  CHECK_THROWS_WITH(parse_hw_config(R"({"core": {"delay_slots": 128}})", "hw.json"),
                    Catch::Contains("hw.json: core.delay_slots = 128"));
  CHECK_THROWS_WITH(parse_hw_config(R"({"core": {"weight_bits": 3}})", "hw.json"), Catch::Contains("2, 4 or 8"));
  CHECK_THROWS_WITH(parse_hw_config(R"({"core": {"neurons": "many"}})", "hw.json"), Catch::Contains("wrong type"));
  CHECK_THROWS_WITH(parse_hw_config(R"({"chip": {"mesh_x": 0}})", "hw.json"), Catch::Contains("chip.mesh_x = 0"));
  // An unknown key: where it is, and what is allowed.
  CHECK_THROWS_WITH(parse_hw_config("{\n  \"core\": {\"neurons\": 8,\n            \"lane\": 4}}", "hw.json"),
                    Catch::Equals("hw.json:3:13: unknown key 'core.lane' (allowed: axons, delay_slots, lanes, modes, "
                                  "neurons, plasticity, stochastic, weight_bits)"));
  CHECK_THROWS_WITH(parse_hw_config(R"({"energy_pj": {"hop": 1}})", "hw.json"),
                    Catch::Contains("hw.json:1:16: unknown key 'energy_pj.hop'"));
}

TEST_CASE("core event buffer: pending events come out in ascending axon order", "[mapping][core]") {
  const Network net = reference_net();
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  CoreL1 core(chip, 0);
  for (uint32_t a : {700u, 3u, 64u, 63u, 129u}) core.post_event(a, true);
  core.post_event(5, false);  // next step only
  std::vector<int64_t> order;
  for (int64_t a = core.next_pending(0); a >= 0; a = core.next_pending(static_cast<uint32_t>(a) + 1)) order.push_back(a);
  CHECK(order == std::vector<int64_t>{3, 63, 64, 129, 700});
  CHECK(core.synaptic_phase(0) == 5u * 200u);
  CHECK(core.next_pending(0) == -1);
  core.end_step();
  CHECK(core.next_pending(0) == 5);
}

TEST_CASE("quantize_for_chip checks every limit the chip is built with", "[mapping][quant]") {
  // 1100 hidden neurons: they fit 5 cores of N = 256, but the output core would need 1100
  // axons on a chip of A = 1024; building the chip refuses it, so quantising must too.
  GenerateOptions g;
  g.layers = {16, 1100, 4};
  const Network net = generate_network(g);
  CHECK_THROWS_WITH(quantize_for_chip(net, QuantizeOptions{}, default_hw_config()),
                    Catch::Contains("quantize: network does not fit the chip") &&
                        Catch::Contains("needs more than 1024 axons") && Catch::Contains("core.axons"));
  HwConfig wide = default_hw_config();
  wide.core.axons = 2048;
  const Network q = quantize_for_chip(net, QuantizeOptions{}, wide);
  REQUIRE(q.hw);
  CHECK(q.hw->core.axons == 2048);  // the chip it was mapped for goes with it
  CHECK(build_chip_image(q, *q.hw, "q.h5").cores.size() == q.mapping.size());
}

TEST_CASE("a network runs on the chip it was mapped for: a --hw that differs is refused", "[mapping][hw]") {
  GenerateOptions g;
  g.layers = {16, 20, 4};
  HwConfig hw = default_hw_config();
  hw.core.delay_slots = 32;
  const Network q = quantize_for_chip(generate_network(g), QuantizeOptions{}, hw);
  CHECK(target_hw(q, "q.h5", "").core.delay_slots == 32);  // no --hw: the stored chip, not the defaults

  const std::string dir = std::filesystem::temp_directory_path().string();
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  };
  const std::string other = write("nmx_hw_other.json", R"({"core": {"delay_slots": 16}})");
  CHECK_THROWS_WITH(target_hw(q, "q.h5", other),
                    Catch::Contains("nmx_hw_other.json: core.delay_slots = 16 differs from the chip q.h5 was quantised "
                                    "and mapped for (core.delay_slots = 32)"));
  const std::string same = write("nmx_hw_same.json", R"({"core": {"delay_slots": 32}, "clock_mhz": 400})");
  CHECK(target_hw(q, "q.h5", same).clock_mhz == 400);  // same chip: its clock is taken
  Network old = q;
  old.hw.reset();  // a file older than format 3
  CHECK(target_hw(old, "old.h5", other).core.delay_slots == 16);
  CHECK(target_hw(old, "old.h5", "").core.delay_slots == 16);
  std::filesystem::remove(other);
  std::filesystem::remove(same);
}

TEST_CASE("quantisation warns about a projection whose weights lose much, naming it and what helps", "[quant]") {
  GenerateOptions g;
  g.layers = {16, 20, 4};
  g.ternary = false;  // Gaussian weights: about 0.45 relative error as ternary codes, 0.01 as 8-bit
  const Network net = generate_network(g);
  QuantizeReport rep;
  quantize(net, QuantizeOptions{}, &rep);
  REQUIRE(rep.warnings.size() == 2);
  CHECK_THAT(rep.warnings[0], Catch::Contains("projection '" + net.projections[0].name + "'") &&
                                  Catch::Contains("2-bit codes") && Catch::Contains("--weight-bits 4"));
  QuantizeOptions eight;
  eight.weight_bits = 8;
  quantize(net, eight, &rep);
  CHECK(rep.warnings.empty());
  g.ternary = true;  // ternary weights stay exact
  quantize(generate_network(g), QuantizeOptions{}, &rep);
  CHECK(rep.warnings.empty());
}

// ---- learning rules on the chip ---------------------------------------------------------
namespace {

// input(2) -> hidden(4) through `n` dense projections, each with pair STDP.
Network plastic_fanin(int n) {
  Network net;
  net.populations.push_back(test::input_population(2));
  net.populations.push_back(test::uniform_population("hidden", 4, 100, 100, 1000));
  for (int k = 0; k < n; ++k) {
    net.projections.push_back(test::dense_projection(0, 1, 2, 4, 1, {1, 0}, [](uint32_t) { return 0; }));
    net.projections.back().name = "in" + std::to_string(k);
  }
  net.readout = {ReadoutKind::SpikeCount, 1};
  plastic::RuleParams p;
  p.x1 = p.y1 = {200, 1000};
  for (int k = 0; k < n; ++k) set_plasticity(net, "in" + std::to_string(k), "dw = 2^-10*x1*post - 2^-10*y1*pre", p, "net.h5");
  validate(net, "net.h5");
  return net;
}

HwConfig plastic_chip(uint32_t neurons) {
  HwConfig hw = default_hw_config();
  hw.core.plasticity = true;
  hw.core.neurons = neurons;
  hw.source = "hw.json";
  return hw;
}

}  // namespace

TEST_CASE("learning needs the plasticity unit and at most 4 groups per core", "[mapping][plastic]") {
  REQUIRE_NOTHROW(build_chip_image(plastic_fanin(4), plastic_chip(2), "net.h5"));
  HwConfig no_unit = plastic_chip(4);
  no_unit.core.plasticity = false;
  REQUIRE_THROWS_WITH(build_chip_image(plastic_fanin(1), no_unit, "net.h5"),
                      "net.h5: projections[0] 'in0' (rule 'dw = 2^-10*x1*post - 2^-10*y1*pre') learns on chip, but "
                      "the chip has no plasticity unit (hw.json: core.plasticity = false)");
  REQUIRE_THROWS_WITH(build_chip_image(plastic_fanin(5), plastic_chip(2), "net.h5"),
                      "net.h5: core 0 (population 'hidden') receives 5 plastic projections ('in0', 'in1', 'in2', "
                      "'in3', 'in4'), a core holds at most 4 synapse groups (kMaxGroupsPerCore)");
  // A fifth projection without a rule is no group.
  Network mixed = plastic_fanin(5);
  mixed.projections[2].plasticity.reset();
  REQUIRE_NOTHROW(build_chip_image(mixed, plastic_chip(2), "net.h5"));
  // Delay learning needs delays: D = 1 has only delay 0.
  Network dd = plastic_fanin(1);
  apply_rule_overrides(dd, {"in0=dd = [x1 >= 10]*post"}, {}, "net.h5");
  HwConfig d1 = plastic_chip(4);
  d1.core.delay_slots = 1;
  REQUIRE_THROWS_WITH(build_chip_image(dd, d1, "net.h5"),
                      "net.h5: projections[0] 'in0' (rule 'dd = [x1 >= 10]*post') changes delays (dd), but every "
                      "delay is 0 on a chip with D = 1 (hw.json: core.delay_slots, allowed: 2..64)");
  d1.core.delay_slots = 2;
  REQUIRE_NOTHROW(build_chip_image(dd, d1, "net.h5"));
}

TEST_CASE("quantize keeps a rule and checks it against the chip it maps for", "[mapping][plastic]") {
  Network net = plastic_fanin(2);
  HwConfig hw = plastic_chip(4);
  const Network q = quantize_for_chip(net, QuantizeOptions{}, hw, nullptr);
  REQUIRE(q.projections[1].plasticity);
  CHECK(q.projections[1].plasticity->rule == "dw = 2^-10*x1*post - 2^-10*y1*pre");
  hw.core.plasticity = false;
  REQUIRE_THROWS_WITH(quantize_for_chip(net, QuantizeOptions{}, hw, nullptr),
                      Contains("quantize: projections[0] 'in0' (rule 'dw = 2^-10*x1*post - 2^-10*y1*pre') learns on "
                               "chip, but the chip has no plasticity unit"));
}
