#include "l2/chip_l2.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

#include "core/error.hpp"
#include "hw/microarch.hpp"
#include "kernel/run_kernel.hpp"
#include "l2/core_l2.hpp"
#include "l2/router_l2.hpp"

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
  // The clock period must be a whole number of the kernel's time-resolution units. (Asking
  // for the resolution starts the kernel, which prints its banner unless told not to.)
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  const double resolution = sc_core::sc_get_time_resolution().to_seconds(), period = 1e-6 / chip.hw.clock_mhz;
  const uint64_t units = CycleClock::period_units(chip.hw.clock_mhz);
  if (units == 0 || std::fabs(static_cast<double>(units) * resolution - period) > 0.01 * period)
    throw InputError(chip.hw.source + ": clock_mhz " + shortest_text(chip.hw.clock_mhz) + ": its period (" +
                     shortest_text(period * 1e9) + " ns) is not a whole number of SystemC time-resolution units (" +
                     shortest_text(resolution * 1e9) + " ns) within 1%; use a finer sc_set_time_resolution()");
}

namespace {
const ChipImage& checked(const ChipImage& chip) {
  preflight(chip);  // also keeps the kernel's banner off stdout, which nmx owns
  return chip;
}

// The VCD time unit: the kernel's resolution (a power of ten of a unit, as SystemC
// requires), so trace times are exact.
void set_trace_unit(sc_core::sc_trace_file* tf) {
  const double r = sc_core::sc_get_time_resolution().to_seconds();
  static const std::pair<double, sc_core::sc_time_unit> units[] = {
      {1, sc_core::SC_SEC}, {1e-3, sc_core::SC_MS}, {1e-6, sc_core::SC_US},
      {1e-9, sc_core::SC_NS}, {1e-12, sc_core::SC_PS}, {1e-15, sc_core::SC_FS}};
  for (const auto& [scale, unit] : units)
    if (r >= scale * (1 - 1e-9)) return tf->set_time_unit(std::round(r / scale), unit);
}
}  // namespace

ChipL2::ChipL2(const sc_core::sc_module_name& name, const ChipImage& chip, const TraceOptions& trace,
               const Models& models)
    : sc_module(name),
      cores("cores"),
      router("router_ctrl"),
      host("host"),
      barrier("barrier"),
      chip_(checked(chip)),
      clock_(chip.hw.clock_mhz),
      trace_opt_(trace),
      sig_step_("step"),
      sig_step_start_("step_start") {
  barrier.bind(*this);
  router_model_ = models.router ? models.router("router", chip_, clock_)
                                : std::make_unique<RouterL2>("router", chip_, clock_);
  RouterModel& r = *router_model_;
  router.bind(r.ctrl);
  host.bind(r.spike_in);
  r.barrier.bind(barrier);
  for (uint32_t c = 0; c < chip_.cores.size(); ++c) {
    const std::string n = "core" + std::to_string(c);
    core_models_.push_back(models.core ? models.core(n.c_str(), chip_, c, clock_)
                                       : std::make_unique<CoreL2>(n.c_str(), chip_, c, clock_));
    CoreModel& k = *core_models_.back();
    cores.bind(k.ctrl);
    r.event_out.bind(k.event_in);
    k.spike_out.bind(r.spike_in);
    k.barrier.bind(barrier);
  }
  if (!trace_opt_.path.empty()) {
    // The kernel announces the timescale as an info report; nmx owns stdout.
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    // Written under a temporary name and renamed when complete: no partial file is left.
    trace_tmp_ = trace_opt_.path + ".part";
    trace_ = sc_core::sc_create_vcd_trace_file(trace_tmp_.c_str());
    if (!trace_) throw InputError(trace_opt_.path + ": cannot create the trace file");
    set_trace_unit(trace_);
    sc_core::sc_trace(trace_, sig_step_, std::string(this->name()) + ".step");
    sc_core::sc_trace(trace_, sig_step_start_, std::string(this->name()) + ".step_start");
    r.trace(trace_);
    for (auto& k : core_models_) k->trace(trace_);
  }
  SC_THREAD(control);
  SC_METHOD(step_start_off);
  sensitive << step_start_off_;
  dont_initialize();
}

// Ports bound by hand (not by this constructor) are checked here too.
void ChipL2::end_of_elaboration() {
  if (static_cast<size_t>(cores.size()) != chip_.cores.size())
    SC_REPORT_ERROR("nmx/l2", (std::string(name()) + ".cores: " + std::to_string(cores.size()) +
                               " cores bound, the chip image has " + std::to_string(chip_.cores.size()))
                                  .c_str());
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
  reset_pending_ = true;  // done by the barrier thread: ports are usable once the kernel runs
  next_cycle_ = 0;
  if (completed_) ++sample_;  // a sample has run since the last reset
  t_ = 0;
}

void ChipL2::apply_pending_reset() {
  if (!reset_pending_) return;
  for (int c = 0; c < cores.size(); ++c) cores[c]->reset();
  router->reset();
  reset_pending_ = false;
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
  run_kernel();  // until the barrier pauses the kernel
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
    apply_pending_reset();
    clock_.rebase(next_cycle_);
    const uint64_t s0 = next_cycle_;
    const bool step = kind_ == Request::Step;
    const bool tracing = trace_ && sample_ == trace_opt_.sample && step && t_ >= trace_opt_.first_step &&
                         t_ <= trace_opt_.last_step;
    current_ = StepCycles{};
    current_.step = t_;
    current_.start_cycle = s0;
    const int n_cores = cores.size();
    current_.cores.resize(n_cores);
    if (tracing) {
      sig_step_.write(t_);
      sig_step_start_.write(true);
      step_start_off_.notify(clock_.cycles(1));
    }

    router->begin_step(s0, &current_, tracing);
    const auto host_source = static_cast<uint32_t>(n_cores);
    for (const uint32_t n : *host_inputs_) host->push_spike(host_source, chip_.input_population, n, s0);
    host->kick();
    if (step)
      for (int c = 0; c < n_cores; ++c) cores[c]->start(t_, s0, &current_.cores[c], tracing);

    auto all_done = [&] {
      for (int c = 0; c < n_cores; ++c)
        if (!cores[c]->done()) return false;
      return router->idle();
    };
    while (!all_done()) wait(done_event_);

    uint64_t done = router->done_cycle();
    if (step)
      for (int c = 0; c < n_cores; ++c) done = std::max(done, cores[c]->done_cycle());
    done += uarch::kBarrierCycles;
    wait(clock_.until(done));
    current_.cycles = done - s0;
    next_cycle_ = done;
    for (CoreStepCycles& c : current_.cores) c.idle = current_.cycles - c.synaptic - c.neuron - c.plastic - c.mode;
    for (int c = 0; c < n_cores; ++c) cores[c]->end_step();
    if (step) ++t_;
    completed_ = true;
    sc_core::sc_pause();
  }
}

}  // namespace nmx::l2
