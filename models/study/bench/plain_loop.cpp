#include "bench/plain_loop.hpp"

#include "fixed/fixed_point.hpp"

namespace nmx {

PlainLoop::PlainLoop(const Projection& pr, uint32_t pre, uint32_t post, uint32_t delay_slots,
                     const std::array<int32_t, 4>& weight_of_code)
    : post_(post), mask_(delay_slots - 1), weight_(weight_of_code), ring_(size_t{delay_slots} * post, 0) {
  rows_.reserve(size_t{pre} * post);
  for (size_t s = 0; s < size_t{pre} * post; ++s)
    rows_.push_back(static_cast<uint8_t>(fx::ternary_to_bits(pr.code[s]) | (pr.delay[s] << 2)));
}

void PlainLoop::step(const std::vector<uint32_t>& inputs) {
  std::array<int32_t*, fx::kMaxDelaySlots> slot;
  for (uint32_t d = 0; d <= mask_; ++d) slot[d] = ring_.data() + size_t{(t_ + d) & mask_} * post_;
  for (const uint32_t i : inputs) {
    const uint8_t* row = rows_.data() + size_t{i} * post_;
    for (uint32_t j = 0; j < post_; ++j) slot[row[j] >> 2][j] += weight_[row[j] & 3];
  }
  events_ += uint64_t{post_} * inputs.size();
  int32_t* now = slot[0];
  int64_t sum = 0;
  for (uint32_t j = 0; j < post_; ++j) {
    sum += now[j];
    now[j] = 0;
  }
  checksum_ += sum;
  ++t_;
}

}  // namespace nmx
