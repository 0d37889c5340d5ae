#include "l1/chip_l1.hpp"

#include "hw/microarch.hpp"
#include "l1/plasticity_cycles.hpp"

namespace nmx {

ChipL1::ChipL1(const ChipImage& image) : img_(image) {
  cores_.reserve(img_.cores.size());
  for (uint32_t c = 0; c < img_.cores.size(); ++c) cores_.emplace_back(img_, c);
}

void ChipL1::reset() {
  for (CoreL1& core : cores_) core.reset(), core.free_clamps();
  t_ = 0;
  synaptic_events_ = 0;
}

void ChipL1::set_learning(bool on) {
  for (CoreL1& c : cores_) c.set_learning(on);
}

bool ChipL1::learns() const {
  for (const CoreL1& c : cores_)
    if (c.learning()) return true;
  return false;
}

void ChipL1::restore_weights() {
  for (CoreL1& c : cores_) c.restore_weights();
}

void ChipL1::write_learned(Network& net) const {
  std::vector<int32_t> codes, delays;
  for (const CoreL1& core : cores_) {
    const plastic::PlasticityL1* unit = core.plasticity();
    if (!unit) continue;
    for (const uint32_t a : unit->plastic_axons()) {
      codes.clear(), delays.clear();
      for (uint32_t p = 0; p < core.image().axons[a].length; ++p) {
        codes.push_back(unit->code(a, p));
        delays.push_back(static_cast<int32_t>(unit->delay(a, p)));
      }
      write_learned_row(net, core.image(), a, codes, delays);
    }
  }
}

void ChipL1::set_core_learning_signal(uint32_t core, uint32_t local, int32_t l) {
  if (cores_[core].plasticity()) cores_[core].plasticity()->set_l(local, l);
}

void ChipL1::set_core_clamp(uint32_t core, uint32_t local, uint8_t clamp) { cores_[core].set_clamp(local, clamp); }

uint64_t ChipL1::fast_phases() const {
  uint64_t n = 0;
  for (const CoreL1& c : cores_) n += c.fast_phases();
  return n;
}

uint64_t ChipL1::saturating_phases() const {
  uint64_t n = 0;
  for (const CoreL1& c : cores_) n += c.saturating_phases();
  return n;
}

void ChipL1::deliver(uint32_t population, uint32_t neuron, bool now) {
  const auto& ptr = img_.route_ptr[population];
  const auto& routes = img_.routes[population];
  for (uint32_t r = ptr[neuron]; r < ptr[neuron + 1]; ++r) {
    cores_[routes[r].core].post_event(routes[r].axon, now);
    if (!record_) continue;
    ++activity_.cores[routes[r].core].events_in;
    hops_ += source_core_ < 0 ? uarch::host_hops(routes[r].core, img_.hw.mesh_x)
                              : uarch::mesh_hops(static_cast<uint32_t>(source_core_), routes[r].core, img_.hw.mesh_x);
    if (source_core_ < 0) ++activity_.host_events;
    else ++activity_.cores[static_cast<uint32_t>(source_core_)].events_out;
  }
}

void ChipL1::step(const std::vector<uint32_t>& inputs, std::vector<CoreSpike>& out) {
  if (record_) {
    activity_ = StepActivity{};
    activity_.cores.resize(cores_.size());
    hops_ = 0;
  }
  source_core_ = -1;
  for (uint32_t i : inputs) deliver(img_.input_population, i, true);
  for (uint32_t c = 0; c < cores_.size(); ++c) {
    if (!record_) {
      synaptic_events_ += cores_[c].synaptic_phase(t_);
      continue;
    }
    CoreActivity& a = activity_.cores[c];
    const CoreImage& ci = img_.cores[c];
    synaptic_events_ += cores_[c].synaptic_phase(t_, [&](uint32_t axon) {
      const AxonRow& row = ci.axons[axon];
      ++a.rows;
      a.beats += uarch::row_beats(row.length, row.dense, img_.hw.core.lanes);
      a.synapses += row.length;
    });
  }
  for (uint32_t c = 0; c < cores_.size(); ++c) {
    const CoreImage& ci = img_.cores[c];
    source_core_ = static_cast<int32_t>(c);
    cores_[c].neuron_phase(t_, [&](uint32_t i) {
      out.push_back({static_cast<uint16_t>(c), static_cast<uint16_t>(i)});
      if (record_) ++activity_.cores[c].spikes, activity_.cores[c].last_spike = i;
      deliver(ci.population, ci.first_neuron + i, false);
    });
  }
  for (uint32_t c = 0; c < cores_.size(); ++c) {
    cores_[c].plasticity_phase(t_);
    if (record_) activity_.cores[c].plastic_cycles = plastic::phase_cycles(cores_[c], t_);
  }
  for (CoreL1& core : cores_) core.mode_phase(t_);  // phase 4 (docs/chip-spec.md §6)
  for (CoreL1& core : cores_) core.end_step();
  ++t_;
}

}  // namespace nmx
