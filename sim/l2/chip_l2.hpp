// L2: the cycle-accurate SystemC model of the chip (docs/chip-spec.md §1, §7): one core
// module per core, the router, and the global timestep barrier with the host port (this
// module). The host drives it
// one timestep at a time: each call runs the kernel until the barrier pauses it. Cores
// and router are nmx's CoreL2 and RouterL2 unless `models` supplies others; every
// connection is a port bound to an interface of interfaces.hpp.
//
// SystemC elaborates once per process: build one ChipL2 per process and reuse it across
// samples with reset().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "l2/cycle_clock.hpp"
#include "l2/interfaces.hpp"
#include "l2/model_sockets.hpp"
#include "timing/step_cycles.hpp"
#include "level/chip_model.hpp"

namespace nmx::l2 {

// Checks what SystemC cannot elaborate (lanes, D, cores vs mesh, clock) and throws
// InputError naming the field, before any SystemC object exists.
void preflight(const ChipImage& chip);

struct TraceOptions {
  std::string path;  // VCD file; empty = no trace
  uint32_t first_step = 0, last_step = 0;  // window of timesteps (of the current sample) traced
  uint32_t sample = 0;                     // which sample (counted by reset()) is traced
};

class ChipL2 : public sc_core::sc_module, public BarrierIf {
 public:
  sc_core::sc_port<CoreCtrlIf, 0> cores;  // cores[c]: core c (bound in core order)
  sc_core::sc_port<RouterCtrlIf> router;
  sc_core::sc_port<SpikeIf> host;          // the host port's events into the router
  sc_core::sc_export<BarrierIf> barrier;   // cores and router report here

  SC_HAS_PROCESS(ChipL2);
  ChipL2(const sc_core::sc_module_name& name, const ChipImage& chip, const TraceOptions& trace = {},
         const Models& models = {});
  ~ChipL2() override;

  // BarrierIf
  void arrive() override { done_event_.notify(); }

  // Zero-time reset between samples: state back to the image's, cycle 0 (the models are
  // reset through their ports when the next preload starts).
  void reset();
  // Resets the models now if reset() is still pending: a host write between reset() and
  // the next preload (a learning signal, a clamp) must land after it, not be undone by it.
  void apply_pending_reset();
  // Streams step 0's inputs into the event buffers (the cycles before step 0).
  void preload(const std::vector<uint32_t>& inputs);
  // Runs the next timestep while the host streams in `next_inputs` for the step after.
  void step(const std::vector<uint32_t>& next_inputs, std::vector<CoreSpike>& out);
  // Closes and publishes the trace file (also done by the destructor).
  void finish_trace();

  const StepCycles& last_step() const { return current_; }
  const StepCycles& last_preload() const { return preload_; }
  uint32_t time() const { return t_; }
  uint64_t cycle() const { return next_cycle_; }  // running cycles since reset
  const neuron_fixed::State& neuron(uint32_t core, uint32_t local) const { return cores[core]->neuron(local); }
  PlasticSnapshot plastic_state(uint32_t core) const { return cores[core]->plastic_state(); }
  const ModeUnitL1* mode_unit(uint32_t core) const { return cores[core]->mode_unit(); }
  const ChipImage& image() const { return chip_; }
  double period_ns() const { return clock_.period_ns(); }

 private:
  enum class Request { Preload, Step };
  void run_request(Request kind, const std::vector<uint32_t>& host_inputs);
  void end_of_elaboration() override;
  void control();
  void step_start_off() { sig_step_start_.write(false); }

  const ChipImage& chip_;
  CycleClock clock_;
  sc_core::sc_event done_event_;
  std::unique_ptr<RouterModel> router_model_;  // the modules this chip built and bound
  std::vector<std::unique_ptr<CoreModel>> core_models_;

  Request kind_ = Request::Preload;
  const std::vector<uint32_t>* host_inputs_ = nullptr;
  bool completed_ = false, pending_ = false, reset_pending_ = false;
  sc_core::sc_event request_;
  uint32_t t_ = 0, sample_ = 0;
  uint64_t next_cycle_ = 0;  // running cycles of this sample so far
  StepCycles current_, preload_;

  TraceOptions trace_opt_;
  sc_core::sc_trace_file* trace_ = nullptr;
  std::string trace_tmp_;
  sc_core::sc_signal<uint32_t> sig_step_;
  // High in the first cycle of each traced step: set by control, cleared by step_start_off.
  sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS> sig_step_start_;
  sc_core::sc_event step_start_off_;
};

}  // namespace nmx::l2
