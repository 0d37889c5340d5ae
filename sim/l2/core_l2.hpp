// L2 core: one SystemC module per core, transaction-level. Each timestep it runs the
// synaptic phase (one transaction per event row, timed by the synapse engine's lanes and
// pipeline) and the neuron phase (one transaction, every spike stamped with the cycle it
// leaves the core), then reports done to the barrier. The arithmetic is CoreL1's: the
// same calls, wrapped in time (docs/cycle-model.md). It talks to the rest of the chip only
// through its ports and exports (model_sockets.hpp).
#pragma once

#include <cstdint>

#include <systemc>

#include "l1/core_l1.hpp"
#include "l2/model_sockets.hpp"
#include "l2/trace_values.hpp"

namespace nmx::l2 {

class CoreL2 : public CoreModel, public CoreCtrlIf, public EventIf {
 public:
  SC_HAS_PROCESS(CoreL2);
  CoreL2(const sc_core::sc_module_name& name, const ChipImage& chip, uint32_t index, const CycleClock& clock);

  // CoreCtrlIf
  void reset() override {
    l1_.reset();
    l1_.free_clamps();
    tracing_ = false;  // a sample starts with its preload, never traced
  }
  void start(uint32_t t, uint64_t start_cycle, CoreStepCycles* stats, bool trace) override;
  bool done() const override { return done_; }
  uint64_t done_cycle() const override { return done_cycle_; }
  void end_step() override { l1_.end_step(); }
  const neuron_fixed::State& neuron(uint32_t local) const override { return l1_.neuron(local); }
  PlasticSnapshot plastic_state() const override { return plastic_snapshot(l1_); }
  void set_learning(bool on) override { l1_.set_learning(on); }
  void set_learning_signal(uint32_t local, int32_t l) override {
    if (l1_.plasticity()) l1_.plasticity()->set_l(local, l);
  }
  void set_clamp(uint32_t local, uint8_t clamp) override { l1_.set_clamp(local, clamp); }
  void restore_weights() override { l1_.restore_weights(); }
  void write_weights(uint32_t axon, const std::vector<int32_t>& codes) override { l1_.write_weights(axon, codes); }
  const ModeUnitL1* mode_unit() const override { return l1_.mode_unit(); }

  // EventIf: the router's write port into the next step's event buffer.
  void deliver(uint32_t axon) override;

  const CoreL1& l1() const { return l1_; }
  void trace(sc_core::sc_trace_file* tf) const override;

 private:
  void run();

  const ChipImage& chip_;
  const CoreImage& img_;
  const uint32_t index_;
  const CycleClock& clock_;
  sc_core::sc_event start_;
  CoreL1 l1_;

  uint32_t t_ = 0;
  uint64_t start_cycle_ = 0, done_cycle_ = 0;
  bool done_ = true;
  CoreStepCycles* stats_ = nullptr;

  bool tracing_ = false;
  sc_core::sc_signal<uint32_t> sig_phase_, sig_axon_, sig_rows_, sig_spikes_, sig_events_in_;
};

}  // namespace nmx::l2
