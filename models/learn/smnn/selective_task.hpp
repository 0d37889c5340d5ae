// Context-dependent selective integration (docs/smnn.md, "Selective integration"): two
// noisy sensory channels, each N(offset, noise_sd^2) per step with offset +-0.5, and a
// one-hot context pair that cues one of them. The target is the sign of the cued
// channel's offset, held over the response window. Inputs: 0, 1 the channels; 2, 3 the
// context (1 on the cued channel's line).
//
//   steps [0, silent)                   nothing
//   steps [silent, silent + stimulus)   channels and context
//   steps [silent + stimulus, steps)    context only; the response window
//
// A trial is drawn from (seed, index) alone, so any set of trials is reproducible and
// independent of threads.
#pragma once

#include <cstdint>

#include "smnn/smnn_model.hpp"

namespace nmx::smnn {

struct SelectiveConfig {
  uint32_t steps = 500, silent = 50, stimulus = 200;
  double offset = 0.5, noise_sd = 1.0;
  uint32_t response_begin() const { return silent + stimulus; }
};

struct SelectiveTrial {
  InputSeq input;
  int context = 0;           // cued channel, 0 or 1
  double offset[2] = {0, 0}; // each +-offset
  double target = 0;         // sign of offset[context]
};

constexpr uint32_t kSelectiveInputs = 4;

// Throws InputError when the phases do not fit in `steps` or a value is out of range.
void check_selective_config(const SelectiveConfig& c);
SelectiveTrial selective_trial(const SelectiveConfig& c, uint64_t seed, uint64_t index);

}  // namespace nmx::smnn
