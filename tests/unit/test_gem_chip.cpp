// GEM with K compartments on the chip, at L1: the compartment copies, the host's weight tie
// and its learning signal (models/learn/gem/gem_chip.hpp). L1 = L2 = L3 with the same host:
// tests/rtl/test_l3_gem_chip.cpp.
#include <catch2/catch.hpp>

#include <numeric>

#include "bench/paired_timing.hpp"
#include "core/error.hpp"
#include "gem/gem_chip.hpp"
#include "gem/gem_chip_train.hpp"
#include "gem_chip_net.hpp"
#include "hw/hw_config.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"

using namespace nmx;

namespace {

ChipImage plastic_image(const Network& net) {
  HwConfig hw = default_hw_config();
  hw.core.weight_bits = 8;
  hw.core.plasticity = true;
  return build_chip_image(net, hw, "test");
}

// Codes of every copy of base projection j, as the level learned them.
std::vector<std::vector<int8_t>> copy_codes(const gem::Compartments& c, const LevelModel& level, uint32_t j) {
  Network learned = c.net;
  level.write_learned(learned);
  std::vector<std::vector<int8_t>> out;
  for (const uint32_t p : c.projection[j]) out.push_back(learned.projections[p].code);
  return out;
}

// Runs `samples` samples of `steps` steps with a ChipLearner (label = sample mod visible).
void learn(ChipL1& l1, gem::ChipLearner& host, uint32_t inputs, uint32_t samples, uint32_t steps, uint32_t visible) {
  const auto raster = random_input_steps(inputs, 0.3, 5, size_t{samples} * steps + 1);
  PopulationSpikes spikes;
  for (uint32_t s = 0; s < samples; ++s) {
    l1.reset();
    for (uint32_t t = 0; t < steps; ++t) {
      host.before_step(t, s % visible, l1);
      const size_t i = size_t{s} * steps + t;
      l1.step_populations(raster[i], raster[i + 1], spikes);
    }
  }
}

}  // namespace

TEST_CASE("GEM on chip: K compartments copy the neurons and projections but share the inputs", "[gem][gem_chip]") {
  const Network base = test::gem_chip_base(8, 4, 2, 3);
  const gem::Compartments c = gem::replicate_compartments(base, 3, "test");
  REQUIRE(c.net.populations.size() == 1 + 3 + 3);
  REQUIRE(c.net.projections.size() == 2 * 3);
  for (uint32_t k = 0; k < 3; ++k) {
    CHECK(c.population[0][k] == 0);  // the one input population
    const Projection& in = c.net.projections[c.projection[0][k]];
    const Projection& out = c.net.projections[c.projection[1][k]];
    CHECK(in.pre == 0);
    CHECK(in.post == c.population[1][k]);
    CHECK(out.pre == c.population[1][k]);  // compartment k's hidden neurons drive its own visible ones
    CHECK(out.post == c.population[2][k]);
    CHECK(in.code == base.projections[0].code);
    CHECK(out.plasticity.has_value());
  }
  CHECK(c.net.populations[c.population[1][0]].lfsr_seed == base.populations[1].lfsr_seed);
  CHECK(c.net.populations[c.population[1][1]].lfsr_seed != base.populations[1].lfsr_seed);
  CHECK(c.net.populations[c.population[1][2]].lfsr_seed != c.net.populations[c.population[1][1]].lfsr_seed);
  for (uint32_t k = 1; k < 16; ++k) CHECK(gem::compartment_lfsr_seed(uint16_t(k * 0x9E37u), k) != 0);
  CHECK(c.net.readout.population == c.population[2][0]);
  CHECK_NOTHROW(plastic_image(c.net));
}

TEST_CASE("GEM on chip: K outside the hardware's compartments and an unquantised network are refused", "[gem][gem_chip]") {
  const Network base = test::gem_chip_base(8, 4, 2, 3);
  CHECK_THROWS_WITH(gem::replicate_compartments(base, 0, "net.h5"), Catch::Contains("net.h5") && Catch::Contains("[1, 16]"));
  CHECK_THROWS_WITH(gem::replicate_compartments(base, 17, "net.h5"), Catch::Contains("K = 17"));
  Network fl = base;
  for (Population& p : fl.populations) p.fixed = {};
  for (Projection& p : fl.projections) p.weight_bits = 0, p.code.clear();
  CHECK_THROWS_AS(gem::replicate_compartments(fl, 2, "net.h5"), InputError);
}

