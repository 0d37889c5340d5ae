#include "sweep/sweep_run.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/worker_pool.hpp"
#include "data/dataset.hpp"
#include "map/chip_image.hpp"
#include "net/network_io.hpp"
#include "run/runner.hpp"

namespace nmx {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

Split split_of(const std::string& s) { return s == "train" ? Split::Train : Split::Test; }

// The network a point runs: reseeded when the sweep has a seed axis.
const Network& seeded(const Network& net, const SweepPoint& p, Network& copy) {
  if (!p.seeded) return net;
  copy = net;
  reseed(copy, p.seed);
  return copy;
}

}  // namespace

void parallel_each(size_t n, unsigned threads, const std::function<void(size_t)>& fn) {
  std::atomic<size_t> next{0};
  try {
    run_workers(worker_count(threads, n), [&](unsigned, const std::atomic<bool>& failed) {
      for (size_t i; !interrupted() && !failed && (i = next.fetch_add(1)) < n;) fn(i);
    });
  } catch (...) {
    throw_if_interrupted();  // an interrupt first: the finished points are committed, a re-run resumes
    throw;
  }
  throw_if_interrupted();
}

const Network& SweepInputs::network_for(const SweepPoint& p) const { return networks.at(p.train_seed); }

std::string point_key(const SweepSpec& spec, const SweepPoint& p) { return spec.network_name() + " " + p.key(); }

SweepRow run_point(const SweepSpec& spec, const Network& net, const Dataset& data, const SweepPoint& p,
                   const ChipLevelModel* chip_model) {
  const auto start = Clock::now();
  QuantizeReport rep;
  Network copy;
  const Network q = quantize_for_chip(seeded(net, p, copy), p.quant, p.hw, &rep);
  const ChipImage chip = build_chip_image(q, p.hw, spec.network_name());
  RunOptions o;
  o.level = spec.level;
  o.threads = 1;  // parallel across points
  o.estimate_timing = spec.level == Level::Fixed;
  if (chip_model) o.make_chip = chip_model->make, o.single_instance = true;
  const RunReport r = run_dataset(q, is_chip_level(spec.level) ? &chip : nullptr, data, o);
  SweepRow row;
  row.network = spec.network_name();
  row.key = point_key(spec, p);
  row.level = to_string(spec.level);
  for (const auto& [k, v] : p.params) row.params[k] = v;
  row.accuracy = r.accuracy;
  row.accuracy_l0 = r.compared ? r.accuracy_l0 : r.accuracy;
  row.prediction_agreement = r.prediction_agreement;
  row.spike_agreement = r.spike_agreement;
  for (const auto& pop : r.populations) row.spikes_per_sample += pop.spikes_per_sample;
  row.synaptic_events_per_sample = r.synaptic_events_per_sample;
  row.bits_per_synapse = chip.memory_bits_per_synapse();
  if (r.timing_estimated) {
    row.timing = "estimated";
    row.cycles_per_sample = r.estimated_cycles_per_sample;
    row.energy_nj_per_sample = r.energy_nj_per_sample;
  }
  if (chip_model && chip_model->record_timing) chip_model->record_timing(row);
  row.cores = static_cast<uint32_t>(chip.cores.size());
  row.clipped_delays = static_cast<uint32_t>(rep.clipped_delays);
  row.samples = static_cast<uint32_t>(r.samples);
  row.wall_seconds = since(start);
  return row;
}

SweepRow run_point(const SweepSpec& spec, const SweepInputs& in, const SweepPoint& p, const SweepOptions& opt) {
  if (spec.level == Level::SystemC) return opt.systemc.run(spec, in.network_for(p), in.data, p);
  return run_point(spec, in.network_for(p), in.data, p);
}

SweepInputs prepare_sweep(const SweepSpec& spec, const SweepOptions& opt) {
  if (spec.level == Level::SystemC && !opt.systemc.run)
    throw InputError(spec.source + ": level systemc needs an L2 point runner (nmx sweep provides one)");
  if (spec.area && !opt.area.synthesize)
    throw InputError(spec.source + ": area needs a synthesis provider (nmx sweep provides one)");
  SweepInputs in;
  in.points = sweep_points(spec);
  if (spec.area)
    for (const SweepPoint& p : in.points) opt.area.check(p.hw);
  std::map<uint64_t, Network> shapes;  // what each point's chip is checked with
  if (spec.train) {
    const DelayTrainOptions& t = spec.train->options;
    load_dataset(t.dataset, Split::Train, 1, t.data_dir);  // the training data is there
    for (const SweepPoint& p : in.points)
      if (!shapes.count(p.train_seed)) shapes[p.train_seed] = untrained_network(*spec.train, p.train_seed);
  } else {
    in.networks[0] = read_network(spec.network);
  }
  in.data = load_dataset(spec.data, split_of(spec.split), spec.limit, spec.data_dir);
  for (const SweepPoint& p : in.points) {
    Network copy;
    const Network& net = seeded(spec.train ? shapes.at(p.train_seed) : in.networks.at(0), p, copy);
    const ChipImage chip = build_chip_image(quantize_for_chip(net, p.quant, p.hw), p.hw, spec.network_name());
    if (spec.level == Level::SystemC && opt.systemc.check) opt.systemc.check(chip);
  }
  return in;
}

