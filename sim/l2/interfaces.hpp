// The L2 chip's transaction-level interfaces (SystemC sc_interface classes). Cores, the
// router and the barrier/host (ChipL2) talk only through ports bound to these, so
// SystemC checks the wiring at elaboration and a user's own core or router model binds
// in place of nmx's (model_sockets.hpp, docs/architecture.md "L2").
//
//   ChipL2 (barrier, host port)
//     sc_port<CoreCtrlIf, 0> ──► CoreModel::ctrl          start / done / reset / state
//     sc_port<RouterCtrlIf>  ──► RouterModel::ctrl        begin_step / idle / reset
//     sc_port<SpikeIf>       ──► RouterModel::spike_in   host events, source = cores
//   CoreModel::spike_out    ──► RouterModel::spike_in   spikes, source = core index
//   RouterModel::event_out[k] ─► core k's CoreModel::event_in
//   CoreModel::barrier, RouterModel::barrier ──► ChipL2's BarrierIf export
//
// Cycles are the chip's running cycles of the current sample (CycleClock); every call
// is made from a SystemC process at the simulated time it describes.
#pragma once

#include <cstdint>

#include <systemc>

#include "core/error.hpp"
#include "lockstep/plastic_state.hpp"
#include "mode/mode_unit_l1.hpp"
#include "neuron/neuron_fixed.hpp"
#include "timing/step_cycles.hpp"

namespace nmx::l2 {

// Router -> core: one AER event, written into the core's event buffer for the next step.
class EventIf : public virtual sc_core::sc_interface {
 public:
  virtual void deliver(uint32_t axon) = 0;
};

// Core or host port -> router: a spike of `neuron` of `population` that left `source`
// (core index, or the number of cores for the host port) in cycle `exit`. A source
// pushes its spikes in exit order, then calls kick() once to wake the router.
class SpikeIf : public virtual sc_core::sc_interface {
 public:
  virtual void push_spike(uint32_t source, uint32_t population, uint32_t neuron, uint64_t exit) = 0;
  virtual void kick() = 0;
};

// Core or router -> barrier: "my state changed, check whether the step is over". The
// barrier then asks every core (CoreCtrlIf::done) and the router (RouterCtrlIf::idle).
class BarrierIf : public virtual sc_core::sc_interface {
 public:
  virtual void arrive() = 0;
};

// Barrier -> core.
class CoreCtrlIf : public virtual sc_core::sc_interface {
 public:
  // State back to the chip image's (zero time, between samples).
  virtual void reset() = 0;
  // Run timestep t from `start_cycle`: fill `stats` (synaptic, neuron cycles, activity,
  // spike exits), push spikes to the router, call barrier->arrive() when done. `trace`:
  // this step is inside the trace window.
  virtual void start(uint32_t t, uint64_t start_cycle, CoreStepCycles* stats, bool trace) = 0;
  virtual bool done() const = 0;
  virtual uint64_t done_cycle() const = 0;  // the cycle after the core's last busy cycle
  // Barrier: the next step's events become pending.
  virtual void end_step() = 0;
  // Neuron state for the lockstep check against L1.
  virtual const neuron_fixed::State& neuron(uint32_t local) const = 0;
  // Plasticity (docs/plasticity.md): a core model without a plasticity unit keeps these.
  virtual PlasticSnapshot plastic_state() const { return {}; }
  virtual void set_learning(bool /*on*/) {}
  virtual void set_learning_signal(uint32_t /*local*/, int32_t /*l*/) {}
  // The host's clamp of a local neuron (fx::kClamp*); a core model that cannot clamp says so.
  virtual void set_clamp(uint32_t /*local*/, uint8_t /*clamp*/) { throw InputError("this core model cannot clamp neurons"); }
  virtual void restore_weights() {}
  // The host's write of a plastic row's weight codes (LevelModel::load_weights).
  virtual void write_weights(uint32_t /*axon*/, const std::vector<int32_t>& /*codes*/) { throw_no_plasticity_unit(); }
  // The mode unit's state (nullptr: no mode projection on this core, or a core model without one).
  virtual const ModeUnitL1* mode_unit() const { return nullptr; }
};

// Barrier -> router.
class RouterCtrlIf : public virtual sc_core::sc_interface {
 public:
  virtual void reset() = 0;
  // A request (preload or step) begins at `start_cycle`; route stalls, hops and events go
  // into `stats` (stats->cores has one entry per core).
  virtual void begin_step(uint64_t start_cycle, StepCycles* stats, bool trace) = 0;
  virtual bool idle() const = 0;            // nothing queued or in flight
  virtual uint64_t done_cycle() const = 0;  // the cycle after the last activity
};

}  // namespace nmx::l2
