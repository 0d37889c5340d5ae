// Delay-only learning: the hand-derived backward pass against central finite differences
// (Smooth mode: sigmoid spikes, interpolated delays, so the gradient is exact), the hard
// forward pass against L0 on the exported network, and thread-count independence.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "l0/network_l0.hpp"
#include "train/augment.hpp"
#include "train/delay_checkpoint.hpp"
#include "train/delay_trainer.hpp"

using namespace nmx;

namespace {

struct Small {
  delay::Params p;
  delay::NeuronConfig c;
  std::vector<delay::InputTimes> x;
  std::vector<int> y;
};

// 12 inputs -> 6 hidden -> 3 outputs over 8 steps; delays strictly between integers so a
// finite difference never crosses one.
Small small_problem(uint64_t seed) {
  Small s;
  s.p.shape = {12, 6, 3, 8};
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  std::uniform_real_distribution<double> frac(0.15, 0.85);
  std::uniform_int_distribution<int> whole(0, 2), tau(-1, 3);
  for (int i = 0; i < 12 * 6; ++i) s.p.w1.push_back(0.6 * g(rng)), s.p.d1.push_back(whole(rng) + frac(rng));
  for (int i = 0; i < 6 * 3; ++i) s.p.w2.push_back(g(rng)), s.p.d2.push_back(whole(rng) + frac(rng));
  s.c.du = 0.3, s.c.dv = 0.2, s.c.theta = 0.8, s.c.smooth_gain = 3.0, s.c.logit_scale = 0.7;
  for (int k = 0; k < 4; ++k) {
    delay::InputTimes in(12);
    for (auto& t : in) t = tau(rng);
    s.x.push_back(in), s.y.push_back(k % 3);
  }
  return s;
}

double total_loss(const Small& s, const delay::Params& p) {
  delay::Workspace ws(p.shape);
  double l = 0;
  for (size_t k = 0; k < s.x.size(); ++k) l += ws.run(p, s.c, delay::Mode::Smooth, s.x[k], s.y[k], nullptr).loss;
  return l;
}

void check_gradients(uint64_t seed) {
  const Small s = small_problem(seed);
  delay::Workspace ws(s.p.shape);
  delay::Gradients grad;
  grad.resize(s.p.shape, true);
  for (size_t k = 0; k < s.x.size(); ++k) ws.run(s.p, s.c, delay::Mode::Smooth, s.x[k], s.y[k], &grad);
  const double h = 1e-6;
  double worst = 0, norm = 0;
  auto check = [&](std::vector<double> delay::Params::*field, const std::vector<double>& analytic) {
    for (size_t i = 0; i < analytic.size(); ++i) {
      delay::Params plus = s.p, minus = s.p;
      (plus.*field)[i] += h;
      (minus.*field)[i] -= h;
      const double numeric = (total_loss(s, plus) - total_loss(s, minus)) / (2 * h);
      worst = std::max(worst, std::fabs(numeric - analytic[i]));
      norm = std::max(norm, std::fabs(numeric));
    }
  };
  check(&delay::Params::d1, grad.d1);
  check(&delay::Params::d2, grad.d2);
  check(&delay::Params::w1, grad.w1);
  check(&delay::Params::w2, grad.w2);
  INFO("seed " << seed << ": largest gradient " << norm << ", largest error " << worst);
  CHECK(norm > 1e-3);            // the gradient is not trivially zero
  CHECK(worst < 1e-6 * std::max(1.0, norm));
}

// A short run on 96 MNIST images, 784-40-10.
DelayTrainOptions small_run() {
  DelayTrainOptions o;
  o.dataset = "mnist";
  o.train_limit = 96;
  o.eval_limit = 40;
  o.shape = {784, 40, 10, 10};
  o.batch = 16;
  o.epochs = 2;
  return o;
}

void check_identical(const DelayTrainResult& a, const DelayTrainResult& b) {
  for (size_t p = 0; p < 2; ++p) {
    CHECK(a.network.projections[p].delay == b.network.projections[p].delay);
    CHECK(a.network.projections[p].weight == b.network.projections[p].weight);
  }
  CHECK(a.epochs.back().train_loss == b.epochs.back().train_loss);
}

// Trains with 1 and with 2 threads, checks the two are bit-identical, returns one.
DelayTrainResult train_on_1_and_2_threads(DelayTrainOptions o) {
  o.threads = 1;
  const DelayTrainResult one = train_delays(o);
  o.threads = 2;
  check_identical(one, train_delays(o));
  return one;
}

}  // namespace

TEST_CASE("delay training: delay and weight gradients of both layers match finite differences", "[train][gradient]") {
  for (uint64_t seed : {1, 2, 3}) check_gradients(seed);
}