std::string trained_network_dir(const std::string& db_path) { return db_path + ".networks"; }

void load_networks(const SweepSpec& spec, const std::string& db_path, const SweepOptions& opt, SweepInputs& in,
                   size_t* trained) {
  if (!spec.train) return;
  for (const SweepPoint& p : in.points) {
    if (in.networks.count(p.train_seed)) continue;
    const auto start = Clock::now();
    bool fresh = false;
    in.networks[p.train_seed] =
        trained_network(*spec.train, p.train_seed, trained_network_dir(db_path), opt.threads, &fresh);
    if (trained) *trained += fresh;
    if (opt.on_progress) {
      char line[256];
      std::snprintf(line, sizeof line, "%s trainer seed %llu: %s (%.1f s)", fresh ? "trained" : "cached",
                    static_cast<unsigned long long>(p.train_seed),
                    trained_network_path(*spec.train, p.train_seed, trained_network_dir(db_path)).c_str(), since(start));
      opt.on_progress(line);
    }
  }
}

std::string core_key(const HwConfig& hw, const AreaProvider& area) {
  return nlohmann::json{{"neurons", hw.core.neurons}, {"axons", hw.core.axons}, {"delay_slots", hw.core.delay_slots},
                        {"lanes", hw.core.lanes}, {"library", area.library}}
      .dump();
}

size_t synthesise_areas(const SweepSpec& spec, const std::vector<SweepPoint>& points, SweepDb& db,
                        const SweepOptions& opt) {
  if (!spec.area) return 0;
  const auto have = db.areas();
  std::map<std::string, const HwConfig*> missing;
  for (const SweepPoint& p : points) {
    const std::string k = core_key(p.hw, opt.area);
    if (!have.count(k)) missing.emplace(k, &p.hw);
  }
  std::vector<std::pair<std::string, const HwConfig*>> todo(missing.begin(), missing.end());
  std::mutex m;
  parallel_each(todo.size(), opt.threads, [&](size_t i) {
    const CoreArea a = opt.area.synthesize(*todo[i].second);
    db.insert_area(todo[i].first, a);
    std::lock_guard<std::mutex> lock(m);
    if (opt.on_progress) {
      char line[512];
      std::snprintf(line, sizeof line, "synthesised core %s: %.4f mm^2 logic, %llu cells, %llu memory bits (%.0f s)",
                    todo[i].first.c_str(), a.area_mm2, static_cast<unsigned long long>(a.cells),
                    static_cast<unsigned long long>(a.memory_bits), a.seconds);
      opt.on_progress(line);
    }
  });
  return todo.size();
}

void attach_area(const SweepPoint& p, const AreaProvider& area, const std::map<std::string, CoreArea>& areas,
                 SweepRow& row) {
  row.has_area = true;
  row.core = areas.at(core_key(p.hw, area));
  row.area_mm2 = row.cores * row.core.area_mm2;
}

SweepSummary run_sweep(const SweepSpec& spec, const std::string& db_path, const SweepOptions& opt) {
  const auto start = Clock::now();
  // Everything that can fail on input fails here, before any point runs or any file is written.
  SweepInputs in = prepare_sweep(spec, opt);
  SweepDb db(db_path);
  SweepSummary s;
  load_networks(spec, db_path, opt, in, &s.trained);
  s.synthesised = synthesise_areas(spec, in.points, db, opt);
  const auto areas = db.areas();

  const std::set<std::string> done = db.finished_keys();
  std::vector<const SweepPoint*> todo;
  for (const SweepPoint& p : in.points)
    if (!done.count(point_key(spec, p))) todo.push_back(&p);
  s.points = in.points.size();
  s.skipped = in.points.size() - todo.size();

  std::mutex report;
  parallel_each(todo.size(), opt.threads, [&](size_t i) {
    SweepRow row = run_point(spec, in, *todo[i], opt);
    if (spec.area) attach_area(*todo[i], opt.area, areas, row);
    const auto t = Clock::now();
    db.insert(row);
    std::lock_guard<std::mutex> lock(report);
    s.db_seconds += since(t);
    ++s.ran;
    if (opt.on_point) opt.on_point(row, s.skipped + s.ran, s.points);
  });
  s.seconds = since(start);
  return s;
}

}  // namespace nmx
