// The mode unit's arithmetic in three places (docs/chip-spec.md §6): fixed_point.hpp (L1,
// L2), rtl/nmx_pkg.sv (L3) and microarch.hpp. The package's functions, Verilated through
// tests/rtl_pkg/nmx_mode_probe.sv, must agree with the header at the edges: both rails,
// shift 0 and 31, rounding of negative sums, the trace ceiling; and the load image's mode
// fields must sit where sim/l3/rtl_image.hpp writes them.
#include <catch2/catch.hpp>

#include <memory>

#include "Vnmx_mode_probe.h"
#include "fixed/fixed_point.hpp"
#include "hw/microarch.hpp"
#include "l3/rtl_image.hpp"

using namespace nmx;

namespace {

int32_t sext24(uint32_t x) { return static_cast<int32_t>(x << 8) >> 8; }
uint64_t bits41(int64_t y) { return static_cast<uint64_t>(y) & ((uint64_t{1} << fx::kModeAccBits) - 1); }

}  // namespace

TEST_CASE("SV package = fixed_point.hpp: mode_scale at the rails, shift 0 and 31, negative rounding", "[rtl][mode]") {
  auto m = std::make_unique<Vnmx_mode_probe>();
  const int64_t top = fx::max_of(fx::kModeAccBits), bottom = fx::min_of(fx::kModeAccBits);
  const std::vector<int64_t> ys = {bottom, bottom + 1, -(int64_t{1} << 31) - 1, -(int64_t{1} << 23) - 1, -(int64_t{1} << 23),
                                   -8388609, -7, -6, -5, -3, -2, -1, 0, 1, 2, 3, 5, 6, 7, fx::kStateMax, fx::kStateMax + 1,
                                   int64_t{1} << 31, top - 1, top};
  uint32_t checked = 0;
  for (const int64_t y : ys) {
    for (const int s : {0, 1, 2, 3, 8, 17, 23, 30, 31}) {
      m->y_i = bits41(y);
      m->s_i = static_cast<uint8_t>(s);
      m->eval();
      INFO("y=" << y << " s=" << s);
      CHECK(sext24(m->scale_o) == fx::mode_scale(y, s));
      ++checked;
    }
  }
  CHECK(checked == ys.size() * 9);
  m->y_i = bits41(-3);
  m->s_i = 1;
  m->eval();
  CHECK(sext24(m->scale_o) == -1);  // -1.5 rounds half up to -1
}

TEST_CASE("SV package = fixed_point.hpp: the rate trace steps with trace_step, decay, amplitude and ceiling", "[rtl][mode]") {
  auto m = std::make_unique<Vnmx_mode_probe>();
  for (const int32_t r : {0, 1, 2, 3, 4095, 4096, 32768, fx::kTraceMax - 1, fx::kTraceMax}) {
    for (const int32_t d : {0, 1, 2047, 2048, 2049, 4095, 4096}) {
      for (const int32_t amp : {0, 1, 3276, fx::kTraceMax}) {
        for (const bool spiked : {false, true}) {
          m->r_i = static_cast<uint16_t>(r);
          m->d_i = static_cast<uint16_t>(d);
          m->amp_i = static_cast<uint16_t>(amp);
          m->spiked_i = spiked;
          m->eval();
          INFO("r=" << r << " d=" << d << " amp=" << amp << " spiked=" << spiked);
          CHECK(static_cast<int32_t>(m->rate_o) == fx::trace_step(r, d, amp, spiked));
        }
      }
    }
  }
}

TEST_CASE("SV package = the C++ headers: the mode unit's widths, pipeline and load fields", "[rtl][mode]") {
  auto m = std::make_unique<Vnmx_mode_probe>();
  m->eval();
  CHECK(m->mode_max_o == fx::kModeMax);
  CHECK(m->code_bits_o == fx::kModeCodeBits);
  CHECK(m->acc_bits_o == fx::kModeAccBits);
  CHECK(m->trace_bits_o == fx::kTraceBits);
  CHECK((1 << m->shift_bits_o) - 1 == fx::kModeShiftMax);
  CHECK(m->mode_pipe_o == uarch::kModePipeline);
  CHECK((1u << m->addr_lsb_o) == l3::ld::kModeStride);
  uint32_t k = 0;
  for (const l3::LdField& f : l3::ld::kModeFields) {
    const uint32_t entry = static_cast<uint32_t>((m->layout_o[(16 * k) / 32] >> ((16 * k) % 32)) & 0xFFFFu);
    INFO("field " << f.name);
    CHECK(entry >> 8 == f.lsb);
    CHECK((entry & 0xFFu) == f.bits);
    ++k;
  }
  CHECK(k == 8);
}
