#include "tune/tune_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "sweep/sweep_run.hpp"
#include "tune/acquisition.hpp"
#include "tune/gaussian_process.hpp"

namespace nmx::tune {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The GP's observations: log(objective) of the ok rows; a failed row is worse than every
// ok one (max + 1), so the search learns to avoid where the objective cannot be computed.
void observations(const std::vector<Evaluation>& rows, size_t d, Eigen::MatrixXd& x, Eigen::VectorXd& y) {
  double worst = -std::numeric_limits<double>::infinity();
  for (const Evaluation& e : rows)
    if (e.ok) worst = std::max(worst, std::log(e.objective));
  x.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(d));
  y.resize(static_cast<Eigen::Index>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t k = 0; k < d; ++k) x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = rows[i].unit[k];
    y[static_cast<Eigen::Index>(i)] = rows[i].ok ? std::log(rows[i].objective) : worst + 1;
  }
}

nlohmann::json params_of(const TuneSpec& s, const std::vector<double>& unit) {
  nlohmann::json p = nlohmann::json::object();
  for (size_t k = 0; k < s.dims.size(); ++k) p[s.dims[k].name] = from_unit(s.dims[k], unit[k]);
  return p;
}

}  // namespace

nlohmann::json TuneSpec::identity() const {
  nlohmann::json d = nlohmann::json::array();
  for (const Dimension& x : dims) d.push_back({{"name", x.name}, {"lo", x.lo}, {"hi", x.hi}, {"log", x.log}});
  return {{"dims", d}, {"initial", initial}, {"seed", seed}, {"context", context}};
}

void check_spec(const TuneSpec& s, const std::string& w) {
  if (s.dims.empty()) throw InputError(w + ": no dimension to search");
  for (const Dimension& d : s.dims) {
    std::ostringstream m;
    if (!(std::isfinite(d.lo) && std::isfinite(d.hi) && d.lo < d.hi))
      m << w << ": " << d.name << " range [" << d.lo << ", " << d.hi << "] is empty (allowed: lo < hi, finite)";
    else if (d.log && d.lo <= 0)
      m << w << ": " << d.name << " range [" << d.lo << ", " << d.hi << "] is searched in log and must be positive";
    if (!m.str().empty()) throw InputError(m.str());
  }
  auto count = [&](const char* name, size_t v, size_t lo, size_t hi) {
    if (v < lo || v > hi)
      throw InputError(w + ": " + name + " = " + std::to_string(v) + " is out of range (allowed: " + std::to_string(lo) +
                       ".." + std::to_string(hi) + ")");
  };
  count("--initial", s.initial, 2, 10000);
  count("--iterations", s.iterations, 0, 10000);
  count("--batch", s.batch, 1, 1024);
}

double from_unit(const Dimension& d, double u) {
  u = std::clamp(u, 0.0, 1.0);
  return d.log ? std::exp(std::log(d.lo) + u * (std::log(d.hi) - std::log(d.lo))) : d.lo + u * (d.hi - d.lo);
}

std::vector<double> best_so_far(const std::vector<Evaluation>& rows) {
  std::vector<double> out;
  double best = std::numeric_limits<double>::infinity();
  for (const Evaluation& e : rows) {
    if (e.ok) best = std::min(best, e.objective);
    out.push_back(best);
  }
  return out;
}

