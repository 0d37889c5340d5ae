// L0 plasticity unit (models/chip/l0/plasticity_l0): the float twin of L1's, and the
// learned network written back and run again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/temp_path.hpp"
#include "l0/network_l0.hpp"
#include "l1/chip_l1.hpp"
#include "net/network_io.hpp"
#include "plastic_rules.hpp"

using namespace nmx;
using namespace nmx::test;
using plastic::Event, plastic::Source, plastic::Target, plastic::Rounding;

namespace {

Network with_rule(Network net, const plastic::GroupMicrocode& g) {
  for (Projection& pr : net.projections) make_plastic(pr, g);
  return net;
}

std::vector<uint32_t> run_l1(ChipL1& chip, const std::vector<std::vector<uint32_t>>& raster) {
  std::vector<uint32_t> all;
  for (const auto& in : raster) {
    std::vector<CoreSpike> out;
    chip.step(in, out);
    for (const CoreSpike& s : out) all.push_back(uint32_t{s.core} << 16 | s.neuron);
    all.push_back(~0u);
  }
  return all;
}

}  // namespace

TEST_CASE("plasticity L0: two-input pair STDP on doubles, as computed by hand", "[plasticity]") {
  // The L1 case of test_plasticity_l1.cpp without rounding: x = 1000 * (3/4)^k, w exact.
  const auto g = pair_stdp(4, 3, {1024, 1000}, {2048, 2000});
  const Network net = plastic_pair_network(2, 1, {0, 100}, 8, g, 50);
  NetworkL0 l0(net);
  REQUIRE(l0.learns());
  const plastic::PlasticityL0& p = *l0.plasticity(1);
  PopulationSpikes spikes;
  const std::vector<std::vector<uint32_t>> raster = {{}, {}, {0}, {}, {}, {1}, {}, {0}};
  std::vector<double> x0, w0, w1;
  for (const auto& in : raster) {
    l0.step(in, spikes);
    x0.push_back(p.x1(0, 0));
    w0.push_back(p.code(0, 0));
    w1.push_back(p.code(0, 1));
  }
  CHECK(x0[2] == 1000.0);
  CHECK(x0[5] == Approx(421.875));
  CHECK(x0[7] == Approx(1000 + 1000 * std::pow(0.75, 5)));
  CHECK(w0[5] == Approx(421.875 / 16));
  CHECK(w1[5] == 127.0);                                 // 100 + 62.5 clamps at the code range
  CHECK(w0[7] == Approx(421.875 / 16 - 500.0 / 8));      // y = 2000 / 4 at step 7
  CHECK(l0.plasticity(1)->weights(0)[0] == Approx(w0[7]));  // scale 1, lsb 1
}

TEST_CASE("plasticity L0: the factor p is sigmoid(v) in units of 2^-16, as L1's table up to its bins", "[plasticity][gem]") {
  plastic::GroupMicrocode g;
  g.rounding = Rounding::Nearest;
  add_term(g, Event::Pre, Target::E, term(false, 4, {factor(Source::P)}));
  // sigmoid(v) of the real membrane at L0, the table at v >> 4 (bins of 1/16) at L1
  const Network net = stochastic_pair_network(1, {1200, -900, 0, 40}, g);
  NetworkL0 l0(net);
  const ChipImage img = build_chip_image(net, plastic_hw(), "test");
  ChipL1 l1(img);
  PopulationSpikes spikes;
  std::vector<CoreSpike> out;
  l0.step({0}, spikes);
  l1.step({0}, out);
  for (uint32_t k = 0; k < 4; ++k) {
    INFO("out neuron " << k);
    const double v = net.populations[1].real.bias[k];
    CHECK(l0.plasticity(1)->e(0, k) == Approx(fx::kProbabilityOne / (1 + std::exp(-v)) / 16));
    // L1's table entry sits at the centre of its bin: at most half a bin (1/32) times the
    // sigmoid's largest slope (1/4) away, then / 16 and rounded
    CHECK(std::abs(l0.plasticity(1)->e(0, k) - l1.plasticity(0)->e(0, k)) <= fx::kProbabilityOne / 4 / 32 / 16 + 0.5);
  }
}

