// The mode unit's memories on one core (docs/chip-spec.md §6): the quantised factors of
// the core's mode projection, as L1 runs them and L2/L3 load them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hw/hw_config.hpp"
#include "net/network.hpp"

namespace nmx {

struct ModeCoreImage {
  uint32_t projection = 0;  // index into Network::mode_projections
  uint32_t modes = 0;       // P, [1, core.modes]
  int code_bits = 0;        // WM
  std::vector<int16_t> xi_in, xi_out;  // N_core x P, neuron-major (local neuron i at i * P)
  std::vector<int16_t> lambda;         // P
  int shift_out = 0, shift_lambda = 0, shift_in = 0;
  int32_t rate_decay = 0;   // d_r, 12-bit fraction
  int32_t rate_amp = 0;     // a_r, 16-bit

  // Words of WM bits the unit stores: 2 N P + P (r's N trace words not counted).
  uint64_t code_words() const { return xi_in.size() + xi_out.size() + lambda.size(); }
};

// The mode image of every core of `placement` (nullopt: no mode projection there). Throws
// InputError naming the field and range when a mode projection does not fit the chip: P
// above core.modes, a core without the unit, a population not on exactly one core, two
// mode projections on one core, or a quantised field of the wrong size or range.
std::vector<std::optional<ModeCoreImage>> build_mode_images(const Network& net, const HwConfig& hw,
                                                            const std::vector<CorePlacement>& placement,
                                                            const std::string& source);

}  // namespace nmx
