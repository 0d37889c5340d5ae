// L2 core: one SystemC module per core, transaction-level. Each timestep it runs the
// synaptic phase (one transaction per event row, timed by the synapse engine's lanes and
// pipeline) and the neuron phase (one transaction, every spike stamped with the cycle it
// leaves the core), then reports done to the barrier. The arithmetic is CoreL1's: the
// same calls, wrapped in time (docs/cycle-model.md).
#pragma once

#include <cstdint>

#include <systemc>

#include "l1/core_l1.hpp"
#include "l2/cycle_clock.hpp"
#include "timing/step_cycles.hpp"

namespace nmx::l2 {

class RouterL2;

class CoreL2 : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(CoreL2);
  CoreL2(const sc_core::sc_module_name& name, const ChipImage& chip, uint32_t index, const CycleClock& clock,
         RouterL2& router, sc_core::sc_event& done_event);

  // Starts timestep t at `start_cycle`; the core fills `stats` and notifies done_event.
  void start(uint32_t t, uint64_t start_cycle, CoreStepCycles* stats);
  bool done() const { return done_; }
  uint64_t done_cycle() const { return done_cycle_; }

  // The router's write port into the next step's event buffer.
  void receive(uint32_t axon);

  CoreL1& l1() { return l1_; }
  const CoreL1& l1() const { return l1_; }

  void trace(sc_core::sc_trace_file* tf);
  void set_tracing(bool on) { tracing_ = on; }

 private:
  enum Phase : uint32_t { kIdle = 0, kSynaptic = 1, kNeuron = 2 };
  void run();

  const ChipImage& chip_;
  const CoreImage& img_;
  const uint32_t index_;
  const CycleClock& clock_;
  RouterL2& router_;
  sc_core::sc_event& done_event_;
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
