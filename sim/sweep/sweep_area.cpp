#include "sweep/sweep_area.hpp"

#include <filesystem>

namespace nmx {

AreaProvider synthesis_area_provider(const SynthOptions& options) {
  AreaProvider a;
  a.library = std::filesystem::path(options.liberty).stem().string();
  a.check = [](const HwConfig& hw) { check_synth_config(hw); };
  a.synthesize = [options](const HwConfig& hw) {
    const SynthReport r = synthesize_core(hw, options);
    return CoreArea{r.logic_area_um2 / 1e6, r.cells, r.memory_bits(), r.seconds};
  };
  return a;
}

}  // namespace nmx
