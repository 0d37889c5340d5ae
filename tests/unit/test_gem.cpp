// GEM multi-compartment SNNs (models/learn/gem, docs/gem.md): the learning rule against
// finite differences of the GEM objective and of the log-likelihood bound, inference
// against training's likelihoods, the event-stream conversion, calibration error,
// determinism over threads, a short real MNIST run, and the chip's limits as errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>

#include "core/error.hpp"
#include "data/dataset.hpp"
#include "encode/event_stream.hpp"
#include "fixed/fixed_point.hpp"
#include "gem/gem_hw.hpp"
#include "gem/gem_model.hpp"
#include "gem/gem_signal_fixed.hpp"
#include "gem/gem_trainer.hpp"

using namespace nmx;

namespace {

gem::Shape tiny_shape() { return gem::Shape{4, 3, 2, 2, 12}; }

gem::Params tiny_params(uint64_t seed) {
  gem::Params p = gem::init_params(tiny_shape(), gem::Kernels{}, seed, 3.0, 0.0, 0.0);
  std::mt19937_64 rng(seed + 7);
  std::normal_distribution<double> g(0.0, 0.7);
  for (double& v : p.v) v += g(rng);  // feedback and biases non-zero too
  return p;
}

InputRaster tiny_input(uint64_t seed) {
  InputRaster in;
  in.steps.resize(tiny_shape().steps);
  std::mt19937_64 rng(seed);
  for (auto& st : in.steps)
    for (uint32_t j = 0; j < tiny_shape().inputs; ++j)
      if (rng() % 3 == 0) st.push_back(j);
  return in;
}

std::vector<uint8_t> tiny_target(uint64_t seed) {
  std::vector<uint8_t> t(size_t{tiny_shape().steps} * tiny_shape().visible);
  std::mt19937_64 rng(seed);
  for (auto& v : t) v = rng() % 2;
  return t;
}

}  // namespace

TEST_CASE("gem: the rule's update equals the gradient of the GEM objective (finite differences)", "[gem]") {
  const uint32_t K = 3;
  gem::Params p = tiny_params(5);
  const InputRaster in = tiny_input(6);
  const std::vector<uint8_t> target = tiny_target(7);
  gem::Workspace ws(p.shape, K);
  const gem::Layout lay(p.shape);
  std::vector<double> update(lay.total, 0.0);
  gem::HiddenSpikes h;
  const gem::LearnOptions once{0.0, 1.0, 1.0, 0};
  const gem::SampleResult r0 = ws.run(p, in, target, 11, 0, once, &update, nullptr, &h);
  uint64_t spikes = 0;
  for (uint8_t s : h) spikes += s;
  REQUIRE(spikes > 5);                      // hidden neurons do spike
  REQUIRE(spikes < h.size() - 5);           // and do not always spike
  REQUIRE(r0.sigma[0] != Approx(1.0 / K));  // importance weights are not uniform
  // Q(theta) with the samples and their importance weights held fixed
  auto q = [&](const gem::Params& pp) {
    gem::Params c = pp;
    const gem::SampleResult r = ws.run(c, in, target, 11, 0, gem::LearnOptions{}, nullptr, &h);
    double v = 0;
    for (uint32_t k = 0; k < K; ++k) v += r0.sigma[k] * (r.log_q[k] + r.lambda[k]);
    return std::pair<double, double>(v, r.bound);
  };
  const double eps = 1e-6;
  size_t checked = 0;
  for (size_t i = 0; i < lay.total; ++i) {
    gem::Params a = p, b = p;
    a.v[i] += eps;
    b.v[i] -= eps;
    const auto qa = q(a), qb = q(b);
    const double fd_q = (qa.first - qb.first) / (2 * eps);
    CHECK(update[i] == Approx(fd_q).margin(1e-6).epsilon(1e-5));
    if (i >= lay.w_v) {  // visible parameters: the rule is the gradient of the bound L_K itself
      const double fd_l = (qa.second - qb.second) / (2 * eps);
      CHECK(update[i] == Approx(fd_l).margin(1e-6).epsilon(1e-5));
    }
    checked += std::abs(update[i]) > 1e-3;
  }
  CHECK(checked > lay.total / 2);  // most entries are far from zero: the check has teeth
}

