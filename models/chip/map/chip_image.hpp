// The mapped network as the chip's memories hold it: per-core neuron parameters, axon
// table and synapse memory, and the per-neuron routing table. L1 runs it; L2 and L3 load
// the same image, so all levels see one memory layout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hw/hw_config.hpp"
#include "mode/mode_image.hpp"
#include "neuron/neuron_fixed.hpp"
#include "net/network.hpp"
#include "plastic/microcode.hpp"

namespace nmx {

// General synapse (sparse rows, or WB > 2): explicit post index.
struct SynapseEntry {
  uint16_t post;  // local neuron index, < N
  int8_t code;    // WB-bit signed weight code
  uint8_t delay;  // [0, D - 1]
};

// A dense ternary row stores one byte per synapse, post implicit:
// bits [1:0] ternary code (0b10 illegal), bits [7:2] delay (log2(D) <= 6 bits used).
constexpr uint8_t pack_ternary(int32_t code, uint32_t delay) {
  return static_cast<uint8_t>(fx::ternary_to_bits(code) | (delay << 2));
}

struct AxonRow {
  uint32_t begin = 0, length = 0;  // into packed (dense ternary) or entries (general)
  bool dense = false;   // post index implicit (all N local neurons, in order)
  bool packed = false;  // dense ternary: one byte per synapse in `packed`
  uint16_t projection = 0;         // for the scale and weight width
  uint32_t pre = 0;                // the projection's presynaptic neuron (learned weights are written back by it)
};

struct CoreImage {
  uint32_t population = 0, first_neuron = 0, neurons = 0;
  std::vector<neuron_fixed::Params> params;  // one per local neuron
  std::vector<uint16_t> lfsr_seed;           // one per local neuron
  std::vector<uint16_t> sigmoid_lut;         // 256 entries or empty
  int sigmoid_shift = 0;
  std::vector<AxonRow> axons;                // axon id -> row
  std::vector<uint8_t> packed;               // dense ternary synapse memory
  std::vector<SynapseEntry> entries;         // general synapse memory
  // Plasticity (docs/plasticity.md): the plastic projections arriving at this core, in
  // ascending projection order; group g of the core is groups[g] (at most
  // plastic::kMaxGroupsPerCore). The plasticity LFSR's seed: fx::plastic_lfsr_seed of the
  // first local neuron's seed.
  std::vector<uint16_t> groups;
  uint16_t plastic_lfsr_seed = 1;
  std::optional<ModeCoreImage> mode;         // the core's mode projection (docs/chip-spec.md §6)
};

struct Route {
  uint16_t core;
  uint16_t axon;
};

struct ChipImage {
  HwConfig hw;
  std::vector<CoreImage> cores;
  std::vector<fx::Scale> scales;     // per projection
  std::vector<int> weight_bits;      // per projection
  std::vector<std::optional<plastic::GroupMicrocode>> plasticity;  // per projection: its rule, if it learns
  // Routing table: for population p, neuron n, routes[p][route_ptr[p][n] .. route_ptr[p][n+1]).
  std::vector<std::vector<uint32_t>> route_ptr;
  std::vector<std::vector<Route>> routes;
  uint32_t input_population = 0;

  size_t synapse_count() const;
  // Bits per synapse in hardware: code + delay (+ post index for sparse/general rows).
  double memory_bits_per_synapse() const;
};

// Whether any core has plastic projections (groups): the image can learn on chip.
bool has_plastic_cores(const ChipImage& chip);

// A row the RTL stores packed, 2 + log2(D) bits a synapse with the post implicit (its
// packed ternary memory): a dense ternary row that does not learn. A learning row stays in
// the general synapse memory, whose 8-bit code field the plasticity unit reads and writes.
bool rtl_packed_row(const ChipImage& chip, const AxonRow& row);

// Builds the image of a quantised network placed by `placement` (or by map_network when
// empty). Throws InputError naming the limit when the network does not fit.
ChipImage build_chip_image(const Network& net, const HwConfig& hw, const std::string& source);

}  // namespace nmx
