// On-chip learning at every level: L1 (the engine), L2 (its learning phase timed) and L3
// (rtl/nmx_plasticity.sv) bit for bit after every step — spikes, neuron state, every trace
// and every plastic synapse's w, e and d — and L2 = L3 cycle for cycle, plasticity phase
// included, on a generated recurrent network learning with pair STDP, a three-factor rule
// with epochs and a learning signal, and SDSP. Each test case runs in its own process.
#include <catch2/catch.hpp>

#include <cstdio>

#include "check/level_check.hpp"
#include "plastic/plastic_cycles.hpp"
#include "plastic_chips.hpp"
#include "test_networks.hpp"

using namespace nmx;
using test::random_raster;

namespace {

struct Run {
  uint64_t steps = 0, spikes = 0, l3_cycles = 0, plastic_cycles = 0;
  uint32_t changed = 0;  // plastic synapses whose w or d differ from the image at the end
  double l2_seconds = 0, l3_seconds = 0;
};

// Every sample through L1, L2 and L3 with state comparison; a divergence fails with the
// checker's MISMATCH line.
Run run_all(const ChipImage& chip, const std::vector<test::Raster>& samples, CheckOptions opt = {}) {
  opt.state = true;
  LevelCheck check(chip, opt);
  check.l1().record_activity(true);  // the closed-form estimate's counts, plasticity phase included
  Run r;
  for (const auto& raster : samples) {
    const auto failure = check.run_sample(raster);
    if (failure) FAIL(failure->line << " (sample " << failure->sample << ", last agreeing step "
                                   << failure->last_agreeing_step << ")");
  }
  r.steps = check.steps();
  r.l2_seconds = check.l2_seconds();
  r.l3_seconds = check.l3_seconds();
  r.spikes = check.spikes();
  r.l3_cycles = check.l3_cycles();
  for (uint32_t c = 0; c < chip.cores.size(); ++c) {
    const plastic::PlasticityL1* p = check.l1().plasticity(c);
    if (!p) continue;
    const CoreImage& ci = chip.cores[c];
    for (const uint32_t a : p->plastic_axons())
      for (uint32_t k = 0; k < ci.axons[a].length; ++k) {
        const AxonRow& row = ci.axons[a];
        const int32_t w0 = row.packed ? fx::ternary_from_bits(ci.packed[row.begin + k] & 3u) : ci.entries[row.begin + k].code;
        const uint32_t d0 = row.packed ? ci.packed[row.begin + k] >> 2 : ci.entries[row.begin + k].delay;
        r.changed += (p->code(a, k) != w0 || p->delay(a, k) != d0) ? 1 : 0;
      }
    r.plastic_cycles += check.rtl()->last_step().cores[c].plastic;
  }
  // The estimate's plasticity phase is exact: L1's counts give L3's last step, core by core.
  const StepEstimate e = estimate_step(chip, check.l1().last_activity());
  for (uint32_t c = 0; c < chip.cores.size(); ++c) {
    INFO("core " << c);
    CHECK(e.plastic_cycles[c] == check.rtl()->last_step().cores[c].plastic);
  }
  return r;
}

}  // namespace

TEST_CASE("L3 plasticity: pair STDP on a recurrent network, L1 = L2 = L3 and cycles L2 = L3", "[l3][plasticity]") {
  const ChipImage chip = test::plastic_recurrent_chip(test::pair_stdp(), 32, 48, 16, 3);
  REQUIRE(chip.cores.size() == 4);  // 3 hidden cores of 16, each with 2 groups, and the output core
  REQUIRE(chip.cores[0].groups.size() == 2);
  const Run r = run_all(chip, {random_raster(32, 40, 0.15, 1), random_raster(32, 30, 0.3, 2)});
  CHECK(r.steps == 70);
  CHECK(r.spikes > 100);
  CHECK(r.changed > 20);          // learning happened, and every change agreed
  CHECK(r.plastic_cycles > 100);  // the last step's plasticity phases, compared with L2's
}

TEST_CASE("L3 plasticity: three-factor rule with epochs and a learning signal", "[l3][plasticity]") {
  const ChipImage chip = test::plastic_recurrent_chip(test::three_factor(), 32, 48, 16, 5);
  CheckOptions opt;
  // The host writes l before every step: a reward-like signal that changes sign.
  opt.before_step = [](uint32_t t, LevelModel& level) {
    for (uint32_t n = 0; n < 48; ++n) level.set_learning_signal(1, n, ((t / 7) % 2 ? -1 : 1) * static_cast<int32_t>(100 * n + 7 * t));
  };
  const Run r = run_all(chip, {random_raster(32, 45, 0.2, 3)}, opt);
  CHECK(r.steps == 45);
  CHECK(r.changed > 10);
}

TEST_CASE("L3 plasticity: SDSP (membrane tests, delays learn, bistable drift)", "[l3][plasticity]") {
  const ChipImage chip = test::plastic_recurrent_chip(test::sdsp(2), 32, 48, 16, 7);
  const Run r = run_all(chip, {random_raster(32, 40, 0.2, 4), random_raster(32, 20, 0.1, 5)});
  CHECK(r.steps == 60);
  CHECK(r.changed > 20);
}

