// The low-rank mode unit at L1 (docs/chip-spec.md §6): its arithmetic at the edges, the
// phase against a direct reference, the chip's fourth phase on a hand-derived network,
// quantisation and its file round trip, and the errors a network that does not fit gets.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "core/temp_path.hpp"
#include "gen/generate.hpp"
#include "hw/hw_config.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "mode/mode_unit_l1.hpp"
#include "net/network_io.hpp"
#include "quant/quantize.hpp"
#include "test_networks.hpp"

using namespace nmx;

namespace {

// round(y / 2^s) half up written with floor division, not shifts: the reference.
int64_t ref_round(int64_t y, int s) {
  if (s == 0) return y;
  const long double q = std::floor((static_cast<long double>(y) + std::ldexp(1.0L, s - 1)) / std::ldexp(1.0L, s));
  return static_cast<int64_t>(q);
}
int32_t ref_sat(int64_t y) { return static_cast<int32_t>(std::min<int64_t>(std::max<int64_t>(y, -(1 << 23)), (1 << 23) - 1)); }

// §6 step by step, in the order the text gives it, p-outer sums.
struct ModeReference {
  const ModeCoreImage& img;
  uint32_t n;
  std::vector<int64_t> r;
  std::vector<int32_t> m, q, a;
  ModeReference(const ModeCoreImage& i, uint32_t neurons) : img(i), n(neurons), r(neurons, 0) {}
  void step(const std::vector<bool>& spiked) {
    const uint32_t p = img.modes;
    for (uint32_t j = 0; j < n; ++j) {
      const int64_t decayed = r[j] - ref_round(r[j] * img.rate_decay, 12);
      r[j] = std::min<int64_t>(65535, std::max<int64_t>(0, decayed + (spiked[j] ? img.rate_amp : 0)));
    }
    m.assign(p, 0);
    q.assign(p, 0);
    a.assign(n, 0);
    for (uint32_t k = 0; k < p; ++k) {
      int64_t s = 0;
      for (uint32_t j = 0; j < n; ++j) s += img.xi_out[j * p + k] * r[j];
      m[k] = ref_sat(ref_round(s, img.shift_out));
      q[k] = ref_sat(ref_round(int64_t{img.lambda[k]} * m[k], img.shift_lambda));
    }
    for (uint32_t i = 0; i < n; ++i) {
      int64_t s = 0;
      for (uint32_t k = 0; k < p; ++k) s += img.xi_in[i * p + k] * int64_t{q[k]};
      a[i] = ref_sat(ref_round(s, img.shift_in));
    }
  }
};

ModeCoreImage random_image(uint32_t n, uint32_t p, int wm, int s_out, int s_lambda, int s_in, std::mt19937_64& rng) {
  ModeCoreImage img;
  img.modes = p;
  img.code_bits = wm;
  std::uniform_int_distribution<int> code(static_cast<int>(fx::min_of(wm)), static_cast<int>(fx::max_of(wm)));
  for (uint32_t k = 0; k < n * p; ++k) img.xi_in.push_back(static_cast<int16_t>(code(rng)));
  for (uint32_t k = 0; k < n * p; ++k) img.xi_out.push_back(static_cast<int16_t>(code(rng)));
  for (uint32_t k = 0; k < p; ++k) img.lambda.push_back(static_cast<int16_t>(code(rng)));
  img.shift_out = s_out;
  img.shift_lambda = s_lambda;
  img.shift_in = s_in;
  img.rate_decay = 300;
  img.rate_amp = 9000;
  return img;
}

// Runs `steps` steps of random spikes through ModeUnitL1 and the reference; compares r,
// m, q and the slot after every step. Returns how many a_i, m_p, q_p hit a rail.
int compare_with_reference(const ModeCoreImage& img, uint32_t n, uint32_t steps, double rate, int32_t acc0 = 0) {
  ModeUnitL1 unit(img, n);
  ModeReference ref(img, n);
  std::mt19937_64 rng(5);
  std::bernoulli_distribution fire(rate);
  int rails = 0;
  for (uint32_t t = 0; t < steps; ++t) {
    std::vector<bool> spiked(n);
    for (uint32_t j = 0; j < n; ++j)
      if ((spiked[j] = fire(rng))) unit.note_spike(j);
    std::vector<int32_t> slot(n, acc0);
    const int64_t max_a = unit.phase(slot.data());
    ref.step(spiked);
    int64_t ref_max = 0;
    for (uint32_t j = 0; j < n; ++j) REQUIRE(unit.rate(j) == ref.r[j]);
    for (uint32_t k = 0; k < img.modes; ++k) {
      REQUIRE(unit.projection(k) == ref.m[k]);
      REQUIRE(unit.drive(k) == ref.q[k]);
      rails += std::abs(ref.m[k]) >= (1 << 23) - 1;
      rails += std::abs(ref.q[k]) >= (1 << 23) - 1;
    }
    for (uint32_t i = 0; i < n; ++i) {
      REQUIRE(slot[i] == ref_sat(int64_t{acc0} + ref.a[i]));
      ref_max = std::max<int64_t>(ref_max, std::abs(int64_t{ref.a[i]}));
      rails += std::abs(ref.a[i]) >= (1 << 23) - 1;
    }
    REQUIRE(max_a == ref_max);
  }
  return rails;
}

}  // namespace

