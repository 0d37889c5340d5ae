// Quantising a delay network: an integrating readout keeps its weights (the LSB follows
// the weights, not its unreachable threshold), and the step-by-step accuracy ladder.
#include <catch2/catch.hpp>

#include "data/dataset.hpp"
#include "map/chip_image.hpp"
#include "ladder/quant_ladder.hpp"
#include "quant/quantize.hpp"
#include "delay/delay_trainer.hpp"

using namespace nmx;

TEST_CASE("quantize: an integrating readout's LSB follows its weights and ternary weights stay exact", "[quant]") {
  DelayTrainOptions o;
  o.shape = {784, 60, 10, 10};
  const Network net = delay_network(init_delay_params(o), o.neuron, o.latency_steps, 1, "test");
  QuantizeReport rep;
  const Network q = quantize(net, QuantizeOptions{}, &rep);
  CHECK(q.populations[1].lsb == Approx(o.neuron.theta / 4095));  // hidden: theta / (2^12 - 1)
  CHECK(q.populations[2].lsb == Approx(1.0 / 16));                 // output: weight step (1) / 16
  CHECK(rep.projections[0].weight_rel_error < 0.01);
  CHECK(rep.projections[1].weight_rel_error == 0.0);
  CHECK(q.populations[2].fixed.theta[0] < fx::kStateMax);
}

TEST_CASE("quantize: decay precision rounds du and dv to fewer fractional bits on the 12-bit grid", "[quant]") {
  DelayTrainOptions o;
  o.shape = {784, 20, 10, 10};
  const Network net = delay_network(init_delay_params(o), o.neuron, o.latency_steps, 1, "test");  // du = dv = 0.1
  QuantizeOptions q;
  CHECK(quantize(net, q).populations[1].fixed.du[0] == 410);  // 0.1 x 4096 = 409.6
  q.decay_bits = 4;
  const Network q4 = quantize(net, q);
  CHECK(q4.populations[1].fixed.du[0] == 512);  // 0.1 x 16 = 1.6 -> 2/16
  CHECK(q4.populations[1].fixed.dv[0] == 512);
  q.decay_bits = 8;
  CHECK(quantize(net, q).populations[1].fixed.du[0] == 26 * 16);  // 25.6 -> 26/256
  q.decay_bits = 2;
  CHECK(quantize(net, q).populations[1].fixed.du[0] == 0);  // 0.4 -> 0: no decay at all
  q.decay_bits = 13;
  REQUIRE_THROWS_WITH(quantize(net, q), Catch::Contains("--decay-bits = 13") && Catch::Contains("1..12"));
}

TEST_CASE("quantization ladder: float, clipped delays, quantised weights, fixed point", "[quant][levels]") {
  DelayTrainOptions o;
  o.dataset = "mnist";
  o.train_limit = 3000;
  o.eval_limit = 10;
  o.shape = {784, 100, 10, 10};
  o.epochs = 1;
  o.threads = 2;
  const Network net = train_delays(o).network;
  HwConfig hw = default_hw_config();
  hw.core.delay_slots = 4;  // clips the delays of 3 and above: a real step
  const Network q = quantize_for_chip(net, QuantizeOptions{}, hw);
  const ChipImage chip = build_chip_image(q, hw, "test");
  const Dataset data = load_dataset("mnist", Split::Test, 100);
  const auto ladder = quantization_ladder(net, q, chip, data, 2);
  REQUIRE(ladder.size() == 4);
  for (const auto& s : ladder) {
    INFO(s.name << " " << s.accuracy);
    CHECK(s.accuracy > 0.4);  // well above chance: the ladder measures a working network
  }
  CHECK(ladder[1].name.find("D-1 = 3") != std::string::npos);
  CHECK(std::abs(ladder[3].accuracy - ladder[2].accuracy) <= 0.05);  // fixed point costs little here
}
