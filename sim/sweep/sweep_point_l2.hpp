// Level systemc in a sweep: SystemC elaborates once per process, so every L2 point runs
// in a child process of its own (fork), and its row — with cycles and energy measured
// by L2, timing = "measured" — comes back through a pipe as JSON.
#pragma once

#include "sweep/sweep_run.hpp"

namespace nmx {

PointRunner systemc_point_runner();

// One L2 point, in this process (what the child runs). Only once per process.
SweepRow run_point_l2(const SweepSpec& spec, const Network& net, const Dataset& data, const SweepPoint& p);

}  // namespace nmx
