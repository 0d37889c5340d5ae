#include "l1/chip_l1.hpp"

namespace nmx {

ChipL1::ChipL1(const ChipImage& image) : img_(image) {
  cores_.reserve(img_.cores.size());
  for (uint32_t c = 0; c < img_.cores.size(); ++c) cores_.emplace_back(img_, c);
}

void ChipL1::reset() {
  for (CoreL1& core : cores_) core.reset();
  t_ = 0;
  synaptic_events_ = 0;
}

void ChipL1::deliver(uint32_t population, uint32_t neuron, bool now) {
  const auto& ptr = img_.route_ptr[population];
  const auto& routes = img_.routes[population];
  for (uint32_t r = ptr[neuron]; r < ptr[neuron + 1]; ++r) cores_[routes[r].core].post_event(routes[r].axon, now);
}

void ChipL1::step(const std::vector<uint32_t>& inputs, std::vector<CoreSpike>& out) {
  for (uint32_t i : inputs) deliver(img_.input_population, i, true);
  for (CoreL1& core : cores_) synaptic_events_ += core.synaptic_phase(t_);
  for (uint32_t c = 0; c < cores_.size(); ++c) {
    const CoreImage& ci = img_.cores[c];
    cores_[c].neuron_phase(t_, [&](uint32_t i) {
      out.push_back({static_cast<uint16_t>(c), static_cast<uint16_t>(i)});
      deliver(ci.population, ci.first_neuron + i, false);
    });
  }
  for (CoreL1& core : cores_) core.end_step();
  ++t_;
}

}  // namespace nmx
