#include "mode/mode_unit_l1.hpp"

#include <algorithm>
#include <cstdlib>

#include "fixed/fixed_point.hpp"

namespace nmx {

ModeUnitL1::ModeUnitL1(const ModeCoreImage& img, uint32_t neurons) : img_(img), n_(neurons), p_(img.modes) {
  r_.assign(n_, 0);
  spiked_.assign(n_, 0);
  m_.assign(p_, 0);
  q_.assign(p_, 0);
}

void ModeUnitL1::reset() {
  std::fill(r_.begin(), r_.end(), 0);
  std::fill(spiked_.begin(), spiked_.end(), 0);
  std::fill(m_.begin(), m_.end(), 0);
  std::fill(q_.begin(), q_.end(), 0);
}

int64_t ModeUnitL1::phase(int32_t* slot) {
  for (uint32_t j = 0; j < n_; ++j) {
    r_[j] = fx::trace_step(r_[j], img_.rate_decay, img_.rate_amp, spiked_[j] != 0);
    spiked_[j] = 0;
  }
  // Every sum is exact in 64 bits (fx::kModeAccBits); only the shift rounds.
  for (uint32_t p = 0; p < p_; ++p) {
    int64_t sum = 0;
    for (uint32_t j = 0; j < n_; ++j) sum += int64_t{img_.xi_out[size_t{j} * p_ + p]} * r_[j];
    m_[p] = fx::mode_scale(sum, img_.shift_out);
  }
  for (uint32_t p = 0; p < p_; ++p) q_[p] = fx::mode_scale(int64_t{img_.lambda[p]} * m_[p], img_.shift_lambda);
  int64_t max_a = 0;
  for (uint32_t i = 0; i < n_; ++i) {
    int64_t sum = 0;
    for (uint32_t p = 0; p < p_; ++p) sum += int64_t{img_.xi_in[size_t{i} * p_ + p]} * q_[p];
    const int32_t a = fx::mode_scale(sum, img_.shift_in);
    slot[i] = fx::acc_add(slot[i], a);
    max_a = std::max<int64_t>(max_a, std::abs(int64_t{a}));
  }
  return max_a;
}

}  // namespace nmx