TEST_CASE("gem: learning online changes the weights by lr times the accumulated update", "[gem]") {
  gem::Params p = tiny_params(9), q = p;
  const InputRaster in = tiny_input(10);
  const std::vector<uint8_t> target = tiny_target(12);
  gem::Workspace ws(p.shape, 2);
  std::vector<double> update(gem::Layout(p.shape).total, 0.0);
  ws.run(p, in, target, 3, 1, gem::LearnOptions{0.0, 0.8, 0.7, 0}, &update);
  ws.run(q, in, target, 3, 1, gem::LearnOptions{0.5, 0.8, 0.7, 0});
  for (size_t i = 0; i < update.size(); i += 7) CHECK(q.v[i] - p.v[i] == Approx(0.5 * update[i]).margin(1e-12));
}

TEST_CASE("gem: inference scores are the training likelihoods of each class pattern", "[gem]") {
  gem::Shape s = tiny_shape();
  s.visible = 3;
  gem::Params p = gem::init_params(s, gem::Kernels{}, 4, 2.0, 0.0, -1.0);
  p.v[gem::Layout(s).fb_v + 1] = 0.8;  // a visible feedback kernel: the on/off patterns differ
  const InputRaster in = tiny_input(2);
  gem::Workspace ws(s, 4);
  const std::vector<double> score = ws.class_scores(p, in, 21, 5);
  REQUIRE(score.size() == 3);
  for (int c = 0; c < 3; ++c) {
    const gem::SampleResult r = ws.run(p, in, gem::label_target(s, c), 21, 5, gem::LearnOptions{});
    CHECK(score[c] == Approx(r.bound).epsilon(1e-12));
  }
}

TEST_CASE("gem: event streams from images have both polarities and are deterministic", "[gem]") {
  std::vector<float> img(28 * 28, 0.0f);
  for (int r = 8; r < 20; ++r)
    for (int c = 12; c < 16; ++c) img[r * 28 + c] = 1.0f;  // a bar
  EventStreamConfig cfg;
  const InputRaster a = encode_event_stream(cfg, img.data(), 0), b = encode_event_stream(cfg, img.data(), 0);
  REQUIRE(a.steps.size() == 80);
  CHECK(a.steps == b.steps);
  size_t on = 0, off = 0;
  for (const auto& st : a.steps)
    for (size_t k = 0; k < st.size(); ++k) {
      REQUIRE(st[k] < event_inputs(cfg));
      if (k) REQUIRE(st[k] > st[k - 1]);
      (st[k] < 26u * 26u ? on : off)++;
    }
  CHECK(a.steps[0].empty());  // the first view is the reference
  CHECK(on > 100);
  CHECK(off > 100);
  std::vector<float> blank(28 * 28, 0.0f);
  CHECK(encode_event_stream(cfg, blank.data(), 0).spike_count() == 0);
  cfg.coding = EventCoding::Rate;
  cfg.max_rate = 0.5;
  const InputRaster r = encode_event_stream(cfg, img.data(), 3);
  const double rate = double(r.spike_count()) / (80.0 * 48);  // 48 lit pixels
  CHECK(rate == Approx(0.5).margin(0.05));
  for (const auto& st : r.steps)
    for (uint32_t j : st) REQUIRE(j < 26u * 26u);  // rate coding: ON only
}

TEST_CASE("gem: expected calibration error of known confidences", "[gem]") {
  // bin 0.9-1: confidences 0.95 x2, one right -> |1 - 1.9| = 0.9; bin 0.6-0.7: 0.65 right -> 0.35
  CHECK(expected_calibration_error({0.95, 0.95, 0.65}, {1, 0, 1}) == Approx((0.9 + 0.35) / 3));
  CHECK(expected_calibration_error({1.0, 0.5}, {1, 0}) == Approx(0.25));  // 1.0 lands in the top bin
}

