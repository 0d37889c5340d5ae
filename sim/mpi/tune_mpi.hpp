// `mpirun -np K nmx tune ...`: each batch's points spread over MPI ranks, as `nmx sweep`
// spreads its points (sweep_mpi.hpp). Rank 0 owns the database and the GP: it proposes a
// batch, deals its points round-robin (its own share on its threads), commits every row
// as it arrives, and proposes the next batch from them; the other ranks evaluate what they
// are dealt. The proposals depend only on the rows, so the rows equal a threaded run's.
#pragma once

#include <string>

#include "tune/tune_run.hpp"

namespace nmx {

// Collective: every rank calls it. Returns the summary on rank 0 (others: their counts).
tune::TuneSummary run_tune_mpi(const tune::TuneSpec& spec, const std::string& db_path, const tune::Objective& objective,
                               const tune::TuneOptions& opt, int* rank);

}  // namespace nmx
