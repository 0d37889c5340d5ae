// Generated networks: feed-forward (optionally also recurrent) layers of heterogeneous LIF neurons with random
// (ternary or Gaussian) weights and random per-synapse delays. Used by tests, benchmarks
// and the demo until trained networks exist; deterministic for a seed.
#pragma once

#include <cstdint>
#include <vector>

#include "net/network.hpp"

namespace nmx {

struct GenerateOptions {
  std::vector<uint32_t> layers{784, 800, 10};  // first entry is the input population
  bool ternary = true;          // weights code * s with code in {-1, 0, +1}; else Gaussian
  double zero_fraction = 1.0 / 3.0;  // ternary: P(code = 0)
  double connectivity = 1.0;    // 1 = dense projections; < 1 = sparse with this density
  double recurrent_connectivity = 0.0;  // > 0: every neuron layer also projects onto itself
                                        // (sparse below 1, this density; after its feed-forward input)
  uint32_t max_delay = 15;      // delays uniform in [0, max_delay]
  double weight_gain = 1.0;     // weight scale relative to theta / sqrt(expected active fan-in)
  double input_activity = 0.5;  // expected fraction of presynaptic neurons active over a sample
  double theta = 1.0;
  double du = 0.25, dv = 0.25;  // mean decay fractions; each neuron draws within +-50%
  uint32_t refrac = 1;
  ResetMode reset = ResetMode::Subtract;
  double stochastic_fraction = 0.0;  // fraction of neurons with stochastic spiking
  // A low-rank recurrence on the first neuron layer (gen/low_rank.hpp): P modes, 0 = none.
  uint32_t modes = 0;           // [0, 16]
  double mode_gain = 1.0;       // feedback strength relative to theta
  double rate_decay = 0.1;      // the rate trace's decay per step, (0, 1]
  Encoder encoder;              // latency code over 10 steps by default
  uint64_t seed = 1;
};

Network generate_network(const GenerateOptions& opt);

}  // namespace nmx
