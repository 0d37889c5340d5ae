// Speed of the chip levels on the benchmark workload (bench/bench_workload.hpp): the same
// samples through L1, L2 (SystemC) and L3 (Verilated RTL) in one run, one thread each, at
// equal cycle counts (L2 = L3 cycle for cycle, checked); optionally also L3 with the samples
// dealt out to several sized chips on threads. Elaborates one SystemC chip: call it once per
// process.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "bench/bench_workload.hpp"

namespace nmx {

struct BenchLevelsResult {
  uint32_t cores = 0;
  // all samples: L1 and L2
  uint64_t steps = 0, cycles = 0;
  double l1_seconds = 0, l2_seconds = 0;
  // the first rtl_samples: all three levels
  uint64_t rtl_cycles = 0;
  double rtl_l1_seconds = 0, rtl_l2_seconds = 0, rtl_l3_seconds = 0;
  // with BenchOptions::sized_chip: L3 on the chip Verilated for the workload, same samples
  double rtl_l3_sized_seconds = 0;
  // with BenchOptions::rtl_chips > 1: the same samples dealt out to that many sized chips
  unsigned sized_chips = 0;
  double rtl_l3_sized_parallel_seconds = 0;

  double l2_steps_per_second() const { return steps / l2_seconds; }
  double l2_cycles_per_second() const { return cycles / l2_seconds; }
  double l3_cycles_per_second() const { return rtl_cycles / rtl_l3_seconds; }
  double speed_l2_over_l3() const { return rtl_l3_seconds / rtl_l2_seconds; }
  double speed_l1_over_l3() const { return rtl_l3_seconds / rtl_l1_seconds; }
  bool has_sized() const { return rtl_l3_sized_seconds > 0; }
  double l3_sized_cycles_per_second() const { return rtl_cycles / rtl_l3_sized_seconds; }
  double speed_sized_over_builtin() const { return rtl_l3_seconds / rtl_l3_sized_seconds; }
  double speed_l2_over_sized() const { return rtl_l3_sized_seconds / rtl_l2_seconds; }
  bool has_parallel() const { return rtl_l3_sized_parallel_seconds > 0; }
  double l3_sized_parallel_cycles_per_second() const { return rtl_cycles / rtl_l3_sized_parallel_seconds; }
  double speed_parallel_over_sized() const { return rtl_l3_sized_seconds / rtl_l3_sized_parallel_seconds; }
};

BenchLevelsResult bench_levels(const BenchOptions& opt);
nlohmann::json to_json(const BenchLevelsResult& r, const BenchOptions& opt);

}  // namespace nmx
