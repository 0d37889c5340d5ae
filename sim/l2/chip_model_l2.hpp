// L2 behind the runner's ChipModel calls: the SystemC chip, checked against L1 in
// lockstep after every timestep (spikes, and with `state` every neuron's u, v, ref,
// lfsr), with the cycle accounting summed over the run and the energy estimate.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "l1/chip_l1.hpp"
#include "l2/chip_l2.hpp"
#include "lockstep/lockstep.hpp"

namespace nmx::l2 {

struct L2Options {
  TraceOptions trace;
  Models models;              // core and router models to bind in place of nmx's (model_sockets.hpp)
  std::string name = "chip";  // the SystemC module (and trace scope) name
  bool lockstep_l1 = true;  // run L1 beside L2 and stop at the first divergence
  bool compare_state = false;
};

// Sums over every timestep of every sample (core figures summed over cores).
struct L2Totals {
  uint32_t cores = 0;
  uint64_t samples = 0, steps = 0;
  uint64_t cycles = 0, preload_cycles = 0, max_step_cycles = 0;
  uint64_t synaptic_cycles = 0, neuron_cycles = 0, route_stall_cycles = 0, idle_cycles = 0, host_stall_cycles = 0;
  uint64_t plastic_cycles = 0;  // plasticity phases (learning cores)
  uint64_t mode_cycles = 0;     // mode phases (cores with a mode projection)
  uint64_t synaptic_ops = 0, neuron_updates = 0, events = 0, hops = 0, spikes = 0;
  uint64_t estimate_cycles = 0;    // closed-form estimate summed over steps (cycle_estimate.hpp)
  double estimate_abs_error = 0;   // sum of |estimate - simulated| over steps
  uint64_t lockstep_steps = 0, lockstep_spikes = 0, lockstep_words = 0;
  bool lockstep = false, state = false;
};

class ChipModelL2 final : public ChipModel {
 public:
  ChipModelL2(const ChipImage& chip, const L2Options& options);

  void reset() override;
  void step(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
            std::vector<CoreSpike>& out) override;
  const neuron_fixed::State& neuron(uint32_t core, uint32_t local) const override {
    return chip_->neuron(core, local);
  }
  int32_t mode_rate(uint32_t core, uint32_t j) const override { return chip_->mode_unit(core)->rate(j); }
  int32_t mode_projection(uint32_t core, uint32_t p) const override { return chip_->mode_unit(core)->projection(p); }
  uint64_t synaptic_events() const override { return synaptic_events_; }
  const ChipImage& image() const override { return image_; }

  // Plasticity (docs/plasticity.md), as ChipL1: the cores' L1 engines, timed.
  bool learns() const override { return learning_; }
  void set_learning(bool on) override;
  void set_core_learning_signal(uint32_t core, uint32_t local, int32_t l) override;
  void set_core_clamp(uint32_t core, uint32_t local, uint8_t clamp) override;
  void write_core_weights(uint32_t core, uint32_t axon, const std::vector<int32_t>& codes) override;
  void restore_weights();
  void write_learned(Network& net) const override;

  ChipL2& chip() { return *chip_; }
  const L2Totals& totals() const { return totals_; }

 private:
  void account(const StepCycles& s, bool preload);

  const ChipImage& image_;
  L2Options opt_;
  std::unique_ptr<ChipL2> chip_;
  std::optional<ChipL1> l1_;
  std::vector<CoreSpike> l1_spikes_;
  LockstepChecker checker_;
  int64_t last_agreeing_ = -1;
  bool first_step_ = true;
  bool learning_ = false;
  uint64_t synaptic_events_ = 0;
  L2Totals totals_;
};

// Timing, energy and lockstep figures of a run, per sample and per step (docs/formats.md).
nlohmann::json to_json(const L2Totals& t, const HwConfig& hw, double period_ns);

}  // namespace nmx::l2
