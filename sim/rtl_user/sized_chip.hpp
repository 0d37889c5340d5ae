// nmx's own chip Verilated at run time for one network's sizes (l3/rtl_image.hpp
// sized_rtl_limits): only the cores the network uses are evaluated, and tables the built-in
// chip is too small for grow. Each build is kept in a cache folder, keyed by the sizes and
// the RTL, so a second run with the same sizes loads it at once.
#pragma once

#include <string>

#include "l3/rtl_chip.hpp"
#include "map/chip_image.hpp"
#include "rtl_user/user_core.hpp"

namespace nmx {

// $NMX_CACHE_DIR, else $XDG_CACHE_HOME/nmx, else $HOME/.cache/nmx, else the system's
// temporary directory's nmx-cache.
std::string nmx_cache_dir();

// The chip for `limits`, from the cache or built into it (`say` gets progress lines).
// Concurrent runs may build the same chip: each builds in its own folder and the first to
// finish publishes it (a rename), so no one ever loads a half-written library.
// `threads` > 1: the model evaluates on that many threads of its own (Verilator --threads;
// they spin while waiting, so only where that many cores are free).
l3::RtlChipFactory sized_rtl_chip(const l3::RtlLimits& limits, const Say& say, uint32_t threads = 1);

// Which RTL chip runs a network at L3: the one linked into nmx, one Verilated for the
// network (sized_rtl_chip), or the built-in one when the network fits it and else a sized one.
enum class RtlChipChoice { Auto, Builtin, Sized };

// The factory for L3Options::chip (empty: the built-in chip). Builtin with a network that
// does not fit: InputError naming the limit.
l3::RtlChipFactory rtl_chip_for(const ChipImage& chip, RtlChipChoice choice, const Say& say, uint32_t threads = 1);

}  // namespace nmx
