// The one thread pool of the per-sample loops (the dataset runner, nmx check, the bench,
// sweeps): `threads` workers run the same body, each typically building its own state (a
// chip, a model) and taking items from a shared counter; the first exception a worker throws
// is rethrown once every worker has stopped.
#pragma once

#include <atomic>
#include <functional>

namespace nmx {

// Runs body(worker, failed) on `threads` threads (worker = 0..threads-1) and joins them. A
// worker that throws sets `failed`; the others should stop taking items once it is set. While
// they run, the calling thread calls poll() every 100 ms until it returns false or a worker
// has failed (progress reports). Rethrows the first exception after the join: every thread
// started is joined first, also when starting one or poll() throws.
void run_workers(unsigned threads, const std::function<void(unsigned worker, const std::atomic<bool>& failed)>& body,
                 const std::function<bool()>& poll = {});

// `requested` threads (0 = every core), at most one per item and at least one.
unsigned worker_count(unsigned requested, size_t items);

}  // namespace nmx
