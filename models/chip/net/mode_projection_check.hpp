// Validation of a network's mode projections (docs/chip-spec.md §6, docs/formats.md):
// sizes N x P and P, ranges of the float fields and of the quantised twin.
#pragma once

#include <cstddef>
#include <string>

#include "net/network.hpp"

namespace nmx {

// Throws InputError naming `source`, the field (mode_projections[k].xi_in_q[i]) and its range.
void validate_mode_projection(const Network& net, size_t k, const std::string& source);

}  // namespace nmx