TEST_CASE("L3 plasticity: 500 recurrent steps learning with pair STDP", "[l3][plasticity][long]") {
  // 8 inputs, 12 hidden neurons on 16-neuron cores: about 600 cycles a step, 95% of them the
  // learning phase (a recurrent net learning on every spike); about 45 s of L3 on the
  // built-in 20-core chip, which evaluates every core every cycle.
  const ChipImage chip = test::plastic_recurrent_chip(test::pair_stdp(), 8, 12, 16, 11);
  REQUIRE(chip.cores.size() == 2);
  const Run r = run_all(chip, {random_raster(8, 500, 0.1, 6)});
  CHECK(r.steps == 500);
  CHECK(r.changed > 20);
  // docs/performance.md: the timed levels' speed with learning on
  std::printf("plasticity, 500 steps, 2 cores: %llu cycles; L2 %.2f s (%.0f cycles/s), L3 %.2f s (%.0f cycles/s)\n",
              static_cast<unsigned long long>(r.l3_cycles), r.l2_seconds, r.l3_cycles / r.l2_seconds, r.l3_seconds,
              r.l3_cycles / r.l3_seconds);
}

TEST_CASE("L3 plasticity: GEM eligibility (post - p) * x1 on stochastic neurons, clamped teachers and a learning signal", "[l3][plasticity][gem]") {
  // The factor p: the sigmoid table at the post membrane, read through the neuron pipe's
  // read-back port in the plasticity phase. Four hidden neurons are clamped to a teacher
  // (their post events are the teacher's spikes), the host rewrites clamps and l every step.
  const ChipImage chip = test::plastic_recurrent_chip(test::gem_eligibility(), 8, 12, 16, 13, 1.0);
  REQUIRE(chip.cores.size() == 2);
  REQUIRE_FALSE(chip.cores[0].sigmoid_lut.empty());
  CheckOptions opt;
  opt.before_step = [](uint32_t t, LevelModel& level) {
    for (uint32_t n = 0; n < 12; ++n) {
      level.set_learning_signal(1, n, static_cast<int32_t>((t * 7 + n * 13) % 129) - 64);
      level.set_clamp(1, n, test::gem_teacher(t, n));
    }
  };
  // Every synapse is walked every step (epoch 1), a long plasticity phase: 70 steps here
  // (L1 = L2 over 500 in tests/sim/test_l2_plasticity.cpp).
  const Run r = run_all(chip, {random_raster(8, 50, 0.2, 8), random_raster(8, 20, 0.2, 9)}, opt);
  CHECK(r.steps == 70);
  CHECK(r.spikes > 50);
  CHECK(r.changed > 20);
}

TEST_CASE("L3 plasticity: learning off skips the phase at every level", "[l3][plasticity]") {
  const ChipImage chip = test::plastic_recurrent_chip(test::pair_stdp(), 32, 48, 16, 3);
  CheckOptions opt;
  opt.state = true;
  LevelCheck check(chip, opt);
  check.l1().set_learning(false);
  check.systemc()->set_learning(false);
  check.rtl()->set_learning(false);
  REQUIRE_FALSE(check.run_sample(random_raster(32, 20, 0.3, 1)));
  for (const auto& core : check.rtl()->last_step().cores) CHECK(core.plastic == 0);
}

TEST_CASE("L3 plasticity: a phase counted by hand", "[l3][plasticity][cycles]") {
  // input(2) -> one neuron that never fires, 8-bit codes 0, dw = -1 at every pre event
  // (one term without factors, nearest rounding): N = 1, A_used = 2, one group.
  Network net;
  net.populations.push_back(test::input_population(2));
  net.populations.push_back(test::uniform_population("p", 1, 4096, 0, fx::kStateMax));
  Projection pr = test::dense_projection(0, 1, 2, 1, 0, {1, 0}, [](uint32_t) { return 0; });
  pr.weight_bits = 8;
  plastic::GroupMicrocode rule;
  rule.rounding = plastic::Rounding::Nearest;
  test::add(rule, plastic::Event::Pre, plastic::Target::W, test::term(true, 0, {}));
  pr.plasticity = ProjectionPlasticity{"dw = -pre", rule};
  net.projections.push_back(pr);
  net.readout = {ReadoutKind::MaxMembrane, 1};
  HwConfig hw = default_hw_config();
  hw.core.weight_bits = 8;
  hw.core.plasticity = true;
  const ChipImage chip = build_chip_image(net, hw, "test");
  REQUIRE(plastic::evaluation_cycles(rule, plastic::Event::Pre) == 3 + (1 + 2) + 1);  // fetch, term + round, write
  l3::ChipL3 l3(chip);
  std::vector<CoreSpike> out;
  l3.step({}, {0}, out);  // no event: y sweep N + 1, axon pass 2 A, neuron pass 2 N
  CHECK(l3.last_step().cores[0].plastic == 2 + 4 + 2);
  l3.step({0}, {}, out);  // axon 0's event: its one synapse evaluated
  CHECK(l3.last_step().cores[0].plastic == 2 + 4 + 7 + 2);
  CHECK(l3.last_step().cycles == l3.last_step().cores[0].synaptic + l3.last_step().cores[0].neuron +
                                     l3.last_step().cores[0].plastic + l3.last_step().cores[0].idle);
  const PlasticSnapshot s = l3.plastic_snapshot(0);
  REQUIRE(s.synapses.size() == 2);
  CHECK(s.synapses[0].w == -1);  // learned in step 1
  CHECK(s.synapses[1].w == 0);
}
