#include "smnn/smnn_trainer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <thread>

#include "core/error.hpp"
#include "core/worker_pool.hpp"
#include "core/hash.hpp"
#include "core/interrupt.hpp"
#include "data/dataset.hpp"
#include "encode/encoder.hpp"
#include "fixed/fixed_point.hpp"
#include "optim/adam.hpp"
#include "smnn/smnn_checkpoint.hpp"

namespace nmx {
namespace {

using smnn::InputSeq;
using smnn::ParamLayout;
using smnn::Params;
using smnn::Shape;

// Gradients are summed as 64-bit fixed point (2^-32 units): integer addition does not
// depend on order, so results are bit-identical for any thread count. A per-sample value
// is clamped to +-2^30 first (an exploding sample cannot overflow the sum; the batch
// gradient is clipped far below that anyway).
constexpr double kFix = 4294967296.0;
constexpr double kFixClamp = 1073741824.0;

int64_t to_fix(double x) { return std::llround(std::clamp(x, -kFixClamp, kFixClamp) * kFix); }

unsigned thread_count(unsigned requested) {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

bool is_mnist(const SmnnTrainOptions& o) { return o.task == SmnnTask::Mnist; }

// The training encoder of an epoch: fresh Poisson noise every epoch, never the network's
// (evaluation) stream.
Encoder epoch_encoder(const SmnnTrainOptions& opt, uint32_t epoch) {
  Encoder e = smnn_encoder(opt);
  e.seed = static_cast<uint32_t>(hash3(opt.seed, epoch, 0x7EA1));
  return e;
}

// A training image moved by (dx, dy) in [-max, max]^2, drawn from (seed, epoch, sample)
// alone; pixels shifted in are dark.
void shift_image(const float* in, uint32_t rows, uint32_t cols, uint64_t seed, uint32_t epoch, uint64_t index,
                 uint32_t max_shift, std::vector<float>& out) {
  const uint64_t h = hash3(seed ^ 0x5A1F7, epoch, index);
  const int span = 2 * static_cast<int>(max_shift) + 1;
  const int dx = static_cast<int>(h % span) - static_cast<int>(max_shift);
  const int dy = static_cast<int>((h / span) % span) - static_cast<int>(max_shift);
  out.assign(size_t{rows} * cols, 0.0f);
  for (int y = 0; y < int(rows); ++y)
    for (int x = 0; x < int(cols); ++x) {
      const int sx = x - dx, sy = y - dy;
      if (sx >= 0 && sy >= 0 && sx < int(cols) && sy < int(rows)) out[size_t(y) * cols + x] = in[size_t(sy) * cols + sx];
    }
}

constexpr uint64_t kEvalStream = 0xE7A1u;  // selective: held-out trials are (seed ^ this, i)

smnn::Target selective_target(const SmnnTrainOptions& opt, const smnn::SelectiveTrial& tr) {
  smnn::Target t;
  t.kind = smnn::Target::Regress;
  t.target = tr.target;
  t.window_begin = opt.selective.response_begin();
  return t;
}

bool selective_correct(const smnn::Result& r, double target) { return (r.response_mean > 0) == (target > 0); }

struct ThreadState {
  explicit ThreadState(const Shape& s) : ws(s), grad(ParamLayout(s).total, 0.0), fix(grad.size(), 0) {}
  smnn::Workspace ws;
  std::vector<double> grad;  // one sample's
  std::vector<int64_t> fix;  // the batch's sum
  std::vector<float> shifted;  // the current image, augmented
  int64_t loss = 0;
  uint64_t correct = 0, spikes = 0;
};

// The data of a run: MNIST splits, or the selective task's seeds.
struct TaskData {
  Dataset train, test;
};

void check_options(const SmnnTrainOptions& opt) {
  auto refuse = [](const std::string& option, const std::string& value, const std::string& allowed) {
    throw InputError("train smnn: " + option + " " + value + " is out of range (allowed: " + allowed + ")");
  };
  if (opt.modes < 1 || opt.modes > kMaxModes) refuse("--modes", std::to_string(opt.modes), "1..16");
  if (opt.neurons < 1) refuse("--neurons", std::to_string(opt.neurons), ">= 1");
  if (opt.batch < 1) refuse("--batch", std::to_string(opt.batch), ">= 1");
  if (opt.steps < 1) refuse("--steps", std::to_string(opt.steps), ">= 1");
  if (!(opt.max_rate >= 0 && opt.max_rate <= 1)) refuse("--max-rate", shortest_text(opt.max_rate), "0..1");
  const smnn::NeuronConfig& c = opt.neuron;
  if (c.refrac > fx::kRefracMax) refuse("--refrac", std::to_string(c.refrac), "0..15");
  for (double d : {c.du, c.dv, c.rate_decay})
    if (!(d > 0 && d <= 1)) refuse("decay", shortest_text(d), "0 < x <= 1 (dt / tau)");
  if (opt.augment_shift > 4) refuse("--augment-shift", std::to_string(opt.augment_shift), "0..4");
  if (!is_mnist(opt)) smnn::check_selective_config(opt.selective);
}

double evaluate(const Params& p, const SmnnTrainOptions& opt, const TaskData& data, unsigned threads) {
  const Shape& s = p.shape;
  const Encoder enc = smnn_encoder(opt);
  const size_t n = is_mnist(opt) ? data.test.size() : opt.eval_trials;
  std::atomic<size_t> next{0};
  std::vector<uint64_t> correct(threads, 0);
  run_workers(threads, [&](unsigned w, const std::atomic<bool>&) {
    smnn::Workspace ws(s);
    for (size_t i; (i = next.fetch_add(1)) < n;) {
      if (is_mnist(opt)) {
        const InputSeq in = encode_image(enc, data.test.image(i), s.inputs, i);
        smnn::Target t;
        t.label = data.test.labels[i];
        correct[w] += ws.run(p, opt.neuron, smnn::Mode::Hard, in, t, nullptr).prediction == t.label;
      } else {
        const smnn::SelectiveTrial tr = heldout_selective_trial(opt.selective, opt.seed, i);
        correct[w] += selective_correct(ws.run(p, opt.neuron, smnn::Mode::Hard, tr.input, selective_target(opt, tr),
                                               nullptr),
                                        tr.target);
      }
    }
  });
  return n ? std::accumulate(correct.begin(), correct.end(), uint64_t{0}) / double(n) : 0.0;
}

std::string task_name(SmnnTask t) { return t == SmnnTask::Mnist ? "mnist" : "selective"; }

}  // namespace

smnn::SelectiveTrial heldout_selective_trial(const smnn::SelectiveConfig& c, uint64_t seed, uint64_t i) {
  return smnn::selective_trial(c, seed ^ kEvalStream, i);
}

Encoder smnn_encoder(const SmnnTrainOptions& opt) {
  Encoder e;
  if (is_mnist(opt)) {
    e.kind = EncoderKind::Poisson;
    e.steps = opt.steps;
    e.max_rate = opt.max_rate;
  } else {  // the selective task's inputs are analog; the file records its length only
    e.kind = EncoderKind::Current;
    e.steps = opt.selective.steps;
  }
  e.latency_steps = 1;
  e.seed = static_cast<uint32_t>(opt.seed);
  return e;
}

smnn::InputSeq encode_image(const Encoder& enc, const float* pixels, uint32_t inputs, uint64_t sample_id) {
  const InputRaster r = encode(enc, pixels, inputs, sample_id);
  InputSeq in;
  in.step_begin.reserve(r.steps.size() + 1);
  in.step_begin.push_back(0);
  for (const auto& step : r.steps) {
    for (uint32_t i : step) in.index.push_back(i);
    in.step_begin.push_back(static_cast<uint32_t>(in.index.size()));
  }
  in.value.assign(in.index.size(), 1.0);
  return in;
}

Shape smnn_shape(const SmnnTrainOptions& opt) {
  Shape s;
  s.neurons = opt.neurons;
  s.modes = opt.modes;
  if (is_mnist(opt)) {
    s.inputs = 784, s.outputs = 10, s.steps = opt.steps;
  } else {
    s.inputs = smnn::kSelectiveInputs, s.outputs = 1, s.steps = opt.selective.steps;
  }
  return s;
}

Params init_smnn_params(const SmnnTrainOptions& opt) {
  Params p;
  p.shape = smnn_shape(opt);
  const Shape& s = p.shape;
  const ParamLayout lay(s);
  p.v.assign(lay.total, 0.0);
  std::mt19937_64 rng(opt.seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  auto fill = [&](size_t from, size_t to, double scale) {
    for (size_t k = from; k < to; ++k) p.v[k] = scale * gauss(rng);
  };
  const double root_n = std::sqrt(double(s.neurons));
  fill(lay.w_in, lay.xi_in, opt.input_gain / std::sqrt(double(s.inputs)));
  fill(lay.xi_in, lay.lambda, opt.rec_gain / root_n);
  std::fill(p.v.begin() + lay.lambda, p.v.begin() + lay.w_out, 1.0);
  fill(lay.w_out, lay.bias, opt.out_gain / root_n);
  return p;
}

Network smnn_network(const Params& p, const smnn::NeuronConfig& c, const Encoder& enc, const std::string& description) {
  const Shape& s = p.shape;
  const ParamLayout lay(s);
  Network net;
  net.name = "smnn";
  net.description = description;
  Population in;
  in.name = "input";
  in.kind = PopulationKind::Input;
  in.size = s.inputs;
  net.populations.push_back(in);
  std::mt19937_64 rng(enc.seed ^ 0x5EED);
  std::uniform_int_distribution<int> seed16(1, fx::kLfsrMax);
  auto layer = [&](const std::string& name, uint32_t size, double du, double dv, double theta, uint8_t refrac) {
    Population pop;
    pop.name = name;
    pop.size = size;
    for (uint32_t n = 0; n < size; ++n) {
      pop.real.du.push_back(du), pop.real.dv.push_back(dv), pop.real.theta.push_back(theta), pop.real.bias.push_back(0);
      pop.refrac.push_back(refrac), pop.reset.push_back(ResetMode::Zero), pop.spike.push_back(SpikeMode::Deterministic);
      pop.lfsr_seed.push_back(static_cast<uint16_t>(seed16(rng)));
    }
    return pop;
  };
  net.populations.push_back(layer("hidden", s.neurons, c.du, c.dv, c.theta, static_cast<uint8_t>(c.refrac)));
  // Readout integrators never spike: the largest finite threshold.
  net.populations.push_back(layer("output", s.outputs, c.rate_decay, 1.0, std::numeric_limits<double>::max(), 0));
  for (uint32_t k = 0; k < s.outputs; ++k) net.populations.back().real.bias[k] = p.v[lay.bias + k];
  auto projection = [&](const std::string& name, uint32_t pre, uint32_t post, size_t from, size_t to) {
    Projection pr;
    pr.name = name;
    pr.pre = pre, pr.post = post;
    pr.weight.assign(p.v.begin() + from, p.v.begin() + to);
    pr.delay.assign(pr.weight.size(), 0);
    return pr;
  };
  net.projections.push_back(projection("input", 0, 1, lay.w_in, lay.xi_in));
  net.projections.push_back(projection("readout", 1, 2, lay.w_out, lay.bias));
  ModeProjection mp;
  mp.name = "recurrent";
  mp.population = 1;
  mp.modes = s.modes;
  mp.xi_in.assign(p.v.begin() + lay.xi_in, p.v.begin() + lay.xi_out);
  mp.xi_out.assign(p.v.begin() + lay.xi_out, p.v.begin() + lay.lambda);
  mp.lambda.assign(p.v.begin() + lay.lambda, p.v.begin() + lay.w_out);
  mp.rate_decay = c.rate_decay;
  net.mode_projections.push_back(mp);
  net.encoder = enc;
  net.readout = {ReadoutKind::MaxMembrane, 2};
  validate(net, "train smnn");
  return net;
}

Params smnn_params_of(const Network& net, smnn::NeuronConfig& c, const std::string& source) {
  const auto refuse = [&](const std::string& why) {
    throw InputError(source + ": not an SMNN network (" + why + "; nmx train smnn writes them)");
  };
  if (net.populations.size() != 3 || !net.populations[0].is_input() || net.mode_projections.size() != 1 ||
      net.projections.size() != 2)
    refuse("expected populations input, hidden, output, projections input and readout, one mode projection");
  const ModeProjection& mp = net.mode_projections[0];
  const Population& h = net.populations[1];
  const Population& o = net.populations[2];
  if (mp.population != 1 || net.projections[0].pre != 0 || net.projections[0].post != 1 ||
      net.projections[1].pre != 1 || net.projections[1].post != 2 || net.projections[0].layout != Layout::Dense ||
      net.projections[1].layout != Layout::Dense)
    refuse("projections do not connect input -> hidden -> output densely");
  Params p;
  p.shape = Shape{net.populations[0].size, h.size, mp.modes, o.size, net.encoder.steps};
  c.du = h.real.du[0], c.dv = h.real.dv[0], c.theta = h.real.theta[0], c.refrac = h.refrac[0];
  c.rate_decay = mp.rate_decay;
  const auto append = [&](const std::vector<double>& x) { p.v.insert(p.v.end(), x.begin(), x.end()); };
  append(net.projections[0].weight);
  append(mp.xi_in);
  append(mp.xi_out);
  append(mp.lambda);
  append(net.projections[1].weight);
  append(o.real.bias);
  return p;
}

SmnnTrainResult train_smnn(const SmnnTrainOptions& opt, const std::function<void(const SmnnEpochReport&)>& on_epoch) {
  check_options(opt);
  const Shape s = smnn_shape(opt);
  const ParamLayout lay(s);
  TaskData data;
  if (is_mnist(opt)) {
    data.train = load_dataset("mnist", Split::Train, opt.train_limit, opt.data_dir);
    data.test = load_dataset("mnist", Split::Test, opt.eval_limit, opt.data_dir);
  }
  const size_t n_train = is_mnist(opt) ? data.train.size() : opt.train_trials;
  const uint32_t task_id = static_cast<uint32_t>(opt.task);

  SmnnCheckpoint ck;
  SmnnTrainResult result;
  if (!opt.checkpoint.empty() && std::filesystem::exists(opt.checkpoint)) {
    ck = read_smnn_checkpoint(opt.checkpoint, s, task_id);
    if (ck.seed != opt.seed)
      throw InputError(opt.checkpoint + ": checkpoint is of seed " + std::to_string(ck.seed) + ", this run's is " +
                       std::to_string(opt.seed));
    result.resumed_from_epoch = ck.epoch;
    for (size_t e = 0; e < ck.history.size(); ++e) {
      const auto& h = ck.history[e];
      result.epochs.push_back(
          {static_cast<uint32_t>(e + 1), h[0], h[1], h[2], static_cast<size_t>(h[3]), h[4], h[5]});
    }
  } else {
    ck.params = init_smnn_params(opt);
    ck.m.assign(lay.total, 0.0), ck.v = ck.m;
    ck.seed = opt.seed;
    ck.task = task_id;
  }

  const unsigned threads = thread_count(opt.threads);
  std::vector<ThreadState> states;
  for (unsigned w = 0; w < threads; ++w) states.emplace_back(s);
  std::vector<double> g(lay.total);
  const optim::Adam adam;
  const uint64_t total_steps = uint64_t{opt.epochs} * ((n_train + opt.batch - 1) / opt.batch);

  for (uint32_t epoch = ck.epoch; epoch < opt.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<size_t> order(n_train);
    std::iota(order.begin(), order.end(), size_t{0});
    std::shuffle(order.begin(), order.end(), std::mt19937_64(opt.seed * 1000003 + epoch));
    const Encoder enc = epoch_encoder(opt, epoch);
    for (auto& ts : states) ts.loss = 0, ts.correct = 0, ts.spikes = 0;
    for (size_t b0 = 0; b0 < order.size(); b0 += opt.batch) {
      const size_t b1 = std::min(order.size(), b0 + opt.batch);
      run_workers(threads, [&](unsigned w, const std::atomic<bool>&) {
        ThreadState& ts = states[w];
        for (size_t k = b0 + w; k < b1; k += threads) {
          const size_t i = order[k];
          std::fill(ts.grad.begin(), ts.grad.end(), 0.0);
          smnn::Result r;
          bool correct;
          if (is_mnist(opt)) {
            const float* image = data.train.image(i);
            if (opt.augment_shift) {
              shift_image(image, data.train.rows, data.train.cols, opt.seed, epoch, i, opt.augment_shift, ts.shifted);
              image = ts.shifted.data();
            }
            const InputSeq in = encode_image(enc, image, s.inputs, i);
            smnn::Target t;
            t.label = data.train.labels[i];
            r = ts.ws.run(ck.params, opt.neuron, smnn::Mode::Hard, in, t, &ts.grad);
            correct = r.prediction == t.label;
          } else {  // fresh trials every epoch
            const smnn::SelectiveTrial tr =
                smnn::selective_trial(opt.selective, hash3(opt.seed, epoch, 0x7121), i);
            r = ts.ws.run(ck.params, opt.neuron, smnn::Mode::Hard, tr.input, selective_target(opt, tr), &ts.grad);
            correct = selective_correct(r, tr.target);
          }
          for (size_t q = 0; q < ts.grad.size(); ++q) ts.fix[q] += to_fix(ts.grad[q]);
          ts.loss += to_fix(r.loss);
          ts.correct += correct;
          ts.spikes += r.hidden_spikes;
        }
      });
      const double n = static_cast<double>(b1 - b0);
      double norm2 = 0;
      for (size_t q = 0; q < g.size(); ++q) {
        int64_t sum = 0;
        for (auto& ts : states) sum += ts.fix[q], ts.fix[q] = 0;
        g[q] = static_cast<double>(sum) / kFix / n;
        norm2 += g[q] * g[q];
      }
      const double norm = std::sqrt(norm2);
      if (opt.clip > 0 && norm > opt.clip)
        for (double& x : g) x *= opt.clip / norm;
      ++ck.adam_step;
      const double lr = optim::scheduled_lr(opt.lr, ck.adam_step, total_steps, opt.cosine_lr);
      adam.update(ck.params.v, g, ck.m, ck.v, ck.adam_step, lr);
      throw_if_interrupted();  // between batches; the last checkpoint stays the one to resume from
      if (opt.progress) opt.progress(epoch + 1, b1, order.size());
    }
    SmnnEpochReport rep;
    rep.epoch = epoch + 1;
    int64_t loss = 0;
    uint64_t correct = 0, spikes = 0;
    for (const auto& ts : states) loss += ts.loss, correct += ts.correct, spikes += ts.spikes;
    rep.train_loss = static_cast<double>(loss) / kFix / double(order.size());
    rep.train_accuracy = correct / double(order.size());
    rep.hidden_spikes_per_sample = spikes / double(order.size());
    rep.eval_accuracy = evaluate(ck.params, opt, data, threads);
    rep.eval_samples = is_mnist(opt) ? data.test.size() : opt.eval_trials;
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.epochs.push_back(rep);
    ck.epoch = epoch + 1;
    ck.history.push_back({rep.train_loss, rep.train_accuracy, rep.eval_accuracy, double(rep.eval_samples),
                          rep.hidden_spikes_per_sample, rep.seconds});
    if (!opt.checkpoint.empty()) write_smnn_checkpoint(opt.checkpoint, ck);
    if (on_epoch) on_epoch(rep);
  }
  const std::string desc = "smnn (N = " + std::to_string(s.neurons) + ", P = " + std::to_string(s.modes) + ") on " +
                           task_name(opt.task) + ", " + std::to_string(ck.epoch) + " epochs, seed " +
                           std::to_string(opt.seed) +
                           (is_mnist(opt) ? "" : "; analog inputs (selective_task.hpp), not an image encoder");
  result.params = ck.params;
  result.network = smnn_network(ck.params, opt.neuron, smnn_encoder(opt), desc);
  return result;
}

}  // namespace nmx
