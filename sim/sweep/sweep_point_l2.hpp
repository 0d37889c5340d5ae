// Level systemc in a sweep: SystemC elaborates once per process, so every L2 point runs
// in a fresh process of its own — a worker program started with posix_spawn, never a fork
// of the sweep's threaded process — and its row, with cycles and energy measured by L2
// (timing = "measured"), comes back as JSON. The library does not know the command line:
// the caller names the worker program (nmx passes itself with a hidden subcommand that
// calls serve_point_l2).
#pragma once

#include <string>
#include <vector>

#include "sweep/sweep_run.hpp"

namespace nmx {

// worker: the program and its first arguments; the runner appends the request directory
// (sweep/point_request.hpp) and expects the program to answer through serve_point_l2.
PointRunner systemc_point_runner(std::vector<std::string> worker);

// The worker's side: runs the point requested in `dir` and writes its reply there (the
// row, or the error). Only once per process.
void serve_point_l2(const std::string& dir);

// One L2 point, in this process. Only once per process.
SweepRow run_point_l2(const SweepSpec& spec, const Network& net, const Dataset& data, const SweepPoint& p);

}  // namespace nmx
