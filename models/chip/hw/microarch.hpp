// The core and router micro-architecture behind the cycle model (docs/cycle-model.md).
// These constants are fixed by the design, not configuration: L2 (SystemC) times its
// transactions with them, the closed-form estimate uses them, and the RTL package
// (rtl/nmx_pkg.sv) mirrors them. Depends on nothing.
#pragma once

#include <cstdint>

namespace nmx::uarch {

// Event buffer: the axon bitmap is scanned one 64-bit word per cycle.
inline constexpr uint32_t kScanWordBits = 64;
// Synapse engine pipeline: synapse memory read, weight decode and scale, accumulator
// read-modify-write (with a bypass, so back-to-back rows never stall). Drained once at
// the end of the synaptic phase.
inline constexpr uint32_t kSynapsePipeline = 3;
// A row costs one cycle to read its axon-table descriptor, then its beats.
inline constexpr uint32_t kRowDescriptorCycles = 1;
// Neuron datapath pipeline: state and accumulator read, update, write back. One neuron
// enters per cycle; neuron i's spike leaves the core kNeuronPipeline cycles after it
// entered.
inline constexpr uint32_t kNeuronPipeline = 3;
// Mode unit (docs/chip-spec.md §6), one MAC: N P cycles of projection (each trace updated
// on its first mode), P of mode drive, N P of feedback, then the last MAC and its ring
// write. A core with no mode projection has no mode phase.
inline constexpr uint32_t kModePipeline = 2;
constexpr uint32_t mode_cycles(uint32_t neurons, uint32_t modes) {
  return modes == 0 ? 0 : 2 * neurons * modes + modes + kModePipeline;
}
// Global barrier: done-reduction and start broadcast once every core is idle and the
// router is drained.
inline constexpr uint32_t kBarrierCycles = 2;
// Router: an event sent in cycle c is written into the destination's event buffer in
// cycle c + router_latency(mesh). Every delivery is padded to the mesh diameter.
inline constexpr uint32_t kHopCycles = 1;

// Plasticity unit (docs/plasticity.md "Hardware", docs/cycle-model.md): a third phase after
// the neuron phase, one synapse evaluation at a time, every multiply sequential. Its cycles
// are models/chip/plastic/plastic_cycles.hpp's formula over these constants.
inline constexpr uint32_t kPlasticSweepDrain = 1;    // y decay sweep: N + 1 cycles (read one ahead)
inline constexpr uint32_t kPlasticAxonCycles = 2;    // per axon and sweep: read its table entry and x, update
inline constexpr uint32_t kPlasticNeuronCycles = 2;  // per neuron: read its y and column pointers, decide
inline constexpr uint32_t kPlasticColumnCycles = 3;  // per post event: column entry, its axon's entry and x, latch
inline constexpr uint32_t kPlasticFetchCycles = 3;   // per evaluation: synapse and e word, post's y, l, v, latch
inline constexpr uint32_t kPlasticTermCycles = 2;    // per term: header, accumulate; plus one per factor
inline constexpr uint32_t kPlasticRoundCycles = 1;   // per target with a program: round, clamp
inline constexpr uint32_t kPlasticWriteCycles = 1;   // per evaluation: w, d and e written back
inline constexpr uint32_t kPlasticYWriteCycles = 1;  // per spiking neuron: y += amp

constexpr uint32_t router_latency(uint32_t mesh_x, uint32_t mesh_y) {
  return 1 + kHopCycles * ((mesh_x - 1) + (mesh_y - 1));
}

// Beats (cycles of the synapse engine) of one row: dense rows use all L lanes, rows with
// explicit post indices (sparse) take one synapse per cycle, because two synapses of a
// sparse row may hit the same accumulator bank.
constexpr uint32_t row_beats(uint32_t length, bool dense, uint32_t lanes) {
  return dense ? (length + lanes - 1) / lanes : length;
}

// Cycles to scan an event buffer of `axons` used axons.
constexpr uint32_t scan_cycles(uint32_t axons) { return (axons + kScanWordBits - 1) / kScanWordBits; }

// Mesh position of core c (row-major) and the XY-routing hop count between two cores;
// the host port sits west of core 0.
constexpr uint32_t mesh_hops(uint32_t from, uint32_t to, uint32_t mesh_x) {
  const int dx = static_cast<int>(from % mesh_x) - static_cast<int>(to % mesh_x);
  const int dy = static_cast<int>(from / mesh_x) - static_cast<int>(to / mesh_x);
  return static_cast<uint32_t>((dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy));
}
constexpr uint32_t host_hops(uint32_t to, uint32_t mesh_x) { return 1 + mesh_hops(0, to, mesh_x); }

}  // namespace nmx::uarch
