// Cycle <-> SystemC time for one clock domain. The period is a whole number of the
// kernel's time-resolution units (sc_get_time_resolution(), 1 ps unless the user's
// sc_main sets another before elaboration), so every wait is an exact number of cycles
// and cycle numbers never drift. Cycles count the chip's running cycles only, like the
// RTL's counter: each request rebases the clock, so time that other modules of the same
// simulation spend between requests (an L3 beside it) is not counted.
#pragma once

#include <cstdint>

#include <systemc>

namespace nmx::l2 {

class CycleClock {
 public:
  // Resolution units per clock period, rounded; 0 when the resolution is coarser than
  // half a period (preflight() refuses such clocks with an error naming chip.clock_mhz).
  static uint64_t period_units(double clock_mhz);

  explicit CycleClock(double clock_mhz) : period_(period_units(clock_mhz)) {}

  // From now on, the current time is `cycle`.
  void rebase(uint64_t cycle) { base_ = sc_core::sc_time_stamp().value() - cycle * period_; }
  uint64_t now() const { return (sc_core::sc_time_stamp().value() - base_) / period_; }
  // Time from now until the start of `cycle` (zero if it has begun).
  sc_core::sc_time until(uint64_t cycle) const {
    const uint64_t target = base_ + cycle * period_, here = sc_core::sc_time_stamp().value();
    return sc_core::sc_time::from_value(target > here ? target - here : 0);
  }
  sc_core::sc_time cycles(uint64_t n) const { return sc_core::sc_time::from_value(n * period_); }
  sc_core::sc_time period() const { return cycles(1); }
  // The period in ns, as the nearest double (a quotient of whole numbers of femtoseconds).
  double period_ns() const;

 private:
  uint64_t period_;  // in resolution units
  uint64_t base_ = 0;
};

}  // namespace nmx::l2
