// L1: one core's plasticity unit, bit-accurate (docs/plasticity.md). It owns the core's
// learning state (x1, x2 per plastic axon; y1, y2 per group and local neuron; e per
// plastic synapse; l per local neuron; the plasticity LFSR) and a mutable copy of the
// core's synapse memory, which the synaptic phase reads. plasticity_phase runs the six
// steps of the contract in their order. L2 wraps these same calls (as it wraps CoreL1),
// L3 is checked against them; l0/plasticity_l0.hpp is the float twin, method for
// method.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "map/chip_image.hpp"
#include "neuron/neuron_fixed.hpp"
#include "plastic/microcode.hpp"

namespace nmx::plastic {

// What one plasticity phase walked, for the L2 model's timing of the phase.
struct PhaseCounts {
  uint32_t axons_decayed = 0;    // step 1-2: plastic axons (x1, x2 each)
  uint32_t neurons_decayed = 0;  // step 1, 5: (group, neuron) pairs (y1, y2 each)
  uint32_t pre_rows = 0;         // step 3: plastic rows walked at pre events
  uint32_t post_entries = 0;     // step 4: column-table entries walked at post events
  uint64_t evaluations = 0;      // steps 3, 4, 6: (synapse, event) evaluations of a non-empty program
  uint64_t epoch_synapses = 0;   // step 6: synapses walked by epochs
  uint64_t lfsr_draws = 0;       // plasticity LFSR advances
};

// A weight code changed by the phase: synapse `position` of the row of `axon`, onto the
// local neuron `post`.
struct WeightChange {
  uint32_t axon = 0, position = 0;
  uint16_t post = 0;
  int8_t old_code = 0, new_code = 0;
};

// One entry of the column table: a plastic synapse onto a local neuron.
struct ColumnEntry {
  uint32_t axon = 0, position = 0;
};

class PlasticityL1 {
 public:
  PlasticityL1(const ChipImage& chip, uint32_t core);

  // Traces, e and l back to 0 (start of a sample). Weights, delays and the LFSR carry on:
  // what a run learns persists over its samples.
  void reset();
  // Synapse memory (weights, delays) and the LFSR back to the image's: unlearns.
  void restore();

  // Step t's plasticity phase, after the neuron phase: `events` is the bitmap of the axons
  // whose events the synaptic phase processed this step (one bit per axon), `spikes` the
  // local neurons that spiked this step (ascending), `neurons` the core's neuron states
  // after the neuron phase (v for SDSP tests).
  void plasticity_phase(uint32_t t, const uint64_t* events, const std::vector<uint32_t>& spikes,
                        const neuron_fixed::State* neurons);

  // The synapse memory the synaptic phase reads (the image's rows, as learned so far).
  const std::vector<uint8_t>& packed() const { return packed_; }
  const std::vector<SynapseEntry>& entries() const { return entries_; }
  int32_t code(uint32_t axon, uint32_t position) const;
  uint32_t delay(uint32_t axon, uint32_t position) const;
  uint32_t post(uint32_t axon, uint32_t position) const;

  // Learning state, for L2 / L3 comparison and tests.
  uint32_t groups() const { return static_cast<uint32_t>(groups_.size()); }
  const GroupMicrocode& microcode(uint32_t group) const { return groups_[group].code; }
  int group_of_axon(uint32_t axon) const { return axon_group_[axon]; }  // -1: not plastic
  int32_t x1(uint32_t axon) const { return x1_[axon]; }
  int32_t x2(uint32_t axon) const { return x2_[axon]; }
  int32_t y1(uint32_t group, uint32_t local) const { return y1_[size_t{group} * neurons_ + local]; }
  int32_t y2(uint32_t group, uint32_t local) const { return y2_[size_t{group} * neurons_ + local]; }
  int32_t e(uint32_t axon, uint32_t position) const { return e_[syn_base_[axon] + position]; }
  int32_t l(uint32_t local) const { return l_[local]; }
  uint16_t lfsr() const { return lfsr_; }
  // Host write of a plastic synapse's weight code, between steps (shared weights); the
  // delay and e are kept. A code outside the projection's WB-bit range is an InputError.
  void set_code(uint32_t axon, uint32_t position, int32_t code) { set_codes(axon, &code, 1, position); }
  // The same for `count` codes from `position` on, one row lookup (LevelModel::load_weights).
  void set_codes(uint32_t axon, const int32_t* codes, uint32_t count, uint32_t position = 0);
  // Host write of the learning signal (16-bit signed), between steps.
  void set_l(uint32_t local, int32_t value);
  const std::vector<uint32_t>& plastic_axons() const { return plastic_axons_; }
  // The column table of a local neuron: its plastic synapses in ascending (axon, position).
  const ColumnEntry* column_begin(uint32_t local) const { return col_.data() + col_ptr_[local]; }
  const ColumnEntry* column_end(uint32_t local) const { return col_.data() + col_ptr_[local + 1]; }

