// A bit-accurate chip level: L1 (ChipL1) here, L2 (the SystemC chip, sim/l2) and L3 (the
// Verilated RTL, sim/l3) behind the same calls. Each runs the chip image core by core; the
// population view that LevelModel asks for is derived here once, from the image, so the
// runner drives every level, L0 included, through the same code.
#pragma once

#include <cstdint>
#include <vector>

#include "level/level_model.hpp"
#include "map/chip_image.hpp"
#include "neuron/neuron_fixed.hpp"

namespace nmx {

struct CoreSpike {
  uint16_t core;
  uint16_t neuron;  // local index on the core
};

class ChipModel : public LevelModel {
 public:
  // Timestep t, as LevelModel::step_populations; spikes emitted this step are appended to
  // `out` in (core, neuron) order.
  virtual void step(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
                    std::vector<CoreSpike>& out) = 0;
  virtual const neuron_fixed::State& neuron(uint32_t core, uint32_t local) const = 0;
  virtual const ChipImage& image() const = 0;
  // The mode unit's state (docs/chip-spec.md §6) of a core with a mode projection: rate
  // trace r of local neuron j, projection m of mode p. 0 for a level that has none.
  virtual int32_t mode_rate(uint32_t /*core*/, uint32_t /*j*/) const { return 0; }
  virtual int32_t mode_projection(uint32_t /*core*/, uint32_t /*p*/) const { return 0; }

  // LevelModel, from the per-core calls above.
  void step_populations(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
                        PopulationSpikes& spikes) final;
  double membrane(uint32_t population, uint32_t n) const final;
  double current(uint32_t population, uint32_t n) const final;
  // LevelModel's host writes, routed to the core that holds neuron n (a neuron no core holds
  // is ignored), then written by the per-core calls below.
  void set_learning_signal(uint32_t population, uint32_t n, int32_t l) override;
  void set_clamp(uint32_t population, uint32_t n, uint8_t clamp) override;
  // The same writes to local neuron `local` of core `core`.
  virtual void set_core_learning_signal(uint32_t /*core*/, uint32_t /*local*/, int32_t /*l*/) {
    LevelModel::set_learning_signal(0, 0, 0);  // throws: no plasticity unit
  }
  virtual void set_core_clamp(uint32_t /*core*/, uint32_t /*local*/, uint8_t /*clamp*/) {
    LevelModel::set_clamp(0, 0, 0);  // throws: this level cannot clamp
  }
  // LevelModel::load_weights, one plastic row at a time through the per-core write below:
  // codes[p] becomes the code of synapse p of row `axon` of core `core`.
  void load_weights(const Network& net) final;
  virtual void write_core_weights(uint32_t /*core*/, uint32_t /*axon*/, const std::vector<int32_t>& /*codes*/) {
    throw_no_plasticity_unit();
  }

 private:
  struct Site {
    uint16_t core, local;
  };
  const std::vector<std::vector<Site>>& sites() const;  // [population][neuron], built on first use

  mutable std::vector<std::vector<Site>> sites_;
  std::vector<CoreSpike> core_spikes_;
};

// The synapses of row `axon` of `core` in `net`'s projection, in row order: dense, the core's
// slice of the presynaptic neuron's row; sparse, its entries onto the core's neurons.
std::vector<size_t> row_synapses(const Network& net, const CoreImage& core, uint32_t axon);

// LevelModel::write_learned at a chip level, one plastic row at a time: the learned codes
// and delays of row `axon` of `core` (codes[p], delays[p] at position p) into the plastic
// projection of `net` they came from (codes, real weights code * scale * lsb, delays).
void write_learned_row(Network& net, const CoreImage& core, uint32_t axon, const std::vector<int32_t>& codes,
                       const std::vector<int32_t>& delays);

}  // namespace nmx
