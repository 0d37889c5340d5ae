// Checkpoint of a delay-training run: frozen weights, delays, Adam moments, epoch, the
// epoch history and the hidden neuron model. One binary file (docs/formats.md,
// "Delay-training checkpoint"), CRC-checked, written atomically, so a killed run resumes
// from its last completed epoch and a damaged file is refused.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "delay/delay_model.hpp"

namespace nmx {

struct EpochReport;

struct DelayCheckpoint {
  delay::Params params;
  std::vector<double> m1, v1, m2, v2;  // Adam moments of the trained parameters (d or w)
  bool train_weights = false;
  uint32_t epoch = 0;                  // completed epochs
  uint64_t adam_step = 0;
  uint64_t seed = 0;
  // The hidden neuron trained: model, theta, du and dv (datapath), srm (SRM-alpha); the
  // other fields are not recorded. A format-1 checkpoint (before the neuron model was
  // recorded) reads as the datapath with neuron_recorded = false.
  delay::NeuronConfig neuron;
  bool neuron_recorded = true;
  std::vector<std::vector<double>> history;  // per completed epoch: loss, train acc, eval acc, spikes, seconds
};

void write_checkpoint(const std::string& path, const DelayCheckpoint& c);
// Throws InputError naming the file: missing pieces, wrong magic or format version,
// truncation, CRC, or a shape other than `expected`.
DelayCheckpoint read_checkpoint(const std::string& path, const delay::Shape& expected);

}  // namespace nmx
