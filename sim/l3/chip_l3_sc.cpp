#include "l3/chip_l3_sc.hpp"

#include <cmath>
#include <stdexcept>

#include "kernel/run_kernel.hpp"

namespace nmx::l3 {

ChipL3Sc::ChipL3Sc(const sc_core::sc_module_name& name, const ChipImage& chip, const L3Options& options)
    : sc_module(name),
      l3_(chip, options),
      period_(sc_core::sc_time::from_value(static_cast<uint64_t>(std::llround(1e6 / chip.hw.clock_mhz)))) {
  l3_.set_cycle_hook([this] { wait(period_); });
  SC_THREAD(control);
}

void ChipL3Sc::step(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
                    std::vector<CoreSpike>& out) {
  inputs_ = &inputs;
  next_ = &next_inputs;
  out_ = &out;
  completed_ = false;
  pending_ = true;
  request_.notify(sc_core::SC_ZERO_TIME);
  run_kernel();
  if (!completed_) throw std::runtime_error("L3 (SystemC): the simulation stopped before the step completed");
}

void ChipL3Sc::control() {
  for (;;) {
    while (!pending_) wait(request_);
    pending_ = false;
    l3_.step(*inputs_, *next_, *out_);  // waits one period per RTL cycle
    completed_ = true;
    sc_core::sc_pause();
  }
}

}  // namespace nmx::l3
