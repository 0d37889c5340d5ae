// The plasticity phase's cycles on the RTL unit (docs/cycle-model.md, "Plasticity phase")
// for the step a core just ran at L1: its pre events, spikes, column entries and epochs,
// weighed with each group's evaluation cost (plastic/plastic_cycles.hpp). L2 times its
// learning phase with it; ChipL1's recorded activity carries it to the estimate.
#pragma once

#include <cstdint>

#include "l1/core_l1.hpp"
#include "plastic/plastic_cycles.hpp"

namespace nmx::plastic {

// Counts of step t's phase on `core` (after its plasticity_phase(t)); groups = 0 when the
// core does not learn.
PlasticPhaseCounts phase_counts(const CoreL1& core, uint32_t t);
inline uint64_t phase_cycles(const CoreL1& core, uint32_t t) { return plastic_phase_cycles(phase_counts(core, t)); }

}  // namespace nmx::plastic
