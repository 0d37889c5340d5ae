// L3: the Verilated RTL chip (rtl/nmx_chip.sv) behind the same step interface as L1 and
// L2. The harness loads the chip image through the memory-image port (rtl_image.hpp),
// streams each step's input events into the host port, clocks the chip until its barrier
// completes and records the same cycle accounting as L2 (timing/step_cycles.hpp).
// Unlike SystemC, any number of L3 chips may exist in one process. The chip is reached
// through its pins (rtl_chip.hpp): the built-in one, or one Verilated at run time around a
// user's core (L3Options::chip).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "l3/rtl_chip.hpp"
#include "l3/rtl_image.hpp"
#include "level/chip_model.hpp"
#include "lockstep/plastic_state.hpp"
#include "timing/step_cycles.hpp"

namespace nmx::l3 {

// test-only RTL hooks: every delay + 1, the decay's rounding constant, the plasticity
// unit adding every rule term with a + sign
enum class Fault : uint8_t { None = 0, DelayPlusOne = 1, DecayRounding = 2, PlasticSign = 3 };

struct L3Options {
  Fault fault = Fault::None;
  std::string fst_path;           // FST waveform; empty = none
  uint32_t fst_first_step = 0;    // steps traced (of the sample being run)
  uint32_t fst_last_step = 0;
  uint32_t fst_sample = 0;        // which sample (counted by reset() after a step ran) is traced
  RtlChipFactory chip;            // the chip to drive; empty: the one linked into nmx
};

class ChipL3 final : public ChipModel {
 public:
  explicit ChipL3(const ChipImage& chip, const L3Options& options = {});
  ~ChipL3() override;

  void reset() override;
  void step(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
            std::vector<CoreSpike>& out) override;
  const neuron_fixed::State& neuron(uint32_t core, uint32_t local) const override;
  // Read back through the debug port (outside a step).
  int32_t mode_rate(uint32_t core, uint32_t j) const override;
  int32_t mode_projection(uint32_t core, uint32_t p) const override;
  uint64_t synaptic_events() const override { return 0; }  // not observable at the pins
  const ChipImage& image() const override { return image_; }

  const StepCycles& last_step() const { return step_; }
  const StepCycles& last_preload() const { return preload_; }
  uint32_t time() const { return t_; }
  uint64_t cycle() const;

  // Plasticity state read back through the debug port (outside a step; one clock each).
  // x: {x2, x1} of an axon; y: group g's {y2, y1} of a neuron at word g; e and synapse:
  // one memory word, lane l at word l (the synapse word's fields as in the load image).
  std::array<uint32_t, 8> read_plastic(uint32_t core, PlDbg what, uint32_t addr) const;
  // Every trace and plastic synapse of a core, read back (one clock per memory word).
  PlasticSnapshot plastic_snapshot(uint32_t core) const;
  // Plasticity, as ChipL1 (docs/plasticity.md): learning on by default when the image has a
  // plastic projection; off loads every core's configuration with no group (no phase).
  bool learns() const override { return learning_ && plastic_; }
  void set_learning(bool on) override;
  // Host write of l (16-bit signed, saturated) of neuron n of a population, before a step.
  void set_core_learning_signal(uint32_t core, uint32_t local, int32_t l) override;
  void set_core_clamp(uint32_t core, uint32_t local, uint8_t clamp) override;
  // Read-modify-write of the synapse words that hold the row, through the load port.
  void write_core_weights(uint32_t core, uint32_t axon, const std::vector<int32_t>& codes) override;
  // The synapse memory and the plasticity LFSR back to the image's (what reset() keeps).
  void restore_weights();
  void write_learned(Network& net) const override;

  // Fault injection (tests): XOR `mask` into one lane of a loaded synapse word.
  void flip_synapse_bits(const SynapseSite& site, uint32_t mask);
  // Called after every running clock cycle (the SystemC wrapper advances time with it).
  void set_cycle_hook(std::function<void()> hook) { cycle_hook_ = std::move(hook); }
  // Closes the waveform (also done by the destructor).
  void finish_trace();

 private:
  struct Impl;
  void run_request(bool compute, const std::vector<uint32_t>& host_inputs, StepCycles& stats);

  const ChipImage& image_;
  std::unique_ptr<Impl> impl_;
  RtlImage rtl_;
  uint32_t t_ = 0;
  bool first_step_ = true;
  bool plastic_ = false, learning_ = false;  // the image has a synapse group; learning is on
  std::string fst_path_;
  std::function<void()> cycle_hook_;
  uint32_t fst_first_ = 0, fst_last_ = 0, fst_sample_ = 0;
  uint32_t sample_ = 0;  // samples run before this one (as ChipL2 counts them)
  StepCycles step_, preload_;
};

}  // namespace nmx::l3
