// L0 vs L1 on a random 3-layer ternary-delay network: with a fine quantisation step the
// two levels agree on >= 95% of spikes; results do not depend on the thread count; clamped
// neurons follow their teacher at both levels.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "data/dataset.hpp"
#include "encode/encoder.hpp"
#include "gen/generate.hpp"
#include "l0/network_l0.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "quant/quantize.hpp"
#include "run/runner.hpp"

using namespace nmx;

namespace {

Network random_network(uint64_t seed, int theta_bits, double stochastic = 0.0) {
  GenerateOptions g;
  g.layers = {784, 120, 40, 10};
  g.max_delay = 7;
  g.seed = seed;
  g.stochastic_fraction = stochastic;
  g.weight_gain = 1.5;
  QuantizeOptions q;
  q.theta_bits = theta_bits;
  return quantize(generate_network(g), q);
}

RunReport run(const Network& net, const Dataset& data, unsigned threads) {
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  RunOptions opt;
  opt.level = Level::Fixed;
  opt.threads = threads;
  return run_dataset(net, &chip, data, opt);
}

}  // namespace

TEST_CASE("L0 and L1 agree on >= 95% of spikes with a fine quantisation step", "[levels]") {
  const Dataset data = load_dataset("fashion-mnist", Split::Test, 60);
  const RunReport fine = run(random_network(7, 16), data, 2);
  INFO("fine: dice " << fine.spike_agreement << " pred " << fine.prediction_agreement);
  CHECK(fine.spike_agreement >= 0.95);
  CHECK(fine.prediction_agreement >= 0.9);
  for (const auto& p : fine.populations) {
    INFO(p.name);
    CHECK(p.spikes_per_sample > 1.0);  // the network is active, the agreement is not vacuous
    CHECK(p.count_correlation > 0.95);
    CHECK(p.membrane_rmse_theta < 0.1);
  }
  // A coarse step must measurably cost agreement: the comparison can fail.
  const RunReport coarse = run(random_network(7, 3), data, 2);
  INFO("coarse: dice " << coarse.spike_agreement);
  CHECK(coarse.spike_agreement < fine.spike_agreement);
  CHECK(coarse.populations[0].membrane_rmse_theta > fine.populations[0].membrane_rmse_theta);
}

TEST_CASE("L1 results are bit-identical for 1 and 2 threads, stochastic neurons included", "[levels][determinism]") {
  const Dataset data = load_dataset("mnist", Split::Test, 24);
  const Network net = random_network(11, 12, 0.3);
  const RunReport one = run(net, data, 1), two = run(net, data, 2);
  CHECK(one.predictions == two.predictions);
  CHECK(one.predictions_l0 == two.predictions_l0);
  CHECK(one.spike_agreement == two.spike_agreement);
  CHECK(one.synaptic_events_per_sample == two.synaptic_events_per_sample);
  for (size_t p = 0; p < one.populations.size(); ++p) {
    CHECK(one.populations[p].spikes_per_sample == two.populations[p].spikes_per_sample);
    CHECK(one.populations[p].membrane_rmse_theta == two.populations[p].membrane_rmse_theta);
  }
}

TEST_CASE("clamped neurons follow their teacher at L0 and L1, the rest run free, reset frees them", "[levels][clamp]") {
  const Network net = random_network(5, 12);
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  NetworkL0 l0(net);
  ChipL1 l1(chip);
  const Dataset data = load_dataset("fashion-mnist", Split::Test, 1);
  const auto input = encode(net.encoder, data.image(0), net.populations[0].size, 0).steps;
  // hidden population 1: neurons 0..19 clamped, spike at t when (t + n) % 4 == 0
  auto teacher = [](uint32_t t, uint32_t n) { return (t + n) % 4 == 0; };
  PopulationSpikes s0, s1;
  uint64_t free_spikes = 0;
  for (int pass = 0; pass < 2; ++pass) {
    l0.reset();
    l1.reset();
    for (uint32_t t = 0; t < input.size(); ++t) {
      if (pass == 0)
        for (uint32_t n = 0; n < 20; ++n) {
          const uint8_t c = teacher(t, n) ? fx::kClampSpike : fx::kClampSilent;
          l0.set_clamp(1, n, c);
          l1.set_clamp(1, n, c);
        }
      l0.step_populations(input[t], {}, s0);
      l1.step_populations(input[t], {}, s1);
      for (uint32_t n = 0; n < 20; ++n) {
        INFO("pass " << pass << " step " << t << " neuron " << n);
        const bool in0 = std::count(s0[1].begin(), s0[1].end(), n) > 0, in1 = std::count(s1[1].begin(), s1[1].end(), n) > 0;
        if (pass == 0) {
          CHECK(in0 == teacher(t, n));
          CHECK(in1 == teacher(t, n));
        } else {
          free_spikes += in1 ? 1 : 0;
        }
      }
      if (pass == 1 && t == 0) CHECK(l1.core(0).clamp(0) == fx::kClampFree);
    }
  }
  CHECK(free_spikes > 0);  // after reset the first 20 run free again (and are not all silent)
}

TEST_CASE("an error inside a sample's worker thread reaches the caller as itself, at any thread count", "[levels][errors]") {
  const Network net = random_network(3, 12);
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  const Dataset data = load_dataset("fashion-mnist", Split::Test, 8);
  for (const unsigned threads : {1u, 2u}) {
    RunOptions opt;
    opt.level = Level::Fixed;
    opt.threads = threads;
    opt.observe = [](size_t sample, uint32_t step, const std::vector<uint32_t>&, const LevelModel&, const PopulationSpikes&) {
      if (sample == 5 && step == 2) throw InputError("sample 5 cannot be recorded");
    };
    CHECK_THROWS_WITH(run_dataset(net, &chip, data, opt), "sample 5 cannot be recorded");
  }
}
