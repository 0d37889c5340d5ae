// The chip a network runs on. A quantised, mapped network stores the hardware
// configuration it was made for (docs/formats.md) and runs on that one: a --hw file whose
// core or chip differs is refused, naming the first field that differs. Its clock and
// per-operation energies are taken, as they change the time and energy estimates only.
// A network that stores none (a float network, or a file older than format 3) runs on
// the --hw file, or the built-in defaults.
#pragma once

#include <string>

#include "hw/hw_config.hpp"
#include "net/network.hpp"

namespace nmx {

// `net_source` names the network file in messages; `hw_path` is the --hw option ("" = none).
HwConfig target_hw(const Network& net, const std::string& net_source, const std::string& hw_path);

// One line describing the chip: "N=256 A=1024 D=16 WB=2 L=8, 4x4 cores, 100 MHz".
std::string describe(const HwConfig& hw);

}  // namespace nmx
