#include "gem/gem_trainer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>
#include <random>

#include "core/error.hpp"
#include "core/worker_pool.hpp"
#include "data/dataset.hpp"
#include "gem/gem_hw.hpp"

namespace nmx {
namespace {

constexpr uint64_t kEvalStream = uint64_t{1} << 48;  // eval sample ids: never a training sample's
constexpr uint32_t kMaxHidden = 4096;                // hidden neurons (the CLI's range)
constexpr double kVoteFloor = 1e-3;                  // log of a zero vote fraction: log(1e-3)

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void encode_split(const Dataset& d, const EventStreamConfig& c, std::vector<InputRaster>& in,
                  std::vector<uint8_t>& labels) {
  in.resize(d.size());
  labels = d.labels;
  for (size_t i = 0; i < d.size(); ++i) in[i] = encode_event_stream(c, d.image(i), i);
}

}  // namespace

gem::Shape gem_shape(const GemTrainOptions& opt) {
  check_event_config(opt.events);
  gem::check_basis(opt.basis);
  gem::check_compartments(opt.compartments, "compartments");
  for (uint32_t k : opt.eval_compartments) gem::check_compartments(k, "eval compartments");
  if (opt.hidden < 1 || opt.hidden > kMaxHidden)
    throw_field_error("gem", "hidden", std::to_string(opt.hidden), "1.." + std::to_string(kMaxHidden));
  gem::Shape s;
  s.inputs = event_inputs(opt.events);
  s.hidden = opt.hidden;
  s.visible = 10;
  s.basis = opt.basis;
  s.steps = opt.events.steps;
  return s;
}

gem::Kernels gem_kernels(const GemTrainOptions& opt) {
  gem::Kernels k;
  for (uint32_t b = 0; b < gem::kMaxBasis; ++b)
    k.basis_decay[b] = b < opt.basis ? gem::kernel_decay(opt.tau_basis[b], "tau basis " + std::to_string(b + 1)) : 0;
  k.feedback_decay = gem::kernel_decay(opt.tau_feedback, "tau feedback");
  return k;
}

double expected_calibration_error(const std::vector<double>& conf, const std::vector<uint8_t>& correct, uint32_t bins) {
  std::vector<double> c(bins, 0.0), a(bins, 0.0), n(bins, 0.0);
  for (size_t i = 0; i < conf.size(); ++i) {
    const uint32_t b = std::min(bins - 1, static_cast<uint32_t>(conf[i] * bins));
    c[b] += conf[i], a[b] += correct[i], n[b] += 1;
  }
  double e = 0;
  for (uint32_t b = 0; b < bins; ++b)
    if (n[b] > 0) e += std::abs(a[b] - c[b]);
  return conf.empty() ? 0.0 : e / conf.size();
}

GemEval reduce_gem_eval(const std::vector<GemSampleScores>& s, const std::vector<uint8_t>& labels, uint32_t compartments) {
  const size_t n = s.size();
  std::vector<double> conf(n), vconf(n);
  std::vector<uint8_t> correct(n), vcorrect(n);
  GemEval e;
  e.compartments = compartments;
  e.samples = n;
  for (size_t i = 0; i < n; ++i) {
    const std::vector<double>& score = s[i].score;
    const std::vector<double>& votes = s[i].votes;
    const auto vbest = std::max_element(votes.begin(), votes.end());
    vconf[i] = *vbest;
    vcorrect[i] = votes[labels[i]] == *vbest && std::count(votes.begin(), votes.end(), *vbest) == 1;
    const double lse = gem::log_mean_exp(score) + std::log(double(score.size()));
    const int pred = static_cast<int>(std::max_element(score.begin(), score.end()) - score.begin());
    conf[i] = std::exp(score[pred] - lse);
    correct[i] = pred == labels[i];
    e.accuracy += correct[i], e.log_likelihood += score[labels[i]], e.log_posterior += score[labels[i]] - lse;
    e.vote_accuracy += vcorrect[i], e.vote_log_prob += std::log(std::max(votes[labels[i]], kVoteFloor));
  }
  if (n) {
    e.accuracy /= n, e.log_likelihood /= n, e.log_posterior /= n;
    e.vote_accuracy /= n, e.vote_log_prob /= n;
  }
  e.ece = expected_calibration_error(conf, correct);
  e.vote_ece = expected_calibration_error(vconf, vcorrect);
  return e;
}

GemEval evaluate_gem_samples(const std::vector<uint8_t>& labels, uint32_t compartments, unsigned threads,
                             const std::function<GemSampleScorer()>& make_scorer) {
  const auto t0 = std::chrono::steady_clock::now();
  const size_t n = labels.size();
  std::vector<GemSampleScores> s(n);
  const unsigned nt = worker_count(threads, n);
  run_workers(nt, [&](unsigned w, const std::atomic<bool>& failed) {
    const GemSampleScorer score = make_scorer();
    for (size_t i = w; i < n && !failed; i += nt) s[i] = score(i);
  });
  GemEval e = reduce_gem_eval(s, labels, compartments);
  e.seconds = seconds_since(t0);
  return e;
}

GemEval evaluate_gem(const gem::Params& p, const std::vector<InputRaster>& inputs, const std::vector<uint8_t>& labels,
                     uint32_t compartments, uint64_t seed, unsigned threads) {
  gem::check_compartments(compartments, "eval compartments");
  return evaluate_gem_samples(labels, compartments, threads, [&] {
    auto ws = std::make_shared<gem::Workspace>(p.shape, compartments);
    return [&, ws](size_t i) {
      GemSampleScores s;
      s.score = ws->class_scores(p, inputs[i], seed, kEvalStream + i, &s.votes);
      return s;
    };
  });
}

GemData load_gem_data(const GemTrainOptions& opt) {
  const Dataset train = load_dataset(opt.dataset, Split::Train, opt.train_limit, opt.data_dir);
  const Dataset test = load_dataset(opt.dataset, Split::Test, opt.eval_limit, opt.data_dir);
  GemData d;
  encode_split(train, opt.events, d.train_in, d.train_y);
  encode_split(test, opt.events, d.test_in, d.test_y);
  return d;
}

std::vector<size_t> gem_epoch_order(size_t samples, uint64_t seed, uint32_t epoch) {
  std::vector<size_t> order(samples);
  std::iota(order.begin(), order.end(), size_t{0});
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed * 1000003u + epoch));
  return order;
}