TEST_CASE("GEM on chip: the tie adds the copies' changes and saturates", "[gem][gem_chip]") {
  const Network base = test::gem_chip_base(8, 4, 2, 3);
  const gem::Compartments c = gem::replicate_compartments(base, 3, "test");
  Network before = c.net, learned = c.net;
  const auto& copies = c.projection[1];
  for (const uint32_t p : copies) before.projections[p].code[0] = 5, before.projections[p].code[1] = 120;
  const int8_t c0[3] = {6, 4, 7}, c1[3] = {125, 126, 127};
  for (uint32_t k = 0; k < 3; ++k) {
    learned.projections[copies[k]].code[0] = c0[k];
    learned.projections[copies[k]].code[1] = c1[k];
  }
  CHECK(gem::tie_compartments(c, before, learned) == 2);  // everything else was unchanged
  for (const uint32_t p : copies) {
    CHECK(learned.projections[p].code[0] == 5 + 1 - 1 + 2);
    CHECK(learned.projections[p].code[1] == 127);  // 120 + 5 + 6 + 7 saturates at the 8-bit code's top
    CHECK(learned.projections[p].weight[0] == Approx(fx::effective_weight(7, learned.projections[p].scale) *
                                                      learned.populations[learned.projections[p].post].lsb));
  }
}

TEST_CASE("GEM on chip: load_weights writes codes into a running L1 chip", "[gem][gem_chip]") {
  const gem::Compartments c = gem::replicate_compartments(test::gem_chip_base(8, 4, 2, 3), 2, "test");
  const ChipImage chip = plastic_image(c.net);
  ChipL1 l1(chip);
  Network want = c.net;
  for (Projection& p : want.projections)
    for (int8_t& code : p.code) code = static_cast<int8_t>(code > 0 ? code - 1 : code + 1);
  l1.load_weights(want);
  Network got = c.net;
  l1.write_learned(got);
  for (size_t j = 0; j < got.projections.size(); ++j) CHECK(got.projections[j].code == want.projections[j].code);
}

TEST_CASE("GEM on chip: with the tie the K copies learn one shared weight at L1, without it they drift apart", "[gem][gem_chip]") {
  constexpr uint32_t kInputs = 12, kVisible = 3;
  const gem::Compartments c = gem::replicate_compartments(test::gem_chip_base(kInputs, 6, kVisible, 7), 3, "test");
  const ChipImage chip = plastic_image(c.net);
  gem::ChipLearnerOptions o;
  o.visible = 2;
  o.sigma_shift = 8;
  SECTION("tied every 4 steps") {
    o.tie_every = 4;
    gem::ChipLearner host(c, o);
    ChipL1 l1(chip);
    learn(l1, host, kInputs, 6, 20, kVisible);
    CHECK(host.ties() == 6 * 20 / 4);
    CHECK(host.tied_changes() > 20);
    // The importance weights add up to one and tell the compartments apart.
    const auto& sigma = host.sigma();
    CHECK(std::abs(std::accumulate(sigma.begin(), sigma.end(), 0) - (1 << 15)) <= 3);
    CHECK(*std::max_element(sigma.begin(), sigma.end()) > *std::min_element(sigma.begin(), sigma.end()));
    // Four more host calls without a step: the fourth ties, and the level's copies agree.
    for (int i = 0; i < 4; ++i) host.before_step(0, 0, l1);
    REQUIRE(host.ties() == 6 * 20 / 4 + 1);
    for (uint32_t j = 0; j < 2; ++j) {
      const auto codes = copy_codes(c, l1, j);
      CHECK(codes[0] != c.net.projections[c.projection[j][0]].code);  // learned
      CHECK(codes[0] == host.tied().projections[c.projection[j][0]].code);
      for (uint32_t k = 1; k < 3; ++k) CHECK(codes[k] == codes[0]);
    }
  }
  SECTION("never tied") {
    o.tie_every = 0;
    gem::ChipLearner host(c, o);
    ChipL1 l1(chip);
    learn(l1, host, kInputs, 6, 20, kVisible);
    CHECK(host.ties() == 0);
    const auto codes = copy_codes(c, l1, 0);
    CHECK(codes[0] != codes[1]);
  }
}

