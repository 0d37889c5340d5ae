// Network files: one HDF5 file per network, layout in docs/formats.md ("Network file").
#pragma once

#include <string>

#include "net/network.hpp"

namespace nmx {

// Reads and validates a network file. Any problem (missing, truncated or foreign file,
// wrong version, missing or mis-sized field, out-of-range value) is one InputError that
// names the file and the HDF5 path or network field.
Network read_network(const std::string& path);

// Validates `net`, then writes it atomically (temp file + rename): on failure nothing is
// left at `path` or beside it. Throws InputError.
void write_network(const Network& net, const std::string& path);

}  // namespace nmx
