// L1 speed of a low-rank recurrence on the mode unit against the same recurrence written
// out as a dense N x N projection (net/mode_dense.hpp), one thread, interleaved on the same
// inputs (docs/performance.md "Low-rank mode unit").
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/network.hpp"

namespace nmx {

struct BenchModesOptions {
  std::vector<uint32_t> sizes{100, 200, 1000};  // N of the generated networks
  uint32_t modes = 3;          // P
  uint32_t inputs = 100;       // generated input population
  double connectivity = 0.2;   // input -> N density (generated)
  double input_rate = 0.05;    // fraction of inputs spiking per step
  double weight_gain = 1.0;    // generated input weights (GenerateOptions::weight_gain)
  double mode_gain = 1.0;      // generated feedback (GenerateOptions::mode_gain)
  int weight_bits = 8;         // WB of every dense projection, the materialised W included
  int mode_bits = 8;           // WM of the mode codes
  double min_seconds = 1.0;    // CPU time per contestant and network
  uint64_t seed = 1;
};

struct BenchModesResult {
  uint32_t inputs = 0, neurons = 0, modes = 0;  // of the population with the mode projection
  double mode_steps_per_second = 0, dense_steps_per_second = 0;
  double ratio_mode_over_dense = 0;
  double mode_spikes_per_step = 0, dense_spikes_per_step = 0;  // every neuron population
  double dense_synaptic_events_per_step = 0;  // the dense twin, recurrence included
  double dense_weight_rel_error = 0;  // ||W_q - W|| / ||W|| of the materialised projection(s)
  double mode_matrix_rel_error = 0;   // the same for the mode codes (quantize_modes)
};

// One float network with mode projections (e.g. a trained SMNN file) against its dense twin:
// both quantised with opt.weight_bits and opt.mode_bits for one chip whose cores hold every
// population (N neurons, a mode unit of P modes), inputs random at opt.input_rate.
BenchModesResult bench_modes(const Network& float_net, const BenchModesOptions& opt);
// Generated networks (inputs -> N, rate_decay 1 so that both run the same network), one per size.
std::vector<BenchModesResult> bench_modes(const BenchModesOptions& opt);
nlohmann::json to_json(const BenchModesResult& r, const BenchModesOptions& opt);

}  // namespace nmx
