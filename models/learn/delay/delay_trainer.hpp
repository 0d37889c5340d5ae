// `nmx train delay`: delay-only training (docs/delay.md) on Fashion-MNIST or MNIST.
// Frozen random weights (ternary codes x scale, or Gaussian), per-synapse delays trained
// with Adam on mini-batches; latency coding into the first steps. Multi-threaded and
// bit-identical for a seed whatever the thread count (gradients are summed as 64-bit
// fixed point, which is order-free). A checkpoint is written after every epoch, atomically;
// a run given an existing checkpoint resumes from it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "net/network.hpp"
#include "delay/delay_model.hpp"

namespace nmx {

struct DelayTrainOptions {
  std::string dataset = "fashion-mnist", data_dir;
  size_t train_limit = 0;    // 0 = the whole training split
  size_t eval_limit = 2000;  // test-split samples evaluated after each epoch (0 = all)
  delay::Shape shape{784, 800, 10, 10};
  uint32_t latency_steps = 4;  // inputs spike in the first steps
  bool ternary = true;         // frozen weights: ternary codes x scale, else Gaussian
  double zero_fraction = 1.0 / 3.0;
  double hidden_gain = 2.5;    // hidden weight scale, relative to theta / sqrt(active fan-in)
  delay::NeuronConfig neuron;  // the hidden neuron model: the datapath, or SRM-alpha
  uint32_t max_delay = 15;     // delays live in [0, max_delay] (D - 1 of the target chip);
                               // SRM-alpha's input->hidden delays in [0, max_delay - 1]
  double init_delay = 4.0;     // initial delays uniform in (0, init_delay]
  bool train_weights = false;  // the baseline: weights trained, delays zero
  double lr = 0.01;            // Adam
  bool cosine_lr = false;      // lr x (1 + cos(pi x step / total steps)) / 2, else constant
  double weight_decay = 0;     // decoupled (AdamW) decay of trained weights (baseline only)
  uint32_t augment_shift = 0;  // training samples shifted by up to this many pixels (augment.hpp)
  uint32_t batch = 32, epochs = 1;
  uint64_t seed = 1;
  unsigned threads = 0;        // 0 = every core
  std::string checkpoint;      // resumed from when it exists; written after every epoch
  std::function<void(uint32_t epoch, size_t done, size_t total)> progress;  // samples of epoch (1-based) done
};

struct EpochReport {
  uint32_t epoch = 0;
  double train_loss = 0, train_accuracy = 0, eval_accuracy = 0;
  double hidden_spikes_per_sample = 0, seconds = 0;
};

struct DelayTrainResult {
  Network network;  // float network: frozen weights, trained (integer) delays
  std::vector<EpochReport> epochs;
  uint32_t resumed_from_epoch = 0;
};

DelayTrainResult train_delays(const DelayTrainOptions& opt, const std::function<void(const EpochReport&)>& on_epoch = {});

// The float network of trained parameters (delays truncated): input -> hidden (the chip's
// neuron, subtractive reset; or SRM-alpha, model = srm_alpha) -> output integrators read
// out by final membrane.
Network delay_network(const delay::Params& p, const delay::NeuronConfig& c, uint32_t latency_steps, uint64_t seed,
                      const std::string& description);

// Frozen weights and initial delays of a new run.
delay::Params init_delay_params(const DelayTrainOptions& opt);

// The largest input->hidden delay: max_delay, or max_delay - 1 with SRM-alpha hidden
// neurons (mapped onto the chip's datapath, an input arrives one step later).
uint32_t input_delay_limit(const DelayTrainOptions& opt);

}  // namespace nmx
