// Random networks within chip limits, for the randomized regression (`nmx check --random
// SEED`): random layer sizes, core size, mesh, delay depth D, weight width, density,
// stochastic neurons, refractory periods and reset modes, with random input rasters.
// Deterministic for a seed.
#pragma once

#include <cstdint>
#include <vector>

#include "hw/hw_config.hpp"
#include "net/network.hpp"

namespace nmx {

struct RandomChipLimits {
  uint32_t cores = 16;  // mesh_x * mesh_y at most this
  uint32_t max_inputs = 512;
};

struct RandomChip {
  Network network;  // quantised, fits `hw`
  HwConfig hw;
  std::vector<std::vector<std::vector<uint32_t>>> samples;  // [sample][step] active inputs
  std::string summary;                                      // one line describing the draw
};

RandomChip random_chip(uint64_t seed, uint32_t samples, const RandomChipLimits& limits = {});

}  // namespace nmx
