// Whether the chip can run a network's learning rules (docs/plasticity.md): every core a
// plastic projection arrives at needs the plasticity unit, holds at most kMaxGroupsPerCore
// synapse groups, and a rule that changes delays needs delays to change (D > 1).
#pragma once

#include <string>
#include <vector>

#include "hw/hw_config.hpp"
#include "net/network.hpp"

namespace nmx {

// Throws InputError naming the projection, its rule and the hardware field (`hw.source`).
void check_plasticity_fits(const Network& net, const HwConfig& hw, const std::vector<CorePlacement>& placement,
                           const std::string& source);

}  // namespace nmx
