// Spiking mode-based networks (models/learn/smnn, docs/smnn.md): the hand-derived gradients
// against finite differences, determinism over thread counts, checkpoint resume, the
// selective-integration generator, a short real MNIST run, and L0 running a saved network
// with the trainer's bits.
#include <catch2/catch.hpp>

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "core/temp_path.hpp"
#include "data/dataset.hpp"
#include "encode/encoder.hpp"
#include "l0/network_l0.hpp"
#include "net/network_io.hpp"
#include "smnn/selective_task.hpp"
#include "smnn/smnn_checkpoint.hpp"
#include "smnn/smnn_model.hpp"
#include "smnn/smnn_trainer.hpp"

using namespace nmx;
using smnn::Mode;

namespace {

// A tiny network with analog inputs: random parameters large enough that neurons cross
// threshold (so the reset and refractory paths are exercised) and the modes carry current.
smnn::Params tiny_params(uint32_t outputs, uint64_t seed) {
  smnn::Params p;
  p.shape = smnn::Shape{3, 5, 2, outputs, 40};
  const smnn::ParamLayout lay(p.shape);
  p.v.resize(lay.total);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  for (size_t k = 0; k < lay.total; ++k) p.v[k] = g(rng);
  for (size_t k = lay.w_in; k < lay.xi_in; ++k) p.v[k] = 0.3 * g(rng) + 0.15;
  return p;
}

smnn::InputSeq tiny_input(uint32_t inputs, uint32_t steps, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  smnn::InputSeq in;
  in.step_begin.push_back(0);
  for (uint32_t t = 0; t < steps; ++t) {
    for (uint32_t j = 0; j < inputs; ++j)
      if (u(rng) < 0.7) in.index.push_back(j), in.value.push_back(2.0 * u(rng));
    in.step_begin.push_back(static_cast<uint32_t>(in.index.size()));
  }
  return in;
}

// Central differences against the backward pass for every parameter of one block.
// Smooth mode: spikes are sigmoid(slope (v - theta)) in the forward pass and the backward
// pass uses their exact derivative, so the gradient is the derivative of the forward
// function. (The hard mode's surrogate is by design not the derivative of a step function,
// which finite differences would see as zero almost everywhere.) The refractory periods
// still start where v >= theta: a piecewise-constant mask that a perturbation of 1e-6 does
// not move, so the refractory path is checked too. Slope 3 keeps the sigmoid smooth on the
// scale of the perturbation.
void check_block(const char* name, size_t from, size_t to, const smnn::Target& target, uint32_t outputs) {
  INFO("block " << name);
  smnn::Params p = tiny_params(outputs, 7);
  smnn::NeuronConfig c;
  c.slope = 3.0;  // also in the cross-entropy test case
  c.refrac = 2;
  const smnn::InputSeq in = tiny_input(p.shape.inputs, p.shape.steps, 11);
  smnn::Workspace ws(p.shape);
  std::vector<double> grad(p.v.size(), 0.0);
  ws.run(p, c, Mode::Smooth, in, target, &grad);
  size_t refractory = 0;
  for (uint8_t a : ws.trace().active) refractory += a == 0;
  CHECK(refractory > 0);  // the refractory path is exercised
  const double eps = 1e-6;
  double worst = 0;
  for (size_t k = from; k < to; ++k) {
    const double x = p.v[k];
    p.v[k] = x + eps;
    const double up = ws.run(p, c, Mode::Smooth, in, target, nullptr).loss;
    p.v[k] = x - eps;
    const double down = ws.run(p, c, Mode::Smooth, in, target, nullptr).loss;
    p.v[k] = x;
    const double fd = (up - down) / (2 * eps);
    const double err = std::fabs(fd - grad[k]) / std::max(1e-3, std::fabs(fd) + std::fabs(grad[k]));
    worst = std::max(worst, err);
    INFO("parameter " << k << " fd " << fd << " backward " << grad[k]);
    CHECK(err < 1e-4);
  }
  double norm = 0;
  for (size_t k = from; k < to; ++k) norm += std::fabs(grad[k]);
  CHECK(norm > 1e-3);  // a block with no gradient would pass trivially
}

void check_all_blocks(const smnn::Target& target, uint32_t outputs) {
  const smnn::ParamLayout lay(smnn::Shape{3, 5, 2, outputs, 40});
  check_block("w_in", lay.w_in, lay.xi_in, target, outputs);
  check_block("xi_in", lay.xi_in, lay.xi_out, target, outputs);
  check_block("xi_out", lay.xi_out, lay.lambda, target, outputs);
  check_block("lambda", lay.lambda, lay.w_out, target, outputs);
  check_block("w_out", lay.w_out, lay.bias, target, outputs);
  check_block("bias", lay.bias, lay.total, target, outputs);
}

SmnnTrainOptions tiny_selective() {
  SmnnTrainOptions o;
  o.task = SmnnTask::Selective;
  o.selective.steps = 60, o.selective.silent = 5, o.selective.stimulus = 25;
  o.neurons = 8, o.modes = 2;
  o.train_trials = 12, o.eval_trials = 8;
  o.batch = 4, o.epochs = 2;
  o.input_gain = 0.5;
  o.seed = 3;
  return o;
}

}  // namespace

