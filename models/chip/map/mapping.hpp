// Placement of a network's neurons onto cores (docs/chip-spec.md §1): each non-input
// population is split into the fewest cores of at most N neurons, balanced.
#pragma once

#include <string>
#include <vector>

#include "hw/hw_config.hpp"
#include "net/network.hpp"

namespace nmx {

std::vector<CorePlacement> map_network(const Network& net, const HwConfig& hw, const std::string& source);

}  // namespace nmx
