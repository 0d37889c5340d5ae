#include "map/target_hw.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace nmx {

HwConfig target_hw(const Network& net, const std::string& net_source, const std::string& hw_path) {
  if (!net.hw) return hw_config_or_default(hw_path);
  if (hw_path.empty()) return *net.hw;
  HwConfig given = read_hw_config(hw_path);
  const HwConfig& stored = *net.hw;
  const struct {
    const char* field;
    uint32_t given, stored;
  } fields[] = {{"core.neurons", given.core.neurons, stored.core.neurons},
                {"core.axons", given.core.axons, stored.core.axons},
                {"core.delay_slots", given.core.delay_slots, stored.core.delay_slots},
                {"core.weight_bits", given.core.weight_bits, stored.core.weight_bits},
                {"core.lanes", given.core.lanes, stored.core.lanes},
                {"core.stochastic", given.core.stochastic, stored.core.stochastic},
                {"core.plasticity", given.core.plasticity, stored.core.plasticity},
                {"core.modes", given.core.modes, stored.core.modes},
                {"chip.mesh_x", given.mesh_x, stored.mesh_x},
                {"chip.mesh_y", given.mesh_y, stored.mesh_y}};
  for (const auto& f : fields)
    if (f.given != f.stored)
      throw InputError(fmt::format("{}: {} = {} differs from the chip {} was quantised and mapped for ({} = {}); "
                                   "run it without --hw, or quantise it again with this --hw",
                                   hw_path, f.field, f.given, net_source, f.field, f.stored));
  return given;  // the same chip; its clock and energies may differ
}

std::string describe(const HwConfig& hw) {
  return fmt::format("N={} A={} D={} WB={} L={}{}, {}x{} cores, {:g} MHz", hw.core.neurons, hw.core.axons,
                     hw.core.delay_slots, hw.core.weight_bits, hw.core.lanes,
                     hw.core.stochastic ? "" : ", no stochastic unit", hw.mesh_x, hw.mesh_y, hw.clock_mhz);
}

}  // namespace nmx
