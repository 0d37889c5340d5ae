#include "l2/cycle_clock.hpp"

#include <cmath>

namespace nmx::l2 {

uint64_t CycleClock::period_units(double clock_mhz) {
  const double units = 1e-6 / clock_mhz / sc_core::sc_get_time_resolution().to_seconds();
  return units < 0.5 ? 0 : static_cast<uint64_t>(std::llround(units));
}

double CycleClock::period_ns() const {
  const double resolution_fs = std::round(sc_core::sc_get_time_resolution().to_seconds() * 1e15);
  return static_cast<double>(period_) * resolution_fs / 1e6;
}

}  // namespace nmx::l2
