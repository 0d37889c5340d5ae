// What a mode unit costs on its core (docs/performance.md): cycles per step and memory,
// against the same recurrence stored as N^2 synapses.
#pragma once

#include <cstdint>
#include <vector>

#include "map/chip_image.hpp"

namespace nmx {

struct ModeCost {
  uint32_t core = 0, neurons = 0, modes = 0, code_bits = 0;
  uint64_t cycles_per_step = 0;  // the mode phase, exact (hw/microarch.hpp mode_cycles)
  uint64_t words = 0, bits = 0;  // 2 N P + P codes of WM bits (r's N traces not counted)
  uint64_t trace_bits = 0;       // r: N traces of 16 bits
  // The recurrence as a dense projection: N^2 codes of WM bits, and as the synapse memory
  // stores a dense row (WB code + log2 D delay bits a synapse).
  uint64_t dense_words = 0, dense_bits = 0, dense_row_bits = 0;
};

// One entry per core with a mode projection.
std::vector<ModeCost> mode_costs(const ChipImage& chip);

}  // namespace nmx