TEST_CASE("plasticity L0: learned weights drift little from L1's on a generated recurrent network", "[plasticity]") {
  // 8-bit codes, slow pair STDP, nearest rounding: the change of each code at L1 against
  // the change of w at L0, same inputs.
  const Network net = with_rule(recurrent_network(64, 96, 0.2, 8, 7, 2.0),
                                pair_stdp(8, 8, {512, 3000}, {512, 3000}, Rounding::Nearest));
  const ChipImage img = build_chip_image(net, plastic_hw(96), "test");
  ChipL1 l1(img);
  NetworkL0 l0(net);
  const auto raster = random_raster(64, 200, 0.2, 23);
  PopulationSpikes spikes;
  uint64_t s1 = 0, s0 = 0;
  for (const auto& in : raster) {
    std::vector<CoreSpike> out;
    l1.step(in, out);
    l0.step(in, spikes);
    s1 += out.size();
    s0 += spikes[1].size();
  }
  Network learned1 = net, learned0 = net;
  l1.write_learned(learned1);
  l0.write_learned(learned0);
  double dot = 0, n1 = 0, n0 = 0, abs_err = 0;
  size_t count = 0;
  for (size_t k = 0; k < net.projections.size(); ++k) {
    const plastic::PlasticityL0& p = *l0.plasticity(1);
    for (size_t s = 0; s < net.projections[k].code.size(); ++s) {
      const double d1 = learned1.projections[k].code[s] - net.projections[k].code[s];
      const double d0 = p.code(static_cast<uint32_t>(k), static_cast<uint32_t>(s)) -
                        net.projections[k].weight[s] / (net.projections[k].scale.mant * std::ldexp(1.0, net.projections[k].scale.exp) *
                                                       net.populations[1].lsb);
      dot += d1 * d0, n1 += d1 * d1, n0 += d0 * d0;
      abs_err += std::abs(d1 - d0);
      ++count;
    }
  }
  INFO("spikes L1 " << s1 << " L0 " << s0 << ", mean |dL1 - dL0| " << abs_err / count << " codes, correlation "
                    << dot / std::sqrt(n1 * n0) << ", rms change L1 " << std::sqrt(n1 / count));
  REQUIRE(n1 > 0);
  CHECK(dot / std::sqrt(n1 * n0) > 0.9);
  CHECK(abs_err / count < 0.35 * std::sqrt(n1 / count) + 0.5);
}

TEST_CASE("plasticity: a saved learned network re-runs to identical spikes", "[plasticity]") {
  const Network net = with_rule(recurrent_network(64, 96, 0.2, 8, 7, 3.0),
                                pair_stdp(2, 3, {1024, 2000}, {1024, 2000}, Rounding::Stochastic));
  const HwConfig hw = plastic_hw(48);
  const ChipImage img = build_chip_image(net, hw, "test");
  ChipL1 chip(img);
  run_l1(chip, random_raster(64, 60, 0.3, 29));
  Network learned = net;
  chip.write_learned(learned);
  TempPath dir = TempPath::new_dir("nmx-plastic");
  const std::string path = dir.path() + "/learned.h5";
  write_network(learned, path);
  const Network back = read_network(path);
  // The learned chip without learning, and the saved network's chip: the same spikes.
  const auto probe = random_raster(64, 60, 0.3, 31);
  chip.set_learning(false);
  chip.reset();
  Network frozen = back;
  for (Projection& pr : frozen.projections) pr.plasticity.reset();
  const ChipImage img2 = build_chip_image(frozen, hw, "test");
  ChipL1 again(img2);
  const auto a = run_l1(chip, probe), b = run_l1(again, probe);
  CHECK(a == b);
  size_t changed = 0;
  for (size_t k = 0; k < net.projections.size(); ++k) {
    CHECK(back.projections[k].code == learned.projections[k].code);
    for (size_t s = 0; s < net.projections[k].code.size(); ++s) {
      changed += back.projections[k].code[s] != net.projections[k].code[s];
      CHECK(back.projections[k].weight[s] == fx::effective_weight(back.projections[k].code[s], back.projections[k].scale) *
                                                 back.populations[1].lsb);
    }
  }
  CHECK(changed > 0);
}

