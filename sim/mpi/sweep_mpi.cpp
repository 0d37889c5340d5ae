#include "mpi/sweep_mpi.hpp"

#include <chrono>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

#include <boost/mpi.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

namespace nmx {
namespace {

constexpr int kRowTag = 1, kDoneTag = 2;
using Clock = std::chrono::steady_clock;

nlohmann::json row_json(const SweepRow& r) {
  return {{"key", r.key},
          {"network", r.network},
          {"params", r.params},
          {"v", {r.accuracy, r.accuracy_l0, r.prediction_agreement, r.spike_agreement, r.spikes_per_sample,
                 r.synaptic_events_per_sample, r.bits_per_synapse, r.wall_seconds, r.cycles_per_sample,
                 r.energy_nj_per_sample}},
          {"n", {r.cores, r.clipped_delays, r.samples}}};
}

SweepRow row_from(const nlohmann::json& j) {
  SweepRow r;
  r.key = j["key"], r.network = j["network"], r.params = j["params"];
  const auto& v = j["v"];
  r.accuracy = v[0], r.accuracy_l0 = v[1], r.prediction_agreement = v[2], r.spike_agreement = v[3];
  r.spikes_per_sample = v[4], r.synaptic_events_per_sample = v[5], r.bits_per_synapse = v[6], r.wall_seconds = v[7];
  r.cycles_per_sample = v[8], r.energy_nj_per_sample = v[9];
  r.cores = j["n"][0], r.clipped_delays = j["n"][1], r.samples = j["n"][2];
  return r;
}

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
  const SweepInputs in = prepare_sweep(spec);  // every rank checks its inputs

  // Rank 0 opens the database and tells everyone which points are left.
  std::unique_ptr<SweepDb> db;
  std::vector<int> todo;
  if (rank == 0) {
    db = std::make_unique<SweepDb>(db_path);
    const auto done = db->finished_keys();
    for (size_t i = 0; i < in.points.size(); ++i)
      if (!done.count(point_key(spec, in.points[i]))) todo.push_back(static_cast<int>(i));
  }
  boost::mpi::broadcast(world, todo, 0);
  SweepSummary s;
  s.points = in.points.size();
  s.skipped = s.points - todo.size();

  std::vector<int> mine;
  for (size_t k = rank; k < todo.size(); k += size) mine.push_back(todo[k]);

  if (rank != 0) {
    for (int i : mine) world.send(0, kRowTag, row_json(run_point(spec, in.network, in.data, in.points[i])).dump());
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
        SweepRow r = run_point(spec, in.network, in.data, in.points[i]);
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
  auto commit = [&](const SweepRow& r) {
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
        commit(row_from(nlohmann::json::parse(text)));
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
