// The small networks the plasticity studies run (stdp_window, weight_dependence,
// pattern_task): an input population onto one population of LIF neurons through one dense
// plastic projection of 8-bit codes (scale 1, lsb 1: a code is membrane units), and the
// chip they run on. Both levels run the network as built; nothing here knows a level.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hw/hw_config.hpp"
#include "net/network.hpp"
#include "plastic/microcode.hpp"

namespace nmx::plastic_study {

constexpr int kProbeWeightBits = 8;

// A neuron population with one set of fixed-point parameters (lsb 1: real = fixed).
Population lif_population(const std::string& name, uint32_t size, int32_t du, int32_t dv, int32_t theta,
                          uint8_t refrac = 0);

// input(codes.size() / outs) -> out(outs), dense, codes pre-major, delay 0, learning with
// `rule` (stored as its text, compiled again as a network file's rule is).
Network probe_network(const std::string& name, std::vector<int8_t> codes, uint32_t outs, const Population& out,
                      const plastic::GroupMicrocode& rule);

// The default chip with the plasticity unit and 8-bit codes, A large enough for `inputs`.
HwConfig probe_hw(uint32_t inputs);

// One run's input: per step, the input neurons that spike (ascending).
using Raster = std::vector<std::vector<uint32_t>>;

}  // namespace nmx::plastic_study