TEST_CASE("mode unit arithmetic: shift 0, rounding of negative sums, saturation", "[mode][fixed]") {
  CHECK(fx::mode_scale(-7, 0) == -7);                 // shift 0 leaves the sum
  CHECK(fx::mode_scale(-1, 1) == 0);                  // -0.5 rounds up to 0
  CHECK(fx::mode_scale(-3, 1) == -1);                 // -1.5 -> -1
  CHECK(fx::mode_scale(-5, 2) == -1);                 // -1.25 -> -1
  CHECK(fx::mode_scale(-6, 2) == -1);                 // -1.5 -> -1
  CHECK(fx::mode_scale(-7, 2) == -2);                 // -1.75 -> -2
  CHECK(fx::mode_scale(int64_t{1} << 40, 0) == fx::kStateMax);
  CHECK(fx::mode_scale(-(int64_t{1} << 40), 5) == fx::kStateMin);
  CHECK(fx::mode_scale((int64_t{1} << 31) - 1, 8) == fx::kStateMax);  // 2^23 after rounding: clamped
  CHECK(fx::mode_scale(int64_t{1} << 40, 31) == 512);
  CHECK(fx::mode_code_legal(-8, 4));
  CHECK_FALSE(fx::mode_code_legal(-9, 4));
  CHECK_FALSE(fx::mode_code_legal(8, 4));
  CHECK(fx::mode_code_legal(2047, 12));
  CHECK_FALSE(fx::mode_code_legal(2048, 12));
  CHECK(fx::mode_code_legal(-2048, 12));
  // The widest sum: N = 4096 traces at 2^16 - 1 times code -2^11 fits the accumulator.
  CHECK(int64_t{4096} * fx::kTraceMax * fx::min_of(fx::kModeCodeBits) > fx::min_of(fx::kModeAccBits));
}

TEST_CASE("mode unit L1: a phase against a direct reference, P = 16 and WM = 12", "[mode][l1]") {
  std::mt19937_64 rng(3);
  const ModeCoreImage img = random_image(37, 16, 12, 14, 12, 9, rng);
  CHECK(compare_with_reference(img, 37, 40, 0.3) == 0);
}

TEST_CASE("mode unit L1: WM = 4, every shift 0, and P = 1", "[mode][l1]") {
  std::mt19937_64 rng(4);
  const ModeCoreImage a = random_image(20, 3, 4, 0, 0, 0, rng);
  CHECK(compare_with_reference(a, 20, 30, 0.2) > 0);  // unshifted sums saturate a and q
  const ModeCoreImage b = random_image(9, 1, 4, 3, 1, 2, rng);
  compare_with_reference(b, 9, 30, 0.5);
}

