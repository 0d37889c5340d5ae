// What each step of quantisation costs in accuracy: the float network at L0, (for an
// SRM-alpha network) its datapath twin at L0, then with its delays clipped to the chip's D - 1, then with its weights replaced by their
// quantised values (code x scale, still at L0), then the whole fixed-point network at L1.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "map/chip_image.hpp"
#include "net/network.hpp"
#include "quant/datapath_map.hpp"

namespace nmx {

struct QuantStage {
  std::string name;
  double accuracy = 0;
};

// `quantised` is float_net's quantised twin mapped for `chip`; `datapath` the options it
// was quantised with (an SRM-alpha network's mapping; max_delay is not used here).
std::vector<QuantStage> quantization_ladder(const Network& float_net, const Network& quantised, const ChipImage& chip,
                                            const Dataset& data, unsigned threads,
                                            const std::function<void(const QuantStage&)>& on_stage = {},
                                            const DatapathMapOptions& datapath = {},
                                            const std::function<void(size_t done, size_t total)>& progress = {});

}  // namespace nmx
