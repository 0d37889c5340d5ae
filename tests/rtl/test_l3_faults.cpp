// The checker can fail: a fault injected into the RTL is reported at the exact
// step, core, neuron and field — a flipped weight bit in the RTL memory image, every
// delay off by one, and a wrong rounding constant in the decay.
#include <catch2/catch.hpp>

#include "check/check_run.hpp"
#include "check/level_check.hpp"
#include "test_networks.hpp"

using namespace nmx;

namespace {

std::optional<CheckFailure> run_faulty(const ChipImage& chip, l3::Fault fault, const std::vector<std::vector<uint32_t>>& raster,
                                       const std::function<void(l3::ChipL3&)>& poke = {}) {
  CheckOptions opt;
  opt.systemc = false;
  opt.state = true;
  opt.l3.fault = fault;
  LevelCheck check(chip, opt);
  if (poke) poke(*check.rtl());
  return check.run_sample(raster);
}

std::vector<std::vector<uint32_t>> one_input_at(uint32_t t_in, uint32_t steps) {
  std::vector<std::vector<uint32_t>> r(steps);
  r[t_in] = {0};
  return r;
}

ChipImage delay_chip() {
  HwConfig hw = default_hw_config();
  hw.core.neurons = 64;
  static const Network net = test::delay_network(16);
  return build_chip_image(net, hw, "test");
}

}  // namespace

TEST_CASE("L3 fault: a flipped weight bit in the synapse memory image", "[l3][fault]") {
  const ChipImage chip = delay_chip();
  // Probe 5 (core 1) integrates the relay's spike at 3 + 1 + 5 = 9. Its code +1 (0b01)
  // becomes 0b11 = -1: flip bit 1 of the code field (in whichever memory the row lives).
  const auto f = run_faulty(chip, l3::Fault::None, one_input_at(3, 20), [&](l3::ChipL3& l3) {
    const l3::SynapseSite site = l3::synapse_site(chip, 1, 0, 5, 8);
    l3.flip_synapse_bits(site, 1u << (site.code_lsb + 1));
  });
  REQUIRE(f);
  CHECK(f->line == "MISMATCH step=9 core=1 neuron=5 field=u L1=1 L3=-1");
  CHECK(f->last_agreeing_step == 8);
}

TEST_CASE("L3 fault: every delay off by one", "[l3][fault]") {
  const ChipImage chip = delay_chip();
  // The relay's input (delay 0) lands one step late: it does not fire at step 3.
  const auto f = run_faulty(chip, l3::Fault::DelayPlusOne, one_input_at(3, 20));
  REQUIRE(f);
  CHECK(f->line == "MISMATCH step=3 core=0 neuron=0 field=spike L1=1 L3=0");
  CHECK(f->last_agreeing_step == 2);
}

TEST_CASE("L3 fault: a wrong rounding constant in the decay", "[l3][fault]") {
  // u = 1 decays with du = 2048: 1 * 2048 / 4096 is exactly half an LSB, which rounds up
  // (u -> 0); with the constant 2047 it rounds down (u stays 1).
  Network net;
  net.populations.push_back(test::input_population(1));
  net.populations.push_back(test::uniform_population("p", 1, 2048, 0, fx::kStateMax));
  net.projections.push_back(test::dense_projection(0, 1, 1, 1, 1, {1, 0}, [](uint32_t) { return 0; }));
  net.readout = {ReadoutKind::MaxMembrane, 1};
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  const auto f = run_faulty(chip, l3::Fault::DecayRounding, one_input_at(2, 8));
  REQUIRE(f);
  CHECK(f->line == "MISMATCH step=3 core=0 neuron=0 field=u L1=0 L3=1");
}

TEST_CASE("L3: without a fault the same runs agree", "[l3][fault]") {
  const ChipImage chip = delay_chip();
  CHECK_FALSE(run_faulty(chip, l3::Fault::None, one_input_at(3, 40)));
}