TuneSummary run_tune(const TuneSpec& spec, const std::string& db_path, const Objective& objective,
                     const TuneOptions& opt) {
  check_spec(spec, "tune");
  const auto start = Clock::now();
  TuneDb db(db_path, spec.identity());
  std::map<size_t, Evaluation> done;
  for (Evaluation& e : db.rows()) done.emplace(e.index, std::move(e));
  // Iteration it (1, 2, ...) has the size it was proposed with, or --batch if it is new.
  std::vector<size_t> sizes = db.batches();
  const auto size_of = [&](size_t it) {
    return it == 0 ? spec.initial : it <= sizes.size() ? sizes[it - 1] : spec.batch;
  };
  TuneSummary s;
  for (size_t it = 0; it <= spec.iterations; ++it) s.evaluations += size_of(it);
  const size_t d = spec.dims.size();

  const EvaluateOne one = [&](const Pending& p) {
    Evaluation e = p.e;
    const auto t = Clock::now();
    ObjectiveResult r;
    try {
      r = objective(e.params, e.index);
    } catch (const InputError& err) {  // the objective cannot be computed here: a row that says why
      r.ok = false, r.error = err.what();
    }
    if (r.ok && !(r.objective > 0 && std::isfinite(r.objective)))
      r.ok = false, r.error = "objective " + std::to_string(r.objective) + " is not a positive number";
    e.ok = r.ok, e.objective = r.ok ? r.objective : 0, e.metrics = r.metrics, e.error = r.error;
    e.eval_seconds = since(t);
    return e;
  };
  std::mutex m;
  const std::function<void(const Evaluation&)> commit = [&](const Evaluation& e) {
    std::lock_guard<std::mutex> lock(m);
    db.insert(e);
    done.emplace(e.index, e);
    ++s.ran;
    if (!e.ok) ++s.failed;
    if (opt.on_eval) opt.on_eval(e, done.size(), s.evaluations);
  };
  const EvaluateBatch batch_runner =
      opt.evaluate_batch ? opt.evaluate_batch
                         : EvaluateBatch([&](const std::vector<Pending>& pts, const EvaluateOne& f,
                                             const std::function<void(const Evaluation&)>& c) {
                             parallel_each(pts.size(), opt.threads, [&](size_t i) { c(f(pts[i])); });
                           });

  const Eigen::MatrixXd design = latin_hypercube(spec.initial, d, spec.seed);
  for (size_t it = 0, first = 0; it <= spec.iterations; ++it) {
    const size_t count = size_of(it);
    std::vector<Pending> todo;
    bool all_done = true;
    for (size_t i = first; i < first + count; ++i) all_done = all_done && done.count(i);
    if (!all_done) {
      std::vector<Pending> points(count);
      double gp_seconds = 0;
      if (it == 0) {
        for (size_t i = 0; i < count; ++i) {
          const Eigen::VectorXd u = design.row(static_cast<Eigen::Index>(i)).transpose();
          points[i].e.unit.assign(u.data(), u.data() + d);
        }
      } else {
        const auto t = Clock::now();
        std::vector<Evaluation> prior;
        for (size_t i = 0; i < first; ++i) prior.push_back(done.at(i));
        if (std::none_of(prior.begin(), prior.end(), [](const Evaluation& e) { return e.ok; }))
          throw InputError("tune: the objective could not be computed at any of the first " + std::to_string(first) +
                           " points (the first: " + prior.front().error + ")");
        Eigen::MatrixXd x;
        Eigen::VectorXd y;
        observations(prior, d, x, y);
        GaussianProcess gp;
        gp.fit_optimised(x, y);
        if (it > sizes.size()) {  // a new iteration: its size stored before any of its rows
          sizes.push_back(count);
          db.set_batches(sizes);
        }
        ProposeOptions po;
        po.batch = count;
        po.seed = spec.seed * 1000003 + it;
        const std::vector<Proposal> props = propose(gp, po);
        for (size_t i = 0; i < count; ++i) {
          points[i].e.unit.assign(props[i].x.data(), props[i].x.data() + d);
          points[i].e.expected_improvement = props[i].expected_improvement;
        }
        gp_seconds = since(t);
        s.gp_seconds += gp_seconds;
      }
      for (size_t i = 0; i < count; ++i) {
        Pending& p = points[i];
        p.e.index = first + i, p.e.iteration = it, p.e.gp_seconds = gp_seconds;
        p.e.params = params_of(spec, p.e.unit);
        if (!done.count(p.e.index)) todo.push_back(p);
      }
      s.skipped += count - todo.size();
      batch_runner(todo, one, commit);
      throw_if_interrupted();
    } else {
      s.skipped += count;
    }
    first += count;
  }
  s.best.objective = std::numeric_limits<double>::infinity();
  for (const auto& [i, e] : done) {
    s.eval_seconds += e.eval_seconds;
    if (e.ok && e.objective < s.best.objective) s.best = e;
  }
  s.seconds = since(start);
  return s;
}

}  // namespace nmx::tune
