// The classic plasticity checks at L0 and L1 (models/study/plasticity): the STDP window
// against the rule's exponentials, weight dependence and saturation at both code bounds,
// the L0/L1 weight drift, and the repeating-pattern example learning to be selective.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <random>

#include "plastic/presets.hpp"
#include "plastic/rule_compile.hpp"
#include "plasticity/drift.hpp"
#include "plasticity/pattern_task.hpp"
#include "plasticity/stdp_window.hpp"
#include "plasticity/weight_dependence.hpp"
#include "plastic_rules.hpp"

using namespace nmx;
using namespace nmx::plastic_study;

namespace {

plastic::GroupMicrocode preset_rule(std::map<std::string, double> values, const char* rounding = nullptr) {
  plastic::RuleSpec s = plastic::make_preset("stdp", values);
  if (rounding) s.params.rounding = std::string(rounding) == "nearest" ? plastic::Rounding::Nearest : plastic::Rounding::Stochastic;
  return plastic::compile_rule(s.rule, s.params, "test");
}

void check_window(const WindowResult& r, double a_plus, double a_minus, double tau_plus, double tau_minus) {
  CHECK(r.window.a_plus == Approx(a_plus));
  CHECK(r.window.a_minus == Approx(-a_minus));
  CHECK(r.window.tau_plus == Approx(tau_plus).epsilon(0.01));   // decay rounded to 1/4096
  CHECK(r.window.tau_minus == Approx(tau_minus).epsilon(0.01));
  REQUIRE(r.rows.size() == 101);
  CHECK(r.rows.front().dt == -50);
  CHECK(r.rows.back().dt == 50);
  for (const WindowRow& w : r.rows) {
    INFO("dt " << w.dt << ": expected " << w.expected << ", L1 " << w.l1 << " (bound " << w.l1_bound << "), L0 " << w.l0);
    CHECK(std::abs(w.l1 - w.expected) <= w.l1_bound);
    CHECK(w.l0 == Approx(w.expected).margin(1e-9));
    CHECK((w.dt >= 0 ? w.expected > 0 : w.expected < 0));
    // A+ exp(-dt / tau+), A- exp(dt / tau-): the configured exponentials, up to the
    // decay fraction's rounding (at most 0.5/4096 per step).
    const double tau = w.dt >= 0 ? tau_plus : tau_minus, a = w.dt >= 0 ? a_plus : -a_minus;
    CHECK(w.expected == Approx(a * std::exp(-std::abs(w.dt) / tau)).epsilon(0.01 + std::abs(w.dt) * 0.5 / 4096 * 2));
  }
  CHECK(r.l1_within_bound);
}

}  // namespace

TEST_CASE("plasticity study: the STDP window at L1 and L0 against the exponentials, nearest rounding", "[plasticity][study]") {
  const WindowResult r = stdp_window(preset_rule({{"a_plus", 8}, {"a_minus", 6}, {"tau_plus", 10}, {"tau_minus", 20}}, "nearest"),
                                     {}, "test");
  check_window(r, 8, 6, 10, 20);
  // At Δt = 0 and -1 the pair is counted once, with the full amplitude.
  CHECK(r.rows[50].l1 == 8.0);
  CHECK(r.rows[49].l1 == Approx(-6.0 * (1 - 200.0 / 4096)).margin(0.5));
  CHECK(r.max_l1_error <= 0.5 + 1.0);
  CHECK(r.max_l0_error < 1e-9);
}

TEST_CASE("plasticity study: the STDP window with stochastic rounding, averaged over replicas", "[plasticity][study]") {
  WindowOptions o;
  o.replicas = 16;
  const WindowResult r = stdp_window(preset_rule({{"a_plus", 3}, {"a_minus", 3}, {"tau_plus", 20}, {"tau_minus", 20}}), o, "test");
  check_window(r, 3, 3, 20, 20);
  // Averaging 16 draws: the mean error over the window is far inside the one-draw bound.
  double err = 0;
  for (const WindowRow& w : r.rows) err += std::abs(w.l1 - w.expected);
  CHECK(err / r.rows.size() < 0.3);
}

TEST_CASE("plasticity study: the window refuses a rule that is not pair STDP", "[plasticity][study]") {
  const plastic::RuleSpec s = plastic::make_preset("sdsp", {});
  CHECK_THROWS_WITH(stdp_window(plastic::compile_rule(s.rule, s.params, "t"), {}, "sdsp"),
                    Catch::Contains("sdsp: rule") && Catch::Contains("pair STDP"));
}

