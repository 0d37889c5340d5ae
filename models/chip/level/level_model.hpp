// What every level is to the runner: a network stepped one timestep at a time, seen by
// population. L0 (NetworkL0) implements it directly; the chip levels (L1, L2, L3) through
// ChipModel, which adds the per-core view the lockstep checker compares.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.hpp"

namespace nmx {

struct Network;

// spikes[p]: the neurons of population p that fired in one step, ascending.
using PopulationSpikes = std::vector<std::vector<uint32_t>>;

// What a level without a plasticity unit says when asked to learn.
[[noreturn]] inline void throw_no_plasticity_unit() {
  throw InputError("this level has no plasticity unit (it cannot run a network that learns)");
}

class LevelModel {
 public:
  virtual ~LevelModel() = default;
  // All state back to its initial values, time 0 (start of a sample).
  virtual void reset() = 0;
  // Timestep t. `inputs` are the input population's active neurons this step (injected as
  // if emitted in the previous step); `next_inputs` are step t+1's, which a timed chip
  // streams in during step t (untimed levels ignore them). `spikes` is resized to the
  // network's populations and filled.
  virtual void step_populations(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
                                PopulationSpikes& spikes) = 0;
  // The membrane a readout sees, in the level's own units: real-valued at L0, datapath
  // LSBs at the chip levels (multiply by the population's lsb for real units).
  virtual double membrane(uint32_t population, uint32_t n) const = 0;
  // The synaptic current u, in the same units as membrane() (recordings, record/).
  virtual double current(uint32_t population, uint32_t n) const = 0;
  virtual uint64_t synaptic_events() const = 0;  // since reset

  // Plasticity (docs/plasticity.md). A level without a plasticity unit learns nothing:
  // turning learning on, or writing a learning signal, is then an error.
  virtual bool learns() const { return false; }
  virtual void set_learning(bool on) {
    if (on) throw_no_plasticity_unit();
  }
  // Host write of the learning signal l of neuron n of a population, before a step.
  virtual void set_learning_signal(uint32_t /*population*/, uint32_t /*n*/, int32_t /*l*/) { throw_no_plasticity_unit(); }
  // Host write of neuron n's clamp (fx::kClamp*: free, silent or spike; docs/chip-spec.md
  // §2), before a step; it holds until rewritten or reset(). L0 to L3 clamp.
  virtual void set_clamp(uint32_t /*population*/, uint32_t /*n*/, uint8_t /*clamp*/) {
    throw InputError("this level cannot clamp neurons");
  }
  // Writes the weights (codes, real weights = code * scale) and delays learned so far
  // into the plastic projections of `net` (the network this level runs).
  virtual void write_learned(Network& /*net*/) const { throw_no_plasticity_unit(); }
  // The inverse, between steps: the host writes the weight codes of `net`'s plastic
  // projections into the running level (traces, eligibilities, neuron state and LFSRs are
  // kept). Shared weights use it: the host ties copies that learned apart (docs/gem.md).
  virtual void load_weights(const Network& /*net*/) { throw_no_plasticity_unit(); }
};

}  // namespace nmx
