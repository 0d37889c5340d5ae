// Running gnuplot on a script file: the one place that knows how plots are made.
#pragma once

#include <string>

namespace nmx {

// InputError naming the Debian package when gnuplot is not installed.
void require_gnuplot();
// Runs `gnuplot script`, output to script + ".log" (removed on success); InputError
// quoting the log's first lines and naming it if it fails; Interrupted (core/interrupt.hpp) if gnuplot died of Ctrl-C.
void run_gnuplot(const std::string& script);

}  // namespace nmx
