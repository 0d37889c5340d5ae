// `nmx check` (docs/chip-spec.md §8): runs L1 (the golden model) and the chosen timed levels in
// lockstep, timestep by timestep, and stops at the first divergence:
//   - L1 vs L2 and L1 vs L3: the spike set of every core, and with `state` u, v, ref and
//     lfsr of every neuron and, on learning cores, every trace (x1, x2, y1, y2) and every
//     plastic synapse's e, w and d (lockstep/plastic_state.hpp);
//   - L2 vs L3: cycles of the step and of every core's phases, route stalls, and the cycle
//     at which every spike left its core.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "l1/chip_l1.hpp"
#include "l2/chip_model_l2.hpp"
#include "l3/chip_l3.hpp"
#include "lockstep/lockstep.hpp"

namespace nmx {

struct CheckOptions {
  bool systemc = true, rtl = true;
  bool state = false;
  l3::L3Options l3;
  // Called for every level (L1 first) before each step: the host's writes between steps,
  // e.g. learning signals (LevelModel::set_learning_signal).
  std::function<void(uint32_t step, LevelModel& level)> before_step;
};

struct CheckFailure {
  Mismatch mismatch;
  std::string line;             // MISMATCH step=... (one line a user can act on)
  uint32_t sample = 0;
  int64_t last_agreeing_step = -1;
};

class LevelCheck {
 public:
  LevelCheck(const ChipImage& chip, const CheckOptions& options);

  // One sample (a raster of input events per step). Returns the first divergence, if any.
  std::optional<CheckFailure> run_sample(const std::vector<std::vector<uint32_t>>& raster);

  uint64_t steps() const { return steps_; }
  uint64_t spikes() const { return spikes_; }
  // Spike flags and state words (per compared level) and cycle counts compared.
  uint64_t words() const {
    return vs_l2_.words() + vs_l3_.words() + cycle_words_ + plastic_words_ * ((l2_ ? 1 : 0) + (l3_ ? 1 : 0));
  }
  uint64_t l2_cycles() const { return l2_cycles_; }
  uint64_t l3_cycles() const { return l3_cycles_; }
  // Cycles in which the router refused a source (cores and host) at L3, over the compared
  // steps: equal to L2's, since every step's counts were compared.
  uint64_t l3_route_stalls() const { return l3_route_stalls_; }
  // Wall time in the timed levels' steps (state read-back and comparison excluded).
  double l2_seconds() const { return l2_seconds_; }
  double l3_seconds() const { return l3_seconds_; }
  l3::ChipL3* rtl() { return l3_.get(); }
  ChipL1& l1() { return l1_; }
  l2::ChipModelL2* systemc() { return l2_.get(); }

 private:
  std::optional<Mismatch> compare_cycles(const StepCycles& a, const StepCycles& b, uint32_t step);

  const ChipImage& chip_;
  CheckOptions opt_;
  ChipL1 l1_;
  std::unique_ptr<l2::ChipModelL2> l2_;
  std::unique_ptr<l3::ChipL3> l3_;
  LockstepChecker vs_l2_, vs_l3_;
  uint32_t samples_ = 0;
  uint64_t steps_ = 0, spikes_ = 0, cycle_words_ = 0, l2_cycles_ = 0, l3_cycles_ = 0;
  uint64_t plastic_words_ = 0;  // traces, e, w, d compared per level (with state)
  double l2_seconds_ = 0, l3_seconds_ = 0;
  uint64_t l3_route_stalls_ = 0;
};

}  // namespace nmx
