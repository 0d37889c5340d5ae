// The L2 cycle model: a step counted by hand, the closed-form estimate against the model
// on generated networks, and the accounting identities (docs/cycle-model.md).
#include <cmath>
#include <cstdio>

#include <catch2/catch.hpp>

#include "hw/microarch.hpp"
#include "case_chips.hpp"
#include "data/dataset.hpp"
#include "run/runner.hpp"

using namespace nmx;
using test::random_raster;
using test::run_lockstep;

TEST_CASE("L2 cycles: a tiny chip counted by hand", "[l2][cycles]") {
  // L = 2 lanes, 1x1 mesh (router latency 1).
  const ChipImage chip = test::tiny_hand_chip(2);
  l2::ChipModelL2 model(chip, {});
  model.reset();
  std::vector<CoreSpike> out;
  model.step({0, 1}, {}, out);
  // Preload: host events sent in cycles 1 and 2, written in 2 and 3; done 4; barrier 2.
  CHECK(model.chip().last_preload().cycles == 6);
  const StepCycles s0 = model.chip().last_step();
  // Synaptic: 1 scan word + 2 rows x (1 descriptor + 2 beats) + 3 pipeline = 10.
  CHECK(s0.cores[0].synaptic == 10);
  // Neuron: 4 + 3 = 7; spikes leave in cycles 13..16.
  CHECK(s0.cores[0].neuron == 7);
  CHECK(s0.cores[0].spike_exit == std::vector<uint32_t>{13, 14, 15, 16});
  // Route engine: one table read per spike (no routes) in cycles 14..17; done 18; + 2.
  CHECK(s0.cycles == 20);
  CHECK(s0.start_cycle == 6);
  CHECK(out.size() == 4);
  out.clear();
  model.step({}, {}, out);
  // An empty step: 1 + 3 synaptic, 7 neuron, barrier 2.
  CHECK(model.chip().last_step().cycles == 13);
  CHECK(model.chip().cycle() == 6 + 20 + 13);
  // The closed form agrees exactly here (no contention).
  CHECK(estimate_step(chip, s0.activity()).step_cycles == 20);
}

// The estimate ignores contention between route engines; its error on generated networks
// is documented in docs/cycle-model.md. One network per test case: one elaboration per process.
namespace {

double estimate_error(std::vector<uint32_t> layers, uint32_t neurons, uint32_t lanes, double activity, uint64_t seed) {
  GenerateOptions g;
  g.layers = layers;
  g.weight_gain = 2.0;
  g.seed = seed;
  HwConfig hw = default_hw_config();
  hw.core.neurons = neurons;
  hw.core.lanes = lanes;
  hw.mesh_x = 5;
  const ChipImage chip = build_chip_image(test::generated(g), hw, "test");
  const auto r = run_lockstep(chip, {random_raster(layers[0], 40, activity, seed)});
  double err = 0, total = 0;
  for (const auto& s : r.steps) {
    const StepEstimate e = estimate_step(chip, s.activity());
    for (size_t k = 0; k < s.cores.size(); ++k) {
      CHECK(e.synaptic_cycles[k] == s.cores[k].synaptic);  // the phases are exact
      CHECK(e.neuron_cycles[k] == s.cores[k].neuron);
      CHECK(s.cores[k].synaptic + s.cores[k].neuron + s.cores[k].idle == s.cycles);
    }
    CHECK(e.step_cycles <= s.cycles);  // contention only ever adds cycles
    err += std::fabs(double(e.step_cycles) - double(s.cycles));
    total += double(s.cycles);
  }
  std::printf("estimate error %.4f (%zu cores, %zu steps, %.0f cycles/step)\n", err / total, chip.cores.size(),
              r.steps.size(), total / r.steps.size());
  return err / total;
}

}  // namespace

TEST_CASE("L2 cycles: estimate vs model: 256-200-10 on 64-neuron cores with L = 8", "[l2][cycles][estimate]") {
  CHECK(estimate_error({256, 200, 10}, 64, 8, 0.1, 41) < 0.02);
}

TEST_CASE("L2 cycles: estimate vs model: 256-300-40 on 128-neuron cores with L = 4", "[l2][cycles][estimate]") {
  CHECK(estimate_error({256, 300, 40}, 128, 4, 0.2, 43) < 0.02);
}

TEST_CASE("L2 cycles: estimate vs model under heavy fan-in (17 cores into one)", "[l2][cycles][estimate]") {
  CHECK(estimate_error({128, 256, 4}, 16, 8, 0.3, 47) < 0.25);
}

TEST_CASE("L1's timing estimate: cycles within 5% of L2, the same dynamic energy", "[l2][cycles][estimate]") {
  GenerateOptions g;
  g.encoder.steps = 12;
  const Network net = test::generated(g);
  const ChipImage chip = build_chip_image(net, default_hw_config(), "test");
  const Dataset data = load_dataset("fashion-mnist", Split::Test, 20);
  RunOptions l1;
  l1.estimate_timing = true;
  l1.compare_with_l0 = false;
  const RunReport est = run_dataset(net, &chip, data, l1);
  RunOptions l2o;
  l2o.level = Level::SystemC;
  l2o.single_instance = true;
  l2o.compare_with_l0 = false;
  std::shared_ptr<l2::ChipModelL2> model;
  l2o.make_chip = [&](const ChipImage& image) {
    model = std::make_shared<l2::ChipModelL2>(image, l2::L2Options{});
    return model;
  };
  run_dataset(net, &chip, data, l2o);
  const auto timing = l2::to_json(model->totals(), chip.hw, 10.0);
  const double measured = timing["cycles_per_sample"].get<double>();
  INFO("estimate " << est.estimated_cycles_per_sample << " vs L2 " << measured);
  CHECK(est.estimated_cycles_per_sample > 0.95 * measured);
  CHECK(est.estimated_cycles_per_sample < 1.05 * measured);
  CHECK(est.energy_nj_per_sample == Approx(timing["energy_nj_per_sample"]["total"].get<double>()).epsilon(1e-9));
}