void run_gem_epoch(const GemTrainOptions& opt, uint32_t epoch, size_t samples, uint32_t steps, GemEpochReport& rep,
                   const std::function<GemSampleFigures(size_t sample, uint64_t id)>& learn) {
  const std::vector<size_t> order = gem_epoch_order(samples, opt.seed, epoch);
  const auto t0 = std::chrono::steady_clock::now();
  double window = 0;
  for (size_t n = 0; n < order.size(); ++n) {
    const GemSampleFigures s = learn(order[n], uint64_t{epoch - 1} * order.size() + n);
    rep.train_bound += s.bound;
    rep.hidden_spikes_per_sample += static_cast<double>(s.hidden_spikes);
    window += s.bound;
    if (opt.curve_every && (n + 1) % opt.curve_every == 0) {
      rep.curve.push_back({size_t{epoch - 1} * order.size() + n + 1, window / opt.curve_every});
      window = 0;
    }
    if (opt.progress) opt.progress(epoch, n + 1, order.size());
  }
  rep.seconds = seconds_since(t0);
  if (!order.empty()) {
    rep.train_bound /= order.size();
    rep.hidden_spikes_per_sample /= order.size();
    rep.steps_per_second = order.size() * double(steps) / rep.seconds;
  }
}

GemTrainResult train_gem(const GemTrainOptions& opt, const std::function<void(const GemEpochReport&)>& on_epoch) {
  const gem::Shape shape = gem_shape(opt);
  const gem::Kernels kernels = gem_kernels(opt);
  const GemData data = load_gem_data(opt);
  const auto& [train_in, train_y, test_in, test_y] = data;
  const std::vector<uint32_t> eval_k = opt.eval_compartments.empty() ? std::vector<uint32_t>{opt.compartments}
                                                                     : opt.eval_compartments;
  GemTrainResult r;
  r.params = gem::init_params(shape, kernels, opt.seed, opt.gain, opt.hidden_bias, opt.visible_bias);
  gem::Workspace ws(shape, opt.compartments);
  std::vector<std::vector<uint8_t>> targets;
  for (int c = 0; c < 10; ++c) targets.push_back(gem::label_target(shape, c));
  for (uint32_t epoch = 1; epoch <= opt.epochs; ++epoch) {
    GemEpochReport rep;
    rep.epoch = epoch;
    run_gem_epoch(opt, epoch, train_in.size(), shape.steps, rep, [&](size_t i, uint64_t id) {
      const gem::SampleResult s = ws.run(r.params, train_in[i], targets[train_y[i]], opt.seed, id, opt.learn);
      return GemSampleFigures{s.bound, s.hidden_spikes};
    });
    for (uint32_t k : eval_k) rep.eval.push_back(evaluate_gem(r.params, test_in, test_y, k, opt.seed, opt.threads));
    if (on_epoch) on_epoch(rep);
    r.epochs.push_back(std::move(rep));
  }
  return r;
}

}  // namespace nmx
