// The chips of the L2 and L3 lockstep cases, built once here so both
// levels are tested on the same networks.
#pragma once

#include "l2_harness.hpp"
#include "test_networks.hpp"

namespace nmx::test {

// input(2) -> 4 neurons on one core of N = 4, `lanes` lanes, 1x1 mesh: both inputs in step
// 0 make every neuron fire; nothing is routed onward. Counted by hand in the cycle tests.
inline ChipImage tiny_hand_chip(uint32_t lanes) {
  Network net;
  net.populations.push_back(input_population(2));
  net.populations.push_back(uniform_population("a", 4, 4096, 0, 1));
  net.projections.push_back(dense_projection(0, 1, 2, 4, 1, {1, 0}, [](uint32_t) { return 0; }));
  net.readout = {ReadoutKind::SpikeCount, 1};
  HwConfig hw = default_hw_config();
  hw.core.neurons = 4;
  hw.core.lanes = lanes;
  hw.mesh_x = hw.mesh_y = 1;
  return build_chip_image(net, hw, "test");
}

inline ChipImage single_core_chip() {
  GenerateOptions g;
  g.layers = {64, 48};
  g.weight_gain = 2.0;
  g.seed = 3;
  return build_chip_image(generated(g), default_hw_config(), "test");
}

// 784-120-40-10 on 32-neuron cores: 4 + 2 + 1 cores.
inline ChipImage multicore_chip() {
  GenerateOptions g;
  g.layers = {784, 120, 40, 10};
  g.max_delay = 15;
  g.weight_gain = 1.5;
  g.seed = 5;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 32;
  return build_chip_image(generated(g), hw, "test");
}

// Two probe populations driven by the largest weight (255 * 2^15 saturates to 2^23 - 1)
// of either sign; u and v pin to the rails. Probes of "pos" fire only when v reaches the
// top rail (theta = 2^23 - 1).
inline ChipImage saturation_chip() {
  Network net;
  net.populations.push_back(input_population(8));
  net.populations.push_back(uniform_population("pos", 4, 4096, 0, fx::kStateMax));
  net.populations.push_back(uniform_population("neg", 4, 4096, 0, fx::kStateMax));
  net.projections.push_back(dense_projection(0, 1, 8, 4, 1, {255, 15}, [](uint32_t j) { return j; }));
  net.projections.push_back(dense_projection(0, 2, 8, 4, -1, {255, 15}, [](uint32_t j) { return j; }));
  net.readout = {ReadoutKind::MaxMembrane, 1};
  return build_chip_image(net, default_hw_config(), "test");
}

inline ChipImage refractory_chip() {
  Network net;
  net.populations.push_back(input_population(16));
  net.populations.push_back(uniform_population("ref", 32, 2048, 1024, 3, 5, ResetMode::Zero));
  net.projections.push_back(dense_projection(0, 1, 16, 32, 1, {1, 0}, [](uint32_t j) { return j % 8; }));
  net.readout = {ReadoutKind::SpikeCount, 1};
  return build_chip_image(net, default_hw_config(), "test");
}

inline ChipImage stochastic_chip() {
  GenerateOptions g;
  g.layers = {100, 64, 16};
  g.stochastic_fraction = 1.0;
  g.weight_gain = 2.0;
  g.seed = 13;
  return build_chip_image(generated(g), default_hw_config(), "test");
}

// Gaussian weights quantised to 8 bits, 30% density: rows with explicit post indices.
inline ChipImage sparse_8bit_chip() {
  GenerateOptions g;
  g.layers = {200, 96, 24};
  g.ternary = false;
  g.connectivity = 0.3;
  g.weight_gain = 2.0;
  g.seed = 17;
  QuantizeOptions q;
  q.weight_bits = 8;
  HwConfig hw = default_hw_config();
  hw.core.weight_bits = 8;
  hw.core.neurons = 48;
  return build_chip_image(generated(g, q), hw, "test");
}

// 16 hidden cores all route to one output core, whose input port takes one event per
// cycle: the route engines stall.
inline ChipImage fan_in_chip() {
  GenerateOptions g;
  g.layers = {128, 256, 4};
  g.weight_gain = 3.0;
  g.max_delay = 3;
  g.seed = 23;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 16;
  hw.mesh_x = 5;
  return build_chip_image(generated(g), hw, "test");
}

}  // namespace nmx::test
