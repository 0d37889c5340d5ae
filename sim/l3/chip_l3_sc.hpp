// L3 inside SystemC: the Verilated chip clocked by a SystemC thread, one wait of one clock
// period per RTL cycle, so L2 and L3 share one sc_main and one simulated timeline. Drives
// like ChipL2: each step runs the kernel until this module's barrier pauses it.
#pragma once

#include <memory>
#include <vector>

#include <systemc>

#include "l3/chip_l3.hpp"

namespace nmx::l3 {

class ChipL3Sc : public sc_core::sc_module, public ChipModel {
 public:
  SC_HAS_PROCESS(ChipL3Sc);
  ChipL3Sc(const sc_core::sc_module_name& name, const ChipImage& chip, const L3Options& options = {});

  void reset() override { l3_.reset(); }
  void step(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
            std::vector<CoreSpike>& out) override;
  const neuron_fixed::State& neuron(uint32_t core, uint32_t local) const override { return l3_.neuron(core, local); }
  int32_t mode_rate(uint32_t core, uint32_t j) const override { return l3_.mode_rate(core, j); }
  int32_t mode_projection(uint32_t core, uint32_t p) const override { return l3_.mode_projection(core, p); }
  uint64_t synaptic_events() const override { return 0; }
  const ChipImage& image() const override { return l3_.image(); }

  const ChipL3& rtl() const { return l3_; }

 private:
  void control();

  ChipL3 l3_;
  sc_core::sc_time period_;
  sc_core::sc_event request_;
  bool pending_ = false, completed_ = false;
  const std::vector<uint32_t>* inputs_ = nullptr;
  const std::vector<uint32_t>* next_ = nullptr;
  std::vector<CoreSpike>* out_ = nullptr;
};

}  // namespace nmx::l3
