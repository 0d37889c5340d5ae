// Delay-only learning: the hand-derived backward pass against central finite differences
// (Smooth mode: sigmoid spikes, interpolated delays, so the gradient is exact), the hard
// forward pass against L0 on the exported network, and thread-count independence. The
// SRM-alpha hidden neurons: their gradients, the L0 SRM neuron, the exact mapping onto the
// datapath, and their checkpoints.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include <zlib.h>

#include "data/dataset.hpp"
#include "encode/encoder.hpp"
#include "l0/network_l0.hpp"
#include "neuron/neuron_srm.hpp"
#include "neuron/srm_kernel.hpp"
#include "delay/augment.hpp"
#include "delay/delay_checkpoint.hpp"
#include "delay/delay_trainer.hpp"

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

// `neuron` (when set) replaces the problem's hidden neuron model and kernels.
void check_gradients(uint64_t seed, const delay::NeuronConfig* neuron = nullptr) {
  Small s = small_problem(seed);
  if (neuron) s.c.model = neuron->model, s.c.srm = neuron->srm;
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

TEST_CASE("delay training: SRM-alpha gradients of both layers match finite differences (alpha and exponential kernels)",
          "[train][gradient][srm]") {
  delay::NeuronConfig c;
  c.model = NeuronModel::SrmAlpha;
  c.srm = {3.0, 1.5, RefractoryKernel::Alpha, 2.0};
  for (uint64_t seed : {1, 2, 3}) check_gradients(seed, &c);
  c.srm = {10.0, 1.0, RefractoryKernel::Alpha, 2.0};  // the defaults
  check_gradients(4, &c);
  c.srm = {4.0, 2.0, RefractoryKernel::Exponential, 1.0};
  for (uint64_t seed : {5, 6, 7}) check_gradients(seed, &c);
}

// The datapath, SLAYER's SRM-alpha and the exponential-kernel SRM: the trainer's forward
// pass and NetworkL0 on the file's network (L0's recursive SRM neuron) agree spike for spike.
TEST_CASE("delay training: the hard forward pass is L0 on the exported network", "[train][levels][srm]") {
  for (int variant = 0; variant < 3; ++variant) {
  DelayTrainOptions o;
  if (variant > 0) {
    o.neuron.model = NeuronModel::SrmAlpha;
    if (variant == 2) o.neuron.srm = {5.0, 3.0, RefractoryKernel::Exponential, 1.5};
  }
  INFO("variant " << variant);
  o.shape = {40, 30, 4, 10};
  o.hidden_gain = 6.0;
  o.seed = 9;
  const delay::Params p = init_delay_params(o);
  const Network net = delay_network(p, o.neuron, o.latency_steps, o.seed, "test");
  CHECK(net.populations[1].model == o.neuron.model);
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

namespace {

// The latency code of the first n MNIST test images, 10 steps, 4 latency steps.
std::vector<delay::InputTimes> mnist_times(size_t n, std::vector<int>& labels) {
  const Dataset data = load_dataset("mnist", Split::Test, n);
  Encoder enc;
  enc.kind = EncoderKind::Latency;
  enc.steps = 10;
  enc.latency_steps = 4;
  std::vector<delay::InputTimes> out;
  for (size_t i = 0; i < data.size(); ++i) {
    const InputRaster r = encode(enc, data.image(i), 784, i);
    delay::InputTimes in(784, -1);
    for (uint32_t t = 0; t < r.steps.size(); ++t)
      for (uint32_t k : r.steps[t]) in[k] = static_cast<int32_t>(t);
    out.push_back(in);
    labels.push_back(data.labels[i]);
  }
  return out;
}

DelayTrainOptions srm_options() {
  DelayTrainOptions o;
  o.neuron.model = NeuronModel::SrmAlpha;
  return o;
}

}  // namespace

TEST_CASE("delay training: SRM-alpha with an exponential refractory kernel at tau_ref = tau is the datapath, exactly",
          "[train][srm][mapping]") {
  // The mapping of docs/delay.md: du = dv = datapath_decay(tau), input weights x
  // datapath_weight_gain(tau), input delays + 1, subtractive reset = the refractory kernel
  // -theta e^(-m / tau). On real samples: the same hidden spikes, logits and predictions
  // (Hard mode), and in Smooth mode the same loss and gradients (input weights' scaled).
  std::vector<int> labels;
  const auto x = mnist_times(64, labels);
  for (double tau : {10.0, 4.0}) {
    DelayTrainOptions o = srm_options();
    o.shape = {784, 60, 10, 10};
    o.neuron.srm = {tau, tau, RefractoryKernel::Exponential, 1.0};
    o.neuron.theta = 0.7;
    o.init_delay = 8.0;  // mapped input delays up to 9: some arrive too late to matter
    o.seed = 3;
    const delay::Params p = init_delay_params(o);
    delay::NeuronConfig dp;
    dp.du = dp.dv = srm::datapath_decay(tau);
    dp.theta = o.neuron.theta;
    delay::Params q = p;
    const double gain = srm::datapath_weight_gain(tau);
    for (double& w : q.w1) w *= gain;
    for (double& d : q.d1) d += 1.0;
    delay::Workspace ws(p.shape), wq(p.shape);
    uint64_t spikes = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const auto a = ws.run(p, o.neuron, delay::Mode::Hard, x[i], labels[i], nullptr);
      const auto b = wq.run(q, dp, delay::Mode::Hard, x[i], labels[i], nullptr);
      INFO("tau " << tau << ", sample " << i);
      REQUIRE(a.hidden_spikes == b.hidden_spikes);
      CHECK(a.prediction == b.prediction);
      for (size_t k = 0; k < 10; ++k) CHECK(a.logits[k] == Approx(b.logits[k]).margin(1e-9));
      CHECK(a.loss == Approx(b.loss).margin(1e-9));
      spikes += a.hidden_spikes;
    }
    INFO("tau " << tau << ": " << spikes << " hidden spikes");
    CHECK(spikes > 10 * x.size());

    delay::Gradients ga, gb;
    ga.resize(p.shape, true), gb.resize(p.shape, true);
    double la = 0, lb = 0;
    for (size_t i = 0; i < 8; ++i) {
      la += ws.run(p, o.neuron, delay::Mode::Smooth, x[i], labels[i], &ga).loss;
      lb += wq.run(q, dp, delay::Mode::Smooth, x[i], labels[i], &gb).loss;
    }
    CHECK(la == Approx(lb).epsilon(1e-12));
    double worst = 0, norm = 0;
    auto compare = [&](const std::vector<double>& u, const std::vector<double>& v, double scale) {
      for (size_t k = 0; k < u.size(); ++k) {
        worst = std::max(worst, std::fabs(u[k] - scale * v[k]));
        norm = std::max(norm, std::fabs(u[k]));
      }
    };
    compare(ga.d1, gb.d1, 1.0);
    compare(ga.d2, gb.d2, 1.0);
    compare(ga.w1, gb.w1, gain);  // dL/dw_srm = gain dL/dw_datapath
    compare(ga.w2, gb.w2, 1.0);
    INFO("largest gradient " << norm << ", largest difference " << worst);
    CHECK(norm > 1e-3);
    CHECK(worst < 1e-9 * norm);
  }
}

TEST_CASE("delay training: the SRM-alpha hard forward pass is the L0 SRM neuron", "[train][srm][levels]") {
  // The trainer's direct kernel sums against neuron_srm.hpp's recursion, spike for spike.
  for (auto kernel : {RefractoryKernel::Alpha, RefractoryKernel::Exponential}) {
    DelayTrainOptions o = srm_options();
    o.shape = {40, 30, 4, 10};
    o.hidden_gain = 6.0;
    o.seed = 9;
    o.neuron.srm = {5.0, 1.5, kernel, 2.0};
    const delay::Params p = init_delay_params(o);
    const neuron_srm::Params np = neuron_srm::Params::of(o.neuron.srm, o.neuron.theta);
    delay::Workspace ws(p.shape);
    std::mt19937_64 rng(4);
    std::uniform_int_distribution<int> tau(-1, 3);
    uint64_t spikes = 0, repeats = 0;
    for (int sample = 0; sample < 20; ++sample) {
      delay::InputTimes in(40);
      for (auto& t : in) t = tau(rng);
      const auto r = ws.run(p, o.neuron, delay::Mode::Hard, in, -1, nullptr);
      uint64_t l0_spikes = 0;
      std::vector<double> membrane(4, 0.0);
      for (uint32_t j = 0; j < 30; ++j) {
        std::vector<double> a(10, 0.0);  // input current, the chip's delay rule
        for (uint32_t i = 0; i < 40; ++i) {
          const int t = in[i] < 0 ? 99 : in[i] + static_cast<int>(p.d1[i * 30 + j]);
          if (t < 10) a[size_t(t)] += p.w1[i * 30 + j];
        }
        neuron_srm::State st;
        uint32_t count = 0;
        for (uint32_t t = 0; t < 10; ++t) {
          if (!neuron_srm::step(st, np, a[t])) continue;
          ++count;
          for (uint32_t k = 0; k < 4; ++k)
            if (t + 1 + static_cast<uint32_t>(p.d2[j * 4 + k]) <= 9) membrane[k] += p.w2[j * 4 + k];
        }
        l0_spikes += count;
        repeats += count > 1;
      }
      CHECK(l0_spikes == r.hidden_spikes);
      spikes += l0_spikes;
      for (uint32_t k = 0; k < 4; ++k) CHECK(membrane[k] == Approx(r.logits[k] / o.neuron.logit_scale).margin(1e-9));
    }
    CHECK(spikes > 20);
    CHECK(repeats > 0);  // neurons spiking again: the refractory kernel is exercised
  }
}

TEST_CASE("delay training: SRM-alpha runs are bit-identical for 1 and 2 threads, keep input delays below max-delay",
          "[train][srm][determinism]") {
  DelayTrainOptions o = small_run();
  o.neuron.model = NeuronModel::SrmAlpha;
  o.max_delay = 3;
  const DelayTrainResult one = train_on_1_and_2_threads(o);
  const Network& net = one.network;
  const Population& hidden = net.populations[1];
  CHECK(hidden.model == NeuronModel::SrmAlpha);
  CHECK(hidden.srm.tau == 10.0);
  CHECK(hidden.srm.ref_kernel == RefractoryKernel::Alpha);
  CHECK(hidden.real.du[0] == srm::datapath_decay(10.0));
  CHECK(hidden.real.bias[0] == 0.0);
  CHECK(net.populations[2].model == NeuronModel::Datapath);
  CHECK_THAT(net.description, Catch::Contains("srm-alpha"));
  CHECK(input_delay_limit(o) == 2);
  const auto& d1 = net.projections[0].delay;
  const auto& d2 = net.projections[1].delay;
  CHECK(*std::max_element(d1.begin(), d1.end()) == 2);  // the clamp at max_delay - 1 is reached, never passed
  CHECK(*std::max_element(d2.begin(), d2.end()) <= 3);
  CHECK(one.epochs.back().hidden_spikes_per_sample > 1.0);
  // Initial weights map onto the datapath variant's: s1 / datapath_weight_gain.
  DelayTrainOptions dp = o;
  dp.neuron = delay::NeuronConfig{};
  const delay::Params a = init_delay_params(o), b = init_delay_params(dp);
  for (size_t k = 0; k < 50; ++k) CHECK(a.w1[k] * srm::datapath_weight_gain(10.0) == Approx(b.w1[k]));

  o.max_delay = 0;
  REQUIRE_THROWS_WITH(train_delays(o), Catch::Contains("--max-delay 0") && Catch::Contains("srm-alpha"));
  o.max_delay = 3;
  o.neuron.srm.tau = -1;
  REQUIRE_THROWS_WITH(train_delays(o), Catch::Contains("--srm-tau -1"));
}

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The format-1 twin of a format-2 checkpoint: the neuron block (after the magic, six
// 32-bit and two 64-bit fields; two 32-bit and six double fields) removed, the CRC redone.
void write_version_1(const std::string& v2, const std::string& path) {
  std::string b = read_bytes(v2);
  b.resize(b.size() - 4);
  b.erase(8 + 6 * 4 + 2 * 8, 2 * 4 + 6 * 8);
  b[7] = '1';
  const uint32_t crc =
      static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(b.data()), static_cast<uInt>(b.size())));
  b.append(reinterpret_cast<const char*>(&crc), 4);
  std::ofstream(path, std::ios::binary) << b;
}

}  // namespace

