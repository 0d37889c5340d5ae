#include "l2/chip_l2.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "core/error.hpp"
#include "hw/microarch.hpp"

namespace nmx::l2 {

void preflight(const ChipImage& chip) {
  validate(chip.hw);  // lanes in 1..64, D a power of two in 1..64, mesh, clock
  if (chip.cores.size() > chip.hw.cores())
    throw InputError(chip.hw.source + ": the network needs " + std::to_string(chip.cores.size()) +
                     " cores, the mesh has " + std::to_string(chip.hw.cores()) + " (chip.mesh_x * chip.mesh_y)");
  if (chip.cores.empty()) throw InputError("the network maps to no core: nothing to simulate");
  for (size_t c = 0; c < chip.cores.size(); ++c) {
    if (chip.cores[c].neurons > chip.hw.core.neurons || chip.cores[c].axons.size() > chip.hw.core.axons)
      throw InputError(chip.hw.source + ": core " + std::to_string(c) + " exceeds core.neurons or core.axons");
  }
}

namespace {
const ChipImage& checked(const ChipImage& chip) {
  preflight(chip);
  // The kernel prints its banner on first use unless told not to; nmx owns stdout.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return chip;
}
}  // namespace

ChipL2::ChipL2(const sc_core::sc_module_name& name, const ChipImage& chip, const TraceOptions& trace)
    : sc_module(name), chip_(checked(chip)), clock_(chip.hw.clock_mhz), trace_opt_(trace), sig_step_("step") {
  router_ = std::make_unique<RouterL2>("router", chip_, clock_, done_event_);
  std::vector<CoreL2*> raw;
  for (uint32_t c = 0; c < chip_.cores.size(); ++c) {
    cores_.push_back(std::make_unique<CoreL2>(("core" + std::to_string(c)).c_str(), chip_, c, clock_, *router_, done_event_));
    raw.push_back(cores_.back().get());
  }
  router_->connect(raw);
  if (!trace_opt_.path.empty()) {
    // The kernel announces the timescale as an info report; nmx owns stdout.
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    // Written under a temporary name and renamed when complete: no partial file is left.
    trace_tmp_ = trace_opt_.path + ".part";
    trace_ = sc_core::sc_create_vcd_trace_file(trace_tmp_.c_str());
    if (!trace_) throw InputError(trace_opt_.path + ": cannot create the trace file");
    trace_->set_time_unit(1, sc_core::SC_PS);
    sc_core::sc_trace(trace_, sig_step_, "chip.step");
    router_->trace(trace_);
    for (auto& c : cores_) c->trace(trace_);
  }
  SC_THREAD(control);
}

ChipL2::~ChipL2() {
  if (trace_) {
    sc_core::sc_close_vcd_trace_file(trace_);
    std::remove((trace_tmp_ + ".vcd").c_str());  // never published: the run did not finish
  }
}

void ChipL2::finish_trace() {
  if (!trace_) return;
  sc_core::sc_close_vcd_trace_file(trace_);
  trace_ = nullptr;
  if (std::rename((trace_tmp_ + ".vcd").c_str(), trace_opt_.path.c_str()) != 0)
    throw InputError(trace_opt_.path + ": cannot write the trace file");
}

void ChipL2::reset() {
  for (auto& c : cores_) c->l1().reset();
  router_->reset();
  next_cycle_ = 0;
  if (completed_) ++sample_;  // a sample has run since the last reset
  t_ = 0;
}

void ChipL2::preload(const std::vector<uint32_t>& inputs) {
  run_request(Request::Preload, inputs);
  preload_ = current_;
}

void ChipL2::step(const std::vector<uint32_t>& next_inputs, std::vector<CoreSpike>& out) {
  run_request(Request::Step, next_inputs);
  for (uint32_t c = 0; c < current_.cores.size(); ++c)
    for (const uint16_t i : current_.cores[c].spike_neuron) out.push_back({static_cast<uint16_t>(c), i});
}

void ChipL2::run_request(Request kind, const std::vector<uint32_t>& host_inputs) {
  kind_ = kind;
  host_inputs_ = &host_inputs;
  completed_ = false;
  pending_ = true;
  request_.notify(sc_core::SC_ZERO_TIME);
  sc_core::sc_start();  // runs until the barrier pauses the kernel
  if (!completed_)
    throw std::runtime_error("L2: the simulation stopped before timestep " + std::to_string(t_) + " completed");
}

// The barrier: starts every core and the host port, waits until every core is done and
// the router is drained, spends the barrier cycles, swaps the event buffers and pauses.
void ChipL2::control() {
  for (;;) {
    // Other modules of the same simulation (an L3 beside it) may resume the kernel too.
    while (!pending_) wait(request_);
    pending_ = false;
    clock_.rebase(next_cycle_);
    const uint64_t s0 = next_cycle_;
    const bool step = kind_ == Request::Step;
    const bool tracing = trace_ && sample_ == trace_opt_.sample && step && t_ >= trace_opt_.first_step &&
                         t_ <= trace_opt_.last_step;
    current_ = StepCycles{};
    current_.step = t_;
    current_.start_cycle = s0;
    current_.cores.resize(cores_.size());
    router_->set_tracing(tracing);
    for (auto& c : cores_) c->set_tracing(tracing);
    if (tracing) sig_step_.write(t_);

    router_->begin_step(s0, &current_);
    const uint32_t host = router_->sources() - 1;
    for (const uint32_t n : *host_inputs_) router_->push_spike(host, chip_.input_population, n, s0);
    router_->kick();
    if (step)
      for (uint32_t c = 0; c < cores_.size(); ++c) cores_[c]->start(t_, s0, &current_.cores[c]);

    auto all_done = [&] {
      for (auto& c : cores_)
        if (!c->done()) return false;
      return router_->idle();
    };
    while (!all_done()) wait(done_event_);

    uint64_t done = router_->done_cycle();
    if (step)
      for (auto& c : cores_) done = std::max(done, c->done_cycle());
    done += uarch::kBarrierCycles;
    wait(clock_.until(done));
    current_.cycles = done - s0;
    next_cycle_ = done;
    for (CoreStepCycles& c : current_.cores) c.idle = current_.cycles - c.synaptic - c.neuron;
    for (auto& c : cores_) c->l1().end_step();
    if (step) ++t_;
    completed_ = true;
    sc_core::sc_pause();
  }
}

}  // namespace nmx::l2
