#include "delay/delay_trainer.hpp"

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
#include "fixed/fixed_point.hpp"
#include "core/interrupt.hpp"
#include "data/dataset.hpp"
#include "encode/encoder.hpp"
#include "neuron/srm_kernel.hpp"
#include "delay/augment.hpp"
#include "delay/delay_checkpoint.hpp"
#include "optim/adam.hpp"

namespace nmx {
namespace {

using delay::InputTimes;

// Gradients are summed as 64-bit fixed point (2^-32 units): integer addition does not
// depend on order, so results are bit-identical for any thread count.
constexpr double kFix = 4294967296.0;

Encoder latency_encoder(uint32_t steps, uint32_t latency_steps) {
  Encoder e;
  e.kind = EncoderKind::Latency;
  e.steps = steps;
  e.latency_steps = latency_steps;
  return e;
}

// Latency code of every sample: the step of each pixel's spike, or -1.
std::vector<InputTimes> encode_all(const Dataset& data, const Encoder& enc, uint32_t inputs) {
  std::vector<InputTimes> out(data.size(), InputTimes(inputs, -1));
  for (size_t i = 0; i < data.size(); ++i) {
    const InputRaster r = encode(enc, data.image(i), inputs, i);
    for (uint32_t t = 0; t < r.steps.size(); ++t)
      for (uint32_t n : r.steps[t]) out[i][n] = static_cast<int32_t>(t);
  }
  return out;
}

unsigned thread_count(unsigned requested) {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

// What is trained: the delays, or (the baseline) the weights.
std::vector<double>& trained1(delay::Params& p, bool weights) { return weights ? p.w1 : p.d1; }
std::vector<double>& trained2(delay::Params& p, bool weights) { return weights ? p.w2 : p.d2; }
std::vector<double>& grad1(delay::Gradients& g, bool weights) { return weights ? g.w1 : g.d1; }
std::vector<double>& grad2(delay::Gradients& g, bool weights) { return weights ? g.w2 : g.d2; }

struct ThreadState {
  ThreadState(const delay::Shape& s, bool weights) : ws(s), weights(weights) {
    grad.resize(s, weights);
    fix1.assign(grad.d1.size(), 0);
    fix2.assign(grad.d2.size(), 0);
  }
  delay::Workspace ws;
  bool weights;
  delay::Gradients grad;              // one sample's gradient
  std::vector<int64_t> fix1, fix2;    // the batch's sum, fixed point
  InputTimes shifted;                 // the current sample, augmented
  int64_t loss = 0;  // fixed point, like the gradients
  uint64_t correct = 0, spikes = 0;
};

// Moves one sample's gradient of the trained parameters into the fixed-point sums
// (touched rows only) and clears the sample's gradients.
void accumulate(ThreadState& ts, const delay::Shape& s, const InputTimes& in) {
  std::vector<double>& g1 = grad1(ts.grad, ts.weights);
  for (uint32_t i = 0; i < s.inputs; ++i) {
    if (in[i] < 0) continue;
    double* g = &g1[size_t{i} * s.hidden];
    int64_t* f = &ts.fix1[size_t{i} * s.hidden];
    for (uint32_t j = 0; j < s.hidden; ++j) {
      f[j] += std::llround(g[j] * kFix);
      g[j] = 0.0;
    }
    if (ts.weights) std::fill_n(&ts.grad.d1[size_t{i} * s.hidden], s.hidden, 0.0);
  }
  std::vector<double>& g2 = grad2(ts.grad, ts.weights);
  for (size_t k = 0; k < g2.size(); ++k) {
    ts.fix2[k] += std::llround(g2[k] * kFix);
    g2[k] = 0.0;
  }
  if (ts.weights) std::fill(ts.grad.d2.begin(), ts.grad.d2.end(), 0.0);
}

double evaluate(const delay::Params& p, const delay::NeuronConfig& c, const std::vector<InputTimes>& x,
                const std::vector<uint8_t>& y, unsigned threads) {
  std::atomic<size_t> next{0};
  std::vector<uint64_t> correct(threads, 0);
  run_workers(threads, [&](unsigned w, const std::atomic<bool>&) {
    delay::Workspace ws(p.shape);
    for (size_t i; (i = next.fetch_add(1)) < x.size();)
      correct[w] += ws.run(p, c, delay::Mode::Hard, x[i], -1, nullptr).prediction == y[i];
  });
  return x.empty() ? 0.0 : std::accumulate(correct.begin(), correct.end(), uint64_t{0}) / double(x.size());
}

bool is_srm(const delay::NeuronConfig& c) { return c.model == NeuronModel::SrmAlpha; }

std::string show(double x) { return shortest_text(x); }

// The SRM-alpha options of a run, refused before any work when out of range.
void check_srm_options(const DelayTrainOptions& opt) {
  const SrmParams& p = opt.neuron.srm;
  auto refuse = [](const std::string& option, double x, const std::string& allowed) {
    throw InputError("train delay: " + option + " " + show(x) + " is out of range (allowed: " + allowed + ")");
  };
  if (!(std::isfinite(p.tau) && p.tau > 0)) refuse("--srm-tau", p.tau, "> 0, steps");
  if (!(std::isfinite(p.tau_ref) && p.tau_ref > 0)) refuse("--tau-ref", p.tau_ref, "> 0, steps");
  if (!(std::isfinite(p.ref_scale) && p.ref_scale >= 0)) refuse("--ref-scale", p.ref_scale, ">= 0, thresholds");
  if (opt.max_delay < 1)
    throw InputError("train delay: --max-delay 0 leaves no input delay for --neuron srm-alpha (its input->hidden delays "
                     "live in [0, max - 1], the mapping onto the chip adds one step; allowed: 1..63)");
}

// A resumed run must train the neuron its checkpoint was trained with.
void check_same_neuron(const std::string& path, const DelayCheckpoint& ck, const delay::NeuronConfig& run) {
  const delay::NeuronConfig& was = ck.neuron;
  auto model = [](NeuronModel m) { return std::string(m == NeuronModel::SrmAlpha ? "srm-alpha" : "datapath"); };
  auto refuse = [&](const std::string& field, const std::string& stored, const std::string& requested,
                    const std::string& option) {
    throw InputError(path + ": checkpoint has " + field + " = " + stored + ", this run " + requested + " (" + option +
                     "); resume with the checkpoint's options, or use another --checkpoint");
  };
  if (was.model != run.model)
    refuse("neuron model", model(was.model) + (ck.neuron_recorded ? "" : " (format version 1)"), model(run.model),
           "--neuron");
  if (!ck.neuron_recorded) return;  // version 1: the datapath, its parameters not recorded
  auto same = [&](const char* field, double a, double b, const char* option) {
    if (a != b) refuse(field, show(a), show(b), option);
  };
  same("neuron.theta", was.theta, run.theta, "--theta");
  if (run.model == NeuronModel::Datapath) {
    same("neuron.du", was.du, run.du, "--tau");
    same("neuron.dv", was.dv, run.dv, "--tau");
    return;
  }
  same("neuron.srm.tau", was.srm.tau, run.srm.tau, "--srm-tau");
  same("neuron.srm.tau_ref", was.srm.tau_ref, run.srm.tau_ref, "--tau-ref");
  if (was.srm.ref_kernel != run.srm.ref_kernel)
    refuse("neuron.srm.ref_kernel", to_string(was.srm.ref_kernel), to_string(run.srm.ref_kernel), "--ref-kernel");
  same("neuron.srm.ref_scale", was.srm.ref_scale, run.srm.ref_scale, "--ref-scale");
}

}  // namespace

uint32_t input_delay_limit(const DelayTrainOptions& opt) {
  return is_srm(opt.neuron) && opt.max_delay > 0 ? opt.max_delay - 1 : opt.max_delay;
}

delay::Params init_delay_params(const DelayTrainOptions& opt) {
  delay::Params p;
  p.shape = opt.shape;
  const delay::Shape& s = opt.shape;
  std::mt19937_64 rng(opt.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> gauss(0.0, 1.0);
  const double fan_in = 0.5 * s.inputs * (opt.ternary ? 1.0 - opt.zero_fraction : 1.0);
  // SRM-alpha: an input of weight w reaches the membrane as w eps(n), the datapath's as
  // gain w (n + 1) q^n = w eps(n + 1) (srm::datapath_weight_gain): dividing by the gain makes
  // the network at init map onto the same datapath weights as the datapath variant's.
  const double s1 = opt.hidden_gain * opt.neuron.theta / std::sqrt(std::max(1.0, fan_in)) /
                    (is_srm(opt.neuron) ? srm::datapath_weight_gain(opt.neuron.srm.tau) : 1.0);
  auto weight = [&](double scale) {
    if (!opt.ternary) return scale * gauss(rng);
    const double u = unit(rng);
    return u < opt.zero_fraction ? 0.0 : (u < opt.zero_fraction + (1 - opt.zero_fraction) / 2 ? scale : -scale);
  };
  p.w1.resize(size_t{s.inputs} * s.hidden);
  for (double& w : p.w1) w = weight(s1);
  p.w2.resize(size_t{s.hidden} * s.outputs);
  for (double& w : p.w2) w = weight(1.0);
  std::uniform_real_distribution<double> d0(0.0, opt.init_delay);
  // Delays uniform in (0, init_delay], within the chip's range (SRM-alpha input delays: one
  // step less, input_delay_limit); zero for the baseline.
  p.d1.resize(p.w1.size());
  const double d1_max = input_delay_limit(opt);
  for (double& d : p.d1) d = opt.train_weights ? 0.0 : std::min(opt.init_delay - d0(rng), d1_max);
  p.d2.resize(p.w2.size());
  for (double& d : p.d2) d = opt.train_weights ? 0.0 : std::min(opt.init_delay - d0(rng), double(opt.max_delay));
  return p;
}

Network delay_network(const delay::Params& p, const delay::NeuronConfig& c, uint32_t latency_steps, uint64_t seed,
                      const std::string& description) {
  const delay::Shape& s = p.shape;
  Network net;
  net.name = "delay-trained";
  net.description = description;
  Population in;
  in.name = "input";
  in.kind = PopulationKind::Input;
  in.size = s.inputs;
  net.populations.push_back(in);
  std::mt19937_64 rng(seed ^ 0x5EED);
  std::uniform_int_distribution<int> seed16(1, fx::kLfsrMax);
  auto layer = [&](const std::string& name, uint32_t size, double du, double dv, double theta) {
    Population pop;
    pop.name = name;
    pop.size = size;
    for (uint32_t n = 0; n < size; ++n) {
      pop.real.du.push_back(du), pop.real.dv.push_back(dv), pop.real.theta.push_back(theta), pop.real.bias.push_back(0);
      pop.refrac.push_back(0), pop.reset.push_back(ResetMode::Subtract), pop.spike.push_back(SpikeMode::Deterministic);
      pop.lfsr_seed.push_back(static_cast<uint16_t>(seed16(rng)));
    }
    return pop;
  };
  if (is_srm(c)) {
    // SRM-alpha: du = dv of the datapath it maps onto (informational: L0 runs the kernels).
    const double decay = srm::datapath_decay(c.srm.tau);
    net.populations.push_back(layer("hidden", s.hidden, decay, decay, c.theta));
    net.populations.back().model = NeuronModel::SrmAlpha;
    net.populations.back().srm = c.srm;
  } else {
    net.populations.push_back(layer("hidden", s.hidden, c.du, c.dv, c.theta));
  }
  // Output integrators never spike: threshold above any reachable membrane.
  double reach = 1.0;
  for (uint32_t k = 0; k < s.outputs; ++k) {
    double sum = 0;
    for (uint32_t j = 0; j < s.hidden; ++j) sum += std::fabs(p.w2[size_t{j} * s.outputs + k]);
    reach = std::max(reach, sum * s.steps);
  }
  net.populations.push_back(layer("output", s.outputs, 1.0, 0.0, 4.0 * reach));
  auto projection = [&](uint32_t pre, uint32_t post, const std::vector<double>& w, const std::vector<double>& d) {
    Projection pr;
    pr.name = "p" + std::to_string(pre) + "_" + std::to_string(post);
    pr.pre = pre, pr.post = post;
    pr.weight = w;
    for (double x : d) pr.delay.push_back(static_cast<uint8_t>(x));  // truncated, as in the forward pass
    return pr;
  };
  net.projections.push_back(projection(0, 1, p.w1, p.d1));
  net.projections.push_back(projection(1, 2, p.w2, p.d2));
  net.encoder = latency_encoder(s.steps, latency_steps);
  net.readout = {ReadoutKind::FinalMembrane, 2};
  validate(net, "train delay");
  return net;
}

DelayTrainResult train_delays(const DelayTrainOptions& opt, const std::function<void(const EpochReport&)>& on_epoch) {
  const delay::Shape& s = opt.shape;
  if (opt.batch == 0) throw InputError("train delay: --batch must be at least 1");
  if (opt.weight_decay < 0 || (opt.weight_decay > 0 && !opt.train_weights))
    throw InputError("train delay: --weight-decay applies to --learn weights only (allowed: >= 0)");
  if (opt.augment_shift > 4)
    throw InputError("train delay: --augment-shift " + std::to_string(opt.augment_shift) +
                     " is out of range (allowed: 0..4)");
  if (opt.max_delay >= static_cast<uint32_t>(fx::kMaxDelaySlots))
    throw InputError("train delay: --max-delay " + std::to_string(opt.max_delay) + " is out of range (allowed: 0..63)");
  if (is_srm(opt.neuron)) check_srm_options(opt);
  const Dataset train = load_dataset(opt.dataset, Split::Train, opt.train_limit, opt.data_dir);
  const Dataset test = load_dataset(opt.dataset, Split::Test, opt.eval_limit, opt.data_dir);
  if (train.rows * train.cols != s.inputs)
    throw InputError("train delay: " + train.name + " has " + std::to_string(train.rows * train.cols) +
                     " pixels per sample, the network " + std::to_string(s.inputs) + " inputs");
  const Encoder enc = latency_encoder(s.steps, opt.latency_steps);
  const auto xtrain = encode_all(train, enc, s.inputs);
  const auto xtest = encode_all(test, enc, s.inputs);

  DelayCheckpoint ck;
  DelayTrainResult result;
  if (!opt.checkpoint.empty() && std::filesystem::exists(opt.checkpoint)) {
    ck = read_checkpoint(opt.checkpoint, s);
    if (ck.seed != opt.seed)
      throw InputError(opt.checkpoint + ": checkpoint is of seed " + std::to_string(ck.seed) + ", this run's is " +
                       std::to_string(opt.seed));
    if (ck.train_weights != opt.train_weights)
      throw InputError(opt.checkpoint + ": checkpoint trains " + (ck.train_weights ? "weights" : "delays") +
                       ", this run " + (opt.train_weights ? "weights" : "delays"));
    check_same_neuron(opt.checkpoint, ck, opt.neuron);
    result.resumed_from_epoch = ck.epoch;
    for (size_t e = 0; e < ck.history.size(); ++e) {
      const auto& h = ck.history[e];
      result.epochs.push_back({static_cast<uint32_t>(e + 1), h[0], h[1], h[2], h[3], h[4]});
    }
  } else {
    ck.params = init_delay_params(opt);
    ck.m1.assign(ck.params.d1.size(), 0.0), ck.v1 = ck.m1;
    ck.m2.assign(ck.params.d2.size(), 0.0), ck.v2 = ck.m2;
    ck.seed = opt.seed;
    ck.train_weights = opt.train_weights;
  }
  ck.neuron = opt.neuron;  // recorded from now on (a version-1 checkpoint is rewritten as version 2)
  ck.neuron_recorded = true;

  const unsigned threads = thread_count(opt.threads);
  std::vector<ThreadState> states;
  for (unsigned w = 0; w < threads; ++w) states.emplace_back(s, opt.train_weights);
  std::vector<double> g1(ck.params.d1.size()), g2(ck.params.d2.size());
  const optim::Adam adam;
  const uint64_t total_steps = uint64_t{opt.epochs} * ((xtrain.size() + opt.batch - 1) / opt.batch);

  for (uint32_t epoch = ck.epoch; epoch < opt.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<size_t> order(xtrain.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::shuffle(order.begin(), order.end(), std::mt19937_64(opt.seed * 1000003 + epoch));
    for (auto& ts : states) ts.loss = 0, ts.correct = 0, ts.spikes = 0;
    for (size_t b0 = 0; b0 < order.size(); b0 += opt.batch) {
      const size_t b1 = std::min(order.size(), b0 + opt.batch);
      run_workers(threads, [&](unsigned w, const std::atomic<bool>&) {
        ThreadState& ts = states[w];
        for (size_t k = b0 + w; k < b1; k += threads) {
          const size_t i = order[k];
          const InputTimes* in = &xtrain[i];
          if (opt.augment_shift) {
            delay::shift_times(xtrain[i], train.rows, train.cols,
                               delay::sample_shift(opt.seed, epoch, i, opt.augment_shift), ts.shifted);
            in = &ts.shifted;
          }
          const auto r = ts.ws.run(ck.params, opt.neuron, delay::Mode::Hard, *in, train.labels[i], &ts.grad);
          accumulate(ts, s, *in);
          ts.loss += std::llround(r.loss * kFix);
          ts.correct += r.prediction == train.labels[i];
          ts.spikes += r.hidden_spikes;
        }
      });
      const double n = static_cast<double>(b1 - b0);
      for (size_t k = 0; k < g1.size(); ++k) {
        int64_t sum = 0;
        for (auto& ts : states) sum += ts.fix1[k], ts.fix1[k] = 0;
        g1[k] = static_cast<double>(sum) / kFix / n;
      }
      for (size_t k = 0; k < g2.size(); ++k) {
        int64_t sum = 0;
        for (auto& ts : states) sum += ts.fix2[k], ts.fix2[k] = 0;
        g2[k] = static_cast<double>(sum) / kFix / n;
      }
      ++ck.adam_step;
      const double lo = opt.train_weights ? -1e300 : 0.0, hi = opt.train_weights ? 1e300 : opt.max_delay;
      const double hi1 = opt.train_weights ? hi : input_delay_limit(opt);
      const double lr = optim::scheduled_lr(opt.lr, ck.adam_step, total_steps, opt.cosine_lr);
      adam.update(trained1(ck.params, opt.train_weights), g1, ck.m1, ck.v1, ck.adam_step, lr, lo, hi1, opt.weight_decay);
      adam.update(trained2(ck.params, opt.train_weights), g2, ck.m2, ck.v2, ck.adam_step, lr, lo, hi, opt.weight_decay);
      throw_if_interrupted();  // between batches; the last checkpoint stays the one to resume from
      if (opt.progress) opt.progress(epoch + 1, b1, order.size());
    }
    EpochReport rep;
    rep.epoch = epoch + 1;
    int64_t loss = 0;
    uint64_t correct = 0, spikes = 0;
    for (const auto& ts : states) loss += ts.loss, correct += ts.correct, spikes += ts.spikes;
    rep.train_loss = static_cast<double>(loss) / kFix / double(order.size());
    rep.train_accuracy = correct / double(order.size());
    rep.hidden_spikes_per_sample = spikes / double(order.size());
    rep.eval_accuracy = evaluate(ck.params, opt.neuron, xtest, test.labels, threads);
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.epochs.push_back(rep);
    ck.epoch = epoch + 1;
    ck.history.push_back({rep.train_loss, rep.train_accuracy, rep.eval_accuracy, rep.hidden_spikes_per_sample, rep.seconds});
    if (!opt.checkpoint.empty()) write_checkpoint(opt.checkpoint, ck);
    if (on_epoch) on_epoch(rep);
  }
  // SRM-alpha runs say so (the datapath's description is as it always was).
  const SrmParams& sp = opt.neuron.srm;
  const std::string neuron = is_srm(opt.neuron) ? "; srm-alpha hidden neurons: tau " + show(sp.tau) + ", " +
                                                      to_string(sp.ref_kernel) + " refractory kernel, tau_ref " +
                                                      show(sp.tau_ref) + ", scale " + show(sp.ref_scale)
                                                : "";
  const std::string desc = opt.train_weights
                               ? "weight-trained baseline (delays zero" + neuron + ") on " + opt.dataset + ", " +
                                     std::to_string(ck.epoch) + " epochs, seed " + std::to_string(opt.seed)
                               : "delay-trained (" + std::string(opt.ternary ? "ternary" : "gaussian") +
                                     " frozen weights" + neuron + ") on " + opt.dataset + ", " +
                                     std::to_string(ck.epoch) + " epochs, seed " + std::to_string(opt.seed);
  result.network = delay_network(ck.params, opt.neuron, opt.latency_steps, opt.seed, desc);
  return result;
}

}  // namespace nmx
