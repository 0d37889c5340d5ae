// Observations files (docs/formats.md, "TEM observations"): the input signals a layer of
// time-encoding neurons saw and the spike times it produced, as JSON:
//   {"format": "nmx-tem-observations", "version": 1, "inputs": C, "neurons": M,
//    "bias": [M], "theta": [M],
//    "examples": [{"signal": [[C values] per knot t = 0..S], "spikes": [[times] per neuron]}]}
#pragma once

#include <string>

#include "tem/tem_fit.hpp"

namespace nmx::tem {

// InputError naming the file and the field for anything malformed (fields, shapes, times).
Observations read_observations(const std::string& path);
// Written atomically (temp file, rename).
void write_observations(const Observations& obs, const std::string& path);

}  // namespace nmx::tem
