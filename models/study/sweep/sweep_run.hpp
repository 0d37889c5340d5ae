// Runs a sweep: every point not yet in the database, in parallel on threads (one point
// per thread at a time, each point single-threaded), each row committed as it finishes.
// What models/ cannot do itself — synthesis (area) and L2 points, which live in sim/ —
// comes in through SweepOptions as callbacks that tools/ wires.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "data/dataset.hpp"
#include "net/network.hpp"
#include "sweep/sweep_db.hpp"
#include "sweep/sweep_spec.hpp"

namespace nmx {

// Synthesises one core configuration (spec "area": true).
struct AreaProvider {
  std::string library;                            // part of the cache key (the cell library)
  std::function<void(const HwConfig&)> check;     // throws InputError before any work
  std::function<CoreArea(const HwConfig&)> synthesize;
};

// Runs one point at a chip level models/ cannot build (L2). Each call must be safe to
// make from several threads at once.
struct PointRunner {
  std::function<void(const ChipImage&)> check;  // throws InputError before any work
  std::function<SweepRow(const SweepSpec&, const Network&, const Dataset&, const SweepPoint&)> run;
};

struct SweepOptions {
  unsigned threads = 0;  // 0 = every core
  std::function<void(const SweepRow& row, size_t done, size_t total)> on_point;  // from the worker, serialised
  std::function<void(const std::string& what)> on_progress;  // training and synthesis, one line each
  AreaProvider area;     // needed when the spec asks for area
  PointRunner systemc;   // needed for level systemc
};

struct SweepSummary {
  size_t points = 0, skipped = 0, ran = 0, trained = 0, synthesised = 0;
  double seconds = 0, db_seconds = 0;  // wall time, and time spent writing rows
};

SweepSummary run_sweep(const SweepSpec& spec, const std::string& db_path, const SweepOptions& opt);

// The pieces run_sweep is made of, for the MPI driver (sweep_mpi.hpp).
struct SweepInputs {
  std::vector<SweepPoint> points;
  std::map<uint64_t, Network> networks;  // by trainer seed (a network file: one, at 0)
  Dataset data;
  const Network& network_for(const SweepPoint& p) const;
};
// Reads and checks everything a sweep needs: every point's chip is built once (for a
// trainer invocation, from an untrained network of the same shape), so a bad value fails
// before any work. Trained networks are not loaded yet: see load_networks.
SweepInputs prepare_sweep(const SweepSpec& spec, const SweepOptions& opt);
// The trained networks of a trainer invocation, from the cache beside the database or
// trained now (counted in *trained).
void load_networks(const SweepSpec& spec, const std::string& db_path, const SweepOptions& opt, SweepInputs& in,
                   size_t* trained = nullptr);
std::string trained_network_dir(const std::string& db_path);
// Synthesises the core configurations of `points` not yet in the database's area table.
size_t synthesise_areas(const SweepSpec& spec, const std::vector<SweepPoint>& points, SweepDb& db,
                        const SweepOptions& opt);
// Fills a row's area columns from the database's area table (spec "area": true).
void attach_area(const SweepPoint& p, const AreaProvider& area, const std::map<std::string, CoreArea>& areas,
                 SweepRow& row);
std::string core_key(const HwConfig& hw, const AreaProvider& area);

// One point at L0 or L1 (an L2 point goes through SweepOptions::systemc, which calls
// back here with `chip_model`: how to build the chip and read its measured timing).
struct ChipLevelModel {
  std::function<std::shared_ptr<ChipModel>(const ChipImage&)> make;
  std::function<void(SweepRow&)> record_timing;  // after the run: measured cycles and energy
};
SweepRow run_point(const SweepSpec& spec, const Network& net, const Dataset& data, const SweepPoint& p,
                   const ChipLevelModel* chip_model = nullptr);
// run_point, or the options' runner for a level models/ cannot run.
SweepRow run_point(const SweepSpec& spec, const SweepInputs& in, const SweepPoint& p, const SweepOptions& opt);
std::string point_key(const SweepSpec& spec, const SweepPoint& p);

// Calls fn(i) for i in [0, n) on `threads` threads; the first exception stops the rest
// and is rethrown.
void parallel_each(size_t n, unsigned threads, const std::function<void(size_t)>& fn);

}  // namespace nmx
