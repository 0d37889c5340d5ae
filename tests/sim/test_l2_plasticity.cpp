// L2's learning phase: the L1 engine's arithmetic inside the SystemC core, so L1 = L2 bit
// for bit with learning on (every trace and plastic synapse, after every step), and its
// cycles are the RTL unit's formula for what the engine walked: equal to what L1's
// recorded activity gives the closed-form estimate. One SystemC elaboration per process.
#include <catch2/catch.hpp>

#include "l1/chip_l1.hpp"
#include "l2/chip_model_l2.hpp"
#include "lockstep/plastic_state.hpp"
#include "map/cycle_estimate.hpp"
#include "plastic_chips.hpp"

using namespace nmx;

namespace {

// L1 and L2 side by side over one sample; `l` (if set) is the learning signal written before
// every step. Returns the plasticity cycles of every core and step.
uint64_t run_l1_l2(const ChipImage& chip, const test::Raster& raster, int32_t (*l)(uint32_t t, uint32_t n) = nullptr,
                   uint32_t hidden = 48, uint8_t (*clamp)(uint32_t t, uint32_t n) = nullptr) {
  l2::L2Options o;
  o.lockstep_l1 = true;  // spikes compared inside (a divergence throws)
  o.compare_state = true;
  l2::ChipModelL2 l2(chip, o);
  ChipL1 l1(chip);
  l1.record_activity(true);
  l1.reset();
  l2.reset();
  std::vector<CoreSpike> s1, s2;
  uint64_t plastic = 0;
  for (uint32_t t = 0; t < raster.size(); ++t) {
    s1.clear(), s2.clear();
    if (l)
      for (uint32_t n = 0; n < hidden; ++n) l1.set_learning_signal(1, n, l(t, n)), l2.set_learning_signal(1, n, l(t, n));
    if (clamp)
      for (uint32_t n = 0; n < hidden; ++n) l1.set_clamp(1, n, clamp(t, n)), l2.set_clamp(1, n, clamp(t, n));
    l1.step(raster[t], s1);
    l2.step(raster[t], t + 1 < raster.size() ? raster[t + 1] : std::vector<uint32_t>{}, s2);
    const StepEstimate e = estimate_step(chip, l1.last_activity());
    for (uint32_t c = 0; c < chip.cores.size(); ++c) {
      const PlasticSnapshot a = plastic_snapshot(l1.core(c));
      const auto m = compare_plastic(t, c, a, l2.chip().plastic_state(c));
      if (m) FAIL(m->line("L1", "L2"));
      INFO("step " << t << " core " << c);
      CHECK(l2.chip().last_step().cores[c].plastic == e.plastic_cycles[c]);
      plastic += l2.chip().last_step().cores[c].plastic;
    }
    CHECK(l2.chip().last_step().cores.back().plastic == 0);  // the output core does not learn
  }
  return plastic;
}

}  // namespace

TEST_CASE("L2 plasticity: pair STDP on a recurrent network, L1 = L2 and the phase's cycles", "[l2][plasticity]") {
  const ChipImage chip = test::plastic_recurrent_chip(test::pair_stdp(), 32, 48, 16, 3);
  CHECK(run_l1_l2(chip, test::random_raster(32, 40, 0.2, 1)) > 40 * 3 * (16 + 1));  // at least the y sweeps
}

TEST_CASE("L2 plasticity: three-factor rule with epochs and a learning signal, L1 = L2", "[l2][plasticity]") {
  const ChipImage chip = test::plastic_recurrent_chip(test::three_factor(), 32, 48, 16, 5);
  CHECK(run_l1_l2(chip, test::random_raster(32, 30, 0.2, 3), [](uint32_t t, uint32_t n) {
          return ((t / 7) % 2 ? -1 : 1) * static_cast<int32_t>(100 * n + 7 * t);
        }) > 30 * 3 * (16 + 1));
}

TEST_CASE("L2 plasticity: SDSP (membrane tests, delays learn, bistable drift), L1 = L2", "[l2][plasticity]") {
  const ChipImage chip = test::plastic_recurrent_chip(test::sdsp(2), 32, 48, 16, 7);
  CHECK(run_l1_l2(chip, test::random_raster(32, 30, 0.2, 4)) > 30 * 3 * (16 + 1));
}

TEST_CASE("L2 plasticity: GEM eligibility with the factor p and clamped teachers over 500 learning steps, L1 = L2", "[l2][plasticity][gem]") {
  const ChipImage chip = test::plastic_recurrent_chip(test::gem_eligibility(), 8, 12, 16, 13, 1.0);
  CHECK(run_l1_l2(chip, test::random_raster(8, 500, 0.2, 8),
                  [](uint32_t t, uint32_t n) { return static_cast<int32_t>((t * 7 + n * 13) % 129) - 64; }, 12,
                  test::gem_teacher) > 500 * (12 + 1));
}
