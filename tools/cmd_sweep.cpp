#include <cstdio>
#include <string>

#include "commands.hpp"
#include "option_ranges.hpp"
#include "output_paths.hpp"
#include "report/sweep_report.hpp"
#include "mpi/sweep_mpi.hpp"
#include "sweep/sweep_point_l2.hpp"
#include "sweep/sweep_run.hpp"
#include "sweep/sweep_area.hpp"

namespace nmx::cli {

namespace {

std::string spec_path, db;
constexpr const char* kPointWorker = "sweep-point-worker";

void print_summary(const SweepSummary& s, const char* how) {
  std::printf("%zu points: %zu run, %zu already in %s; %.1f s (%.3f s writing rows%s)", s.points, s.ran, s.skipped,
              db.c_str(), s.seconds, s.db_seconds, how);
  if (s.trained || s.synthesised) std::printf("; %zu networks trained, %zu cores synthesised", s.trained, s.synthesised);
  std::printf("\n");
}

}  // namespace

void add_sweep(CLI::App& app) {
  static unsigned threads = 0;
  auto* sub = app.add_subcommand("sweep", "co-design and quantisation sweep: points in parallel, rows in SQLite");
  sub->add_option("spec", spec_path, "sweep specification (.json; docs/formats.md)")->required();
  sub->add_option("--db", db, "SQLite database: one row per finished point; an existing one is resumed")
      ->required()
      ->check(OutputFile);
  sub->add_option("--threads,-j", threads, "points run in parallel (0 = every core); results do not depend on it")
      ->check(CLI::Range(0u, 1024u));
  sub->callback([] {
    const SweepSpec spec = read_sweep_spec(spec_path);
    SweepOptions o;
    o.threads = threads;
    o.area = synthesis_area_provider();
    // Each L2 point runs in a fresh nmx (the binary this process runs, even if it was
    // replaced on disk since), through the hidden subcommand below.
    o.systemc = systemc_point_runner({"/proc/self/exe", kPointWorker});
    o.on_progress = [](const std::string& line) {
      std::printf("  %s\n", line.c_str());
      std::fflush(stdout);
    };
    o.on_point = [](const SweepRow& r, size_t done, size_t total) {
      std::printf("  [%zu/%zu] %s  accuracy %.2f%% (L0 %.2f%%)  %.2f bits/synapse  %.0f cycles (%s)  %.1f s\n", done,
                  total, params_text(r.params).c_str(), 100 * r.accuracy, 100 * r.accuracy_l0, r.bits_per_synapse,
                  r.cycles_per_sample, r.timing.empty() ? "none" : r.timing.c_str(), r.wall_seconds);
      std::fflush(stdout);
    };
    if (launched_by_mpirun()) {
      int rank = 0;
      const SweepSummary s = run_sweep_mpi(spec, db, o, &rank);
      if (rank == 0) print_summary(s, "; MPI");
      return;
    }
    std::printf("nmx sweep %s -> %s\n", spec_path.c_str(), db.c_str());
    std::fflush(stdout);
    const SweepSummary s = run_sweep(spec, db, o);
    print_summary(s, "");
  });

  // Not for users (no group: hidden from --help): one L2 point of a sweep, requested in a
  // directory that the sweep wrote (sim/sweep/sweep_point_l2.hpp).
  static std::string request_dir;
  auto* worker = app.add_subcommand(kPointWorker, "runs one L2 point of `nmx sweep` (internal)")->group("");
  worker->add_option("request_dir", request_dir)->required();
  worker->callback([] { serve_point_l2(request_dir); });
}

}  // namespace nmx::cli
