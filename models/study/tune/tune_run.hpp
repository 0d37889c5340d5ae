// Bayesian optimisation of a black-box objective (docs/hrsnn.md, "Tuning"): an initial
// Latin-hypercube design, then iterations of `batch` points each proposed by expected
// improvement on a GP fitted to log(objective) (acquisition.hpp). Every evaluation is a
// row in the tune database (tune_db.hpp), committed as it finishes; a batch's points run
// in parallel on threads (or over MPI ranks, sim/mpi/tune_mpi.hpp, through
// TuneOptions::evaluate_batch). Proposals depend only on earlier rows and the seed, so a
// resumed or differently parallel tune gives the same rows.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tune/tune_db.hpp"

namespace nmx::tune {

struct Dimension {
  std::string name;
  double lo = 0, hi = 1;
  bool log = false;  // searched uniformly in log(value)
};

struct TuneSpec {
  std::vector<Dimension> dims;
  size_t initial = 8;     // initial design points, [2, 10000]
  size_t iterations = 8;  // BO iterations after it, [0, 10000]
  size_t batch = 2;       // points per iteration, [1, 1024]
  uint64_t seed = 1;
  nlohmann::json context;  // the objective's fixed settings (stored with the spec)
  // What the tune database must match to be resumed: dims, initial, seed and context, all
  // that decides the points and their objective. Not iterations (more continue a finished
  // tune) nor batch (the database keeps each iteration's size).
  nlohmann::json identity() const;
  size_t total() const { return initial + iterations * batch; }  // of a new tune
};

// Throws InputError naming the field for an empty or inverted range, a log range that
// is not positive, or a count out of range.
void check_spec(const TuneSpec& s, const std::string& where);

// What one point costs and gives: `ok` false with `error` set when the objective cannot be
// computed there (the tune carries on; the GP sees such a point as worse than any other).
struct ObjectiveResult {
  bool ok = false;
  double objective = 0;  // > 0: minimised in log
  nlohmann::json metrics;
  std::string error;
};
using Objective = std::function<ObjectiveResult(const nlohmann::json& params, size_t index)>;

// A point to evaluate and where its row goes.
struct Pending {
  Evaluation e;  // index, iteration, params, unit, gp_seconds, expected_improvement filled
};
using EvaluateOne = std::function<Evaluation(const Pending&)>;
// Runs `points` and calls `commit` for each finished one (serialised by the caller's hook).
using EvaluateBatch = std::function<void(const std::vector<Pending>& points, const EvaluateOne& one,
                                         const std::function<void(const Evaluation&)>& commit)>;

struct TuneOptions {
  unsigned threads = 0;  // points of a batch in parallel (0 = every core)
  EvaluateBatch evaluate_batch;  // default: parallel_each on `threads`
  std::function<void(const Evaluation& e, size_t done, size_t total)> on_eval;  // serialised
};

struct TuneSummary {
  size_t evaluations = 0, ran = 0, skipped = 0, failed = 0;
  Evaluation best;       // lowest objective among the ok rows
  double seconds = 0, gp_seconds = 0, eval_seconds = 0;
};

TuneSummary run_tune(const TuneSpec& spec, const std::string& db_path, const Objective& objective,
                     const TuneOptions& opt);

// The value of dimension d at unit coordinate u (linear or log).
double from_unit(const Dimension& d, double u);

// Best objective so far after each row (rows as in the database), for the convergence plot.
std::vector<double> best_so_far(const std::vector<Evaluation>& rows);

// Writes a PNG: every evaluation's objective and the best so far against the evaluation
// index (gnuplot, core/gnuplot.hpp), atomically.
void plot_convergence(const std::vector<Evaluation>& rows, const std::string& png, const std::string& title);

}  // namespace nmx::tune
