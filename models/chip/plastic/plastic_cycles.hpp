// The plasticity phase's cycles (docs/cycle-model.md, "Plasticity phase"): what the RTL
// unit (rtl/nmx_plasticity.sv) takes, from the microcode and the step's counts. L2 times its
// learning phase with it and the closed-form estimate adds it.
#pragma once

#include <cstdint>

#include "hw/microarch.hpp"
#include "plastic/microcode.hpp"

namespace nmx::plastic {

// One program of one synapse evaluation: its terms (header, a multiply per factor,
// accumulate), then the rounding; a program without terms costs nothing.
constexpr uint32_t program_cycles(const Program& p) {
  if (p.terms == 0) return 0;
  uint32_t c = uarch::kPlasticRoundCycles;
  for (uint32_t k = 0; k < p.terms; ++k) c += uarch::kPlasticTermCycles + p.term[k].factors;
  return c;
}

// One synapse at one event: fetch, the three targets' programs, write back. 0 when the
// group has no program for the event: the unit then skips the synapse.
constexpr uint32_t evaluation_cycles(const GroupMicrocode& g, Event ev) {
  uint32_t c = 0;
  for (const Program& p : g.program[static_cast<size_t>(ev)]) c += program_cycles(p);
  return c == 0 ? 0 : uarch::kPlasticFetchCycles + c + uarch::kPlasticWriteCycles;
}

// The phase of one core in one step, from what it did: with groups, the y sweep, one pass
// over the axons (pre events), one over the neurons (post events through the column table,
// y += amp) and, per group whose epoch is due, one more pass over the axons.
struct PlasticPhaseCounts {
  uint32_t groups = 0;             // synapse groups of the core; 0: no phase
  uint32_t neurons = 0, axons = 0; // N and the used axons (the sweeps)
  uint32_t spikes = 0;             // neurons that spiked
  uint64_t evaluation_cycles = 0;  // sum of evaluation_cycles over every (synapse, event) evaluated
  uint64_t post_events = 0;        // column entries read (post events of synapses with a post program)
  uint32_t epoch_passes = 0;       // groups whose epoch ran (each one more axon pass)
};

constexpr uint64_t plastic_phase_cycles(const PlasticPhaseCounts& c) {
  if (c.groups == 0) return 0;
  return uint64_t{c.neurons} + uarch::kPlasticSweepDrain + uint64_t{c.axons} * uarch::kPlasticAxonCycles * (1 + c.epoch_passes) +
         uint64_t{c.neurons} * uarch::kPlasticNeuronCycles + uint64_t{c.spikes} * uarch::kPlasticYWriteCycles +
         c.post_events * uarch::kPlasticColumnCycles + c.evaluation_cycles;
}

}  // namespace nmx::plastic
