// A bit-accurate chip level the runner drives one timestep at a time: L1 (ChipL1) here,
// L2 (the SystemC chip, sim/) and L3 behind the same calls, so every level runs the same
// samples through the same code.
#pragma once

#include <cstdint>
#include <vector>

#include "l1/neuron_fixed.hpp"
#include "map/chip_image.hpp"

namespace nmx {

struct CoreSpike {
  uint16_t core;
  uint16_t neuron;  // local index on the core
};

class ChipModel {
 public:
  virtual ~ChipModel() = default;
  // All state back to the image's initial values, time 0 (start of a sample).
  virtual void reset() = 0;
  // Timestep t. `inputs` are the input population's active neurons this step (injected as
  // if emitted in the previous step); `next_inputs` are step t+1's, which a timed chip
  // streams in during step t. Spikes emitted this step are appended to `out` in
  // (core, neuron) order.
  virtual void step(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
                    std::vector<CoreSpike>& out) = 0;
  virtual const neuron_fixed::State& neuron(uint32_t core, uint32_t local) const = 0;
  virtual uint64_t synaptic_events() const = 0;  // since reset
  virtual const ChipImage& image() const = 0;
};

}  // namespace nmx
