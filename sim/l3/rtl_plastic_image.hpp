// The plasticity unit's part of the RTL load image (rtl/nmx_plasticity.sv, docs/formats.md
// "RTL memory image"): a core's synapse groups (trace parameters, rounding, epoch, weight
// range, term counts), its rule memory, each plastic row's group, and the column table
// that lists, per post neuron, its plastic synapses in ascending (axon, position in row).
#pragma once

#include <cstdint>
#include <vector>

#include "l3/rtl_image.hpp"
#include "plastic/microcode.hpp"

namespace nmx::l3 {

// What the image needs of one core's plasticity.
struct PlasticCore {
  std::vector<const plastic::GroupMicrocode*> groups;  // at most plastic::kMaxGroupsPerCore
  std::vector<int> group_weight_bits;                  // WB of each group's projection
  std::vector<int> axon_group;                         // per axon: its row's group, -1 when not plastic
  uint16_t seed = 1;                                   // the plasticity LFSR's seed
};
PlasticCore plastic_core(const ChipImage& chip, uint32_t core);

// The core configuration's and an axon table entry's plasticity fields.
uint64_t plastic_config_fields(const PlasticCore& pc);
uint64_t plastic_axon_fields(const PlasticCore& pc, uint32_t axon);

// Group parameters, rule memory and column table of core c (`row_word`: each axon's first
// synapse word). Throws InputError when the column table does not fit `limits`.
void put_plastic_tables(const ChipImage& chip, uint32_t core, const PlasticCore& pc,
                        const std::vector<uint32_t>& row_word, const RtlLimits& limits, RtlImage& img);

// The load word of a rule memory entry: (group, event, target, term, slot).
uint32_t rule_address(uint32_t group, plastic::Event ev, plastic::Target tg, uint32_t term, uint32_t slot);

}  // namespace nmx::l3
