// `nmx tune`: Bayesian optimisation of the heterogeneous reservoir's hyperparameters
// (models/study/tune, docs/hrsnn.md "Tuning"): every evaluation a row in SQLite, resumable,
// a batch's points in parallel on threads or over MPI ranks (mpirun -np K nmx tune ...).
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "hrsnn_options.hpp"
#include "option_ranges.hpp"
#include "mpi/sweep_mpi.hpp"
#include "mpi/tune_mpi.hpp"
#include "net/network_io.hpp"
#include "output_paths.hpp"
#include "tune/hrsnn_objective.hpp"

namespace nmx::cli {

void add_tune(CLI::App& app) {
  static HrsnnArgs a;
  static tune::TuneSpec spec;
  static std::string db, plot, best_network, level = "l1";
  static unsigned threads = 0;
  auto* sub = app.add_subcommand(
      "tune", "Bayesian optimisation (GP + expected improvement) of the heterogeneous reservoir: spikes / memory capacity");
  sub->add_option("--db", db, "SQLite database: one row per evaluation; an existing one is resumed, or continued by a larger --iterations")
      ->required()
      ->check(OutputFile);
  sub->add_option("--level", level, "level every point runs at: l0 or l1")->check(CLI::IsMember({"l0", "l1"}));
  sub->add_option("--initial", spec.initial, "initial design points (Latin hypercube) [2, 10000]")
      ->check(CLI::Range(2u, 10000u));
  sub->add_option("--iterations", spec.iterations, "BO iterations after the initial design, in all (a finished tune continues to this many) [0, 10000]")
      ->check(CLI::Range(0u, 10000u));
  sub->add_option("--batch", spec.batch, "points proposed per new iteration (kriging believer), run in parallel [1, 1024]")
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--tune-seed", spec.seed, "seed of the design and the acquisition's search")
      ->check(full_range<uint64_t>());
  sub->add_option("--threads,-j", threads, "points run in parallel (0 = every core); rows do not depend on it")
      ->check(CLI::Range(0u, 1024u));
  sub->add_option("--plot", plot, "convergence plot (.png)")->check(OutputFile);
  sub->add_option("--best-network", best_network, "the best point's network, learned, quantised and mapped (.h5)")
      ->check(OutputFile);
  add_reservoir_options(sub, a);
  add_task_options(sub, a);
  sub->callback([] {
    a.apply();
    hrsnn::check_options(a.r, "tune");
    hrsnn::check_task_options(a.t, "tune");
    const hrsnn::Level lv = level == "l0" ? hrsnn::Level::L0 : hrsnn::Level::L1;
    spec.dims = tune::hrsnn_dimensions();
    spec.context = tune::hrsnn_context(a.r, a.t, lv);
    tune::check_spec(spec, "tune");
    tune::TuneOptions o;
    o.threads = threads;
    o.on_eval = [](const tune::Evaluation& e, size_t done, size_t total) {
      std::string p;
      for (const auto& [k, v] : e.params.items()) p += k + " " + std::to_string(v.get<double>()).substr(0, 6) + "  ";
      if (e.ok)
        std::printf("  [%zu/%zu] it %zu  %s-> objective %.5f (MC %.2f, %.4f spikes/neuron/step)  %.1f s\n", done, total,
                    e.iteration, p.c_str(), e.objective, e.metrics.value("memory_capacity", 0.0),
                    e.metrics.value("spikes_per_neuron_step", 0.0), e.eval_seconds);
      else
        std::printf("  [%zu/%zu] it %zu  %s-> not computed: %s\n", done, total, e.iteration, p.c_str(), e.error.c_str());
      std::fflush(stdout);
    };
    const tune::Objective objective = [lv](const nlohmann::json& params, size_t) {
      return tune::hrsnn_objective(a.r, a.t, lv, params);
    };
    int rank = 0;
    tune::TuneSummary s;
    if (launched_by_mpirun()) {
      s = run_tune_mpi(spec, db, objective, o, &rank);
      if (rank != 0) return;
    } else {
      std::printf("nmx tune -> %s: %zu initial + %zu x %zu points at %s, %u neurons\n", db.c_str(), spec.initial,
                  spec.iterations, spec.batch, hrsnn::to_string(lv), a.r.neurons);
      std::fflush(stdout);
      s = tune::run_tune(spec, db, objective, o);
    }
    std::printf("%zu evaluations: %zu run (%zu not computed), %zu already in %s; %.1f s (GP %.2f s, evaluations %.1f s)\n",
                s.evaluations, s.ran, s.failed, s.skipped, db.c_str(), s.seconds, s.gp_seconds, s.eval_seconds);
    std::printf("best: evaluation %zu, objective %.5f, %s\n", s.best.index, s.best.objective, s.best.params.dump().c_str());
    if (!plot.empty()) {
      tune::TuneDb tdb(db, spec.identity());
      tune::plot_convergence(tdb.rows(), plot, "nmx tune: spikes per neuron per step / memory capacity");
      std::printf("wrote %s\n", plot.c_str());
    }
    if (!best_network.empty()) {
      hrsnn::ReservoirOptions r = a.r;
      for (const auto& [k, v] : s.best.params.items()) tune::set_reservoir_option(r, k, v.get<double>());
      Network net = hrsnn::build_reservoir(r, hrsnn::reservoir_hw(r));
      hrsnn::TaskOptions t = a.t;
      t.mc = true, t.mackey_glass = t.lorenz = t.classify = false;
      hrsnn::evaluate(net, lv, t);  // learns the weights again (deterministic: the same as the row)
      write_network(net, best_network);
      std::printf("wrote %s\n", best_network.c_str());
    }
  });
}

}  // namespace nmx::cli
