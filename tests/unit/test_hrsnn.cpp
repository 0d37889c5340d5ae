// The heterogeneous reservoir (models/learn/hrsnn): Gamma membrane time constants or equal
// ones, four STDP groups with their own or shared parameters, the tasks' generated series,
// the readout's ridge, the measured memory capacity at L0 and L1 (deterministic, learning
// changes weights), and clear errors for bad parameters, a chip too small and a silent reservoir.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

#include "core/error.hpp"
#include "hrsnn/hrsnn_eval.hpp"
#include "hrsnn/hrsnn_model.hpp"
#include "hrsnn/hrsnn_tasks.hpp"
#include "hrsnn/reservoir_run.hpp"
#include "plastic/rule_params.hpp"
#include "readout/ridge.hpp"

using namespace nmx;
using namespace nmx::hrsnn;

namespace {

ReservoirOptions small(bool hetero_neurons, bool hetero_stdp) {
  ReservoirOptions o;
  o.neurons = 64;
  o.connectivity = 0.2;
  o.hetero_neurons = hetero_neurons;
  o.hetero_stdp = hetero_stdp;
  o.seed = 5;
  return o;
}

TaskOptions quick() {
  TaskOptions t;
  t.learn_steps = 300, t.washout = 40, t.train = 300, t.test = 200, t.mc_delays = 20, t.hold = 2;
  t.mackey_glass = t.lorenz = t.classify = false;
  return t;
}

}  // namespace

TEST_CASE("hrsnn: Gamma or equal membrane time constants, four STDP groups own or shared", "[hrsnn]") {
  const ReservoirOptions het = small(true, true), hom = small(false, false);
  ReservoirReport rh, rm;
  const Network a = build_reservoir(het, reservoir_hw(het), &rh);
  const Network b = build_reservoir(hom, reservoir_hw(hom), &rm);
  REQUIRE(a.populations.size() == 3);
  CHECK(a.populations[1].size + a.populations[2].size == 64);
  CHECK(a.populations[0].size == 2 * het.input_levels);
  std::set<int32_t> dv_a(a.populations[1].fixed.dv.begin(), a.populations[1].fixed.dv.end());
  std::set<int32_t> dv_b(b.populations[1].fixed.dv.begin(), b.populations[1].fixed.dv.end());
  CHECK(dv_a.size() > 10);  // heterogeneous: per-neuron decays
  CHECK(dv_b.size() == 1);  // homogeneous: one
  CHECK(rm.tau_min == Approx(12));
  CHECK(rm.tau_max == Approx(12));
  CHECK(rh.tau_mean == Approx(12).margin(3));  // Gamma(3, 4) has mean 12
  CHECK(rh.tau_max > rh.tau_min + 5);
  // The recurrent projections are the synapse groups, with rules; the input is not plastic.
  std::set<std::string> params_a, params_b;
  for (const Projection& p : a.projections) {
    if (p.name.rfind("in_", 0) == 0) {
      CHECK_FALSE(p.plasticity.has_value());
      continue;
    }
    REQUIRE(p.plasticity.has_value());
    params_a.insert(p.plasticity->rule + plastic::rule_params_to_json(plastic::params_of(p.plasticity->code)));
  }
  for (const Projection& p : b.projections)
    if (p.plasticity) params_b.insert(p.plasticity->rule + plastic::rule_params_to_json(plastic::params_of(p.plasticity->code)));
  CHECK(params_a.size() == 4);
  CHECK(params_b.size() == 1);
}