namespace {

// input(1) -> probe(1): u is this step's input, v never reaches theta; one plastic 8-bit
// synapse (code 1, delay d0) whose rule changes only its delay, on a chip with D = 16.
struct DelayProbe {
  Network net;
  ChipImage image;
  DelayProbe(const plastic::GroupMicrocode& rule, uint8_t d0) {
    net.populations.push_back(input_population(1));
    net.populations.push_back(uniform_population("probe", 1, 4096, 0, fx::kStateMax));
    net.projections.push_back(coded_projection(0, 1, {1}, 8, {1, 0}, d0));
    make_plastic(net.projections[0], rule);
    net.readout = {ReadoutKind::MaxMembrane, 1};
    validate(net, "test");
    const HwConfig hw = plastic_hw(16, 16);
    net.hw = hw;
    image = build_chip_image(net, hw, "test");
  }
};

plastic::GroupMicrocode delay_rule(int shift, bool negative) {
  plastic::GroupMicrocode g;
  g.rounding = Rounding::Nearest;
  add_term(g, Event::Pre, Target::D, term(negative, shift, {}));
  return g;
}

}  // namespace

TEST_CASE("plasticity L0: a dd rule learns delays, continuous at L0, used rounded", "[plasticity][delay]") {
  // dd = 2^-2 * pre: each input event adds 1/4 to d after that step's delivery, which used
  // round(d) (half away from zero): arrivals at 2, 2, 3, 3, 3, 3, 4, 4 steps after the input.
  const DelayProbe probe(delay_rule(2, false), 2);
  NetworkL0 l0(probe.net);
  REQUIRE(l0.plasticity(1)->delays_learn());
  PopulationSpikes spikes;
  std::vector<uint32_t> arrivals;
  for (uint32_t t = 0; t < 80; ++t) {
    l0.step(t % 10 == 0 ? std::vector<uint32_t>{0} : std::vector<uint32_t>{}, spikes);
    if (l0.neuron(1, 0).u == 1.0) arrivals.push_back(t % 10);
    CHECK((l0.neuron(1, 0).u == 0.0 || l0.neuron(1, 0).u == 1.0));
  }
  CHECK(arrivals == std::vector<uint32_t>{2, 2, 3, 3, 3, 3, 4, 4});
  CHECK(l0.plasticity(1)->delay(0, 0) == 4.0);
  CHECK(l0.plasticity(1)->delays(0)[0] == 4);
}

TEST_CASE("plasticity L0: delays learned by dd = +-pre agree with L1 and saturate at 0 and D - 1", "[plasticity][delay]") {
  for (const bool negative : {false, true}) {
    INFO((negative ? "dd = -pre" : "dd = pre"));
    const DelayProbe probe(delay_rule(0, negative), 6);
    ChipL1 l1(probe.image);
    NetworkL0 l0(probe.net);
    PopulationSpikes spikes;
    std::vector<CoreSpike> out;
    std::vector<uint32_t> a1, a0;
    for (uint32_t t = 0; t < 14 * 20; ++t) {
      const std::vector<uint32_t> in = t % 20 == 0 ? std::vector<uint32_t>{0} : std::vector<uint32_t>{};
      l1.step(in, out);
      l0.step(in, spikes);
      if (l1.neuron(0, 0).u == 1) a1.push_back(t % 20);
      if (l0.neuron(1, 0).u == 1.0) a0.push_back(t % 20);
    }
    // The k-th input arrives after 6 ± k steps, clamped to [0, 15].
    std::vector<uint32_t> expected;
    for (int k = 0; k < 14; ++k) expected.push_back(static_cast<uint32_t>(std::clamp(6 + (negative ? -k : k), 0, 15)));
    CHECK(a1 == expected);
    CHECK(a0 == expected);
    CHECK(l1.plasticity(0)->delay(0, 0) == (negative ? 0u : 15u));
    CHECK(l0.plasticity(1)->delay(0, 0) == (negative ? 0.0 : 15.0));
  }
}
