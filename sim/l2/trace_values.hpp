// Values of the L2 trace's coded signals. docs/gtkwave/phase.txt is the GTKWave
// translate filter that names them (docs/gtkwave/l2.gtkw applies it); keep the three in
// step.
#pragma once

#include <cstdint>

namespace nmx::l2::phase {

// <core>.phase, traced as a 3-bit vector (the values of rtl/nmx_pkg.sv phase_e).
constexpr uint32_t kIdle = 0, kSynaptic = 1, kNeuron = 2, kPlastic = 3, kMode = 4;
constexpr int kBits = 3;

}  // namespace nmx::l2::phase
