// `--rtl-chip auto|builtin|sized`: which RTL chip runs L3 (rtl_user/sized_chip.hpp).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "rtl_user/sized_chip.hpp"

namespace nmx::cli {

inline void add_rtl_chip_option(CLI::App* sub, std::string& choice) {
  sub->add_option("--rtl-chip", choice,
                  "L3's chip: builtin (linked into nmx, 20 cores), sized (Verilated for this network at first use, "
                  "then cached in $NMX_CACHE_DIR or ~/.cache/nmx: faster for small networks, and it grows the tables "
                  "a large one needs), auto (builtin if the network fits it, else sized)")
      ->check(CLI::IsMember({"auto", "builtin", "sized"}));
}

inline RtlChipChoice rtl_chip_choice(const std::string& choice) {
  return choice == "builtin" ? RtlChipChoice::Builtin : choice == "sized" ? RtlChipChoice::Sized : RtlChipChoice::Auto;
}

// Progress lines of a chip build, as they come.
inline void say_line(const std::string& line) {
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

}  // namespace nmx::cli
