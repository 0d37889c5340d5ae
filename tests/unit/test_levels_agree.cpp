// L0 vs L1 on a random 3-layer ternary-delay network: with a fine quantisation step the
// two levels agree on >= 95% of spikes; results do not depend on the thread count.
#include <catch2/catch.hpp>

#include "data/dataset.hpp"
#include "gen/generate.hpp"
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
