// One core's plasticity state as every level reports it after a step (docs/plasticity.md):
// the traces and every plastic synapse's e, w and d, so `nmx check --state` compares them
// field by field. Synapses are listed in ascending (axon, position in row).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "l1/core_l1.hpp"
#include "level/chip_model.hpp"
#include "lockstep/lockstep.hpp"
#include "plastic/microcode.hpp"

namespace nmx {

struct PlasticSynapse {
  uint32_t axon = 0, post = 0;  // the row and the local post neuron
  int32_t e = 0, w = 0, d = 0;  // w: the weight code
};

struct PlasticSnapshot {
  std::vector<uint32_t> axons;                                   // the plastic axons, ascending
  std::vector<int32_t> x1, x2;                                    // per plastic axon
  std::vector<std::array<int32_t, plastic::kMaxGroupsPerCore>> y1, y2;  // per neuron, per group (unused groups 0)
  uint32_t groups = 0;
  std::vector<PlasticSynapse> synapses;
};

// A core's state at L1 (and L2, which runs the L1 engine); empty without a plasticity unit.
PlasticSnapshot plastic_snapshot(const CoreL1& core);

// A timed level's LevelModel::write_learned: core `core`'s learned rows, from its snapshot.
void write_learned(const ChipImage& chip, uint32_t core, const PlasticSnapshot& s, Network& net);

// The first difference between a reference snapshot and another level's, as a Mismatch
// (synapse=AXON->POST field=w, axon=A field=x1, neuron=N field=y1.g0, ...).
std::optional<Mismatch> compare_plastic(uint32_t step, uint32_t core, const PlasticSnapshot& ref,
                                        const PlasticSnapshot& dut);

}  // namespace nmx
