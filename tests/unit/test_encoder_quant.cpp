// Input encoders and the quantiser's tables.
#include <catch2/catch.hpp>

#include <cmath>

#include "encode/encoder.hpp"
#include "quant/quantize.hpp"

using namespace nmx;

TEST_CASE("latency code: one spike at round((1 - x) * (L - 1)), none at or below the floor", "[encoder]") {
  Encoder e;
  e.kind = EncoderKind::Latency;
  e.steps = 10;
  e.latency_steps = 4;
  const float px[5] = {1.0f, 0.0f, 0.5f, 0.2f, 0.9f};
  const InputRaster r = encode(e, px, 5, 0);
  REQUIRE(r.steps.size() == 10);
  CHECK(r.steps[0] == std::vector<uint32_t>{0, 4});  // 1.0 -> 0, 0.9 -> round(0.3) = 0
  CHECK(r.steps[2] == std::vector<uint32_t>{2, 3});  // 0.5 -> round(1.5) = 2, 0.2 -> round(2.4) = 2
  CHECK(r.spike_count() == 4);                       // pixel 1 (0.0) never spikes
}

TEST_CASE("direct current: integrate-and-fire with 16-bit charge", "[encoder]") {
  Encoder e;
  e.kind = EncoderKind::Current;
  e.steps = 8;
  const float px[3] = {0.25f, 1.0f, 0.0f};
  const InputRaster r = encode(e, px, 3, 0);
  size_t n0 = 0, n1 = 0;
  for (const auto& s : r.steps)
    for (uint32_t i : s) (i == 0 ? n0 : n1)++;
  CHECK(n0 == 2);  // charge 16384 per step: fires at steps 3 and 7
  CHECK(n1 == 8);
  CHECK(r.steps[3] == std::vector<uint32_t>{0, 1});
}

TEST_CASE("Poisson code: deterministic per sample, rate close to x * max_rate", "[encoder]") {
  Encoder e;
  e.kind = EncoderKind::Poisson;
  e.steps = 2000;
  e.max_rate = 0.5;
  const float px[2] = {0.4f, 0.0f};
  const InputRaster a = encode(e, px, 2, 17), b = encode(e, px, 2, 17), c = encode(e, px, 2, 18);
  CHECK(a.steps == b.steps);
  CHECK(a.steps != c.steps);
  CHECK(a.spike_count() == Approx(0.2 * 2000).margin(40));  // binomial sd ~ 18
}

TEST_CASE("sigmoid LUT: monotone, centred, spans the rails", "[quant]") {
  const double lsb = 1.0 / 4095;
  const int shift = sigmoid_shift_for(lsb);
  CHECK(128.0 * std::ldexp(1.0, shift) * lsb >= 8.0);  // covers +-8 membrane units
  const auto lut = make_sigmoid_lut(lsb, shift);
  REQUIRE(lut.size() == 256);
  for (int i = 1; i < 256; ++i) CHECK(lut[i] >= lut[i - 1]);
  CHECK(lut[128] > 32768);  // bin centre at +0.5 bin
  CHECK(lut[127] < 32768);
  CHECK(lut[0] < 100);
  CHECK(lut[255] > 65400);
}