TEST_CASE("mode unit L1: m, q and a saturate, the accumulate saturates on a full slot", "[mode][l1]") {
  ModeCoreImage img;
  img.modes = 2;
  img.code_bits = 12;
  const uint32_t n = 4;
  img.xi_out = {2047, -2048, 2047, -2048, 2047, -2048, 2047, -2048};  // m0 -> +rail, m1 -> -rail
  img.xi_in = {1, 0, 0, 1, 2047, 2047, -2048, -2048};
  img.lambda = {2047, 2047};
  img.rate_decay = 0;
  img.rate_amp = 65535;
  ModeUnitL1 unit(img, n);
  for (uint32_t j = 0; j < n; ++j) unit.note_spike(j);
  std::vector<int32_t> slot{0, 0, fx::kStateMax - 5, fx::kStateMin + 5};
  unit.phase(slot.data());
  CHECK(unit.rate(0) == 65535);
  CHECK(unit.projection(0) == fx::kStateMax);
  CHECK(unit.projection(1) == fx::kStateMin);
  CHECK(unit.drive(0) == fx::kStateMax);
  CHECK(unit.drive(1) == fx::kStateMin);
  CHECK(slot[0] == fx::kStateMax);  // a0 = q0
  CHECK(slot[1] == fx::kStateMin);  // a1 = q1
  CHECK(slot[2] == fx::kStateMax - 5 + 2047 * (fx::kStateMax + fx::kStateMin));  // q0 + q1 = -1, times 2047
  CHECK(slot[3] == fx::kStateMin + 5 + 2048);
  img.shift_out = 20;  // m0 = round(4 * 2047 * 65535 / 2^20) = 512 rounds, not saturates
  ModeUnitL1 shifted(img, n);
  for (uint32_t j = 0; j < n; ++j) shifted.note_spike(j);
  std::vector<int32_t> s2(n, 0);
  shifted.phase(s2.data());
  CHECK(shifted.projection(0) == 512);
  CHECK(shifted.projection(1) == -512);
}

namespace {

// input(2) -> pop(2), input i drives neuron i only (code 1, scale 2^12 >= theta); pop has
// du = 4096 (u = this step's slot), theta 4096, and the mode projection of the test.
Network hand_network() {
  Network net;
  net.populations.push_back(test::input_population(2));
  net.populations.push_back(test::uniform_population("pop", 2, 4096, 4096, 4096));
  Projection pr = test::dense_projection(0, 1, 2, 2, 1, {1, 12}, [](uint32_t) { return 0; });
  pr.code = {1, 0, 0, 1};
  pr.weight = {4096, 0, 0, 4096};
  net.projections.push_back(pr);
  ModeProjection mp;
  mp.name = "rec";
  mp.population = 1;
  mp.modes = 1;
  mp.xi_in = {1, 2};
  mp.xi_out = {1, 1};
  mp.lambda = {1};
  mp.rate_decay = 0.5;
  mp.code_bits = 8;
  mp.xi_in_code = {1, 2};
  mp.xi_out_code = {1, 1};
  mp.lambda_code = {3};
  mp.shift_lambda = 1;
  mp.rate_decay_fixed = 2048;
  mp.rate_amp = 10;
  net.mode_projections.push_back(mp);
  net.readout = {ReadoutKind::MaxMembrane, 1};
  validate(net, "test");
  return net;
}

HwConfig mode_hw(uint32_t modes) {
  HwConfig hw = default_hw_config();
  hw.core.neurons = 4;
  hw.core.delay_slots = 4;
  hw.core.modes = modes;
  hw.source = "hw.json";
  return hw;
}

}  // namespace

TEST_CASE("mode unit L1: the chip's fourth phase feeds back into the next step", "[mode][l1]") {
  const Network net = hand_network();
  const ChipImage chip = build_chip_image(net, mode_hw(4), "net.h5");
  REQUIRE(chip.cores[0].mode);
  ChipL1 l1(chip);
  std::vector<CoreSpike> out;
  l1.step({0}, out);  // neuron 0 fires; r = (10, 0), m = 10, q = round(30 / 2) = 15, a = (15, 30)
  REQUIRE(out.size() == 1);
  CHECK(out[0].neuron == 0);
  const ModeUnitL1* unit = l1.mode_unit(0);
  REQUIRE(unit);
  CHECK(unit->rate(0) == 10);
  CHECK(unit->rate(1) == 0);
  CHECK(unit->projection(0) == 10);
  CHECK(unit->drive(0) == 15);
  CHECK(l1.accumulator(0, 0, 1) == 15);
  CHECK(l1.accumulator(0, 1, 1) == 30);
  out.clear();
  l1.step({}, out);  // u = a; r = (5, 0), m = 5, q = round(7.5) = 8, a = (8, 16)
  CHECK(out.empty());
  CHECK(l1.neuron(0, 0).u == 15);
  CHECK(l1.neuron(0, 1).u == 30);
  CHECK(unit->rate(0) == 5);
  CHECK(unit->drive(0) == 8);
  CHECK(l1.accumulator(0, 1, 2) == 16);
}

