// Lockstep comparison of two chip levels (docs/chip-spec.md §8): after every timestep, the
// spike set of every core and, with `state`, u, v and ref of every neuron (and a mode
// unit's r per neuron and m per mode, reported as neuron=p). The first
// divergence becomes one line a user can act on:
//   MISMATCH step=T core=C neuron=N field=v L1=expected L2=got
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "level/chip_model.hpp"

namespace nmx {

struct Mismatch {
  uint32_t step = 0, core = 0, neuron = 0;
  std::string field;  // spike, u, v, ref, lfsr; plasticity: x1, x2, y1, y2 (group g: y1.g), e, w, d
  int64_t expected = 0, got = 0;
  std::string site = {};  // when set, names the place instead of neuron=: axon=A, synapse=AXON->POST
  std::string line(const std::string& ref_level, const std::string& dut_level) const;
};

// Thrown by a level that checks itself against another when they diverge.
class LockstepError : public std::runtime_error {
 public:
  LockstepError(const Mismatch& m, const std::string& line, int64_t last_agreeing_step)
      : std::runtime_error(line), mismatch(m), last_agreeing_step(last_agreeing_step) {}
  Mismatch mismatch;
  int64_t last_agreeing_step;  // -1 when the first step diverged
};

class LockstepChecker {
 public:
  explicit LockstepChecker(bool state) : state_(state) {}

  // Compares one timestep; spikes are in (core, neuron) order as ChipModel::step gives them.
  std::optional<Mismatch> compare(uint32_t step, const ChipModel& ref, const std::vector<CoreSpike>& ref_spikes,
                                  const ChipModel& dut, const std::vector<CoreSpike>& dut_spikes);

  uint64_t steps() const { return steps_; }
  uint64_t spikes() const { return spikes_; }
  uint64_t words() const { return words_; }  // spike flags and state words compared

 private:
  bool state_;
  uint64_t steps_ = 0, spikes_ = 0, words_ = 0;
};

}  // namespace nmx
