#include "mpi/sweep_mpi.hpp"

#include <chrono>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <boost/mpi.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

namespace nmx {
namespace {

constexpr int kRowTag = 1, kDoneTag = 2;
using Clock = std::chrono::steady_clock;

}  // namespace

bool launched_by_mpirun() {
  const char* n = std::getenv("OMPI_COMM_WORLD_SIZE");
  return n && std::atoi(n) > 1;
}

SweepSummary run_sweep_mpi(const SweepSpec& spec, const std::string& db_path, const SweepOptions& opt, int* rank_out) {
  static boost::mpi::environment env(boost::mpi::threading::funneled);
  boost::mpi::communicator world;
  const int rank = world.rank(), size = world.size();
  *rank_out = rank;
  const auto start = Clock::now();
  SweepInputs in = prepare_sweep(spec, opt);  // every rank checks its inputs
  SweepSummary s;

  // Rank 0 opens the database, trains (or finds cached) networks, synthesises areas, and
  // tells everyone which points are left; the others then read the networks it cached.
  std::unique_ptr<SweepDb> db;
  std::vector<int> todo;
  std::map<std::string, CoreArea> areas;
  if (rank == 0) {
    db = std::make_unique<SweepDb>(db_path);
    load_networks(spec, db_path, opt, in, &s.trained);
    s.synthesised = synthesise_areas(spec, in.points, *db, opt);
    areas = db->areas();
    const auto done = db->finished_keys();
    for (size_t i = 0; i < in.points.size(); ++i)
      if (!done.count(point_key(spec, in.points[i]))) todo.push_back(static_cast<int>(i));
  }
  boost::mpi::broadcast(world, todo, 0);
  if (rank != 0) {  // the networks rank 0 cached; only rank 0 prints
    SweepOptions quiet = opt;
    quiet.on_progress = nullptr;
    load_networks(spec, db_path, quiet, in);
  }
  s.points = in.points.size();
  s.skipped = s.points - todo.size();

  std::vector<int> mine;
  for (size_t k = rank; k < todo.size(); k += size) mine.push_back(todo[k]);

  if (rank != 0) {
    for (int i : mine) world.send(0, kRowTag, to_json(run_point(spec, in, in.points[i], opt)).dump());
    world.send(0, kDoneTag, 0);
    s.ran = mine.size();
    return s;
  }

  // Rank 0: its own share on a thread; rows from every rank committed as they arrive.
  std::mutex m;
  std::deque<SweepRow> local;
  bool local_done = mine.empty();
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      for (int i : mine) {
        SweepRow r = run_point(spec, in, in.points[i], opt);
        std::lock_guard<std::mutex> lock(m);
        local.push_back(std::move(r));
      }
    } catch (...) {
      failure = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(m);
    local_done = true;
  });
  int ranks_done = 1;  // rank 0 itself is counted by local_done
  std::map<std::string, const SweepPoint*> by_key;
  for (const SweepPoint& p : in.points) by_key[point_key(spec, p)] = &p;
  auto commit = [&](SweepRow r) {
    if (spec.area) attach_area(*by_key.at(r.key), opt.area, areas, r);
    const auto t = Clock::now();
    db->insert(r);
    s.db_seconds += std::chrono::duration<double>(Clock::now() - t).count();
    ++s.ran;
    if (opt.on_point) opt.on_point(r, s.skipped + s.ran, s.points);
  };
  for (;;) {
    bool idle = true;
    if (auto st = world.iprobe(boost::mpi::any_source, boost::mpi::any_tag)) {
      idle = false;
      if (st->tag() == kRowTag) {
        std::string text;
        world.recv(st->source(), kRowTag, text);
        commit(sweep_row_from_json(nlohmann::json::parse(text)));
      } else {
        int dummy;
        world.recv(st->source(), kDoneTag, dummy);
        ++ranks_done;
      }
    }
    std::deque<SweepRow> ready;
    bool finished;
    {
      std::lock_guard<std::mutex> lock(m);
      ready.swap(local);
      finished = local_done;
    }
    for (const auto& r : ready) commit(r), idle = false;
    if (finished && ready.empty() && ranks_done == size) break;
    if (idle) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  worker.join();
  if (failure) std::rethrow_exception(failure);
  s.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return s;
}

}  // namespace nmx
