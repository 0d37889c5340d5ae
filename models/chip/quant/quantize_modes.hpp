// Quantisation of a mode projection (docs/chip-spec.md §6): float xi_in, xi_out, lambda ->
// WM-bit codes and the three shifts of the integer pipeline; the real rate decay -> the
// 12-bit trace decay and a 16-bit trace amplitude.
#pragma once

#include <string>

#include "net/network.hpp"

namespace nmx {

struct ModeQuantReport {
  std::string name;
  // ||W_q - W||_F / ||W||_F over the N x N recurrent matrix W = xi_in diag(lambda) xi_out^T,
  // W_q the matrix the integer pipeline applies (codes and shifts, roundings of m, q, a
  // not counted), both in membrane units per unit of L0's rate trace.
  double rel_error = 0;
  int shift_out = 0, shift_lambda = 0, shift_in = 0;
};

// Fills the quantised twin of `mp` for a post population of membrane LSB `lsb` (membrane
// units per LSB) and N neurons, codes of `wm` bits, WM in [4, 12].
void quantize_mode_projection(ModeProjection& mp, uint32_t neurons, double lsb, int wm, ModeQuantReport& rep);

}  // namespace nmx
