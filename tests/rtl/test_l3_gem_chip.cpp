// GEM with K compartments learning on the chip, L1 = L2 = L3 bit for bit after every step
// (spikes, neuron state, traces, every plastic synapse's e, w and d) and L2 = L3 cycle for
// cycle: each level has its own host (models/learn/gem/gem_chip.hpp) computing the
// importance weights from that level's own visible membranes, clamping the visible
// neurons to the target and tying the compartments' weights through the load port.
#include <catch2/catch.hpp>

#include <map>

#include "check/level_check.hpp"
#include "gem/gem_chip.hpp"
#include "gem_chip_net.hpp"
#include "hw/hw_config.hpp"
#include "l2_harness.hpp"

using namespace nmx;

TEST_CASE("L3 GEM on chip: two compartments with the host's signal, clamps and weight ties over 500 learning steps", "[l3][plasticity][gem]") {
  constexpr uint32_t kInputs = 8, kVisible = 3, kSamples = 10, kSteps = 50;
  const gem::Compartments c = gem::replicate_compartments(test::gem_chip_base(kInputs, 4, kVisible, 7), 2, "test");
  HwConfig hw = default_hw_config();
  hw.core.weight_bits = 8;
  hw.core.plasticity = true;
  const ChipImage chip = build_chip_image(c.net, hw, "test");
  gem::ChipLearnerOptions o;
  o.visible = 2;
  o.tie_every = 5;
  o.sigma_shift = 8;
  std::map<const LevelModel*, gem::ChipLearner> hosts;
  std::map<const LevelModel*, uint32_t> samples;
  CheckOptions opt;
  opt.state = true;
  opt.before_step = [&](uint32_t t, LevelModel& level) {
    gem::ChipLearner& host = hosts.try_emplace(&level, c, o).first->second;
    uint32_t& s = samples[&level];
    if (t == 0) ++s;
    host.before_step(t, (s - 1) % kVisible, level);
  };
  LevelCheck check(chip, opt);
  for (uint32_t s = 0; s < kSamples; ++s) {
    const auto failure = check.run_sample(test::random_raster(kInputs, kSteps, 0.3, 20 + s));
    if (failure) FAIL(failure->line << " (sample " << failure->sample << ", last agreeing step " << failure->last_agreeing_step << ")");
  }
  CHECK(check.steps() == kSamples * kSteps);
  REQUIRE(hosts.size() == 3);
  const gem::ChipLearner& first = hosts.begin()->second;  // any level's: all three must agree
  CHECK(first.ties() == kSamples * kSteps / 5);
  CHECK(first.tied_changes() > 50);  // the tied weights moved
  for (const auto& [level, host] : hosts) {
    CHECK(host.ties() == first.ties());
    CHECK(host.tied_changes() == first.tied_changes());
    CHECK(host.signal() == first.signal());
    for (size_t j = 0; j < c.net.projections.size(); ++j) CHECK(host.tied().projections[j].code == first.tied().projections[j].code);
  }
  // The compartments saw different evidence: their signals differ.
  CHECK(first.signal()[0] != first.signal()[1]);
  std::printf("GEM on chip, K = 2: %llu steps, %llu ties moving %llu synapses, %llu L3 cycles, L3 %.2f s\n",
              static_cast<unsigned long long>(check.steps()), static_cast<unsigned long long>(first.ties()),
              static_cast<unsigned long long>(first.tied_changes()), static_cast<unsigned long long>(check.l3_cycles()),
              check.l3_seconds());
}