TEST_CASE("smnn gradients: every block against finite differences, cross-entropy on the max over time",
          "[smnn][gradient]") {
  // The label is the class the tiny network rates lowest, so that the loss (and every
  // block's gradient) is far from zero.
  const smnn::Params p = tiny_params(3, 7);
  smnn::NeuronConfig c;
  c.slope = 3.0;
  c.refrac = 2;
  smnn::Workspace ws(p.shape);
  smnn::Target t;
  t.kind = smnn::Target::Classify;
  ws.run(p, c, Mode::Smooth, tiny_input(3, 40, 11), t, nullptr);
  std::vector<double> z(3, -INFINITY);
  for (size_t k = 0; k < ws.trace().out.size(); ++k) z[k % 3] = std::max(z[k % 3], ws.trace().out[k]);
  t.label = static_cast<int>(std::min_element(z.begin(), z.end()) - z.begin());
  check_all_blocks(t, 3);
}

TEST_CASE("smnn gradients: every block against finite differences, MSE over a response window", "[smnn][gradient]") {
  smnn::Target t;
  t.kind = smnn::Target::Regress;
  t.target = -1.0;
  t.window_begin = 20;
  check_all_blocks(t, 1);
}

TEST_CASE("smnn gradients: the fast-sigmoid surrogate", "[smnn][gradient]") {
  CHECK(smnn::surrogate(1.0, 1.0, 10.0) == 1.0);
  CHECK(smnn::surrogate(1.1, 1.0, 10.0) == Approx(0.25));
  CHECK(smnn::surrogate(0.9, 1.0, 10.0) == Approx(0.25));
}

