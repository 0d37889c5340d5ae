#include "map/mapping.hpp"

#include "core/error.hpp"

namespace nmx {

std::vector<CorePlacement> map_network(const Network& net, const HwConfig& hw, const std::string& source) {
  std::vector<CorePlacement> placement;
  const uint32_t n_max = hw.core.neurons;
  for (uint32_t p = 0; p < net.populations.size(); ++p) {
    const Population& pop = net.populations[p];
    if (pop.is_input()) continue;
    const uint32_t cores = (pop.size + n_max - 1) / n_max;
    const uint32_t base = pop.size / cores, extra = pop.size % cores;  // balanced split
    uint32_t first = 0;
    for (uint32_t c = 0; c < cores; ++c) {
      const uint32_t count = base + (c < extra ? 1 : 0);
      placement.push_back({p, first, count});
      first += count;
    }
  }
  if (placement.size() > hw.cores()) {
    throw InputError(source + ": network does not fit the chip: it needs " + std::to_string(placement.size()) +
                     " cores of N=" + std::to_string(n_max) + " neurons, the chip has " + std::to_string(hw.cores()) +
                     " (" + hw.source + ": chip.mesh_x * chip.mesh_y)");
  }
  return placement;
}

}  // namespace nmx
