// Cycle <-> SystemC time for one clock domain. The period is a whole number of
// picoseconds (the kernel's resolution), so every wait is an exact number of cycles and
// cycle numbers never drift. Cycles count the chip's running cycles only, like the RTL's
// counter: each request rebases the clock, so time that other modules of the same
// simulation spend between requests (an L3 beside it) is not counted.
#pragma once

#include <cmath>
#include <cstdint>

#include <systemc>

namespace nmx::l2 {

class CycleClock {
 public:
  explicit CycleClock(double clock_mhz)
      : period_ps_(static_cast<uint64_t>(std::llround(1e6 / clock_mhz))) {}

  // From now on, the current time is `cycle`.
  void rebase(uint64_t cycle) { base_ps_ = sc_core::sc_time_stamp().value() - cycle * period_ps_; }
  uint64_t now() const { return (sc_core::sc_time_stamp().value() - base_ps_) / period_ps_; }
  // Time from now until the start of `cycle` (zero if it has begun).
  sc_core::sc_time until(uint64_t cycle) const {
    const uint64_t target = base_ps_ + cycle * period_ps_, here = sc_core::sc_time_stamp().value();
    return sc_core::sc_time::from_value(target > here ? target - here : 0);
  }
  sc_core::sc_time cycles(uint64_t n) const { return sc_core::sc_time::from_value(n * period_ps_); }
  uint64_t period_ps() const { return period_ps_; }

 private:
  uint64_t period_ps_;
  uint64_t base_ps_ = 0;
};

}  // namespace nmx::l2
