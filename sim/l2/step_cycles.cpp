#include "l2/step_cycles.hpp"

namespace nmx::l2 {

StepActivity StepCycles::activity() const {
  StepActivity a;
  a.host_events = host_events;
  for (const CoreStepCycles& c : cores) a.cores.push_back(c.activity);
  return a;
}

}  // namespace nmx::l2
