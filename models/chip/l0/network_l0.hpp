// L0: the network's own discrete-time equations in double precision (docs/chip-spec.md §2-§3),
// with the same timestep semantics as the chip (delay rule, input injection) but no
// quantisation, no saturation and no cores.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <vector>

#include "l0/plasticity_l0.hpp"
#include "level/level_model.hpp"
#include "neuron/neuron_float.hpp"
#include "neuron/neuron_srm.hpp"
#include "net/network.hpp"

namespace nmx {

class NetworkL0 : public LevelModel {
 public:
  // Reads the projections' weights once, here: a later change to them is not seen.
  explicit NetworkL0(const Network& net);

  // Neurons, rings and plasticity traces back to initial values; learned weights carry on.
  void reset() override;

  // Plasticity (docs/plasticity.md; l0/plasticity_l0.hpp): on by default when a projection
  // has a rule. l is in the same units as at L1.
  bool learns() const override { return learning_; }
  void set_learning(bool on) override;
  void set_learning_signal(uint32_t population, uint32_t n, int32_t l) override;
  void set_clamp(uint32_t population, uint32_t n, uint8_t clamp) override;
  void restore_weights();
  void write_learned(Network& net) const override;
  void load_weights(const Network& net) override;
  // A population's plasticity unit (null when no plastic projection arrives there).
  const plastic::PlasticityL0* plasticity(uint32_t population) const { return plastic_[population].get(); }
  // One timestep; spikes[p] receives the neurons of population p that fired, ascending.
  void step(const std::vector<uint32_t>& inputs, PopulationSpikes& spikes);
  // LevelModel: the same step (L0 is untimed, so next_inputs is not used).
  void step_populations(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>&,
                        PopulationSpikes& spikes) override {
    step(inputs, spikes);
  }

  // Datapath populations only.
  const neuron_float::State& neuron(uint32_t population, uint32_t n) const {
    assert(pops_[population].srm_neurons.empty());
    return pops_[population].neurons[n];
  }
  // The membrane a readout sees: v of a datapath neuron, u of an SRM-alpha one.
  double membrane(uint32_t population, uint32_t n) const override {
    const PopState& ps = pops_[population];
    return ps.srm_neurons.empty() ? ps.neurons[n].v : ps.srm_neurons[n].u;
  }
  // u of a datapath neuron; an SRM-alpha neuron has no current state (0).
  double current(uint32_t population, uint32_t n) const override {
    const PopState& ps = pops_[population];
    return ps.srm_neurons.empty() ? ps.neurons[n].u : 0.0;
  }
  uint64_t synaptic_events() const override { return synaptic_events_; }
  uint32_t time() const { return t_; }
  // Mode activities m (P) of mode projection k after the last step (l0/mode_float.hpp).
  const std::vector<double>& modes(size_t k) const { return mode_states_[k].m; }

  // Weights of a dense projection as table indices (network_l0.cpp: weight_table); all
  // empty when it has more than 256 distinct weights or is sparse.
  struct WeightTable {
    std::vector<double> value;   // the distinct weights
    std::vector<uint8_t> index;  // one per synapse, into value
    std::vector<uint8_t> code;   // instead of index when value.size() * slots <= 256:
                                 // delay * value.size() + index
  };

 private:
  struct PopState {
    std::vector<neuron_float::Params> params;
    std::vector<neuron_float::State> neurons;
    std::vector<neuron_srm::Params> srm_params;  // SRM-alpha populations (instead of the two above)
    std::vector<neuron_srm::State> srm_neurons;
    std::vector<double> ring;            // [slots][size] dendritic input
    std::vector<uint32_t> last_spikes;   // emitted in the previous step
    std::vector<uint8_t> clamp;          // per neuron, fx::kClamp*
  };

  // A mode projection's state: the trace r, spikes s and feedback c (N), m and q (P).
  struct ModeState {
    std::vector<double> r, s, m, q, c;
  };

  void deliver(size_t projection, const std::vector<uint32_t>& pre_spikes);
  void update_modes(const PopulationSpikes& spikes);

  const Network& net_;
  std::vector<PopState> pops_;
  std::vector<std::unique_ptr<plastic::PlasticityL0>> plastic_;  // per population, null: none
  std::vector<int> group_of_;  // per projection: its group in its post population's unit, -1: not plastic
  std::vector<const std::vector<uint32_t>*> delivered_;  // per projection: this step's pre events
  bool learning_ = false;
  uint32_t slots_;  // max delay + 1: enough for the delay rule, never aliases
  std::vector<double*> slot_of_delay_;  // deliver's per-step slot bases, one per delay
  std::vector<WeightTable> weight_tables_;  // per projection, read at construction
  std::vector<size_t> code_offset_;         // deliver: ring offset of each code this step
  std::vector<double> code_weight_;         // deliver: weight of each code
  std::vector<ModeState> mode_states_;      // per mode projection
  uint32_t t_ = 0;
  uint64_t synaptic_events_ = 0;
};

}  // namespace nmx
