#include "timing/step_cycles.hpp"

namespace nmx {

StepActivity StepCycles::activity() const {
  StepActivity a;
  a.host_events = host_events;
  for (const CoreStepCycles& c : cores) a.cores.push_back(c.activity);
  return a;
}

}  // namespace nmx
