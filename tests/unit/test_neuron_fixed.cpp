// Hand-computed traces of one neuron over 20 steps (docs/chip-spec.md §2). The expected
// rows were computed by an independent reference written from the spec alone
// (integer Python, floor shifts), not by nmx; they pin down every rounding and rail.
#include <catch2/catch.hpp>

#include <vector>

#include "neuron/neuron_fixed.hpp"

using namespace nmx;

namespace {

struct Row {
  int32_t u, v;
  int ref, spike;
};

const std::vector<Row> kZero = {
    {300, 310, 0, 0}, {225, 506, 0, 0}, {169, 622, 0, 0}, {327, 881, 0, 0},
    {245, 0, 2, 1}, {184, 0, 1, 0}, {138, 0, 0, 0}, {603, 613, 0, 0},
    {452, 998, 0, 0}, {339, 0, 2, 1}, {254, 0, 1, 0}, {190, 0, 0, 0},
    {-258, -248, 0, 0}, {-194, -401, 0, 0}, {-146, -487, 0, 0}, {-10, -426, 0, 0},
    {92, -271, 0, 0}, {169, -58, 0, 0}, {127, 86, 0, 0}, {95, 180, 0, 0},
};
const std::vector<Row> kSub = {
    {600, 610, 0, 0}, {450, 994, 0, 0}, {337, 217, 0, 1}, {653, 853, 0, 0},
    {490, 246, 0, 1}, {367, 592, 0, 0}, {275, 803, 0, 0}, {1206, 919, 0, 1},
    {904, 718, 0, 1}, {678, 316, 0, 1}, {508, 794, 0, 0}, {381, 86, 0, 1},
    {-514, -429, 0, 0}, {-386, -751, 0, 0}, {-290, -937, 0, 0}, {-18, -828, 0, 0},
    {186, -529, 0, 0}, {339, -114, 0, 0}, {254, 164, 0, 0}, {190, 343, 0, 0},
};
const std::vector<Row> kSatpos = {
    {8000000, 8000000, 0, 0}, {8388607, 0, 0, 1}, {8388607, 0, 0, 1}, {8388607, 0, 0, 1},
    {8388607, 0, 0, 1}, {388607, 388607, 0, 0}, {-7611393, -7222786, 0, 0}, {-8388608, -8388608, 0, 0},
    {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0},
    {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0},
    {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0},
};
const std::vector<Row> kSatneg = {
    {-8000000, -8000003, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0},
    {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0},
    {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0},
    {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0},
    {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0}, {-8388608, -8388608, 0, 0},
};
const std::vector<Row> kStoch = {
    {40, 45, 0, 0}, {30, 69, 0, 1}, {22, 79, 0, 1}, {16, 80, 0, 1},
    {-18, 47, 0, 1}, {26, 66, 0, 0}, {19, 73, 0, 0}, {14, 74, 0, 0},
    {10, 70, 0, 1}, {-23, 34, 0, 1}, {23, 53, 0, 0}, {17, 62, 0, 1},
    {13, 64, 0, 1}, {10, 63, 0, 1}, {-23, 29, 0, 0}, {23, 50, 0, 0},
    {17, 59, 0, 1}, {13, 62, 0, 1}, {10, 61, 0, 1}, {-23, 28, 0, 1},
};

const std::vector<int32_t> kInputA = {300, 0, 0, 200, 0, 0, 0, 500, 0, 0, 0, 0, -400, 0, 0, 100, 100, 100, 0, 0};

void check_trace(const std::vector<int32_t>& input, const neuron_fixed::Params& p, const std::vector<Row>& expected,
                 uint16_t seed = 1, const neuron_fixed::Sigmoid& sig = {}) {
  neuron_fixed::State s;
  s.lfsr = seed;
  REQUIRE(input.size() == expected.size());
  for (size_t t = 0; t < input.size(); ++t) {
    const bool spike = neuron_fixed::step(s, p, sig, input[t]);
    INFO("step " << t);
    CHECK(s.u == expected[t].u);
    CHECK(s.v == expected[t].v);
    CHECK(s.ref == expected[t].ref);
    CHECK(spike == (expected[t].spike != 0));
  }
}

neuron_fixed::Params params(int32_t du, int32_t dv, int32_t theta, int32_t bias, uint8_t refrac, ResetMode reset,
                            SpikeMode mode = SpikeMode::Deterministic) {
  return {du, dv, theta, bias, refrac, reset, mode};
}

}  // namespace

