// One arithmetic in three places: models/chip/fixed/fixed_point.hpp (L1, L2), rtl/nmx_pkg.sv
// (L3) and models/chip/hw/microarch.hpp. The package's functions, Verilated through a probe
// module, must agree with the header at the edges: saturation, rounding of negatives,
// maximum delay, the all-ones LFSR, and every weight code.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <random>

#include "Vnmx_pkg_probe.h"
#include "fixed/fixed_point.hpp"
#include "hw/microarch.hpp"
#include "plastic/microcode.hpp"
#include "l3/rtl_image.hpp"

using namespace nmx;

namespace {

int32_t sext24(uint32_t x) { return static_cast<int32_t>(x << 8) >> 8; }
uint32_t bits24(int32_t x) { return static_cast<uint32_t>(x) & 0xFFFFFFu; }

struct Probe {
  std::unique_ptr<Vnmx_pkg_probe> m = std::make_unique<Vnmx_pkg_probe>();
};

const std::vector<int32_t> kEdges = {fx::kStateMin, fx::kStateMin + 1, -4097, -4096, -2049, -2048, -3, -2, -1, 0, 1,
                                     2, 3, 2047, 2048, 4095, 4096, fx::kStateMax - 1, fx::kStateMax};

}  // namespace

TEST_CASE("SV package = fixed_point.hpp: decay and its rounding at the edges", "[rtl][fixed]") {
  Probe p;
  for (const int32_t x : kEdges) {
    for (const int32_t d : {0, 1, 2, 1024, 2047, 2048, 2049, 4095, 4096}) {
      p.m->x_i = bits24(x);
      p.m->d_i = static_cast<uint16_t>(d);
      p.m->eval();
      INFO("x=" << x << " d=" << d);
      CHECK(sext24(p.m->decay_o) == fx::decay(x, d));
    }
  }
  // Rounding of negatives: -0.5 LSB rounds to 0, -1.5 LSB to -1 (half up).
  p.m->x_i = bits24(-1);
  p.m->d_i = 2048;
  p.m->eval();
  CHECK(sext24(p.m->decay_o) == -1 - 0);  // -1 - round(-0.5) = -1 - 0
}

TEST_CASE("SV package = fixed_point.hpp: saturating accumulate at both rails", "[rtl][fixed]") {
  Probe p;
  for (const int32_t x : kEdges) {
    for (const int32_t w : kEdges) {
      p.m->x_i = bits24(x);
      p.m->w_i = bits24(w);
      p.m->eval();
      INFO("x=" << x << " w=" << w);
      CHECK(sext24(p.m->acc_o) == fx::acc_add(x, w));
    }
  }
}

TEST_CASE("SV package = the L1 synapse decode: every code, ternary and 8-bit, with scale", "[rtl][fixed]") {
  Probe p;
  for (int tern = 0; tern <= 1; ++tern) {
    for (int code = 0; code < 256; ++code) {
      for (const int mant : {0, 1, 3, 127, 255}) {
        for (const int exp : {0, 1, 7, 14, 15}) {
          p.m->code_i = static_cast<uint8_t>(code);
          p.m->ternary_i = tern;
          p.m->mant_i = static_cast<uint8_t>(mant);
          p.m->exp_i = static_cast<uint8_t>(exp);
          p.m->eval();
          // L1: ternary rows look the 2-bit code up as {0, +w, 0 (illegal 0b10), -w}.
          const int32_t c = tern ? std::array<int32_t, 4>{0, 1, 0, -1}[code & 3] : static_cast<int8_t>(code);
          INFO("code=" << code << " ternary=" << tern << " scale=" << mant << "*2^" << exp);
          CHECK(sext24(p.m->weight_o) == fx::effective_weight(c, {static_cast<uint8_t>(mant), static_cast<uint8_t>(exp)}));
        }
      }
    }
  }
}

TEST_CASE("SV package = fixed_point.hpp: the LFSR over its whole period, all-ones included", "[rtl][fixed]") {
  Probe p;
  for (uint32_t s = 1; s <= 0xFFFF; ++s) {
    p.m->lfsr_i = static_cast<uint16_t>(s);
    p.m->eval();
    if (p.m->lfsr_o != fx::lfsr_next(static_cast<uint16_t>(s))) FAIL("lfsr " << s);
  }
  p.m->lfsr_i = 0xFFFF;
  p.m->eval();
  CHECK(p.m->lfsr_o == 0xCBFF);
}

