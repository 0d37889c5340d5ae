// The sweep's area provider (spec "area": true): a core configuration through the
// synthesis `nmx synth` runs (yosys_synth.hpp).
#pragma once

#include "sweep/sweep_run.hpp"
#include "synth/yosys_synth.hpp"

namespace nmx {

AreaProvider synthesis_area_provider(const SynthOptions& options = {});

}  // namespace nmx
