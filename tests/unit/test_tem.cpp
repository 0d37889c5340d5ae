// Time-encoding machines (docs/tem.md): the continuous encoder, the least-squares fit
// and its rank checks.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.hpp"
#include "tem/tem_teacher.hpp"

using namespace nmx;
using namespace nmx::tem;

TEST_CASE("TEM encoder: every interval integrates to theta (constant and ramp input)") {
  // One channel rising linearly 0 -> 1 over 10 steps: v(t) = b t + t^2 / 20 with w = 1.
  std::vector<double> knots;
  for (int k = 0; k <= 10; ++k) knots.push_back(k / 10.0);
  const Signal x(1, knots);
  TemNeuron n{{1.0}, 0.5, 2.0};
  const auto t = spike_times(x, n);
  // Closed form: the k-th spike is where 0.5 t + t^2 / 20 = 2k.
  REQUIRE(t.size() == 5);  // v(10) = 10 -> spikes at levels 2, 4, 6, 8, 10
  for (size_t k = 0; k < t.size(); ++k) {
    const double expect = -5.0 + std::sqrt(25.0 + 40.0 * (k + 1));
    CHECK(t[k] == Approx(expect).epsilon(1e-12));
  }
  // A large drive fires several times inside one step.
  TemNeuron fast{{0.0}, 7.0, 2.0};
  const auto f = spike_times(x, fast);
  REQUIRE(f.size() == 35);
  CHECK(f[2] == Approx(6.0 / 7.0).epsilon(1e-12));
}

TEST_CASE("TEM fit: noise-free recovery of the paper's 20 -> 5 layer is exact") {
  TeacherSpec spec;  // 20 inputs, 5 neurons
  const Teacher teacher = make_teacher(spec);
  const Observations obs = observe(teacher, spec, 12, 0.0, 7);
  const Fit f = fit(obs);
  REQUIRE(f.full_rank());
  const double err = relative_error(f.w, teacher.w);
  INFO("relative error " << err);
  CHECK(err < 1e-6);
  for (const auto& n : f.neurons) CHECK(n.residual_rms < 1e-8);
}

TEST_CASE("TEM fit: the bias can be fitted too, exactly") {
  TeacherSpec spec;
  const Teacher teacher = make_teacher(spec);
  Observations obs = observe(teacher, spec, 12, 0.0, 7);
  obs.bias.clear();  // unknown to the learner
  FitOptions o;
  o.fit_bias = true;
  const Fit f = fit(obs, o);
  REQUIRE(f.full_rank());
  CHECK(f.unknowns == 21);
  CHECK(relative_error(f.w, teacher.w) < 1e-6);
  for (uint32_t j = 0; j < spec.neurons; ++j) CHECK(f.bias[j] == Approx(teacher.bias[j]).epsilon(1e-9));
  REQUIRE_THROWS_WITH(fit(obs), Catch::Contains("bias") && Catch::Contains("or none, with the bias fitted"));
}

TEST_CASE("TEM fit: too few examples is reported as under-determined, with the rank") {
  TeacherSpec spec;
  const Teacher teacher = make_teacher(spec);
  const Observations obs = observe(teacher, spec, 1, 0.0, 7);  // ~8 intervals for 20 unknowns
  REQUIRE_THROWS_WITH(fit(obs), Catch::Contains("under-determined") && Catch::Contains("for 20 unknown weights"));
  FitOptions lax;
  lax.allow_underdetermined = true;
  const Fit f = fit(obs, lax);
  CHECK(f.neurons[0].rank < 20);
  CHECK(relative_error(f.w, teacher.w) > 0.1);  // the minimum-norm solution is not the teacher
}

TEST_CASE("TEM fit: error grows with input noise and shrinks with examples") {
  TeacherSpec spec;
  const Teacher teacher = make_teacher(spec);
  const double e_small = relative_error(fit(observe(teacher, spec, 20, 1e-3, 3)).w, teacher.w);
  const double e_large = relative_error(fit(observe(teacher, spec, 20, 1e-2, 3)).w, teacher.w);
  const double e_more = relative_error(fit(observe(teacher, spec, 200, 1e-2, 3)).w, teacher.w);
  INFO(e_small << " " << e_large << " " << e_more);
  CHECK(e_small < e_large);
  CHECK(e_more < e_large);
  CHECK(e_small > 1e-6);
}