  const PhaseCounts& last_counts() const { return counts_; }
  // Weight changes of the last phase, recorded only when on (default off: free when unused).
  void record_changes(bool on) { record_ = on; }
  const std::vector<WeightChange>& last_changes() const { return changes_; }

  // Bounds for the synaptic phase's clamp-free plan: the largest |code| a plastic row can
  // reach (its code range), and whether a rule may change delays.
  int32_t max_abs_code(uint16_t projection) const;
  bool delays_learn() const { return delays_learn_; }

 private:
  struct Group {
    GroupMicrocode code;
    uint16_t projection = 0;
    int32_t wmin = 0, wmax = 0;
    std::array<bool, kEvents> runs{};  // the event has a program with at least one term
    std::array<uint32_t, kEvents> reads{};  // bit per Source its programs read
    // The event's programs are one w term of one plain factor, sign 2^-s (f + c): the
    // common shape (pair STDP), evaluated without the general interpreter, same bits.
    std::array<bool, kEvents> simple{};
    std::array<Factor, kEvents> simple_factor{};
    std::array<int, kEvents> simple_shift{};   // 16 - s
    std::array<bool, kEvents> simple_negative{};
    std::array<bool, 4> live{};  // x1, x2, y1, y2: amp != 0 (a trace with amp 0 stays 0)
    std::vector<std::pair<uint32_t, uint32_t>> axon_runs;  // its plastic axons as [first, last) runs
  };

  struct Kernel;  // a running phase's LFSR, counts and array bases, in locals (plasticity_l1.cpp)
  Kernel kernel();
  void flush(const Kernel& k);
  // One (synapse, event) evaluation: every target's program on the values from before it.
  void evaluate(Kernel& k, const Group& g, uint32_t gi, Event ev, uint32_t axon, uint32_t position, bool pre_now,
                const neuron_fixed::State* neurons);
  // The same for a simple program (Group::simple).
  void evaluate_simple(Kernel& k, const Group& g, uint32_t gi, int ev, uint32_t axon, const AxonRow& row,
                       uint32_t position);
  void walk_row(Kernel& k, uint32_t axon, Event ev, const neuron_fixed::State* neurons);
  // The factor p: the core's sigmoid table at membrane v (16-bit; check_plasticity_fits
  // refuses a rule reading p on a core without the table).
  int32_t spike_probability(int32_t v) const { return img_.sigmoid_lut[fx::sigmoid_index(v, img_.sigmoid_shift)]; }

  const ChipImage& chip_;
  const CoreImage& img_;
  uint32_t neurons_ = 0;
  int32_t max_delay_code_ = 0;  // D - 1
  std::vector<Group> groups_;
  std::vector<int8_t> axon_group_;      // per axon: its group, -1 when not plastic
  std::vector<uint32_t> plastic_axons_; // ascending
  std::vector<uint32_t> syn_base_;      // per axon: index of its first synapse in e_
  std::vector<int32_t> x1_, x2_;        // per axon (plastic ones live)
  std::vector<int32_t> y1_, y2_;        // [group][local neuron]
  std::vector<int16_t> e_;              // per plastic synapse (16-bit signed)
  std::vector<int32_t> l_;              // per local neuron
  std::vector<uint32_t> col_ptr_;       // column table, CSR over local neurons
  std::vector<ColumnEntry> col_;
  std::vector<uint32_t> col_at_;        // per column entry: its index in packed_ or entries_
  std::vector<uint8_t> packed_;         // mutable copies of the image's synapse memory
  std::vector<SynapseEntry> entries_;
  uint16_t lfsr_ = 1;
  bool delays_learn_ = false;
  bool record_ = false;
  PhaseCounts counts_;
  std::vector<WeightChange> changes_;
  size_t event_words_ = 0;             // of the events bitmap
  std::vector<uint32_t> event_axons_;  // this step's plastic axons with an event, ascending
};

}  // namespace nmx::plastic