TEST_CASE("SV package = fixed_point.hpp: sigmoid index clamps for every shift", "[rtl][fixed]") {
  Probe p;
  for (const int32_t v : kEdges) {
    for (int shift = 0; shift < 24; ++shift) {
      p.m->x_i = bits24(v);
      p.m->shift_i = static_cast<uint8_t>(shift);
      p.m->eval();
      INFO("v=" << v << " shift=" << shift);
      CHECK(p.m->sigmoid_idx_o == fx::sigmoid_index(v, shift));
    }
  }
}

TEST_CASE("SV synapse lane: the core's slot register wraps like L1, at D = 64 and D = 16", "[rtl][fixed][delay]") {
  // rtl/nmx_synapse_lane.sv is the lane the core instantiates; its slot register is the
  // ring slot of the synapse's current: (t + delay) mod D.
  Probe p;
  for (const uint32_t slots : {64u, 16u}) {
    for (uint32_t t = 0; t < 64; ++t) {
      for (uint32_t d = 0; d < slots; ++d) {
        const uint32_t post = (t * 67 + d) & 0xFFF;
        p.m->syn_i = (1u << 26) | (post << 14) | d;  // valid, post, code 0, delay d
        p.m->t_i = t;
        p.m->d_mask_i = slots - 1;
        p.m->clk_i = 0;
        p.m->eval();
        p.m->clk_i = 1;
        p.m->eval();
        INFO("D=" << slots << " t=" << t << " delay=" << d);
        CHECK(p.m->slot_o == ((t + d) & (slots - 1)));
        CHECK(p.m->lane_post_o == post);
        CHECK(p.m->lane_valid_o == 1);
      }
    }
  }
  CHECK((64u & (fx::kMaxDelaySlots - 1)) == 0);  // L1 wraps at 64 as well
}

TEST_CASE("SV package = the C++ headers: widths and micro-architecture constants", "[rtl][fixed]") {
  Probe p;
  p.m->eval();
  CHECK(p.m->state_bits_o == fx::kStateBits);
  CHECK(p.m->refrac_bits_o == fx::kRefracBits);
  CHECK((1u << p.m->delay_bits_o) == static_cast<uint32_t>(fx::kMaxDelaySlots));
  CHECK(p.m->scan_word_bits_o == uarch::kScanWordBits);
  CHECK(p.m->synapse_pipe_o == uarch::kSynapsePipeline);
  CHECK(p.m->neuron_pipe_o == uarch::kNeuronPipeline);
  CHECK(p.m->barrier_o == uarch::kBarrierCycles);
  const uint32_t plastic[] = {uarch::kPlasticSweepDrain,  uarch::kPlasticAxonCycles, uarch::kPlasticNeuronCycles,
                              uarch::kPlasticColumnCycles, uarch::kPlasticFetchCycles, uarch::kPlasticTermCycles,
                              uarch::kPlasticRoundCycles,  uarch::kPlasticWriteCycles, uarch::kPlasticYWriteCycles};
  for (uint32_t k = 0; k < 9; ++k) {
    INFO("plasticity cycle constant " << k);
    CHECK(((p.m->plastic_cycles_o[(8 * k) / 32] >> ((8 * k) % 32)) & 0xFFu) == plastic[k]);
  }
  CHECK(p.m->trace_bits_o == fx::kTraceBits);
  CHECK(p.m->elig_bits_o == fx::kEligibilityBits);
  CHECK(p.m->learn_bits_o == fx::kLearnSignalBits);
  CHECK(p.m->rule_const_bits_o == fx::kRuleConstBits);
  CHECK(p.m->rule_product_bits_o == fx::kRuleProductBits);
  CHECK(p.m->rule_frac_bits_o == fx::kRuleFracBits);
  CHECK(p.m->max_groups_o == plastic::kMaxGroupsPerCore);
}

