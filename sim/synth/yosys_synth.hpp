// `nmx synth`: yosys synthesis of one core (rtl/nmx_core.sv) with the configured
// parameters against a standard-cell library (default: the OSU 0.18 um library shipped
// with Debian's qflow-tech-osu018). Memories are kept as memories, as SRAM macros would
// be, and reported in bits; the rest is mapped to cells and reported in um^2 and NAND2
// gate equivalents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/hw_config.hpp"
#include "map/chip_image.hpp"

namespace nmx {

struct SynthOptions {
  std::string liberty = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";
  std::string yosys = "yosys";
  std::string keep_dir;  // keep the script, log and netlist statistics here (empty = temp, removed)
};

struct SynthMemory {
  std::string name, unit;  // unit: synapse memory, accumulator ring, neuron state, ...
  uint64_t words = 0, width = 0;
  uint64_t read_ports = 0, write_ports = 0;
  bool sync_read = false;  // every read port clocked (yosys RD_CLK_ENABLE): a foundry SRAM's shape
  uint64_t bits() const { return words * width; }
  bool sram_shaped() const { return sync_read && read_ports == 1 && write_ports == 1; }
};

// The logic of one synthesised module (memories apart).
struct SynthLogic {
  uint64_t cells = 0, flip_flops = 0;
  double area_um2 = 0;
};

// A network's use of the two synapse memories (rtl/nmx_synapse_engine.sv): words of
// Lanes synapses, summed over its cores and on its fullest core.
struct SynthNetworkUse {
  std::string source;
  uint64_t synapses = 0;                      // the network's synapses (every core)
  uint64_t general_words = 0, packed_words = 0;  // words its rows fill, every core
  uint32_t max_general_words = 0, max_packed_words = 0;  // the fullest core's
  uint32_t cores = 0;
};
SynthNetworkUse synth_network_use(const ChipImage& chip, const std::string& source);

struct SynthReport {
  // the core as synthesised: synapse_words of the general memory (a SynBits slot a lane),
  // ternary_words of the packed ternary memory (2 + log2 D bits a lane)
  uint32_t neurons = 0, axons = 0, delay_slots = 0, lanes = 0, synapse_words = 0, ternary_words = 0, routes = 0;
  std::optional<SynthNetworkUse> network;  // sized for a network (nmx synth --net)
  uint32_t column_entries = 0;  // with core.plasticity: the plasticity unit's column table; 0 = no unit
  SynthLogic plastic;           // the plasticity unit's logic, its own module in the core's run (part of the core's)
  uint32_t modes = 0;           // core.modes: the mode unit's most modes P; 0 = no unit
  SynthLogic mode;              // the mode unit's logic (rtl/nmx_mode_unit.sv), its own module in the core's run (part of the core's)
  std::string liberty;
  uint64_t cells = 0, flip_flops = 0;
  double logic_area_um2 = 0, nand2_area_um2 = 0;
  std::vector<SynthMemory> memories;
  double seconds = 0;
  std::vector<std::string> yosys_warnings;  // the run's "Warning: ..." lines (none expected)

  double nand2_ge() const { return nand2_area_um2 > 0 ? logic_area_um2 / nand2_area_um2 : 0; }
  uint64_t memory_bits() const;
  uint64_t memory_bits(const std::string& unit) const;
  // The width of a lane of each synapse memory, from the synthesised memories (0: absent).
  uint64_t general_slot_bits() const;
  uint64_t packed_synapse_bits() const;
  // The network's synapse-memory bits (the words its rows fill, lane padding included) per synapse.
  double network_bits_per_synapse() const;
};

// The "Warning: ..." lines of a yosys log (yosys -q still prints them), each once, in order.
std::vector<std::string> yosys_warnings(const std::string& log);

// The bits of these memories, all together.
uint64_t memory_bits(const std::vector<SynthMemory>& memories);

// One core of `hw`: without a network, with room for a dense row on every axon in each
// memory; with one, each synapse memory as deep as the network's fullest core needs.
SynthReport synthesize_core(const HwConfig& hw, const SynthOptions& options,
                            const std::optional<SynthNetworkUse>& network = std::nullopt);
// The synapse memory words the RTL's load image addresses (rtl/nmx_pkg.sv AxBeginBits).
inline constexpr uint64_t kSynthMaxSynapseWords = uint64_t{1} << 20;
// What synthesis needs of a configuration beyond validate(hw); throws InputError.
void check_synth_config(const HwConfig& hw);
nlohmann::json to_json(const SynthReport& r);

// The chip's on-chip network (rtl/nmx_router.sv) for hw's mesh_x * mesh_y cores and the
// host port: its logic and its queues (one per destination core).
struct SynthRouterReport {
  uint32_t cores = 0, depth = 0;  // depth: entries a queue (rtl/nmx_pkg.sv RouterDepth, as synthesised)
  std::string liberty;
  SynthLogic logic;
  std::vector<SynthMemory> memories;
  double nand2_area_um2 = 0, seconds = 0;
  std::vector<std::string> yosys_warnings;
  uint64_t memory_bits() const;
  double nand2_ge() const { return nand2_area_um2 > 0 ? logic.area_um2 / nand2_area_um2 : 0; }
};
SynthRouterReport synthesize_router(const HwConfig& hw, const SynthOptions& options);
nlohmann::json to_json(const SynthRouterReport& r);

}  // namespace nmx
