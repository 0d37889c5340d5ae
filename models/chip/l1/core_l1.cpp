#include "l1/core_l1.hpp"

#include <algorithm>
#include <cstdlib>

#include "level/level_model.hpp"

namespace nmx {

CoreL1::CoreL1(const ChipImage& chip, uint32_t core)
    : img_(chip.cores[core]), scales_(chip.scales), d_mask_(chip.hw.core.delay_slots - 1) {
  for (const fx::Scale s : scales_) ternary_lut_.push_back({0, fx::effective_weight(1, s), 0, fx::effective_weight(-1, s)});
  const uint32_t bytes = 4 * chip.hw.core.delay_slots;  // every packed synapse byte: code | delay << 2
  byte_offset_.assign(bytes, 0);
  for (const auto& lut : ternary_lut_) {
    byte_weight_.emplace_back(bytes);
    for (uint32_t b = 0; b < bytes; ++b) byte_weight_.back()[b] = lut[b & 3];
  }
  sigmoid_ = {img_.sigmoid_lut.empty() ? nullptr : img_.sigmoid_lut.data(), img_.sigmoid_shift};
  if (!img_.groups.empty()) {
    plastic_ = std::make_unique<plastic::PlasticityL1>(chip, core);
    learning_ = true;
    if (plastic_->delays_learn()) max_delay_ = d_mask_;  // a rule may move any synapse to any slot
  }
  for (const AxonRow& row : img_.axons) {
    if (plastic_ && plastic_->group_of_axon(static_cast<uint32_t>(&row - img_.axons.data())) >= 0) {
      // A plastic row's weights change: bound them by the code range, not today's codes.
      const int32_t m = plastic_->max_abs_code(row.projection);
      max_weight_ = std::max<int64_t>(max_weight_, std::abs(int64_t{fx::effective_weight(m, scales_[row.projection])}));
      max_weight_ = std::max<int64_t>(max_weight_, std::abs(int64_t{fx::effective_weight(-m, scales_[row.projection])}));
      for (uint32_t j = 0; j < row.length; ++j) max_delay_ = std::max(max_delay_, plastic_->delay(static_cast<uint32_t>(&row - img_.axons.data()), j));
    } else if (row.packed) {
      const auto& wl = ternary_lut_[row.projection];
      max_weight_ = std::max<int64_t>({max_weight_, std::abs(int64_t{wl[1]}), std::abs(int64_t{wl[3]})});
      for (uint32_t j = 0; j < row.length; ++j) max_delay_ = std::max<uint32_t>(max_delay_, img_.packed[row.begin + j] >> 2);
    } else {
      for (uint32_t k = 0; k < row.length; ++k) {
        const SynapseEntry& e = img_.entries[row.begin + k];
        max_weight_ = std::max<int64_t>(max_weight_, std::abs(int64_t{fx::effective_weight(e.code, scales_[row.projection])}));
        max_delay_ = std::max<uint32_t>(max_delay_, e.delay);
      }
    }
  }
  if (img_.mode) mode_.emplace(*img_.mode, img_.neurons);
  neurons_.resize(img_.neurons);
  clamp_.assign(img_.neurons, fx::kClampFree);
  acc_.assign(size_t{chip.hw.core.delay_slots} * img_.neurons, 0);
  pending_.assign((img_.axons.size() + 63) / 64, 0);
  next_.assign(pending_.size(), 0);
  if (plastic_) events_.assign(pending_.size(), 0);
  reset();
}

void CoreL1::reset() {
  bound_.fill(0);
  for (size_t i = 0; i < neurons_.size(); ++i) neurons_[i] = {0, 0, 0, img_.lfsr_seed[i]};
  std::fill(acc_.begin(), acc_.end(), 0);
  std::fill(pending_.begin(), pending_.end(), 0);
  std::fill(next_.begin(), next_.end(), 0);
  std::fill(events_.begin(), events_.end(), 0);
  spiked_.clear();
  if (plastic_) plastic_->reset();
  if (mode_) mode_->reset();
}

void CoreL1::restore_weights() {
  if (plastic_) plastic_->restore();
}

void CoreL1::write_weights(uint32_t axon, const std::vector<int32_t>& codes) {
  if (!plastic_) throw_no_plasticity_unit();
  plastic_->set_codes(axon, codes.data(), static_cast<uint32_t>(codes.size()));
}

void CoreL1::mode_phase(uint32_t t) {
  if (!mode_) return;
  const uint32_t s = (t + 1) & d_mask_;
  const int64_t max_a = mode_->phase(acc_.data() + size_t{s} * img_.neurons);
  // The headroom bound of that slot grows by the largest feedback (docs: plan_step).
  constexpr int64_t kCeiling = -int64_t{fx::kStateMin};
  bound_[s] = std::min(bound_[s] + max_a, kCeiling);
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

bool CoreL1::plan_step(uint32_t t) {
  const uint32_t n = img_.neurons;
  for (uint32_t d = 0; d <= d_mask_; ++d) slot_of_delay_[d] = acc_.data() + size_t{(t + d) & d_mask_} * n;
  for (uint32_t b = 0; b < byte_offset_.size(); ++b) byte_offset_[b] = static_cast<int32_t>(((t + (b >> 2)) & d_mask_) * n);
  uint64_t rows = 0;
  for (const uint64_t w : pending_) rows += static_cast<uint64_t>(__builtin_popcountll(w));
  // Every partial sum of a slot this step stays within bound + rows * max|w|: when that
  // fits the state range, no clamp can act and the plain sum is the saturating one.
  const int64_t add = static_cast<int64_t>(rows) * max_weight_;
  int64_t worst = 0;
  for (uint32_t d = 0; d <= max_delay_; ++d) worst = std::max(worst, bound_[(t + d) & d_mask_]);
  const bool fast = fast_enabled_ && worst + add <= fx::kStateMax;
  // A saturating add keeps |acc| <= 2^23, so a bound never needs to grow past that.
  constexpr int64_t kCeiling = -int64_t{fx::kStateMin};
  for (uint32_t d = 0; d <= max_delay_; ++d) {
    int64_t& b = bound_[(t + d) & d_mask_];
    b = std::min(b + add, kCeiling);
  }
  ++(fast ? fast_phases_ : saturating_phases_);
  planned_rows_ = rows;
  rows_done_ = 0;
  return fast;
}

template <bool kSaturate>
uint32_t CoreL1::apply_row(uint32_t axon) {
  const AxonRow& row = img_.axons[axon];
  int32_t* const* slot_of_delay = slot_of_delay_.data();
  const uint32_t length = row.length;  // a local: the int32 stores could alias row.length
  if (row.packed) {
    const uint8_t* syn = packed() + row.begin;
    const int32_t* wl = ternary_lut_[row.projection].data();
    if constexpr (kSaturate) {
      for (uint32_t j = 0; j < length; ++j) {
        const uint8_t b = syn[j];
        int32_t& a = slot_of_delay[b >> 2][j];
        a = std::clamp(a + wl[b & 3], fx::kStateMin, fx::kStateMax);
      }
    } else {
      // Indexed by the whole synapse byte: no shift or mask per synapse.
      int32_t* acc = acc_.data();
      const int32_t* offset = byte_offset_.data();
      const int32_t* weight = byte_weight_[row.projection].data();
      for (uint32_t j = 0; j < length; ++j) {
        const uint8_t b = syn[j];
        acc[offset[b] + j] += weight[b];
      }
    }
  } else {
    const fx::Scale s = scales_[row.projection];
    const SynapseEntry* entries = this->entries() + row.begin;
    for (uint32_t k = 0; k < length; ++k) {
      const SynapseEntry& e = entries[k];
      int32_t& a = slot_of_delay[e.delay][e.post];
      if constexpr (kSaturate) a = fx::acc_add(a, fx::effective_weight(e.code, s));
      else a += fx::effective_weight(e.code, s);
    }
  }
  return length;
}

template uint32_t CoreL1::apply_row<true>(uint32_t);
template uint32_t CoreL1::apply_row<false>(uint32_t);

void CoreL1::end_step() {
  std::swap(pending_, next_);
  std::fill(next_.begin(), next_.end(), 0);
}

}  // namespace nmx
