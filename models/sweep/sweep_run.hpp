// Runs a sweep: every point not yet in the database, in parallel on threads (one point
// per thread at a time, each point single-threaded), each row committed as it finishes.
#pragma once

#include <functional>
#include <string>

#include "sweep/sweep_db.hpp"
#include "data/dataset.hpp"
#include "net/network.hpp"
#include "sweep/sweep_spec.hpp"

namespace nmx {

struct SweepOptions {
  unsigned threads = 0;  // 0 = every core
  std::function<void(const SweepRow& row, size_t done, size_t total)> on_point;  // from the worker, serialised
};

struct SweepSummary {
  size_t points = 0, skipped = 0, ran = 0;
  double seconds = 0, db_seconds = 0;  // wall time, and time spent writing rows
};

SweepSummary run_sweep(const SweepSpec& spec, const std::string& db_path, const SweepOptions& opt);

// The pieces run_sweep is made of, for the MPI driver (sweep_mpi.hpp).
struct SweepInputs {
  std::vector<SweepPoint> points;
  Network network;
  Dataset data;
};
// Reads and checks everything a sweep needs: every point's chip is built once, so a bad
// value fails before any work.
SweepInputs prepare_sweep(const SweepSpec& spec);
SweepRow run_point(const SweepSpec& spec, const Network& net, const Dataset& data, const SweepPoint& p);
std::string point_key(const SweepSpec& spec, const SweepPoint& p);

}  // namespace nmx
