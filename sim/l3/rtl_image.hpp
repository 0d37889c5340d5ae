// The chip image as load commands for the RTL chip's memory-image port (rtl/nmx_chip.sv,
// docs/formats.md "RTL memory image"): one (core, memory, address, data) write each. The
// Verilated build's sizes are checked first, with an error naming the limit.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "map/chip_image.hpp"

namespace nmx::l3 {

// The parameters the RTL chip was Verilated with (sim/CMakeLists.txt); a network must fit.
struct RtlLimits {
  uint32_t cores = 20, neurons = 256, axons = 1024, max_delay_slots = 64, lanes = 8;
  uint32_t synapse_words = 32768, routes = 8192, host_ids = 1024, host_routes = 8192;
};
RtlLimits rtl_limits();

enum class LdMem : uint8_t { Axon = 0, Synapse = 1, NeuronA = 2, NeuronB = 3, Lut = 4, RoutePtr = 5, Route = 6,
                             Config = 7, HostSpike = 8 };
inline constexpr uint8_t kHostCore = 0xFF;

// One write of the load port: data is 256 bits as eight 32-bit words (word 0 least
// significant); a synapse word carries lane l in data[l].
struct LoadWord {
  uint8_t core;  // 0..cores-1, or kHostCore for the host port and chip configuration
  LdMem mem;
  uint32_t addr;
  std::array<uint32_t, 8> data;
};

// Where a synapse sits in the RTL synapse memory (word, lane): for fault injection tests.
struct SynapseSite {
  uint32_t core, word, lane;
};

struct RtlImage {
  std::vector<LoadWord> words;
  std::vector<uint32_t> synapse_words_used;  // per core
};

// Throws InputError when the chip does not fit `limits` (naming the limit).
RtlImage build_rtl_image(const ChipImage& chip, const RtlLimits& limits);

// The load word of synapse `index` (in row order) of axon `axon` on `core`.
SynapseSite synapse_site(const ChipImage& chip, uint32_t core, uint32_t axon, uint32_t index, uint32_t lanes);

}  // namespace nmx::l3
