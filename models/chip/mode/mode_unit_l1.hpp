// The mode unit of one core at L1 (docs/chip-spec.md §6): the fourth phase of a timestep,
// after the neuron phase. It keeps a rate trace r per neuron and feeds
// W r = xi_in diag(lambda) xi_out^T r back into the delay line's next slot without storing
// W. L2 times these same calls; L3 implements them with one MAC (rtl/nmx_mode_unit.sv).
#pragma once

#include <cstdint>
#include <vector>

#include "mode/mode_image.hpp"

namespace nmx {

class ModeUnitL1 {
 public:
  ModeUnitL1(const ModeCoreImage& img, uint32_t neurons);

  void reset();  // r, m, q to zero, no spike noted
  // A spike of local neuron i in this step's neuron phase.
  void note_spike(uint32_t i) { spiked_[i] = 1; }
  // The mode phase: r_j <- trace_step(r_j, d_r, a_r, spiked_j); m = sat(shift_round(xi_out^T r));
  // q = sat(shift_round(lambda m)); a_i = sat(shift_round(xi_in q)) added into slot[i] with
  // acc_add (slot: the ring's slot (t + 1) mod D, N entries). Returns max_i |a_i|.
  int64_t phase(int32_t* slot);

  uint32_t neurons() const { return n_; }
  uint32_t modes() const { return p_; }
  int32_t rate(uint32_t j) const { return r_[j]; }
  int32_t projection(uint32_t p) const { return m_[p]; }
  int32_t drive(uint32_t p) const { return q_[p]; }
  const ModeCoreImage& image() const { return img_; }

 private:
  const ModeCoreImage& img_;
  uint32_t n_, p_;
  std::vector<int32_t> r_;       // 16-bit unsigned traces
  std::vector<uint8_t> spiked_;  // this step's spikes
  std::vector<int32_t> m_, q_;   // 24-bit signed
};

}  // namespace nmx