TEST_CASE("plasticity study: additive STDP saturates at both code bounds and nowhere else", "[plasticity][study]") {
  WeightDependenceOptions o;
  o.w_step = 32;
  o.pairings = 20;
  const WeightDependenceResult r = weight_dependence(
      preset_rule({{"a_plus", 8}, {"a_minus", 8}, {"tau_plus", 10}, {"tau_minus", 10}}, "nearest"), o, "test");
  CHECK(r.wmin == -128);
  CHECK(r.wmax == 127);
  REQUIRE(r.rows.size() == 9);  // -128, -96, ..., 128 - 32, and 127
  for (const WeightDependenceRow& w : r.rows) {
    INFO("w0 " << w.w0 << ": up " << w.up_l1 << " / " << w.up_l0 << ", down " << w.down_l1 << " / " << w.down_l0);
    // 20 pairs at lag 2: + 8 (1 - d/4096)^2 each, less the far tail of the last post trace.
    const double up = 20 * 8 * std::pow(1 - 390.0 / 4096, 2);
    CHECK(w.up_l0 == Approx(std::min<double>(127, w.w0 + up)).margin(0.5));
    CHECK(w.down_l0 == Approx(std::max<double>(-128, w.w0 - up)).margin(0.5));
    CHECK(std::abs(w.up_l1 - w.up_l0) <= 20 * 0.5 + 1);
    CHECK(std::abs(w.down_l1 - w.down_l0) <= 20 * 0.5 + 1);
    CHECK(w.up_l1 >= w.w0);
    CHECK(w.down_l1 <= w.w0);
  }
  // Saturation: from the top potentiation stays at 127, from the bottom depression at -128,
  // and either bound is reached exactly from within 100 codes of it.
  CHECK(r.rows.back().up_l1 == 127);
  CHECK(r.rows.back().up_l0 == 127.0);
  CHECK(r.rows.front().down_l1 == -128);
  CHECK(r.rows.front().down_l0 == -128.0);
  CHECK(r.rows[6].up_l1 == 127);  // w0 = 64
  CHECK(r.rows[1].down_l1 == -128);  // w0 = -96
  CHECK(r.rows[4].up_l1 == 127);  // w0 = 0: + ~131 clamps
  CHECK(r.rows[0].up_l1 > -128 + 100);  // from the bottom, unclamped: the full + ~131
  CHECK(r.rows[0].up_l1 < 127);
}

TEST_CASE("plasticity study: L0 and L1 learning from the same spike trains drift apart by little", "[plasticity][study]") {
  Network net = test::recurrent_network(64, 96, 0.2, 8, 7, 2.0);
  for (Projection& pr : net.projections)
    test::make_plastic(pr, test::pair_stdp(8, 8, {512, 3000}, {512, 3000}, plastic::Rounding::Nearest));
  std::mt19937_64 rng(5);
  std::bernoulli_distribution fire(0.2);
  std::vector<std::vector<std::vector<uint32_t>>> samples(2, std::vector<std::vector<uint32_t>>(100));
  for (auto& s : samples)
    for (auto& step : s)
      for (uint32_t i = 0; i < 64; ++i)
        if (fire(rng)) step.push_back(i);
  const DriftResult r = plasticity_drift(net, test::plastic_hw(96), samples, 50, "test");
  REQUIRE(r.points.size() == 4);
  CHECK(r.synapses == net.projections[0].code.size() + net.projections[1].code.size());
  CHECK(r.points.back().step == 200);
  for (const DriftPoint& p : r.points) {
    INFO("step " << p.step << ": drift " << p.mean_abs_drift << " (max " << p.max_abs_drift << "), rms change L1 "
                 << p.rms_change_l1 << " L0 " << p.rms_change_l0 << ", correlation " << p.correlation);
    CHECK(p.rms_change_l1 > 0.5);
    CHECK(p.mean_abs_drift > 0);  // integer codes against continuous ones
    CHECK(p.mean_abs_drift < 0.5 * p.rms_change_l1 + 0.5);
    CHECK(p.correlation > 0.9);
    CHECK(p.spikes_l1 > 0);
  }
  CHECK(r.points.back().rms_change_l1 > r.points.front().rms_change_l1);
}

TEST_CASE("plasticity study: the pattern input replays one frozen pattern, never twice in a row", "[plasticity][study]") {
  PatternOptions o;
  o.segments = 200;
  const PatternInput a = pattern_input(o), b = pattern_input(o);
  CHECK(a.raster == b.raster);  // seeded
  REQUIRE(a.onsets.size() > 30);
  CHECK(a.onsets.size() < 70);  // about a quarter of 200 segments, fewer as copies never follow copies
  for (size_t k = 1; k < a.onsets.size(); ++k) CHECK(a.onsets[k] >= a.onsets[k - 1] + 2 * o.pattern_steps);
  // The pattern afferents spike identically in every copy; the others do not.
  const auto part = [&](uint32_t onset, bool pattern) {
    std::vector<uint32_t> s;
    for (uint32_t t = 0; t < o.pattern_steps; ++t)
      for (const uint32_t i : a.raster[onset + t])
        if ((i < o.pattern_afferents) == pattern) s.push_back(t * o.afferents + i);
    return s;
  };
  CHECK(part(a.onsets[0], true) == part(a.onsets[1], true));
  CHECK(part(a.onsets[0], false) != part(a.onsets[1], false));
  CHECK(part(a.onsets[0], true).size() > 60);  // 100 afferents x 50 steps x 0.025
}

TEST_CASE("plasticity study: STDP makes the neuron fire at the hidden pattern and little elsewhere", "[plasticity][study]") {
  PatternOptions o;  // the worked example's network and input (docs/plasticity.md), 30,000 steps
  o.segments = 600;
  const PatternInput in = pattern_input(o);
  const PatternResult r = run_pattern_task(pattern_network(o), in, o, 25, "test");
  REQUIRE(r.blocks.size() >= 5);
  const PatternBlock& first = r.blocks.front();
  INFO("first block: hits " << first.hit_rate << ", false alarms " << first.false_alarms << "; weights pattern "
                            << r.mean_pattern_weight << ", others " << r.mean_other_weight);
  CHECK(first.false_alarms > 15);  // before learning it fires at random
  CHECK(first.hit_rate < 0.8);
  CHECK(first.mean_latency > 15);
  for (size_t b = 1; b < r.blocks.size(); ++b) {
    INFO("block " << b << ": hits " << r.blocks[b].hit_rate << ", false alarms " << r.blocks[b].false_alarms);
    CHECK(r.blocks[b].hit_rate >= 0.95);
    CHECK(r.blocks[b].false_alarms < 0.6 * first.false_alarms);
  }
  CHECK(r.final_latency < 6);  // it fires early in the pattern
  CHECK(r.mean_pattern_weight > 3 * r.mean_other_weight);
}
