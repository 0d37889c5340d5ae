#include "l1/core_l1.hpp"

#include <algorithm>

namespace nmx {

CoreL1::CoreL1(const ChipImage& chip, uint32_t core)
    : img_(chip.cores[core]), scales_(chip.scales), d_mask_(chip.hw.core.delay_slots - 1) {
  for (const fx::Scale s : scales_) ternary_lut_.push_back({0, fx::effective_weight(1, s), 0, fx::effective_weight(-1, s)});
  sigmoid_ = {img_.sigmoid_lut.empty() ? nullptr : img_.sigmoid_lut.data(), img_.sigmoid_shift};
  neurons_.resize(img_.neurons);
  acc_.assign(size_t{chip.hw.core.delay_slots} * img_.neurons, 0);
  pending_.assign((img_.axons.size() + 63) / 64, 0);
  next_.assign(pending_.size(), 0);
  reset();
}

void CoreL1::reset() {
  for (size_t i = 0; i < neurons_.size(); ++i) neurons_[i] = {0, 0, 0, img_.lfsr_seed[i]};
  std::fill(acc_.begin(), acc_.end(), 0);
  std::fill(pending_.begin(), pending_.end(), 0);
  std::fill(next_.begin(), next_.end(), 0);
}

void CoreL1::post_event(uint32_t axon, bool now) {
  (now ? pending_ : next_)[axon >> 6] |= uint64_t{1} << (axon & 63);
}

int64_t CoreL1::next_pending(uint32_t from) const {
  for (size_t w = from >> 6; w < pending_.size(); ++w) {
    uint64_t bits = pending_[w];
    if (w == (from >> 6)) bits &= ~uint64_t{0} << (from & 63);
    if (bits) return static_cast<int64_t>(w * 64 + __builtin_ctzll(bits));
  }
  return -1;
}

uint32_t CoreL1::apply_row(uint32_t axon, uint32_t t) {
  const AxonRow& row = img_.axons[axon];
  const uint32_t n = img_.neurons;
  // Base of the accumulator slot that a synapse of delay d writes in step t.
  std::array<int32_t*, fx::kMaxDelaySlots> slot_of_delay;
  for (uint32_t d = 0; d <= d_mask_; ++d) slot_of_delay[d] = acc_.data() + size_t{(t + d) & d_mask_} * n;
  if (row.packed) {
    const uint8_t* syn = img_.packed.data() + row.begin;
    const int32_t* wl = ternary_lut_[row.projection].data();
    for (uint32_t j = 0; j < row.length; ++j) {
      const uint8_t b = syn[j];
      int32_t& a = slot_of_delay[b >> 2][j];
      a = std::clamp(a + wl[b & 3], fx::kStateMin, fx::kStateMax);
    }
  } else {
    const fx::Scale s = scales_[row.projection];
    for (uint32_t k = 0; k < row.length; ++k) {
      const SynapseEntry& e = img_.entries[row.begin + k];
      int32_t& a = slot_of_delay[e.delay][e.post];
      a = fx::acc_add(a, fx::effective_weight(e.code, s));
    }
  }
  return row.length;
}

void CoreL1::end_step() {
  std::swap(pending_, next_);
  std::fill(next_.begin(), next_.end(), 0);
}

}  // namespace nmx
