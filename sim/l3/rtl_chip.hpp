// The Verilated chip (rtl/nmx_chip.sv) at its pins, behind an interface that needs no
// Verilator header. One harness (ChipL3) drives either the chip linked into nmx
// (make_builtin_rtl_chip) or a chip Verilated at run time around a user's own core
// (sim/rtl_user: `nmx check --rtl`), which is loaded as a shared library whose one entry
// point, nmx_rtl_chip_create, returns an RtlChip. Both are compiled from one adapter,
// sim/l3/rtl_chip_verilated.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace nmx::l3 {

// The parameters a chip was Verilated with (rtl/nmx_chip.sv): for the built-in chip
// sim/CMakeLists.txt NMX_RTL_LIMITS, the one list that reaches both verilate() (as -G
// parameters) and rtl_limits() (as definitions); a run-time chip reports its own.
struct RtlLimits {
  uint32_t cores, neurons, axons, max_delay_slots, lanes;
  uint32_t synapse_words, routes, host_ids, host_routes;
  uint32_t ternary_words;   // the packed ternary memory (dense ternary rows that do not learn)
  uint32_t column_entries;  // the plasticity unit's column table (in every core that has the unit)
  uint32_t modes;           // every core's mode unit: most modes P (0: none)
  uint32_t plasticity;      // 1: every core has the plasticity unit, 0: none has
};

// Each limit as the nmx_chip parameter it sets (name, value), in RtlLimits' order.
inline std::array<std::pair<const char*, uint32_t>, 13> rtl_parameters(const RtlLimits& l) {
  return {{{"Cores", l.cores}, {"N", l.neurons}, {"A", l.axons}, {"DMax", l.max_delay_slots}, {"Lanes", l.lanes},
           {"SynWords", l.synapse_words}, {"Routes", l.routes}, {"HostIds", l.host_ids},
           {"HostRoutes", l.host_routes}, {"TernWords", l.ternary_words}, {"ColEntries", l.column_entries},
           {"Modes", l.modes}, {"Plasticity", l.plasticity}}};
}

// Per-core field widths of phase_o and spike_neuron_o (rtl/nmx_pkg.sv PhaseBits and
// SynPostBits; chip_l3.cpp checks them against rtl_image.hpp's copies of the package).
inline constexpr uint32_t kPinPhaseBits = 3, kPinPostBits = 12;

// rtl/nmx_chip.sv's inputs, applied by eval(). Widths as the ports declare them.
struct RtlInputs {
  bool clk = false, rst_n = true, clear = false, run = false, req_compute = false;
  uint8_t fault = 0;                  // FaultBits
  bool ld_valid = false;
  uint8_t ld_core = 0, ld_mem = 0;    // LdCoreBits, LdMemBits
  uint32_t ld_addr = 0;               // LdAddrBits
  std::array<uint32_t, 8> ld_data{};  // LdBits = 8 lanes of 32
  uint8_t dbg_core = 0;               // LdCoreBits
  uint16_t dbg_neuron = 0;            // SynPostBits
  uint8_t dbg_pl_sel = 0;             // PlDbgSelBits
  uint32_t dbg_pl_addr = 0;           // LdAddrBits
  uint8_t dbg_mode = 0;               // ModeCntBits - 1
};

// One cycle's observation (outputs as of the last eval), filled by one call: what ChipL3
// counts every cycle, without a call per core and field.
struct RtlCycleOutputs {
  std::vector<uint8_t> phase;  // per core (kPinPhaseBits)
  std::vector<uint8_t> spike;  // per core: 1 if the core emitted a spike (spike_neuron says which)
  std::vector<uint8_t> stall;  // per source: 1 if the router refused it; source cores(): the host port
};

class RtlChip {
 public:
  virtual ~RtlChip() = default;
  RtlInputs in;
  // The parameters the chip was Verilated with.
  virtual RtlLimits limits() const = 0;
  uint32_t cores() const { return limits().cores; }
  // Applies `in` and settles the model.
  virtual void eval() = 0;
  // Applies only in.clk and settles the model: for half cycles after an eval() that applied
  // every other input as it still is.
  virtual void clock() = 0;
  // phase, spike and stall of every core and source (sized here).
  virtual void cycle_outputs(RtlCycleOutputs& out) const = 0;
  // Outputs, as of the last eval(); per-core fields of core c < cores().
  virtual bool busy() const = 0;
  virtual uint32_t clear_cycles() const = 0;
  virtual uint64_t cycle() const = 0;
  virtual uint32_t spike_neuron(uint32_t core) const = 0;  // when cycle_outputs says it spiked
  virtual uint32_t dbg_u() const = 0;             // StateBits, two's complement
  virtual uint32_t dbg_v() const = 0;
  virtual uint32_t dbg_ref() const = 0;
  virtual uint32_t dbg_lfsr() const = 0;
  virtual std::array<uint32_t, 8> dbg_pl() const = 0;
  virtual uint32_t dbg_rate() const = 0;
  virtual uint32_t dbg_m() const = 0;             // StateBits, two's complement
  // FST waveform of every signal (only if made with trace = true).
  virtual void trace_open(const std::string& path) = 0;
  virtual void trace_dump(uint64_t time) = 0;
  virtual void trace_close() = 0;
};

// Makes a chip; `trace`: it may write a waveform. An empty factory means the built-in chip.
using RtlChipFactory = std::function<std::unique_ptr<RtlChip>(bool trace)>;

// The chip linked into nmx (sim/CMakeLists.txt: NMX_RTL_LIMITS).
std::unique_ptr<RtlChip> make_builtin_rtl_chip(bool trace);

// A run-time chip library and nmx must agree on this interface: the library exports
// nmx_rtl_chip_abi() returning the value it was compiled with.
inline constexpr int kRtlChipAbi = 3;

}  // namespace nmx::l3
