// A chip Verilated at run time: rtl/nmx_chip.sv around a core (a user's module in place of
// nmx_core, docs/core-interface.md, or nmx's own), at given sizes, compiled with the one pin
// adapter (sim/l3/rtl_chip_verilated.cpp) into a shared library and loaded, so ChipL3 and the
// checker drive it exactly as they drive the built-in chip (`nmx check --rtl`,
// `--rtl-chip sized`).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "l3/rtl_chip.hpp"

namespace nmx {

using Say = std::function<void(const std::string&)>;

struct UserCore {
  std::vector<std::string> files;  // the core's SystemVerilog sources; modules they do not
                                   // define are taken from nmx's rtl/ (nmx_pkg always is)
  std::string top;                 // the core's module name
  l3::RtlLimits limits;            // the chip's parameters (l3/rtl_image.hpp sized_rtl_limits)
  std::string build_dir;           // keep the build here (made if missing); empty: a
                                   // temporary folder, removed once the library is loaded
};

// Builds and loads the chip. Bad input (a file that cannot be read, a top that is no
// module, a core that lacks an interface port or parameter, RTL Verilator rejects): one
// InputError naming the file and line Verilator reports. `say` gets progress lines.
// Interrupted (core/interrupt.hpp) when a build step dies of SIGINT.
l3::RtlChipFactory build_user_core(const UserCore& core, const Say& say);

// A chip Verilated for one network activates every core it has, so it leaves out the per-core
// clock gates (rtl/nmx_chip.sv ClockGates): the same behaviour in one clock domain, which
// Verilator schedules for about 8% fewer instructions per cycle (docs/performance.md).
inline constexpr const char* kSizedChipGates = "-GClockGates=1'b0";

// Verilates the chip around `top` (files: its sources, none for nmx's own core) into
// DIR/obj/chip.so; what build_user_core and the chip cache share. Errors as build_user_core.
// `opt_fast`: the compiler's optimisation of the model's per-cycle code. A user core is
// built for one run, where compile time matters more than the last 2x of speed (-O1); a
// cached chip is built once for many (-O2).
void verilate_chip(const std::vector<std::string>& files, const std::string& top, const l3::RtlLimits& limits,
                   const std::string& dir, const Say& say, const std::string& opt_fast = "-O1",
                   uint32_t threads = 1);

// Where nmx's RTL (rtl/) and the pin adapter (sim/) are, and the verilator it runs.
struct RtlBuildTools {
  std::string rtl_dir, sim_dir, verilator;
};
const RtlBuildTools& rtl_build_tools();

// Loads a chip library made by verilate_chip; std::runtime_error if it is not one of this nmx.
l3::RtlChipFactory load_chip_library(const std::string& so_path);

}  // namespace nmx
