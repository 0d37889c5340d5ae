// One core of the L1 chip: its event buffer (axon bitmap), dendritic accumulator ring and
// neurons, with the synaptic and neuron phases as separate calls. ChipL1 strings cores
// together with the router; the L2 SystemC core wraps these same calls in timed
// transactions, so both levels share one implementation of the arithmetic.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "neuron/neuron_fixed.hpp"
#include "map/chip_image.hpp"
#include "l1/plasticity_l1.hpp"
#include "mode/mode_unit_l1.hpp"

namespace nmx {

class CoreL1 {
 public:
  CoreL1(const ChipImage& chip, uint32_t core);

  // Neurons, accumulators, events and the plasticity traces (x, y, e, l) back to their
  // initial values; learned weights and the plasticity LFSR carry on (restore_weights).
  void reset();

  // Event buffer: one bit per axon, for this step (`now`, external input) or the next.
  // `now` only before this step's synaptic phase: its headroom plan counts the pending rows.
  void post_event(uint32_t axon, bool now);
  // Next pending axon at or after `from` in ascending order, or -1 when none.
  int64_t next_pending(uint32_t from) const;

  // Synaptic phase of step t: every pending event in ascending axon order (the arrival
  // order is fixed by the event buffer, not by router timing: docs/architecture.md);
  // clears them. on_row(axon) is called after each row, so a timed model can annotate it.
  // Rows are added without the clamp when the headroom bound (plan_step) proves that no
  // partial sum can leave the 24-bit range: the result is then the saturating one, bit
  // for bit, whatever the order.
  template <typename OnRow>
  uint64_t synaptic_phase(uint32_t t, OnRow&& on_row) {
    const bool fast = plan_step(t);
    if (learning_) events_ = pending_;  // the plasticity phase's pre events
    uint64_t events = 0;
    for (size_t w = 0; w < pending_.size(); ++w) {
      uint64_t bits = pending_[w];
      pending_[w] = 0;
      while (bits) {
        const auto axon = static_cast<uint32_t>(w * 64 + __builtin_ctzll(bits));
        events += fast ? apply_row<false>(axon) : apply_row<true>(axon);
        assert(++rows_done_ <= planned_rows_ && "post_event(now) during a synaptic phase");
        on_row(axon);
        bits &= bits - 1;
      }
    }
    return events;
  }
  uint64_t synaptic_phase(uint32_t t) {
    return synaptic_phase(t, [](uint32_t) {});
  }

  // Neuron phase of step t: reads and clears slot t mod D, updates every neuron in index
  // order and calls on_spike(local index) for each spike.
  template <typename OnSpike>
  void neuron_phase(uint32_t t, OnSpike&& on_spike) {
    int32_t* slot = acc_.data() + size_t{t & d_mask_} * img_.neurons;
    bound_[t & d_mask_] = 0;
    spiked_.clear();
    for (uint32_t i = 0; i < img_.neurons; ++i) {
      const int32_t a = slot[i];
      slot[i] = 0;
      if (!neuron_fixed::step(neurons_[i], img_.params[i], sigmoid_, a, clamp_[i])) continue;
      if (learning_) spiked_.push_back(i);
      if (mode_) mode_->note_spike(i);
      on_spike(i);
    }
  }

  // Plasticity phase of step t (docs/plasticity.md), after the neuron phase: this step's
  // processed axons and spikes. Nothing when the core has no synapse group or learning is
  // off. A weight it changes is used from step t + 1's synaptic phase on.
  void plasticity_phase(uint32_t t) {
    if (learning_) plastic_->plasticity_phase(t, events_.data(), spiked_, neurons_.data());
  }
  // What this step's plasticity phase saw (learning only): the processed axons' bitmap and
  // the spiking neurons, ascending.
  const std::vector<uint64_t>& step_events() const { return events_; }
  const std::vector<uint32_t>& step_spikes() const { return spiked_; }
  // The core's plasticity unit; null when no plastic projection arrives here.
  plastic::PlasticityL1* plasticity() { return plastic_.get(); }
  const plastic::PlasticityL1* plasticity() const { return plastic_.get(); }
  // The host's clamp of a local neuron (fx::kClamp*), from the next neuron phase on, until
  // rewritten or freed. The chip frees them at a sample's start (ChipL1::reset); reset()
  // keeps them, because L2 resets its cores only when its kernel next runs.
  void set_clamp(uint32_t local, uint8_t clamp) { clamp_[local] = clamp; }
  void free_clamps() { std::fill(clamp_.begin(), clamp_.end(), fx::kClampFree); }
  uint8_t clamp(uint32_t local) const { return clamp_[local]; }
  // Learning on (default, when the core has a group) or off (weights stay as they are).
  void set_learning(bool on) { learning_ = on && plastic_; }
  bool learning() const { return learning_; }
  // Learned weights and the plasticity LFSR back to the image's (reset() keeps them).
  void restore_weights();
  // The host's write of plastic row `axon`'s codes (codes[p] at position p), between steps.
  void write_weights(uint32_t axon, const std::vector<int32_t>& codes);

