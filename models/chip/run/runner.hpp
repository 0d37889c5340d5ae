// Runs a network over a dataset at one level, in parallel over samples. At the fixed
// level it also runs L0 in lockstep on every sample and reports the L0/L1 agreement
// (docs/chip-spec.md §8: accuracy, per-layer spike-count correlation, membrane RMSE in θ).
// Results are bit-identical for any thread count: every sample is independent and all
// reductions run in sample order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "encode/encoder.hpp"
#include "map/chip_image.hpp"
#include "net/network.hpp"
#include "level/chip_model.hpp"
#include "run/learning_signal.hpp"

namespace nmx {

// L0, L1, L2, L3. The chip levels (fixed, systemc, rtl) are bit-identical. The timed ones
// (systemc, rtl) need RunOptions::make_chip from sim/ (sim/levels/timed_level.hpp).
enum class Level { Float, Fixed, SystemC, Rtl };
const char* to_string(Level level);
Level parse_level(const std::string& name);  // "float" | "fixed" | "systemc" | "rtl"; throws InputError
inline bool is_chip_level(Level level) { return level != Level::Float; }

struct RunOptions {
  Level level = Level::Fixed;
  unsigned threads = 0;         // 0 = every core
  bool compare_with_l0 = true;  // chip levels only
  // Builds the chip model of a chip level; empty = L1. Shared, so the caller can keep the
  // model (and its statistics) after the run. A model that can exist once per process
  // (the SystemC kernel elaborates once) sets single_instance, and the run uses one thread.
  std::function<std::shared_ptr<ChipModel>(const ChipImage&)> make_chip;
  bool single_instance = false;
  // Fixed level (L1): estimate each sample's cycles (closed form, cycle_estimate.hpp) and
  // dynamic energy (event counts x hw energies) from L1's activity, without L2.
  bool estimate_timing = false;
  std::function<void(size_t done, size_t total)> progress;  // called from the calling thread
  // Plasticity (docs/plasticity.md): a network with rules learns while it runs, unless off.
  // Learned weights carry over from sample to sample, so a learning run uses one thread.
  bool learning = true;
  LearningSignal signal;       // where l comes from
  // Teacher forcing (docs/chip-spec.md §2, "Clamp"): each labelled sample clamps the readout
  // population, the label's neuron to spike every step and the others silent, at the run's
  // level and at L0 beside it. The reported accuracy is then the teacher's, not the network's.
  bool clamp_label = false;
  bool keep_learned = false;   // RunReport::learned: the network with the run level's learned weights
  // Called after every step of every sample with the step's input events and the run's
  // level (a recording, record/recording.hpp); from worker threads, each sample on one thread.
  std::function<void(size_t sample, uint32_t step, const std::vector<uint32_t>& inputs, const LevelModel& level,
                     const PopulationSpikes& spikes)>
      observe;
};

struct PopulationStats {
  std::string name;
  double spikes_per_sample = 0;     // at the run's level
  double spikes_per_sample_l0 = 0;  // when compared
  double count_correlation = 0;     // Pearson r of per-neuron spike counts, L0 vs L1
  double membrane_rmse_theta = 0;   // RMS of (v_L1 * lsb - v_L0) / theta over neurons and steps
};

struct RunReport {
  Level level = Level::Fixed;
  bool compared = false;
  size_t samples = 0;
  double accuracy = 0, accuracy_l0 = 0;
  double prediction_agreement = 0;  // fraction of samples where L0 and L1 predict the same class
  double spike_agreement = 0;       // Dice overlap of (sample, step, neuron) spike sets, L0 vs L1
  double synaptic_events_per_sample = 0;
  double input_spikes_per_sample = 0;
  bool timing_estimated = false;
  double estimated_cycles_per_sample = 0;  // closed form from L1 activity (approximate)
  double energy_nj_per_sample = 0;         // dynamic energy from L1 event counts
  std::vector<PopulationStats> populations;  // non-input populations, in network order
  bool labelled = true;  // false: the inputs had no labels (accuracies are 0 and meaningless)
  std::vector<uint8_t> labels;
  std::vector<int> predictions, predictions_l0;
  double wall_seconds = 0;
  unsigned threads = 1;
  bool learned_run = false;         // the network learned during the run
  std::string signal;               // the learning signal, as given
  bool clamp_label = false;         // the readout was clamped to the label (accuracy is the teacher's)
  uint64_t weights_changed = 0;     // keep_learned: synapses whose code the run changed
  std::optional<Network> learned;   // keep_learned: the network with the learned weights
};

// Does `net` have a plastic projection?
bool has_plasticity(const Network& net);

RunReport run_dataset(const Network& net, const ChipImage* chip, const Dataset& data, const RunOptions& opt);
// The same over given input rasters (record/input_rasters.hpp): each runs for its own number
// of steps; `labels` is empty or one per raster (0..255).
RunReport run_rasters(const Network& net, const ChipImage* chip, const std::vector<InputRaster>& rasters,
                      const std::vector<int>& labels, const RunOptions& opt);
nlohmann::json to_json(const RunReport& report);

}  // namespace nmx
