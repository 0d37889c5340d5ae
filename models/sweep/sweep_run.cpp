#include "sweep/sweep_run.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "data/dataset.hpp"
#include "map/chip_image.hpp"
#include "net/network_io.hpp"
#include "run/runner.hpp"

namespace nmx {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

std::string point_key(const SweepSpec& spec, const SweepPoint& p) { return spec.network + " " + p.key(); }

SweepRow run_point(const SweepSpec& spec, const Network& net, const Dataset& data, const SweepPoint& p) {
  const auto start = Clock::now();
  QuantizeReport rep;
  const Network q = quantize_for_chip(net, p.quant, p.hw, &rep);
  const ChipImage chip = build_chip_image(q, p.hw, spec.network);
  RunOptions o;
  o.level = spec.level;
  o.threads = 1;  // parallel across points
  o.estimate_timing = true;
  const RunReport r = run_dataset(q, spec.level == Level::Fixed ? &chip : nullptr, data, o);
  SweepRow row;
  row.network = spec.network;
  row.key = point_key(spec, p);
  for (const auto& [k, v] : p.params) row.params[k] = v;
  row.accuracy = r.accuracy;
  row.accuracy_l0 = r.compared ? r.accuracy_l0 : r.accuracy;
  row.prediction_agreement = r.prediction_agreement;
  row.spike_agreement = r.spike_agreement;
  for (const auto& pop : r.populations) row.spikes_per_sample += pop.spikes_per_sample;
  row.synaptic_events_per_sample = r.synaptic_events_per_sample;
  row.bits_per_synapse = chip.memory_bits_per_synapse();
  row.cycles_per_sample = r.estimated_cycles_per_sample;
  row.energy_nj_per_sample = r.energy_nj_per_sample;
  row.cores = static_cast<uint32_t>(chip.cores.size());
  row.clipped_delays = static_cast<uint32_t>(rep.clipped_delays);
  row.samples = static_cast<uint32_t>(r.samples);
  row.wall_seconds = since(start);
  return row;
}

SweepInputs prepare_sweep(const SweepSpec& spec) {
  SweepInputs in{sweep_points(spec), read_network(spec.network),
                 load_dataset(spec.data, spec.split == "train" ? Split::Train : Split::Test, spec.limit, spec.data_dir)};
  for (const SweepPoint& p : in.points)
    build_chip_image(quantize_for_chip(in.network, p.quant, p.hw), p.hw, spec.network);
  return in;
}

SweepSummary run_sweep(const SweepSpec& spec, const std::string& db_path, const SweepOptions& opt) {
  const auto start = Clock::now();
  // Everything that can fail on input fails here, before any point runs.
  const SweepInputs in = prepare_sweep(spec);
  const std::vector<SweepPoint>& points = in.points;
  const Network& net = in.network;
  const Dataset& data = in.data;
  SweepDb db(db_path);

  const std::set<std::string> done = db.finished_keys();
  std::vector<const SweepPoint*> todo;
  for (const SweepPoint& p : points)
    if (!done.count(point_key(spec, p))) todo.push_back(&p);
  SweepSummary s;
  s.points = points.size();
  s.skipped = points.size() - todo.size();

  unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, todo.size())));
  std::atomic<size_t> next{0};
  std::mutex report;
  std::exception_ptr failure;
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < threads; ++w)
    pool.emplace_back([&] {
      for (size_t i; (i = next.fetch_add(1)) < todo.size();) {
        try {
          const SweepRow row = run_point(spec, net, data, *todo[i]);
          const auto t = Clock::now();
          db.insert(row);
          std::lock_guard<std::mutex> lock(report);
          s.db_seconds += since(t);
          ++s.ran;
          if (opt.on_point) opt.on_point(row, s.skipped + s.ran, s.points);
        } catch (...) {
          std::lock_guard<std::mutex> lock(report);
          if (!failure) failure = std::current_exception();
          next = todo.size();
        }
      }
    });
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  s.seconds = since(start);
  return s;
}

}  // namespace nmx