  // Mode phase of step t (docs/chip-spec.md §6), after the neuron phase: the mode unit's
  // feedback lands in slot (t + 1) mod D. No-op on a core without a mode projection.
  void mode_phase(uint32_t t);
  const ModeUnitL1* mode_unit() const { return mode_ ? &*mode_ : nullptr; }

  // End of timestep: next step's events become pending.
  void end_step();

  const CoreImage& image() const { return img_; }
  const neuron_fixed::State& neuron(uint32_t local) const { return neurons_[local]; }
  int32_t accumulator(uint32_t local, uint32_t slot) const { return acc_[size_t{slot} * img_.neurons + local]; }

  // false: every step takes the saturating path (the reference the fast path is tested
  // against). Default true.
  void set_fast_path(bool on) { fast_enabled_ = on; }
  // Synaptic phases run without the clamp / with it since construction (not reset).
  uint64_t fast_phases() const { return fast_phases_; }
  uint64_t saturating_phases() const { return saturating_phases_; }

 private:
  // Counts the pending rows, decides whether step t may skip the clamp and updates the
  // per-slot bounds; sets the slot pointers of step t.
  bool plan_step(uint32_t t);
  // Adds the row of `axon` into the ring (slot pointers of the planned step); returns
  // the synapses processed.
  template <bool kSaturate>
  uint32_t apply_row(uint32_t axon);

  // The synapse memory the synaptic phase reads: the image's, or the plasticity unit's
  // mutable copy when the core learns.
  const uint8_t* packed() const { return plastic_ ? plastic_->packed().data() : img_.packed.data(); }
  const SynapseEntry* entries() const { return plastic_ ? plastic_->entries().data() : img_.entries.data(); }

  const CoreImage& img_;
  const std::vector<fx::Scale>& scales_;
  std::unique_ptr<plastic::PlasticityL1> plastic_;  // null: no synapse group on this core
  bool learning_ = false;
  std::vector<uint64_t> events_;   // axon bitmap of this step's processed events (learning only)
  std::vector<uint32_t> spiked_;   // local neurons that spiked this step (learning only)
  std::vector<std::array<int32_t, 4>> ternary_lut_;  // per projection: weight of each 2-bit code
  neuron_fixed::Sigmoid sigmoid_;
  std::vector<uint8_t> clamp_;  // per local neuron, fx::kClamp* (2 bits)
  uint32_t d_mask_;
  std::vector<neuron_fixed::State> neurons_;
  std::vector<int32_t> acc_;        // [D][N], 24-bit saturating
  std::vector<uint64_t> pending_;   // axon bitmap of events for this step
  std::vector<uint64_t> next_;      // axon bitmap of events for the next step
  // Headroom: bound_[s] >= |every accumulator of slot s|; a slot's bound returns to 0 when
  // the neuron phase reads and clears it. max_weight_: the largest |effective weight| of
  // any synapse of this core; max_delay_: its largest delay (slots t+d, d > max_delay_,
  // are never written in step t).
  std::array<int64_t, fx::kMaxDelaySlots> bound_{};
  int64_t max_weight_ = 0;
  uint32_t max_delay_ = 0;
  std::array<int32_t*, fx::kMaxDelaySlots> slot_of_delay_{};  // of the planned step
  // Clamp-free packed rows, indexed by the synapse byte: the ring offset of its slot in the
  // planned step, and per projection its weight.
  std::vector<int32_t> byte_offset_;
  std::vector<std::vector<int32_t>> byte_weight_;
  bool fast_enabled_ = true;
  uint64_t fast_phases_ = 0, saturating_phases_ = 0;
  uint64_t planned_rows_ = 0, rows_done_ = 0;  // for the assert in synaptic_phase
  std::optional<ModeUnitL1> mode_;  // present iff the core has a mode projection
};

}  // namespace nmx
