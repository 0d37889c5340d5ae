// Where the plasticity unit's learning signal l comes from during a run (docs/plasticity.md,
// "Learning signal"): nowhere (l = 0), a global reward the host writes to every learning
// neuron, a designated neuron (l = amplitude while it has spiked since the last learning
// epoch), or the sample's label (l = amplitude on the readout neuron of the label).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "level/level_model.hpp"
#include "net/network.hpp"

namespace nmx {

enum class SignalKind : uint8_t { None = 0, Reward = 1, Neuron = 2, Label = 3 };

struct LearningSignal {
  SignalKind kind = SignalKind::None;
  int32_t value = 0;                     // reward / amplitude, 16-bit signed
  uint32_t population = 0, neuron = 0;   // Neuron: the designated neuron
};

// "none", "reward:V", "neuron:POPULATION:N:A" or "label:A"; throws InputError naming
// `option` and the allowed forms and ranges.
LearningSignal parse_learning_signal(const std::string& text, const Network& net, const std::string& option);
std::string to_string(const LearningSignal& s);

// Teacher forcing (docs/chip-spec.md §2, "Clamp"): clamps the readout population of `net`,
// neuron `label` to spike and the others silent, until the level's next reset.
void clamp_readout(LevelModel& level, const Network& net, int label);

// Writes l into one level step by step. One per level: a designated neuron's spikes are
// that level's own.
class LearningSignalDriver {
 public:
  LearningSignalDriver(const Network& net, const LearningSignal& signal);
  // Start of a sample (after the level's reset, which zeroes l).
  void start(LevelModel& level, int label);
  // Before step t / after it, with the step's spikes.
  void before_step(uint32_t t, LevelModel& level);
  void after_step(uint32_t t, const PopulationSpikes& spikes);

 private:
  void write_all(LevelModel& level, int32_t l);

  const Network& net_;
  LearningSignal signal_;
  std::vector<uint32_t> targets_;  // populations with a plastic projection arriving
  uint32_t epoch_ = 0;             // smallest rule epoch (0: none; "since the sample began")
  bool fired_ = false;
  int32_t written_ = 0;
};

}  // namespace nmx
