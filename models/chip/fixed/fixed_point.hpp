// The one source of truth for nmx's fixed-point arithmetic (docs/chip-spec.md §2-§4).
// Every width and constant of the datapath is named here; a test (tests/unit/test_layers.cpp)
// refuses their bare literals anywhere else in models/ and sim/.
// Used by L1 (models/) and L2 (sim/), mirrored by rtl/nmx_pkg.sv. Depends on nothing
// but the standard library, so it can be dropped into any test bench.
#pragma once

#include <algorithm>
#include <climits>
#include <cstdint>

namespace nmx::fx {

// ---- widths -------------------------------------------------------------------------
constexpr int kStateBits = 24;         // u, v, accumulator slots, bias, theta: 24-bit signed
constexpr int kDecayBits = 12;         // du, dv: unsigned fraction of 2^12, range [0, 4096]
constexpr int32_t kDecayOne = 1 << kDecayBits;
constexpr int kRefracBits = 4;         // refractory counter: 4 bits, R in [0, 15]
constexpr int kRefracMax = (1 << kRefracBits) - 1;
constexpr int kScaleMantBits = 8;      // projection scale mantissa: 8-bit unsigned
constexpr int kScaleExpMax = 15;       // projection scale exponent: 4 bits, [0, 15]
constexpr int kMaxDelaySlots = 64;     // D: power of two, <= 64
constexpr int kLfsrBits = 16;          // per-neuron Galois LFSR, 16 bits
constexpr uint16_t kLfsrTaps = 0xB400; // maximal length: period 65535
constexpr uint16_t kLfsrMax = 0xFFFF;  // largest state; a seed is in [1, kLfsrMax]
constexpr int kProbabilityBits = 16;   // probabilities (sigmoid LUT, encoder rates): 16-bit fractions
constexpr double kProbabilityOne = 65536.0;  // 2^kProbabilityBits: lfsr / kProbabilityOne is uniform in [0, 1)
constexpr int kSigmoidLutSize = 256;   // sigmoid LUT: 256 entries of 16-bit probability
constexpr int kSigmoidIndexBits = 8;

constexpr int64_t max_of(int bits) { return (int64_t{1} << (bits - 1)) - 1; }
constexpr int64_t min_of(int bits) { return -(int64_t{1} << (bits - 1)); }
constexpr int32_t kStateMax = static_cast<int32_t>(max_of(kStateBits));
constexpr int32_t kStateMin = static_cast<int32_t>(min_of(kStateBits));

// ---- saturation and rounding ----------------------------------------------------------
// Clamp to a `bits`-wide two's complement range; state never wraps.
constexpr int32_t sat(int64_t x, int bits = kStateBits) {
  return static_cast<int32_t>(std::clamp(x, min_of(bits), max_of(bits)));
}

// (y + 2^(s-1)) >> s with an arithmetic shift: rounds half up, also for negative y
// (-0.5 ulp -> 0, -1.5 ulp -> -1). s >= 1.
constexpr int64_t rshift_round(int64_t y, int s) {
  return (y + (int64_t{1} << (s - 1))) >> s;
}

// x - round(x * d / 4096), product at full width before the shift. For d in [0, 4096]
// the result lies between 0 and x, so it needs no saturation.
constexpr int32_t decay(int32_t x, int32_t d) {
  return static_cast<int32_t>(x - rshift_round(int64_t{x} * d, kDecayBits));
}


// ---- weights --------------------------------------------------------------------------
// Weight precision WB in {2, 4, 8}. WB = 2 is ternary: 2-bit two's complement, code 0b10
// (-2) is illegal. Other widths use the full signed range.
constexpr bool weight_bits_supported(int wb) { return wb == 2 || wb == 4 || wb == 8; }
constexpr int32_t weight_code_min(int wb) { return wb == 2 ? -1 : static_cast<int32_t>(min_of(wb)); }
constexpr int32_t weight_code_max(int wb) { return static_cast<int32_t>(max_of(wb)); }
constexpr bool weight_code_legal(int32_t code, int wb) {
  return code >= weight_code_min(wb) && code <= weight_code_max(wb);
}

// Two-bit field of a packed ternary synapse -> code. 0b10 is illegal and never stored.
constexpr int32_t ternary_from_bits(uint8_t two_bits) {
  return (two_bits & 2u) ? static_cast<int32_t>(two_bits & 3u) - 4 : static_cast<int32_t>(two_bits & 3u);
}
constexpr uint8_t ternary_to_bits(int32_t code) { return static_cast<uint8_t>(code & 3); }

// Per-projection scale mant * 2^exp (mant 8-bit unsigned, exp 0..15).
struct Scale {
  uint8_t mant = 1;
  uint8_t exp = 0;
};

// Effective weight in accumulator LSBs, saturated to the state width so that the
// accumulator adder is kStateBits + 1 wide.
constexpr int32_t effective_weight(int32_t code, Scale s) {
  // times 2^exp, not << exp: a negative code would make the shift undefined in C++17
  return sat(int64_t{code} * s.mant * (int64_t{1} << s.exp));
}

// Saturating accumulate into a dendritic slot.
constexpr int32_t acc_add(int32_t acc, int32_t w) { return sat(int64_t{acc} + w); }

// ---- randomness (§4) ----------------------------------------------------------------------
// 16-bit Galois LFSR, right shift, taps 0xB400; advanced once per use; never zero.
constexpr uint16_t lfsr_next(uint16_t s) {
  return static_cast<uint16_t>((s >> 1) ^ ((s & 1u) ? kLfsrTaps : 0u));
}

// LUT index: the membrane shifted right (arithmetic, floor) by `shift`, clamped to
// [-128, 127], offset by 128.
constexpr int sigmoid_index(int32_t v, int shift) {
  return static_cast<int>(std::clamp<int32_t>(v >> shift, -128, 127)) + 128;
}

// A stochastic neuron spikes iff its freshly advanced LFSR value is below the LUT
// probability (a 16-bit fraction of 65536).
constexpr bool stochastic_fires(uint16_t lfsr, uint16_t probability) { return lfsr < probability; }

// A neuron's clamp, 2 bits {on, spike} (rtl/nmx_pkg.sv ClampBits): the host's teacher,
// written between steps (a sample reset frees every neuron). On, the activation's outcome
// is replaced by `spike` and the reset follows it; the LFSR advances as it would.
constexpr int kClampBits = 2;
constexpr uint8_t kClampFree = 0, kClampSilent = 2, kClampSpike = 3;
constexpr bool clamped(bool fires, uint8_t clamp) { return (clamp & 2u) ? (clamp & 1u) != 0 : fires; }

// ---- plasticity (§5, docs/plasticity.md) --------------------------------------------------
constexpr int kTraceBits = 16;         // x1, x2 (per axon), y1, y2 (per neuron and group): 16-bit unsigned
constexpr int32_t kTraceMax = (1 << kTraceBits) - 1;
constexpr int kTraceAmpBits = 16;      // trace increment on a spike: 16-bit unsigned
constexpr int32_t kTraceAmpMax = (1 << kTraceAmpBits) - 1;
constexpr int kEligibilityBits = 16;   // e, per synapse: 16-bit signed, saturating
constexpr int kLearnSignalBits = 16;   // l, per post neuron: 16-bit signed
constexpr int kRuleConstBits = 16;     // c of a factor (f + c): 16-bit signed
constexpr int kRuleProductBits = 40;   // a term's product, saturated to 40-bit signed
constexpr int kRuleFracBits = 16;      // a term is 2^-s * product, s in [0, kRuleShiftMax]
constexpr int kRuleShiftMax = 16;
constexpr int kRuleMaxTerms = 4;       // per (event, target)
constexpr int kRuleMaxFactors = 3;     // per term, not counting the pre/post spike conditions
constexpr int kRuleEpochBits = 16;     // learning epoch period in steps: 16-bit unsigned, 0 = none
constexpr int32_t kRuleEpochMax = (1 << kRuleEpochBits) - 1;
constexpr int kRuleMembraneTestShift = 8;  // a test [v >= c] compares the 24-bit membrane with c * 2^8
constexpr uint16_t kPlasticSeedMix = 0x5A5A;  // a core's plasticity LFSR seed: first neuron's seed ^ this

// Unsigned saturating trace: clamps to [0, 2^bits - 1].
constexpr int32_t sat_unsigned(int64_t x, int bits = kTraceBits) {
  return static_cast<int32_t>(std::clamp<int64_t>(x, 0, (int64_t{1} << bits) - 1));
}

// A trace at the start of the plasticity phase: decayed (d = 0: non-decaying), plus amp
// when its neuron spiked in this step, saturated.
constexpr int32_t trace_step(int32_t x, int32_t d, int32_t amp, bool spiked) {
  return sat_unsigned(int64_t{decay(x, d)} + (spiked ? amp : 0));
}

// The test [v >= c] of a rule factor: the membrane against c * 2^8, exactly.
constexpr bool rule_membrane_test(int32_t v, int16_t c) {
  return int64_t{v} >= int64_t{c} * (int64_t{1} << kRuleMembraneTestShift);
}

// A core's plasticity LFSR seed from its first local neuron's LFSR seed (never zero), so
// the plasticity stream differs from that neuron's own spiking stream.
constexpr uint16_t plastic_lfsr_seed(uint16_t first_neuron_seed) {
  const auto s = static_cast<uint16_t>(first_neuron_seed ^ kPlasticSeedMix);
  return s ? s : uint16_t{1};
}

// decay(x, d) for a trace: x in [0, kTraceMax], so x * d + 2^11 fits 32 bits and a loop of
// these vectorises. Equal to decay(x, d) on that range.
constexpr int32_t trace_decay(int32_t x, int32_t d) {
  static_assert(int64_t{kTraceMax} * kDecayOne + (kDecayOne >> 1) <= INT32_MAX, "trace product fits 32 bits");
  return x - ((x * d + (kDecayOne >> 1)) >> kDecayBits);
}

// One term's contribution in units of 2^-kRuleFracBits: the saturated product shifted
// left by (kRuleFracBits - s). |result| < 2^55, four terms sum exactly in 64 bits.
constexpr int64_t rule_term(int64_t product, int shift) {
  return std::clamp(product, min_of(kRuleProductBits), max_of(kRuleProductBits)) * (int64_t{1} << (kRuleFracBits - shift));
}

// The sum of terms (units of 2^-16) to an integer change. Nearest: round half up.
// Stochastic: floor, plus one iff the fraction f = sum mod 2^16 is non-zero and the
// freshly advanced LFSR value r (in [1, 65535]) satisfies r <= f, so P(up) = f / 65535.
constexpr int64_t rule_round_nearest(int64_t sum) { return rshift_round(sum, kRuleFracBits); }
constexpr int64_t rule_round_stochastic(int64_t sum, uint16_t lfsr) {
  const int64_t frac = sum & ((int64_t{1} << kRuleFracBits) - 1);
  return (sum >> kRuleFracBits) + ((frac != 0 && lfsr <= frac) ? 1 : 0);
}

// ---- GEM multi-compartment learning (docs/gem.md) --------------------------------------------
constexpr int kGemMaxCompartments = 16;  // K, hidden compartments per neuron: 4-bit compartment index
constexpr int kGemTraceOneBits = 12;     // a GEM kernel trace counts one spike as 2^12 (Q4.12 in kTraceBits)
constexpr int32_t kGemTraceOne = 1 << kGemTraceOneBits;
// The learning signal (importance weights over compartments), models/learn/gem/gem_signal_fixed.hpp:
constexpr int kGemLogLutSize = 256;      // -log sigmoid LUT, indexed like the sigmoid LUT (sigmoid_index)
constexpr int kGemNatFracBits = 8;       // log-likelihoods and the signal v_k: nats in Q.8
constexpr int kGemSignalBits = 24;       // v_k: 24-bit signed Q16.8, saturating
constexpr int32_t kGemLogLutMax = (1 << 16) - 1;  // LUT entry: 16-bit unsigned Q8.8
constexpr int kGemExpLutSize = 256;      // 2^(-f/256), f = 0..255: the fraction of a base-2 exponent
constexpr int kGemExpFracBits = 15;      // exp LUT entries and sigma: Q1.15 (sigma = l, 16-bit signed)
constexpr int32_t kGemExpOne = 1 << kGemExpFracBits;
constexpr int32_t kGemSigmaMax = kGemExpOne - 1;  // sigma = 1 saturates to 32767
constexpr int32_t kGemLog2eQ8 = 369;     // round(log2(e) * 2^8): nats to bits
constexpr int kGemExpShiftMax = 16;      // 2^-n for n >= 16 is 0 at Q1.15

// ---- low-rank mode unit (§6, docs/chip-spec.md) -------------------------------------------
constexpr int kModeMax = 16;           // P, modes per mode projection, [1, 16]
constexpr int kModeCodeBits = 12;      // xi_in, xi_out, lambda: signed codes of WM bits, WM in [4, 12], in 12-bit fields
constexpr int kModeCodeBitsMin = 4;
constexpr int kModeShiftMax = 31;      // s_out, s_lambda, s_in: [0, 31]
// r, the filtered spike trace per neuron, is a trace (kTraceBits, trace_step). The
// projection m_p and the mode drive q_p are state-width signed.

// round(y / 2^s), half up; s = 0 leaves y as it is.
constexpr int64_t shift_round(int64_t y, int s) { return s == 0 ? y : rshift_round(y, s); }

// A mode code of WM bits: the full signed range of WM bits (no illegal pattern).
constexpr bool mode_bits_supported(int wm) { return wm >= kModeCodeBitsMin && wm <= kModeCodeBits; }
constexpr bool mode_code_legal(int32_t code, int wm) { return code >= min_of(wm) && code <= max_of(wm); }
// The one MAC's accumulator: |sum_j xi_out r_j| < 2^11 * 2^16 * 2^12 (N <= 4096), the
// largest of the three sums, so 41 bits signed hold every sum exactly.
constexpr int kModeAccBits = kModeCodeBits + kTraceBits + 12 + 1;
// m_p, q_p, a_i: an exact sum, rounded by the shift and saturated to the state width.
constexpr int32_t mode_scale(int64_t sum, int s) { return sat(shift_round(sum, s)); }

}  // namespace nmx::fx
