// A user's own core in the chip: rtl/nmx_chip.sv Verilated at run time around the core
// (its module in place of nmx_core, docs/core-interface.md), compiled with the one pin
// adapter (sim/l3/rtl_chip_verilated.cpp) into a shared library and loaded, so ChipL3 and
// the checker drive it exactly as they drive the built-in chip (`nmx check --rtl`).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "l3/rtl_chip.hpp"

namespace nmx {

struct UserCore {
  std::vector<std::string> files;  // the core's SystemVerilog sources; modules they do not
                                   // define are taken from nmx's rtl/ (nmx_pkg always is)
  std::string top;                 // the core's module name
  uint32_t cores = 1;              // the chip's Cores parameter: the network's core count
  std::string build_dir;           // keep the build here (made if missing); empty: a
                                   // temporary folder, removed once the library is loaded
};

// Builds and loads the chip. Bad input (a file that cannot be read, a top that is no
// module, a core that lacks an interface port or parameter, RTL Verilator rejects): one
// InputError naming the file and line Verilator reports. `say` gets progress lines.
// Interrupted (core/interrupt.hpp) when a build step dies of SIGINT.
l3::RtlChipFactory build_user_core(const UserCore& core, const std::function<void(const std::string&)>& say);

}  // namespace nmx
