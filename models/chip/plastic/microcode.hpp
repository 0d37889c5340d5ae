// The plasticity unit's microcode (docs/plasticity.md): what a learning rule compiles to,
// and what every level executes. L0 runs it on doubles, L1 and L2 on the integers of
// fixed_point.hpp, L3 loads it into the core's rule memory. Widths are stated per field.
#pragma once

#include <array>
#include <cstdint>

#include "fixed/fixed_point.hpp"

namespace nmx::plastic {

// A factor's source value (f in f + c). Traces 16-bit unsigned, e and l 16-bit signed,
// w the WB-bit weight code, d the delay [0, D - 1], One the constant 1 (so a constant is
// One with c = value - 1; the compiler writes constants as Zero + c instead). V, the post
// neuron's membrane (24-bit signed), may only be tested, never multiplied (SDSP). P, the
// post neuron's spike probability this step (16-bit unsigned, 2^16 = 1): the core's sigmoid
// table at v after the neuron phase, the probability a stochastic neuron fired with (it does
// not reset); GEM's (post - p) eligibility.
enum class Source : uint8_t { Zero = 0, X1 = 1, X2 = 2, Y1 = 3, Y2 = 4, E = 5, L = 6, W = 7, D = 8, V = 9, P = 10 };
constexpr int kSourceBits = 4;

// When a program runs: at a pre event (an axon event processed this step), at a post
// event (the post neuron spiked this step) or at a learning epoch.
enum class Event : uint8_t { Pre = 0, Post = 1, Epoch = 2 };
// What it changes: the weight code, the eligibility trace or the delay.
enum class Target : uint8_t { W = 0, E = 1, D = 2 };
constexpr int kEvents = 3;
constexpr int kTargets = 3;

// Value (source + c), or with `test` the indicator [source >= c] in {0, 1}: SDSP's
// conditions on the post membrane, a trace window or a weight's bistable drift. A test
// of V compares with c * 2^8 (the membrane is 24 bits wide, c 16).
struct Factor {
  Source source = Source::Zero;  // 4 bits
  bool test = false;             // 1 bit
  int16_t c = 0;                 // 16-bit signed constant
};

// sign * 2^-shift * prod_j (source_j + c_j); a term with no factor is the constant 1.
struct Term {
  bool negative = false;  // 1 bit
  uint8_t shift = 0;      // 5 bits, [0, kRuleShiftMax]
  bool needs_pre = false; // post-event program only: counts iff the axon also had an event this step
  uint8_t factors = 0;    // 2 bits, [0, kRuleMaxFactors]
  std::array<Factor, fx::kRuleMaxFactors> factor{};
};

struct Program {
  uint8_t terms = 0;  // 3 bits, [0, kRuleMaxTerms]; 0 = this (event, target) never changes
  std::array<Term, fx::kRuleMaxTerms> term{};
};

// Per-trace parameters of a synapse group.
struct TraceParams {
  int32_t decay = 0;  // 13-bit field, [0, 4096]: fx::decay fraction; 0 = non-decaying
  int32_t amp = 0;    // 16-bit unsigned increment on a spike
};

enum class Rounding : uint8_t { Stochastic = 0, Nearest = 1 };

// One synapse group: one plastic projection's rule as a core executes it.
struct GroupMicrocode {
  std::array<std::array<Program, kTargets>, kEvents> program{};  // [event][target]
  TraceParams x1, x2, y1, y2;
  Rounding rounding = Rounding::Stochastic;
  uint32_t epoch = 0;  // learning epoch period in steps (16 bits); 0 = no epoch program
};

// The sources an event's programs read: bit s set when some factor reads Source s.
inline uint32_t sources_read(const GroupMicrocode& g, Event ev) {
  uint32_t mask = 0;
  for (const Program& p : g.program[static_cast<int>(ev)])
    for (uint32_t k = 0; k < p.terms; ++k)
      for (uint32_t f = 0; f < p.term[k].factors; ++f) mask |= 1u << static_cast<int>(p.term[k].factor[f].source);
  return mask;
}

// A core holds the y traces of at most this many synapse groups (one per plastic
// projection arriving at the core).
constexpr int kMaxGroupsPerCore = 4;

}  // namespace nmx::plastic
