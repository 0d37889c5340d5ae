// Cycle accounting of one timestep of a timed chip level (L2, L3) (docs/cycle-model.md): per core, the
// cycles of each phase, the route engine's stall cycles, the activity behind them and the
// cycle at which every spike left the core.
#pragma once

#include <cstdint>
#include <vector>

#include "map/cycle_estimate.hpp"

namespace nmx {

struct CoreStepCycles {
  uint64_t synaptic = 0;     // synaptic phase: scan + rows + pipeline drain
  uint64_t neuron = 0;       // neuron phase: N + pipeline
  uint64_t plastic = 0;      // plasticity phase (models/chip/plastic/plastic_cycles.hpp); 0 without groups
  uint64_t mode = 0;         // mode phase (docs/chip-spec.md §6): 2 N P + P + pipeline, 0 without
  uint64_t route_stall = 0;  // cycles the route engine held an event the router did not grant
  uint64_t idle = 0;         // cycles waiting at the barrier
  CoreActivity activity;
  std::vector<uint16_t> spike_neuron;  // local index of every spike, ascending
  std::vector<uint32_t> spike_exit;    // per spike: the cycle (from the step's start) it left the core
};

struct StepCycles {
  uint32_t step = 0;         // timestep index; preload (step 0's inputs) is reported apart
  uint64_t start_cycle = 0;  // from the sample's start
  uint64_t cycles = 0;       // to the next step's start, barrier included
  uint64_t host_events = 0;  // input events streamed in during this step (for step + 1)
  uint64_t host_stall = 0;
  uint64_t hops = 0;         // mesh hops travelled by this step's events (energy)
  std::vector<CoreStepCycles> cores;

  StepActivity activity() const;
};

}  // namespace nmx