TEST_CASE("delay training: the hard forward pass is L0 on the exported network", "[train][levels]") {
  DelayTrainOptions o;
  o.shape = {40, 30, 4, 10};
  o.hidden_gain = 6.0;
  o.seed = 9;
  const delay::Params p = init_delay_params(o);
  const Network net = delay_network(p, o.neuron, o.latency_steps, o.seed, "test");
  NetworkL0 l0(net);
  delay::Workspace ws(p.shape);
  std::mt19937_64 rng(4);
  std::uniform_int_distribution<int> tau(-1, 3);
  uint64_t spikes = 0;
  for (int sample = 0; sample < 20; ++sample) {
    delay::InputTimes in(40);
    for (auto& t : in) t = tau(rng);
    const auto r = ws.run(p, o.neuron, delay::Mode::Hard, in, -1, nullptr);
    l0.reset();
    std::vector<std::vector<uint32_t>> out;
    uint64_t l0_spikes = 0;
    for (uint32_t t = 0; t < 10; ++t) {
      std::vector<uint32_t> active;
      for (uint32_t i = 0; i < 40; ++i)
        if (in[i] == static_cast<int>(t)) active.push_back(i);
      l0.step(active, out);
      l0_spikes += out[1].size();
    }
    CHECK(l0_spikes == r.hidden_spikes);
    spikes += l0_spikes;
    for (uint32_t k = 0; k < 4; ++k) CHECK(l0.neuron(2, k).v == Approx(r.logits[k] / o.neuron.logit_scale).margin(1e-9));
  }
  CHECK(spikes > 20);
}

TEST_CASE("delay training: bit-identical for 1 and 2 threads, resumable from its checkpoint", "[train][determinism]") {
  DelayTrainOptions o = small_run();
  const DelayTrainResult one = train_on_1_and_2_threads(o);
  // Delays moved: training did something.
  const delay::Params init = init_delay_params(o);
  size_t moved = 0;
  for (size_t k = 0; k < init.d1.size(); ++k) moved += static_cast<uint8_t>(init.d1[k]) != one.network.projections[0].delay[k];
  CHECK(moved > 100);

  // One epoch, "killed", then resumed to two: the same network as two epochs straight.
  const std::string ck = "delay_train_test.ckpt";
  std::remove(ck.c_str());
  o.checkpoint = ck;
  o.threads = 2;
  o.epochs = 1;
  train_delays(o);
  o.epochs = 2;
  const DelayTrainResult resumed = train_delays(o);
  CHECK(resumed.resumed_from_epoch == 1);
  check_identical(resumed, one);
  // A checkpoint of another shape is refused with a clear error.
  REQUIRE_THROWS_WITH(read_checkpoint(ck, delay::Shape{784, 41, 10, 10}), Catch::Contains("784-40-10") && Catch::Contains("784-41-10"));
  std::remove(ck.c_str());
}

TEST_CASE("delay training: pixel shifts are per (seed, epoch, sample), in range, and move the latency code", "[train][augment]") {
  // Every shift of [-2, 2]^2 occurs, none outside; the same arguments give the same shift.
  std::vector<int> seen(25, 0);
  for (uint64_t i = 0; i < 2000; ++i) {
    const delay::Shift s = delay::sample_shift(7, 3, i, 2);
    REQUIRE(std::abs(s.dx) <= 2);
    REQUIRE(std::abs(s.dy) <= 2);
    ++seen[size_t((s.dy + 2) * 5 + s.dx + 2)];
    const delay::Shift again = delay::sample_shift(7, 3, i, 2);
    CHECK((again.dx == s.dx && again.dy == s.dy));
  }
  for (int n : seen) CHECK(n > 40);  // 80 expected per cell
  const delay::Shift a = delay::sample_shift(7, 3, 5, 2), b = delay::sample_shift(7, 4, 5, 2),
                     c = delay::sample_shift(8, 3, 5, 2);
  CHECK(delay::sample_shift(7, 3, 5, 0).dx == 0);
  CHECK(!(a.dx == b.dx && a.dy == b.dy && a.dx == c.dx && a.dy == c.dy));

  // A 4 x 3 image moved right by 1 and up by 1.
  const delay::InputTimes in = {0, 1, 2,  //
                                3, -1, 1,  //
                                2, 2, 0,   //
                                1, 0, 3};
  delay::InputTimes out;
  delay::shift_times(in, 4, 3, {1, -1}, out);
  CHECK(out == delay::InputTimes{-1, 3, -1,  //
                                 -1, 2, 2,   //
                                 -1, 1, 0,   //
                                 -1, -1, -1});
}

TEST_CASE("delay training: augmentation, cosine schedule and weight decay are bit-identical for 1 and 2 threads",
          "[train][determinism]") {
  DelayTrainOptions o = small_run();
  o.augment_shift = 2;
  o.cosine_lr = true;
  const DelayTrainResult one = train_on_1_and_2_threads(o);
  o.augment_shift = 0;
  const DelayTrainResult plain = train_delays(o);
  CHECK(plain.network.projections[0].delay != one.network.projections[0].delay);  // the shifts took effect

  o.train_weights = true;
  o.lr = 0.001;
  o.augment_shift = 1;
  o.weight_decay = 0.05;
  const DelayTrainResult w1 = train_on_1_and_2_threads(o);
  o.weight_decay = 0;
  const DelayTrainResult no_decay = train_delays(o);
  double n_decay = 0, n_plain = 0;  // decay shrinks the trained weights
  for (size_t k = 0; k < w1.network.projections[1].weight.size(); ++k)
    n_decay += std::fabs(w1.network.projections[1].weight[k]), n_plain += std::fabs(no_decay.network.projections[1].weight[k]);
  CHECK(n_decay < n_plain);

  // Out-of-range options are refused, naming the option.
  o.weight_decay = 0.05;
  o.train_weights = false;
  REQUIRE_THROWS_WITH(train_delays(o), Catch::Contains("--weight-decay"));
  o.weight_decay = 0;
  o.augment_shift = 5;
  REQUIRE_THROWS_WITH(train_delays(o), Catch::Contains("--augment-shift") && Catch::Contains("0..4"));
}
