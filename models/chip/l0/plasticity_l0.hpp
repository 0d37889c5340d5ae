// L0: the plasticity unit of one population on doubles (docs/plasticity.md), the float
// twin of l1/plasticity_l1.hpp, method for method, so the two read side by side. The same
// six steps in the same order; what differs is the arithmetic: traces
// x <- x (1 - decay / 4096) + amp with no rounding or saturation, dz = sum of terms
// exactly, no rounding, w continuous in code units clamped to the code range (the synapse's
// weight is w * scale), d continuous in [0, D - 1] (the synapse uses round(d)), e unbounded.
// An L1 "axon" is here (group, presynaptic neuron): L0 has no cores.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "net/network.hpp"
#include "neuron/neuron_float.hpp"
#include "plastic/microcode.hpp"

namespace nmx::plastic {

struct PhaseCountsL0 {
  uint32_t pre_rows = 0;         // rows walked at pre events
  uint32_t post_entries = 0;     // column-table entries walked at post events
  uint64_t evaluations = 0;      // (synapse, event) evaluations of a non-empty program
  uint64_t epoch_synapses = 0;   // synapses walked by epochs
};

// One entry of the column table: synapse `synapse` (of presynaptic neuron `pre`) of group `group`.
struct ColumnEntryL0 {
  uint32_t group = 0, pre = 0, synapse = 0;
};

class PlasticityL0 {
 public:
  // The plastic projections onto `population`, ascending, are its groups. The network must
  // be quantised (code range and scale); `delay_slots` is D.
  PlasticityL0(const Network& net, uint32_t population, uint32_t delay_slots);

  void reset();    // traces, e, l to 0; weights and delays carry on
  void restore();  // weights and delays back to the network's
  // The host's write of weights (delays too when `delays`) from `from`, a network of the
  // same shape (LevelModel::load_weights); traces and e are kept.
  void load(const Network& from, bool delays);

  // Step t's plasticity phase after the neuron phase: events[g] the presynaptic neurons of
  // group g's projection whose events were delivered this step, spikes the population's
  // neurons that spiked (ascending), neurons their states after the neuron phase.
  void plasticity_phase(uint32_t t, const std::vector<const std::vector<uint32_t>*>& events,
                        const std::vector<uint32_t>& spikes, const neuron_float::State* neurons);

  // What the synaptic phase reads: per group, each synapse's weight (membrane units) and
  // delay (round(d)).
  const std::vector<double>& weights(uint32_t group) const { return groups_[group].weight; }
  const std::vector<uint8_t>& delays(uint32_t group) const { return groups_[group].delay_int; }
  double code(uint32_t group, uint32_t synapse) const { return groups_[group].w[synapse]; }
  double delay(uint32_t group, uint32_t synapse) const { return groups_[group].d[synapse]; }
  uint32_t post(uint32_t group, uint32_t synapse) const;

  uint32_t groups() const { return static_cast<uint32_t>(groups_.size()); }
  uint32_t projection(uint32_t group) const { return groups_[group].projection; }
  double x1(uint32_t group, uint32_t pre) const { return groups_[group].x1[pre]; }
  double x2(uint32_t group, uint32_t pre) const { return groups_[group].x2[pre]; }
  double y1(uint32_t group, uint32_t local) const { return groups_[group].y1[local]; }
  double y2(uint32_t group, uint32_t local) const { return groups_[group].y2[local]; }
  double e(uint32_t group, uint32_t synapse) const { return groups_[group].e[synapse]; }
  double l(uint32_t local) const { return l_[local]; }
  void set_l(uint32_t local, double value) { l_[local] = value; }
  const ColumnEntryL0* column_begin(uint32_t local) const { return col_.data() + col_ptr_[local]; }
  const ColumnEntryL0* column_end(uint32_t local) const { return col_.data() + col_ptr_[local + 1]; }
  const PhaseCountsL0& last_counts() const { return counts_; }
  bool delays_learn() const { return delays_learn_; }

 private:
  struct Group {
    GroupMicrocode code;
    uint32_t projection = 0, pre_size = 0;
    double wmin = 0, wmax = 0, scale = 1;  // scale: membrane units per code
    std::array<bool, kEvents> runs{};
    std::vector<double> x1, x2, y1, y2, e, w, d, weight;
    std::vector<uint8_t> delay_int;
    std::vector<uint8_t> had_event;  // per pre neuron, this step
  };

  void evaluate(Group& g, Event ev, uint32_t pre, uint32_t synapse, bool pre_now, const neuron_float::State* neurons);
  void walk_row(Group& g, uint32_t pre, Event ev, const neuron_float::State* neurons);
  uint32_t row_begin(const Group& g, uint32_t pre) const;
  uint32_t row_end(const Group& g, uint32_t pre) const;

  const Network& net_;
  uint32_t neurons_ = 0;
  double max_delay_ = 0;
  double lsb_ = 1;
  std::vector<Group> groups_;
  std::vector<double> l_;
  std::vector<uint32_t> col_ptr_;
  std::vector<ColumnEntryL0> col_;
  bool delays_learn_ = false;
  PhaseCountsL0 counts_;
};

}  // namespace nmx::plastic