TEST_CASE("smnn selective task: phases, one-hot context, channel statistics, balanced targets", "[smnn][task]") {
  const smnn::SelectiveConfig c;
  size_t ctx1 = 0, positive = 0, n = 0;
  double sum = 0, sum2 = 0;
  for (uint64_t i = 0; i < 400; ++i) {
    const smnn::SelectiveTrial tr = smnn::selective_trial(c, 5, i);
    ctx1 += tr.context;
    positive += tr.target > 0;
    CHECK(tr.target == (tr.offset[tr.context] > 0 ? 1.0 : -1.0));
    CHECK(std::fabs(tr.offset[0]) == 0.5);
    const smnn::InputSeq& in = tr.input;
    REQUIRE(in.steps() == 500);
    for (uint32_t t = 0; t < 500; ++t) {
      const uint32_t b = in.step_begin[t], e = in.step_begin[t + 1];
      if (t < 50) {
        CHECK(e == b);
        continue;
      }
      const bool stimulus = t < 250;
      REQUIRE(e - b == (stimulus ? 3u : 1u));
      CHECK(in.index[e - 1] == 2u + static_cast<uint32_t>(tr.context));  // the context line
      CHECK(in.value[e - 1] == 1.0);
      if (stimulus)
        for (uint32_t ch = 0; ch < 2; ++ch) {
          CHECK(in.index[b + ch] == ch);
          const double x = in.value[b + ch] - tr.offset[ch];  // the noise
          sum += x, sum2 += x * x, ++n;
        }
    }
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(std::fabs(mean) < 4.0 / std::sqrt(double(n)));  // N(0, 1) noise: 4 standard errors
  CHECK(var == Approx(1.0).margin(0.02));
  CHECK(ctx1 > 160);
  CHECK(ctx1 < 240);
  CHECK(positive > 160);
  CHECK(positive < 240);
  // Reproducible from (seed, index) alone.
  const auto a = smnn::selective_trial(c, 5, 17), b = smnn::selective_trial(c, 5, 17);
  CHECK(a.input.value == b.input.value);
  CHECK(smnn::selective_trial(c, 6, 17).input.value != a.input.value);
}

TEST_CASE("smnn training: the same bits with 1 and 2 threads", "[smnn][train]") {
  SmnnTrainOptions o = tiny_selective();
  o.threads = 1;
  const SmnnTrainResult one = train_smnn(o);
  o.threads = 2;
  const SmnnTrainResult two = train_smnn(o);
  CHECK(one.params.v == two.params.v);
  CHECK(one.epochs.back().train_loss == two.epochs.back().train_loss);
  CHECK(one.params.v != init_smnn_params(o).v);  // it trained
}

TEST_CASE("smnn training: an interrupted run resumed from its checkpoint ends as an uninterrupted one",
          "[smnn][train][checkpoint]") {
  const TempPath dir = TempPath::new_dir("nmx-smnn-");
  SmnnTrainOptions o = tiny_selective();
  o.threads = 2;
  const SmnnTrainResult straight = train_smnn(o);
  o.checkpoint = dir.path() + "/ck.bin";
  o.epochs = 1;
  train_smnn(o);  // stops after epoch 1
  const SmnnCheckpoint ck = read_smnn_checkpoint(o.checkpoint, smnn_shape(o), 1);
  CHECK(ck.epoch == 1);
  o.epochs = 2;
  const SmnnTrainResult resumed = train_smnn(o);
  CHECK(resumed.resumed_from_epoch == 1);
  CHECK(resumed.params.v == straight.params.v);
  REQUIRE(resumed.epochs.size() == 2);
  CHECK(resumed.epochs[0].train_loss == straight.epochs[0].train_loss);
  CHECK(resumed.epochs[1].train_loss == straight.epochs[1].train_loss);
  // Another shape is refused, naming the file.
  SmnnTrainOptions other = o;
  other.modes = 3;
  CHECK_THROWS_WITH(train_smnn(other), Catch::Contains(o.checkpoint) && Catch::Contains("P = 2"));
}

TEST_CASE("smnn training: a short run on real MNIST digits lowers the loss and learns", "[smnn][train][mnist]") {
  SmnnTrainOptions o;
  o.neurons = 40, o.modes = 3, o.steps = 30;
  o.train_limit = 400, o.eval_limit = 200;
  o.epochs = 3, o.batch = 16, o.lr = 0.005;
  o.threads = 2;
  const SmnnTrainResult r = train_smnn(o);
  REQUIRE(r.epochs.size() == 3);
  INFO("loss " << r.epochs[0].train_loss << " -> " << r.epochs[2].train_loss << ", test acc " << r.epochs[2].eval_accuracy);
  CHECK(r.epochs[2].train_loss < 0.7 * r.epochs[0].train_loss);
  CHECK(r.epochs[2].eval_accuracy > 0.6);  // chance is 0.1
  CHECK(r.epochs[2].eval_samples == 200);
}

TEST_CASE("smnn network: L0 runs a saved network with the trainer's bits", "[smnn][l0]") {
  SmnnTrainOptions o;
  o.neurons = 12, o.modes = 2, o.steps = 40;
  o.input_gain = 4.0, o.rec_gain = 3.0, o.out_gain = 2.0;
  smnn::Params p = init_smnn_params(o);
  const smnn::NeuronConfig c;
  const TempPath dir = TempPath::new_dir("nmx-smnn-");
  const std::string path = dir.path() + "/smnn.h5";
  write_network(smnn_network(p, c, smnn_encoder(o), "test"), path);
  const Network net = read_network(path);
  REQUIRE(net.mode_projections.size() == 1);
  const Dataset data = load_dataset("mnist", Split::Test, 3);
  smnn::Workspace ws(p.shape);
  NetworkL0 l0(net);
  uint64_t spikes = 0;
  double mode_activity = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    const smnn::InputSeq in = encode_image(net.encoder, data.image(i), 784, i);
    smnn::Target t;
    t.label = data.labels[i];
    const smnn::Result res = ws.run(p, c, Mode::Hard, in, t, nullptr);
    const smnn::Trace& tr = ws.trace();
    const InputRaster raster = encode(net.encoder, data.image(i), 784, i);
    l0.reset();
    PopulationSpikes out;
    std::vector<double> max_v(10, -INFINITY);
    for (uint32_t step = 0; step < 40; ++step) {
      l0.step(raster.steps[step], out);
      for (uint32_t n = 0; n < 12; ++n) REQUIRE((tr.s[step * 12 + n] == 1.0) == std::count(out[1].begin(), out[1].end(), n));
      for (uint32_t k = 0; k < 10; ++k) {
        REQUIRE(l0.membrane(2, k) == tr.out[step * 10 + k]);  // bit for bit
        max_v[k] = std::max(max_v[k], l0.membrane(2, k));
      }
      for (uint32_t m = 0; m < 2; ++m) REQUIRE(l0.modes(0)[m] == tr.m[step * 2 + m]);
      spikes += out[1].size();
      mode_activity += std::fabs(l0.modes(0)[0]);
    }
    CHECK(std::max_element(max_v.begin(), max_v.end()) - max_v.begin() == res.prediction);
  }
  CHECK(spikes > 50);           // the hidden layer is active
  CHECK(mode_activity > 1e-3);  // and the modes carry current
}

