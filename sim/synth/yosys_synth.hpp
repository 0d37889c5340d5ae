// `nmx synth`: yosys synthesis of one core (rtl/nmx_core.sv) with the configured
// parameters against a standard-cell library (default: the OSU 0.18 um library shipped
// with Debian's qflow-tech-osu018). Memories are kept as memories, as SRAM macros would
// be, and reported in bits; the rest is mapped to cells and reported in um^2 and NAND2
// gate equivalents.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/hw_config.hpp"

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

struct SynthReport {
  // the core as synthesised
  uint32_t neurons = 0, axons = 0, delay_slots = 0, lanes = 0, synapse_words = 0, routes = 0;
  uint32_t column_entries = 0;  // with core.plasticity: the plasticity unit's column table; 0 = no unit
  SynthLogic plastic;           // the plasticity unit's logic, its own module in the core's run (part of the core's)
  uint32_t modes = 0;           // core.modes: the mode unit's most modes P; 0 = no unit
  SynthLogic mode;              // the mode unit's logic (rtl/nmx_mode_unit.sv), its own module in the core's run (part of the core's)
  std::string liberty;
  uint64_t cells = 0, flip_flops = 0;
  double logic_area_um2 = 0, nand2_area_um2 = 0;
  std::vector<SynthMemory> memories;
  double seconds = 0;

  double nand2_ge() const { return nand2_area_um2 > 0 ? logic_area_um2 / nand2_area_um2 : 0; }
  uint64_t memory_bits() const;
  uint64_t memory_bits(const std::string& unit) const;
};

SynthReport synthesize_core(const HwConfig& hw, const SynthOptions& options);
// The synapse memory words the RTL's load image addresses (rtl/nmx_pkg.sv AxBeginBits).
inline constexpr uint64_t kSynthMaxSynapseWords = uint64_t{1} << 20;
// What synthesis needs of a configuration beyond validate(hw); throws InputError.
void check_synth_config(const HwConfig& hw);
nlohmann::json to_json(const SynthReport& r);

}  // namespace nmx