TEST_CASE("SV package = sim/l3/rtl_image.hpp: the load image, field by field", "[rtl][image]") {
  // The C++ packer writes every field through ld::k*; each must sit where the RTL reads it.
  Probe p;
  p.m->eval();
  uint32_t k = 0;
  for (const l3::LdField& f : l3::ld::kAll) {
    const uint32_t entry = (p.m->layout_o[(16 * k) / 32] >> ((16 * k) % 32)) & 0xFFFFu;
    INFO("field " << f.name << " (entry " << k << ")");
    CHECK(entry >> 8 == f.lsb);
    CHECK((entry & 0xFFu) == f.bits);
    ++k;
  }
  CHECK(k * 16 <= sizeof(p.m->layout_o) * 8);
  CHECK(sizeof(p.m->layout_o) * 8 < (k + 2) * 16);  // the probe reports no field the table lacks
  CHECK(p.m->lane_stride_o == l3::ld::kLaneStride);
  CHECK(p.m->ld_addr_bits_o == l3::ld::kAddrBits);
  CHECK(p.m->load_lanes_o == l3::ld::kLoadLanes);
  CHECK(p.m->router_depth_o == l3::ld::kRouterDepth);
  CHECK(p.m->ld_mem_bits_o == l3::ld::kMemBits);
  for (uint32_t m = 0; m <= static_cast<uint32_t>(l3::LdMem::Ternary); ++m) {
    INFO("memory " << m);
    CHECK(((p.m->ld_mem_o[m / 4] >> (8 * (m % 4))) & 0xFFu) == m);  // LdMem's values are the enum's, in order
  }
  // The phase codes a core reports on phase_o (chip_l3 counts each phase's cycles by them).
  CHECK(p.m->phase_bits_o == l3::phase::kBits);
  const uint32_t phases[] = {l3::phase::kSynaptic, l3::phase::kNeuron, l3::phase::kPlastic, l3::phase::kMode};
  for (uint32_t k = 0; k < 4; ++k) CHECK(((p.m->phase_o >> (8 * k)) & 0xFFu) == phases[k]);
}

namespace {

// The plasticity ALU's operands: a factor's source value (docs/plasticity.md).
struct Operands {
  int32_t x1 = 0, x2 = 0, y1 = 0, y2 = 0, e = 0, l = 0, w = 0, d = 0, v = 0, p = 0;
  int64_t source(plastic::Source s) const {
    switch (s) {
      case plastic::Source::X1: return x1;
      case plastic::Source::X2: return x2;
      case plastic::Source::Y1: return y1;
      case plastic::Source::Y2: return y2;
      case plastic::Source::E: return e;
      case plastic::Source::L: return l;
      case plastic::Source::W: return w;
      case plastic::Source::D: return d;
      case plastic::Source::V: return v;
      case plastic::Source::P: return p;
      default: return 0;
    }
  }
};

int64_t sext(uint64_t x, int bits) { return static_cast<int64_t>(x << (64 - bits)) >> (64 - bits); }

// A rule memory factor word (sim/l3/rtl_image.hpp ld::kRm*).
uint64_t field_value(plastic::Source s, bool test, int16_t c) {
  return (uint64_t{static_cast<uint8_t>(s)} << l3::ld::kRmSource.lsb) | (uint64_t{test} << l3::ld::kRmTest.lsb) |
         (uint64_t{static_cast<uint16_t>(c)} << l3::ld::kRmConst.lsb);
}

}  // namespace