TEST_CASE("delay training: a checkpoint records the neuron model, a run of another model or parameters is refused",
          "[train][srm][checkpoint]") {
  const std::string ck = "delay_train_srm_test.ckpt", v1 = "delay_train_srm_test_v1.ckpt";
  std::remove(ck.c_str());
  DelayTrainOptions o = small_run();
  o.neuron.model = NeuronModel::SrmAlpha;
  o.checkpoint = ck;
  o.epochs = 1;
  train_delays(o);
  const DelayCheckpoint c = read_checkpoint(ck, o.shape);
  CHECK(c.neuron_recorded);
  CHECK(c.neuron.model == NeuronModel::SrmAlpha);
  CHECK(c.neuron.srm.tau == 10.0);
  CHECK(c.neuron.srm.tau_ref == 1.0);
  CHECK(c.neuron.srm.ref_scale == 2.0);

  DelayTrainOptions other = o;
  other.epochs = 2;
  other.neuron.model = NeuronModel::Datapath;
  REQUIRE_THROWS_WITH(train_delays(other), Catch::Contains(ck) && Catch::Contains("neuron model = srm-alpha") &&
                                               Catch::Contains("this run datapath") && Catch::Contains("--neuron"));
  other = o, other.epochs = 2, other.neuron.srm.tau = 5;
  REQUIRE_THROWS_WITH(train_delays(other), Catch::Contains(ck) && Catch::Contains("neuron.srm.tau = 10") &&
                                               Catch::Contains("this run 5") && Catch::Contains("--srm-tau"));
  other = o, other.epochs = 2, other.neuron.srm.ref_kernel = RefractoryKernel::Exponential;
  REQUIRE_THROWS_WITH(train_delays(other), Catch::Contains("neuron.srm.ref_kernel = alpha") &&
                                               Catch::Contains("this run exponential"));
  other = o, other.epochs = 2, other.neuron.theta = 2;
  REQUIRE_THROWS_WITH(train_delays(other), Catch::Contains("neuron.theta = 1") && Catch::Contains("--theta"));
  // The same options resume: two epochs with a "kill" after one equal two straight.
  o.epochs = 2;
  const DelayTrainResult resumed = train_delays(o);
  CHECK(resumed.resumed_from_epoch == 1);
  DelayTrainOptions straight = o;
  straight.checkpoint.clear();
  check_identical(resumed, train_delays(straight));

  // A datapath checkpoint: du, dv and theta recorded and checked.
  std::remove(ck.c_str());
  o = small_run();
  o.checkpoint = ck;
  o.epochs = 1;
  train_delays(o);
  other = o, other.epochs = 2, other.neuron.du = other.neuron.dv = 0.2;
  REQUIRE_THROWS_WITH(train_delays(other), Catch::Contains("neuron.du = 0.1") && Catch::Contains("this run 0.2") &&
                                               Catch::Contains("--tau"));
  // Format 1 (no neuron model recorded) reads as the datapath.
  write_version_1(ck, v1);
  const DelayCheckpoint c1 = read_checkpoint(v1, o.shape), c2 = read_checkpoint(ck, o.shape);
  CHECK(!c1.neuron_recorded);
  CHECK(c1.neuron.model == NeuronModel::Datapath);
  CHECK(c1.params.d1 == c2.params.d1);
  CHECK(c1.history == c2.history);
  other = o, other.epochs = 2, other.checkpoint = v1, other.neuron.model = NeuronModel::SrmAlpha;
  REQUIRE_THROWS_WITH(train_delays(other), Catch::Contains(v1) && Catch::Contains("datapath (format version 1)"));
  other.neuron.model = NeuronModel::Datapath;
  CHECK(train_delays(other).resumed_from_epoch == 1);
  CHECK(read_checkpoint(v1, o.shape).neuron_recorded);  // rewritten as format 2
  // A format this build does not know is refused by its number (with a valid CRC; without
  // one the file reads as damaged, the CRC being checked first).
  std::string b = read_bytes(ck);
  b[7] = '3';
  std::ofstream(v1, std::ios::binary) << b;
  REQUIRE_THROWS_WITH(read_checkpoint(v1, o.shape), Catch::Contains("damaged (CRC mismatch)"));
  const uint32_t crc = static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(b.data()), static_cast<uInt>(b.size() - 4)));
  std::memcpy(&b[b.size() - 4], &crc, 4);
  std::ofstream(v1, std::ios::binary) << b;
  REQUIRE_THROWS_WITH(read_checkpoint(v1, o.shape), Catch::Contains("format version 3"));
  std::remove(ck.c_str());
  std::remove(v1.c_str());
}