TEST_CASE("gem: evaluation gives the same numbers at any thread count", "[gem]") {
  gem::Params p = tiny_params(1);
  std::vector<InputRaster> in;
  std::vector<uint8_t> y;
  for (int i = 0; i < 9; ++i) in.push_back(tiny_input(100 + i)), y.push_back(i % 2);
  const GemEval a = evaluate_gem(p, in, y, 5, 2, 1), b = evaluate_gem(p, in, y, 5, 2, 3);
  CHECK(a.accuracy == b.accuracy);
  CHECK(a.log_likelihood == b.log_likelihood);
  CHECK(a.ece == b.ece);
}

TEST_CASE("gem: the chip's limits are clear errors", "[gem]") {
  GemTrainOptions o;
  o.compartments = fx::kGemMaxCompartments + 1;
  REQUIRE_THROWS_WITH(gem_shape(o), Catch::Contains("compartments") && Catch::Contains("1..16"));
  o.compartments = 2;
  o.eval_compartments = {1, 40};
  REQUIRE_THROWS_WITH(gem_shape(o), Catch::Contains("eval compartments") && Catch::Contains("40"));
  o.eval_compartments = {};
  o.basis = 3;
  REQUIRE_THROWS_WITH(gem_shape(o), Catch::Contains("basis") && Catch::Contains("1..2"));
  o.basis = 2;
  o.tau_basis[1] = 20.0;  // a 16-bit trace saturates
  REQUIRE_THROWS_WITH(gem_kernels(o), Catch::Contains("tau basis 2") && Catch::Contains("saturate"));
  CHECK(gem::max_kernel_tau() > 15.0);
  CHECK(gem::max_kernel_tau() < 16.0);
  CHECK(gem::trace_fits(gem::kernel_decay(15.0, "t")));
  // the smallest decay that fits is near 2^12 * 4096 / 2^16 = 256; one less saturates
  int32_t d0 = 1;
  while (!gem::trace_fits(d0)) ++d0;
  CHECK(d0 >= 250);
  CHECK(d0 <= 257);
  int32_t x = 0;
  for (int t = 0; t < 3000; ++t) x = fx::trace_step(x, d0 - 1, fx::kGemTraceOne, true);
  CHECK(x == fx::kTraceMax);
  x = 0;
  for (int t = 0; t < 3000; ++t) x = fx::trace_step(x, d0, fx::kGemTraceOne, true);
  CHECK(x < fx::kTraceMax);
  gem::Params p = tiny_params(1);
  gem::Workspace ws(p.shape, 2);
  std::vector<uint8_t> wrong(size_t{p.shape.steps} * p.shape.visible + 1);
  REQUIRE_THROWS_WITH(ws.run(p, tiny_input(1), wrong, 1, 0, gem::LearnOptions{}),
                      Catch::Contains("gem target") && Catch::Contains("25") && Catch::Contains("24"));
  InputRaster short_in = tiny_input(1);
  short_in.steps.pop_back();
  REQUIRE_THROWS_AS(ws.run(p, short_in, tiny_target(1), 1, 0, gem::LearnOptions{}), InputError);
}