TEST_CASE("hrsnn: thermometer code, generated series and the ridge readout", "[hrsnn]") {
  CHECK(thermometer(0.0, 4).empty());
  CHECK(thermometer(0.5, 4) == std::vector<uint32_t>{0, 1});  // 0.125, 0.375 < 0.5 < 0.625
  CHECK(thermometer(-1.0, 4) == std::vector<uint32_t>{4, 5, 6, 7});
  for (const auto& s : {mackey_glass(600), lorenz_x(600)}) {
    const auto [lo, hi] = std::minmax_element(s.begin(), s.end());
    CHECK(*lo == Approx(-1));
    CHECK(*hi == Approx(1));
    double diff = 0;
    for (size_t i = 1; i < s.size(); ++i) diff += std::abs(s[i] - s[i - 1]);
    CHECK(diff / s.size() > 0.01);  // it moves
    CHECK(diff / s.size() < 0.5);   // and is smooth at the sampling step
  }
  const PatternSet p = temporal_patterns(3, 4, 20, 0.1, 1, 2);
  CHECK(p.samples.size() == 12);
  CHECK(p.labels[4] == 1);
  // Ridge recovers an exact linear map (tiny penalty), r^2 and NRMSE of a perfect fit.
  Eigen::MatrixXd x = Eigen::MatrixXd::Random(50, 3);
  Eigen::Vector3d w(1.5, -2, 0.25);
  const Eigen::VectorXd y = (x * w).array() + 0.7;
  const RidgeModel m = fit_ridge(x, y, 1e-9);
  CHECK((m.w.col(0) - w).norm() < 1e-6);
  CHECK(m.b[0] == Approx(0.7));
  CHECK(squared_correlation(y, m.predict(x).col(0)) == Approx(1));
  CHECK(nrmse(y, m.predict(x).col(0)) < 1e-6);
  // Fewer samples than features takes the dual form: the same solution.
  const Eigen::MatrixXd xs = Eigen::MatrixXd::Random(4, 6), ys = Eigen::MatrixXd::Random(4, 2);
  const RidgeModel dual = fit_ridge(xs, ys, 0.5);
  const Eigen::MatrixXd xc = xs.rowwise() - xs.colwise().mean();
  Eigen::MatrixXd g = xc.transpose() * xc;
  g.diagonal().array() += 0.5;
  CHECK((dual.w - g.ldlt().solve(xc.transpose() * (ys.rowwise() - ys.colwise().mean()))).norm() < 1e-9);
}

TEST_CASE("hrsnn: memory capacity at L0 and L1, deterministic, STDP changes the weights", "[hrsnn]") {
  const ReservoirOptions o = small(true, true);
  Network n0 = build_reservoir(o, reservoir_hw(o)), n1 = n0, n1b = n0;
  const Network initial = n0;
  const Metrics m0 = evaluate(n0, Level::L0, quick());
  const Metrics m1 = evaluate(n1, Level::L1, quick());
  const Metrics m1b = evaluate(n1b, Level::L1, quick());
  CHECK(m0.mc > 0.5);  // a 64-neuron reservoir remembers about one value (docs/hrsnn.md)
  CHECK(m1.mc > 0.5);
  CHECK(m0.mc <= 20);
  CHECK(m1.spikes_per_neuron_step > 0.001);
  CHECK(m1.spikes_per_neuron_step < 0.9);
  CHECK(m1.objective == Approx(m1.spikes_per_neuron_step / m1.mc));
  CHECK(m1b.mc == m1.mc);  // bit-for-bit the same run
  CHECK(m1b.spikes_per_neuron_step == m1.spikes_per_neuron_step);
  size_t changed = 0;
  for (size_t p = 0; p < n1.projections.size(); ++p)
    for (size_t s = 0; s < n1.projections[p].code.size(); ++s) changed += n1.projections[p].code[s] != initial.projections[p].code[s];
  CHECK(changed > 10);
}

namespace {

// Each group's "A+ a A- b tau+ c tau- d" from the report, the depression area over a_ratio
// times the potentiation area: >= 1 when depression wins.
std::vector<double> depression_over_potentiation(const std::string& groups, double a_ratio) {
  std::vector<double> out;
  for (size_t at = groups.find("A+"); at != std::string::npos; at = groups.find("A+", at + 1)) {
    double ap, am, tp, tm;
    REQUIRE(std::sscanf(groups.c_str() + at, "A+ %lf A- %lf tau+ %lf tau- %lf", &ap, &am, &tp, &tm) == 4);
    out.push_back(am * tm / (a_ratio * ap * tp));
  }
  return out;
}

}  // namespace

