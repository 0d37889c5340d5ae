#include "mpi/tune_mpi.hpp"

#include <chrono>

#include <boost/mpi.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include "core/error.hpp"
#include "sweep/sweep_run.hpp"

namespace nmx {
namespace {

constexpr int kBatchTag = 11, kRowTag = 12;

}  // namespace

tune::TuneSummary run_tune_mpi(const tune::TuneSpec& spec, const std::string& db_path, const tune::Objective& objective,
                               const tune::TuneOptions& opt, int* rank_out) {
  static boost::mpi::environment env(boost::mpi::threading::funneled);
  boost::mpi::communicator world;
  const int rank = world.rank(), size = world.size();
  *rank_out = rank;
  tune::TuneSummary s;
  // The point evaluator the workers use: run_tune's own (objective errors become rows).
  auto evaluate = [&](const tune::Evaluation& p) {
    tune::Evaluation e = p;
    const auto t = std::chrono::steady_clock::now();
    tune::ObjectiveResult r;
    try {
      r = objective(e.params, e.index);
    } catch (const InputError& err) {
      r.ok = false, r.error = err.what();
    }
    e.ok = r.ok, e.objective = r.ok ? r.objective : 0, e.metrics = r.metrics, e.error = r.error;
    e.eval_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    return e;
  };
  if (rank != 0) {
    for (;;) {  // a batch as JSON (empty: the tune is over), its points dealt by position
      std::string text;
      boost::mpi::broadcast(world, text, 0);
      if (text.empty()) return s;
      const nlohmann::json batch = nlohmann::json::parse(text);
      for (size_t i = static_cast<size_t>(rank); i < batch.size(); i += static_cast<size_t>(size)) {
        world.send(0, kRowTag, to_json(evaluate(tune::evaluation_from_json(batch[i]))).dump());
        ++s.ran;
      }
    }
  }
  tune::TuneOptions o = opt;
  o.evaluate_batch = [&](const std::vector<tune::Pending>& pts, const tune::EvaluateOne& one,
                         const std::function<void(const tune::Evaluation&)>& commit) {
    nlohmann::json batch = nlohmann::json::array();
    for (const tune::Pending& p : pts) batch.push_back(to_json(p.e));
    std::string text = batch.dump();
    if (pts.empty()) return;
    boost::mpi::broadcast(world, text, 0);
    std::vector<size_t> mine;
    for (size_t i = 0; i < pts.size(); i += static_cast<size_t>(size)) mine.push_back(i);
    parallel_each(mine.size(), opt.threads, [&](size_t k) { commit(one(pts[mine[k]])); });
    const size_t others = pts.size() - mine.size();
    for (size_t k = 0; k < others; ++k) {
      std::string row;
      world.recv(boost::mpi::any_source, kRowTag, row);
      commit(tune::evaluation_from_json(nlohmann::json::parse(row)));
    }
  };
  try {
    s = tune::run_tune(spec, db_path, objective, o);
  } catch (...) {
    std::string stop;
    boost::mpi::broadcast(world, stop, 0);
    throw;
  }
  std::string stop;
  boost::mpi::broadcast(world, stop, 0);
  return s;
}

}  // namespace nmx
