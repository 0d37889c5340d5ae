// The chip-level benchmark's workload: the 784-800-10 ternary-delay network on the default
// chip (4+1 cores) and random input samples, and a timer that runs samples through any
// chip level. sim/bench/bench_levels.hpp runs L1, L2 and L3 on it in one process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "l3/rtl_chip.hpp"
#include "map/chip_image.hpp"
#include "level/chip_model.hpp"

namespace nmx {

struct BenchOptions {
  uint32_t samples = 100, steps = 50;
  uint32_t rtl_samples = 10;  // the first samples, run at all three levels for the L3 ratios
  double input_rate = 0.05;  // fraction of the 784 inputs spiking per step
  uint64_t seed = 1;
  std::function<void(size_t done, size_t total)> progress;  // runs finished so far, of bench_levels_runs()
  // Also time L3 on a chip Verilated for the workload (rtl_user/sized_chip.hpp), beside the
  // built-in one; returns its factory (it may build it: that time is not the chip's speed).
  std::function<l3::RtlChipFactory(const ChipImage&)> sized_chip;
  // With sized_chip and more than 1: also time the same samples dealt out to this many sized
  // chips, one thread each (as `nmx run --level rtl -j` and `nmx check -j` run them).
  unsigned rtl_chips = 0;
  bool parallel_run() const { return sized_chip && rtl_chips > 1; }
  size_t bench_levels_runs() const { return 5 + (sized_chip ? 1 : 0) + (parallel_run() ? 1 : 0); }
};

// The benchmark's chip (784-800-10, default hardware) and random input samples.
struct BenchWorkload {
  Network network;
  ChipImage chip;
  std::vector<std::vector<std::vector<uint32_t>>> samples;  // [sample][step] active inputs
};
BenchWorkload make_bench_workload(const BenchOptions& opt);
// Runs one sample through `model` from a reset.
void run_sample(ChipModel& model, const std::vector<std::vector<uint32_t>>& raster);
// Runs every sample through `model` (reset per sample); returns wall seconds.
double time_samples(ChipModel& model, const std::vector<std::vector<std::vector<uint32_t>>>& samples);

}  // namespace nmx
