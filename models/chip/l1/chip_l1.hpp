// L1: the bit-accurate, untimed functional model of the chip (docs/chip-spec.md §1-§4).
// Runs a ChipImage timestep by timestep: synaptic phase of every core, then neuron phase
// of every core, spikes routed as events into the next timestep. The golden model.
#pragma once

#include <cstdint>
#include <vector>

#include "map/cycle_estimate.hpp"
#include "l1/core_l1.hpp"
#include "map/chip_image.hpp"
#include "level/chip_model.hpp"

namespace nmx {

class ChipL1 final : public ChipModel {
 public:
  explicit ChipL1(const ChipImage& image);

  // All state back to the image's initial values: u = v = 0, ref = 0, lfsr = seed,
  // accumulators and pending events cleared, time 0; plasticity traces x, y, e and l to 0.
  // Learned weights and the plasticity LFSRs carry on over samples (restore_weights).
  void reset() override;

  // Plasticity (docs/plasticity.md). Learning is on when the image has a plastic
  // projection; off, the plasticity phase does nothing and weights stay as they are.
  void set_learning(bool on) override;
  bool learns() const override;
  void restore_weights();
  // The learned codes, real weights (code * scale * lsb) and delays into `net`'s plastic
  // projections (the network the image was built from).
  void write_learned(Network& net) const override;
  // Host write of l for neuron n of a population (16-bit signed, saturated), before a step.
  void set_core_learning_signal(uint32_t core, uint32_t local, int32_t l) override;
  void set_core_clamp(uint32_t core, uint32_t local, uint8_t clamp) override;
  void write_core_weights(uint32_t core, uint32_t axon, const std::vector<int32_t>& codes) override {
    cores_[core].write_weights(axon, codes);
  }
  // One core's plasticity unit (null when no plastic projection arrives there).
  const plastic::PlasticityL1* plasticity(uint32_t core) const { return cores_[core].plasticity(); }
  plastic::PlasticityL1* plasticity(uint32_t core) { return cores_[core].plasticity(); }
  const CoreL1& core(uint32_t c) const { return cores_[c]; }

  // One timestep. `inputs` are the input population's active neurons this step (injected
  // as if emitted in the previous step). Spikes emitted this step are appended to `out`
  // in (core, neuron) order.
  void step(const std::vector<uint32_t>& inputs, std::vector<CoreSpike>& out);
  // ChipModel: L1 is untimed, so the next step's inputs are not needed ahead.
  void step(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& /*next_inputs*/,
            std::vector<CoreSpike>& out) override {
    step(inputs, out);
  }

  // Activity counts of every step (rows, beats, spikes, events, mesh hops), for the
  // closed-form cycle estimate and the energy estimate without running L2. Off by default.
  void record_activity(bool on) { record_ = on; }
  const StepActivity& last_activity() const { return activity_; }
  uint64_t last_hops() const { return hops_; }

  // The synaptic phase's clamp-free path (CoreL1::synaptic_phase): off makes every step
  // saturate per synapse, the reference the fast path is tested against.
  void set_fast_path(bool on) {
    for (CoreL1& c : cores_) c.set_fast_path(on);
  }
  // Core synaptic phases run without / with the clamp, summed over cores.
  uint64_t fast_phases() const;
  uint64_t saturating_phases() const;

  uint32_t time() const { return t_; }
  uint64_t synaptic_events() const override { return synaptic_events_; }
  const neuron_fixed::State& neuron(uint32_t core, uint32_t local) const override { return cores_[core].neuron(local); }
  int32_t accumulator(uint32_t core, uint32_t local, uint32_t slot) const { return cores_[core].accumulator(local, slot); }
  // The core's mode unit (r, m, q), or nullptr when it runs no mode projection.
  const ModeUnitL1* mode_unit(uint32_t core) const { return cores_[core].mode_unit(); }
  int32_t mode_rate(uint32_t core, uint32_t j) const override { return mode_unit(core)->rate(j); }
  int32_t mode_projection(uint32_t core, uint32_t p) const override { return mode_unit(core)->projection(p); }
  const ChipImage& image() const override { return img_; }

 private:
  // Posts the events of a spike of (population, neuron) to every routed core: `now` for
  // external input of this step, else for the next step.
  void deliver(uint32_t population, uint32_t neuron, bool now);

  const ChipImage& img_;
  std::vector<CoreL1> cores_;
  uint32_t t_ = 0;
  uint64_t synaptic_events_ = 0;
  bool record_ = false;
  StepActivity activity_;
  uint64_t hops_ = 0;
  int32_t source_core_ = -1;  // the core whose spike deliver() is routing (-1: the host)
};

}  // namespace nmx
