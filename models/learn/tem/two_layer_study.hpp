// The two-layer recovery experiment (docs/tem-two-layer.md): recovery error of W1 and W2
// and of the hidden spike times versus the number of examples, averaged over teacher
// seeds; rows for `nmx tem study` (TSV + gnuplot). Deterministic for a given spec.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "tem/two_layer.hpp"

namespace nmx::tem {

struct TwoLayerStudySpec {
  TwoLayerSpec net;  // net.seed is replaced by seed + s for teacher s
  std::vector<uint32_t> examples = {1, 2, 3, 5, 10, 20, 50};
  uint32_t teachers = 5;
  bool known_count = false;  // give the learner K per example instead of estimating it
  double time_noise = 0;     // std of output spike-time jitter, steps
  double consistency_tol = 1e-6;  // RecoveryOptions::consistency_tol; raise it with time_noise
  double min_separation = 0;      // RecoveryOptions::min_separation, steps
  uint64_t seed = 1;
};

struct TwoLayerStudyRow {
  uint32_t examples = 0;
  uint32_t runs = 0;             // teachers whose recovery returned (others: failed_runs)
  uint32_t failed_runs = 0;      // recover() threw: no usable example, or no two clusters
  uint32_t underdetermined_runs = 0;  // runs (counted in `runs`) whose layer-1 fit was rank deficient
  double layer1_error = 0;       // mean over runs of ||Ŵ1 − W1|| / ||W1|| (best hidden permutation)
  double layer1_error_max = 0;
  double layer2_error = 0;       // same for W2 (least-squares re-solve)
  double layer2_error_max = 0;
  double spike_time_error = 0;   // RMS over matched hidden spikes, steps (circular distance)
  double spike_time_error_max = 0;
  uint32_t used_examples = 0;    // over all runs
  uint32_t rejected_examples = 0;
  uint32_t count_mismatches = 0; // used examples whose K differs from the true spike count
  uint32_t misassigned_spikes = 0;  // matched spikes grouped with the wrong hidden neuron
  // The regime, over all examples of all teachers (checks the defaults' assumptions):
  double min_output_drive = 1e300;  // min of y_j(t) on a 0.25-step grid, must stay > 0
  uint32_t min_output_spikes = UINT32_MAX;  // fewest spikes of an output in one example (>= 2M + 1)
  std::string first_failure;       // message of the first failed run or rejected example
  uint32_t max_hidden_spikes = 0;   // most hidden spikes (K, both neurons) in one example (<= M)
};

std::vector<TwoLayerStudyRow> two_layer_study(const TwoLayerStudySpec& spec);

// Tab-separated, one header line; the column names are the field names above.
void write_two_layer_tsv(std::ostream& out, const std::vector<TwoLayerStudyRow>& rows);
// One study per output-time noise level: DIR/tem-two-layer-noise<σ>.tsv each, and
// DIR/tem-two-layer.png (layer-1 and layer-2 error against examples, a curve per noise).
std::vector<std::string> write_two_layer_plots(const std::vector<double>& noises,
                                               const std::vector<std::vector<TwoLayerStudyRow>>& rows,
                                               const std::string& dir);
// The same as a markdown table.
std::string two_layer_markdown(const std::vector<double>& noises, const std::vector<std::vector<TwoLayerStudyRow>>& rows);

}  // namespace nmx::tem
