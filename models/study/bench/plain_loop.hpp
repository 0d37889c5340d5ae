// The reference L1's synaptic phase is measured against (bench_l1): a dense ternary
// projection stored one byte per synapse (2-bit code in bits 1:0, delay above), rows of the
// active inputs added into a D x N int32 ring with no saturation, then the step's slot
// read and cleared. No neurons, no event buffer, no routing: the loop a hand-written
// simulator would start from.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "net/network.hpp"

namespace nmx {

class PlainLoop {
 public:
  // `pr`: dense, 2-bit codes, delays < delay_slots (a power of two); weight_of_code[bits]:
  // the weight added for each 2-bit field.
  PlainLoop(const Projection& pr, uint32_t pre, uint32_t post, uint32_t delay_slots,
            const std::array<int32_t, 4>& weight_of_code);

  void step(const std::vector<uint32_t>& inputs);
  uint64_t synaptic_events() const { return events_; }
  // Sum of every slot read so far: keeps the work observable.
  int64_t checksum() const { return checksum_; }

 private:
  uint32_t post_, mask_, t_ = 0;
  std::array<int32_t, 4> weight_;
  std::vector<uint8_t> rows_;  // [pre][post]
  std::vector<int32_t> ring_;  // [D][post]
  uint64_t events_ = 0;
  int64_t checksum_ = 0;
};

}  // namespace nmx
