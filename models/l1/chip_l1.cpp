#include "l1/chip_l1.hpp"

#include <algorithm>

namespace nmx {

ChipL1::ChipL1(const ChipImage& image) : img_(image), d_mask_(image.hw.core.delay_slots - 1) {
  for (size_t k = 0; k < img_.scales.size(); ++k) {
    const fx::Scale s = img_.scales[k];
    ternary_lut_.push_back({0, fx::effective_weight(1, s), 0, fx::effective_weight(-1, s)});
  }
  cores_.resize(img_.cores.size());
  for (size_t c = 0; c < cores_.size(); ++c) {
    const CoreImage& ci = img_.cores[c];
    const size_t words = (ci.axons.size() + 63) / 64;
    cores_[c].neurons.resize(ci.neurons);
    cores_[c].acc.assign(size_t{img_.hw.core.delay_slots} * ci.neurons, 0);
    cores_[c].pending.assign(words, 0);
    cores_[c].next.assign(words, 0);
  }
  reset();
}

void ChipL1::reset() {
  for (size_t c = 0; c < cores_.size(); ++c) {
    CoreState& cs = cores_[c];
    for (size_t i = 0; i < cs.neurons.size(); ++i) cs.neurons[i] = {0, 0, 0, img_.cores[c].lfsr_seed[i]};
    std::fill(cs.acc.begin(), cs.acc.end(), 0);
    std::fill(cs.pending.begin(), cs.pending.end(), 0);
    std::fill(cs.next.begin(), cs.next.end(), 0);
  }
  t_ = 0;
  synaptic_events_ = 0;
}

int32_t ChipL1::accumulator(uint32_t core, uint32_t local, uint32_t slot) const {
  return cores_[core].acc[size_t{slot} * img_.cores[core].neurons + local];
}

// Sets the axon bit of every route of (population, neuron) in the destination cores'
// event buffers: `now` for external input of this step, else for the next step.
void ChipL1::deliver(uint32_t population, uint32_t neuron, bool now) {
  const auto& ptr = img_.route_ptr[population];
  const auto& routes = img_.routes[population];
  for (uint32_t r = ptr[neuron]; r < ptr[neuron + 1]; ++r) {
    CoreState& dst = cores_[routes[r].core];
    auto& bitmap = now ? dst.pending : dst.next;
    bitmap[routes[r].axon >> 6] |= uint64_t{1} << (routes[r].axon & 63);
  }
}

// Events are taken from the axon bitmap in ascending axon order: the arrival order is
// fixed by the core's event buffer, not by router timing (docs/architecture.md).
void ChipL1::synaptic_phase(uint32_t c) {
  CoreState& cs = cores_[c];
  const CoreImage& ci = img_.cores[c];
  const uint32_t n = ci.neurons;
  int32_t* acc = cs.acc.data();
  // Base of the accumulator slot that a synapse of delay d writes this step.
  std::array<int32_t*, fx::kMaxDelaySlots> slot_of_delay;
  for (uint32_t d = 0; d <= d_mask_; ++d) slot_of_delay[d] = acc + size_t{(t_ + d) & d_mask_} * n;
  for (size_t w = 0; w < cs.pending.size(); ++w) {
    uint64_t bits = cs.pending[w];
    cs.pending[w] = 0;
    while (bits) {
      const uint32_t axon = static_cast<uint32_t>(w * 64 + __builtin_ctzll(bits));
      bits &= bits - 1;
      const AxonRow& row = ci.axons[axon];
      synaptic_events_ += row.length;
      if (row.packed) {
        const uint8_t* syn = ci.packed.data() + row.begin;
        const int32_t* wl = ternary_lut_[row.projection].data();
        for (uint32_t j = 0; j < row.length; ++j) {
          const uint8_t b = syn[j];
          int32_t& a = slot_of_delay[b >> 2][j];
          a = std::clamp(a + wl[b & 3], fx::kStateMin, fx::kStateMax);
        }
      } else {
        const fx::Scale s = img_.scales[row.projection];
        for (uint32_t k = 0; k < row.length; ++k) {
          const SynapseEntry& e = ci.entries[row.begin + k];
          int32_t& a = slot_of_delay[e.delay][e.post];
          a = fx::acc_add(a, fx::effective_weight(e.code, s));
        }
      }
    }
  }
}

void ChipL1::neuron_phase(uint32_t c, std::vector<CoreSpike>& out) {
  CoreState& cs = cores_[c];
  const CoreImage& ci = img_.cores[c];
  const neuron_fixed::Sigmoid sig{ci.sigmoid_lut.empty() ? nullptr : ci.sigmoid_lut.data(), ci.sigmoid_shift};
  int32_t* slot = cs.acc.data() + size_t{t_ & d_mask_} * ci.neurons;
  for (uint32_t i = 0; i < ci.neurons; ++i) {
    const int32_t a = slot[i];
    slot[i] = 0;
    if (neuron_fixed::step(cs.neurons[i], ci.params[i], sig, a)) {
      out.push_back({static_cast<uint16_t>(c), static_cast<uint16_t>(i)});
      deliver(ci.population, ci.first_neuron + i, false);
    }
  }
}

void ChipL1::step(const std::vector<uint32_t>& inputs, std::vector<CoreSpike>& out) {
  for (uint32_t i : inputs) deliver(img_.input_population, i, true);
  for (uint32_t c = 0; c < cores_.size(); ++c) synaptic_phase(c);
  for (uint32_t c = 0; c < cores_.size(); ++c) neuron_phase(c, out);
  for (CoreState& cs : cores_) std::swap(cs.pending, cs.next);
  ++t_;
}

}  // namespace nmx
