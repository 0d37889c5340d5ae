// The user's own input spikes (`nmx run NET --input rasters.h5`, and what `nmx check
// --random --save` writes): HDF5 dataset `spikes`, [samples][steps][inputs] of 0/1 (any
// integer type), row-major, and optional `labels` [samples] (docs/formats.md, "Input
// rasters"). Every level reads the same events, as from an encoder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "encode/encoder.hpp"

namespace nmx {

struct InputRasters {
  std::vector<InputRaster> samples;
  std::vector<int> labels;  // empty: the file has none
  uint32_t steps = 0, inputs = 0;
};

// InputError naming the file and the dataset (missing, wrong rank, not 0/1, wrong input
// size: `inputs` is the network's input population size, `who` names it for the message).
InputRasters read_input_rasters(const std::string& path, uint32_t inputs, const std::string& who);

// Writes samples[k][t] = active inputs of step t, atomically; labels may be empty.
void write_input_rasters(const std::string& path, const std::vector<std::vector<std::vector<uint32_t>>>& samples,
                         uint32_t inputs, const std::vector<int>& labels);

}  // namespace nmx
