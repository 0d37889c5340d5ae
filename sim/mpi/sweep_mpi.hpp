// `mpirun -np K nmx sweep ...`: the sweep's points spread over MPI ranks (OpenMPI through
// Boost.MPI). Rank 0 owns the database: it hands no work out but takes its own share of
// points on a thread, and commits every row — its own and those the other ranks send —
// as it arrives. Points are dealt round-robin over the ranks in the order of the spec,
// so the rows equal a threaded run's.
#pragma once

#include <string>

#include "sweep/sweep_run.hpp"

namespace nmx {

// True when this process was started by mpirun with more than one rank.
bool launched_by_mpirun();

// Collective: every rank calls it. Returns the summary on rank 0 (others: their counts).
SweepSummary run_sweep_mpi(const SweepSpec& spec, const std::string& db_path, const SweepOptions& opt, int* rank);

}  // namespace nmx