TEST_CASE("smnn network: file round trip and the parameters read back", "[smnn][io]") {
  SmnnTrainOptions o = tiny_selective();
  const smnn::Params p = init_smnn_params(o);
  smnn::NeuronConfig c;
  c.refrac = 4;
  const TempPath dir = TempPath::new_dir("nmx-smnn-");
  const std::string path = dir.path() + "/si.h5";
  write_network(smnn_network(p, c, smnn_encoder(o), "round trip"), path);
  const Network net = read_network(path);
  CHECK(net.file_version == 4);
  const ModeProjection& mp = net.mode_projections.at(0);
  CHECK(mp.name == "recurrent");
  CHECK(mp.modes == 2);
  CHECK(mp.rate_decay == c.rate_decay);
  smnn::NeuronConfig back;
  const smnn::Params q = smnn_params_of(net, back, path);
  CHECK(q.v == p.v);
  CHECK(back.refrac == 4);
  CHECK(back.du == c.du);
  CHECK(q.shape.steps == 60);
}

TEST_CASE("smnn network: bad mode projections are refused naming file and field", "[smnn][io][validate]") {
  SmnnTrainOptions o = tiny_selective();
  const Network good = smnn_network(init_smnn_params(o), smnn::NeuronConfig{}, smnn_encoder(o), "x");
  auto fails = [&](auto edit, const std::string& msg) {
    Network n = good;
    edit(n.mode_projections[0]);
    CHECK_THROWS_WITH(validate(n, "net.h5"), msg);
  };
  fails([](ModeProjection& m) { m.modes = 17; },
        "net.h5: mode_projections[0] 'recurrent' .modes = 17 is out of range (allowed: 1..16)");
  fails([](ModeProjection& m) { m.modes = 0; },
        "net.h5: mode_projections[0] 'recurrent' .modes = 0 is out of range (allowed: 1..16)");
  fails([](ModeProjection& m) { m.xi_in.pop_back(); },
        "net.h5: mode_projections[0] 'recurrent' .xi_in has 15 entries, expected 16 (population size 8 x modes 2)");
  fails([](ModeProjection& m) { m.xi_out.push_back(0); },
        "net.h5: mode_projections[0] 'recurrent' .xi_out has 17 entries, expected 16 (population size 8 x modes 2)");
  fails([](ModeProjection& m) { m.lambda.push_back(1); },
        "net.h5: mode_projections[0] 'recurrent' .lambda has 3 entries, expected 2 (one per mode)");
  fails([](ModeProjection& m) { m.population = 0; },
        "net.h5: mode_projections[0] 'recurrent' .population = 0 is the input population (allowed: a neuron population)");
  fails([](ModeProjection& m) { m.rate_decay = 0; },
        "net.h5: mode_projections[0] 'recurrent' .rate_decay = 0 is out of range (allowed: 0 < x <= 1)");
  fails([](ModeProjection& m) { m.lambda[1] = NAN; },
        "net.h5: mode_projections[0] 'recurrent' .lambda[1] = nan is out of range (allowed: finite)");
}

TEST_CASE("smnn network: a damaged mode projection in a file is refused naming file and field", "[smnn][io][validate]") {
  SmnnTrainOptions o = tiny_selective();
  const TempPath dir = TempPath::new_dir("nmx-smnn-");
  const std::string path = dir.path() + "/net.h5";
  auto write = [&] { write_network(smnn_network(init_smnn_params(o), smnn::NeuronConfig{}, smnn_encoder(o), "x"), path); };
  write();
  {
    const H5::H5File f(path, H5F_ACC_RDWR);
    const uint32_t modes = 17;
    f.openGroup("/mode_projections/0").openAttribute("modes").write(H5::PredType::NATIVE_UINT32, &modes);
  }
  CHECK_THROWS_WITH(read_network(path),
                    path + ": mode_projections[0] 'recurrent' .modes = 17 is out of range (allowed: 1..16)");
  write();
  {
    const H5::H5File f(path, H5F_ACC_RDWR);
    H5::Group g = f.openGroup("/mode_projections/0");
    g.unlink("lambda");
    const hsize_t n = 3;
    const double x[3] = {1, 1, 1};
    g.createDataSet("lambda", H5::PredType::IEEE_F64LE, H5::DataSpace(1, &n)).write(x, H5::PredType::NATIVE_DOUBLE);
  }
  CHECK_THROWS_WITH(read_network(path), Catch::Contains(path) && Catch::Contains("/mode_projections/0/lambda") &&
                                            Catch::Contains("has 3 elements, expected 2 (one per mode)"));
}