TEST_CASE("mode unit L1: the fast path stays bit-exact with feedback in the ring", "[mode][l1]") {
  GenerateOptions g;
  g.layers = {32, 48, 6};
  g.max_delay = 3;
  g.modes = 4;
  g.mode_gain = 4.0;
  g.seed = 9;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 64;
  hw.core.delay_slots = 4;
  hw.core.modes = 4;
  QuantizeOptions qo;
  const Network q = quantize_for_chip(generate_network(g), qo, hw);
  const ChipImage chip = build_chip_image(q, hw, "gen");
  ChipL1 fast(chip), slow(chip);
  slow.set_fast_path(false);
  std::mt19937_64 rng(2);
  std::bernoulli_distribution fire(0.3);
  uint64_t spikes = 0;
  for (uint32_t t = 0; t < 60; ++t) {
    std::vector<uint32_t> in;
    for (uint32_t i = 0; i < 32; ++i)
      if (fire(rng)) in.push_back(i);
    std::vector<CoreSpike> a, b;
    fast.step(in, a);
    slow.step(in, b);
    REQUIRE(a.size() == b.size());
    spikes += a.size();
    for (uint32_t c = 0; c < chip.cores.size(); ++c)
      for (uint32_t i = 0; i < chip.cores[c].neurons; ++i)
        for (uint32_t s = 0; s < 4; ++s) REQUIRE(fast.accumulator(c, i, s) == slow.accumulator(c, i, s));
  }
  CHECK(spikes > 0);
  CHECK(fast.fast_phases() > 0);
}

TEST_CASE("mode unit: a network that does not fit names the field and the range", "[mode][errors]") {
  const Network net = hand_network();
  CHECK_THROWS_WITH(build_chip_image(net, mode_hw(0), "net.h5"),
                    Catch::Contains("net.h5: mode_projections[0] 'rec' needs a mode unit") &&
                        Catch::Contains("core.modes = 0"));
  Network wide = net;
  ModeProjection& mp = wide.mode_projections[0];
  mp.modes = 2;
  mp.xi_in = {1, 1, 2, 2};
  mp.xi_out = {1, 1, 1, 1};
  mp.lambda = {1, 1};
  mp.xi_in_code = {1, 1, 2, 2};
  mp.xi_out_code = {1, 1, 1, 1};
  mp.lambda_code = {3, 3};
  CHECK_THROWS_WITH(build_chip_image(wide, mode_hw(1), "net.h5"),
                    Catch::Contains("net.h5: mode_projections[0] 'rec'.modes = 2 is out of range (allowed: 1..1, "
                                    "core.modes in hw.json)"));
  Network split = net;
  split.mapping = {{1, 0, 1}, {1, 1, 1}};
  CHECK_THROWS_WITH(build_chip_image(split, mode_hw(4), "net.h5"),
                    Catch::Contains("population 'pop' (2 neurons) is split over several cores"));
  Network shape = net;
  shape.mode_projections[0].xi_out_code = {1, 1, 1};
  CHECK_THROWS_WITH(validate(shape, "net.h5"),
                    Catch::Contains("net.h5: mode_projections[0] 'rec' .xi_out_q has 3 entries, expected 2 (population size 2 x modes 1)"));
  Network lam = net;
  lam.mode_projections[0].lambda = {1, 2};
  CHECK_THROWS_WITH(validate(lam, "net.h5"),
                    Catch::Contains("mode_projections[0] 'rec' .lambda has 2 entries, expected 1 (one per mode)"));
  Network code = net;
  code.mode_projections[0].xi_in_code = {1, 128};
  CHECK_THROWS_WITH(validate(code, "net.h5"),
                    Catch::Contains("net.h5: mode_projections[0] 'rec' .xi_in_q[1] = 128 is out of range (allowed: -128..127"));
  Network many = net;
  many.mode_projections[0].modes = 17;
  CHECK_THROWS_WITH(validate(many, "net.h5"), Catch::Contains("mode_projections[0] 'rec' .modes = 17 is out of range (allowed: 1..16)"));
  Network two = net;
  two.mode_projections.push_back(net.mode_projections[0]);
  CHECK_THROWS_WITH(build_chip_image(two, mode_hw(4), "net.h5"), Catch::Contains("one mode projection per core"));
  HwConfig bad = mode_hw(17);
  CHECK_THROWS_WITH(validate(bad), Catch::Contains("core.modes = 17 is out of range (allowed: 0..16"));
  CHECK(parse_hw_config(R"({"core": {"modes": true}})", "hw.json").core.modes == 16);
  CHECK(parse_hw_config(R"({"core": {"modes": false}})", "hw.json").core.modes == 0);
  CHECK(parse_hw_config(R"({"core": {"modes": 5}})", "hw.json").core.modes == 5);
}