TEST_CASE("GEM on chip: a target class without a visible neuron is refused", "[gem][gem_chip]") {
  const gem::Compartments c = gem::replicate_compartments(test::gem_chip_base(8, 4, 2, 3), 2, "test");
  const ChipImage chip = plastic_image(c.net);
  ChipL1 l1(chip);
  gem::ChipLearnerOptions o;
  o.visible = 2;
  gem::ChipLearner host(c, o);
  CHECK_THROWS_WITH(host.before_step(0, 2, l1), Catch::Contains("class 2"));
  o.visible = 0;
  CHECK_THROWS_WITH(gem::ChipLearner(c, o), Catch::Contains("not a neuron population"));
}

TEST_CASE("GEM on chip: the float model's weights and biases land on the right synapses and neurons", "[gem][gem_chip]") {
  gem::Shape shape;
  shape.inputs = 3, shape.hidden = 2, shape.visible = 4, shape.basis = 1, shape.steps = 10;
  gem::Params p = gem::init_params(shape, gem::Kernels{}, 1);
  for (size_t i = 0; i < p.v.size(); ++i) p.v[i] = 0.01 * double(i + 1) * (i % 2 ? -1 : 1);  // every entry distinct
  const gem::Layout lay(shape);
  GemChipOptions c;
  c.headroom_bits = 0;
  gem::LearnOptions learn;
  learn.lr = 0.0005, learn.kappa = 0.9;
  std::vector<GemChipRate> rates;
  const Network net = gem_chip_network(p, c, learn, 1, &rates);
  REQUIRE(net.projections.size() == 5);
  REQUIRE(rates.size() == 5);
  auto expect = [&](uint32_t j, uint32_t pre_size, uint32_t post_size, auto model) {
    const Projection& pr = net.projections[j];
    INFO(pr.name);
    const double unit = fx::effective_weight(1, pr.scale) * net.populations[pr.post].lsb;
    for (uint32_t i = 0; i < pre_size; ++i)
      for (uint32_t k = 0; k < post_size; ++k) CHECK(std::abs(pr.weight[size_t{i} * post_size + k] - model(i, k)) <= unit / 2 + 1e-12);
    CHECK(pr.plasticity.has_value());
  };
  const double* v = p.v.data();
  expect(0, 3, 2, [&](uint32_t i, uint32_t k) { return v[lay.w_h + k * shape.input_dim() + i]; });
  expect(1, 3, 4, [&](uint32_t i, uint32_t k) { return v[lay.w_v + k * shape.visible_dim() + i]; });
  expect(2, 2, 4, [&](uint32_t i, uint32_t k) { return v[lay.w_v + k * shape.visible_dim() + shape.inputs + i]; });
  const double du = p.kernels.basis_decay[0] / double(fx::kDecayOne);
  for (uint32_t pop : {1u, 2u}) {
    const Population& post = net.populations[pop];
    const Projection& bias = net.projections[pop == 1 ? 3 : 4];
    const double unit = fx::effective_weight(1, bias.scale) * post.lsb / du;
    for (uint32_t k = 0; k < post.size; ++k) {
      const double b = v[(pop == 1 ? lay.b_h : lay.b_v) + k];
      CHECK(std::abs(post.real.bias[k] - b) <= unit / 2 + 1e-12);   // the neuron's own bias
      CHECK(post.fixed.bias[k] == std::lround(post.real.bias[k] / post.lsb));
      CHECK(bias.code[k] == 0);                                    // the bias neuron's synapse learns the change
    }
  }
  CHECK(net.populations[3].spike[0] == SpikeMode::Deterministic);
  for (const GemChipRate& r : rates) {
    INFO(r.projection);
    CHECK(r.lr == Approx(learn.lr).epsilon(0.5));  // a power of two from the asked rate
  }
}
