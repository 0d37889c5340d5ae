#include "map/cycle_estimate.hpp"

#include <algorithm>

#include "hw/microarch.hpp"

namespace nmx {

uint64_t synaptic_phase_cycles(uint32_t used_axons, uint32_t rows, uint64_t beats) {
  return uarch::scan_cycles(used_axons) + uint64_t{rows} * uarch::kRowDescriptorCycles + beats +
         uarch::kSynapsePipeline;
}

uint64_t neuron_phase_cycles(uint32_t neurons) { return uint64_t{neurons} + uarch::kNeuronPipeline; }

uint64_t mode_phase_cycles(const CoreImage& core) {
  return core.mode ? uarch::mode_cycles(core.neurons, core.mode->modes) : 0;
}

StepEstimate estimate_step(const ChipImage& chip, const StepActivity& a) {
  const uint64_t lr = uarch::router_latency(chip.hw.mesh_x, chip.hw.mesh_y);
  StepEstimate e;
  uint64_t done = 0;
  for (size_t c = 0; c < chip.cores.size(); ++c) {
    const CoreImage& ci = chip.cores[c];
    const CoreActivity& ca = a.cores[c];
    const uint64_t sp = synaptic_phase_cycles(static_cast<uint32_t>(ci.axons.size()), ca.rows, ca.beats);
    const uint64_t np = neuron_phase_cycles(ci.neurons);
    e.synaptic_cycles.push_back(sp);
    e.neuron_cycles.push_back(np);
    const uint64_t mp = mode_phase_cycles(ci);
    e.plastic_cycles.push_back(ca.plastic_cycles);
    e.mode_cycles.push_back(mp);
    // The plasticity phase follows the neuron phase, the mode phase the plasticity phase;
    // the route engine runs beside both.
    done = std::max(done, sp + np + ca.plastic_cycles + mp);
    if (ca.spikes > 0) {
      // The route engine starts one cycle after the first spike leaves and sends one
      // event per cycle; the last spike's routes follow it. Contention is ignored.
      const uint64_t per_spike = (ca.events_out + ca.spikes - 1) / ca.spikes;
      const uint64_t last = sp + uarch::kNeuronPipeline + ca.last_spike + 1 + std::max<uint64_t>(per_spike, 1);
      const uint64_t stream = sp + uarch::kNeuronPipeline + 1 + std::max<uint64_t>(ca.events_out, ca.spikes);
      done = std::max(done, std::max(last, stream) - 1 + (ca.events_out ? lr + 1 : 1));
    }
    // Each core's input port writes one event per cycle.
    if (ca.events_in) done = std::max(done, ca.events_in + lr + 1);
  }
  if (a.host_events) done = std::max(done, a.host_events + lr + 1);
  e.step_cycles = done + uarch::kBarrierCycles;
  return e;
}

}  // namespace nmx
