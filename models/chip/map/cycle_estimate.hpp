// Closed-form cycle estimate of one timestep from activity counts (docs/cycle-model.md):
// what a user can compute from an untimed run (or by hand) before simulating L2. The
// synaptic and neuron phases are exact; the router tail ignores contention between
// sources, which is where the estimate and the model part.
#pragma once

#include <cstdint>
#include <vector>

#include "map/chip_image.hpp"

namespace nmx {

struct CoreActivity {
  uint32_t rows = 0;        // events (axon rows) processed in the synaptic phase
  uint64_t beats = 0;       // synapse-engine beats of those rows
  uint64_t synapses = 0;    // synapses read (zeros included): the synaptic operations
  uint32_t spikes = 0;      // spikes emitted in the neuron phase
  uint32_t last_spike = 0;  // local index of the last spiking neuron (when spikes > 0)
  uint64_t events_out = 0;  // AER events sent by the route engine (spikes x routes)
  uint64_t events_in = 0;   // AER events written into this core's event buffer
  uint64_t plastic_cycles = 0;  // the plasticity phase (exact: models/chip/l1/plasticity_cycles.hpp)
};

struct StepActivity {
  std::vector<CoreActivity> cores;
  uint64_t host_events = 0;  // input events streamed in for the next step
};

struct StepEstimate {
  std::vector<uint64_t> synaptic_cycles, neuron_cycles, plastic_cycles;  // per core, exact
  std::vector<uint64_t> mode_cycles;  // per core, exact (0: no mode projection)
  uint64_t step_cycles = 0;                              // estimate
};

uint64_t synaptic_phase_cycles(uint32_t used_axons, uint32_t rows, uint64_t beats);
uint64_t neuron_phase_cycles(uint32_t neurons);
// The mode phase of a core (docs/chip-spec.md §6): 0 without a mode projection.
uint64_t mode_phase_cycles(const CoreImage& core);

StepEstimate estimate_step(const ChipImage& chip, const StepActivity& activity);

}  // namespace nmx