TEST_CASE("TEM fit: bad observations name the field") {
  TeacherSpec spec;
  const Teacher teacher = make_teacher(spec);
  Observations obs = observe(teacher, spec, 3, 0.0, 1);
  Observations wrong_dim = obs;
  wrong_dim.inputs = 19;
  REQUIRE_THROWS_WITH(fit(wrong_dim), Catch::Contains("examples[0].signal") && Catch::Contains("20 channels"));
  Observations silent = obs;
  for (auto& ex : silent.spikes) ex[2].clear();
  REQUIRE_THROWS_WITH(fit(silent), Catch::Contains("neuron 2 never spiked"));
  Observations unordered = obs;
  std::swap(unordered.spikes[1][0][0], unordered.spikes[1][0][1]);
  REQUIRE_THROWS_WITH(fit(unordered), Catch::Contains("examples[1].spikes[0][1]"));
}

#include "quant/quantize.hpp"
#include "tem/tem_chip.hpp"

TEST_CASE("TEM on the chip: recovered layer, quantised, spike times within the stated error") {
  TeacherSpec spec;
  const Teacher teacher = make_teacher(spec);
  const Fit f = fit(observe(teacher, spec, 12, 0.0, 7));
  const Network net = make_network({f.w, teacher.bias, teacher.theta}, spec.signal.steps, "tem");
  const Layer back = layer_of(net, "tem");
  CHECK(relative_error(back.w, teacher.w) < 1e-6);
  HwConfig hw;
  hw.core.weight_bits = 8;
  QuantizeOptions q;
  q.weight_bits = 8;
  q.theta_bits = 20;
  const Network qn = quantize_for_chip(net, q, hw);
  const TimingReport r = compare_levels(qn, hw, 10, 2, "tem");
  INFO("continuous " << r.spikes_continuous << " L0 " << r.spikes_l0 << " L1 " << r.spikes_l1);
  REQUIRE(r.spikes_continuous > 300);  // ~8 per neuron and example
  // End-of-step placement and the input encoder's carried charge: L0 is late by about half
  // a step on average and never by two steps; fixed point moves few spikes, by one step.
  CHECK(r.l0_vs_continuous.mean_signed > 0.2);
  CHECK(r.l0_vs_continuous.mean_signed < 0.7);
  CHECK(r.l0_vs_continuous.max_abs < 2.0);
  CHECK(r.l0_vs_continuous.unmatched <= 2);
  CHECK(r.l1_vs_l0.mean_abs < 0.25);
  CHECK(r.l1_vs_l0.max_abs <= 1.0);
  CHECK(r.l1_vs_l0.unmatched <= 2);
}

TEST_CASE("TEM network: a network that is not a time encoder is refused by name") {
  TeacherSpec spec;
  const Teacher teacher = make_teacher(spec);
  Network net = make_network(teacher, 50, "tem");
  net.populations[1].real.dv[3] = 0.5;
  REQUIRE_THROWS_WITH(layer_of(net, "x.h5"), Catch::Contains("x.h5") && Catch::Contains("neuron 3") &&
                                                 Catch::Contains("dv = 0"));
}

TEST_CASE("quantize: 8-bit weights never lose their largest values to a rounded-down scale", "[quant]") {
  // max|w| / 127 is 1.35 membrane LSBs: the nearest 8-bit scale (1 LSB) would clip w = 1 to
  // 0.74; the scale rounded up (2 LSBs) keeps every weight within half a step.
  Layer l;
  l.w.resize(1, 4);
  l.w << 1.0, 0.6, -0.3, 0.2;
  const double lsb = 1.0 / (127 * 1.35);
  l.bias = {0.0};
  l.theta = {65535 * lsb};
  QuantizeOptions q;
  q.weight_bits = 8;
  q.theta_bits = 16;
  QuantizeReport rep;
  const Network qn = quantize(make_network(l, 10, "clip"), q, &rep);
  const Projection& p = qn.projections[0];
  REQUIRE(qn.populations[1].lsb == Approx(lsb));
  CHECK(p.scale.mant == 2);
  CHECK(p.scale.exp == 0);
  const double step = 2 * lsb;
  for (size_t s = 0; s < p.weight.size(); ++s) CHECK(std::abs(p.code[s] * step - p.weight[s]) <= step / 2 + 1e-12);
  CHECK(rep.projections[0].weight_rel_error < 0.01);
}