TEST_CASE("neuron: deterministic, zero reset, refractory 2", "[neuron]") {
  check_trace(kInputA, params(1024, 512, 1000, 10, 2, ResetMode::Zero), kZero);
}

TEST_CASE("neuron: deterministic, subtractive reset", "[neuron]") {
  std::vector<int32_t> in;
  for (int32_t a : kInputA) in.push_back(2 * a);
  check_trace(in, params(1024, 512, 1000, 10, 0, ResetMode::Subtract), kSub);
}

TEST_CASE("neuron: saturation at the positive then the negative rail", "[neuron]") {
  std::vector<int32_t> in(20, 0);
  for (int t = 0; t < 5; ++t) in[t] = 8000000;
  for (int t = 5; t < 15; ++t) in[t] = -8000000;
  check_trace(in, params(0, 0, fx::kStateMax, 0, 0, ResetMode::Subtract), kSatpos);
}

TEST_CASE("neuron: saturation at the negative rail with negative bias", "[neuron]") {
  check_trace(std::vector<int32_t>(20, -8000000), params(2048, 4, 1000, -3, 0, ResetMode::Zero), kSatneg);
}

TEST_CASE("neuron: stochastic with a known LFSR stream", "[neuron]") {
  std::vector<uint16_t> lut(256);
  for (int i = 0; i < 256; ++i) lut[i] = static_cast<uint16_t>(i * 256);
  std::vector<int32_t> in;
  for (int k = 0; k < 4; ++k) in.insert(in.end(), {40, 0, 0, 0, -30});
  check_trace(in, params(1024, 1024, 1000, 5, 3, ResetMode::Zero, SpikeMode::Stochastic), kStoch, 0xACE1,
              {lut.data(), 2});
}

TEST_CASE("neuron: a clamp replaces the activation's outcome, the reset and the LFSR follow", "[neuron][clamp]") {
  // Deterministic, zero reset, refractory 2, as kZero: forced silent at step 4 (v = 1026 >=
  // theta), the neuron neither spikes nor resets; forced to spike at step 0 (v = 310 <
  // theta), it spikes, resets and turns refractory.
  const neuron_fixed::Params p = params(1024, 512, 1000, 10, 2, ResetMode::Zero);
  neuron_fixed::State free_run, silent, forced;
  for (int t = 0; t < 4; ++t) {
    neuron_fixed::step(free_run, p, {}, kInputA[t]);
    neuron_fixed::step(silent, p, {}, kInputA[t]);
  }
  CHECK(neuron_fixed::step(free_run, p, {}, kInputA[4]));
  CHECK_FALSE(neuron_fixed::step(silent, p, {}, kInputA[4], fx::kClampSilent));
  CHECK(silent.v > p.theta);  // no reset
  CHECK(silent.ref == 0);
  CHECK(neuron_fixed::step(forced, p, {}, kInputA[0], fx::kClampSpike));
  CHECK(forced.v == 0);
  CHECK(forced.ref == 2);
  CHECK_FALSE(neuron_fixed::step(forced, p, {}, 0, fx::kClampSpike));  // refractory: silent whatever the clamp
  // Stochastic: the LFSR advances as in a free run, so a clamped neuron's stream stays in step.
  std::vector<uint16_t> lut(256, 32768);
  const neuron_fixed::Params q = params(4096, 4096, 1, 0, 0, ResetMode::Zero, SpikeMode::Stochastic);
  neuron_fixed::State a, b;
  a.lfsr = b.lfsr = 0xACE1;
  int free_spikes = 0;
  for (int t = 0; t < 64; ++t) {
    free_spikes += neuron_fixed::step(a, q, {lut.data(), 0}, 0) ? 1 : 0;
    CHECK(neuron_fixed::step(b, q, {lut.data(), 0}, 0, t % 2 ? fx::kClampSpike : fx::kClampSilent) == (t % 2 == 1));
    CHECK(a.lfsr == b.lfsr);
  }
  CHECK(free_spikes > 16);
  CHECK(free_spikes < 48);
}
