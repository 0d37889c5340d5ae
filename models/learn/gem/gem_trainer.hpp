// `nmx train gem` (docs/gem.md): a multi-compartment GLM SNN (gem_model.hpp) trained online
// by GEM on event streams made from MNIST digits or Fashion-MNIST images
// (encode/event_stream.hpp). Training is sequential (every step may change the weights);
// evaluation runs samples on worker threads and reduces in sample order, so a seed gives
// the same numbers at any thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "encode/event_stream.hpp"
#include "gem/gem_model.hpp"

namespace nmx {

struct GemTrainOptions {
  std::string dataset = "mnist";  // or fashion-mnist
  std::string data_dir;
  size_t train_limit = 1000, eval_limit = 500;  // first samples of each split (0 = all)
  EventStreamConfig events;
  uint32_t hidden = 16, basis = 2;
  double tau_basis[gem::kMaxBasis] = {1.5, 8.0};
  double tau_feedback = 4.0;
  uint32_t compartments = 1;                 // K during training
  std::vector<uint32_t> eval_compartments;   // K at inference (empty: the training K)
  gem::LearnOptions learn{0.0005, 0.9, 0.9, 1};  // lr, kappa, kappa_v, update every step
  double gain = 1.0, hidden_bias = -1.0, visible_bias = -2.0;
  uint32_t epochs = 1;
  uint32_t curve_every = 0;                  // samples per learning-curve point (0 = none)
  uint64_t seed = 1;
  unsigned threads = 0;                      // 0 = every core
  std::function<void(uint32_t epoch, size_t done, size_t total)> progress;
};

struct GemEval {
  uint32_t compartments = 0;
  size_t samples = 0;
  double accuracy = 0;
  double log_likelihood = 0;  // mean IW bound on log p(target | input), nats per sample
  double log_posterior = 0;   // mean log softmax_c(score)[label]
  double ece = 0;             // expected calibration error (10 equal-width bins) of softmax_c(score)
  double vote_accuracy = 0;   // free-running decision: class with most compartment votes
  double vote_ece = 0;        // calibration of the vote fractions
  double vote_log_prob = 0;   // mean log of the vote fraction of the label (floored at 1e-3)
  double seconds = 0;
};

struct GemCurvePoint {
  size_t samples = 0;         // training samples seen
  double bound = 0;           // mean L_K over the last curve_every samples
};

struct GemEpochReport {
  uint32_t epoch = 0;
  double train_bound = 0;              // mean L_K (nats per sample) while learning
  double hidden_spikes_per_sample = 0; // summed over compartments
  double steps_per_second = 0;         // learning steps (timesteps of training samples) per second
  double seconds = 0;
  std::vector<GemEval> eval;
  std::vector<GemCurvePoint> curve;
};

struct GemTrainResult {
  gem::Params params;
  std::vector<GemEpochReport> epochs;
};

// The model shape and kernels of a run of `opt` (InputError for options the chip cannot hold).
gem::Shape gem_shape(const GemTrainOptions& opt);
gem::Kernels gem_kernels(const GemTrainOptions& opt);

GemTrainResult train_gem(const GemTrainOptions& opt, const std::function<void(const GemEpochReport&)>& on_epoch = {});

// Class scores of encoded samples, evaluated with K compartments: accuracy, IW log-likelihood
// and calibration. Sample i uses hidden streams (seed, eval sample id i).
GemEval evaluate_gem(const gem::Params& p, const std::vector<InputRaster>& inputs, const std::vector<uint8_t>& labels,
                     uint32_t compartments, uint64_t seed, unsigned threads);

// The encoded splits of a run of `opt`.
struct GemData {
  std::vector<InputRaster> train_in;
  std::vector<uint8_t> train_y;
  std::vector<InputRaster> test_in;
  std::vector<uint8_t> test_y;
};
GemData load_gem_data(const GemTrainOptions& opt);
// Epoch `epoch`'s (1-based) sample order: a seeded shuffle.
std::vector<size_t> gem_epoch_order(size_t samples, uint64_t seed, uint32_t epoch);

// One training epoch's loop, shared by the float and the chip trainer: the samples in
// gem_epoch_order, `learn(sample, id)` on each (id: the sample's position over all epochs),
// and the report's training figures, curve and speed.
struct GemSampleFigures {
  double bound = 0;            // L_K of the sample
  uint64_t hidden_spikes = 0;  // summed over compartments
};
void run_gem_epoch(const GemTrainOptions& opt, uint32_t epoch, size_t samples, uint32_t steps, GemEpochReport& rep,
                   const std::function<GemSampleFigures(size_t sample, uint64_t id)>& learn);

// One evaluated sample: the IW score of every class (nats) and the compartments' vote
// fractions per class.
struct GemSampleScores {
  std::vector<double> score, votes;
};
// The figures of a GemEval (seconds left 0) from every sample's scores, in sample order.
GemEval reduce_gem_eval(const std::vector<GemSampleScores>& s, const std::vector<uint8_t>& labels, uint32_t compartments);
// A worker's scorer: the scores of test sample i.
using GemSampleScorer = std::function<GemSampleScores(size_t sample)>;
// Every sample of `labels` scored on `threads` workers (0: every core), each with its own
// scorer from `make_scorer` (sample i on worker i mod workers; an error in a worker
// reaches the caller), reduced in sample order and timed: thread count changes nothing.
GemEval evaluate_gem_samples(const std::vector<uint8_t>& labels, uint32_t compartments, unsigned threads,
                             const std::function<GemSampleScorer()>& make_scorer);

// Expected calibration error of (confidence, correct) pairs over `bins` equal-width bins.
double expected_calibration_error(const std::vector<double>& confidence, const std::vector<uint8_t>& correct,
                                  uint32_t bins = 10);

}  // namespace nmx
