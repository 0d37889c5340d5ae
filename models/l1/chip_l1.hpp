// L1: the bit-accurate, untimed functional model of the chip (ARCHITECTURE §1-§4).
// Runs a ChipImage timestep by timestep: synaptic phase of every core, then neuron phase
// of every core, spikes routed as events into the next timestep. The golden model.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "l1/neuron_fixed.hpp"
#include "map/chip_image.hpp"

namespace nmx {

struct CoreSpike {
  uint16_t core;
  uint16_t neuron;  // local index on the core
};

class ChipL1 {
 public:
  explicit ChipL1(const ChipImage& image);

  // All state back to the image's initial values: u = v = 0, ref = 0, lfsr = seed,
  // accumulators and pending events cleared, time 0.
  void reset();

  // One timestep. `inputs` are the input population's active neurons this step (injected
  // as if emitted in the previous step). Spikes emitted this step are appended to `out`
  // in (core, neuron) order.
  void step(const std::vector<uint32_t>& inputs, std::vector<CoreSpike>& out);

  uint32_t time() const { return t_; }
  uint64_t synaptic_events() const { return synaptic_events_; }
  const neuron_fixed::State& neuron(uint32_t core, uint32_t local) const { return cores_[core].neurons[local]; }
  // Dendritic accumulator slot `slot` of a local neuron (for lockstep state checks).
  int32_t accumulator(uint32_t core, uint32_t local, uint32_t slot) const;
  const ChipImage& image() const { return img_; }

 private:
  struct CoreState {
    std::vector<neuron_fixed::State> neurons;
    std::vector<int32_t> acc;        // [D][N], 24-bit saturating
    std::vector<uint64_t> pending;   // axon bitmap of events for this step
    std::vector<uint64_t> next;      // axon bitmap of events for the next step
  };

  void deliver(uint32_t population, uint32_t neuron, bool now);
  void synaptic_phase(uint32_t c);
  void neuron_phase(uint32_t c, std::vector<CoreSpike>& out);

  const ChipImage& img_;
  std::vector<CoreState> cores_;
  std::vector<std::array<int32_t, 4>> ternary_lut_;  // per projection: weight of each 2-bit code
  uint32_t d_mask_;
  uint32_t t_ = 0;
  uint64_t synaptic_events_ = 0;
};

}  // namespace nmx