TEST_CASE("hrsnn: balanced STDP groups let depression win, the same synapses otherwise", "[hrsnn]") {
  ReservoirOptions o = small(true, true);
  ReservoirReport free_rep, bal_rep;
  const Network free_net = build_reservoir(o, reservoir_hw(o), &free_rep);
  o.stdp_balance = true;
  const Network bal_net = build_reservoir(o, reservoir_hw(o), &bal_rep);
  const std::vector<double> f = depression_over_potentiation(free_rep.groups, o.a_ratio);
  const std::vector<double> b = depression_over_potentiation(bal_rep.groups, o.a_ratio);
  REQUIRE(f.size() == 4);
  REQUIRE(b.size() == 4);
  CHECK(*std::min_element(f.begin(), f.end()) < 0.99);  // drawn independently, some group potentiates more
  for (double x : b) CHECK(x >= 0.99);                   // %.3g in the report
  for (size_t p = 0; p < free_net.projections.size(); ++p) CHECK(free_net.projections[p].code == bal_net.projections[p].code);
}

TEST_CASE("hrsnn: the objective's memory-capacity floor", "[hrsnn]") {
  const ReservoirOptions o = small(true, true);
  TaskOptions t = quick();
  Network n = build_reservoir(o, reservoir_hw(o));
  Network n_floor = n, n_low = n;
  const Metrics m = evaluate(n, Level::L1, t);
  t.mc_floor = 2 * m.mc;  // above this reservoir's memory: the ratio times 2^4
  const Metrics high = evaluate(n_floor, Level::L1, t);
  t.mc_floor = m.mc / 2;  // below it: the plain ratio
  const Metrics low = evaluate(n_low, Level::L1, t);
  CHECK(high.mc == m.mc);
  CHECK(high.objective == Approx(16 * m.spikes_per_neuron_step / m.mc));
  CHECK(low.objective == m.objective);
  t.mc_floor = -1;
  CHECK_THROWS_WITH(check_task_options(t, "tune"), Catch::Contains("--mc-floor = -1 is out of range (allowed: [0, 1000])"));
}

TEST_CASE("hrsnn: bad distribution parameters, a chip too small, a silent reservoir", "[hrsnn]") {
  ReservoirOptions o = small(true, true);
  o.gamma_shape = -1;
  CHECK_THROWS_WITH(check_options(o, "train hrsnn"),
                    Catch::Contains("--gamma-shape = -1 is out of range (allowed: (0, 100])"));
  o = small(true, true);
  o.gamma_scale = 0;
  CHECK_THROWS_AS(build_reservoir(o, reservoir_hw(small(true, true))), InputError);
  o = small(true, true);
  o.stdp_spread = 1.5;
  CHECK_THROWS_WITH(check_options(o, "tune"), Catch::Contains("--stdp-spread = 1.5"));
  o = small(true, true);
  o.neurons = 600;
  HwConfig tiny = reservoir_hw(small(true, true));  // one core: 64 neurons fit, 600 do not
  tiny.mesh_x = tiny.mesh_y = 1;
  CHECK_THROWS_WITH(build_reservoir(o, tiny), Catch::Contains("does not fit the chip: its 600 neurons need 3 cores of 256"));
  o.neurons = 70000;  // more axons than a core can have: refused before drawing 490 million synapses
  CHECK_THROWS_WITH(build_reservoir(o, reservoir_hw(o)), Catch::Contains("2L + N = 70016 axons"));
  o = small(true, true);
  o.input_scale = 1e-3, o.rec_gain = 0, o.bias = 0;
  Network silent = build_reservoir(o, reservoir_hw(o));
  CHECK_THROWS_WITH(evaluate(silent, Level::L1, quick()),
                    Catch::Contains("the objective cannot be computed: the reservoir emitted no spike"));
}