TEST_CASE("gem: the fixed-point learning signal follows the float log-likelihood and softmax", "[gem]") {
  const double lsb = 1.0 / 256;
  const int shift = 3;  // LUT bins of 2^3 lsb = 1/32 of a unit of membrane, range +-4
  const std::vector<uint16_t> lut = gem::make_log_sigmoid_lut(lsb, shift);
  REQUIRE(lut.size() == fx::kGemLogLutSize);
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int32_t> vdist(-1000, 1000);
  for (int n = 0; n < 500; ++n) {
    const int32_t v = vdist(rng);
    for (bool spike : {false, true}) {
      const double exact = gem::log_sigmoid((spike ? 1 : -1) * v * lsb);
      const double q = gem::log_likelihood_q8(lut, v, shift, spike) / 256.0;
      REQUIRE(q <= 0);
      REQUIRE(q == Approx(exact).margin(1.0 / 32 + 1.0 / 512));  // one bin of slope <= 1, plus rounding
    }
  }
  // the decayed signal: d = 0 accumulates exactly; saturation at 24 bits
  CHECK(gem::signal_step(-300, 0, -50) == -350);
  CHECK(gem::signal_step(fx::kStateMin, 0, -50) == fx::kStateMin);
  CHECK(gem::signal_step(-4096, 1024, 0) == -3072);
  // importance weights against the float softmax, K up to 16, spreads up to +-24 nats
  std::uniform_real_distribution<double> nat(-24.0, 0.0);
  double worst = 0;
  for (int n = 0; n < 300; ++n) {
    const size_t K = 1 + n % fx::kGemMaxCompartments;
    std::vector<int32_t> v(K);
    std::vector<double> vf(K);
    for (size_t k = 0; k < K; ++k) v[k] = static_cast<int32_t>(std::lround(nat(rng) * 256)), vf[k] = v[k] / 256.0;
    const std::vector<int32_t> s = gem::importance_weights(v);
    const double lse = gem::log_mean_exp(vf) + std::log(double(K));
    int64_t sum = 0;
    for (size_t k = 0; k < K; ++k) {
      REQUIRE(s[k] >= 0);
      REQUIRE(s[k] <= fx::kGemSigmaMax);
      worst = std::max(worst, std::abs(s[k] / 32768.0 - std::exp(vf[k] - lse)));
      sum += s[k];
    }
    REQUIRE(std::abs(sum - fx::kGemExpOne) <= static_cast<int64_t>(K));  // sums to one, up to rounding
  }
  CHECK(worst < 0.004);
  CHECK(worst > 0);  // it is an approximation, and the test sees its error
  const std::vector<int32_t> equal = gem::importance_weights({-100, -100, -100, -100});
  for (int32_t s : equal) CHECK(s == fx::kGemExpOne / 4);
}

TEST_CASE("gem training: a short run on real MNIST event streams learns", "[gem][train][mnist]") {
  GemTrainOptions o;
  o.train_limit = 200, o.eval_limit = 100;
  o.hidden = 8, o.events.steps = 30;
  o.compartments = 2, o.eval_compartments = {1, 4};
  o.threads = 2;
  const GemTrainResult r = train_gem(o);
  REQUIRE(r.epochs.size() == 1);
  REQUIRE(r.epochs[0].eval.size() == 2);
  const GemEval& e = r.epochs[0].eval[1];
  CHECK(e.samples == 100);
  CHECK(e.compartments == 4);
  // the untrained network on the same streams
  std::vector<InputRaster> in;
  std::vector<uint8_t> y;
  const Dataset test = load_dataset("mnist", Split::Test, 100);
  for (size_t i = 0; i < test.size(); ++i) in.push_back(encode_event_stream(o.events, test.image(i), i)), y.push_back(test.labels[i]);
  const gem::Params p0 = gem::init_params(gem_shape(o), gem_kernels(o), o.seed, o.gain, o.hidden_bias, o.visible_bias);
  const GemEval e0 = evaluate_gem(p0, in, y, 4, o.seed, 2);
  INFO("trained acc " << e.accuracy << " ll " << e.log_likelihood << ", untrained acc " << e0.accuracy << " ll "
                      << e0.log_likelihood);
  CHECK(e.accuracy > 0.35);  // chance is 0.1 (measured 0.53; untrained 0.12)
  CHECK(e.accuracy > e0.accuracy + 0.2);
  // (the test log-likelihood is not checked: this short run's confident mistakes make it
  // worse than the untrained network's, docs/results.md "GEM")
  REQUIRE(r.epochs[0].curve.empty());
}
