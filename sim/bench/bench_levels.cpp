#include "bench/bench_levels.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/worker_pool.hpp"
#include "l1/chip_l1.hpp"
#include "l2/chip_model_l2.hpp"
#include "l3/chip_l3.hpp"

namespace nmx {
namespace {

using Samples = std::vector<std::vector<std::vector<uint32_t>>>;

// The samples dealt out in order to `chips` L3 chips, one thread each. Every chip is built and
// loaded before the clock starts; the time ends when the last sample is done. Adds the chips'
// cycles to `cycles`.
double time_samples_parallel(const ChipImage& chip, const l3::L3Options& o, const Samples& samples, unsigned chips,
                             uint64_t& cycles) {
  std::atomic<size_t> next{0};
  std::atomic<unsigned> ready{0};
  std::atomic<bool> go{false};
  std::atomic<uint64_t> total{0};
  std::chrono::steady_clock::time_point start;
  run_workers(
      chips,
      [&](unsigned, const std::atomic<bool>& failed) {
        l3::ChipL3 l3(chip, o);
        uint64_t mine = 0;
        l3.set_cycle_hook([&] { ++mine; });
        ready.fetch_add(1);
        while (!go.load() && !failed) std::this_thread::yield();
        for (size_t i; !failed && (i = next.fetch_add(1)) < samples.size();) run_sample(l3, samples[i]);
        total.fetch_add(mine);
      },
      [&] {  // the clock starts when every chip is loaded
        if (ready.load() < chips) return true;
        start = std::chrono::steady_clock::now();
        go = true;
        return false;
      });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cycles += total.load();
  return seconds;
}

}  // namespace

BenchLevelsResult bench_levels(const BenchOptions& opt) {
  const BenchWorkload w = make_bench_workload(opt);
  ChipL1 l1(w.chip);
  l2::L2Options o;
  o.lockstep_l1 = false;  // each level alone
  l2::ChipModelL2 l2(w.chip, o);
  l3::ChipL3 l3(w.chip);
  uint64_t l3_cycles = 0;
  l3.set_cycle_hook([&] { ++l3_cycles; });
  BenchLevelsResult r;
  r.cores = static_cast<uint32_t>(w.chip.cores.size());
  const std::vector<std::vector<std::vector<uint32_t>>> first(
      w.samples.begin(), w.samples.begin() + std::min<size_t>(opt.rtl_samples, w.samples.size()));
  auto done = [&](size_t k) {
    if (opt.progress) opt.progress(k, opt.bench_levels_runs());
  };
  r.rtl_l1_seconds = time_samples(l1, first);
  done(1);
  r.rtl_l2_seconds = time_samples(l2, first);
  done(2);
  r.rtl_l3_seconds = time_samples(l3, first);
  done(3);
  r.rtl_cycles = l2.totals().cycles;
  if (r.rtl_cycles != l3_cycles)
    throw std::runtime_error("bench: L2 and L3 disagree on the cycle count (" + std::to_string(r.rtl_cycles) + " vs " +
                             std::to_string(l3_cycles) + "); run nmx check");
  size_t run = 3;
  if (opt.sized_chip) {
    l3::L3Options so;
    so.chip = opt.sized_chip(w.chip);
    l3::ChipL3 sized(w.chip, so);
    uint64_t sized_cycles = 0;
    sized.set_cycle_hook([&] { ++sized_cycles; });
    r.rtl_l3_sized_seconds = time_samples(sized, first);
    if (sized_cycles != r.rtl_cycles)
      throw std::runtime_error("bench: the sized L3 chip disagrees with L2 on the cycle count (" +
                               std::to_string(sized_cycles) + " vs " + std::to_string(r.rtl_cycles) + "); run nmx check");
    done(++run);
    if (opt.parallel_run()) {
      uint64_t parallel_cycles = 0;
      r.sized_chips = opt.rtl_chips;
      r.rtl_l3_sized_parallel_seconds = time_samples_parallel(w.chip, so, first, opt.rtl_chips, parallel_cycles);
      if (parallel_cycles != r.rtl_cycles)
        throw std::runtime_error("bench: the sized L3 chips on threads disagree with L2 on the cycle count (" +
                                 std::to_string(parallel_cycles) + " vs " + std::to_string(r.rtl_cycles) + ")");
      done(++run);
    }
  }
  r.l1_seconds = time_samples(l1, w.samples);
  done(++run);
  r.l2_seconds = time_samples(l2, w.samples);
  done(++run);
  r.steps = l2.totals().steps - first.size() * opt.steps;
  r.cycles = l2.totals().cycles - r.rtl_cycles;
  return r;
}

nlohmann::json to_json(const BenchLevelsResult& r, const BenchOptions& opt) {
  return {{"network", "784-800-10 ternary, D = 16"},
          {"cores", r.cores},
          {"samples", opt.samples},
          {"steps_per_sample", opt.steps},
          {"input_rate", opt.input_rate},
          {"simulated_cycles", r.cycles},
          {"l1_seconds", r.l1_seconds},
          {"l2_seconds", r.l2_seconds},
          {"l2_simulated_steps_per_second", r.l2_steps_per_second()},
          {"l2_simulated_cycles_per_second", r.l2_cycles_per_second()},
          {"l2_simulated_core_cycles_per_second", r.l2_cycles_per_second() * r.cores},
          {"wall_l2_over_l1", r.l2_seconds / r.l1_seconds},
          {"rtl_samples", opt.rtl_samples},
          {"rtl_simulated_cycles", r.rtl_cycles},
          {"rtl_l1_seconds", r.rtl_l1_seconds},
          {"rtl_l2_seconds", r.rtl_l2_seconds},
          {"rtl_l3_seconds", r.rtl_l3_seconds},
          {"l3_simulated_cycles_per_second", r.l3_cycles_per_second()},
          {"speed_l2_over_l3", r.speed_l2_over_l3()},
          {"speed_l1_over_l3", r.speed_l1_over_l3()},
          {"rtl_l3_sized_seconds", r.has_sized() ? nlohmann::json(r.rtl_l3_sized_seconds) : nlohmann::json()},
          {"l3_sized_simulated_cycles_per_second",
           r.has_sized() ? nlohmann::json(r.l3_sized_cycles_per_second()) : nlohmann::json()},
          {"sized_chips", r.has_parallel() ? nlohmann::json(r.sized_chips) : nlohmann::json()},
          {"rtl_l3_sized_parallel_seconds",
           r.has_parallel() ? nlohmann::json(r.rtl_l3_sized_parallel_seconds) : nlohmann::json()},
          {"l3_sized_parallel_simulated_cycles_per_second",
           r.has_parallel() ? nlohmann::json(r.l3_sized_parallel_cycles_per_second()) : nlohmann::json()}};
}

}  // namespace nmx