TEST_CASE("mode quantisation: error falls with WM, the file round trip keeps every field", "[mode][quant]") {
  GenerateOptions g;
  g.layers = {16, 40, 4};
  g.modes = 3;
  g.seed = 4;
  const Network net = generate_network(g);
  double previous = 1e9;
  for (const int wm : {4, 8, 12}) {
    QuantizeOptions qo;
    qo.mode_bits = wm;
    QuantizeReport rep;
    const Network q = quantize(net, qo, &rep);
    REQUIRE(rep.modes.size() == 1);
    const ModeProjection& mp = q.mode_projections[0];
    CHECK(mp.code_bits == wm);
    CHECK(rep.modes[0].rel_error < previous);
    previous = rep.modes[0].rel_error;
    // The largest |xi| takes the largest code; lambda uses at least half its range.
    int16_t big = 0, big_l = 0;
    for (int16_t c : mp.xi_out_code) big = std::max<int16_t>(big, static_cast<int16_t>(std::abs(c)));
    for (int16_t c : mp.lambda_code) big_l = std::max<int16_t>(big_l, static_cast<int16_t>(std::abs(c)));
    CHECK(big == fx::max_of(wm));
    CHECK(big_l > fx::max_of(wm) / 2);
    CHECK(mp.rate_decay_fixed == 410);  // 0.1 * 4096
    CHECK(mp.rate_amp == static_cast<int32_t>(std::floor(65535 * 410 / 4096.0)));
    if (wm == 8) CHECK(rep.modes[0].rel_error < 0.05);
    if (wm == 12) CHECK(rep.modes[0].rel_error < 0.003);
    TempPath dir = TempPath::new_dir("nmx-mode-");
    const std::string file = dir.path() + "/q.h5";
    write_network(q, file);
    const Network back = read_network(file);
    REQUIRE(back.mode_projections.size() == 1);
    const ModeProjection& b = back.mode_projections[0];
    CHECK(b.name == mp.name);
    CHECK(b.population == mp.population);
    CHECK(b.modes == mp.modes);
    CHECK(b.xi_in == mp.xi_in);
    CHECK(b.xi_out == mp.xi_out);
    CHECK(b.lambda == mp.lambda);
    CHECK(b.rate_decay == mp.rate_decay);
    CHECK(b.code_bits == mp.code_bits);
    CHECK(b.xi_in_code == mp.xi_in_code);
    CHECK(b.xi_out_code == mp.xi_out_code);
    CHECK(b.lambda_code == mp.lambda_code);
    CHECK(b.shift_out == mp.shift_out);
    CHECK(b.shift_lambda == mp.shift_lambda);
    CHECK(b.shift_in == mp.shift_in);
    CHECK(b.rate_decay_fixed == mp.rate_decay_fixed);
    CHECK(b.rate_amp == mp.rate_amp);
  }
  QuantizeOptions bad;
  bad.mode_bits = 13;
  CHECK_THROWS_WITH(quantize(net, bad), Catch::Contains("quantize: --mode-bits = 13 is out of range (allowed: 4..12)"));
}