TEST_CASE("L3 fault: the plasticity unit loses a rule term's sign", "[l3][fault][plasticity]") {
  // input(2) -> one neuron that never fires, 8-bit code 0, learning dw = -1 at every pre
  // event (one negative term, no factor, nearest rounding). Input 0 at step 3 is a pre
  // event of synapse 0 -> 0 in step 3: L1 writes -1; the faulty RTL adds the term as +1.
  Network net;
  net.populations.push_back(test::input_population(2));
  net.populations.push_back(test::uniform_population("p", 1, 4096, 0, fx::kStateMax));
  Projection pr = test::dense_projection(0, 1, 2, 1, 0, {1, 0}, [](uint32_t) { return 0; });
  pr.weight_bits = 8;
  plastic::GroupMicrocode rule;
  rule.rounding = plastic::Rounding::Nearest;
  auto& program = rule.program[static_cast<size_t>(plastic::Event::Pre)][static_cast<size_t>(plastic::Target::W)];
  program.terms = 1;
  program.term[0].negative = true;
  pr.plasticity = ProjectionPlasticity{"dw = -pre", rule};
  net.projections.push_back(pr);
  net.readout = {ReadoutKind::MaxMembrane, 1};
  HwConfig hw = default_hw_config();
  hw.core.weight_bits = 8;
  hw.core.plasticity = true;
  const ChipImage chip = build_chip_image(net, hw, "test");
  const auto f = run_faulty(chip, l3::Fault::PlasticSign, one_input_at(3, 8));
  REQUIRE(f);
  CHECK(f->line == "MISMATCH step=3 core=0 synapse=0->0 field=w L1=-1 L3=1");
  CHECK(f->last_agreeing_step == 2);
  CHECK_FALSE(run_faulty(chip, l3::Fault::None, one_input_at(3, 8)));  // and without it they agree
}

TEST_CASE("L3 check on threads: the first divergence and the totals are the sequential run's", "[l3][fault][threads]") {
  const ChipImage chip = delay_chip();
  // Samples 0..3 carry no input, so the faulty delay shows first in sample 4; 5..7 fail too,
  // and a worker may run some of them before sample 4 is done.
  std::vector<std::vector<std::vector<uint32_t>>> samples(4, std::vector<std::vector<uint32_t>>(20));
  for (uint32_t t : {3u, 5u, 2u, 7u}) samples.push_back(one_input_at(t, 20));
  auto run = [&](l3::Fault fault, unsigned threads) {
    CheckRunOptions o;
    o.systemc = false;
    o.state = true;
    o.fault = fault;
    o.threads = threads;
    return run_check(chip, samples, o);
  };
  const CheckRunResult one = run(l3::Fault::DelayPlusOne, 1), three = run(l3::Fault::DelayPlusOne, 3);
  CHECK(one.threads == 1);
  CHECK(three.threads == 3);
  REQUIRE(one.failure);
  REQUIRE(three.failure);
  CHECK(one.failure->sample == 4);
  CHECK(three.failure->sample == 4);
  CHECK(three.failure->line == "MISMATCH step=3 core=0 neuron=0 field=spike L1=1 L3=0");
  CHECK(three.failure->line == one.failure->line);
  CHECK(three.samples == 5);
  CHECK(three.samples == one.samples);
  CHECK(three.steps == one.steps);
  CHECK(three.spikes == one.spikes);
  CHECK(three.words == one.words);
  CHECK(one.steps == 4 * 20 + 3);  // four clean samples, then steps 0..2 of sample 4 agreed

  const CheckRunResult clean1 = run(l3::Fault::None, 1), clean3 = run(l3::Fault::None, 3);
  CHECK_FALSE(clean1.failure);
  CHECK_FALSE(clean3.failure);
  CHECK(clean3.samples == samples.size());
  CHECK(clean3.steps == samples.size() * 20);
  CHECK(clean3.spikes == clean1.spikes);
  CHECK(clean3.spikes > 0);
  CHECK(clean3.words == clean1.words);
}
