// Edge and exhaustive tests of the single-sourced fixed-point arithmetic (fixed_point.hpp).
// Expected values come from independent formulations (exact floor division, sets), not
// from the functions under test.
#include <catch2/catch.hpp>

#include <set>
#include <vector>

#include "fixed/fixed_point.hpp"

using namespace nmx;

namespace {
// floor(a / b) for b > 0, written without shifts.
int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
}  // namespace

TEST_CASE("sat clamps to the two's complement range and never wraps", "[fixed]") {
  CHECK(fx::sat(fx::kStateMax) == 8388607);
  CHECK(fx::sat(int64_t{fx::kStateMax} + 1) == 8388607);
  CHECK(fx::sat(fx::kStateMin) == -8388608);
  CHECK(fx::sat(int64_t{fx::kStateMin} - 1) == -8388608);
  CHECK(fx::sat(-1) == -1);
  CHECK(fx::sat(int64_t{1} << 40) == 8388607);
  CHECK(fx::sat(-(int64_t{1} << 40)) == -8388608);
  // Exhaustive for a narrow 8-bit variant over every 16-bit input.
  for (int32_t x = -32768; x < 32768; ++x) {
    const int32_t expected = x > 127 ? 127 : (x < -128 ? -128 : x);
    REQUIRE(fx::sat(x, 8) == expected);
  }
}

TEST_CASE("rshift_round rounds half up, also for negative values", "[fixed]") {
  CHECK(fx::rshift_round(-2048, 12) == 0);   // -0.5 ulp -> 0
  CHECK(fx::rshift_round(-2049, 12) == -1);  // just below -0.5 -> -1
  CHECK(fx::rshift_round(-6144, 12) == -1);  // -1.5 -> -1
  CHECK(fx::rshift_round(2048, 12) == 1);    // +0.5 -> 1
  CHECK(fx::rshift_round(-1, 1) == 0);
  for (int s = 1; s <= 12; ++s) {
    for (int32_t y = -32768; y < 32768; ++y) {
      REQUIRE(fx::rshift_round(y, s) == floor_div(2 * int64_t{y} + (int64_t{1} << s), int64_t{2} << s));
    }
  }
}

TEST_CASE("decay matches x - round_half_up(x*d/4096) and stays between 0 and x", "[fixed]") {
  for (int32_t d : {0, 1, 2047, 2048, 4095, 4096}) {
    for (int32_t x = -32768; x < 32768; ++x) {
      const int64_t expected = x - floor_div(int64_t{x} * d * 2 + 4096, 8192);
      REQUIRE(fx::decay(x, d) == expected);
      REQUIRE((x >= 0 ? (fx::decay(x, d) >= 0 && fx::decay(x, d) <= x) : (fx::decay(x, d) <= 0 && fx::decay(x, d) >= x)));
    }
  }
  CHECK(fx::decay(-1, 2048) == -1);  // -0.5 rounds to 0: nothing decays
  CHECK(fx::decay(fx::kStateMax, 4096) == 0);
  CHECK(fx::decay(fx::kStateMin, 4096) == 0);
  CHECK(fx::decay(fx::kStateMin, 1) == fx::kStateMin + 2048);
}

TEST_CASE("LFSR: 16-bit Galois, taps 0xB400, full period 65535, never zero", "[fixed]") {
  std::vector<bool> seen(65536, false);
  uint16_t s = 1;
  uint32_t period = 0;
  do {
    REQUIRE(s != 0);
    REQUIRE_FALSE(seen[s]);
    seen[s] = true;
    s = fx::lfsr_next(s);
    ++period;
  } while (s != 1 && period <= 65536);
  CHECK(period == 65535);
  CHECK(fx::lfsr_next(0xFFFF) == 0xCBFF);  // all ones: shift in 0, xor taps
  CHECK(fx::lfsr_next(0x0001) == 0xB400);
  CHECK(fx::lfsr_next(0x0002) == 0x0001);
}

TEST_CASE("weight codes: ternary two-bit fields and WB-bit ranges", "[fixed]") {
  CHECK(fx::ternary_from_bits(0b00) == 0);
  CHECK(fx::ternary_from_bits(0b01) == 1);
  CHECK(fx::ternary_from_bits(0b11) == -1);
  CHECK(fx::ternary_from_bits(0b10) == -2);  // illegal, rejected at load
  for (int32_t c : {-1, 0, 1}) CHECK(fx::ternary_from_bits(fx::ternary_to_bits(c)) == c);
  CHECK_FALSE(fx::weight_code_legal(-2, 2));
  CHECK(fx::weight_code_legal(-8, 4));
  CHECK_FALSE(fx::weight_code_legal(8, 4));
  CHECK(fx::weight_code_legal(-128, 8));
  CHECK(fx::weight_code_legal(127, 8));
  CHECK_FALSE(fx::weight_code_legal(128, 8));
}

// Evaluated by the compiler, which refuses undefined behaviour there (a left shift of a
// negative value, in C++17): negative codes must not be shifted.
static_assert(fx::effective_weight(-1, {200, 3}) == -1600, "negative code");
static_assert(fx::effective_weight(-128, {255, 15}) == fx::kStateMin, "negative code, saturated");

TEST_CASE("effective weight: code * mant * 2^exp, saturated to 24 bits", "[fixed]") {
  CHECK(fx::effective_weight(1, {200, 3}) == 1600);
  CHECK(fx::effective_weight(-1, {200, 3}) == -1600);
  CHECK(fx::effective_weight(127, {255, 15}) == fx::kStateMax);
  CHECK(fx::effective_weight(-128, {255, 15}) == fx::kStateMin);
  CHECK(fx::effective_weight(-7, {255, 12}) == -7 * 255 * 4096);  // -7311360 fits
  CHECK(fx::acc_add(fx::kStateMax, 1) == fx::kStateMax);
  CHECK(fx::acc_add(fx::kStateMin, -1) == fx::kStateMin);
  CHECK(fx::acc_add(fx::kStateMax, fx::kStateMin) == -1);
}

TEST_CASE("sigmoid index: arithmetic shift, clamped to the 256-entry table", "[fixed]") {
  CHECK(fx::sigmoid_index(0, 4) == 128);
  CHECK(fx::sigmoid_index(-1, 4) == 127);  // floor(-1/16) = -1
  CHECK(fx::sigmoid_index(15, 4) == 128);
  CHECK(fx::sigmoid_index(16, 4) == 129);
  CHECK(fx::sigmoid_index(fx::kStateMax, 0) == 255);
  CHECK(fx::sigmoid_index(fx::kStateMin, 0) == 0);
  CHECK(fx::sigmoid_index(127 * 8, 3) == 255);
  CHECK(fx::sigmoid_index(-128 * 8, 3) == 0);
  CHECK(fx::stochastic_fires(100, 101));
  CHECK_FALSE(fx::stochastic_fires(101, 101));
}