TEST_CASE("SV plasticity ALU = docs/plasticity.md arithmetic: factors, terms, rounding, clamps", "[rtl][fixed]") {
  Probe p;
  std::mt19937_64 rng(42);
  auto pick = [&](std::initializer_list<int64_t> edges, int64_t lo, int64_t hi) {
    const size_t k = rng() % (edges.size() + 2);
    if (k < edges.size()) return *(edges.begin() + k);
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  for (int n = 0; n < 20000; ++n) {
    Operands o;
    o.x1 = static_cast<int32_t>(pick({0, 1, fx::kTraceMax}, 0, fx::kTraceMax));
    o.x2 = static_cast<int32_t>(pick({0, fx::kTraceMax}, 0, fx::kTraceMax));
    o.y1 = static_cast<int32_t>(pick({0, fx::kTraceMax}, 0, fx::kTraceMax));
    o.y2 = static_cast<int32_t>(pick({0, fx::kTraceMax}, 0, fx::kTraceMax));
    o.e = static_cast<int32_t>(pick({-32768, -1, 0, 32767}, -32768, 32767));
    o.l = static_cast<int32_t>(pick({-32768, 0, 32767}, -32768, 32767));
    o.w = static_cast<int32_t>(pick({-128, -1, 0, 1, 127}, -128, 127));
    o.d = static_cast<int32_t>(pick({0, 63}, 0, 63));
    o.v = static_cast<int32_t>(pick({fx::kStateMin, -256, 0, 255, 256, fx::kStateMax}, fx::kStateMin, fx::kStateMax));
    o.p = static_cast<int32_t>(pick({0, 1, 32768, 65535}, 0, 65535));
    const auto src = static_cast<plastic::Source>(rng() % 11);
    const bool test = src == plastic::Source::V || rng() % 4 == 0;
    const auto c = static_cast<int16_t>(pick({-32768, -1, 0, 1, 32767}, -32768, 32767));
    const int64_t prod = pick({0, 1, -1, int64_t{1} << 39, -(int64_t{1} << 39) - 1, int64_t{1} << 53, -(int64_t{1} << 53)},
                              -(int64_t{1} << 36), int64_t{1} << 36);
    const int shift = static_cast<int>(rng() % (fx::kRuleShiftMax + 1));
    const bool negative = rng() % 2, counts = rng() % 4 != 0, nearest = rng() % 2;
    const int64_t sum = pick({0, 1, -1, 32768, -32768, 65535, -65537}, -(int64_t{1} << 45), int64_t{1} << 45);
    const auto lfsr = static_cast<uint16_t>(pick({1, 65535, 32768}, 1, 65535));
    const int wb = (rng() % 3 == 0) ? 2 : (rng() % 2 ? 4 : 8);
    const uint32_t d_max = static_cast<uint32_t>((1u << (rng() % 7)) - 1);

    p.m->rule_i = static_cast<uint32_t>(field_value(src, test, c));
    p.m->x1_i = o.x1, p.m->x2_i = o.x2, p.m->y1_i = o.y1, p.m->y2_i = o.y2;
    p.m->e_i = static_cast<uint16_t>(o.e), p.m->l_i = static_cast<uint16_t>(o.l);
    p.m->pw_i = static_cast<uint8_t>(o.w), p.m->pd_i = static_cast<uint8_t>(o.d);
    p.m->pv_i = bits24(o.v);
    p.m->pp_i = static_cast<uint16_t>(o.p);
    p.m->prod_i = static_cast<uint64_t>(prod) & ((uint64_t{1} << 56) - 1);
    p.m->rshift_i = static_cast<uint8_t>(shift);
    p.m->negative_i = negative, p.m->counts_i = counts, p.m->nearest_i = nearest;
    p.m->sum_i = static_cast<uint64_t>(sum);
    p.m->rlfsr_i = lfsr;
    p.m->w_min_i = static_cast<uint8_t>(fx::weight_code_min(wb)), p.m->w_max_i = static_cast<uint8_t>(fx::weight_code_max(wb));
    p.m->d_max_i = static_cast<uint8_t>(d_max);
    p.m->eval();

    const int64_t f = o.source(src);
    const int64_t value = test ? (f >= (src == plastic::Source::V ? int64_t{c} * 256 : c) ? 1 : 0) : f + c;
    INFO("source=" << int(src) << " test=" << test << " c=" << c << " prod=" << prod << " shift=" << shift << " sum=" << sum);
    // a product before its last factor has at most two factors of 18 bits: |prod| <= 2^36
    if (std::abs(prod) <= (int64_t{1} << 36)) CHECK(sext(p.m->prod_o, 56) == prod * value);
    const int64_t term = counts ? fx::rule_term(prod, shift) : 0;
    CHECK(static_cast<int64_t>(p.m->sum_o) == (negative ? sum - term : sum + term));
    const int64_t delta = nearest ? fx::rule_round_nearest(sum) : fx::rule_round_stochastic(sum, lfsr);
    CHECK(sext(p.m->pw_o, 8) == std::clamp<int64_t>(o.w + delta, fx::weight_code_min(wb), fx::weight_code_max(wb)));
    CHECK(sext(p.m->pe_o, 16) == std::clamp<int64_t>(o.e + delta, -32768, 32767));
    CHECK(int64_t{p.m->pd_o} == std::clamp<int64_t>(o.d + delta, 0, d_max));
  }
}
